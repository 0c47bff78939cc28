// `tavora-wasm/inline`: the same API as the default entry, with the .wasm
// bytes inlined in the JavaScript as base64 (about a third larger, and
// compiled only once the whole bundle is parsed), for setups that cannot
// serve a .wasm file. The bytes are compiled asynchronously
// (`WebAssembly.instantiate`): browsers refuse synchronous compiles of
// large modules on the main thread.
import { createEntry } from './core.js';
import base64 from './tavora_wasm_inline.js';

export * from './public.js';

function decode(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const { ready, TavoraClient } = createEntry(() => decode(base64));

// The `workerd` entry (Cloudflare Workers), which forbids compiling
// WebAssembly from bytes at run time: the .wasm is imported as a module,
// which workerd and wrangler give as a compiled `WebAssembly.Module`.
import { createEntry } from './core.js';
import compiled from './tavora_wasm_bg.wasm';

export * from './public.js';

export const { ready, TavoraClient } = createEntry(() => compiled);

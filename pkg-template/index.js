// The default entry: the .wasm is a file next to this one, found through
// `new URL(..., import.meta.url)`, which Vite and webpack 5 turn into a
// fingerprinted asset with no configuration (and which works as-is in a
// browser without a bundler). It is fetched and compiled (streaming, when
// served as application/wasm) by the first call that needs it.
import { createEntry } from './core.js';

export * from './public.js';

export const { ready, TavoraClient } = createEntry(
  () => new URL('./tavora_wasm_bg.wasm', import.meta.url),
);

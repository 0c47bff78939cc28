// The `edge-light` entry (Vercel's and Next.js's edge runtime), which
// forbids compiling WebAssembly from bytes at run time: the module is
// imported as a compiled `WebAssembly.Module`, the bundler's `?module`
// import.
import { createEntry } from './core.js';
import compiled from './tavora_wasm_bg.wasm?module';

export * from './public.js';

export const { ready, TavoraClient } = createEntry(() => compiled);

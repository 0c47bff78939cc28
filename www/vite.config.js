// The demo is bundled like any app using the SDK: `tavora-wasm` comes from
// node_modules (installed from the built tarball), its .wasm becomes a
// fingerprinted asset through `new URL(..., import.meta.url)`; no plugin.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});

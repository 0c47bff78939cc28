// `tavora-wasm/tavora_wasm_bg.wasm` is the raw WebAssembly module, for
// setups that serve it themselves (copy it to a static folder, a CDN, or
// take its URL with Vite's `?url` suffix) and pass its URL to `ready()`.
// It is no JavaScript module: importing it for bindings is not supported,
// so this file declares nothing.
export {};

// `tavora-wasm/inline` has exactly the API of `tavora-wasm`.
export * from './index.js';

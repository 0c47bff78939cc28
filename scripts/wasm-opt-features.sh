# Sourced by the scripts that run wasm-opt: the wasm features rustc's
# wasm32 output uses, so the package build and the size profile optimise
# the same module the same way.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

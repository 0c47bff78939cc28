# Sourced by the scripts that build the npm package's .wasm (the package
# build and the size profile), so both build and optimise the same module
# the same way.
#
# The package's .wasm is built with a pinned nightly, for size: std is
# rebuilt for this crate with its `optimize_for_size` implementations, and
# a panic traps at once (`panic=immediate-abort`), which takes the panic
# machinery, its messages and their source paths out of the module (the
# README's performance section has the sizes). A panic is a bug either way;
# it still stops the module, as `panic=abort` does, only without a console
# message. Rust users of the crate build on stable, with the profile in
# Cargo.toml. scripts/tools.sh installs the toolchain.
PACKAGE_TOOLCHAIN=nightly-2026-05-20

# Exports what makes `cargo build --release --target wasm32-unknown-unknown`
# (directly or through wasm-pack) build the package's way.
package_build_env() {
  export RUSTUP_TOOLCHAIN=$PACKAGE_TOOLCHAIN
  export RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
}

# The wasm features rustc's wasm32 output uses, for wasm-opt.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

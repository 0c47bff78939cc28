#!/usr/bin/env bash
# Installs what the build and tests need, idempotently, saying what it does.
# Only package registries are used: crates.io, npm, Debian apt.
#   tools.sh [--browser]   (--browser: also Chromium + ChromeDriver)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target (rustup)"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly that builds the npm package's .wasm (scripts/lib/release-build.sh).
source scripts/lib/release-build.sh
if ! rustup run "$PACKAGE_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$PACKAGE_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing $PACKAGE_TOOLCHAIN with rust-src (rustup; builds the package's .wasm)"
  rustup toolchain install "$PACKAGE_TOOLCHAIN" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly, or
# wasm-pack would try to download its own.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (cargo install; about 6 minutes)"
  cargo install wasm-bindgen-cli --version "$want"
fi
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (cargo install --locked; about 6 minutes)"
  cargo install --locked wasm-pack
fi

# npm dev tools, reinstalled only when the lock file changed.
if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  say "installing npm dev tools from package-lock.json (binaryen's wasm-opt, playwright-core, typescript)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if [ "$(id -u)" = 0 ]; then
      say "installing Debian's chromium and chromium-driver (apt-get)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      echo "Browser tests need Debian's 'chromium' and 'chromium-driver' packages:" >&2
      echo "  sudo apt-get install chromium chromium-driver" >&2
      exit 1
    fi
  fi
fi

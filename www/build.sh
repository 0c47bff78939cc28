#!/usr/bin/env bash
# Builds the demo page into www/dist with Vite, importing `tavora-wasm` from
# the built package (dist/tavora-wasm-<version>.tgz, made by `make package`)
# exactly as an app would.
#   www/build.sh              build
#   www/build.sh --if-needed  build only when www/dist is older than its inputs
set -euo pipefail
cd "$(dirname "$0")"
say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
die() { printf '\033[1m[demo]\033[0m error: %s\n' "$*" >&2; exit 1; }

version=$(awk -F'"' '/^version = /{print $2; exit}' ../Cargo.toml)
tgz="../dist/tavora-wasm-$version.tgz"
[ -f "$tgz" ] || die "$tgz is missing: build the package first (make package)"

if [ "${1:-}" = "--if-needed" ] && [ -f dist/index.html ] && [ -d node_modules/tavora-wasm ] &&
  [ -z "$(find src index.html vite.config.js package-lock.json "$tgz" -newer dist/index.html -print -quit)" ]; then
  say "www/dist is up to date"
  exit 0
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.tavora-demo-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci (www)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

# The SDK from the tarball, reinstalled whenever the tarball changes.
sdk_stamp=node_modules/.tavora-demo-sdk
sum=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ ! -d node_modules/tavora-wasm ] || [ "$(cat "$sdk_stamp" 2>/dev/null)" != "$sum" ]; then
  say "npm install --no-save $(basename "$tgz")"
  npm install --no-save --no-audit --no-fund --loglevel=error "$tgz"
  echo "$sum" > "$sdk_stamp"
fi

say "vite build -> www/dist"
node_modules/.bin/vite build --logLevel warn
[ -f dist/index.html ] || die "vite build produced no dist/index.html"

#!/usr/bin/env bash
# Builds the release wasm and assembles the npm package in dist/package,
# then packs it to dist/tavora-wasm-<version>.tgz.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m[package]\033[0m %s\n' "$*"; }

version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
say "wasm-pack build --target web --release (tavora-wasm $version)"
wasm-pack --quiet build --target web --release --no-pack --no-opt --out-dir pkg --out-name tavora_wasm . >/dev/null

say "wasm-opt -Oz ($(wasm-opt --version))"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/tavora_wasm_bg.wasm -o pkg/tavora_wasm_bg.wasm

out=dist/package
rm -rf dist && mkdir -p "$out"
cp pkg/tavora_wasm.js pkg/tavora_wasm_bg.wasm "$out"/
cp pkg/tavora_wasm.d.ts "$out"/tavora_wasm.d.ts
if [ -d pkg/snippets ]; then cp -r pkg/snippets "$out"/; fi
for f in pkg-template/*; do
  case "$f" in
    *package.json) sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" "$f" > "$out/package.json" ;;
    *) cp -r "$f" "$out"/ ;;
  esac
done
(cd dist && npm pack ./package --silent >/dev/null)
say "dist/tavora-wasm-$version.tgz: wasm $(wc -c < "$out/tavora_wasm_bg.wasm") B raw, $(gzip -9c "$out/tavora_wasm_bg.wasm" | wc -c) B gzip"

#!/usr/bin/env bash
# Prepares the package consumers in tests/consumers/*: their own tools from
# their committed lock (`npm ci`, only when the lock changed since the last
# install), then the built tarball with `npm install --no-save`, as a user
# would install it (the committed locks never name the tarball, so they stay
# valid whatever its version or hash). Needs `make package` first.
#   consumers.sh [fixture...]   (default: every fixture)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[consumers]\033[0m %s\n' "$*"; }

version=$(node -p 'require("./dist/package/package.json").version' 2>/dev/null) || {
  echo "dist/package is missing: run 'make package' first" >&2
  exit 1
}
tgz="$PWD/dist/tavora-wasm-$version.tgz"
[ -f "$tgz" ] || { echo "$tgz is missing: run 'make package' first" >&2; exit 1; }

if [ $# -eq 0 ]; then
  set -- $(cd tests/consumers && for d in */; do [ -f "$d/package.json" ] && echo "${d%/}"; done)
fi
for name in "$@"; do
  dir=tests/consumers/$name
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-lock" 2>/dev/null; then
    say "$name: npm ci (its lock changed)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    mkdir -p "$dir/node_modules" && cp "$dir/package-lock.json" "$dir/node_modules/.installed-lock"
  fi
  say "$name: npm install --no-save dist/tavora-wasm-$version.tgz"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$tgz")
  # A rebuilt tarball keeps its name and version: make sure npm did not
  # keep an earlier install of it.
  if ! diff -rq dist/package "$dir/node_modules/tavora-wasm" >/dev/null; then
    say "$name: reinstalling (npm kept an older copy)"
    rm -rf "$dir/node_modules/tavora-wasm"
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "$tgz")
    diff -rq dist/package "$dir/node_modules/tavora-wasm"
  fi
  cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-lock" ||
    { echo "$dir/package-lock.json was changed by installing the tarball" >&2; exit 1; }
done

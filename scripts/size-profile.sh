#!/usr/bin/env bash
# `make size-profile`: where the package's .wasm bytes go. Builds the same
# release wasm as the package but keeps function names, optimises it the
# same way (wasm-opt -Oz; names do not change the code), then sums
# `twiggy top` by component. Not part of `make test`; installs twiggy if
# missing (cargo install, about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m[size-profile]\033[0m %s\n' "$*" >&2; }

if ! command -v twiggy >/dev/null; then
  say "installing twiggy (cargo install --locked twiggy)"
  cargo install --locked twiggy
fi

out=target/size-profile
mkdir -p "$out"
source scripts/lib/release-build.sh
say "release build with names ($PACKAGE_TOOLCHAIN, as the package)"
package_build_env
CARGO_PROFILE_RELEASE_STRIP=false cargo build -p tavora-wasm --release --target wasm32-unknown-unknown --features global-allocator -q
wasm-bindgen --target web --keep-debug --out-dir "$out" target/wasm32-unknown-unknown/release/tavora_wasm.wasm
wasm-opt -Oz -g --strip-dwarf "${WASM_OPT_FEATURES[@]}" \
  "$out/tavora_wasm_bg.wasm" -o "$out/named.wasm"
twiggy top -n 100000 -f csv "$out/named.wasm" > "$out/top.csv"

node - "$out/top.csv" <<'EOF'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1)
  .map((l) => {
    const m = /^(.*),(\d+),[\d.]+,[^,]*,[^,]*$/.exec(l);
    // CSV: a quoted name doubles its quotes.
    // (v0-mangled names carry crate hashes, `tavora_wasm[b1a7…]::`: dropped.)
    const name = m && (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1])
      .replace(/\[[0-9a-f]{16}\]/g, '');
    return m && { name, bytes: +m[2] };
  })
  .filter(Boolean);
// First match wins. Names are Rust paths; a wasm-bindgen export shim holds
// the inlined body of its JS method, so it counts as that method's area.
const groups = [
  ['(names: not shipped)', /"(function|data|local|global|type|table|elem|memory|field|label) names" subsection|"name" section/],
  ['endpoints: builders, field checks, endpoint table', /tavora_wasm::(api|endpoints|call)::|tavoraclient_invoke|FnOnce::call_once|tavora_wasm::js::api::/],
  ['multipart upload', /tavora_wasm::multipart|upload_document|tavoraclient_uploadDocument/],
  ['key manager, exchange, session storage', /tavora_wasm::(auth|web::(exchange|storage|jwt_source|clock))|tavora_wasm::time::/],
  ['streams: SSE decoder, runs, read loop', /tavora_wasm::(sse|run|js::(stream|decoder)|web::stream)|tavoraclient_(runAgent|replayFromStep|streamAgent)|ssedecoder_/],
  ['transport, URLs, errors, client options', /tavora_wasm::|tavoraclient_|tavora_wasm_bg|js_message/],
  ['collections: BTreeMap (serde_json objects)', /alloc::collections::btree|hashbrown|core::hash::/],
  ['serde_json', /serde_json|serde_core|serde::|zmij|itoa|ryu/],
  ['wasm-bindgen, js-sys, futures', /wasm_bindgen|js_sys|web_sys|futures_|__wbg|__wbindgen|__externref|externref shim|console_error_panic_hook/],
  ['allocator (talc)', /talc|dlmalloc|__rdl_|__rust_(alloc|dealloc|realloc)|__rg_/],
  ['string data and tables (data segments)', /^data segment/],
  ['formatting (core::fmt, Display/Debug impls)', /fmt::|as core(\[[0-9a-f]+\])?::fmt::|escape_debug|pad_integral/],
  ['the rest of core/alloc/std: str, slices, sorting, panics', /.*/],
];
const sums = new Map(groups.map(([g]) => [g, 0]));
for (const r of rows) {
  const g = groups.find(([, re]) => re.test(r.name));
  sums.set(g[0], sums.get(g[0]) + r.bytes);
}
const shipped = [...sums].filter(([g]) => !g.startsWith('(')).reduce((n, [, b]) => n + b, 0);
console.log('| component | bytes | share |');
console.log('|---|---:|---:|');
for (const [g, b] of [...sums].filter(([g]) => !g.startsWith('(')).sort((a, b) => b[1] - a[1])) {
  console.log(`| ${g} | ${(b / 1024).toFixed(1)} KiB | ${((100 * b) / shipped).toFixed(0)} % |`);
}
console.log(`| **total (the shipped .wasm, raw)** | **${(shipped / 1024).toFixed(1)} KiB** | |`);
EOF
say "per-function detail: twiggy top $out/named.wasm (CSV: $out/top.csv)"

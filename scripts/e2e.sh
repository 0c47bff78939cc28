#!/usr/bin/env bash
# End-to-end tests of the built npm package in headless Chromium
# (playwright-core + /usr/bin/chromium): every tests/e2e/*.test.mjs, against
# one dev server that also serves the repository (--static-dir .).
#
# Suites that serve pages from origins of their own (the package consumers)
# take their ports from TAVORA_E2E_PORTS: free loopback ports picked here,
# whose origins (http://127.0.0.1:P and http://localhost:P) the dev server
# allows through CORS.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
shopt -s nullglob
suites=(tests/e2e/*.test.mjs)
if [ ${#suites[@]} -eq 0 ]; then
  echo "[e2e] no end-to-end suites yet"
  exit 0
fi
mkdir -p test-output

# Free ports: bound to port 0 together, so they are distinct, then released.
ports=$(node -e '
  const net = require("net");
  const n = Number(process.argv[1]);
  const servers = Array.from({ length: n }, () => net.createServer());
  Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
    console.log(servers.map((s) => s.address().port).join(","));
    servers.forEach((s) => s.close());
  });' 9)
cors=()
for p in ${ports//,/ }; do
  cors+=(--cors-origin "http://127.0.0.1:$p" --cors-origin "http://localhost:$p")
done
export TAVORA_E2E_PORTS="$ports"
exec scripts/with-devserver.sh --static-dir . "${cors[@]}" -- \
  node --test --test-concurrency=1 "${suites[@]}"

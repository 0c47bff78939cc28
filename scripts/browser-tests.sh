#!/usr/bin/env bash
# wasm-pack test --headless --chrome against a dev server that allows the
# test runner's origin. The runner is pinned to a free port so the server's
# CORS can name it; the server URL is compiled into the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$port"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"
export WASM_BINDGEN_TEST_NO_ORIGIN_ISOLATION=1
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
exec scripts/with-devserver.sh --cors-origin "http://127.0.0.1:$port" -- \
  wasm-pack test --headless --chrome "$@"

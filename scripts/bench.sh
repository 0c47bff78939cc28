#!/usr/bin/env bash
# `make bench`: the benchmarks in headless Chromium (bench/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -n "${TAVORA_DEVSERVER_BIN:-}" ] || cargo build -q -p tavora-devserver
exec node bench/run.mjs

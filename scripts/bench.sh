#!/usr/bin/env bash
# `make bench`: the benchmarks in headless Chromium (bench/run.mjs), against
# a release build of the dev server (a debug build would slow the serving
# of the package's files and skew the start-up figure).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# bench/run.mjs starts the server itself, from TAVORA_DEVSERVER_BIN.
source scripts/lib/devserver.sh
devserver_build --release
exec node bench/run.mjs

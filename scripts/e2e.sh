#!/usr/bin/env bash
# End-to-end tests of the built npm package in headless Chromium
# (playwright-core + /usr/bin/chromium), each suite against a fresh dev server.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
suites=(tests/e2e/*.test.mjs)
if [ ${#suites[@]} -eq 0 ]; then
  echo "[e2e] no end-to-end suites yet"
  exit 0
fi
mkdir -p test-output
exec scripts/with-devserver.sh --static-dir . -- node --test --test-concurrency=1 "${suites[@]}"

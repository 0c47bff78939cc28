# tavora-wasm: `make demo` and `make test` are the two commands (README).
# Each installs what is missing first (scripts/tools.sh), idempotently.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
UPSTREAM ?=
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test tools tools-browser package lint host-test browser-test e2e bench size-profile clean

tools:
	@scripts/tools.sh

tools-browser:
	@scripts/tools.sh --browser

## Build the npm package (dist/tavora-wasm-<version>.tgz).
package: tools
	@scripts/build-package.sh

## Build, then serve the demo at http://127.0.0.1:$(PORT) with the scripted agent.
demo: package
	@scripts/demo.sh $(PORT) $(UPSTREAM)

## Every check and test; non-zero on any failure.
test: tools-browser lint host-test package browser-test e2e
	@echo "make test: all checks passed"

lint:
	@echo "[lint] cargo fmt --check"
	@cargo fmt --all -- --check
	@echo "[lint] cargo clippy (host)"
	@cargo clippy --workspace --all-targets -q -- -D warnings
	@echo "[lint] cargo clippy (wasm32)"
	@cargo clippy -p tavora-wasm --target wasm32-unknown-unknown --all-targets --all-features -q -- -D warnings

host-test:
	@echo "[test] cargo test (host: SDK pure modules, dev server)"
	@cargo test --workspace -q
	@echo "[test] node --test tests/chat (the chat toolkit's reducer corpus and store)"
	@node --test tests/chat/

browser-test:
	@echo "[test] wasm-pack test --headless --chrome (against the dev server)"
	@scripts/browser-tests.sh -- --features global-allocator --test browser --test sse_conformance

e2e: package
	@scripts/e2e.sh

bench: package tools-browser
	@scripts/bench.sh

## Where the .wasm bytes go, by component (twiggy; not part of make test).
size-profile: tools
	@scripts/size-profile.sh

clean:
	cargo clean
	rm -rf pkg dist node_modules test-output

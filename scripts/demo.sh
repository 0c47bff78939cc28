#!/usr/bin/env bash
# make demo: builds the demo page (www/) against the built npm package and
# serves it with the dev server until Ctrl-C.
#   scripts/demo.sh [PORT] [UPSTREAM]
# With UPSTREAM (e.g. https://tavora.example), the dev server runs in proxy
# mode: it serves the page and forwards every /api/* request there, so the
# page is same-origin with the deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
port=${1:-8080}
upstream=${2:-}
say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
die() { printf '\033[1m[demo]\033[0m error: %s\n' "$*" >&2; exit 1; }
[[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, not '$port'"

www/build.sh
say "cargo build -p tavora-devserver"
cargo build -q -p tavora-devserver

args=(--dev --port "$port" --static-dir www/dist)
[ -n "$upstream" ] && args+=(--upstream "$upstream")
log=$(mktemp -t tavora-demo.XXXXXX.log)
target/debug/tavora-devserver "${args[@]}" >"$log" &
pid=$!
stop() {
  trap - INT TERM EXIT
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}
trap 'stop; echo; say "stopped"; exit 0' INT TERM
trap stop EXIT

url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's/^LISTENING //p' "$log" | head -n1)
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$log" >&2
    die "the dev server did not start (is port $port in use? try: make demo PORT=$((port + 1)))"
  fi
  sleep 0.05
done
[ -n "$url" ] || die "the dev server did not report its address"

b=$'\033[1m' n=$'\033[0m'
echo
echo "  ${b}Tavora chat demo${n} is running."
echo
echo "    Open        ${b}$url/${n}"
if [ -n "$upstream" ]; then
  echo "    Proxy       $url/api/* -> $upstream/api/*"
  echo "    Sign in     paste your JWT and a workspace id under \"Use a JWT from a real deployment\""
  echo "                (the dev sign-in works only if the upstream offers it)"
else
  echo "    Sign in     ${b}demo@tavora.dev${n} (pre-filled; the dev sign-in needs no password),"
  echo "                then pick \"Demo workspace\""
  echo "    Agent       the built-in scripted agent; try: hello · confirm · choose · your name · fail · surprise"
  echo "    API         $url/api/sdk  (dev sign-in: POST $url/api/dev/sign-in)"
fi
echo
echo "  Ctrl-C stops it."
echo
wait "$pid"

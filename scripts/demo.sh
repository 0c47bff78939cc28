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
source scripts/lib/devserver.sh
args=(--dev --port "$port" --static-dir www/dist)
[ -n "$upstream" ] && args+=(--upstream "$upstream")
devserver_start "${args[@]}" ||
  die "the dev server did not start (is port $port in use? try: make demo PORT=$((port + 1)))"
trap 'devserver_stop; echo; say "stopped"; exit 0' INT TERM
url=$TAVORA_DEVSERVER_URL

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
wait "$TAVORA_DEVSERVER_PID"

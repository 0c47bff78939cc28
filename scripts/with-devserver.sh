#!/usr/bin/env bash
# Starts the dev server on a free loopback port, runs a command with
#   TAVORA_DEVSERVER_URL=http://127.0.0.1:<port>
# in its environment, and always stops the server (trap), passing the
# command's exit status through.
#   with-devserver.sh [--cors-origin ORIGIN]... [--static-dir DIR] -- command args...
set -euo pipefail
cd "$(dirname "$0")/.."
server_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do server_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: with-devserver.sh [server flags] -- command" >&2; exit 2; }

# TAVORA_DEVSERVER_BIN: run a prebuilt server instead of building this one.
bin="${TAVORA_DEVSERVER_BIN:-}"
if [ -z "$bin" ]; then
  cargo build -q -p tavora-devserver
  bin=target/debug/tavora-devserver
fi
log=$(mktemp -t tavora-devserver.XXXXXX.log)
"$bin" --port 0 --dev --test-control --stream-delay-ms 0 "${server_args[@]}" >"$log" 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"; }
trap stop EXIT INT TERM

url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's/^LISTENING //p' "$log" | head -n1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "dev server exited early:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.05
done
[ -n "$url" ] || { echo "dev server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "[devserver] $url (pid $pid)"
status=0
TAVORA_DEVSERVER_URL="$url" "$@" || status=$?
exit $status

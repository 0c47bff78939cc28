#!/usr/bin/env bash
# Starts the dev server on a free loopback port (scripts/lib/devserver.sh),
# runs a command with TAVORA_DEVSERVER_URL=http://127.0.0.1:<port> in its
# environment, and always stops the server, passing the command's exit
# status through.
#   with-devserver.sh [--cors-origin ORIGIN]... [--static-dir DIR] -- command args...
# TAVORA_DEVSERVER_BIN: run a prebuilt server instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/devserver.sh
server_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do server_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: with-devserver.sh [server flags] -- command" >&2; exit 2; }

devserver_start --dev --test-control --stream-delay-ms 0 "${server_args[@]}"
echo "[devserver] $TAVORA_DEVSERVER_URL (pid $TAVORA_DEVSERVER_PID)"
status=0
"$@" || status=$?
exit $status

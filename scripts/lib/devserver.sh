# Sourced by the scripts that run the dev server: build it, start it on a
# free port, wait for its LISTENING line, and stop it when the script exits.
#
#   devserver_build [--release]   sets TAVORA_DEVSERVER_BIN (kept if already set)
#   devserver_start [flags...]    starts it (with --port 0 unless the flags name
#                                 a port), exports TAVORA_DEVSERVER_URL,
#                                 TAVORA_DEVSERVER_PID and TAVORA_DEVSERVER_LOG
#                                 (its stdout and stderr), and traps EXIT, INT
#                                 and TERM to stop it
#   devserver_stop                stops it now (the traps call it)
#
# Run from the repository root.

devserver_build() {
  [ -n "${TAVORA_DEVSERVER_BIN:-}" ] && return 0
  local profile=debug
  if [ "${1:-}" = --release ]; then
    profile=release
    cargo build -q --release -p tavora-devserver
  else
    cargo build -q -p tavora-devserver
  fi
  export TAVORA_DEVSERVER_BIN="$PWD/target/$profile/tavora-devserver"
}

devserver_start() {
  devserver_build
  local port=(--port 0) arg url="" _
  for arg in "$@"; do
    case "$arg" in --port | --port=*) port=() ;; esac
  done
  TAVORA_DEVSERVER_LOG=$(mktemp -t tavora-devserver.XXXXXX.log)
  "$TAVORA_DEVSERVER_BIN" "${port[@]}" "$@" >"$TAVORA_DEVSERVER_LOG" 2>&1 &
  TAVORA_DEVSERVER_PID=$!
  trap devserver_stop EXIT
  trap 'devserver_stop; exit 130' INT
  trap 'devserver_stop; exit 143' TERM
  for _ in $(seq 1 200); do
    url=$(sed -n 's/^LISTENING //p' "$TAVORA_DEVSERVER_LOG" | head -n1)
    [ -n "$url" ] && break
    kill -0 "$TAVORA_DEVSERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$url" ]; then
    echo "the dev server did not start:" >&2
    cat "$TAVORA_DEVSERVER_LOG" >&2
    return 1
  fi
  export TAVORA_DEVSERVER_URL="$url" TAVORA_DEVSERVER_PID TAVORA_DEVSERVER_LOG
}

devserver_stop() {
  trap - EXIT INT TERM
  if [ -n "${TAVORA_DEVSERVER_PID:-}" ]; then
    kill "$TAVORA_DEVSERVER_PID" 2>/dev/null || true
    wait "$TAVORA_DEVSERVER_PID" 2>/dev/null || true
    TAVORA_DEVSERVER_PID=
  fi
  rm -f "${TAVORA_DEVSERVER_LOG:-}"
}

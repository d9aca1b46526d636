#!/usr/bin/env bash
# scripts/demo.sh: THE demo. From a fresh machine to the demo customer portal in a browser.
#
# Usage: ./scripts/demo.sh [--dynamic]        (from any directory; Ctrl-C stops everything)
#   --dynamic        the local API invents data from the schemas (Prism --dynamic) instead of
#                    serving the spec's examples (which read better, hence the default)
#   SKIP_SETUP=1     skip scripts/setup.sh (when it already ran on this machine)
#   SKIP_BUILD=1     reuse pkg/ as it is (no wasm-pack build)
#   DEMO_API_PORT    local API port (default 4010; its payload server uses the next one)
#   DEMO_WEB_PORT    portal port (default 4173)
#
# Steps: setup -> wasm-pack build --target web --release + node scripts/package.mjs -> npm ci in
# www/ -> local API (scripts/local-api.mjs: Prism + gateway) -> vite build of www/ against it ->
# vite preview on http://127.0.0.1:$DEMO_WEB_PORT. Stops the API and the web server on exit.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sdk_env
cd "$SDK_ROOT"

DYNAMIC=()
for arg in "$@"; do
  case "$arg" in
    --dynamic) DYNAMIC=(--dynamic) ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (see ./scripts/demo.sh --help)" ;;
  esac
done

API_PORT="${DEMO_API_PORT:-4010}"
WEB_PORT="${DEMO_WEB_PORT:-4173}"
API_URL="http://127.0.0.1:$API_PORT"
LOG_DIR="$SDK_ROOT/target/demo"
mkdir -p "$LOG_DIR"

PIDS=()
NAMES=()
cleanup() {
  local i pid
  for i in "${!PIDS[@]}"; do
    pid="${PIDS[$i]}"
    if kill -0 "$pid" 2>/dev/null; then
      echo "  stopping ${NAMES[$i]} (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo; say "stopping the demo"; exit 0' INT TERM

# 1. toolchain --------------------------------------------------------------------------------
if [[ "${SKIP_SETUP:-0}" == 1 ]]; then
  say "setup skipped (SKIP_SETUP=1)"
else
  say "setup (scripts/setup.sh)"
  bash "$SDK_ROOT/scripts/setup.sh"
fi

# 2. the SDK package ---------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" == 1 && -f pkg/index.js ]]; then
  say "SDK build skipped (SKIP_BUILD=1): using pkg/ as it is"
else
  say "building the SDK: wasm-pack build --target web --release (a few minutes the first time)"
  wasm-pack build --target web --release || die "wasm-pack build failed (see above)"
  node scripts/package.mjs
fi

# 3. the portal's dependencies -----------------------------------------------------------------
say "www: npm ci"
if [[ ! -f www/node_modules/.package-lock.json || www/package-lock.json -nt www/node_modules/.package-lock.json ]]; then
  (cd www && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
  ok "www/node_modules is up to date"
fi

# 4. local API ---------------------------------------------------------------------------------
say "local API on $API_URL${DYNAMIC:+ (--dynamic)}"
for p in "$API_PORT" "$((API_PORT + 1))" "$WEB_PORT"; do
  if port_busy "$p"; then
    die "port $p is in use (a test run or another demo?). Stop it, or pick other ports: DEMO_API_PORT=5010 DEMO_WEB_PORT=5173 ./scripts/demo.sh"
  fi
done
node scripts/local-api.mjs --port "$API_PORT" --quiet "${DYNAMIC[@]}" >"$LOG_DIR/local-api.log" 2>&1 &
PIDS+=($!); NAMES+=("local API")
for _ in $(seq 1 450); do
  grep -q 'local API ready on' "$LOG_DIR/local-api.log" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$LOG_DIR/local-api.log" >&2; die "the local API exited"; }
  sleep 0.2
done
grep -q 'local API ready on' "$LOG_DIR/local-api.log" || { tail -20 "$LOG_DIR/local-api.log" >&2; die "the local API did not start in 90 s"; }
ok "$(grep -m1 'local API ready on' "$LOG_DIR/local-api.log")"

# 5. build and serve the portal ----------------------------------------------------------------
say "www: type-check and build against $API_URL"
(cd www && ./node_modules/.bin/tsc --noEmit -p . && VITE_API_URL="$API_URL" ./node_modules/.bin/vite build --logLevel warn)
say "www: serving the build (vite preview)"
(cd www && exec ./node_modules/.bin/vite preview --host 127.0.0.1 --port "$WEB_PORT" --strictPort) >"$LOG_DIR/preview.log" 2>&1 &
PIDS+=($!); NAMES+=("portal web server")
for _ in $(seq 1 100); do port_busy "$WEB_PORT" && break; sleep 0.2; done
port_busy "$WEB_PORT" || { cat "$LOG_DIR/preview.log" >&2; die "vite preview did not start"; }

cat <<EOF

  ${_C_B}Demo customer portal:  http://127.0.0.1:$WEB_PORT/${_C_0}
  Local API (Prism):     $API_URL   (log: ${LOG_DIR#"$SDK_ROOT"/}/local-api.log)

  Sign in with any token (the local API checks only that there is one), e.g. demo-token,
  or use "single sign-on" with any ID token.
  See an API error explained: http://127.0.0.1:$WEB_PORT/?simulate=404#/contracts/5da0a718-c822-403d-9f5d-20d4584e0528

  Ctrl-C stops the demo.
EOF

# 6. keep running until Ctrl-C (or until a server dies) -----------------------------------------
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      die "${NAMES[$i]} stopped unexpectedly (logs in ${LOG_DIR#"$SDK_ROOT"/}/)"
    fi
  done
  sleep 1
done

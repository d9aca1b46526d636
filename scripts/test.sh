#!/usr/bin/env bash
# scripts/test.sh: THE test command (also what CI runs, through .ci/run).
#
# Usage: ./scripts/test.sh [STAGE_FILTER...]      (from any directory)
#   With no argument every stage runs. A filter runs only the stages whose name contains one
#   of the given words, e.g. `./scripts/test.sh wasm-test` (setup and servers always run).
#   SKIP_SETUP=1 skips scripts/setup.sh (faster local re-runs; only when it already passed).
#   STAGE_TIMEOUT=<seconds> per stage (default 2400).
#
# What it does, stopping at the first failure:
#   setup        scripts/setup.sh (toolchain, Chromium, npm ci)
#   servers      local API (scripts/local-api.mjs, Prism + gateway) and fault server
#                (scripts/fault-server.mjs) in the background, killed on exit
#   codegen-check  cargo run -q -p codegen -- --check
#   cargo-test     cargo test --workspace --no-fail-fast           (native)
#   wasm-test      cargo test --target wasm32-unknown-unknown with scripts/wasm-test-runner.mjs as
#                  the runner: what `wasm-pack test --headless --chrome` does (Debian Chromium +
#                  chromedriver; stops at the first failing test binary), except that a test page
#                  that never starts is tried again (see the runner's header)
#   wasm-build     scripts/build-package.sh: the core, the sign-in and the password module (three
#                  wasm-pack builds), then node scripts/package.mjs
#   tests/stages/*.sh  every executable file there, in lexical order, each its own stage
# then a summary (one line per stage with its duration) and a last line `N passed, M failed`.
# Exit code 0 only when every stage passed.
#
# Environment given to every stage (the wasm tests read these with option_env! at compile time):
#   PORTAL_API_URL            http://127.0.0.1:4010   local API (Prism behind the gateway)
#   PORTAL_API_PAYLOAD_URL    http://127.0.0.1:4011   its large-response payload origin
#   LOCAL_API_LARGE_THRESHOLD 65536                   bodies over this many bytes become $payload_ref
#   FAULT_SERVER_URL          http://127.0.0.1:4020   fault server
#   FAULT_OTHER_ORIGIN_URL    http://127.0.0.1:4021   fault server's second origin
#   COGNITO_URL               http://127.0.0.1:4030   Cognito emulator (scripts/cognito-local.mjs)
#   CHROMEDRIVER=/usr/bin/chromedriver  CHROMIUM=/usr/bin/chromium
#   SDK_ROOT (repo root; stages run with it as cwd), TEST_LOG_DIR (target/test-logs: server logs)
#   WASM_BINDGEN_TEST_TIMEOUT=240 (seconds per browser test binary, unless set)
# Ports can be moved with LOCAL_API_PORT, FAULT_SERVER_PORT, COGNITO_PORT (the second port of each is +1).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sdk_env
cd "$SDK_ROOT"

LOCAL_API_PORT="${LOCAL_API_PORT:-4010}"
LOCAL_API_PAYLOAD_PORT=$((LOCAL_API_PORT + 1))
FAULT_SERVER_PORT="${FAULT_SERVER_PORT:-4020}"
FAULT_OTHER_PORT=$((FAULT_SERVER_PORT + 1))
COGNITO_PORT="${COGNITO_PORT:-4030}"
COGNITO_API_PORT=$((COGNITO_PORT + 1))
STAGE_TIMEOUT="${STAGE_TIMEOUT:-2400}"
SERVER_TIMEOUT="${SERVER_TIMEOUT:-90}"

export SDK_ROOT
export PORTAL_API_URL="http://127.0.0.1:$LOCAL_API_PORT"
export PORTAL_API_PAYLOAD_URL="http://127.0.0.1:$LOCAL_API_PAYLOAD_PORT"
export LOCAL_API_LARGE_THRESHOLD="${LOCAL_API_LARGE_THRESHOLD:-65536}"
export FAULT_SERVER_URL="http://127.0.0.1:$FAULT_SERVER_PORT"
export FAULT_OTHER_ORIGIN_URL="http://127.0.0.1:$FAULT_OTHER_PORT"
export COGNITO_URL="http://127.0.0.1:$COGNITO_PORT"
export TEST_LOG_DIR="$SDK_ROOT/target/test-logs"
# wasm-bindgen-test-runner gives a whole test binary 20 s by default; the sign-in tests
# (tests/cognito.rs, tests/cognito_flows.rs: debug builds against the emulator, many SRP handshakes)
# take about that long on their own.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-240}"
mkdir -p "$TEST_LOG_DIR"

FILTERS=("$@")

# ---------- bookkeeping ------------------------------------------------------------------------
STAGE_NAMES=()
STAGE_RESULTS=()   # PASS | FAIL | SKIP
STAGE_TIMES=()
FAILED=0
STAGE_PID=""
SERVER_PIDS=()
SERVER_NAMES=()

record() { STAGE_NAMES+=("$1"); STAGE_RESULTS+=("$2"); STAGE_TIMES+=("$3"); }

stop_pid() {  # stop_pid PID NAME: TERM, wait up to 10 s, then KILL
  local pid="$1" name="$2" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  warn "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local i
  if [[ -n "$STAGE_PID" ]]; then stop_pid "$STAGE_PID" "running stage"; fi
  for i in "${!SERVER_PIDS[@]}"; do stop_pid "${SERVER_PIDS[$i]}" "${SERVER_NAMES[$i]}"; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo; fail "interrupted"; exit 130' INT
trap 'fail "terminated"; exit 143' TERM

wanted() {  # wanted STAGE_NAME: does it pass the command-line filters?
  local f
  (( ${#FILTERS[@]} == 0 )) && return 0
  for f in "${FILTERS[@]}"; do [[ "$1" == *"$f"* ]] && return 0; done
  return 1
}

banner() {
  printf '\n%s' "$_C_B"
  printf '=%.0s' {1..78}
  printf '\n  STAGE %s\n' "$1"
  printf '=%.0s' {1..78}
  printf '%s\n' "$_C_0"
}

# run_stage NAME COMMAND...: runs COMMAND (a fresh bash with `set -euo pipefail` for -c strings)
# under a timeout, in the background so an interrupt can stop it.
run_stage() {
  local name="$1"; shift
  if (( FAILED )); then record "$name" SKIP "-"; return 0; fi
  if ! wanted "$name"; then return 0; fi
  banner "$name"
  echo "\$ $*"
  local t0=$SECONDS rc=0
  timeout -k 15 "$STAGE_TIMEOUT" "$@" </dev/null &
  STAGE_PID=$!
  wait "$STAGE_PID" || rc=$?
  STAGE_PID=""
  local dt=$((SECONDS - t0))
  if (( rc == 0 )); then
    record "$name" PASS "$dt"
    ok "stage $name passed in $(fmt_secs "$dt")"
  else
    record "$name" FAIL "$dt"
    FAILED=1
    if (( rc == 124 )); then
      fail "stage $name TIMED OUT after ${STAGE_TIMEOUT}s"
    else
      fail "stage $name FAILED (exit code $rc) after $(fmt_secs "$dt")"
    fi
    echo "  rerun only this stage: SKIP_SETUP=1 ./scripts/test.sh $name" >&2
    echo "  server logs: ${TEST_LOG_DIR#"$SDK_ROOT"/}/local-api.log, ${TEST_LOG_DIR#"$SDK_ROOT"/}/fault-server.log" >&2
  fi
}

summary() {
  local i passed=0 failed=0 t
  printf '\n%s==> summary%s\n' "$_C_B" "$_C_0"
  for i in "${!STAGE_NAMES[@]}"; do
    t="${STAGE_TIMES[$i]}"
    case "${STAGE_RESULTS[$i]}" in
      PASS) passed=$((passed + 1)); printf '  %sPASS%s  %-36s %8s\n' "$_C_G" "$_C_0" "${STAGE_NAMES[$i]}" "$(fmt_secs "$t")" ;;
      FAIL) failed=$((failed + 1)); printf '  %sFAIL%s  %-36s %8s\n' "$_C_R" "$_C_0" "${STAGE_NAMES[$i]}" "$(fmt_secs "$t")" ;;
      SKIP) printf '  %s----%s  %-36s %8s\n' "$_C_Y" "$_C_0" "${STAGE_NAMES[$i]}" "not run" ;;
      NOEXEC) printf '  %s----%s  %-36s %s\n' "$_C_Y" "$_C_0" "${STAGE_NAMES[$i]}" "not run: file not executable" ;;
    esac
  done
  echo "$passed passed, $failed failed"
  (( failed == 0 ))
}

# ---------- servers ----------------------------------------------------------------------------
check_port_free() {
  local port="$1" what="$2"
  if port_busy "$port"; then
    fail "port $port (for the $what) is already in use. A demo or an earlier test run still running?"
    if command -v ss >/dev/null 2>&1; then ss -ltnp "sport = :$port" >&2 || true; fi
    return 1
  fi
}

# start_server NAME LOG READY_PATTERN COMMAND...
start_server() {
  local name="$1" log="$2" pattern="$3"; shift 3
  "$@" >"$log" 2>&1 </dev/null &
  local pid=$!
  SERVER_PIDS+=("$pid")
  SERVER_NAMES+=("$name")
  echo "  started $name (pid $pid, log ${log#"$SDK_ROOT"/})"
}

wait_ready() {  # wait_ready NAME PID LOG PATTERN
  local name="$1" pid="$2" log="$3" pattern="$4" deadline=$((SECONDS + SERVER_TIMEOUT))
  while ! grep -q "$pattern" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "$name exited before it was ready; its log ($log):"
      sed 's/^/    | /' "$log" >&2
      return 1
    fi
    if (( SECONDS >= deadline )); then
      fail "$name not ready after ${SERVER_TIMEOUT}s (waiting for '$pattern'); its log ($log):"
      tail -n 60 "$log" | sed 's/^/    | /' >&2
      return 1
    fi
    sleep 0.2
  done
  ok "$(grep -m1 "$pattern" "$log")"
}

start_servers() {
  check_port_free "$LOCAL_API_PORT" "local API" &&
  check_port_free "$LOCAL_API_PAYLOAD_PORT" "local API payload server" &&
  check_port_free "$FAULT_SERVER_PORT" "fault server" &&
  check_port_free "$FAULT_OTHER_PORT" "fault server other origin" || return 1
  local api_log="$TEST_LOG_DIR/local-api.log" fault_log="$TEST_LOG_DIR/fault-server.log"
  start_server "local API" "$api_log" "local API ready on" \
    node "$SDK_ROOT/scripts/local-api.mjs" --port "$LOCAL_API_PORT" \
    --payload-port "$LOCAL_API_PAYLOAD_PORT" --large-threshold "$LOCAL_API_LARGE_THRESHOLD"
  start_server "fault server" "$fault_log" "fault server ready on" \
    node "$SDK_ROOT/scripts/fault-server.mjs" --port "$FAULT_SERVER_PORT" --other-port "$FAULT_OTHER_PORT"
  wait_ready "fault server" "${SERVER_PIDS[1]}" "$fault_log" "fault server ready on" &&
  wait_ready "local API" "${SERVER_PIDS[0]}" "$api_log" "local API ready on" || return 1
  # The Cognito emulator (cognito-local plus an SRP front and a mock of the portal calls
  # sign-in needs); tests/cognito.rs reads pool and client ids from $COGNITO_URL/__config.
  check_port_free "$COGNITO_PORT" "local Cognito" &&
  check_port_free "$COGNITO_API_PORT" "local Cognito API mock" || return 1
  local cognito_log="$TEST_LOG_DIR/cognito-local.log"
  start_server "local Cognito" "$cognito_log" "cognito-local ready" \
    node "$SDK_ROOT/scripts/cognito-local.mjs" --port "$COGNITO_PORT" --api-port "$COGNITO_API_PORT"
  wait_ready "local Cognito" "${SERVER_PIDS[2]}" "$cognito_log" "cognito-local ready"
}

# Infrastructure steps run in this shell (they set SERVER_PIDS), timed like stages.
run_infra() {
  local name="$1"; shift
  if (( FAILED )); then record "$name" SKIP "-"; return 0; fi
  banner "$name"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if (( rc == 0 )); then
    record "$name" PASS "$dt"
  else
    record "$name" FAIL "$dt"; FAILED=1
    fail "stage $name FAILED (exit code $rc)"
  fi
}

# ---------- stages -----------------------------------------------------------------------------
echo "epilot-portal-sdk tests in $SDK_ROOT"
echo "  PORTAL_API_URL=$PORTAL_API_URL FAULT_SERVER_URL=$FAULT_SERVER_URL FAULT_OTHER_ORIGIN_URL=$FAULT_OTHER_ORIGIN_URL"

if [[ "${SKIP_SETUP:-0}" == 1 ]]; then
  record setup SKIP "-"
else
  run_infra setup bash "$SDK_ROOT/scripts/setup.sh"
fi
run_infra servers start_servers

run_stage codegen-check cargo run -q -p codegen -- --check
run_stage cargo-test cargo test --workspace --no-fail-fast
run_stage wasm-test env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$SDK_ROOT/scripts/wasm-test-runner.mjs" \
  WASM_BINDGEN_TEST_ONLY_WEB=1 cargo test --target wasm32-unknown-unknown
run_stage wasm-build bash scripts/build-package.sh

if [[ -d "$SDK_ROOT/tests/stages" ]]; then
  shopt -s nullglob
  for stage in "$SDK_ROOT"/tests/stages/*.sh; do
    if [[ ! -x "$stage" ]]; then
      warn "tests/stages/$(basename "$stage") is not executable (chmod +x it): NOT run"
      record "$(basename "$stage" .sh)" NOEXEC "-"
      continue
    fi
    run_stage "$(basename "$stage" .sh)" "$stage"
  done
  shopt -u nullglob
fi

summary

#!/usr/bin/env bash
# scripts/demo.sh: THE demo. From a fresh machine to the demo customer portal in a browser.
#
# Usage: ./scripts/demo.sh [--data FILE|NAME | --examples | --dynamic]   (Ctrl-C stops everything)
#   (default)        the local portal backend with the household fixture: a customer with power,
#                    gas and a PV system, 24 months of readings, bills, documents and an offer;
#                    what you write (readings, edits, the offer accepted) stays until Ctrl-C
#   --data NAME      another fixture: household, new-customer, plausibility-refuses
#                    (scripts/local-backend/fixtures/), or the path of your own fixture file
#   --examples       no backend: every answer is the spec's example (Prism)
#   --dynamic        no backend: Prism invents data from the schemas
#   SKIP_SETUP=1     skip scripts/setup.sh (when it already ran on this machine)
#   SKIP_BUILD=1     reuse pkg/ as it is (no wasm-pack build)
#   DEMO_API_PORT    local API port (default 4010; its payload server uses the next one)
#   DEMO_COGNITO_PORT  local Cognito port (default 4030; its mock of the sign-in API uses the next one)
#   DEMO_WEB_PORT    portal port (default 4173)
#   COGNITO_USER_PASSWORD  the demo user's password (default Demo-Passw0rd!; demo data, not a secret)
#
# Steps: setup -> scripts/build-package.sh (wasm-pack builds + node scripts/package.mjs) -> npm ci in
# www/ -> local API (scripts/local-api.mjs: the backend + Prism + gateway) -> local Cognito
# (scripts/cognito-local.mjs: user pool, app client, and the fixture's customer as the user) ->
# vite build of www/ against both -> vite preview on http://127.0.0.1:$DEMO_WEB_PORT.
# Prints the address, the email and the password to sign in with. Stops everything on exit.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sdk_env
cd "$SDK_ROOT"

MODE=(--data household)   # what scripts/local-api.mjs is started with
DATA=household
while (( $# )); do
  case "$1" in
    --data) [[ $# -ge 2 ]] || die "--data needs a fixture name or file"; DATA="$2"; MODE=(--data "$2"); shift ;;
    --data=*) DATA="${1#--data=}"; MODE=(--data "$DATA") ;;
    --examples) DATA=""; MODE=() ;;
    --dynamic) DATA=""; MODE=(--dynamic) ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see ./scripts/demo.sh --help)" ;;
  esac
  shift
done

# The customer's sign-in email: the fixture's portal user (the emulator's demo user is that person).
DEMO_EMAIL="demo@example.com"
if [[ -n "$DATA" ]]; then
  FIXTURE="$DATA"
  # A path is taken from where the demo was started (OLDPWD: before the cd to the repository).
  [[ "$FIXTURE" == /* || ! -f "${OLDPWD:-.}/$FIXTURE" ]] || FIXTURE="$(cd "${OLDPWD:-.}" && pwd)/$FIXTURE"
  [[ -f "$FIXTURE" ]] || FIXTURE="$SDK_ROOT/scripts/local-backend/fixtures/$DATA.json"
  [[ -f "$FIXTURE" ]] || die "no fixture $DATA (see scripts/local-backend/fixtures/ or give a file)"
  MODE=(--data "$FIXTURE")
  DEMO_EMAIL="$(node -e 'const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const e = f.portal_user && f.portal_user.email; if (typeof e !== "string" || !e) process.exit(1); process.stdout.write(e);' "$FIXTURE")" ||
    die "the fixture $FIXTURE has no portal_user.email (the email to sign in with)"
fi
DEMO_PASSWORD="${COGNITO_USER_PASSWORD:-Demo-Passw0rd!}"

API_PORT="${DEMO_API_PORT:-4010}"
COGNITO_PORT="${DEMO_COGNITO_PORT:-4030}"
COGNITO_API_PORT=$((COGNITO_PORT + 1))
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
  say "building the SDK: scripts/build-package.sh (a few minutes the first time)"
  bash scripts/build-package.sh || die "the package build failed (see above)"
fi

# 3. the portal's dependencies -----------------------------------------------------------------
say "www: npm ci"
if [[ ! -f www/node_modules/.package-lock.json || www/package-lock.json -nt www/node_modules/.package-lock.json ]]; then
  (cd www && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
  ok "www/node_modules is up to date"
fi

# 4. local API ---------------------------------------------------------------------------------
if [[ -n "$DATA" ]]; then API_WHAT="the portal backend (fixture $DATA; reset: curl -X POST $API_URL/__reset) + Prism"; else API_WHAT="Prism (${MODE[0]:-spec examples})"; fi
say "local API on $API_URL: $API_WHAT"
for p in "$API_PORT" "$((API_PORT + 1))" "$COGNITO_PORT" "$COGNITO_API_PORT" "$WEB_PORT"; do
  if port_busy "$p"; then
    die "port $p is in use (a test run or another demo?). Stop it, or pick other ports: DEMO_API_PORT=5010 DEMO_COGNITO_PORT=5030 DEMO_WEB_PORT=5173 ./scripts/demo.sh"
  fi
done
node scripts/local-api.mjs --port "$API_PORT" --quiet "${MODE[@]}" >"$LOG_DIR/local-api.log" 2>&1 &
PIDS+=($!); NAMES+=("local API")
for _ in $(seq 1 450); do
  grep -q 'local API ready on' "$LOG_DIR/local-api.log" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$LOG_DIR/local-api.log" >&2; die "the local API exited"; }
  sleep 0.2
done
grep -q 'local API ready on' "$LOG_DIR/local-api.log" || { tail -20 "$LOG_DIR/local-api.log" >&2; die "the local API did not start in 90 s"; }
ok "$(grep -m1 'local API ready on' "$LOG_DIR/local-api.log")"

# 5. local Cognito: a user pool, an app client and the demo user ----------------------------------
say "local Cognito on http://127.0.0.1:$COGNITO_PORT (sign-in API mock on $COGNITO_API_PORT)"
COGNITO_USER_PASSWORD="$DEMO_PASSWORD" node scripts/cognito-local.mjs --port "$COGNITO_PORT" --api-port "$COGNITO_API_PORT" \
  --email "$DEMO_EMAIL" >"$LOG_DIR/cognito-local.log" 2>&1 &
COGNITO_PID=$!
PIDS+=("$COGNITO_PID"); NAMES+=("local Cognito")
for _ in $(seq 1 450); do
  grep -q '^cognito-local ready ' "$LOG_DIR/cognito-local.log" 2>/dev/null && break
  kill -0 "$COGNITO_PID" 2>/dev/null || { cat "$LOG_DIR/cognito-local.log" >&2; die "the local Cognito exited"; }
  sleep 0.2
done
COGNITO_READY="$(grep -m1 '^cognito-local ready ' "$LOG_DIR/cognito-local.log")" ||
  { tail -20 "$LOG_DIR/cognito-local.log" >&2; die "the local Cognito did not start in 90 s"; }
# Its config: {"endpoint","apiUrl","userPoolId","clientId","orgId","portalId","email"}.
cognito() {
  node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]]; if (!v) process.exit(1); process.stdout.write(String(v));' \
    "${COGNITO_READY#cognito-local ready }" "$1" || die "the local Cognito's config has no $1: $COGNITO_READY"
}
COGNITO_ENDPOINT="$(cognito endpoint)"
COGNITO_AUTH_API="$(cognito apiUrl)"
COGNITO_POOL="$(cognito userPoolId)"
COGNITO_CLIENT="$(cognito clientId)"
[[ "$(cognito email)" == "$DEMO_EMAIL" ]] || die "the local Cognito's user is $(cognito email), not the customer $DEMO_EMAIL"
ok "user pool $COGNITO_POOL, app client $COGNITO_CLIENT, demo user $DEMO_EMAIL"

# 6. build and serve the portal ----------------------------------------------------------------
say "www: type-check and build against $API_URL, sign-in against $COGNITO_ENDPOINT"
(cd www && ./node_modules/.bin/tsc --noEmit -p . &&
  VITE_API_URL="$API_URL" VITE_COGNITO_ENDPOINT="$COGNITO_ENDPOINT" VITE_COGNITO_USER_POOL_ID="$COGNITO_POOL" \
  VITE_COGNITO_CLIENT_ID="$COGNITO_CLIENT" VITE_AUTH_API_URL="$COGNITO_AUTH_API" VITE_COGNITO_CONFIG_URL='' \
  ./node_modules/.bin/vite build --logLevel warn)
say "www: serving the build (vite preview)"
(cd www && exec ./node_modules/.bin/vite preview --host 127.0.0.1 --port "$WEB_PORT" --strictPort) >"$LOG_DIR/preview.log" 2>&1 &
PIDS+=($!); NAMES+=("portal web server")
for _ in $(seq 1 100); do port_busy "$WEB_PORT" && break; sleep 0.2; done
port_busy "$WEB_PORT" || { cat "$LOG_DIR/preview.log" >&2; die "vite preview did not start"; }

cat <<EOF

  ${_C_B}Demo customer portal:  http://127.0.0.1:$WEB_PORT/${_C_0}

  Sign in with email and password (demo data, not a secret):
    email     ${_C_B}$DEMO_EMAIL${_C_0}
    password  ${_C_B}$DEMO_PASSWORD${_C_0}

  Local API:             $API_URL   $API_WHAT   (log: ${LOG_DIR#"$SDK_ROOT"/}/local-api.log)
  Local Cognito:         $COGNITO_ENDPOINT, pool $COGNITO_POOL   (log: ${LOG_DIR#"$SDK_ROOT"/}/cognito-local.log)
  Other ways in: any token (the local API checks only that there is one), e.g. demo-token,
  or "single sign-on" with any ID token.
  See an API error explained: http://127.0.0.1:$WEB_PORT/?simulate=404#/contracts/5da0a718-c822-403d-9f5d-20d4584e0528

  Ctrl-C stops the demo.
EOF

# 7. keep running until Ctrl-C (or until a server dies) -----------------------------------------
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      die "${NAMES[$i]} stopped unexpectedly (logs in ${LOG_DIR#"$SDK_ROOT"/}/)"
    fi
  done
  sleep 1
done

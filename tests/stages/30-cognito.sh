#!/usr/bin/env bash
# Stage 30-cognito: the sign-in maths and the local Cognito emulator, checked against
# amazon-cognito-identity-js itself.
#   1. tests/cognito/srp-vectors.mjs: the SRP vectors in tests/cognito/srp-vectors.json (which the
#      Rust tests tests/srp_vectors.rs and tests/cognito.rs check the SDK against) are what the
#      library computes on the same fixed inputs (A, u, HKDF key, timestamp, signature).
#   1b. tests/cognito/device-vectors.mjs: remembered-device SRP vectors (device-vectors.json) from the
#      library; tests/cognito/totp-vectors.mjs: the emulator's TOTP against RFC 6238's vectors.
#   2. tests/cognito/emulator-check.mjs: the library's own client signs in with USER_SRP_AUTH
#      (and USER_PASSWORD_AUTH, refresh) against scripts/cognito-local.mjs, and a wrong password
#      is refused: the emulator's SRP verification is real, so the SDK's browser tests against it
#      prove the SDK's handshake. tests/cognito/flows-check.mjs: the library's client through the
#      emulator's device SRP, MFA_SETUP / TOTP, CUSTOM_AUTH with SRP and GlobalSignOut.
# Uses the emulator at $COGNITO_URL when one answers there (scripts/test.sh starts one before
# wasm-test), else starts its own on free ports and stops it at the end.
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"

echo "==> SRP vectors vs amazon-cognito-identity-js"
node tests/cognito/srp-vectors.mjs
echo "==> device SRP vectors vs amazon-cognito-identity-js, TOTP vs RFC 6238"
node tests/cognito/device-vectors.mjs
node tests/cognito/totp-vectors.mjs

EMU_PID=""
LOG="${TEST_LOG_DIR:-$ROOT/target/test-logs}/cognito-local-stage.log"
mkdir -p "$(dirname "$LOG")"
stop() { if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then kill -TERM "$EMU_PID"; wait "$EMU_PID" 2>/dev/null || true; fi; }
trap stop EXIT

URL="${COGNITO_URL:-}"
if [[ -z "$URL" ]] || ! curl -fsS -o /dev/null "$URL/__config" 2>/dev/null; then
  PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  API_PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  echo "==> starting the emulator on $PORT (API mock on $API_PORT)"
  node scripts/cognito-local.mjs --port "$PORT" --api-port "$API_PORT" >"$LOG" 2>&1 &
  EMU_PID=$!
  for _ in $(seq 1 300); do
    grep -q "cognito-local ready" "$LOG" 2>/dev/null && break
    kill -0 "$EMU_PID" 2>/dev/null || { cat "$LOG" >&2; echo "30-cognito: the emulator exited" >&2; exit 1; }
    sleep 0.2
  done
  grep -q "cognito-local ready" "$LOG" || { cat "$LOG" >&2; echo "30-cognito: the emulator did not start" >&2; exit 1; }
  URL="http://127.0.0.1:$PORT"
fi

echo "==> the emulator vs amazon-cognito-identity-js ($URL)"
node tests/cognito/emulator-check.mjs "$URL"
echo "==> the emulator's sign-in flows vs amazon-cognito-identity-js ($URL)"
node tests/cognito/flows-check.mjs "$URL"

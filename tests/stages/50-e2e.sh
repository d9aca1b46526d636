#!/usr/bin/env bash
# Stage 50-e2e: the demo portal (www), BUILT against $PORTAL_API_URL, driven in Debian's Chromium
# by playwright-core (tests/e2e/portal.e2e.mjs): email + password sign-in against the Cognito
# emulator (wrong password in plain words, SRP sign-in, session restored on reload, sign-out with
# the refresh token revoked, NEW_PASSWORD_REQUIRED with checkPassword, a code challenge), SSO and
# token sign-in, branding, dashboard numbers, contracts + detail, meter reading (out-of-range
# refused with no request; in-range sent with a photo), account edit (allowed and refused by the
# edit rules), API and network errors in plain words; then (tests/e2e/portal-builds.e2e.mjs) the same portal served with
# `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`; then a second build that reads
# the user pool from the portal config (cognito_details). Then tests/e2e/signin-flows.e2e.mjs:
# single sign-on through the emulator's identity provider page, TOTP enrolment during sign-in,
# change password and sign-out on all devices, a one-time code by email. Screenshots:
# artifacts/screenshots/.
#
# Then the same portal on the local portal backend (tests/e2e/lived-in.e2e.mjs, see the end).
#
# Needs: pkg/ built (wasm-build stage), the local API running on $PORTAL_API_URL and the Cognito
# emulator on $COGNITO_URL (test.sh starts both).
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
PORTAL_API_URL="${PORTAL_API_URL:-http://127.0.0.1:4010}"
export PORTAL_API_URL
COGNITO_URL="${COGNITO_URL:-http://127.0.0.1:4030}"
export COGNITO_URL
OUT="$ROOT/target/e2e/www"            # the test build (www/dist stays the demo's)
OUT_PORTAL_CONFIG="$ROOT/target/e2e/www-portal-config"
export SCREENSHOT_DIR="$ROOT/artifacts/screenshots"

die() { echo "50-e2e: ERROR: $*" >&2; exit 1; }

[[ -f pkg/index.js && -f pkg/epilot_portal_sdk_bg.wasm ]] ||
  die "pkg/ is not built: run 'npm run build' (scripts/build-package.sh, the wasm-build stage)"
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || die "Chromium not found at ${CHROMIUM:-/usr/bin/chromium} (scripts/setup.sh installs it)"
curl -sf -o /dev/null "$PORTAL_API_URL/__health" ||
  die "the local API does not answer on $PORTAL_API_URL (start it: node scripts/local-api.mjs --port 4010)"
COGNITO_CONFIG="$(curl -sf "$COGNITO_URL/__config")" ||
  die "the Cognito emulator does not answer on $COGNITO_URL (start it: node scripts/cognito-local.mjs --port 4030 --api-port 4031)"
cognito() {  # cognito KEY: a field of the emulator's /__config
  node -e 'const v = JSON.parse(process.argv[1])[process.argv[2]]; if (!v) process.exit(1); process.stdout.write(String(v));' "$COGNITO_CONFIG" "$1" ||
    die "the emulator's /__config has no $1: $COGNITO_CONFIG"
}
COGNITO_API_URL="$(cognito apiUrl)"
COGNITO_ENDPOINT="$(cognito endpoint)"
COGNITO_ORG_ID="$(cognito orgId)"
COGNITO_PORTAL_ID="$(cognito portalId)"

echo "==> www: npm ci (when needed)"
if [[ ! -f www/node_modules/.package-lock.json || www/package-lock.json -nt www/node_modules/.package-lock.json ]]; then
  (cd www && npm ci --ignore-scripts --no-audit --no-fund)
else
  echo "  www/node_modules is up to date"
fi
[[ -e www/node_modules/epilot-portal-sdk/index.js ]] || die "www/node_modules/epilot-portal-sdk does not lead to the built pkg/"

# Only the VITE_* settings given here count.
unset VITE_ORG_ID VITE_PORTAL_ID VITE_AUTH_API_URL VITE_COGNITO_ENDPOINT VITE_COGNITO_USER_POOL_ID VITE_COGNITO_CLIENT_ID VITE_COGNITO_CONFIG_URL
echo "==> www: type-check and build against $PORTAL_API_URL, pool from $COGNITO_URL/__config -> ${OUT#"$ROOT"/}"
(cd www && ./node_modules/.bin/tsc --noEmit -p .)
(cd www && VITE_API_URL="$PORTAL_API_URL" VITE_COGNITO_CONFIG_URL="$COGNITO_URL/__config" \
  ./node_modules/.bin/vite build --outDir "$OUT" --emptyOutDir --logLevel warn)
[[ -f "$OUT/index.html" ]] || die "vite build produced no index.html"
ls "$OUT"/assets/*.wasm >/dev/null 2>&1 || die "the build has no .wasm asset: the SDK's wasm was not bundled"

echo "==> www: second build, the pool from the portal config (cognito_details) -> ${OUT_PORTAL_CONFIG#"$ROOT"/}"
(cd www && VITE_API_URL="$PORTAL_API_URL" VITE_AUTH_API_URL="$COGNITO_API_URL" VITE_COGNITO_ENDPOINT="$COGNITO_ENDPOINT" \
  VITE_ORG_ID="$COGNITO_ORG_ID" VITE_PORTAL_ID="$COGNITO_PORTAL_ID" \
  ./node_modules/.bin/vite build --outDir "$OUT_PORTAL_CONFIG" --emptyOutDir --logLevel warn)
[[ -f "$OUT_PORTAL_CONFIG/index.html" ]] || die "the second vite build produced no index.html"

echo "==> e2e in Chromium (screenshots: ${SCREENSHOT_DIR#"$ROOT"/}/)"
rm -rf "$SCREENSHOT_DIR"
mkdir -p "$SCREENSHOT_DIR"
node tests/e2e/portal.e2e.mjs --dist "$OUT"
echo "==> e2e of the same build under a strict CSP, and of the build that reads the pool from the portal config"
node tests/e2e/portal-builds.e2e.mjs --dist "$OUT" --dist-portal-config "$OUT_PORTAL_CONFIG"
echo "==> e2e of the other ways in: SSO, TOTP enrolment, account security, one-time code"
node tests/e2e/signin-flows.e2e.mjs --dist "$OUT"

# The same portal on the local portal backend (household fixture), as ./scripts/demo.sh shows it:
# its own local API on a free port, a build against it, tests/e2e/lived-in.e2e.mjs (screenshots
# lived-in-*.png). The emulator's demo user is the fixture's customer.
OUT_BACKEND="$ROOT/target/e2e/www-backend"
BACKEND_LOG="${TEST_LOG_DIR:-$ROOT/target}/local-backend-e2e.log"
echo "==> the local backend (scripts/local-api.mjs --data household) on a free port"
node scripts/local-api.mjs --port 0 --data household --quiet >"$BACKEND_LOG" 2>&1 &
BACKEND_PID=$!
trap 'kill "$BACKEND_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 450); do
  grep -q 'local API ready on' "$BACKEND_LOG" && break
  kill -0 "$BACKEND_PID" 2>/dev/null || { cat "$BACKEND_LOG" >&2; die "the local backend exited"; }
  sleep 0.2
done
BACKEND_URL="$(sed -n 's/^local API ready on //p' "$BACKEND_LOG" | head -1)"
[[ -n "$BACKEND_URL" ]] || { tail -20 "$BACKEND_LOG" >&2; die "the local backend did not start"; }
echo "  $BACKEND_URL"
(cd www && VITE_API_URL="$BACKEND_URL" VITE_COGNITO_CONFIG_URL="$COGNITO_URL/__config" \
  ./node_modules/.bin/vite build --outDir "$OUT_BACKEND" --emptyOutDir --logLevel warn)
echo "==> e2e on the local backend"
PORTAL_API_URL="$BACKEND_URL" node tests/e2e/lived-in.e2e.mjs --dist "$OUT_BACKEND"

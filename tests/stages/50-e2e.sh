#!/usr/bin/env bash
# Stage 50-e2e: the demo portal (www), BUILT against $PORTAL_API_URL, driven in Debian's Chromium
# by playwright-core (tests/e2e/portal.e2e.mjs): sign-in (SSO and token), branding, dashboard
# numbers, contracts + detail, meter reading (out-of-range refused with no request; in-range sent
# with a photo), account edit (allowed and refused by the edit rules), API and network errors in
# plain words; then the same portal served with `Content-Security-Policy: script-src 'self'
# 'wasm-unsafe-eval'`. Screenshots: artifacts/screenshots/.
#
# Needs: pkg/ built (wasm-build stage), the local API running on $PORTAL_API_URL (test.sh starts it).
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
PORTAL_API_URL="${PORTAL_API_URL:-http://127.0.0.1:4010}"
export PORTAL_API_URL
OUT="$ROOT/target/e2e/www"            # the test build (www/dist stays the demo's)
export SCREENSHOT_DIR="$ROOT/artifacts/screenshots"

die() { echo "50-e2e: ERROR: $*" >&2; exit 1; }

[[ -f pkg/index.js && -f pkg/epilot_portal_sdk_bg.wasm ]] ||
  die "pkg/ is not built: run 'wasm-pack build --target web --release && node scripts/package.mjs' (the wasm-build stage)"
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || die "Chromium not found at ${CHROMIUM:-/usr/bin/chromium} (scripts/setup.sh installs it)"
curl -sf -o /dev/null "$PORTAL_API_URL/__health" ||
  die "the local API does not answer on $PORTAL_API_URL (start it: node scripts/local-api.mjs --port 4010)"

echo "==> www: npm ci (when needed)"
if [[ ! -f www/node_modules/.package-lock.json || www/package-lock.json -nt www/node_modules/.package-lock.json ]]; then
  (cd www && npm ci --ignore-scripts --no-audit --no-fund)
else
  echo "  www/node_modules is up to date"
fi
[[ -e www/node_modules/epilot-portal-sdk/index.js ]] || die "www/node_modules/epilot-portal-sdk does not lead to the built pkg/"

echo "==> www: type-check and build against $PORTAL_API_URL -> ${OUT#"$ROOT"/}"
(cd www && ./node_modules/.bin/tsc --noEmit -p .)
(cd www && VITE_API_URL="$PORTAL_API_URL" ./node_modules/.bin/vite build --outDir "$OUT" --emptyOutDir --logLevel warn)
[[ -f "$OUT/index.html" ]] || die "vite build produced no index.html"
ls "$OUT"/assets/*.wasm >/dev/null 2>&1 || die "the build has no .wasm asset: the SDK's wasm was not bundled"

echo "==> e2e in Chromium (screenshots: ${SCREENSHOT_DIR#"$ROOT"/}/)"
rm -rf "$SCREENSHOT_DIR"
mkdir -p "$SCREENSHOT_DIR"
node tests/e2e/portal.e2e.mjs --dist "$OUT"

#!/usr/bin/env bash
# Stage 55-sign-in-module: the npm package's separately loaded sign-in module in Chromium against
# the Cognito emulator (tests/e2e/sign-in-module.mjs): loaded only on the first sign-in call, once;
# errors of the package's own PortalApiError class; sign-in, 401 -> refresh -> repeat, sign-out.
# The other flows through the module too (custom auth, TOTP setup, attributes, global sign-out).
# A signed-in page (tests/e2e/restore.mjs): the core restores and refreshes a stored session
# without the module, and hands it over to the module for everything else. A sign-in page
# (tests/e2e/password-module.mjs): signIn through the small password module, the sign-in module
# taking over a challenge, the session and a device Cognito tracked.
# Needs: pkg/ built (wasm-build stage), the emulator on $COGNITO_URL (test.sh starts it).
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
die() { echo "55-sign-in-module: ERROR: $*" >&2; exit 1; }
[[ -f pkg/index.js && -f pkg/sign-in/epilot_portal_sdk_sign_in_bg.wasm && -f pkg/password/epilot_portal_sdk_password_bg.wasm ]] ||
  die "pkg/ has no sign-in or password module: run 'npm run build' (scripts/build-package.sh, the wasm-build stage)"
curl -sf -o /dev/null "${COGNITO_URL:-http://127.0.0.1:4030}/__config" ||
  die "the Cognito emulator does not answer on ${COGNITO_URL:-http://127.0.0.1:4030} (node scripts/cognito-local.mjs)"
node tests/e2e/sign-in-module.mjs
node tests/e2e/restore.mjs
node tests/e2e/password-module.mjs

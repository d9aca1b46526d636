#!/usr/bin/env bash
# Stage 60-consumer: the package as a user gets it. `npm pack ./pkg`, install the tarball into a
# fresh Vite + TypeScript app in a temp folder (vite and typescript from the npm registry, npm's
# cache first), then:
#   * Node resolves the package's exports (index.js: default init, PortalClient, PortalApiError)
#   * tsc --strict --noEmit main.ts (types through package.json "exports" -> index.d.ts)
#   * vite build (the .wasm must come out as an asset)
#   * the build, served locally, runs in Chromium (tests/consumer/run.mjs): a few calls against
#     $PORTAL_API_URL and a 404 that must reject with the package's PortalApiError
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
PORTAL_API_URL="${PORTAL_API_URL:-http://127.0.0.1:4010}"
export PORTAL_API_URL
VITE_VERSION="$(node -p "require('./package.json').devDependencies.vite")"
TS_VERSION="$(node -p "require('./package.json').devDependencies.typescript")"

die() { echo "60-consumer: ERROR: $*" >&2; exit 1; }
[[ -f pkg/index.js && -f pkg/package.json ]] ||
  die "pkg/ is not built: run 'npm run build' (scripts/build-package.sh, the wasm-build stage)"
grep -q '"main": "index.js"' pkg/package.json || die "pkg/package.json is wasm-pack's, not scripts/package.mjs's: run node scripts/package.mjs"
curl -sf -o /dev/null "$PORTAL_API_URL/__health" || die "the local API does not answer on $PORTAL_API_URL"

APP="$(mktemp -d "${TMPDIR:-/tmp}/epilot-consumer.XXXXXX")"
cleanup() { rm -rf "$APP"; }
trap cleanup EXIT
echo "fresh app folder: $APP"

echo "==> npm pack ./pkg"
tarball="$(cd "$APP" && npm pack "$ROOT/pkg" --silent)"
[[ -f "$APP/$tarball" ]] || die "npm pack did not produce a tarball"
listing="$(tar -tzf "$APP/$tarball" | sed 's#^package/##' | sort)"
echo "  $tarball ($(du -k "$APP/$tarball" | cut -f1) KB): $(tr '\n' ' ' <<<"$listing")"
for f in index.js index.d.ts epilot_portal_sdk.js epilot_portal_sdk.d.ts epilot_portal_sdk_bg.wasm package.json; do
  grep -qx "$f" <<<"$listing" || die "the tarball lacks $f"
done
grep -q '^snippets/.*/portal_api_error\.js$' <<<"$listing" || die "the tarball lacks the PortalApiError snippet"
for f in sign_in.js sign-in/epilot_portal_sdk_sign_in.js sign-in/epilot_portal_sdk_sign_in_bg.wasm; do
  grep -qx "$f" <<<"$listing" || die "the tarball lacks the sign-in module's $f"
done

cp tests/consumer/app/index.html tests/consumer/app/main.ts tests/consumer/app/tsconfig.json "$APP/"
cat > "$APP/package.json" <<JSON
{ "name": "consumer-app", "private": true, "type": "module" }
JSON

echo "==> npm install ./$tarball vite@$VITE_VERSION typescript@$TS_VERSION (registry, cache first)"
(cd "$APP" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error \
  "./$tarball" "vite@$VITE_VERSION" "typescript@$TS_VERSION")
[[ -d "$APP/node_modules/epilot-portal-sdk" && ! -L "$APP/node_modules/epilot-portal-sdk" ]] ||
  die "node_modules/epilot-portal-sdk is not an installed copy"

echo "==> Node resolves the package entry point"
(cd "$APP" && node --input-type=module -e "
  const m = await import('epilot-portal-sdk');
  const want = { default: 'function', PortalClient: 'function', PortalApiError: 'function', initSync: 'function' };
  for (const [k, t] of Object.entries(want)) if (typeof m[k] !== t) { console.error('export ' + k + ' is ' + typeof m[k]); process.exit(1); }
  const e = new m.PortalApiError('HTTP', 'x', 'op', 404, undefined);
  if (!(e instanceof Error) || e.name !== 'PortalApiError') { console.error('PortalApiError is not an Error'); process.exit(1); }
  console.log('  exports ok: ' + Object.keys(m).sort().join(', '));
")

echo "==> tsc --strict --noEmit main.ts"
(cd "$APP" && ./node_modules/.bin/tsc --strict --noEmit -p .)

echo "==> vite build (VITE_API_URL=$PORTAL_API_URL)"
(cd "$APP" && VITE_API_URL="$PORTAL_API_URL" ./node_modules/.bin/vite build --logLevel warn)
ls "$APP"/dist/assets/*.wasm >/dev/null 2>&1 || die "vite build emitted no .wasm asset"
echo "  $(cd "$APP/dist" && find . -type f | sort | tr '\n' ' ')"

echo "==> run in Chromium against $PORTAL_API_URL"
node tests/consumer/run.mjs "$APP/dist"

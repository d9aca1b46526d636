#!/usr/bin/env bash
# Stage 60-consumer: the package as a user gets it. `npm pack ./pkg`, then in a folder of its own:
#   * npm ci of tests/consumer's package-lock.json (Vite, webpack 5, esbuild, Next.js, React,
#     TypeScript: pinned, from the npm registry, no install scripts; kept while the lock is
#     unchanged), then the tarball installed with npm like any package;
#   * Node resolves the package's exports (index.js: default init, PortalClient, PortalApiError);
#   * `tsc --strict --skipLibCheck false --lib es2022,dom` on the apps' TypeScript: the package's
#     types on the default libs of a new TypeScript web app, no esnext.disposable;
#   * each app in tests/consumer/apps builds with the command in tests/consumer/package.json
#     (tests/consumer/readme-snippets.mjs keeps the README's snippets those files and commands,
#     and adds the README's Next.js component to that app): Vite, webpack 5, esbuild,
#     Next.js (app router, the SDK in a client component) with Turbopack and with webpack;
#   * tests/consumer/run.mjs loads each build in Chromium: it calls $PORTAL_API_URL and renders
#     the answer, a 404 rejects with the package's PortalApiError, the Cognito emulator's demo
#     user signs in and out ($COGNITO_URL); for Next.js `next start` serves it and the server
#     render must come out whole first; then the same with the dev servers (`vite`, `next dev`).
# The builds stay in $TMPDIR/epilot-portal-sdk-consumer-*/apps until the next run.
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
PORTAL_API_URL="${PORTAL_API_URL:-http://127.0.0.1:4010}"
COGNITO_URL="${COGNITO_URL:-http://127.0.0.1:4030}"
export PORTAL_API_URL COGNITO_URL NEXT_TELEMETRY_DISABLED=1
NPM_FLAGS=(--ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error)

die() { echo "60-consumer: ERROR: $*" >&2; exit 1; }
step() { echo "==> $* ($((SECONDS - T0)) s)"; }
T0=$SECONDS
[[ -f pkg/index.js && -f pkg/package.json ]] ||
  die "pkg/ is not built: run 'npm run build' (scripts/build-package.sh, the wasm-build stage)"
grep -q '"main": "index.js"' pkg/package.json || die "pkg/package.json is wasm-pack's, not scripts/package.mjs's: run node scripts/package.mjs"
curl -sf -o /dev/null "$PORTAL_API_URL/__health" || die "the local API does not answer on $PORTAL_API_URL"
curl -sf -o /dev/null "$COGNITO_URL/__config" || die "the Cognito emulator does not answer on $COGNITO_URL"

# The apps' folder, outside the repo (an app inside another npm project is not what a user has:
# Next.js would take the repo's lockfile for its workspace root). The pinned tools
# (node_modules) are kept between runs and installed again (npm ci) only when
# tests/consumer/package-lock.json changed; the apps, their builds and the SDK are new every run.
WORK="${TMPDIR:-/tmp}/epilot-portal-sdk-consumer-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
mkdir -p "$WORK"
rm -rf "$WORK/apps" "$WORK"/*.tgz "$WORK/node_modules/epilot-portal-sdk" "$WORK/node_modules/.cache"
echo "apps folder: $WORK"

step "npm pack ./pkg"
tarball="$(cd "$WORK" && npm pack "$ROOT/pkg" --silent)"
[[ -f "$WORK/$tarball" ]] || die "npm pack did not produce a tarball"
listing="$(tar -tzf "$WORK/$tarball" | sed 's#^package/##' | sort)"
echo "  $tarball ($(du -k "$WORK/$tarball" | cut -f1) KB): $(tr '\n' ' ' <<<"$listing")"
for f in index.js index.d.ts epilot_portal_sdk.d.ts epilot_portal_sdk_bg.wasm \
  epilot_portal_sdk_bg.wasm.url.d.ts package.json LICENSE README.md; do
  grep -qx "$f" <<<"$listing" || die "the tarball lacks $f"
done
# index.js is the bundle of the glue, its snippets, the operation methods and the sign-in loader
# (scripts/package.mjs): the files it was made from are not published.
if grep -E '^(epilot_portal_sdk\.js|methods\.js|sign_in\.js|snippets/)' <<<"$listing"; then
  die "the tarball has the files index.js bundles"
fi
for f in sign-in/epilot_portal_sdk_sign_in.js sign-in/epilot_portal_sdk_sign_in_bg.wasm \
  password/epilot_portal_sdk_password.js password/epilot_portal_sdk_password_bg.wasm; do
  # (their snippets are bundled into their glue)
  grep -qx "$f" <<<"$listing" || die "the tarball lacks $f (the sign-in or password module)"
done

cp -r tests/consumer/apps "$WORK/"
node tests/consumer/readme-snippets.mjs "$WORK/apps"
if cmp -s tests/consumer/package-lock.json "$WORK/package-lock.json" && [[ -f "$WORK/node_modules/.package-lock.json" ]]; then
  step "tools from tests/consumer/package-lock.json already installed"
else
  step "npm ci (tests/consumer/package-lock.json)"
  rm -rf "$WORK/node_modules"
  cp tests/consumer/package.json tests/consumer/package-lock.json "$WORK/"
  (cd "$WORK" && npm ci "${NPM_FLAGS[@]}")
fi
cp tests/consumer/package.json "$WORK/"
step "npm install ./$tarball"
(cd "$WORK" && npm install --no-save "${NPM_FLAGS[@]}" "./$tarball")
[[ -d "$WORK/node_modules/epilot-portal-sdk" && ! -L "$WORK/node_modules/epilot-portal-sdk" ]] ||
  die "node_modules/epilot-portal-sdk is not an installed copy"
cmp -s "$ROOT/pkg/epilot_portal_sdk_bg.wasm" "$WORK/node_modules/epilot-portal-sdk/epilot_portal_sdk_bg.wasm" ||
  die "the installed package's .wasm is not pkg/'s"

step "Node resolves the package entry point"
(cd "$WORK" && node --input-type=module -e "
  const m = await import('epilot-portal-sdk');
  const want = { default: 'function', PortalClient: 'function', PortalApiError: 'function', initSync: 'function' };
  for (const [k, t] of Object.entries(want)) if (typeof m[k] !== t) { console.error('export ' + k + ' is ' + typeof m[k]); process.exit(1); }
  const e = new m.PortalApiError('HTTP', 'x', 'op', 404, undefined);
  if (!(e instanceof Error) || e.name !== 'PortalApiError') { console.error('PortalApiError is not an Error'); process.exit(1); }
  console.log('  exports ok: ' + Object.keys(m).sort().join(', '));
")

step "tsc $(cd "$WORK" && node_modules/.bin/tsc --version): strict, skipLibCheck false, lib es2022 + dom"
(cd "$WORK" && npm run -s typecheck:strict)
echo "  ok: the apps' TypeScript and the package's types compile on es2022 + dom"

targets=()
for app in vite webpack esbuild; do
  step "build $app: $(node -p "require('./tests/consumer/package.json').scripts['build:$app']")"
  (cd "$WORK" && npm run -s "build:$app")
  find "$WORK/apps/$app/dist" -name '*.wasm' | grep -q . || die "$app: no .wasm in the build ($WORK/apps/$app/dist)"
  targets+=("$app=static:$WORK/apps/$app/dist")
done
step "build next: next build (Turbopack)"
(cd "$WORK" && npm run -s build:next)
targets+=("next=next:$WORK/apps/next")
step "build next-webpack: next build --webpack (the same app)"
cp -r "$WORK/apps/next" "$WORK/apps/next-webpack" && rm -rf "$WORK/apps/next-webpack/.next"
(cd "$WORK" && npm run -s build:next-webpack)
targets+=("next-webpack=next:$WORK/apps/next-webpack")
# The dev servers a developer starts first (no configuration either).
targets+=("vite-dev=vite-dev:$WORK/apps/vite" "next-dev=next-dev:$WORK/apps/next")

step "run in Chromium against $PORTAL_API_URL"
node tests/consumer/run.mjs "${targets[@]}"
step "60-consumer passed"

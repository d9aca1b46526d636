#!/usr/bin/env bash
# Stage 40-typescript: the package's TypeScript declarations, as a consumer sees them.
#   1. tests/types/check-dts.mjs: a type for every schema of the spec and a PortalClient method
#      for every operationId in pkg/epilot_portal_sdk.d.ts (+ a generated .ts using all of them)
#   2. tsc --strict --noEmit on tests/types/usage.ts (+ the generated file), with
#      `epilot-portal-sdk` resolved like an installed package (node_modules link to pkg/, its
#      package.json `exports` -> index.d.ts). Correct calls compile; every `@ts-expect-error`
#      line must be a real error (tsc reports an unused one as TS2578).
#   3. tests/types/disposable.ts with lib esnext.disposable added: `using` on a PortalClient
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
TSC="$ROOT/node_modules/.bin/tsc"
WORK="$ROOT/target/types-check"

die() { echo "40-typescript: ERROR: $*" >&2; exit 1; }
[[ -f pkg/index.d.ts && -f pkg/epilot_portal_sdk.d.ts ]] ||
  die "pkg/ is not built: run 'npm run build' (scripts/build-package.sh, the wasm-build stage)"
[[ -x "$TSC" ]] || die "$TSC missing: run npm ci in the repo root (scripts/setup.sh does)"
echo "tsc: $("$TSC" --version)"

rm -rf "$WORK"
mkdir -p "$WORK/node_modules"
ln -s "$ROOT/pkg" "$WORK/node_modules/epilot-portal-sdk"
cp tests/types/usage.ts "$WORK/"

echo "==> every schema has a type, every operation a method"
node tests/types/check-dts.mjs --dts pkg/epilot_portal_sdk.d.ts --out "$WORK/complete.ts"

# lib: es2022 + dom, the default of a new TypeScript web app (no esnext.disposable: the package
# declares `[Symbol.dispose]` only where the app's lib has it, see scripts/package.mjs).
# skipLibCheck false: the package's own .d.ts must type-check too.
cat > "$WORK/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "es2022",
    "module": "esnext",
    "moduleResolution": "bundler",
    "lib": ["es2022", "dom"],
    "types": [],
    "skipLibCheck": false,
    "noUnusedLocals": false
  },
  "files": ["usage.ts", "complete.ts"]
}
JSON

echo "==> tsc --strict --noEmit tests/types/usage.ts (+ complete.ts) against pkg/"
if ! "$TSC" -p "$WORK/tsconfig.json" --strict --noEmit --pretty false; then
  echo >&2
  echo "40-typescript: FAILED. Lines above in usage.ts are either a correct call the .d.ts rejects," >&2
  echo "  or 'Unused @ts-expect-error directive' (TS2578): a wrong input the .d.ts now accepts." >&2
  exit 1
fi
expects=$(grep -c '@ts-expect-error' tests/types/usage.ts)
echo "  ok: usage.ts compiles; all $expects @ts-expect-error lines are real errors"

echo "==> with lib esnext.disposable: \`using client = new PortalClient()\` (tests/types/disposable.ts)"
cp tests/types/disposable.ts "$WORK/"
sed -e 's/"files": \["usage.ts", "complete.ts"\]/"files": ["disposable.ts"]/' \
  -e 's/"lib": \["es2022", "dom"\]/"lib": ["es2022", "dom", "esnext.disposable"]/' "$WORK/tsconfig.json" > "$WORK/tsconfig.disposable.json"
grep -q esnext.disposable "$WORK/tsconfig.disposable.json" || die "tsconfig.disposable.json: lib not replaced"
"$TSC" -p "$WORK/tsconfig.disposable.json" --pretty false || die "disposable.ts does not compile with lib esnext.disposable"
echo "  ok"

echo "40-typescript: passed"

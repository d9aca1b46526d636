#!/usr/bin/env bash
# scripts/build-package.sh [OUT_DIR]: builds the npm package into OUT_DIR (default <repo>/pkg).
#
#   1. the core: `wasm-pack build --target web --release -- --no-default-features --features js`
#      (the JS API without the sign-in code; the sign-in methods' TypeScript stays on PortalClient)
#   2. the sign-in module: `wasm-pack build sign-in` into OUT_DIR/sign-in (its own .wasm, loaded by
#      the package on the first use of configureAuth, signIn, ...)
#   3. node scripts/package.mjs --pkg OUT_DIR (package.json, index.js, the loader, minified JS)
#
# Needs wasm-pack, the wasm32 target and wasm-opt on PATH (source scripts/lib.sh && sdk_env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/pkg}" && cd "${1:-$ROOT/pkg}" && pwd)"
cd "$ROOT"
# wasm-pack leaves files of an earlier build behind (snippets/ is named by a hash of the build).
rm -rf "$OUT/snippets" "$OUT/sign-in"
echo "\$ wasm-pack build --target web --release --out-dir $OUT -- --no-default-features --features js"
wasm-pack build --target web --release --out-dir "$OUT" -- --no-default-features --features js
echo "\$ wasm-pack build sign-in --target web --release --out-dir $OUT/sign-in"
wasm-pack build sign-in --target web --release --out-dir "$OUT/sign-in"
echo "\$ node scripts/package.mjs --pkg $OUT"
node scripts/package.mjs --pkg "$OUT"

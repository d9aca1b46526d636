#!/usr/bin/env bash
# scripts/build-package.sh [OUT_DIR]: builds the npm package into OUT_DIR (default <repo>/pkg).
#
#   1. the core: `wasm-pack build --target web --release -- --no-default-features --features js`
#      (the JS API without the sign-in code; the sign-in methods' TypeScript stays on PortalClient)
#   2. the sign-in module: `wasm-pack build sign-in` into OUT_DIR/sign-in (its own .wasm, loaded by
#      the package on the first use of configureAuth, signIn, ...)
#   3. the password module: `wasm-pack build password` into OUT_DIR/password (a password sign-in
#      on its own, loaded by a sign-in page's signIn instead of the sign-in module)
#   4. node scripts/package.mjs --pkg OUT_DIR (package.json, index.js, the loader, minified JS)
#
# The .wasm files are built with the standard library compiled from source for size together
# with the crate (`-Zbuild-std`, `optimize_for_size`) and a panic compiled to a bare trap
# (`-Cpanic=immediate-abort`: no panic messages, locations or formatting code in the file; a
# panic was already fatal to the instance with `panic = "abort"`). These are unstable options of
# the pinned stable compiler, enabled for this build alone with RUSTC_BOOTSTRAP=1 and built in
# their own target dir (target/package) so that they never touch the test builds. Measured:
# core .wasm 69.7 -> 62.3 KB gzip (BENCHMARKS.md, bench/NOTES.md).
#
# Needs wasm-pack, the wasm32 target, its rust-src component (scripts/setup.sh) and wasm-opt on
# PATH (source scripts/lib.sh && sdk_env).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/pkg}" && cd "${1:-$ROOT/pkg}" && pwd)"
cd "$ROOT"
# wasm-pack leaves files of an earlier build behind (snippets/ is named by a hash of the build).
rm -rf "$OUT/snippets" "$OUT/sign-in" "$OUT/password"
export RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" CARGO_TARGET_DIR="$ROOT/target/package"
BUILD_STD=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
echo "\$ RUSTC_BOOTSTRAP=1 RUSTFLAGS='$RUSTFLAGS' wasm-pack build --target web --release --out-dir $OUT -- --no-default-features --features js ${BUILD_STD[*]}"
wasm-pack build --target web --release --out-dir "$OUT" -- --no-default-features --features js "${BUILD_STD[@]}"
echo "\$ RUSTC_BOOTSTRAP=1 RUSTFLAGS='$RUSTFLAGS' wasm-pack build sign-in --target web --release --out-dir $OUT/sign-in -- ${BUILD_STD[*]}"
wasm-pack build sign-in --target web --release --out-dir "$OUT/sign-in" -- "${BUILD_STD[@]}"
echo "\$ RUSTC_BOOTSTRAP=1 RUSTFLAGS='$RUSTFLAGS' wasm-pack build password --target web --release --out-dir $OUT/password -- ${BUILD_STD[*]}"
wasm-pack build password --target web --release --out-dir "$OUT/password" -- "${BUILD_STD[@]}"
echo "\$ node scripts/package.mjs --pkg $OUT"
node scripts/package.mjs --pkg "$OUT"

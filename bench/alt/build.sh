#!/usr/bin/env bash
# bench/alt/build.sh: builds the alternative-design probe (see Cargo.toml) into
# target/bench/out/alt/ (wasm-bindgen --target web, wasm-opt -Oz like the SDK). When that
# directory exists, `npm run bench` adds its rows to "Where the time of the 1 MB call goes".
# A few minutes on 2 cores (its own target dir, target/bench-alt: the SDK's build is untouched).
# To build against another checkout of the SDK (e.g. a clean `git archive HEAD`), copy bench/alt
# into it and run its copy with ALT_OUT=<this repo>/target/bench/out/alt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cd "$ROOT/bench/alt"
[[ -f Cargo.lock ]] || cp "$ROOT/Cargo.lock" Cargo.lock   # same versions as the SDK
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/bench-alt}" cargo build --offline -q --release --target wasm32-unknown-unknown
OUT="${ALT_OUT:-$ROOT/target/bench/out/alt}"
mkdir -p "$OUT"
wasm-bindgen --target web --out-dir "$OUT" "${CARGO_TARGET_DIR:-$ROOT/target/bench-alt}/wasm32-unknown-unknown/release/bench_alt.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$OUT/bench_alt_bg.wasm" -o "$OUT/bench_alt_bg.wasm"
echo "bench/alt built: ${OUT#"$ROOT"/} ($(wc -c <"$OUT/bench_alt_bg.wasm") bytes)"

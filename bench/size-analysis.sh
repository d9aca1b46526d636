#!/usr/bin/env bash
# bench/size-analysis.sh: what each part of the shipped .wasm costs.
#
# Builds the same release wasm as `wasm-pack build --target web --release`, but keeps the
# name section (strip = false) and in its own target dir (target/bench-size), so it never
# invalidates the normal build. Then runs wasm-bindgen and `wasm-opt -Oz -g` (names kept)
# exactly like wasm-pack, and prints twiggy's top items, dominators and monos.
#
# Usage: bash bench/size-analysis.sh [TOP_N]      needs twiggy (cargo install twiggy --locked)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TOP="${1:-40}"
OUT="$ROOT/target/bench-size"
mkdir -p "$OUT/bindgen"

CARGO_TARGET_DIR="$OUT" CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=false \
  cargo build -q --lib --release --target wasm32-unknown-unknown
wasm-bindgen --target web --keep-debug --out-dir "$OUT/bindgen" "$OUT/wasm32-unknown-unknown/release/epilot_portal_sdk.wasm"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$OUT/bindgen/epilot_portal_sdk_bg.wasm" -o "$OUT/named.wasm"
# names only: strip the name section again for the true size
wasm-opt --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$OUT/named.wasm" -o "$OUT/stripped.wasm" 2>/dev/null || true
printf 'named (for twiggy): %s bytes; stripped: %s bytes (gzip -9 %s)\n' \
  "$(wc -c <"$OUT/named.wasm")" "$(wc -c <"$OUT/stripped.wasm")" "$(gzip -9c "$OUT/stripped.wasm" | wc -c)"
if command -v twiggy >/dev/null; then
  echo "== twiggy top -n $TOP"
  twiggy top -n "$TOP" "$OUT/named.wasm"
  echo "== twiggy dominators (depth 2, top $TOP)"
  twiggy dominators -d 2 -r "$TOP" "$OUT/named.wasm"
  echo "== twiggy monos (top 15)"
  twiggy monos -m 15 "$OUT/named.wasm" || true
else
  echo "twiggy not found: cargo install twiggy --locked" >&2
fi

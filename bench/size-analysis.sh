#!/usr/bin/env bash
# bench/size-analysis.sh: what each part of the shipped .wasm costs.
#
# Builds the package's core .wasm as scripts/build-package.sh does (`--no-default-features
# --features js`, the standard library compiled for size, panics as a bare trap), but keeps the
# name section (strip = false), in its own target dir (target/bench-size) so it never
# invalidates the normal build; then wasm-bindgen and wasm-opt -Oz like wasm-pack (DWARF
# dropped first, names kept with -g), and prints:
#   * the stripped size (should be within a few bytes of pkg/'s .wasm from the same sources),
#   * bench/size-groups.mjs: bytes per crate / module (twiggy top, all items),
#   * twiggy top -n TOP, and whether any typed model or its serde code is in the binary.
#
# Usage: bash bench/size-analysis.sh [TOP_N]   (SKIP_BUILD=1 reuses the last build;
#        CRATE_FEATURES="" analyses the default build, sign-in inside;
#        SRC=<dir> builds another checkout of the crate, e.g. `git archive HEAD | tar -x -C <dir>`,
#        with the same target dir and tools;
#        SIGNIN=1 analyses the package's sign-in module instead (the `sign-in` crate, as
#        scripts/build-package.sh builds it, in target/bench-size-signin), PASSWORD=1 its
#        password module (the `password` crate, in target/bench-size-password))
# Needs: twiggy (cargo install twiggy --locked), wasm-bindgen CLI, node_modules/.bin/wasm-opt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TOP="${1:-40}"
OUT="$ROOT/target/bench-size"
# The crate to build, its .wasm's name, and the passes of its wasm-pack profile.
CRATE_DIR=. WASM=epilot_portal_sdk PASSES=(--one-caller-inline-max-function-size=50 --merge-similar-functions -Oz --converge --ignore-implicit-traps)
if [[ -n "${SIGNIN:-}" || -n "${PASSWORD:-}" ]]; then
  if [[ -n "${PASSWORD:-}" ]]; then
    OUT="$ROOT/target/bench-size-password" CRATE_DIR=password WASM=epilot_portal_sdk_password CRATE_FEATURES=""
  else
    OUT="$ROOT/target/bench-size-signin" CRATE_DIR=sign-in WASM=epilot_portal_sdk_sign_in CRATE_FEATURES=""
  fi
  mapfile -t PASSES < <(CRATE_DIR="$CRATE_DIR" node -e '
    const m = /^wasm-opt\s*=\s*(\[.*\])$/m.exec(require("fs").readFileSync(process.env.CRATE_DIR + "/Cargo.toml", "utf8"));
    for (const f of JSON.parse(m[1])) if (!f.startsWith("--enable-") && !f.startsWith("--strip-")) console.log(f);')
fi
FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
mkdir -p "$OUT/bindgen"

SRC="${SRC:-$ROOT}"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  # git archive gives files the commit's time, older than the last build: make cargo look.
  [[ "$SRC" -ef "$ROOT" ]] || find "$SRC/src" -type f -exec touch {} +
  # shellcheck disable=SC2086 # CRATE_FEATURES is a list of cargo arguments
  (cd "$SRC/$CRATE_DIR" && CARGO_TARGET_DIR="$OUT" CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=false \
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    cargo build -q --lib --release --target wasm32-unknown-unknown ${CRATE_FEATURES---no-default-features --features js} \
      -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
  wasm-bindgen --target web --out-dir "$OUT/bindgen" "$OUT/wasm32-unknown-unknown/release/$WASM.wasm"
  # binaryen optimizes less while it has to keep DWARF: drop it first; -g keeps the names.
  # The passes of Cargo.toml's wasm-pack profile.
  wasm-opt --strip-dwarf "${PASSES[@]}" -g "${FEATURES[@]}" "$OUT/bindgen/${WASM}_bg.wasm" -o "$OUT/named.wasm"
  wasm-opt --strip-debug --strip-producers --strip-target-features "${FEATURES[@]}" "$OUT/named.wasm" -o "$OUT/stripped.wasm"
fi
printf 'stripped .wasm: %s bytes, gzip -9 %s (pkg/: %s bytes); named copy for twiggy: %s\n' \
  "$(wc -c <"$OUT/stripped.wasm")" "$(gzip -9c "$OUT/stripped.wasm" | wc -c)" \
  "$(wc -c <"pkg/$([[ "$CRATE_DIR" != . ]] && echo "$CRATE_DIR/")${WASM}_bg.wasm" 2>/dev/null || echo '?')" "${OUT#"$ROOT"/}/named.wasm"
command -v twiggy >/dev/null || { echo "twiggy not found: cargo install twiggy --locked" >&2; exit 1; }

twiggy top -n 1000000 --format csv "$OUT/named.wasm" >"$OUT/top.csv"
node bench/size-groups.mjs "$OUT/top.csv"
echo
echo "== twiggy top -n $TOP"
twiggy top -n "$TOP" "$OUT/named.wasm"
echo
echo "== typed models / their serde code in the binary? (should be none)"
if grep -qE 'generated::models|models::[A-Z]' "$OUT/top.csv"; then
  grep -E 'generated::models|models::[A-Z]' "$OUT/top.csv" | head -20
else
  echo "none"
fi

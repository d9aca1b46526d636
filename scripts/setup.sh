#!/usr/bin/env bash
# scripts/setup.sh: install everything the build and the tests need. Idempotent: a second run
# only checks (a few seconds).
#
# Usage: ./scripts/setup.sh            (from any directory; CI=true and no stdin are fine)
#
# Expects a Debian 12 machine with rustup (cargo, rustc), Node.js 20 and npm. Runs as root,
# or uses sudo for apt-get. Installs, each only when missing or the wrong version:
#   * rustup target wasm32-unknown-unknown
#   * wasm-bindgen-cli at exactly the `wasm-bindgen` version in Cargo.lock (cargo install)
#   * wasm-pack (cargo install)
#   * Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)
#   * npm ci in the repo root and in every direct subfolder with a package-lock.json (www/, ...)
#     when node_modules is missing or older than package-lock.json (install scripts are not
#     run: nothing may download a binary at install time)
# Logs of the long steps go to target/setup-logs/. Nothing here downloads a prebuilt binary
# outside the crates.io / Debian / npm registries.
#
# This script's exports don't reach your shell; for that: source scripts/lib.sh && sdk_env
# (node_modules/.bin first on PATH for wasm-opt 132, ~/.cargo/bin, CHROMEDRIVER).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
sdk_env
cd "$SDK_ROOT"

SETUP_START=$SECONDS
LOG_DIR="$SDK_ROOT/target/setup-logs"
mkdir -p "$LOG_DIR"

# Runs a command with its output in a log file; on failure shows the end of the log.
logged() {
  local log="$1"; shift
  local t0=$SECONDS
  if "$@" >"$log" 2>&1; then
    ok "done in $(fmt_secs $((SECONDS - t0))) (log: ${log#"$SDK_ROOT"/})"
  else
    local rc=$?
    tail -n 40 "$log" >&2 || true
    fail "'$*' failed with exit code $rc (full log: $log)"
    return "$rc"
  fi
}

# cargo install with --locked first; if the locked dependency set cannot be resolved (seen
# here: wasm-bindgen-cli 0.2.130 locks webpki-roots 1.0.11, which this crates.io index
# lacks), retry with a fresh resolution of the same crate version.
cargo_install() {
  local name="$1"; shift
  local log="$LOG_DIR/cargo-install-$name.log"
  if cargo install "$@" --locked >"$log" 2>&1; then
    ok "installed in $(fmt_secs $((SECONDS - t_step))) (log: ${log#"$SDK_ROOT"/})"
    return 0
  fi
  if grep -q 'failed to select a version' "$log"; then
    warn "--locked dependency set unavailable in this crates.io index; retrying without --locked"
    logged "$LOG_DIR/cargo-install-$name-unlocked.log" cargo install "$@"
  else
    tail -n 40 "$log" >&2 || true
    fail "cargo install $* --locked failed (full log: $log)"
    return 1
  fi
}

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found on PATH; this script needs rustup (cargo), Node.js 20 and npm"
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
(( node_major >= 20 )) || die "Node.js >= 20 needed, found $(node --version)"

# 1. wasm32 target ----------------------------------------------------------------------------
say "rustup target wasm32-unknown-unknown"
installed_targets="$(rustup target list --installed)"
if grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
  ok "already installed"
else
  logged "$LOG_DIR/rustup-target.log" rustup target add wasm32-unknown-unknown
fi

# The package build compiles the standard library for size (scripts/build-package.sh): its source.
say "rustup component rust-src"
if rustup component list --installed 2>/dev/null | grep -qx 'rust-src'; then
  ok "already installed"
else
  logged "$LOG_DIR/rustup-rust-src.log" rustup component add rust-src
fi

# Lints in every build (tests/stages/08-clippy.sh).
say "rustup component clippy"
if rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
  ok "already installed"
else
  logged "$LOG_DIR/rustup-clippy.log" rustup component add clippy
fi

# 2. wasm-bindgen-cli at the Cargo.lock version ----------------------------------------------
[[ -f Cargo.lock ]] || { say "Cargo.lock missing: cargo generate-lockfile"; cargo generate-lockfile; }
WBG_VERSION="$(cargo_lock_version wasm-bindgen)"
[[ -n "$WBG_VERSION" ]] || die "no wasm-bindgen package in Cargo.lock"
say "wasm-bindgen-cli $WBG_VERSION (from Cargo.lock)"
have_wbg="$(wasm-bindgen --version 2>/dev/null || true)"
if [[ "$have_wbg" == "wasm-bindgen $WBG_VERSION" ]] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  ok "already installed"
else
  [[ -n "$have_wbg" ]] && warn "found '$have_wbg', need $WBG_VERSION"
  echo "  compiling wasm-bindgen-cli (about 4 minutes on 2 cores)..."
  t_step=$SECONDS
  cargo_install wasm-bindgen-cli wasm-bindgen-cli --version "$WBG_VERSION"
  [[ "$(wasm-bindgen --version)" == "wasm-bindgen $WBG_VERSION" ]] || die "wasm-bindgen still not at $WBG_VERSION after install"
fi

# 3. wasm-pack ---------------------------------------------------------------------------------
say "wasm-pack"
if have_wp="$(wasm-pack --version 2>/dev/null)"; then
  ok "already installed ($have_wp)"
else
  echo "  compiling wasm-pack (about 4 minutes on 2 cores)..."
  t_step=$SECONDS
  cargo_install wasm-pack wasm-pack
fi

# 4. Chromium + ChromeDriver (Debian) ----------------------------------------------------------
say "chromium + chromedriver"
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  ok "already installed"
else
  SUDO=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install chromium chromium-driver"
    SUDO=(sudo -n)
  fi
  echo "  apt-get install chromium chromium-driver..."
  logged "$LOG_DIR/apt.log" bash -c "${SUDO[*]} apt-get update -q && DEBIAN_FRONTEND=noninteractive ${SUDO[*]} apt-get install -y -q chromium chromium-driver"
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || die "apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is missing"
fi

# 5. npm packages ------------------------------------------------------------------------------
npm_dirs=("$SDK_ROOT")
for lock in "$SDK_ROOT"/*/package-lock.json; do
  [[ -f "$lock" ]] || continue
  dir="$(dirname "$lock")"
  case "$(basename "$dir")" in node_modules|target|pkg) continue ;; esac
  npm_dirs+=("$dir")
done
for dir in "${npm_dirs[@]}"; do
  rel="${dir#"$SDK_ROOT"}"; rel="${rel#/}"; rel="${rel:-.}"
  say "npm packages in $rel"
  if [[ ! -f "$dir/package-lock.json" ]]; then
    die "$rel/package-lock.json missing"
  fi
  stamp="$dir/node_modules/.package-lock.json"
  if [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" ]]; then
    ok "node_modules up to date"
  else
    logged "$LOG_DIR/npm-ci-$([[ $rel == . ]] && echo root || echo "${rel//\//_}").log" \
      npm ci --prefix "$dir" --no-audit --no-fund --ignore-scripts --loglevel=error
    touch "$stamp"
  fi
done

# 6. Check what the build will use -----------------------------------------------------------
say "versions"
wasm_opt="$(command -v wasm-opt || true)"
[[ "$wasm_opt" == "$SDK_ROOT/node_modules/.bin/wasm-opt" ]] \
  || die "wasm-opt on PATH is '${wasm_opt:-none}', expected node_modules/.bin/wasm-opt (npm package binaryen)"
printf '  %-22s %s\n' \
  "rustc" "$(rustc --version)" \
  "wasm-pack" "$(wasm-pack --version)" \
  "wasm-bindgen" "$(wasm-bindgen --version)" \
  "wasm-opt" "$(wasm-opt --version) (node_modules/.bin)" \
  "chromium" "$(/usr/bin/chromium --version 2>/dev/null | head -n 1)" \
  "chromedriver" "$(/usr/bin/chromedriver --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)" \
  "node / npm" "$(node --version) / $(npm --version)"
say "setup done in $(fmt_secs $((SECONDS - SETUP_START)))"

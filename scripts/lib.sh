# shellcheck shell=bash
# Shared helpers for scripts/setup.sh and scripts/test.sh. Source it, don't run it:
#   source scripts/lib.sh && sdk_env     # puts cargo bin + node_modules/.bin on PATH,
#                                        # exports CHROMEDRIVER (handy in an interactive shell)

SDK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SDK_ROOT

# Environment every build/test step needs.
sdk_env() {
  local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  case ":$PATH:" in *":$cargo_bin:"*) ;; *) PATH="$cargo_bin:$PATH" ;; esac
  # node_modules/.bin first: its wasm-opt (binaryen 132) must win over any older one.
  case ":$PATH:" in *":$SDK_ROOT/node_modules/.bin:"*) ;; *) PATH="$SDK_ROOT/node_modules/.bin:$PATH" ;; esac
  export PATH
  export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
  export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
}

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _C_B=$'\033[1m' _C_G=$'\033[32m' _C_R=$'\033[31m' _C_Y=$'\033[33m' _C_0=$'\033[0m'
else
  _C_B='' _C_G='' _C_R='' _C_Y='' _C_0=''
fi

say()  { printf '%s==>%s %s\n' "$_C_B" "$_C_0" "$*"; }
ok()   { printf '  %sok%s   %s\n' "$_C_G" "$_C_0" "$*"; }
warn() { printf '  %swarn%s %s\n' "$_C_Y" "$_C_0" "$*" >&2; }
fail() { printf '%sERROR:%s %s\n' "$_C_R" "$_C_0" "$*" >&2; }
die()  { fail "$*"; exit 1; }

# Seconds as "1m23s" / "4s".
fmt_secs() {
  local s=$1
  if (( s >= 60 )); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# Version of a package in Cargo.lock (first match), e.g. cargo_lock_version wasm-bindgen.
cargo_lock_version() {
  awk -v name="$1" '
    $0 == "[[package]]" { inpkg = 1; found = 0; next }
    inpkg && $0 == "name = \"" name "\"" { found = 1; next }
    inpkg && found && /^version = / { gsub(/^version = "|"$/, ""); print; exit }
  ' "$SDK_ROOT/Cargo.lock"
}

# Is something listening on 127.0.0.1:<port>?
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

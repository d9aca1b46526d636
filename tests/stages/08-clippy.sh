#!/usr/bin/env bash
# Stage 08-clippy: `cargo clippy -D warnings` in every build the project ships or tests: native
# (all targets: the crate, codegen, the tests), the wasm core as the package builds it
# (`--no-default-features --features js`), the wasm default build (sign-in inside) and its
# browser tests, the sign-in module and the password module. Needs the clippy component
# (scripts/setup.sh installs it).
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
WASM=(--target wasm32-unknown-unknown)
run() { echo "\$ $*"; "$@"; }
run cargo clippy -q --workspace --all-targets -- -D warnings
run cargo clippy -q "${WASM[@]}" --no-default-features --features js -- -D warnings
run cargo clippy -q "${WASM[@]}" -- -D warnings
run cargo clippy -q "${WASM[@]}" --tests -- -D warnings
run cargo clippy -q "${WASM[@]}" -p epilot-portal-sdk-sign-in -- -D warnings
run cargo clippy -q "${WASM[@]}" -p epilot-portal-sdk-password -- -D warnings
echo "clippy: no warnings in any build"

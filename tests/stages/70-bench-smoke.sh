#!/usr/bin/env bash
# Stage 70-bench-smoke: a short pass of the benchmark (bench/run.mjs --smoke): bundles the three
# contenders with esbuild, measures sizes, loads each in headless Chromium against the bench's
# own precomputed-bodies server (a free port chosen by the OS), runs a few rounds of init,
# latency (getContact, searchPortalUserEntities ~1 MB) and memory, and prints the tables.
# It checks that everything runs and that every contender returns the expected bodies; it makes
# NO timing assertions (the machine running the tests is busy). The full run is `npm run bench`.
# Writes target/bench/BENCHMARKS.smoke.md, never BENCHMARKS.md.
#
# Needs: pkg/ built (wasm-build stage), npm ci, Chromium.
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
[[ -f pkg/index.js && -f pkg/epilot_portal_sdk_bg.wasm ]] ||
  { echo "70-bench-smoke: ERROR: pkg/ is not built: run 'npm run build' (scripts/build-package.sh)" >&2; exit 1; }
exec node bench/run.mjs --smoke

#!/usr/bin/env bash
# Stage 05-deps: no dead dependencies. scripts/check-deps.mjs fails when a Cargo or npm
# dependency of any crate / package.json in the repo is not used by its code; its own tests
# (tests/deps/, made-up repos with used and unused dependencies) run first. Files only, no network.
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
node --test tests/deps/
node scripts/check-deps.mjs

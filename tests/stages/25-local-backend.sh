#!/usr/bin/env bash
# Stage 25-local-backend: the local portal backend (scripts/local-backend/, `local-api.mjs --data`)
# with node's test runner (tests/local-backend/*.test.mjs):
#   household   the fixture read through the backend (contracts, meters with 24 months of
#               readings, series, a balance that adds up, documents, offer, notifications)
#   writes      readings (range, rules, strict plausibility), contact / user edits, the offer
#               accepted once, files saved and deleted, notifications and campaign status; reset
#   bad-input   401 without a token, 404 for another customer's entity, 400 with a message,
#               hostile input to every handler: never a 5xx
#   fixture     dates moved to the current month, broken fixtures refused clearly
#   gateway     local-api.mjs --data on a free port: Prism for the rest, CORS, POST /__reset
# Every answer of the backend is checked against the spec by Prism's validator.
# Needs: npm ci (node_modules with @stoplight/prism-cli). Starts its own servers on free ports.
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
[[ -d node_modules/@stoplight/prism-http ]] || { echo "25-local-backend: ERROR: node_modules missing: run npm ci (scripts/setup.sh does)" >&2; exit 1; }
node --test --test-reporter=spec tests/local-backend/

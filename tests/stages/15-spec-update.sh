#!/usr/bin/env bash
# Stage 15-spec-update: the revision routine (scripts/update-spec.mjs) on real definitions: the
# previous revision (tests/spec-update/previous.openapi.json.gz) against spec/: the operations and
# parameters it adds, the breaking changes, the semver bump, CHANGELOG.md's first section, and
# that preparing an already prepared definition changes nothing. Writes nothing in the repo.
set -euo pipefail
ROOT="${SDK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
node --test tests/spec-update/

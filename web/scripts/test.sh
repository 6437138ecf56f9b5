#!/usr/bin/env bash
# Builds the web app and runs its tests: the build (with the API types generated from
# ../src/http/openapi.json and the typecheck), the import-cycle check (madge) and the unit tests
# (vitest), the same install, build and unit
# tests on Debian bookworm's own Node.js 18 (scripts/check-node18.sh, with the journey too), and
# the end-to-end journey against a real `msfit serve` on loopback (the journey always stops the
# server it started, and writes no tracked file), once on SQLite and once on a throwaway
# PostgreSQL database (../scripts/with-postgres; skipped without PostgreSQL unless
# MSFIT_REQUIRE_POSTGRES=1).
#   MSFIT_BIN=path/to/msfit   the server binary (default ../build/dev/msfit, relative to web/)
#   CHROMIUM=/usr/bin/chromium  the browser (Debian package `chromium`)
#   SKIP_E2E=1                 unit tests and build only
#   SKIP_NODE18=1              not the check on Node.js 18
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
npm test
if [[ "${SKIP_E2E:-0}" != "1" ]]; then
  export MSFIT_BIN="${MSFIT_BIN:-../build/dev/msfit}"
  timeout 900 node e2e/journey.mjs
  if [[ -x ${MSFIT_PG_BINDIR:-/usr/lib/postgresql/15/bin}/initdb ||
    ${MSFIT_REQUIRE_POSTGRES:-0} == 1 ]]; then
    echo "== the journey on PostgreSQL"
    # shellcheck disable=SC2016  # expanded by the inner shell, where with-postgres sets it
    timeout 900 ../scripts/with-postgres sh -c 'E2E_DB="$MSFIT_PG_URL" node e2e/journey.mjs'
  fi
fi
if [[ "${SKIP_NODE18:-0}" != "1" ]]; then
  if [[ "${SKIP_E2E:-0}" != "1" ]]; then export NODE18_E2E=1; fi
  scripts/check-node18.sh
fi

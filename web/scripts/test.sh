#!/usr/bin/env bash
# Builds the web app and runs its tests: unit tests (vitest) and the end-to-end journey against
# a real `msfit serve` on loopback (the journey always stops the server it started).
#   MSFIT_BIN=path/to/msfit   the server binary (default ../build/dev/msfit, relative to web/)
#   CHROMIUM=/usr/bin/chromium  the browser (Debian package `chromium`)
#   SKIP_E2E=1                 unit tests and build only
set -euo pipefail
cd "$(dirname "$0")/.."
# npm 11 writes only this platform's optional rollup packages into the lock, which npm ci then
# calls out of sync; install the locked versions without touching the lock in that case.
npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund
npm run build
npx vitest run
if [[ "${SKIP_E2E:-0}" != "1" ]]; then
  export MSFIT_BIN="${MSFIT_BIN:-../build/dev/msfit}"
  timeout 240 node e2e/journey.mjs
fi

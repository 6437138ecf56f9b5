#!/usr/bin/env bash
# Measures the built web app with Lighthouse 12 (mobile, default throttling) against a real
# `msfit serve`: /, /today (the check-in form, and after today's check-in) and /progress, signed
# in as a person with a profile, a plan and today's check-in. Builds nothing: give it a msfit
# binary and a built web/dist. Prints performance, accessibility, best-practices, CLS, LCP and
# TBT per page, then what costs points; the JSON reports go to a temporary folder (printed), or
# to LH_REPORTS when set. docs/PERFORMANCE.md keeps the figures.
#   tools/lighthouse/run.sh [msfit binary] [web/dist]
#   defaults: build/h2/msfit and web/dist; LH_DATE=YYYY-MM-DD pins the server's day (default
#   today, UTC); CHROME_PATH (default /usr/bin/chromium).
# Needs `npm ci` in tools/lighthouse once (its own package.json: not part of the web app).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/h2/msfit}
dist=${2:-$root/web/dist}
[[ -x $bin ]] || { echo "run.sh: no msfit binary at $bin" >&2; exit 2; }
[[ -f $dist/index.html ]] || { echo "run.sh: no built app at $dist (cd web && npm run build)" >&2; exit 2; }
[[ -d $here/node_modules/lighthouse ]] || { echo "run.sh: run 'npm ci' in $here first" >&2; exit 2; }
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
exec node "$here/measure.mjs" "$bin" "$dist" ${LH_REPORTS:+"$LH_REPORTS"}

#!/usr/bin/env bash
# Runs the end-to-end journey (e2e/journey.mjs) on seven consecutive dates, Monday to Sunday,
# to show that it passes whatever weekday it runs on. One line per date; the log of a run that
# fails is printed after its line. Needs web/dist (built here when missing).
#   MSFIT_BIN=path/to/msfit     the server binary (default ../build/dev/msfit, relative to web/)
#   CHROMIUM=/usr/bin/chromium  the browser
#   E2E_MONDAY=YYYY-MM-DD       the Monday to start on (default 2026-12-07)
set -euo pipefail
cd "$(dirname "$0")/.."
monday="${E2E_MONDAY:-2026-12-07}"
if [[ "$(date -u -d "$monday" +%u 2>/dev/null)" != 1 ]]; then
  echo "E2E_MONDAY=$monday is not a Monday (YYYY-MM-DD)" >&2
  exit 2
fi
[[ -f dist/index.html ]] || npm run build
logs=$(mktemp -d "${TMPDIR:-/tmp}/msfit-weekdays.XXXXXX")
trap 'rm -rf "$logs"' EXIT

passed=0
failed=0
for n in 0 1 2 3 4 5 6; do
  day=$(date -u -d "$monday + $n days" +%F)
  name=$(date -u -d "$day" +%a)
  log="$logs/$day.log"
  start=$SECONDS
  if E2E_DATE="$day" timeout 900 node e2e/journey.mjs >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "$day $name: pass, $(grep -c '^ok ' "$log") checks ok, $((SECONDS - start)) s"
  else
    failed=$((failed + 1))
    echo "$day $name: FAIL after $((SECONDS - start)) s"
    sed 's/^/    /' "$log"
  fi
  # What today's session offered, as the journey read it from the screen.
  sed -n "s/^ *today's session ([^)]*): /    session: /p" "$log"
done
echo "$passed passed, $failed failed"
((failed == 0))

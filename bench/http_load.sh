#!/usr/bin/env bash
# HTTP load benchmarks for `msfit serve` (docs/PERFORMANCE.md, "HTTP server"). Loopback only and
# bounded: every load runs a fixed time (the client caps itself at 60 s) and the server started
# here is always stopped on exit.
#
#   bench/http_load.sh [seconds] [build-dir]
#
# Without build-dir it configures and builds the release preset with the benchmarks
# (build/release); with one, it uses the msfit and http_load built there. Then, on a new
# database:
#   setup     N accounts (default 64) sign in, store examples/profile.json and make a plan
#   today     GET /api/v1/sessions/today on a training day, 64 connections, one account each
#   sets      POST /api/v1/sets, 32 connections, a new client_id per request (durable writes)
#   health    GET /api/v1/health, 64 connections
#   flood     POST /api/v1/sets (32 connections) while 32 more from 200 loopback addresses
#             sign in with made-up names and wrong passwords
#   wrk       the same three with wrk and the peer's flags (drf/run.sh: -t2, one token), if wrk
#             is installed or can be (root: apt-get install wrk); MSFIT_BENCH_WRK=0 skips it
#   rss       VmRSS of the server after start, after setup and after the loads
#   shutdown  SIGTERM while 32 connections log sets: the server must exit 0 within 10 s and
#             every set answered 201 must be in the database
# Before each load it waits (up to MSFIT_BENCH_QUIET_WAIT seconds, default 600) until the other
# processes on the machine use less than 15% of the CPU, and says so if they never do.
# Environment: MSFIT_BENCH_ACCOUNTS (64), MSFIT_BENCH_CLIENT_THREADS (2), MSFIT_BENCH_OUT (a
# directory to keep each load's JSON and the summary in).
set -euo pipefail

secs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
accounts=${MSFIT_BENCH_ACCOUNTS:-64}
client_threads=${MSFIT_BENCH_CLIENT_THREADS:-2}
quiet_wait=${MSFIT_BENCH_QUIET_WAIT:-600}
# examples/profile.json trains Monday, Wednesday and Friday from Monday 2026-12-07.
day=2026-12-07
shutdown_day=2026-12-09  # The shutdown load logs on its own day, to count its rows apart.
exercise=dumbbell_goblet_squat

if [[ $# -ge 2 ]]; then
  build=$2  # Already built: measured as it is.
  if [[ ! -x $build/msfit || ! -x $build/bench/http_load ]]; then
    echo "no msfit or bench/http_load in $build" >&2
    exit 2
  fi
else
  build=$root/build/release
  (cd "$root" && cmake --preset release -DMSFIT_BUILD_BENCHMARKS=ON >/dev/null &&
    cmake --build --preset release --target msfit http_load >/dev/null)
fi
msfit=$build/msfit
load=$build/bench/http_load

work=$(mktemp -d)
server_pid=""
client_pid=""
cleanup() {
  for pid in $client_pid $server_pid; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [[ -n ${MSFIT_BENCH_OUT:-} ]]; then
    mkdir -p "$MSFIT_BENCH_OUT"
    cp "$work"/*.json "$work"/summary.txt "$MSFIT_BENCH_OUT"/ 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

db=$work/bench.db
summary=$work/summary.txt
note() { echo "$*" | tee -a "$summary"; }

# CPU used by everything on the machine over 3 s, in per cent of all cores.
cpu_busy() {
  local a b
  read -ra a </proc/stat
  sleep 3
  read -ra b </proc/stat
  local total=0 idle=$((b[4] - a[4] + b[5] - a[5]))
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(((total - idle) * 100 / (total > 0 ? total : 1)))
}
wait_quiet() {
  local waited=0 busy
  while :; do
    busy=$(cpu_busy)
    if ((busy < 15)); then
      note "   (machine quiet: ${busy}% CPU busy, loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
      return
    fi
    if ((waited >= quiet_wait)); then
      note "   (machine NOT quiet after ${waited} s: ${busy}% CPU busy," \
        "loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
      return
    fi
    sleep 30
    waited=$((waited + 33))
  done
}
rss_kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

# --- start the server on a free port --------------------------------------------------------
# The server's clock starts on the shutdown day: every day the loads log is then in the past
# (writes dated in the future are refused), whatever day the benchmark runs.
"$msfit" serve --db "$db" --bind 127.0.0.1 --port 0 --clock-start "${shutdown_day}T12:00:00Z" \
  >"$work/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { cat "$work/serve.log"; echo "the server did not start" >&2; exit 1; }
api=http://127.0.0.1:$port/api/v1
sleep 0.5
rss_start=$(rss_kb "$server_pid" VmRSS)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
note "== msfit serve (pid $server_pid, port $port, $(nproc) cores, $cpu)"

# --- setup: accounts, tokens, profiles and plans ----------------------------------------------
setup_start=$(date +%s.%N)
json=(-H 'Content-Type: application/json')
: >"$work/tokens"
for i in $(seq "$accounts"); do
  cred="{\"name\":\"load-user-$i\",\"password\":\"load-password-$i\"}"
  curl -sf "${json[@]}" -d "$cred" "$api/accounts" >/dev/null
  token=$(curl -sf "${json[@]}" -d "$cred" "$api/auth/sessions" |
    sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
  [[ -n $token ]] || { echo "sign-in failed for load-user-$i" >&2; exit 1; }
  echo "$token" >>"$work/tokens"
  auth=(-H "Authorization: Bearer $token")
  curl -sf "${json[@]}" "${auth[@]}" -X PUT --data-binary @"$root/examples/profile.json" \
    "$api/profile" >/dev/null
  curl -sf "${auth[@]}" -X POST "$api/plan" -o /dev/null
done
head -1 "$work/tokens" >"$work/token1"
check=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$work/token1")" \
  "$api/sessions/today?date=$day")
[[ $check == 200 ]] || { echo "GET today answered $check" >&2; exit 1; }
took=$(echo "$(date +%s.%N) $setup_start" | awk '{printf "%.1f", $1 - $2}')
note "== setup: $accounts accounts with profile and plan in $took s"
sleep 2
rss_setup=$(rss_kb "$server_pid" VmRSS)

run_load() {  # name, http_load arguments...
  local name=$1
  shift
  wait_quiet
  "$load" --port "$port" --threads "$client_threads" --duration "$secs" --label "$name" \
    --json "$work/$name.json" "$@" | tee -a "$summary"
}

# --- loads with http_load ---------------------------------------------------------------------
note "== http_load, $client_threads client threads, ${secs} s each"
run_load today --connections 64 --tokens "$work/tokens" --target "/api/v1/sessions/today?date=$day"
run_load sets --connections 32 --tokens "$work/tokens" --post-sets --date "$day" \
  --exercise "$exercise" --prefix sets
run_load health --connections 64 --target /api/v1/health

# --- writes beside a password-guessing flood ------------------------------------------------
# 32 connections from 200 loopback addresses sign in with made-up names and wrong passwords
# (so the per-address throttle holds few of them back) while 32 others log sets.
wait_quiet
note "== sets during a sign-in flood (32 connections, 200 source addresses, wrong passwords)"
"$load" --port "$port" --threads 1 --duration "$((secs + 2))" --connections 32 --sign-ins \
  --sources 200 --prefix flood --label "sign-in flood" --json "$work/flood.json" \
  >"$work/flood.txt" &
client_pid=$!
sleep 1
"$load" --port "$port" --threads "$client_threads" --duration "$secs" --connections 32 \
  --tokens "$work/tokens" --post-sets --date "$day" --exercise "$exercise" --prefix setsflood \
  --label "sets during the flood" --json "$work/sets-flood.json" | tee -a "$summary"
wait "$client_pid" || true
client_pid=""
tee -a "$summary" <"$work/flood.txt"

# --- the same with wrk and the peer's flags ---------------------------------------------------
if [[ ${MSFIT_BENCH_WRK:-1} != 0 ]] && ! command -v wrk >/dev/null && [[ $(id -u) == 0 ]]; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || true
fi
if [[ ${MSFIT_BENCH_WRK:-1} != 0 ]] && command -v wrk >/dev/null; then
  token=$(cat "$work/token1")
  cat >"$work/post.lua" <<LUA
-- A new client_id for every request, so each is a durable write.
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"client_id":"wrk-%d-%d","exercise":"$exercise","reps":10,' ..
    '"load_kg":20,"set":1,"date":"$day"}', tid, n)
  return wrk.format("POST", "/api/v1/sets", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer $token"}, body)
end
LUA
  wrk_run() {  # label, wrk arguments...
    local label=$1
    shift
    wait_quiet
    note "wrk $label"
    wrk -t2 -d"${secs}s" --latency "$@" |
      grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors" | tee -a "$summary"
  }
  note "== wrk -t2 (the peer's flags, one token)"
  wrk_run "today, 64 connections" -c64 -H "Authorization: Bearer $token" \
    "$api/sessions/today?date=$day"
  wrk_run "health, 64 connections" -c64 "$api/health"
  wrk_run "sets, 32 connections" -c32 -s "$work/post.lua" "$api/sets"
else
  note "== wrk not available: skipped"
fi

rss_load=$(rss_kb "$server_pid" VmRSS)
rss_peak=$(rss_kb "$server_pid" VmHWM)
note "== RSS: ${rss_start} kB after start, ${rss_setup} kB after setup," \
  "${rss_load} kB after the loads (peak ${rss_peak} kB)"

# --- graceful shutdown under load -------------------------------------------------------------
wait_quiet
note "== shutdown: SIGTERM while 32 connections log sets"
"$load" --port "$port" --threads "$client_threads" --duration 8 --connections 32 \
  --tokens "$work/tokens" --post-sets --date "$shutdown_day" --exercise "$exercise" \
  --prefix shutdown \
  --acked "$work/acked" --label shutdown >"$work/shutdown.txt" &
client_pid=$!
sleep 3
term_at=$(date +%s.%N)
kill -TERM "$server_pid"
exited=""
for _ in $(seq 200); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    exited=$(date +%s.%N)
    break
  fi
  sleep 0.05
done
if [[ -z $exited ]]; then
  note "FAIL: the server was still running 10 s after SIGTERM"
  kill -9 "$server_pid" 2>/dev/null || true
fi
status=0
wait "$server_pid" || status=$?
server_pid=""
wait "$client_pid" || true
client_pid=""
tee -a "$summary" <"$work/shutdown.txt"
if [[ -n $exited ]]; then
  took=$(echo "$exited $term_at" | awk '{printf "%.2f", $1 - $2}')
  said=no
  grep -q "Stopped cleanly" "$work/serve.log" && said=yes
  note "   exit status $status, $took s after SIGTERM; printed \"Stopped cleanly.\": $said"
fi

# Every set answered 201 must be stored: counted per account with the msfit CLI (the shutdown
# load's day only), and, if the sqlite3 shell is installed, checked id by id.
acked=$(wc -l <"$work/acked")
rows=0 short=0
for i in $(seq "$accounts"); do
  n=$("$msfit" export --db "$db" --account "load-user-$i" | grep -c "^set,$shutdown_day," || true)
  rows=$((rows + n))
done
((rows >= acked)) || short=1
note "   sets answered 201: $acked; set rows of that day in the database (msfit export): $rows"
if command -v sqlite3 >/dev/null; then
  sqlite3 "$db" "SELECT client_id FROM strength_sets WHERE client_id LIKE 'shutdown-%'" |
    sort >"$work/stored"
  cut -d' ' -f2 "$work/acked" | sort >"$work/acked.sorted"
  missing=$(comm -23 "$work/acked.sorted" "$work/stored" | wc -l)
  note "   by client_id (sqlite3): $(wc -l <"$work/stored") stored," \
    "$missing answered 201 but missing"
  ((missing == 0)) || short=1
fi
if ((short)) || [[ -z $exited ]] || ((status != 0)); then
  note "FAIL: graceful shutdown"
  exit 1
fi
note "   graceful shutdown: OK"

#!/usr/bin/env bash
# The HTTP loads of bench/http_load.sh on each storage layout, in one run (docs/SCALING.md):
#   sqlite       one `msfit serve` on a SQLite file (WAL, synchronous=FULL)
#   postgres     one `msfit serve` on PostgreSQL 15 (fsync on, synchronous_commit on)
#   postgres x2  two `msfit serve` processes on that PostgreSQL database, each load split
#                evenly between them (two http_load clients at once, their rates added)
# Loads: today's session (64 connections), durable set logs (32 connections, a new client_id
# per request), /api/v1/health (64 connections). Loopback only; everything started here (the
# servers, the throwaway PostgreSQL cluster) is stopped on exit.
#
#   bench/scale_load.sh [seconds] [build-dir]
#
# build-dir must hold msfit and bench/http_load (cmake --preset release
# -DMSFIT_BUILD_BENCHMARKS=ON). Environment: MSFIT_BENCH_ACCOUNTS (64), MSFIT_BENCH_OUT (a
# directory to keep the summary and each load's JSON in), MSFIT_PG_BINDIR
# (/usr/lib/postgresql/15/bin), MSFIT_BENCH_PEER (a peer baseline's run script, e.g. the DRF
# stand-in's run.sh: run first, with the same seconds, its wrk figures kept in the summary).
set -euo pipefail

secs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build/release}
accounts=${MSFIT_BENCH_ACCOUNTS:-64}
pgbin=${MSFIT_PG_BINDIR:-/usr/lib/postgresql/15/bin}
day=2026-12-07
exercise=dumbbell_goblet_squat
msfit=$build/msfit
load=$build/bench/http_load
[[ -x $msfit && -x $load ]] || { echo "no msfit or bench/http_load in $build" >&2; exit 2; }
[[ -x $pgbin/initdb ]] || { echo "no PostgreSQL in $pgbin" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
as_pg=()
if [[ $(id -u) == 0 ]]; then as_pg=(runuser -u postgres --); fi
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -d $work/pg ]]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [[ -n ${MSFIT_BENCH_OUT:-} ]]; then
    mkdir -p "$MSFIT_BENCH_OUT"
    cp "$work"/*.json "$work"/summary.txt "$MSFIT_BENCH_OUT"/ 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
summary=$work/summary.txt
note() { echo "$*" | tee -a "$summary"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- a PostgreSQL cluster with the settings of a durable production one -------------------------
pgport=$(free_port)
mkdir -p "$work/pg"
[[ ${#as_pg[@]} == 0 ]] || chown postgres "$work/pg"
"${as_pg[@]}" "$pgbin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w -o \
  "-c listen_addresses=127.0.0.1 -c port=$pgport -c unix_socket_directories=$work/pg -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null
psql -X -q -h 127.0.0.1 -p "$pgport" -U postgres -c 'CREATE DATABASE msfit' postgres
pgurl="postgresql://postgres@127.0.0.1:$pgport/msfit"
note "== $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
  "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'), ${secs} s per load"

start_server() {  # db, log file; prints the port
  "$msfit" serve --db "$1" --bind 127.0.0.1 --port 0 --access-log off \
    --clock-start "2026-12-09T12:00:00Z" >"$2" 2>&1 &
  pids+=($!)
  local port=""
  for _ in $(seq 200); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$2")
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$2" >&2; echo "the server did not start" >&2; exit 1; }
  echo "$port"
}

setup_accounts() {  # port, tokens file
  local api=http://127.0.0.1:$1/api/v1 json=(-H 'Content-Type: application/json') i cred token
  : >"$2"
  for i in $(seq "$accounts"); do
    cred="{\"name\":\"load-user-$i\",\"password\":\"load-password-$i\"}"
    curl -sf "${json[@]}" -d "$cred" "$api/accounts" >/dev/null
    token=$(curl -sf "${json[@]}" -d "$cred" "$api/auth/sessions" |
      sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
    [[ -n $token ]] || { echo "sign-in failed for load-user-$i" >&2; exit 1; }
    echo "$token" >>"$2"
    curl -sf "${json[@]}" -H "Authorization: Bearer $token" -X PUT \
      --data-binary @"$root/examples/profile.json" "$api/profile" >/dev/null
    curl -sf -H "Authorization: Bearer $token" -X POST "$api/plan" -o /dev/null
  done
}

# One load split over the ports: `connections` in all, the rates added, the worst p99 kept.
run_split() {  # layout, name, connections, ports (space-separated), http_load arguments...
  local layout=$1 name=$2 connections=$3 ports=($4)
  shift 4
  local n=${#ports[@]} i=0 files=() clients=()
  for port in "${ports[@]}"; do
    "$load" --port "$port" --threads $((2 / n > 0 ? 2 / n : 1)) --duration "$secs" \
      --connections $((connections / n)) --label "$layout $name" \
      --json "$work/$layout-$name-$i.json" "$@" --prefix "$layout-$name-$i" >/dev/null &
    clients+=($!)
    files+=("$work/$layout-$name-$i.json")
    i=$((i + 1))
  done
  wait "${clients[@]}"
  python3 - "$layout" "$name" "${files[@]}" <<'PY' | tee -a "$summary"
import json, sys
layout, name, files = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = [json.load(open(f)) for f in files]
rps = sum(r["requests_per_s"] for r in runs)
p50 = max(r["latency_ms"]["p50"] for r in runs)
p99 = max(r["latency_ms"]["p99"] for r in runs)
bad = sum(r["non_2xx"] + r["errors"]["total"] for r in runs)
print(f"{layout:12} {name:7} {rps:10.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  non-2xx or errors {bad}")
PY
}

run_layout() {  # layout, db, instances
  local layout=$1 db=$2 instances=$3 ports=() i
  for i in $(seq "$instances"); do
    ports+=("$(start_server "$db" "$work/$layout-$i.log")")
  done
  setup_accounts "${ports[0]}" "$work/$layout.tokens"
  sleep 2
  local all="${ports[*]}"
  run_split "$layout" today 64 "$all" --tokens "$work/$layout.tokens" \
    --target "/api/v1/sessions/today?date=$day"
  run_split "$layout" sets 32 "$all" --tokens "$work/$layout.tokens" --post-sets --date "$day" \
    --exercise "$exercise"
  run_split "$layout" health 64 "$all" --target /api/v1/health
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

if [[ -n ${MSFIT_BENCH_PEER:-} ]]; then
  note "== peer: $MSFIT_BENCH_PEER"
  bash "$MSFIT_BENCH_PEER" "$secs" 2>&1 | grep -E '^==|Requests/sec|^ +99%' | tee -a "$summary"
fi
run_layout sqlite "$work/bench.db" 1
run_layout postgres "$pgurl" 1
psql -X -q -h 127.0.0.1 -p "$pgport" -U postgres -c 'CREATE DATABASE msfit2' postgres
run_layout postgres-x2 "${pgurl}2" 2

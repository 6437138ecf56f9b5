#!/usr/bin/env bash
# Checks src/http/openapi.json with external tools, and the real server against it:
#   1. Redocly CLI lints the document with its recommended-strict rules (redocly.yaml);
#   2. `msfit serve` runs on a temporary database (with an admin account made by
#      `msfit account create`), on 127.0.0.1 and a free port;
#   3. Stoplight Prism runs as a validating proxy in front of it (`prism proxy`), and
#      traffic.mjs sends requests through it that call every operation of the document and
#      draw the server's error answers; it fails on any violation Prism reports.
# Prism runs without --errors: with it, Prism answers a request that breaks the document with
# its own 422 instead of passing it on, so the server's own 4xx answers could not be checked,
# and it replaces a bad answer with its own error. Without it, every request reaches the
# server and Prism lists what breaks the document in the `sl-violations` header of each
# answer; traffic.mjs fails on any violation of an answer, and on violations of requests it
# meant to be valid.
#   MSFIT_BIN=build/ci/msfit tools/openapi/check.sh
# Installs its npm packages (package-lock.json) with `npm ci` when node_modules is missing or
# older than the lockfile. Needs Node.js 18.20 or later.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
msfit=$(realpath -m "${MSFIT_BIN:-$root/build/ci/msfit}")
document="$root/src/http/openapi.json"
cd "$here"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

if [[ ! -x $msfit ]]; then
  echo "openapi: no msfit binary at $msfit (set MSFIT_BIN)" >&2
  exit 1
fi
echo "openapi: node $(node --version), npm $(npm --version)"
stamp=node_modules/.installed
if [[ ! -e $stamp || package-lock.json -nt $stamp || package.json -nt $stamp ]]; then
  npm ci --ignore-scripts --no-audit --no-fund
  touch "$stamp"
fi

node_modules/.bin/redocly lint --config redocly.yaml "$document"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/msfit-openapi.XXXXXX")
server_pid=""
proxy_pid=""
traffic_pid=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local pid
  for pid in "$traffic_pid" "$proxy_pid" "$server_pid"; do
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The port that process PID printed in LOG ("...PATTERNhttp://127.0.0.1:PORT..."), waiting up to
# 60 s while it runs.
port_from_log() {
  local log=$1 pid=$2 pattern=$3 port="" deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)) && kill -0 "$pid" 2>/dev/null; do
    port=$(sed -n "s|.*${pattern}http://127\.0\.0\.1:\([0-9]\+\).*|\1|p" "$log" | head -n1)
    if [[ -n $port ]]; then
      echo "$port"
      return 0
    fi
    sleep 0.1
  done
  echo "openapi: no port in $log (stopped, or not within 60 s):" >&2
  tail -n 20 "$log" >&2
  return 1
}

# Polls URL until it answers 200, up to 60 s.
wait_healthy() {
  local url=$1 deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "openapi: $url did not answer 200 within 60 s" >&2
  return 1
}

echo 'admin-password-1' | "$msfit" account create --db "$tmp/msfit.db" --name admin --role admin >/dev/null
"$msfit" serve --db "$tmp/msfit.db" --bind 127.0.0.1 --port 0 --clock-start 2027-03-01T12:00:00Z \
  --access-log "$tmp/access.log" >"$tmp/server.log" 2>&1 &
server_pid=$!
server_port=$(port_from_log "$tmp/server.log" "$server_pid" 'serving .* at ')
wait_healthy "http://127.0.0.1:$server_port/api/v1/health"

node_modules/.bin/prism proxy "$document" "http://127.0.0.1:$server_port" --host 127.0.0.1 --port 0 \
  >"$tmp/prism.log" 2>&1 &
proxy_pid=$!
proxy_port=$(port_from_log "$tmp/prism.log" "$proxy_pid" 'listening on ')
wait_healthy "http://127.0.0.1:$proxy_port/api/v1/health"
echo "openapi: msfit serve on port $server_port, prism proxy on port $proxy_port"

# In the background, so that a signal is handled at once (bash waits for a foreground child).
node traffic.mjs "http://127.0.0.1:$proxy_port" "$document" "$root/examples/profile.json" &
traffic_pid=$!
status=0
wait "$traffic_pid" || status=$?
traffic_pid=""
if [[ $status -ne 0 ]]; then
  echo "openapi: the last lines of prism's log:" >&2
  grep -E 'VALIDATOR|error' "$tmp/prism.log" | tail -n 40 >&2 || true
fi
exit "$status"

#!/usr/bin/env bash
# End-to-end batch planning on one core: N generated profiles through `msfit plan --profiles`.
#   bench/ndjson_batch.sh [build-dir] [profiles]
set -euo pipefail
build=${1:-build/ci}
count=${2:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/cohort_gen" "$count" > "$tmp/cohort.ndjson"
runs=()
for _ in 1 2 3; do
  start=$(date +%s.%N)
  taskset -c 0 "$build/msfit" plan --profiles "$tmp/cohort.ndjson" --format ndjson > "$tmp/out.ndjson"
  end=$(date +%s.%N)
  runs+=("$(echo "$start $end" | awk -v n="$count" '{printf "%.0f", n / ($2 - $1)}')")
done
plans=$(wc -l < "$tmp/out.ndjson")
errors=$(grep -c '"error"' "$tmp/out.ndjson" || true)
echo "profiles=$count plans_out=$plans errors=$errors plans_per_s(3 runs)=${runs[*]}"

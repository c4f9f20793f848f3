#!/usr/bin/env bash
# The simulator benchmark (issue 5): N monthly subscriptions (default
# 1,000,000) with three plan changes each, simulated for 12 billed cycles;
# the JSON Lines ledger written to /dev/null and to a file, with 1 and 2
# threads, each run PRORATA_BENCH_REPS times (default 3). Prints the median
# run's wall and CPU time, rows per second (per wall second, per worker
# thread, per CPU second of the whole process: reader, workers and writer,
# user + system) and peak RSS (GNU time's "Maximum resident set size"). The
# ledger file is removed before each timed run, so a run does not pay for
# dropping the previous one from the page cache.
# Usage: bench/simulate.sh [BUILD_DIR] [N]    (BUILD_DIR: default build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
n=${2:-1000000}
prorata=$build/simulator/prorata
work=${PRORATA_BENCH_DIR:-$build/bench-simulate}
mkdir -p "$work"
input=$work/subs-$n.jsonl
[ -s "$input" ] || "$build/bench/gen_scenario" "$n" > "$input"
echo "input: $input ($n subscriptions, $(du -h "$input" | cut -f1))"
reps=${PRORATA_BENCH_REPS:-3}
echo "each line: the median by wall time of $reps runs (the host's speed varies from run to run)"
rows=$("$prorata" simulate "$input" -o - --threads 2 --quiet | wc -l)
printf '%-8s %-10s %9s %9s %11s %13s %15s %13s %10s\n' threads output wall_s cpu_s rows rows/s rows/s/thread rows/cpu_s peak_RSS_MB
for threads in 1 2; do
  for output in /dev/null "$work/ledger.jsonl"; do
    runs=()
    for ((r = 0; r < reps; ++r)); do
      stats=$work/time.txt
      rm -f "$work/ledger.jsonl"
      sync
      /usr/bin/time -f '%e %U %S %M' -o "$stats" \
        "$prorata" simulate "$input" -o "$output" --threads "$threads" --quiet
      if [ "$output" != /dev/null ] && [ "$(wc -l < "$output")" != "$rows" ]; then
        echo "the ledger file does not have $rows rows" >&2
        exit 1
      fi
      runs+=("$(cat "$stats")")
    done
    name=/dev/null
    [ "$output" = /dev/null ] || name=file
    python3 - "$threads" "$name" "$rows" "${runs[@]}" <<'PY'
import sys
threads, name, rows = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
runs = sorted((tuple(float(x) for x in r.split()) for r in sys.argv[4:]), key=lambda r: r[0])
wall, user, sys_s, rss = runs[len(runs) // 2]
cpu = user + sys_s
print(f"{threads:<8} {name:<10} {wall:9.2f} {cpu:9.2f} {rows:11d} {rows / wall:13,.0f} "
      f"{rows / wall / threads:15,.0f} {rows / cpu:13,.0f} {rss / 1024:10.1f}")
PY
  done
done
rm -f "$work/ledger.jsonl"

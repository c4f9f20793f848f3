#!/usr/bin/env bash
# The simulator benchmark (issue 5): N monthly subscriptions (default
# 1,000,000) with three plan changes each, simulated for 12 billed cycles;
# the JSON Lines ledger written to /dev/null and to a file, with 1 and 2
# threads. Prints wall and CPU time, rows per second (per wall second, per
# worker thread, per CPU second of the whole process: reader, workers and
# writer, user + system) and peak RSS (GNU time's "Maximum resident set
# size"). The ledger file is removed before each timed run, so the run does
# not pay for dropping the previous one from the page cache.
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
printf '%-8s %-10s %9s %9s %11s %13s %15s %13s %10s\n' threads output wall_s cpu_s rows rows/s rows/s/thread rows/cpu_s peak_RSS_MB
for threads in 1 2; do
  for output in /dev/null "$work/ledger.jsonl"; do
    stats=$work/time.txt
    rm -f "$work/ledger.jsonl"
    sync
    /usr/bin/time -f '%e %U %S %M' -o "$stats" \
      "$prorata" simulate "$input" -o "$output" --threads "$threads" --quiet
    read -r wall user sys rss_kb < "$stats"
    if [ "$output" = /dev/null ]; then
      rows=$("$prorata" simulate "$input" -o - --threads 2 --quiet | wc -l)
      name=/dev/null
    else
      rows=$(wc -l < "$output")
      name=file
    fi
    python3 - "$threads" "$name" "$wall" "$user" "$sys" "$rows" "$rss_kb" <<'PY'
import sys
threads, name, wall, user, sys_s, rows, rss = sys.argv[1:]
wall, cpu, rows, threads = float(wall), float(user) + float(sys_s), int(rows), int(threads)
print(f"{threads:<8} {name:<10} {wall:9.2f} {cpu:9.2f} {rows:11d} {rows / wall:13,.0f} "
      f"{rows / wall / threads:15,.0f} {rows / cpu:13,.0f} {int(rss) / 1024:10.1f}")
PY
  done
done
rm -f "$work/ledger.jsonl"

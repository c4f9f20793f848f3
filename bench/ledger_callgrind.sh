#!/usr/bin/env bash
# Instructions per ledger row of the writer (simulator/sim/ledger_format.cpp),
# counted by callgrind over count_ledger's rows (repeatable, unlike time on
# a shared machine). The destinations are reserved beforehand: growing a
# batch's buffer is the pipeline's cost, not the writer's.
#   bench/ledger_callgrind.sh [build-dir]      (default: build)
set -euo pipefail
build=${1:-build}
program="$build/bench/count_ledger"
[ -x "$program" ] || { echo "build $program first: cmake --build $build --target count_ledger" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rows=$("$program" | awk '{print $2}')  # both destinations agree, or this fails
printf '%-18s %s\n' pass Ir/row
for fn in pass_json pass_json_buffer pass_csv pass_csv_buffer; do
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect="$fn" \
    --callgrind-out-file="$out/cg" "$program" >/dev/null 2>&1
  total=$(awk '/^summary:/ {print $2}' "$out/cg")
  # count_ledger runs each pass twice (warm-up + measured)
  awk -v f="$fn" -v t="$total" -v r="$rows" 'BEGIN { printf "%-18s %.1f\n", f, t / (2 * r) }'
done

#!/usr/bin/env bash
# Instructions per operation of bench_money's two variants, counted by
# callgrind (repeatable, unlike time on a shared machine).
#   bench/callgrind.sh [build-dir]      (default: build)
set -euo pipefail
build=${1:-build}
program="$build/bench/count_money"
[ -x "$program" ] || { echo "build $program first: cmake --build $build --target count_money" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$program" >/dev/null  # both variants agree on every case, or this fails
printf '%-9s %-18s %s\n' dataset variant Ir/op
for dataset in typical max; do
  for fn in pass_handwritten pass_prorata; do
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect="$fn" \
      --callgrind-out-file="$out/cg" "$program" "$dataset" >/dev/null 2>&1
    total=$(awk '/^summary:/ {print $2}' "$out/cg")
    # count_money calls each pass twice (warm-up + measured) over 4096 cases
    awk -v d="$dataset" -v v="${fn#pass_}" -v t="$total" 'BEGIN { printf "%-9s %-18s %.1f\n", d, v, t / 8192 }'
  done
done

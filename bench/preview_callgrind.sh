#!/usr/bin/env bash
# Instructions per preview of bench_preview's variants, counted by callgrind
# (repeatable, unlike time on a shared machine), and of
# preview_reference.py by difference (3 passes minus 1 pass, whole process).
#   bench/preview_callgrind.sh [build-dir] [--no-python]   (default: build)
set -euo pipefail
build=${1:-build}
program="$build/bench/count_preview"
[ -x "$program" ] || { echo "build $program first: cmake --build $build --target count_preview" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$program" --dump-cases "$out/cases.csv" >/dev/null  # all variants agree, or this fails
cases=$(($(wc -l <"$out/cases.csv") - 1))
printf '%-16s %s\n' variant Ir/preview
for fn in pass_handwritten pass_prorata_core pass_prorata; do
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect="$fn" \
    --callgrind-out-file="$out/cg" "$program" >/dev/null 2>&1
  total=$(awk '/^summary:/ {print $2}' "$out/cg")
  # count_preview calls each pass twice (warm-up + measured) over the cases
  awk -v v="${fn#pass_}" -v t="$total" -v n="$cases" 'BEGIN { printf "%-16s %.1f\n", v, t / (2 * n) }'
done
[ "${2:-}" = --no-python ] && exit 0
py=$(python3 -c 'import sys; print(sys.executable)')  # the real binary, not a shim
for passes in 1 3; do
  valgrind --tool=callgrind --callgrind-out-file="$out/py$passes" \
    "$py" "$here/preview_reference.py" "$out/cases.csv" --passes "$passes" >/dev/null 2>&1
done
one=$(awk '/^summary:/ {print $2}' "$out/py1")
three=$(awk '/^summary:/ {print $2}' "$out/py3")
awk -v a="$one" -v b="$three" -v n="$cases" \
  'BEGIN { printf "%-16s %.1f\n", "python_decimal", (b - a) / (2 * n) }'

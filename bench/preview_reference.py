#!/usr/bin/env python3
"""The plan-change preview of bench/preview_cases.hpp in Python `decimal`, on
the same cases, checked against prorata's results and timed.

    build/bench/count_preview --dump-cases /tmp/preview_cases.csv
    python3 bench/preview_reference.py /tmp/preview_cases.csv

Per line: amount = price x qty x remaining / period, quantized to a whole
minor unit with ROUND_HALF_UP (half away from zero); tax = amount x 0.0825,
quantized the same way; old-plan lines negated. Then the sums, existing
credit offset on the post-tax total, and a charge below the USD gateway
minimum (50 minor units) raised to it with the excess credited.

Exits 1 if any case differs from prorata's subtotal, tax, settlement amount
or new credit balance. Prints ns per preview: the median over --repeat
timeit repeats of --number passes over all cases, divided by passes x cases
(interpreter loop overhead included, CSV parsing excluded).
    --passes N   only run N passes (no check, no timing): for callgrind
"""
import argparse
import csv
import statistics
import sys
import timeit
from decimal import ROUND_HALF_UP, Decimal

ONE = Decimal(1)
TAX_RATE = Decimal("0.0825")
MINIMUM = Decimal(50)
ZERO = Decimal(0)


def preview(case):
    """(subtotal, tax, settlement, new_balance) of one case, in minor units."""
    old, new, remaining, period, balance = case
    subtotal = ZERO
    tax = ZERO
    for sign, lines in ((-1, old), (1, new)):
        for price, qty in lines:
            amount = (price * qty * remaining / period).quantize(ONE, ROUND_HALF_UP)
            line_tax = (amount * TAX_RATE).quantize(ONE, ROUND_HALF_UP)
            if sign < 0:
                subtotal -= amount
                tax -= line_tax
            else:
                subtotal += amount
                tax += line_tax
    total = subtotal + tax
    due = used = added = ZERO
    if total < 0:
        added = -total
    else:
        used = min(balance, total)
        due = total - used
        if 0 < due < MINIMUM:
            added = MINIMUM - due
            due = MINIMUM
    return subtotal, tax, due, balance - used + added


def load(path):
    cases, expected = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            d = {k: Decimal(v) for k, v in row.items()}
            old = ((d["old_price"], d["old_qty"]), (d["old_addon_price"], d["old_addon_qty"]))
            new = ((d["new_price"], d["new_qty"]), (d["new_addon_price"], d["new_addon_qty"]))
            cases.append((old, new, d["remaining"], d["period"], d["balance"]))
            expected.append((d["subtotal"], d["tax"], d["settlement"], d["new_balance"]))
    return cases, expected


def run(cases):
    for c in cases:
        preview(c)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--number", type=int, default=20, help="passes per timeit repeat")
    ap.add_argument("--repeat", type=int, default=5, help="timeit repeats (median reported)")
    ap.add_argument("--passes", type=int, default=0, help="only run this many passes")
    args = ap.parse_args()
    cases, expected = load(args.csv)
    if args.passes:
        for _ in range(args.passes):
            run(cases)
        return 0
    bad = 0
    for i, (c, want) in enumerate(zip(cases, expected)):
        got = preview(c)
        if got != want:
            bad += 1
            if bad <= 5:
                print(f"mismatch at case {i}: python {got} prorata {want}", file=sys.stderr)
    if bad:
        print(f"{bad} of {len(cases)} cases differ from prorata", file=sys.stderr)
        return 1
    print(f"{len(cases)} cases equal prorata's results (subtotal, tax, settlement, new balance)")
    times = timeit.repeat(lambda: run(cases), number=args.number, repeat=args.repeat)
    per = [t / (args.number * len(cases)) * 1e9 for t in times]
    print(f"python_decimal ns/preview median {statistics.median(per):.0f} "
          f"(min {min(per):.0f}, max {max(per):.0f}; {args.repeat} repeats x {args.number} passes "
          f"x {len(cases)} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

// Calendar layer benchmarks: finding the period that contains an instant and
// computing the remaining share by seconds and by days in a time zone.
//
// Release build, then e.g.:
//   ./bench_calendar --benchmark_min_time=0.5 --benchmark_repetitions=3

#include <chrono>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include <prorata/calendar.hpp>

namespace {

using prorata::billing_interval;
using prorata::instant;
using prorata::interval_unit;
using prorata::schedule;

const instant anchor = prorata::parse_rfc3339("2024-01-31T09:15:00Z");

/// 64 instants spread over one year starting `years` after the anchor, so the
/// loop does not measure one branch-predicted input.
std::vector<instant> instants_after(std::int64_t years) {
  std::vector<instant> out;
  const instant from = anchor + std::chrono::seconds{years * 31556952};
  for (std::int64_t i = 0; i < 64; ++i) {
    out.push_back(from + std::chrono::seconds{i * 492451 + 7});
  }
  return out;
}

// State.range(0) = years after the anchor (1, 10, 100): the cost must not grow.
void bm_period_containing_monthly(benchmark::State& state) {
  const schedule s{anchor, billing_interval{interval_unit::month}};
  const auto ts = instants_after(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.period_containing(ts[i++ & 63]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_period_containing_monthly)->Arg(1)->Arg(10)->Arg(100);

void bm_period_containing_yearly(benchmark::State& state) {
  const schedule s{prorata::parse_rfc3339("2024-02-29T00:00:00Z"),
                   billing_interval{interval_unit::year}};
  const auto ts = instants_after(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.period_containing(ts[i++ & 63]));
  }
}
BENCHMARK(bm_period_containing_yearly)->Arg(10);

void bm_period_containing_weekly(benchmark::State& state) {
  const schedule s{anchor, billing_interval{interval_unit::week, 2}};
  const auto ts = instants_after(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.period_containing(ts[i++ & 63]));
  }
}
BENCHMARK(bm_period_containing_weekly)->Arg(10);

// A naive reference that walks period by period from the anchor, to show what
// the O(1) lookup avoids (its cost grows with the number of elapsed periods).
void bm_walk_from_anchor_monthly(benchmark::State& state) {
  const schedule s{anchor, billing_interval{interval_unit::month}};
  const auto ts = instants_after(state.range(0));
  std::size_t i = 0;
  for (auto _ : state) {
    const instant t = ts[i++ & 63];
    std::int64_t n = 0;
    while (s.boundary(n + 1) <= t) ++n;
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(bm_walk_from_anchor_monthly)->Arg(1)->Arg(10)->Arg(100);

void bm_parse_rfc3339(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(prorata::parse_rfc3339("2026-01-31T05:30:00.250+05:30"));
  }
}
BENCHMARK(bm_parse_rfc3339);

void bm_format_rfc3339(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(prorata::format_rfc3339(anchor));
  }
}
BENCHMARK(bm_format_rfc3339);

// Shares inside the period that contains an instant 10 years after the anchor.
struct share_case {
  prorata::period span;
  std::vector<instant> ts;
};

share_case make_share_case() {
  const schedule s{anchor, billing_interval{interval_unit::month}};
  const auto p = s.period_containing(anchor + std::chrono::seconds{std::int64_t{10} * 31556952});
  share_case c{p.span, {}};
  const std::int64_t len = p.span.length().count();
  for (std::int64_t i = 0; i < 64; ++i)
    c.ts.push_back(p.span.start + std::chrono::seconds{len * i / 64});
  return c;
}

void bm_share_seconds(benchmark::State& state) {
  const auto c = make_share_case();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(prorata::remaining_share(c.span, c.ts[i++ & 63]));
  }
}
BENCHMARK(bm_share_seconds);

// State.range(0): 0 whole_days_only, 1 count_started_day, 2 exact_fraction.
void bm_share_days_new_york(benchmark::State& state) {
  const auto c = make_share_case();
  const auto basis = prorata::share_basis::days_in(
      "America/New_York", static_cast<prorata::partial_day>(state.range(0)));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(prorata::remaining_share(c.span, c.ts[i++ & 63], basis));
  }
}
BENCHMARK(bm_share_days_new_york)->Arg(0)->Arg(1)->Arg(2);

// The zone lookup by name, which callers should do once per basis, not per share.
void bm_share_basis_days_in_lookup(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        prorata::share_basis::days_in("Europe/Berlin", prorata::partial_day::exact_fraction));
  }
}
BENCHMARK(bm_share_basis_days_in_lookup);

}  // namespace

BENCHMARK_MAIN();

// amount x quantity x (remaining / period), rounded half away from zero:
// prorata's money type against a hand-written int64/__int128 version, in the
// same binary over the same cases. Run: build/bench/bench_money
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include <prorata/money.hpp>

#include "money_cases.hpp"

namespace {

using prorata_bench::line_case;

const prorata::currency usd = prorata::currency::from_code("USD");

void run_prorata(benchmark::State& state, const std::vector<line_case>& cases) {
  for (auto _ : state) {
    for (const line_case& c : cases) {
      const prorata::money m = prorata::multiply(prorata::money::from_minor(c.price, usd),
                                                 c.quantity, prorata::ratio(c.remaining, c.period),
                                                 prorata::rounding_mode::half_away_from_zero);
      // The same observable result as the baseline: the integer amount.
      benchmark::DoNotOptimize(m.minor_units());
    }
  }
  state.counters["ns_per_op"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(cases.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void run_handwritten(benchmark::State& state, const std::vector<line_case>& cases) {
  for (auto _ : state) {
    for (const line_case& c : cases) {
      const std::int64_t m = prorata_bench::handwritten_prorate(c);
      benchmark::DoNotOptimize(m);
    }
  }
  state.counters["ns_per_op"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(cases.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

const std::vector<line_case> typical = prorata_bench::make_cases(false);
const std::vector<line_case> max_range = prorata_bench::make_cases(true);

void BM_prorate_handwritten_typical(benchmark::State& s) { run_handwritten(s, typical); }
void BM_prorate_prorata_typical(benchmark::State& s) { run_prorata(s, typical); }
void BM_prorate_handwritten_max(benchmark::State& s) { run_handwritten(s, max_range); }
void BM_prorate_prorata_max(benchmark::State& s) { run_prorata(s, max_range); }

BENCHMARK(BM_prorate_handwritten_typical);
BENCHMARK(BM_prorate_prorata_typical);
BENCHMARK(BM_prorate_handwritten_max);
BENCHMARK(BM_prorate_prorata_max);

}  // namespace

BENCHMARK_MAIN();

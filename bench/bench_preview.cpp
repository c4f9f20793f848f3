// One plan-change preview (two old lines, two new lines, 8.25 % tax, an
// existing credit) through prorata::preview_plan_change, through prorata's
// money API alone, and hand-written on int64/__int128, in the same binary
// over the same 1024 cases. Run: build/bench/bench_preview
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>

#include "preview_cases.hpp"

namespace {

using prorata_bench::preview_case;

const std::vector<preview_case> cases = prorata_bench::make_preview_cases();
const prorata_bench::prorata_inputs inputs = prorata_bench::make_prorata_inputs(cases);
const std::vector<prorata_bench::core_case> core_cases =
    prorata_bench::make_core_cases(inputs, cases);

void count_previews(benchmark::State& state) {
  state.counters["ns_per_op"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(cases.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_preview_handwritten(benchmark::State& state) {
  for (auto _ : state) {
    for (const preview_case& c : cases) {
      const prorata_bench::preview_result r = prorata_bench::handwritten_preview(c);
      benchmark::DoNotOptimize(r.settlement);
      benchmark::DoNotOptimize(r.new_balance);
    }
  }
  count_previews(state);
}

void BM_preview_prorata(benchmark::State& state) {
  for (auto _ : state) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const prorata::plan_change_preview p = prorata::preview_plan_change(
          inputs.subscriptions[i], inputs.catalogs[i], inputs.requests[i], inputs.nows[i],
          inputs.rate, inputs.policy);
      benchmark::DoNotOptimize(p.summary.settlement_amount.minor_units());
      benchmark::DoNotOptimize(p.new_state.credit_balance.minor_units());
    }
  }
  count_previews(state);
}

void BM_preview_prorata_core(benchmark::State& state) {
  for (auto _ : state) {
    for (const prorata_bench::core_case& c : core_cases) {
      const prorata_bench::preview_result r =
          prorata_bench::core_preview(c, inputs.rate, inputs.policy);
      benchmark::DoNotOptimize(r.settlement);
      benchmark::DoNotOptimize(r.new_balance);
    }
  }
  count_previews(state);
}

BENCHMARK(BM_preview_handwritten);
BENCHMARK(BM_preview_prorata);
BENCHMARK(BM_preview_prorata_core);

}  // namespace

BENCHMARK_MAIN();

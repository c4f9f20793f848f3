// Instruction counts for bench_money's two variants: one pass over the 4096
// cases inside a named function, for valgrind --tool=callgrind
// --toggle-collect=<function>. See bench/callgrind.sh.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <prorata/money.hpp>

#include "money_cases.hpp"

using prorata_bench::line_case;

namespace {
volatile std::int64_t sink;
const prorata::currency usd = prorata::currency::from_code("USD");
}  // namespace

extern "C" [[gnu::noinline]] void pass_prorata(const line_case* cases, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const line_case& c = cases[i];
    sink = prorata::multiply(prorata::money::from_minor(c.price, usd), c.quantity,
                             prorata::ratio(c.remaining, c.period),
                             prorata::rounding_mode::half_away_from_zero)
               .minor_units();
  }
}

extern "C" [[gnu::noinline]] void pass_handwritten(const line_case* cases, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) sink = prorata_bench::handwritten_prorate(cases[i]);
}

int main(int argc, char** argv) {
  const bool max_range = argc > 1 && std::strcmp(argv[1], "max") == 0;
  const std::vector<line_case> cases = prorata_bench::make_cases(max_range);
  for (int round = 0; round < 2; ++round) {  // the first round warms up
    pass_prorata(cases.data(), cases.size());
    pass_handwritten(cases.data(), cases.size());
  }
  // Both variants agree on every case, or the figures mean nothing.
  for (const line_case& c : cases) {
    const auto ours = prorata::multiply(prorata::money::from_minor(c.price, usd), c.quantity,
                                        prorata::ratio(c.remaining, c.period),
                                        prorata::rounding_mode::half_away_from_zero);
    if (ours.minor_units() != prorata_bench::handwritten_prorate(c)) {
      std::fprintf(stderr, "mismatch at price %lld\n", static_cast<long long>(c.price));
      return 1;
    }
  }
  std::printf("%zu cases agree\n", cases.size());
  return 0;
}

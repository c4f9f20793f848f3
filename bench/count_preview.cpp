// Instruction counts for bench_preview's variants: one pass over the 1024
// cases inside a named function, for valgrind --tool=callgrind
// --toggle-collect=<function>. See bench/preview_callgrind.sh.
//   count_preview                      check the variants agree, run the passes
//   count_preview --dump-cases FILE    also write the cases and prorata's
//                                      results as CSV for preview_reference.py
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "preview_cases.hpp"

using prorata_bench::preview_case;
using prorata_bench::preview_result;

namespace {
volatile std::int64_t sink;
}  // namespace

extern "C" [[gnu::noinline]] void pass_prorata(const prorata_bench::prorata_inputs* in,
                                               std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const prorata::plan_change_preview p = prorata::preview_plan_change(
        in->subscriptions[i], in->catalogs[i], in->requests[i], in->nows[i], in->rate, in->policy);
    sink = p.summary.settlement_amount.minor_units();
    sink = p.new_state.credit_balance.minor_units();
  }
}

extern "C" [[gnu::noinline]] void pass_prorata_core(const prorata_bench::core_case* cases,
                                                    std::size_t n, const prorata::tax_rate* rate,
                                                    const prorata::policy* pol) {
  for (std::size_t i = 0; i < n; ++i) {
    const preview_result r = prorata_bench::core_preview(cases[i], *rate, *pol);
    sink = r.settlement;
    sink = r.new_balance;
  }
}

extern "C" [[gnu::noinline]] void pass_handwritten(const preview_case* cases, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const preview_result r = prorata_bench::handwritten_preview(cases[i]);
    sink = r.settlement;
    sink = r.new_balance;
  }
}

namespace {

void print_mismatch(const char* what, std::size_t i, const preview_result& a,
                    const preview_result& b) {
  std::fprintf(stderr,
               "%s mismatch at case %zu: subtotal %" PRId64 "/%" PRId64 " tax %" PRId64 "/%" PRId64
               " settlement %" PRId64 "/%" PRId64 " balance %" PRId64 "/%" PRId64 "\n",
               what, i, a.subtotal, b.subtotal, a.tax, b.tax, a.settlement, b.settlement,
               a.new_balance, b.new_balance);
}

bool dump(const char* path, const std::vector<preview_case>& cases,
          const std::vector<preview_result>& results) {
  std::FILE* f = std::fopen(path, "w");
  if (f == nullptr) return false;
  std::fprintf(f,
               "old_price,old_qty,old_addon_price,old_addon_qty,new_price,new_qty,"
               "new_addon_price,new_addon_qty,remaining,period,balance,"
               "subtotal,tax,settlement,new_balance\n");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const preview_case& c = cases[i];
    const preview_result& r = results[i];
    std::fprintf(f,
                 "%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
                 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64
                 ",%" PRId64 "\n",
                 c.old_price, c.old_qty, c.old_addon_price, c.old_addon_qty, c.new_price, c.new_qty,
                 c.new_addon_price, c.new_addon_qty, c.remaining, c.period, c.balance, r.subtotal,
                 r.tax, r.settlement, r.new_balance);
  }
  return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<preview_case> cases = prorata_bench::make_preview_cases();
  const prorata_bench::prorata_inputs in = prorata_bench::make_prorata_inputs(cases);
  const std::vector<prorata_bench::core_case> core = prorata_bench::make_core_cases(in, cases);

  // All variants agree on every case, or the figures mean nothing.
  std::vector<preview_result> results;
  results.reserve(cases.size());
  int branches[4] = {0, 0, 0, 0};  // credit added, paid in full by credit, topped up, charged
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const preview_result ours = prorata_bench::prorata_result(in, i);
    const preview_result base = prorata_bench::handwritten_preview(cases[i]);
    const preview_result mid = prorata_bench::core_preview(core[i], in.rate, in.policy);
    if (!(ours == base)) {
      print_mismatch("prorata/handwritten", i, ours, base);
      return 1;
    }
    if (!(mid == base)) {
      print_mismatch("prorata_core/handwritten", i, mid, base);
      return 1;
    }
    results.push_back(ours);
    const std::int64_t total = base.subtotal + base.tax;
    ++branches[total < 0                                       ? 0
               : base.settlement == 0                          ? 1
               : base.settlement == prorata_bench::usd_minimum ? 2
                                                               : 3];
  }
  std::printf("%zu cases agree (settlement, new credit balance, subtotal, tax)\n", cases.size());
  std::printf("downgrade credit %d, covered by credit %d, topped up to minimum %d, charged %d\n",
              branches[0], branches[1], branches[2], branches[3]);

  if (argc > 2 && std::strcmp(argv[1], "--dump-cases") == 0) {
    if (!dump(argv[2], cases, results)) {
      std::fprintf(stderr, "cannot write %s\n", argv[2]);
      return 2;
    }
    std::printf("wrote %s\n", argv[2]);
    return 0;
  }

  for (int round = 0; round < 2; ++round) {  // the first round warms up
    pass_prorata(&in, cases.size());
    pass_prorata_core(core.data(), core.size(), &in.rate, &in.policy);
    pass_handwritten(cases.data(), cases.size());
  }
  return 0;
}

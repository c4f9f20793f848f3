// The simulator's ledger writer (simulator/sim/ledger_format.cpp) against a
// naive baseline, the same rows built as an nlohmann::ordered_json object and
// dumped, in the same binary over the same rows. The baseline's output is
// checked to be byte for byte the writer's before timing. Run:
// build/bench/bench_ledger
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sim/ledger_format.hpp>
#include <string>
#include <string_view>

#include <benchmark/benchmark.h>

#include <prorata/calendar/instant.hpp>

#include "ledger_cases.hpp"

namespace {

using prorata::sim::ledger_row;

const prorata_bench::ledger_cases cases = prorata_bench::make_ledger_cases();

void append_nlohmann(const ledger_row& r, std::string& out) {
  nlohmann::ordered_json j;
  j["at"] = prorata::format_rfc3339(r.at);
  j["subscription_id"] = r.subscription_id;
  j["kind"] = to_string(r.kind);
  j["currency"] = r.row_currency.code();
  j["subtotal"] = r.subtotal;
  j["tax"] = r.tax;
  j["customer_credits"] = r.customer_credits;
  j["settlement_amount"] = r.settlement_amount;
  j["credit_change"] = r.credit_change;
  j["outstanding"] = r.outstanding;
  j["credit_balance"] = r.credit_balance;
  j["period_start"] = prorata::format_rfc3339(r.period_start);
  j["period_end"] = prorata::format_rfc3339(r.period_end);
  j["product_id"] = r.product_id;
  j["quantity"] = r.quantity;
  j["status"] = prorata::to_string(r.status);
  auto hooks = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < prorata::sim::webhook_names.size(); ++i) {
    if ((static_cast<unsigned>(r.webhooks) >> i) & 1u) {
      hooks.push_back(prorata::sim::webhook_names[i]);
    }
  }
  j["webhooks"] = std::move(hooks);
  j["detail"] = r.detail;
  out += j.dump();
  out += '\n';
}

template <class Out, void (*Append)(const ledger_row&, Out&)>
void run(benchmark::State& state) {
  Out out;
  std::size_t bytes = 0;
  for (auto _ : state) {
    out.clear();  // a batch buffer reused: its capacity stays
    for (const ledger_row& r : cases.rows) Append(r, out);
    const std::string_view written = out;
    bytes += written.size();
    benchmark::DoNotOptimize(written.data());
  }
  const auto rows =
      static_cast<double>(state.iterations()) * static_cast<double>(cases.rows.size());
  state.counters["rows_per_s"] = benchmark::Counter(rows, benchmark::Counter::kIsRate);
  state.counters["bytes_per_s"] =
      benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kIsRate);
  state.counters["bytes_per_row"] = static_cast<double>(bytes) / rows;
}

using prorata::sim::ledger_buffer;

// (a) the naive baseline, (b) the writer into a std::string (what the
// pipeline's batches use today) and into a ledger_buffer, (c) CSV.
void BM_ledger_json_nlohmann(benchmark::State& s) { run<std::string, append_nlohmann>(s); }
void BM_ledger_json_prorata(benchmark::State& s) {
  run<std::string, prorata::sim::append_json_line>(s);
}
void BM_ledger_json_prorata_buffer(benchmark::State& s) {
  run<ledger_buffer, prorata::sim::append_json_line>(s);
}
void BM_ledger_csv_prorata(benchmark::State& s) {
  run<std::string, prorata::sim::append_csv_record>(s);
}
void BM_ledger_csv_prorata_buffer(benchmark::State& s) {
  run<ledger_buffer, prorata::sim::append_csv_record>(s);
}

BENCHMARK(BM_ledger_json_nlohmann);
BENCHMARK(BM_ledger_json_prorata);
BENCHMARK(BM_ledger_json_prorata_buffer);
BENCHMARK(BM_ledger_csv_prorata);
BENCHMARK(BM_ledger_csv_prorata_buffer);

// Both JSON variants must write the same bytes, or the comparison means nothing.
const bool checked = [] {
  std::string a;
  std::string b;
  for (const ledger_row& r : cases.rows) {
    append_nlohmann(r, a);
    prorata::sim::append_json_line(r, b);
  }
  if (a != b) {
    std::fputs("bench_ledger: the baseline and append_json_line differ\n", stderr);
    std::exit(1);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();

// Instruction counts for the ledger writer: passes over bench_ledger's rows
// inside named functions, for valgrind --tool=callgrind
// --toggle-collect=<function>. See bench/ledger_callgrind.sh.
#include <cstdio>
#include <sim/ledger_format.hpp>
#include <string>

#include "ledger_cases.hpp"

using prorata::sim::ledger_row;

extern "C" [[gnu::noinline]] void pass_json(const ledger_row* rows, std::size_t n,
                                            std::string& out) {
  for (std::size_t i = 0; i < n; ++i) prorata::sim::append_json_line(rows[i], out);
}

extern "C" [[gnu::noinline]] void pass_csv(const ledger_row* rows, std::size_t n,
                                           std::string& out) {
  for (std::size_t i = 0; i < n; ++i) prorata::sim::append_csv_record(rows[i], out);
}

extern "C" [[gnu::noinline]] void pass_json_buffer(const ledger_row* rows, std::size_t n,
                                                   prorata::sim::ledger_buffer& out) {
  for (std::size_t i = 0; i < n; ++i) prorata::sim::append_json_line(rows[i], out);
}

extern "C" [[gnu::noinline]] void pass_csv_buffer(const ledger_row* rows, std::size_t n,
                                                  prorata::sim::ledger_buffer& out) {
  for (std::size_t i = 0; i < n; ++i) prorata::sim::append_csv_record(rows[i], out);
}

int main() {
  const prorata_bench::ledger_cases cases = prorata_bench::make_ledger_cases();
  std::string out;
  out.reserve(8 << 20);  // growing a batch's buffer is the caller's policy, not measured here
  std::string json;
  prorata::sim::ledger_buffer buffer;
  buffer.reserve(8 << 20);
  for (int round = 0; round < 2; ++round) {  // the first round warms up
    out.clear();
    pass_json(cases.rows.data(), cases.rows.size(), out);
    json = out;
    out.clear();
    pass_csv(cases.rows.data(), cases.rows.size(), out);
    buffer.clear();
    pass_json_buffer(cases.rows.data(), cases.rows.size(), buffer);
    if (buffer.view() != json) return 1;
    buffer.clear();
    pass_csv_buffer(cases.rows.data(), cases.rows.size(), buffer);
    if (buffer.view() != out) return 1;
  }
  std::printf("rows %zu json_bytes %zu csv_bytes %zu\n", cases.rows.size(), json.size(),
              out.size());
}

// Writes the simulator benchmark's JSON Lines scenario (scenario_lines.hpp):
// a header line, then N subscriptions. Run:
//   build/bench/gen_scenario 1000000 > /tmp/subs.jsonl
#include <cstdio>
#include <cstdlib>
#include <string>

#include "scenario_lines.hpp"

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1000;
  std::printf("%s\n", prorata_bench::scenario_header_line);
  prorata_bench::scenario_lines lines;
  std::string line;
  for (long i = 0; i < n; ++i) {
    lines.next(line);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}

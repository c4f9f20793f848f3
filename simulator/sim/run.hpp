#pragma once
// `prorata simulate`: reads a scenario, replays every subscription on a pool
// of threads, and writes the ledger in input order to a temporary file that
// is renamed into place only when everything succeeded.

#include <cstdint>
#include <optional>
#include <string>

#include <prorata/error.hpp>

#include "ledger_format.hpp"
#include "summary.hpp"

namespace prorata::sim {

struct run_options {
  std::string input = "-";                 ///< scenario file; "-" is stdin
  bool json_lines = false;                 ///< one subscription per line
  std::optional<std::string> header_path;  ///< JSON Lines: header in its own file
  std::string output = "-";                ///< ledger file; "-" is stdout
  ledger_format format = ledger_format::json_lines;
  unsigned threads = 0;   ///< 0: one per hardware thread
  bool summary = false;   ///< compute the per-kind and per-month totals
  bool progress = false;  ///< a progress line on stderr
};

struct run_result {
  std::int64_t subscriptions = 0;
  std::int64_t rows = 0;
  ledger_summary summary;  ///< filled when run_options::summary
};

/// A scenario that cannot be replayed; what() names file, line, pointer, expectation.
class scenario_error : public error {
 public:
  using error::error;
};

/// A file that cannot be read or written.
class io_error : public error {
 public:
  using error::error;
};

/// Runs the simulation. Throws scenario_error or io_error; on any failure
/// no ledger file is left behind (stdout and non-regular files such as
/// /dev/null are written as the rows come).
run_result simulate(const run_options& options);

}  // namespace prorata::sim

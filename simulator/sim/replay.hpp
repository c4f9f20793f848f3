#pragma once
// Replays one subscription's billing life into ledger rows: creation, the
// renewals at every boundary of its schedule, and its timed events.

#include <string>

#include <prorata/error.hpp>

#include "ledger_row.hpp"
#include "scenario.hpp"

namespace prorata::sim {

/// Receives rows as they are made. A row's string_views are valid only
/// during the call.
class row_sink {
 public:
  virtual void write(const ledger_row& row) = 0;

 protected:
  ~row_sink() = default;
};

/// A scenario the engine cannot replay (an unknown product, an amount that
/// overflows, ...): names where it is ("file:line", JSON pointer) and why.
class replay_error : public error {
 public:
  replay_error(const std::string& source, const std::string& pointer, const std::string& why)
      : error(source + ": " + (pointer.empty() ? std::string("(root)") : pointer) + ": " + why) {}
};

/// Replays `spec` from its created_at to `header.until` (exclusive): rows in
/// time order; at an instant that is also a period boundary, the renewal
/// comes before the event. Dodo's refusals become `refused` rows; any other
/// engine error throws replay_error.
void replay(const scenario_header& header, const subscription_spec& spec, row_sink& out);

}  // namespace prorata::sim

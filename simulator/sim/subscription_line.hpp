#pragma once
// The fast reader of one JSON Lines subscription line (simdjson's DOM
// parser, which validates the whole line, then a walk of its tape). It
// accepts only a strict subset it fully understands and then produces
// exactly the spec read_subscription_spec would; on any doubt (an unknown or
// repeated member, null, an unexpected type, a number that is not an
// integer, a value a check refuses, a simdjson error such as malformed JSON
// or trailing text) it declines, and read_subscription_line falls back to
// the nlohmann reader, which stays the single source of error messages.

#include <memory>
#include <string>
#include <string_view>

#include "scenario.hpp"

namespace prorata::sim {

/// One per worker thread: keeps the simdjson parser and a padded copy of
/// the line, so reading allocates nothing beyond the spec's own members.
class subscription_line_reader {
 public:
  subscription_line_reader();
  ~subscription_line_reader();
  subscription_line_reader(const subscription_line_reader&) = delete;
  subscription_line_reader& operator=(const subscription_line_reader&) = delete;

  /// Reads `line` into `out` (pointer "", source `source`), when it lies in
  /// the supported subset and is valid. `out` may hold any spec, e.g. the
  /// previous line's: every member is overwritten, and its strings and
  /// vectors (the events' too) keep their storage. False when it declines;
  /// `out` is then unspecified.
  [[nodiscard]] bool read(std::string_view line, const scenario_header& header,
                          const std::string& source, subscription_spec& out);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

/// One JSON Lines subscription line into `out`: the fast reader's spec
/// when it accepts, otherwise read_subscription_spec(parse_json(line), "",
/// ...), which throws input_error for a bad line (`out` is then
/// unspecified). Reusing one `out` across lines spares its allocations.
void read_subscription_line(subscription_line_reader& reader, std::string_view line,
                            const scenario_header& header, const std::string& source,
                            subscription_spec& out);

/// The same, returning a new spec.
[[nodiscard]] subscription_spec read_subscription_line(subscription_line_reader& reader,
                                                       std::string_view line,
                                                       const scenario_header& header,
                                                       const std::string& source);

}  // namespace prorata::sim

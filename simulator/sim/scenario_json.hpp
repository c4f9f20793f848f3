#pragma once
// Reads scenarios (docs/simulator.md): one JSON document, or JSON Lines with
// a header line and one subscription per line. Errors are
// prorata::dodo::input_error naming the JSON pointer, what was found and
// what was expected; the caller adds the file (and line).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace prorata::sim {

/// A whole scenario held in memory (the single-document form).
struct scenario {
  scenario_header header;
  std::vector<subscription_spec> subscriptions;
};

/// The shared part: "until" (required), "policy" (knob overrides, default
/// {}), "catalog" (required). Other members are ignored.
[[nodiscard]] scenario_header read_header(const nlohmann::json& value, const std::string& pointer);

/// One subscription with its "events", checked against the header: events
/// in time order, from created_at to before until; usage only on the
/// subscription's meters. `source` names the file (and line) in replay errors.
[[nodiscard]] subscription_spec read_subscription_spec(const nlohmann::json& value,
                                                       const std::string& pointer,
                                                       const scenario_header& header,
                                                       const std::string& source);

/// The single-document form: the header's members plus "subscriptions" and
/// optional top-level "events", each naming its "subscription_id".
[[nodiscard]] scenario read_scenario(const nlohmann::json& value, const std::string& source);

}  // namespace prorata::sim

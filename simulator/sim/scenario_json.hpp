#pragma once
// Reads scenarios (docs/simulator.md): one JSON document, or JSON Lines with
// a header line and one subscription per line. Errors are
// prorata::dodo::input_error naming the JSON pointer, what was found and
// what was expected; the caller adds the file (and line).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scenario.hpp"

namespace prorata::sim {

/// A whole scenario held in memory (the single-document form).
struct scenario {
  scenario_header header;
  std::vector<subscription_spec> subscriptions;
};

/// The "type" of each event_kind, in its order.
inline constexpr std::string_view event_type_names[] = {"change_plan",
                                                        "cancel_at_next_billing_date",
                                                        "cancel",
                                                        "payment_fails",
                                                        "payment_method_updated",
                                                        "pause",
                                                        "resume",
                                                        "usage",
                                                        "one_time_charge"};
/// A change_plan request's "on_payment_failure", in the order of on_payment_failure.
inline constexpr std::string_view on_payment_failure_names[] = {"apply_change", "prevent_change"};
/// The largest "trial_period_days".
inline constexpr std::int64_t max_trial_period_days = 10000;

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

/// Throws input_error unless the events of `s` lie in [created_at, until),
/// in time order, and usage names one of its meters. read_subscription_spec
/// runs it; so does the JSON Lines fast reader (subscription_line.hpp).
void check_events(const subscription_spec& s, const scenario_header& h);

/// The single-document form: the header's members plus "subscriptions" and
/// optional top-level "events", each naming its "subscription_id".
[[nodiscard]] scenario read_scenario(const nlohmann::json& value, const std::string& source);

}  // namespace prorata::sim

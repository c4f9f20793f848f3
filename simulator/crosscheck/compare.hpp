#pragma once
// Dodo's preview against the engine's, field by field: summary amounts,
// line items matched by type, id and side (credit or charge), each line's
// proration_factor within a tolerance, the new plan's billing dates. Each
// difference names the policy knob most likely behind it. Pure.

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace prorata::crosscheck {

struct compare_options {
  /// |Dodo's factor - the engine's exact ratio| allowed: Dodo sends a
  /// binary64, and the instant of the change is known to the second.
  double factor_tolerance = 1e-6;
  /// Instants (effective_at, new_plan dates) may differ by this much: the
  /// engine's `now` is Dodo's own effective_at truncated to the second, or
  /// the Date header.
  std::chrono::seconds time_tolerance{2};
};

struct difference {
  std::string field;      ///< "immediate_charge.summary.settlement_amount"
  nlohmann::json dodo;    ///< Dodo's value, or "(absent)"
  nlohmann::json engine;  ///< the engine's value, or "(absent)"
  std::string knob;       ///< the policy knob(s) most likely responsible
};

/// Every difference between Dodo's `dodo` and the engine's `engine` (both
/// SubscriptionPreviewChangePlanResponse objects; the engine's carries the
/// "prorata" extension with the exact factor). Empty when they agree.
[[nodiscard]] std::vector<difference> compare_previews(const nlohmann::json& dodo,
                                                       const nlohmann::json& engine,
                                                       const compare_options& options = {});

/// The line key used for matching: "subscription prod_pro charge",
/// "addon adn_seat credit", "meter mtr_1 usage".
[[nodiscard]] std::string line_key(const nlohmann::json& line);

}  // namespace prorata::crosscheck

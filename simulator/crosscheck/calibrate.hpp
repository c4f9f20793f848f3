#pragma once
// --calibrate: the engine run under every combination of the undocumented
// knobs (time basis with its partial-day rule, rounding mode, cycle
// re-anchoring for prorated and difference changes, credit offset basis,
// the charge of a prorated reset, the old plan's credit source),
// each compared with Dodo's live answers, to settle reference/dodo-domain.md
// section 8 for one account. Pure: the inputs and Dodo's previews are given.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <prorata/billing/policy.hpp>
#include <prorata/dodo/preview_input.hpp>

#include "crosscheck/compare.hpp"

namespace prorata::crosscheck {

/// One knob set to one value, by its policy JSON name: {"rounding", "half_even"}.
struct knob_setting {
  std::string knob;
  std::string value;
};

/// One point of the grid: the policy and the settings that made it.
struct calibration_point {
  policy pol;
  std::vector<knob_setting> settings;
};

/// Every combination over `base` (the other knobs stay as in `base`):
/// 4 time bases x 7 rounding modes x 2 x 2 re-anchoring x 2 credit bases x
/// 2 reset charges x 2 old-plan credit sources: 896 points. The reset charge
/// only tells apart points that re-anchor prorated changes, the credit
/// source only subscriptions whose recurring_pre_tax_amount differs from
/// the catalog; a case that does not exercise them leaves them unsettled.
[[nodiscard]] std::vector<calibration_point> calibration_grid(const policy& base);

/// One request: the engine's input (its policy is replaced) and Dodo's answer.
struct calibration_case {
  dodo::preview_input input;
  nlohmann::json dodo_preview;
};

/// For one knob: the values that appear in at least one combination that
/// reproduces every answer.
struct knob_verdict {
  std::string knob;
  std::vector<std::string> reproducing;
  std::vector<std::string> all_values;
  /// "settled", "any value reproduces (not exercised)", "narrowed" or "no value reproduces".
  [[nodiscard]] std::string status() const;
};

struct calibration_result {
  std::size_t points_tried = 0;
  std::size_t cases = 0;
  std::vector<std::vector<knob_setting>> reproducing;  ///< combinations with no difference
  std::vector<knob_verdict> verdicts;
  std::size_t fewest_differences = 0;  ///< over all combinations and cases
  std::vector<knob_setting> closest;   ///< a combination with that fewest count
};

[[nodiscard]] calibration_result calibrate(const std::vector<calibration_case>& cases,
                                           const policy& base, const compare_options& options);

/// The settings as a `policy` JSON object ({"time_basis": "days", ...}).
[[nodiscard]] nlohmann::ordered_json settings_json(const std::vector<knob_setting>& settings);

}  // namespace prorata::crosscheck

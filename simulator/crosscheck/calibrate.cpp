#include "crosscheck/calibrate.hpp"

#include <algorithm>
#include <limits>

#include <prorata/billing/refusal.hpp>
#include <prorata/dodo/preview_json.hpp>
#include <prorata/error.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata::crosscheck {

namespace {

struct basis_choice {
  time_basis basis;
  partial_day rule;
  const char* label;
};

constexpr basis_choice bases[] = {
    {time_basis::seconds, partial_day::count_started_day, "seconds"},
    {time_basis::days, partial_day::count_started_day, "days/count_started_day"},
    {time_basis::days, partial_day::whole_days_only, "days/whole_days_only"},
    {time_basis::days, partial_day::exact_fraction, "days/exact_fraction"},
};

/// The engine's preview as plain JSON, or nullopt when it refuses.
std::optional<nlohmann::json> engine_preview(const dodo::preview_input& in) {
  try {
    return nlohmann::json::parse(dodo::preview_to_json(dodo::preview(in), in).dump());
  } catch (const prorata::error&) {
    return std::nullopt;
  }
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

std::vector<calibration_point> calibration_grid(const policy& base) {
  std::vector<calibration_point> grid;
  for (const basis_choice& b : bases) {
    for (const rounding_mode mode : all_rounding_modes) {
      for (const bool reset_prorated : {false, true}) {
        for (const bool reset_difference : {false, true}) {
          for (const credit_basis credits : {credit_basis::post_tax, credit_basis::pre_tax}) {
            for (const reset_charge charge :
                 {reset_charge::new_cycle, reset_charge::old_period_remainder}) {
              for (const credit_source source :
                   {credit_source::last_charged, credit_source::catalog}) {
                calibration_point p;
                p.pol = base;
                p.pol.basis = b.basis;
                p.pol.partial_day_rule = b.rule;
                p.pol.rounding = mode;
                p.pol.reset_cycle_on_prorated = reset_prorated;
                p.pol.reset_cycle_on_difference = reset_difference;
                p.pol.credits_offset = credits;
                p.pol.reset_prorated_charge = charge;
                p.pol.old_plan_credit = source;
                p.settings = {
                    {"time_basis", b.label},
                    {"rounding", std::string(to_string(mode))},
                    {"reset_cycle_on_prorated", reset_prorated ? "true" : "false"},
                    {"reset_cycle_on_difference", reset_difference ? "true" : "false"},
                    {"credits_offset", credits == credit_basis::post_tax ? "post_tax" : "pre_tax"},
                    {"reset_prorated_charge",
                     charge == reset_charge::new_cycle ? "new_cycle" : "old_period_remainder"},
                    {"old_plan_credit",
                     source == credit_source::last_charged ? "last_charged" : "catalog"},
                };
                grid.push_back(std::move(p));
              }
            }
          }
        }
      }
    }
  }
  return grid;
}

std::string knob_verdict::status() const {
  if (reproducing.empty()) return "no value reproduces";
  if (reproducing.size() == 1) return "settled";
  if (reproducing.size() == all_values.size()) return "any value reproduces (not exercised)";
  return "narrowed";
}

calibration_result calibrate(const std::vector<calibration_case>& cases, const policy& base,
                             const compare_options& options) {
  calibration_result result;
  result.cases = cases.size();
  const std::vector<calibration_point> grid = calibration_grid(base);
  result.points_tried = grid.size();
  result.fewest_differences = std::numeric_limits<std::size_t>::max();
  for (const knob_setting& s : grid.front().settings) result.verdicts.push_back({s.knob, {}, {}});
  for (const calibration_point& p : grid) {
    for (std::size_t k = 0; k < p.settings.size(); ++k) {
      add_unique(result.verdicts[k].all_values, p.settings[k].value);
    }
    std::size_t differences = 0;
    for (const calibration_case& c : cases) {
      dodo::preview_input in = c.input;
      in.policy = p.pol;
      const std::optional<nlohmann::json> engine = engine_preview(in);
      // A refusal where Dodo answered counts as one difference.
      differences += engine ? compare_previews(c.dodo_preview, *engine, options).size() : 1;
    }
    if (differences < result.fewest_differences) {
      result.fewest_differences = differences;
      result.closest = p.settings;
    }
    if (differences == 0) {
      result.reproducing.push_back(p.settings);
      for (std::size_t k = 0; k < p.settings.size(); ++k) {
        add_unique(result.verdicts[k].reproducing, p.settings[k].value);
      }
    }
  }
  return result;
}

nlohmann::ordered_json settings_json(const std::vector<knob_setting>& settings) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const knob_setting& s : settings) {
    if (s.knob == "time_basis") {
      const auto slash = s.value.find('/');
      j["time_basis"] = s.value.substr(0, slash);
      if (slash != std::string::npos) j["partial_day"] = s.value.substr(slash + 1);
    } else if (s.value == "true" || s.value == "false") {
      j[s.knob] = s.value == "true";
    } else {
      j[s.knob] = s.value;
    }
  }
  return j;
}

}  // namespace prorata::crosscheck

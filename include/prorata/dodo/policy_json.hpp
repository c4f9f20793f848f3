#pragma once
/// \file
/// The `policy` object of prorata's JSON input: knob overrides by name on
/// top of a preset (dodo_upgrade_guide unless "preset" names another). Unlike Dodo objects, an
/// unknown name here is an error: a misspelt knob must not be silently ignored.

#include <array>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include <date/tz.h>

#include <prorata/billing/policy.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata::dodo {

/// Every name the `policy` object accepts, in documentation order.
inline constexpr std::array<std::string_view, 19> policy_knob_names{
    "preset",
    "time_basis",
    "time_zone",
    "partial_day",
    "rounding",
    "reset_cycle_on_prorated",
    "reset_cycle_on_difference",
    "credits_offset",
    "top_up_to_minimum",
    "minimum_charge",
    "discounts",
    "allow_three_decimal_currencies",
    "scheduled_change_requires_full_immediately",
    "omitted_addons_remove",
    "bill_usage_at_change",
    "reset_prorated_charge",
    "old_plan_credit",
    "adaptive_currency_fee_bps",
    "adaptive_currency_fees_inclusive",
};

namespace detail {

[[nodiscard]] inline bool is_policy_knob(std::string_view name) {
  for (const std::string_view n : policy_knob_names) {
    if (n == name) return true;
  }
  return false;
}

[[nodiscard]] inline std::string policy_knob_list() {
  std::string out = "one of ";
  bool first = true;
  for (const std::string_view n : policy_knob_names) {
    if (!first) out += ", ";
    out += n;
    first = false;
  }
  return out;
}

[[nodiscard]] inline rounding_mode read_rounding_mode(const nlohmann::json& v,
                                                      const std::string& pointer) {
  const std::size_t i =
      read_choice(v, pointer,
                  {to_string(all_rounding_modes[0]), to_string(all_rounding_modes[1]),
                   to_string(all_rounding_modes[2]), to_string(all_rounding_modes[3]),
                   to_string(all_rounding_modes[4]), to_string(all_rounding_modes[5]),
                   to_string(all_rounding_modes[6])});
  return all_rounding_modes[i];
}

}  // namespace detail

/// Reads a `policy` object at `pointer`: "preset" ("dodo_upgrade_guide",
/// the base when absent, its alias "dodo_documented", or
/// "dodo_subscriptions_page") and the knobs of prorata::policy by
/// name. Throws input_error for an unknown knob, a wrong type or value, an
/// unknown time zone, or a minimum_charge entry that is not
/// {"<currency code>": <minor units >= 0>}.
[[nodiscard]] inline policy read_policy(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer);
  policy pol = dodo_documented();
  for (const auto& [key, v] : value.items()) {
    if (!detail::is_policy_knob(key)) {
      throw input_error(obj.at(key), "unknown knob " + prorata::detail::quote(key),
                        "a policy knob, " + detail::policy_knob_list());
    }
  }
  if (const nlohmann::json* v = obj.find("preset")) {
    // The base the other knobs given beside it override; dodo_documented is
    // the upgrade guide's older name.
    pol = read_choice(*v, obj.at("preset"),
                      {"dodo_upgrade_guide", "dodo_documented", "dodo_subscriptions_page"}) < 2
              ? dodo_upgrade_guide()
              : dodo_subscriptions_page();
  }
  if (const nlohmann::json* v = obj.find("time_basis")) {
    pol.basis = read_choice(*v, obj.at("time_basis"), {"seconds", "days"}) == 0
                    ? time_basis::seconds
                    : time_basis::days;
  }
  if (const nlohmann::json* v = obj.find("time_zone")) {
    const std::string expected = "an IANA time zone name such as \"UTC\" or \"Asia/Kolkata\"";
    const std::string name = read_string(*v, obj.at("time_zone"), expected);
    const date::time_zone* zone = nullptr;
    try {
      zone = date::locate_zone(name);
    } catch (const std::exception&) {
      zone = nullptr;
    }
    if (zone == nullptr) fail(obj.at("time_zone"), *v, expected);
    pol.time_zone = name;
  }
  if (const nlohmann::json* v = obj.find("partial_day")) {
    static constexpr std::array rules{partial_day::whole_days_only, partial_day::count_started_day,
                                      partial_day::exact_fraction};
    pol.partial_day_rule = rules[read_choice(
        *v, obj.at("partial_day"), {"whole_days_only", "count_started_day", "exact_fraction"})];
  }
  if (const nlohmann::json* v = obj.find("rounding")) {
    pol.rounding = detail::read_rounding_mode(*v, obj.at("rounding"));
  }
  pol.reset_cycle_on_prorated =
      obj.boolean_or("reset_cycle_on_prorated", pol.reset_cycle_on_prorated);
  pol.reset_cycle_on_difference =
      obj.boolean_or("reset_cycle_on_difference", pol.reset_cycle_on_difference);
  if (const nlohmann::json* v = obj.find("credits_offset")) {
    pol.credits_offset = read_choice(*v, obj.at("credits_offset"), {"post_tax", "pre_tax"}) == 0
                             ? credit_basis::post_tax
                             : credit_basis::pre_tax;
  }
  pol.top_up_to_minimum = obj.boolean_or("top_up_to_minimum", pol.top_up_to_minimum);
  if (const nlohmann::json* v = obj.find("minimum_charge")) {
    const json_object mins(*v, obj.at("minimum_charge"),
                           "an object of currency code to minor units, such as {\"USD\": 50}");
    for (const auto& [code, amount] : v->items()) {
      const std::string at = mins.at(code);
      if (!currency::find(code, minor_unit_source::dodo)) {
        throw input_error(at, "currency code " + prorata::detail::quote(code),
                          "an ISO 4217 currency code such as \"USD\" as the key");
      }
      pol.minimum_charge.set(code, read_integer(amount, at, 0));
    }
  }
  if (const nlohmann::json* v = obj.find("discounts")) {
    pol.discounts =
        read_choice(*v, obj.at("discounts"), {"before_proration", "after_proration"}) == 0
            ? discount_timing::before_proration
            : discount_timing::after_proration;
  }
  pol.allow_three_decimal_currencies =
      obj.boolean_or("allow_three_decimal_currencies", pol.allow_three_decimal_currencies);
  pol.scheduled_change_requires_full_immediately = obj.boolean_or(
      "scheduled_change_requires_full_immediately", pol.scheduled_change_requires_full_immediately);
  pol.omitted_addons_remove = obj.boolean_or("omitted_addons_remove", pol.omitted_addons_remove);
  pol.bill_usage_at_change = obj.boolean_or("bill_usage_at_change", pol.bill_usage_at_change);
  if (const nlohmann::json* v = obj.find("reset_prorated_charge")) {
    pol.reset_prorated_charge =
        read_choice(*v, obj.at("reset_prorated_charge"), {"new_cycle", "old_period_remainder"}) == 0
            ? reset_charge::new_cycle
            : reset_charge::old_period_remainder;
  }
  if (const nlohmann::json* v = obj.find("old_plan_credit")) {
    pol.old_plan_credit =
        read_choice(*v, obj.at("old_plan_credit"), {"last_charged", "catalog"}) == 0
            ? credit_source::last_charged
            : credit_source::catalog;
  }
  pol.adaptive_currency_fee_bps =
      obj.integer_or("adaptive_currency_fee_bps", pol.adaptive_currency_fee_bps);
  if (pol.adaptive_currency_fee_bps > 10000) {
    fail(obj.at("adaptive_currency_fee_bps"), value["adaptive_currency_fee_bps"],
         "basis points from 0 to 10000");
  }
  pol.adaptive_currency_fees_inclusive =
      obj.boolean_or("adaptive_currency_fees_inclusive", pol.adaptive_currency_fees_inclusive);
  return pol;
}

}  // namespace prorata::dodo

#include "crosscheck/compare.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>

#include <prorata/calendar/instant.hpp>
#include <prorata/error.hpp>

namespace prorata::crosscheck {

namespace {

using nlohmann::json;

const json absent = "(absent)";

// The knobs each field depends on, most likely first (docs/crosscheck.md).
constexpr const char* knob_amounts =
    "rounding, time_basis/partial_day, credits_offset, top_up_to_minimum/minimum_charge, "
    "--credit-balance";
constexpr const char* knob_credits =
    "credits_offset, top_up_to_minimum/minimum_charge, --credit-balance";
constexpr const char* knob_tax = "--tax-rate, rounding";
constexpr const char* knob_factor = "time_basis, time_zone, partial_day (and the instant of now)";
constexpr const char* knob_dates = "reset_cycle_on_prorated, reset_cycle_on_difference";
constexpr const char* knob_lines =
    "omitted_addons_remove, reset_cycle_on_prorated/reset_cycle_on_difference, "
    "bill_usage_at_change";
constexpr const char* knob_unit_price = "old_plan_credit, discounts (before/after proration)";
constexpr const char* knob_total_amount = "adaptive currency (not modelled)";
constexpr const char* knob_effective_at =
    "scheduled_change_requires_full_immediately (and the instant of now)";
constexpr const char* knob_none = "none (not a policy choice)";

const json* find(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

const json& value_or_absent(const json& j, std::string_view key) {
  const json* v = find(j, key);
  return v ? *v : absent;
}

/// Integers, strings, booleans: equal as JSON; a null or absent nullable
/// tax counts as 0 when `null_is_zero`.
void compare_plain(std::vector<difference>& out, const std::string& prefix, const json& dodo,
                   const json& engine, std::string_view key, const char* knob,
                   bool null_is_zero = false) {
  json d = value_or_absent(dodo, key);
  json e = value_or_absent(engine, key);
  if (null_is_zero) {
    if (d == absent) d = 0;
    if (e == absent) e = 0;
  }
  if (d != e) out.push_back({prefix + std::string(key), d, e, knob});
}

std::optional<std::chrono::sys_seconds> instant_of(const json& v) {
  if (!v.is_string()) return std::nullopt;
  try {
    return parse_rfc3339(v.get<std::string>());
  } catch (const prorata::error&) {
    return std::nullopt;
  }
}

void compare_instant(std::vector<difference>& out, const std::string& prefix, const json& dodo,
                     const json& engine, std::string_view key, const char* knob,
                     const compare_options& options) {
  const json& d = value_or_absent(dodo, key);
  const json& e = value_or_absent(engine, key);
  const auto dt = instant_of(d);
  const auto et = instant_of(e);
  if (dt && et) {
    const auto gap = *dt > *et ? *dt - *et : *et - *dt;
    if (gap <= options.time_tolerance) return;
  } else if (d == e) {
    return;
  }
  out.push_back({prefix + std::string(key), d, e, knob});
}

/// Parses "num/den" (the engine's exact factor).
std::optional<std::pair<long double, long double>> parse_ratio(const json* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  const std::string s = v->get<std::string>();
  const auto slash = s.find('/');
  if (slash == std::string::npos) return std::nullopt;
  char* end = nullptr;
  const long double num = std::strtold(s.c_str(), &end);
  const long double den = std::strtold(s.c_str() + slash + 1, &end);
  if (den == 0) return std::nullopt;
  return std::make_pair(num, den);
}

void compare_factor(std::vector<difference>& out, const std::string& prefix, const json& dodo,
                    const json& engine, const compare_options& options) {
  const json& d = value_or_absent(dodo, "proration_factor");
  const json& e = value_or_absent(engine, "proration_factor");
  const json* extension = find(engine, "prorata");
  const auto exact = parse_ratio(extension ? find(*extension, "proration_factor") : nullptr);
  if (d.is_number() && (exact || e.is_number())) {
    // The engine's exact num/den, compared in long double: Dodo's binary64 is
    // the only inexact side.
    const long double dv = d.get<long double>();
    const long double gap = exact ? std::fabs(dv * exact->second - exact->first) / exact->second
                                  : std::fabs(dv - e.get<long double>());
    if (gap <= static_cast<long double>(options.factor_tolerance)) return;
    json shown = e;
    if (exact && extension) shown = json{{"value", e}, {"exact", (*extension)["proration_factor"]}};
    out.push_back({prefix + "proration_factor", d, shown, knob_factor});
    return;
  }
  if (d != e) out.push_back({prefix + "proration_factor", d, e, knob_factor});
}

std::string line_label(const std::string& key, std::size_t occurrence) {
  return "immediate_charge.line_items[" + key +
         (occurrence > 0 ? " #" + std::to_string(occurrence + 1) : std::string()) + "].";
}

void compare_line(std::vector<difference>& out, const std::string& prefix, const json& d,
                  const json& e, const compare_options& options) {
  compare_plain(out, prefix, d, e, "currency", knob_none);
  compare_plain(out, prefix, d, e, "tax_inclusive", knob_none);
  compare_plain(out, prefix, d, e, "tax", knob_tax, true);
  if (value_or_absent(d, "type") == "meter") {
    for (const char* key : {"units_consumed", "chargeable_units", "price_per_unit"}) {
      compare_plain(out, prefix, d, e, key, "bill_usage_at_change");
    }
    compare_plain(out, prefix, d, e, "free_threshold", knob_none);
    compare_plain(out, prefix, d, e, "subtotal", "bill_usage_at_change, rounding");
    return;
  }
  compare_plain(out, prefix, d, e, "quantity", "omitted_addons_remove");
  compare_plain(out, prefix, d, e, "unit_price", knob_unit_price);
  compare_factor(out, prefix, d, e, options);
}

void compare_lines(std::vector<difference>& out, const json& dodo_lines, const json& engine_lines,
                   const compare_options& options) {
  const json empty = json::array();
  const json& dl = dodo_lines.is_array() ? dodo_lines : empty;
  const json& el = engine_lines.is_array() ? engine_lines : empty;
  std::map<std::string, std::vector<const json*>> by_key_engine;
  for (const json& l : el) by_key_engine[line_key(l)].push_back(&l);
  std::map<std::string, std::size_t> seen;
  for (const json& l : dl) {
    const std::string key = line_key(l);
    const std::size_t n = seen[key]++;
    const auto& candidates = by_key_engine[key];
    if (n < candidates.size()) {
      compare_line(out, line_label(key, n), l, *candidates[n], options);
    } else {
      out.push_back({line_label(key, n) + "line", "(present)", absent, knob_lines});
    }
  }
  for (const auto& [key, lines] : by_key_engine) {
    for (std::size_t n = seen[key]; n < lines.size(); ++n) {
      out.push_back({line_label(key, n) + "line", absent, "(present)", knob_lines});
    }
  }
}

/// Addons as a sorted {addon_id: quantity} object, so order does not matter.
json addon_set(const json& plan) {
  json set = json::object();
  if (const json* a = find(plan, "addons"); a && a->is_array()) {
    for (const json& x : *a) {
      if (const json* id = find(x, "addon_id"); id && id->is_string()) {
        set[id->get<std::string>()] = value_or_absent(x, "quantity");
      }
    }
  }
  return set;
}

}  // namespace

std::string line_key(const json& line) {
  const json& type = value_or_absent(line, "type");
  const std::string kind = type.is_string() ? type.get<std::string>() : "unknown";
  const json* id = kind == "subscription" ? find(line, "product_id") : find(line, "id");
  if (id == nullptr) id = find(line, "id");
  std::string side = "usage";
  if (kind != "meter") {
    const json* f = find(line, "proration_factor");
    side = f && f->is_number() && f->get<double>() < 0 ? "credit" : "charge";
  }
  return kind + " " + (id && id->is_string() ? id->get<std::string>() : "?") + " " + side;
}

std::vector<difference> compare_previews(const json& dodo, const json& engine,
                                         const compare_options& options) {
  std::vector<difference> out;
  const json empty = json::object();
  const json* dc = find(dodo, "immediate_charge");
  const json* ec = find(engine, "immediate_charge");
  const json& d_charge = dc ? *dc : empty;
  const json& e_charge = ec ? *ec : empty;
  compare_instant(out, "immediate_charge.", d_charge, e_charge, "effective_at", knob_effective_at,
                  options);

  const json* ds = find(d_charge, "summary");
  const json* es = find(e_charge, "summary");
  const json& d_sum = ds ? *ds : empty;
  const json& e_sum = es ? *es : empty;
  const std::string sp = "immediate_charge.summary.";
  compare_plain(out, sp, d_sum, e_sum, "currency", knob_none);
  compare_plain(out, sp, d_sum, e_sum, "settlement_currency", knob_none);
  compare_plain(out, sp, d_sum, e_sum, "settlement_amount", knob_amounts);
  compare_plain(out, sp, d_sum, e_sum, "customer_credits", knob_credits);
  compare_plain(out, sp, d_sum, e_sum, "settlement_tax", knob_tax, true);
  compare_plain(out, sp, d_sum, e_sum, "tax", knob_tax, true);
  compare_plain(out, sp, d_sum, e_sum, "total_amount", knob_total_amount);

  compare_lines(out, value_or_absent(d_charge, "line_items"),
                value_or_absent(e_charge, "line_items"), options);

  const json* dp = find(dodo, "new_plan");
  const json* ep = find(engine, "new_plan");
  const json& d_plan = dp ? *dp : empty;
  const json& e_plan = ep ? *ep : empty;
  const std::string np = "new_plan.";
  compare_instant(out, np, d_plan, e_plan, "previous_billing_date", knob_dates, options);
  compare_instant(out, np, d_plan, e_plan, "next_billing_date", knob_dates, options);
  compare_plain(out, np, d_plan, e_plan, "product_id",
                "scheduled_change_requires_full_immediately");
  compare_plain(out, np, d_plan, e_plan, "quantity", knob_none);
  if (const json d_addons = addon_set(d_plan), e_addons = addon_set(e_plan); d_addons != e_addons) {
    out.push_back({np + "addons", d_addons, e_addons, "omitted_addons_remove"});
  }
  if (find(d_plan, "recurring_pre_tax_amount") && find(e_plan, "recurring_pre_tax_amount")) {
    compare_plain(out, np, d_plan, e_plan, "recurring_pre_tax_amount", knob_unit_price);
  }
  return out;
}

}  // namespace prorata::crosscheck

#pragma once
/// \file
/// Dodo's Subscription object <-> prorata::subscription_state, with
/// prorata's additions (credit_balance, billing_anchor, in_trial). The
/// writer's output reads back unchanged, so a preview's new_plan can be fed
/// to the next preview.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/pricing/discount.hpp>

namespace prorata::dodo {

/// Reads a discount: Dodo's DiscountDetail (cycles_key "cycles_remaining")
/// or Discount (cycles_key "subscription_cycles"): code, type "flat" |
/// "percentage", amount (basis points 0..10000, or minor units >= 0 for
/// flat), the cycles (integer >= 0, null or absent: forever) and
/// preserve_on_plan_change (default false).
[[nodiscard]] inline discount read_discount(const nlohmann::json& value, const std::string& pointer,
                                            std::string_view cycles_key) {
  const json_object obj(value, pointer);
  discount d;
  d.code = obj.id("code");
  d.type = obj.choice("type", {"percentage", "flat"}) == 0 ? discount_type::percentage
                                                           : discount_type::flat;
  d.amount = d.type == discount_type::percentage ? obj.integer("amount", 0, 10000)
                                                 : obj.integer("amount", 0);
  if (const nlohmann::json* c = obj.find(cycles_key)) {
    d.cycles_remaining = read_integer(*c, obj.at(cycles_key), 0);
  }
  d.preserve_on_plan_change = obj.boolean_or("preserve_on_plan_change", false);
  return d;
}

/// Reads an array of discounts (see read_discount).
[[nodiscard]] inline std::vector<discount> read_discounts(const nlohmann::json& value,
                                                          const std::string& pointer,
                                                          std::string_view cycles_key) {
  if (!value.is_array()) fail(pointer, value, "an array of discounts");
  std::vector<discount> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    out.push_back(read_discount(value[i], pointer_append(pointer, i), cycles_key));
  }
  return out;
}

/// Reads a decimal string at `pointer` (usage, price per unit): exact.
[[nodiscard]] inline decimal read_decimal_string(const nlohmann::json& v,
                                                 const std::string& pointer,
                                                 const std::string& expected) {
  const std::string text = read_string(v, pointer, expected);
  try {
    return parse_decimal(text);
  } catch (const error&) {
    fail(pointer, v, expected);
  }
}

/// Reads Dodo's Subscription.meters [{meter_id, name, free_threshold,
/// price_per_unit (decimal string, minor units), ...}] plus prorata's
/// units_consumed (decimal string: usage so far in the period, default "0").
[[nodiscard]] inline std::vector<meter_usage> read_meters(const nlohmann::json& value,
                                                          const std::string& pointer) {
  if (!value.is_array()) fail(pointer, value, "an array of meters");
  std::vector<meter_usage> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json_object m(value[i], pointer_append(pointer, i),
                        "a meter {\"meter_id\", \"name\", \"free_threshold\", \"price_per_unit\"}");
    meter_usage u;
    u.meter_id = m.id("meter_id");
    u.name = m.string("name");
    u.free_threshold = m.integer_or("free_threshold", 0);
    const std::string price = "a decimal string of minor units per unit, such as \"50\"";
    u.price_per_unit =
        read_decimal_string(m.required("price_per_unit", price), m.at("price_per_unit"), price);
    u.units_consumed = decimal{0, 0};
    if (const nlohmann::json* units = m.find("units_consumed")) {
      u.units_consumed = read_decimal_string(*units, m.at("units_consumed"),
                                             "a decimal string of units, such as \"250\"");
    }
    out.push_back(u);
  }
  return out;
}

/// Reads Dodo's addon list [{"addon_id": "...", "quantity": n >= 1}].
[[nodiscard]] inline std::vector<addon_line> read_addon_lines(const nlohmann::json& value,
                                                              const std::string& pointer) {
  if (!value.is_array()) {
    fail(pointer, value, "an array of {\"addon_id\": \"...\", \"quantity\": n}");
  }
  std::vector<addon_line> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json_object a(value[i], pointer_append(pointer, i),
                        "an object {\"addon_id\": \"...\", \"quantity\": n}");
    out.push_back({a.id("addon_id"), a.integer("quantity", 1)});
  }
  return out;
}

/// Reads Dodo's ScheduledPlanChange: product_id, quantity, addons (default
/// []), effective_at, created_at, and prorata's optional discounts (the
/// discounts the new plan starts with, DiscountDetail shape).
[[nodiscard]] inline scheduled_change read_scheduled_change(const nlohmann::json& value,
                                                            const std::string& pointer) {
  const json_object obj(value, pointer, "null or a scheduled change object");
  scheduled_change s;
  s.product_id = obj.id("product_id");
  s.quantity = obj.integer("quantity", 1);
  if (const nlohmann::json* a = obj.array_or_null("addons")) {
    s.addons = read_addon_lines(*a, obj.at("addons"));
  }
  s.effective_at = obj.timestamp("effective_at");
  s.created_at = obj.timestamp("created_at");
  if (const nlohmann::json* d = obj.array_or_null("discounts")) {
    s.discounts = read_discounts(*d, obj.at("discounts"), "cycles_remaining");
  }
  return s;
}

/// Reads Dodo's Subscription object at `pointer` (unknown fields ignored).
///
/// Required: subscription_id, product_id, quantity (>= 1), currency,
/// previous_billing_date, next_billing_date (after previous_billing_date),
/// payment_frequency_interval ("Day"|"Week"|"Month"|"Year"),
/// payment_frequency_count (>= 1), tax_inclusive, status.
/// Optional: addons ([]), on_demand (false), cancel_at_next_billing_date
/// (false), trial_amount (null: none; minor units per unit), discounts
/// (DiscountDetail list, [] ), scheduled_change (null), and prorata's
/// in_trial (false), credit_balance (0, minor units), billing_anchor
/// (previous_billing_date; not after it).
[[nodiscard]] inline subscription_state read_subscription(const nlohmann::json& value,
                                                          const std::string& pointer) {
  const json_object obj(value, pointer);
  subscription_state s;
  s.subscription_id = obj.id("subscription_id");
  s.product_id = obj.id("product_id");
  s.quantity = obj.integer("quantity", 1);
  s.currency = obj.currency_code("currency");
  if (const nlohmann::json* a = obj.array_or_null("addons")) {
    s.addons = read_addon_lines(*a, obj.at("addons"));
  }
  s.previous_billing_date = obj.timestamp("previous_billing_date");
  s.next_billing_date = obj.timestamp("next_billing_date");
  if (s.next_billing_date <= s.previous_billing_date) {
    fail(obj.at("next_billing_date"), obj.json()["next_billing_date"],
         "an instant after previous_billing_date " + format_rfc3339(s.previous_billing_date));
  }
  s.billing_anchor = s.previous_billing_date;
  if (obj.find("billing_anchor") != nullptr) {
    s.billing_anchor = obj.timestamp("billing_anchor");
    if (s.billing_anchor > s.previous_billing_date) {
      fail(obj.at("billing_anchor"), obj.json()["billing_anchor"],
           "an instant not after previous_billing_date " + format_rfc3339(s.previous_billing_date));
    }
  }
  s.interval = obj.payment_frequency();
  s.tax_inclusive = obj.boolean("tax_inclusive");
  static constexpr subscription_status statuses[] = {
      subscription_status::pending, subscription_status::active,    subscription_status::on_hold,
      subscription_status::paused,  subscription_status::cancelled, subscription_status::failed,
      subscription_status::expired, subscription_status::past_due};
  s.status = statuses[obj.choice("status", {"pending", "active", "on_hold", "paused", "cancelled",
                                            "failed", "expired", "past_due"})];
  s.on_demand = obj.boolean_or("on_demand", false);
  s.cancel_at_next_billing_date = obj.boolean_or("cancel_at_next_billing_date", false);
  s.in_trial = obj.boolean_or("in_trial", false);
  if (const nlohmann::json* t = obj.find("trial_amount")) {
    s.trial_amount = read_amount(*t, obj.at("trial_amount"), s.currency);
  }
  if (const nlohmann::json* d = obj.array_or_null("discounts", "an array of discounts")) {
    s.discounts = read_discounts(*d, obj.at("discounts"), "cycles_remaining");
  }
  if (const nlohmann::json* sc = obj.find("scheduled_change")) {
    s.scheduled = read_scheduled_change(*sc, obj.at("scheduled_change"));
  }
  if (const nlohmann::json* m = obj.array_or_null("meters", "an array of meters")) {
    s.meters = read_meters(*m, obj.at("meters"));
  }
  s.credit_balance = money::zero(s.currency);
  if (const nlohmann::json* c = obj.find("credit_balance")) {
    s.credit_balance = read_amount(*c, obj.at("credit_balance"), s.currency);
  }
  return s;
}

/// Dodo's DiscountDetail fields prorata knows: code, type, amount,
/// cycles_remaining (null: forever), preserve_on_plan_change, position.
[[nodiscard]] inline nlohmann::ordered_json discount_to_json(const discount& d,
                                                             std::size_t position) {
  nlohmann::ordered_json j;
  j["code"] = d.code;
  j["type"] = std::string(to_string(d.type));
  j["amount"] = d.amount;
  j["cycles_remaining"] = d.cycles_remaining ? nlohmann::ordered_json(*d.cycles_remaining)
                                             : nlohmann::ordered_json(nullptr);
  j["preserve_on_plan_change"] = d.preserve_on_plan_change;
  j["position"] = position;
  return j;
}

namespace detail {

[[nodiscard]] inline nlohmann::ordered_json discounts_to_json(const std::vector<discount>& ds) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < ds.size(); ++i) out.push_back(discount_to_json(ds[i], i));
  return out;
}

}  // namespace detail

/// The full-cycle price of a plan (product x quantity + addons x quantity)
/// after its active discounts, before tax: Dodo's recurring_pre_tax_amount
/// (which is pre-tax unless tax_inclusive). nullopt when a product or addon
/// is not in the catalog or is priced in another currency.
[[nodiscard]] inline std::optional<money> recurring_amount(const subscription_state& s,
                                                           const catalog& cat, const policy& pol) {
  try {
    std::vector<money> lines;
    const product& p = cat.find_product(s.product_id);
    lines.push_back(p.price_in(s.currency).value_or(p.price) * s.quantity);  // localized price
    for (const addon_line& a : s.addons)
      lines.push_back(cat.find_addon(a.addon_id).price * a.quantity);
    for (const money& m : lines) {
      if (m.currency() != s.currency) return std::nullopt;
    }
    std::vector<discount> active;
    for (const discount& d : s.discounts) {
      if (d.active()) active.push_back(d);
    }
    const discounted_lines after = apply_discounts(lines, active, s.currency, pol.rounding);
    money total = money::zero(s.currency);
    for (const money& m : after.lines) total += m;
    return total;
  } catch (const error&) {
    return std::nullopt;
  }
}

/// Writes a subscription as Dodo's Subscription fields prorata knows, in a
/// fixed order, plus prorata's additions (trial_amount/in_trial,
/// billing_anchor, credit_balance). `cat` gives addon names in
/// scheduled_change and recurring_pre_tax_amount (omitted when it cannot be
/// priced). read_subscription reads the result back to the same state.
[[nodiscard]] inline nlohmann::ordered_json subscription_to_json(const subscription_state& s,
                                                                 const catalog& cat,
                                                                 const policy& pol) {
  using ojson = nlohmann::ordered_json;
  ojson j;
  j["subscription_id"] = s.subscription_id;
  j["product_id"] = s.product_id;
  j["quantity"] = s.quantity;
  j["currency"] = std::string(s.currency.code());
  ojson addons = ojson::array();
  for (const addon_line& a : s.addons)
    addons.push_back({{"addon_id", a.addon_id}, {"quantity", a.quantity}});
  j["addons"] = addons;
  j["previous_billing_date"] = format_rfc3339(s.previous_billing_date);
  j["next_billing_date"] = format_rfc3339(s.next_billing_date);
  j["payment_frequency_interval"] = std::string(to_string(s.interval.unit()));
  j["payment_frequency_count"] = s.interval.count();
  j["tax_inclusive"] = s.tax_inclusive;
  j["status"] = std::string(to_string(s.status));
  j["on_demand"] = s.on_demand;
  j["cancel_at_next_billing_date"] = s.cancel_at_next_billing_date;
  j["discounts"] = detail::discounts_to_json(s.discounts);
  if (s.scheduled) {
    const scheduled_change& c = *s.scheduled;
    ojson sc;
    // prorata keeps no id of its own for a scheduled change: a stable derived one.
    sc["id"] = s.subscription_id + "_scheduled_change";
    sc["product_id"] = c.product_id;
    sc["quantity"] = c.quantity;
    ojson sc_addons = ojson::array();
    for (const addon_line& a : c.addons) {
      ojson line;
      line["addon_id"] = a.addon_id;
      const auto it = std::find_if(cat.addons.begin(), cat.addons.end(),
                                   [&](const addon& ad) { return ad.addon_id == a.addon_id; });
      if (it != cat.addons.end()) line["name"] = it->name;
      line["quantity"] = a.quantity;
      sc_addons.push_back(line);
    }
    sc["addons"] = sc_addons;
    sc["effective_at"] = format_rfc3339(c.effective_at);
    sc["created_at"] = format_rfc3339(c.created_at);
    const auto p = std::find_if(cat.products.begin(), cat.products.end(),
                                [&](const product& pr) { return pr.product_id == c.product_id; });
    if (p != cat.products.end() && !p->name.empty()) sc["product_name"] = p->name;
    sc["discounts"] = detail::discounts_to_json(c.discounts);
    j["scheduled_change"] = sc;
  } else {
    j["scheduled_change"] = nullptr;
  }
  if (const auto amount = recurring_amount(s, cat, pol)) {
    j["recurring_pre_tax_amount"] = amount->minor_units();
  }
  ojson meters = ojson::array();
  for (const meter_usage& m : s.meters) {
    meters.push_back({{"meter_id", m.meter_id},
                      {"name", m.name},
                      {"currency", std::string(s.currency.code())},
                      {"free_threshold", m.free_threshold},
                      {"price_per_unit", to_string(m.price_per_unit)},
                      {"units_consumed", to_string(m.units_consumed)}});
  }
  j["meters"] = meters;
  j["trial_amount"] = s.trial_amount ? ojson(s.trial_amount->minor_units()) : ojson(nullptr);
  j["in_trial"] = s.in_trial;
  j["billing_anchor"] = format_rfc3339(s.billing_anchor);
  j["credit_balance"] = s.credit_balance.minor_units();
  return j;
}

}  // namespace prorata::dodo

#pragma once
/// \file
/// Dodo's Subscription object <-> prorata::subscription_state, with
/// prorata's additions under one "prorata" member (subscription_extension.hpp).
/// The writer's output reads back unchanged, so a preview's new_plan can be
/// fed to the next preview; the fields prorata does not model pass through.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/dodo/discount_json.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/subscription_extension.hpp>
#include <prorata/dodo/unique_ids.hpp>
#include <prorata/pricing/discount.hpp>

namespace prorata::dodo {

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
/// price_per_unit (decimal string, minor units; null or absent, as Dodo
/// allows: no per-unit price, usage costs 0), ...}] plus, deprecated,
/// prorata's units_consumed (decimal string: usage so far in the period,
/// default "0"; now read from the subscription's prorata.units_consumed).
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
    const std::string price = "null or a decimal string of minor units per unit, such as \"50\"";
    u.price_per_unit = decimal{0, 0};
    if (const nlohmann::json* p = m.find("price_per_unit")) {
      u.price_per_unit = read_decimal_string(*p, m.at("price_per_unit"), price);
    }
    u.units_consumed = decimal{0, 0};
    if (const nlohmann::json* units = m.find("units_consumed")) {
      u.units_consumed = read_decimal_string(*units, m.at("units_consumed"),
                                             "a decimal string of units, such as \"250\"");
    }
    out.push_back(u);
  }
  require_unique_ids(
      out, [](const meter_usage& u) -> const std::string& { return u.meter_id; },
      [&](std::size_t i) { return pointer_append(pointer_append(pointer, i), "meter_id"); },
      "a meter_id");
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
/// discounts the new plan starts with, DiscountDetail shape): from
/// `own` (a subscription's prorata.scheduled_change_discounts) or, deprecated,
/// its own "discounts".
[[nodiscard]] inline scheduled_change read_scheduled_change(const nlohmann::json& value,
                                                            const std::string& pointer,
                                                            const prorata_members* own = nullptr) {
  const json_object obj(value, pointer, "null or a scheduled change object");
  scheduled_change s;
  s.product_id = obj.id("product_id");
  s.quantity = obj.integer("quantity", 1);
  if (const nlohmann::json* a = obj.array_or_null("addons")) {
    s.addons = read_addon_lines(*a, obj.at("addons"));
  }
  s.effective_at = obj.timestamp("effective_at");
  s.created_at = obj.timestamp("created_at");
  const own_member d = own ? own->find("scheduled_change_discounts", &obj, "discounts")
                           : own_member{obj.find("discounts"), obj.at("discounts")};
  if (d) s.discounts = read_discounts(*d.value, d.pointer, "cycles_remaining");
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
/// (DiscountDetail list, [] ), scheduled_change (null),
/// recurring_pre_tax_amount (null: unknown; minor units >= 0), trial_period_days
/// (0..10000, default 0) and created_at (the trial: in_trial_by_dates), and
/// the "prorata" object {credit_balance (0, minor units), billing_anchor
/// (previous_billing_date; not after it), in_trial (overrides the trial
/// rule), units_consumed ({meter_id: decimal string}), scheduled_change_discounts}
/// whose members earlier versions wrote at the top level (still read there).
[[nodiscard]] inline subscription_state read_subscription(const nlohmann::json& value,
                                                          const std::string& pointer) {
  const json_object obj(value, pointer);
  const prorata_members own(obj);
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
  if (const own_member b = own.find("billing_anchor")) {
    s.billing_anchor = read_timestamp(*b.value, b.pointer);
    if (s.billing_anchor > s.previous_billing_date) {
      fail(b.pointer, *b.value,
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
  std::optional<instant> created_at;
  if (obj.find("created_at") != nullptr) created_at = obj.timestamp("created_at");
  const std::int64_t trial_days = obj.integer_or("trial_period_days", 0);
  if (trial_days > 10000) {
    fail(obj.at("trial_period_days"), obj.json()["trial_period_days"], "an integer 0..10000");
  }
  s.in_trial = in_trial_by_dates(trial_days, created_at, s.previous_billing_date);
  if (const own_member t = own.find("in_trial")) s.in_trial = read_boolean(*t.value, t.pointer);
  if (const nlohmann::json* t = obj.find("trial_amount")) {
    s.trial_amount = read_amount(*t, obj.at("trial_amount"), s.currency);
  }
  if (const nlohmann::json* d = obj.array_or_null("discounts", "an array of discounts")) {
    s.discounts = read_discounts(*d, obj.at("discounts"), "cycles_remaining");
  }
  if (const nlohmann::json* sc = obj.find("scheduled_change")) {
    s.scheduled = read_scheduled_change(*sc, obj.at("scheduled_change"), &own);
  } else if (const own_member d = own.find("scheduled_change_discounts")) {
    fail(d.pointer, *d.value, "absent when scheduled_change is null");
  }
  if (const nlohmann::json* m = obj.array_or_null("meters", "an array of meters")) {
    s.meters = read_meters(*m, obj.at("meters"));
  }
  if (const own_member u = own.find("units_consumed")) {
    const json_object units(*u.value, u.pointer, "an object {\"<meter_id>\": \"250\", ...}");
    for (const auto& item : u.value->items()) {
      const std::string at = units.at(item.key());
      const auto m = std::find_if(s.meters.begin(), s.meters.end(),
                                  [&](const meter_usage& x) { return x.meter_id == item.key(); });
      if (m == s.meters.end()) fail(at, item.value(), "the meter_id of one of the meters");
      const nlohmann::json* old = find_by(obj.find("meters"), "meter_id", item.key());
      if (old != nullptr && old->contains("units_consumed")) {
        fail(at, item.value(), "absent: meters[].units_consumed of this meter is given too");
      }
      m->units_consumed =
          read_decimal_string(item.value(), at, "a decimal string of units, such as \"250\"");
    }
  }
  s.credit_balance = money::zero(s.currency);
  if (const own_member c = own.find("credit_balance")) {
    s.credit_balance = read_amount(*c.value, c.pointer, s.currency);
  }
  // What the current plan was last charged per cycle: the old plan's credit basis.
  if (const nlohmann::json* r = obj.find("recurring_pre_tax_amount")) {
    s.last_charged = read_amount(*r, obj.at("recurring_pre_tax_amount"), s.currency);
  }
  return s;
}

namespace detail {

[[nodiscard]] inline nlohmann::ordered_json discounts_to_json(const std::vector<discount>& ds) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < ds.size(); ++i) out.push_back(discount_to_json(ds[i], i));
  return out;
}

}  // namespace detail

/// The full-cycle price of a plan (product x quantity + addons x quantity)
/// after the product's own discount and its active discounts, before tax
/// (detail::renewal_amount, as preview_plan_change keeps it): Dodo's recurring_pre_tax_amount
/// (which is pre-tax unless tax_inclusive). nullopt when a product or addon
/// is not in the catalog or is priced in another currency.
[[nodiscard]] inline std::optional<money> recurring_amount(const subscription_state& s,
                                                           const catalog& cat, const policy& pol) {
  try {
    const prorata::detail::plan_lines plan =
        prorata::detail::price_plan(cat, s.product_id, s.quantity, s.addons, s.currency);
    return prorata::detail::renewal_amount(plan, prorata::detail::active_discounts(s.discounts),
                                           s.currency, pol);
  } catch (const error&) {
    return std::nullopt;
  }
}

}  // namespace prorata::dodo

// subscription_to_json: the writer, in its own header (it needs the above).
#include <prorata/dodo/subscription_writer.hpp>

#pragma once
/// \file
/// subscription_state -> Dodo's Subscription object (a preview's new_plan):
/// Dodo's fields, the input's other fields passed through, and prorata's
/// own under one "prorata" member. Included by subscription_json.hpp.

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/dodo/subscription_extension.hpp>
#include <prorata/dodo/subscription_json.hpp>

namespace prorata::dodo {

namespace detail {

/// The DiscountDetail fields a catalog Discount gives a newly applied code
/// (besides those discount_to_json writes); a Discount's other fields
/// (currency_options, customer_eligibility, ...) are not DiscountDetail's.
inline constexpr std::string_view discount_detail_fields[] = {
    "discount_id",         "business_id", "created_at", "metadata",
    "restricted_to",       "times_used",  "expires_at", "name",
    "subscription_cycles", "usage_limit"};

/// A discount as Dodo's DiscountDetail: discount_to_json's fields, then the
/// other fields of the same code in the input subscription's discounts, or
/// else those of the catalog's Discount.
[[nodiscard]] inline nlohmann::ordered_json discount_detail_to_json(
    const discount& d, std::size_t position, const nlohmann::json* source_discounts,
    const subscription_source& src) {
  nlohmann::ordered_json j = discount_to_json(d, position);
  if (const nlohmann::json* known = find_by(source_discounts, "code", d.code)) {
    pass_through(j, known);
  } else if (const nlohmann::json* c = find_by(src.catalog_discounts, "code", d.code)) {
    for (const std::string_view f : discount_detail_fields) {
      const auto it = c->find(f);
      if (it != c->end() && !j.contains(f)) j[std::string(f)] = *it;
    }
  }
  return j;
}

[[nodiscard]] inline nlohmann::ordered_json discount_details(const std::vector<discount>& ds,
                                                             const nlohmann::json* source_discounts,
                                                             const subscription_source& src) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < ds.size(); ++i) {
    out.push_back(discount_detail_to_json(ds[i], i, source_discounts, src));
  }
  return out;
}

/// Member `key` of `j` when `j` is an object, else nullptr.
[[nodiscard]] inline const nlohmann::json* member(const nlohmann::json* j, std::string_view key) {
  if (j == nullptr || !j->is_object()) return nullptr;
  const auto it = j->find(key);
  return it == j->end() ? nullptr : &*it;
}

/// Dodo's ScheduledPlanChange. When the input's scheduled change is the same
/// one (product, effective_at, created_at), its id and other fields pass
/// through; a new one gets a stable id derived from the subscription's.
[[nodiscard]] inline nlohmann::ordered_json scheduled_change_to_json(const subscription_state& s,
                                                                     const catalog& cat,
                                                                     const nlohmann::json* source) {
  using ojson = nlohmann::ordered_json;
  const scheduled_change& c = *s.scheduled;
  const nlohmann::json* old = member(source, "scheduled_change");
  const auto same = [&](const char* key, const std::string& v) {
    const nlohmann::json* m = member(old, key);
    return m != nullptr && m->is_string() && m->get_ref<const std::string&>() == v;
  };
  const bool kept = same("product_id", c.product_id) &&
                    same("effective_at", format_rfc3339(c.effective_at)) &&
                    same("created_at", format_rfc3339(c.created_at));
  ojson sc;
  const nlohmann::json* old_id = kept ? member(old, "id") : nullptr;
  sc["id"] = old_id ? ojson(*old_id) : ojson(s.subscription_id + "_scheduled_change");
  sc["product_id"] = c.product_id;
  sc["quantity"] = c.quantity;
  ojson sc_addons = ojson::array();
  for (const addon_line& a : c.addons) {
    ojson line;
    line["addon_id"] = a.addon_id;
    const auto it = std::find_if(cat.addons.begin(), cat.addons.end(),
                                 [&](const addon& ad) { return ad.addon_id == a.addon_id; });
    if (it != cat.addons.end()) {
      line["name"] = it->name;
    } else if (const nlohmann::json* n =
                   member(find_by(member(old, "addons"), "addon_id", a.addon_id), "name")) {
      line["name"] = *n;
    }
    line["quantity"] = a.quantity;
    sc_addons.push_back(line);
  }
  sc["addons"] = sc_addons;
  sc["effective_at"] = format_rfc3339(c.effective_at);
  sc["created_at"] = format_rfc3339(c.created_at);
  const auto p = std::find_if(cat.products.begin(), cat.products.end(),
                              [&](const product& pr) { return pr.product_id == c.product_id; });
  if (p != cat.products.end() && !p->name.empty()) sc["product_name"] = p->name;
  if (kept) pass_through(sc, old, {"discounts"});
  return sc;
}

/// The trial state the trial rule gives the written object `j`.
[[nodiscard]] inline bool trial_by_written_dates(const nlohmann::ordered_json& j,
                                                 instant previous_billing_date) {
  std::int64_t days = 0;
  if (const auto d = j.find("trial_period_days"); d != j.end() && d->is_number_integer()) {
    days = d->get<std::int64_t>();
  }
  std::optional<instant> created;
  if (const auto c = j.find("created_at"); c != j.end() && c->is_string()) {
    try {
      created = parse_rfc3339(c->get_ref<const std::string&>());
    } catch (const error&) {  // not a timestamp: no trial by the dates
    }
  }
  return in_trial_by_dates(days, created, previous_billing_date);
}

}  // namespace detail

/// Writes a subscription as Dodo's Subscription: the fields prorata models
/// in a fixed order (recurring_pre_tax_amount: the state's last charge when
/// known, else priced from the catalog, omitted when it cannot be priced); then every other field
/// of `src.subscription` (the input Subscription: customer, billing, metadata, brand_id,
/// created_at, ..., unknown ones too) unchanged; metadata {}, credit_entitlement_cart [],
/// meter_credit_entitlement_cart [] and trial_period_days 0 when the input
/// has none (prorata models none of them); and last "prorata":
/// {credit_balance, billing_anchor, in_trial (only when the trial rule on
/// the written fields would say otherwise), units_consumed (with meters),
/// scheduled_change_discounts (when any)}. read_subscription reads the
/// result back to the same state.
[[nodiscard]] inline nlohmann::ordered_json subscription_to_json(
    const subscription_state& s, const catalog& cat, const policy& pol,
    const subscription_source& src = {}) {
  using ojson = nlohmann::ordered_json;
  const nlohmann::json* source = src.subscription;
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
  const nlohmann::json* source_discounts = detail::member(source, "discounts");
  j["discounts"] = detail::discount_details(s.discounts, source_discounts, src);
  if (detail::member(source, "discount_id") != nullptr) {  // deprecated: the first discount's
    const ojson* first = s.discounts.empty() ? nullptr : &j["discounts"][0];
    j["discount_id"] = first && first->contains("discount_id") ? (*first)["discount_id"] : ojson();
  }
  if (detail::member(source, "discount_cycles_remaining") != nullptr) {
    j["discount_cycles_remaining"] =
        s.discounts.empty() ? ojson() : j["discounts"][0]["cycles_remaining"];
  }
  j["scheduled_change"] = s.scheduled ? detail::scheduled_change_to_json(s, cat, source) : ojson();
  // what a cycle was last charged when known (the next old-plan credit's
  // basis), else the catalog's price of the plan
  if (s.last_charged) {
    j["recurring_pre_tax_amount"] = s.last_charged->minor_units();
  } else if (const auto amount = recurring_amount(s, cat, pol)) {
    j["recurring_pre_tax_amount"] = amount->minor_units();
  }
  const nlohmann::json* source_meters = detail::member(source, "meters");
  ojson meters = ojson::array();
  for (const meter_usage& m : s.meters) {
    const nlohmann::json* old = find_by(source_meters, "meter_id", m.meter_id);
    const nlohmann::json* old_price = detail::member(old, "price_per_unit");
    ojson mj;
    mj["meter_id"] = m.meter_id;
    mj["name"] = m.name;
    mj["currency"] = std::string(s.currency.code());
    mj["free_threshold"] = m.free_threshold;
    // a meter without a price (null, as Dodo allows) stays without one
    const bool unpriced =
        m.price_per_unit.coefficient == 0 && old && !(old_price && !old_price->is_null());
    mj["price_per_unit"] = unpriced ? ojson() : ojson(to_string(m.price_per_unit));
    pass_through(mj, old, {"units_consumed"});
    meters.push_back(mj);
  }
  j["meters"] = meters;
  j["trial_amount"] = s.trial_amount ? ojson(s.trial_amount->minor_units()) : ojson(nullptr);
  // the rest in name order (nlohmann::json sorts), so a read-back writes the same bytes
  nlohmann::json rest = {{"metadata", nlohmann::json::object()},
                         {"credit_entitlement_cart", nlohmann::json::array()},
                         {"meter_credit_entitlement_cart", nlohmann::json::array()},
                         {"trial_period_days", 0}};
  if (source != nullptr && source->is_object()) {
    for (const auto& item : source->items()) {
      bool skipped = j.contains(item.key());
      for (const char* k : {"prorata", "recurring_pre_tax_amount", "in_trial", "credit_balance",
                            "billing_anchor"}) {
        skipped = skipped || item.key() == k;
      }
      if (!skipped) rest[item.key()] = item.value();
    }
  }
  for (const auto& item : rest.items()) j[item.key()] = item.value();

  ojson x;
  x["credit_balance"] = s.credit_balance.minor_units();
  x["billing_anchor"] = format_rfc3339(s.billing_anchor);
  if (s.in_trial != detail::trial_by_written_dates(j, s.previous_billing_date)) {
    x["in_trial"] = s.in_trial;
  }
  if (!s.meters.empty()) {
    ojson units = ojson::object();
    for (const meter_usage& m : s.meters) units[m.meter_id] = to_string(m.units_consumed);
    x["units_consumed"] = units;
  }
  if (s.scheduled && !s.scheduled->discounts.empty()) {
    const nlohmann::json* old =
        detail::member(detail::member(source, "prorata"), "scheduled_change_discounts");
    if (old == nullptr)
      old = detail::member(detail::member(source, "scheduled_change"), "discounts");
    x["scheduled_change_discounts"] = detail::discount_details(s.scheduled->discounts, old, src);
  }
  j["prorata"] = x;
  return j;
}

}  // namespace prorata::dodo

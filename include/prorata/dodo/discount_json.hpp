#pragma once
/// \file
/// Dodo's Discount (catalog) and DiscountDetail (Subscription.discounts[])
/// objects <-> prorata::discount, with Discount.currency_options (TS
/// `discounts.ts`; changelog v1.112.0). A DiscountDetail carries no
/// currency_options: resolve_discounts takes them from the catalog.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/pricing/discount.hpp>

namespace prorata::dodo {

/// Reads Discount.currency_options [{currency, is_default (false),
/// minimum_subtotal (0, minor units >= 0), max_amount_possible (null or
/// minor units >= 1)}]: one row per currency, at most one default.
[[nodiscard]] inline std::vector<discount_currency_option> read_currency_options(
    const nlohmann::json& value, const std::string& pointer) {
  const std::string row =
      "a currency option {\"currency\", \"is_default\", \"minimum_subtotal\", "
      "\"max_amount_possible\"}";
  if (!value.is_array()) fail(pointer, value, "an array of currency options");
  std::vector<discount_currency_option> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json_object o(value[i], pointer_append(pointer, i), row);
    discount_currency_option opt;
    opt.cur = o.currency_code("currency");
    for (const discount_currency_option& seen : out) {
      if (seen.cur == opt.cur) {
        fail(o.at("currency"), o.json()["currency"], "a currency without another row");
      }
    }
    opt.is_default = o.boolean_or("is_default", false);
    if (opt.is_default) {
      for (const discount_currency_option& seen : out) {
        if (seen.is_default)
          fail(o.at("is_default"), o.json()["is_default"], "false (one default)");
      }
    }
    opt.minimum_subtotal = o.integer_or("minimum_subtotal", 0);
    if (const nlohmann::json* m = o.find("max_amount_possible")) {
      opt.max_amount_possible = read_integer(*m, o.at("max_amount_possible"), 1);
    }
    out.push_back(opt);
  }
  return out;
}

/// Reads a discount: Dodo's DiscountDetail (cycles_key "cycles_remaining")
/// or Discount (cycles_key "subscription_cycles"): code, type "flat" |
/// "percentage", amount (basis points 0..10000 for a percentage; for a flat
/// discount an integer >= 0 that prices nothing: its deduction is
/// currency_options[].max_amount_possible), the cycles (integer >= 0, null
/// or absent: forever), preserve_on_plan_change (false), and optionally
/// currency_options (also read on a DiscountDetail: prorata writes them back
/// so previews chain), discount_id, restricted_to ([] = every product),
/// starts_at, expires_at, usage_limit, times_used (0),
/// per_customer_usage_limit, customer_eligibility ("any").
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
  if (const nlohmann::json* o = obj.array_or_null("currency_options")) {
    d.currency_options = read_currency_options(*o, obj.at("currency_options"));
  }
  d.discount_id = obj.string_or("discount_id", "");
  if (const nlohmann::json* r = obj.array_or_null("restricted_to", "an array of product ids")) {
    for (std::size_t i = 0; i < r->size(); ++i) {
      d.restricted_to.push_back(read_id((*r)[i], pointer_append(obj.at("restricted_to"), i)));
    }
  }
  if (const nlohmann::json* t = obj.find("starts_at")) {
    d.starts_at = read_timestamp(*t, obj.at("starts_at"));
  }
  if (const nlohmann::json* t = obj.find("expires_at")) {
    d.expires_at = read_timestamp(*t, obj.at("expires_at"));
  }
  if (const nlohmann::json* u = obj.find("usage_limit")) {
    d.usage_limit = read_integer(*u, obj.at("usage_limit"), 0);
  }
  d.times_used = obj.integer_or("times_used", 0);
  if (const nlohmann::json* u = obj.find("per_customer_usage_limit")) {
    d.per_customer_usage_limit = read_integer(*u, obj.at("per_customer_usage_limit"), 0);
  }
  if (const nlohmann::json* e = obj.find("customer_eligibility")) {
    static constexpr std::string_view kinds[] = {"any", "first_time", "existing", "specific"};
    d.customer_eligibility = std::string(kinds[read_choice(
        *e, obj.at("customer_eligibility"), {kinds[0], kinds[1], kinds[2], kinds[3]})]);
  }
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

/// input_error at `pointer` unless `d` (a flat discount) has a
/// max_amount_possible in `billing`: its deduction. A default row in another
/// currency is not converted (that needs Dodo's exchange rate).
inline void require_flat_deduction(const discount& d, const currency& billing,
                                   const std::string& pointer) {
  const discount_currency_option* o = d.option_for(billing);
  if (d.type == discount_type::flat && !(o && o->max_amount_possible)) {
    fail(pointer, nlohmann::json(d.code),
         "a flat discount with a currency_options row for " + std::string(billing.code()) +
             " with a max_amount_possible (the deduction), on the discount or on the catalog "
             "discount with the same discount_id or code (Dodo's amount of a flat discount is "
             "basis points since v1.112.0, not the deduction)");
  }
}

/// Completes a subscription's discounts (DiscountDetail, no currency_options)
/// from `cat`: a discount without currency_options takes those of the
/// catalog discount with its discount_id (when it has one) or its code. A
/// flat discount must then have a deduction in `billing`
/// (require_flat_deduction at `pointer`/i). Percentage discounts not in the
/// catalog stay uncapped.
inline void resolve_discounts(std::vector<discount>& ds, const catalog& cat,
                              const currency& billing, const std::string& pointer) {
  for (std::size_t i = 0; i < ds.size(); ++i) {
    discount& d = ds[i];
    if (d.currency_options.empty()) {
      for (const discount& c : cat.discounts) {
        if (d.discount_id.empty() ? c.code == d.code : c.discount_id == d.discount_id) {
          d.currency_options = c.currency_options;
          break;
        }
      }
    }
    require_flat_deduction(d, billing, pointer_append(pointer, i));
  }
}

/// Dodo's DiscountDetail fields prorata knows: code, type, amount,
/// cycles_remaining (null: forever), preserve_on_plan_change, position,
/// discount_id (when known), restricted_to, times_used, expires_at and
/// usage_limit (when set), and prorata's currency_options (when any).
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
  if (!d.discount_id.empty()) j["discount_id"] = d.discount_id;
  j["restricted_to"] = d.restricted_to;
  j["times_used"] = d.times_used;
  if (d.expires_at) j["expires_at"] = format_rfc3339(*d.expires_at);
  if (d.usage_limit) j["usage_limit"] = *d.usage_limit;
  if (!d.currency_options.empty()) {
    nlohmann::ordered_json opts = nlohmann::ordered_json::array();
    for (const discount_currency_option& o : d.currency_options) {
      nlohmann::ordered_json row;
      row["currency"] = std::string(o.cur.code());
      row["is_default"] = o.is_default;
      row["minimum_subtotal"] = o.minimum_subtotal;
      if (o.max_amount_possible) row["max_amount_possible"] = *o.max_amount_possible;
      opts.push_back(row);
    }
    j["currency_options"] = opts;
  }
  return j;
}

}  // namespace prorata::dodo

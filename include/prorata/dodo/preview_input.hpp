#pragma once
/// \file
/// The input object of `prorata preview` (DESIGN.md section 6): now,
/// subscription, catalog, request, tax_rate, policy; and the preview it asks for.

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/dodo/catalog_json.hpp>
#include <prorata/dodo/change_request_json.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/policy_json.hpp>
#include <prorata/dodo/subscription_json.hpp>
#include <prorata/error.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata::dodo {

/// Everything one plan-change preview needs, read from one JSON object.
struct preview_input {
  instant now{};                     ///< "now": the instant of the change request
  subscription_state subscription;   ///< "subscription": Dodo's Subscription (+ prorata fields)
  ::prorata::catalog catalog;        ///< "catalog": products, addons, discounts
  change_request request;            ///< "request": Dodo's UpdateSubscriptionPlanReq
  ::prorata::tax_rates tax_rate;     ///< "tax_rate" (every line) and "tax_rates" (per category)
  ::prorata::policy policy;          ///< "policy": knob overrides on dodo_documented
  nlohmann::json subscription_json;  ///< the input Subscription, as given (passed through)
  nlohmann::json catalog_discounts;  ///< the catalog's Dodo Discount objects, as given

  /// Where the writer finds the fields prorata does not model.
  [[nodiscard]] subscription_source source() const {
    return {&subscription_json, &catalog_discounts};
  }
};

/// Reads a tax rate: a decimal string fraction such as "0.18" (18 %), from
/// "0" to below "8". A JSON number is refused: rates stay exact.
[[nodiscard]] inline tax_rate read_tax_rate(const nlohmann::json& v, const std::string& pointer) {
  const std::string expected = "a decimal string such as \"0.18\" (a fraction: 18 % is \"0.18\")";
  const std::string text = read_string(v, pointer, expected);
  try {
    return tax_rate::parse(text);
  } catch (const error&) {
    fail(pointer, v, expected);
  }
}

/// Reads "tax_rates": {"saas": "0.18", "e_book": "0.05"}, a rate (see
/// read_tax_rate) per Dodo tax_category, into `rates` (whose default stays).
inline void read_tax_rates(const nlohmann::json& v, const std::string& pointer, tax_rates& rates) {
  const json_object obj(v, pointer,
                        "an object {\"saas\": \"0.18\", ...} of tax rates per category");
  for (const auto& [key, value] : v.items()) {
    const auto* known =
        std::find(std::begin(tax_category_names), std::end(tax_category_names), key);
    if (known == std::end(tax_category_names)) {
      fail(obj.at(key), nlohmann::json(key),
           "a Dodo tax_category: digital_products, saas, e_book, edtech or live_tutoring");
    }
    rates.set(key, read_tax_rate(value, obj.at(key)));
  }
}

/// Reads the whole input object (`pointer` "" for a document root).
/// Required: now, subscription, catalog, request. Optional: tax_rate (the
/// rate of every line, and of the categories tax_rates does not list; "0"
/// when neither is given), tax_rates (per tax_category; without tax_rate a
/// line of an unlisted category is an error), policy ({} = dodo_documented). `now` must lie within
/// the subscription's current period [previous_billing_date, next_billing_date]. Unknown top-level
/// members are ignored (e.g. a golden file's comments).
[[nodiscard]] inline preview_input read_preview_input(const nlohmann::json& value,
                                                      const std::string& pointer = "") {
  const json_object obj(value, pointer,
                        "an object with now, subscription, catalog, request, tax_rate, policy");
  preview_input in;
  in.now = obj.timestamp("now");
  in.subscription =
      read_subscription(obj.required("subscription", "an object"), obj.at("subscription"));
  in.catalog = read_catalog(obj.required("catalog", "an object"), obj.at("catalog"));
  in.subscription_json = value["subscription"];
  if (const nlohmann::json* d =
          json_object(value["catalog"], obj.at("catalog")).find("discounts")) {
    in.catalog_discounts = *d;
  }
  in.request = read_change_request(obj.required("request", "an object"), obj.at("request"));
  if (const nlohmann::json* t = obj.find("tax_rate"))
    in.tax_rate = read_tax_rate(*t, obj.at("tax_rate"));
  if (const nlohmann::json* t = obj.find("tax_rates")) {
    if (obj.find("tax_rate") == nullptr) in.tax_rate.set_default(std::nullopt);
    read_tax_rates(*t, obj.at("tax_rates"), in.tax_rate);
  }
  if (const nlohmann::json* p = obj.find("policy")) in.policy = read_policy(*p, obj.at("policy"));
  // A DiscountDetail has no currency_options: take them from the catalog;
  // a flat code the request names needs a row in the billing currency.
  subscription_state& sub = in.subscription;
  const std::string at_sub = obj.at("subscription");
  resolve_discounts(sub.discounts, in.catalog, sub.currency, pointer_append(at_sub, "discounts"));
  if (sub.scheduled) {
    resolve_discounts(sub.scheduled->discounts, in.catalog, sub.currency,
                      pointer_append(pointer_append(at_sub, "scheduled_change"), "discounts"));
  }
  if (in.request.discount_codes) {
    const std::vector<std::string>& codes = *in.request.discount_codes;
    const std::string at_discounts = pointer_append(obj.at("catalog"), "discounts");
    for (std::size_t i = 0; i < in.catalog.discounts.size(); ++i) {
      const discount& d = in.catalog.discounts[i];
      if (std::find(codes.begin(), codes.end(), d.code) == codes.end()) continue;
      require_flat_deduction(d, sub.currency, pointer_append(at_discounts, i));
    }
  }
  const subscription_state& s = in.subscription;
  if (in.now < s.previous_billing_date || in.now > s.next_billing_date) {
    fail(obj.at("now"), value["now"],
         "an instant within the current period [" + format_rfc3339(s.previous_billing_date) + ", " +
             format_rfc3339(s.next_billing_date) + "]");
  }
  return in;
}

/// The preview the input asks for: preview_plan_change with its parts.
/// Throws refusal for a change Dodo would refuse.
[[nodiscard]] inline plan_change_preview preview(const preview_input& in) {
  return preview_plan_change(in.subscription, in.catalog, in.request, in.now, in.tax_rate,
                             in.policy);
}

}  // namespace prorata::dodo

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
#include <prorata/detail/quote.hpp>
#include <prorata/dodo/catalog_json.hpp>
#include <prorata/dodo/change_request_json.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/policy_json.hpp>
#include <prorata/dodo/subscription_json.hpp>
#include <prorata/error.hpp>
#include <prorata/money/exchange.hpp>
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
  /// "settlement_currency": the merchant's settlement currency (nullopt: the
  /// subscription's); its rate comes from "fx_rates" (kept in catalog.fx).
  std::optional<currency> settlement_currency;

  /// Where the writer finds the fields prorata does not model.
  [[nodiscard]] subscription_source source() const {
    return {&subscription_json, &catalog_discounts};
  }
};

/// Reads "fx_rates": {"EUR/USD": "1.0842", ...}, 1 EUR = 1.0842 USD, an
/// exact positive decimal string per ordered pair of ISO 4217 codes.
[[nodiscard]] inline exchange_rates read_fx_rates(const nlohmann::json& value,
                                                  const std::string& pointer) {
  const json_object obj(value, pointer,
                        "an object of exchange rates such as {\"EUR/USD\": \"1.0842\"}");
  exchange_rates out;
  for (const auto& [pair, rate] : value.items()) {
    const std::string at = obj.at(pair);
    const std::size_t slash = pair.find('/');
    const std::optional<currency> from =
        currency::find(pair.substr(0, slash), minor_unit_source::dodo);
    const std::optional<currency> to =
        slash == std::string::npos
            ? std::nullopt
            : currency::find(pair.substr(slash + 1), minor_unit_source::dodo);
    if (!from || !to || from->code() == to->code()) {
      throw input_error(at, "currency pair " + prorata::detail::quote(pair),
                        "two different ISO 4217 codes such as \"EUR/USD\" as the key");
    }
    const std::string expected = "a positive decimal string such as \"1.0842\"";
    const decimal r = read_decimal_string(rate, at, expected);
    if (r.coefficient <= 0) fail(at, rate, expected);
    out.set(*from, *to, r);
  }
  return out;
}

namespace detail {

/// A price in another currency than the subscription's needs a localized
/// price in it or a rate in fx_rates: input_error at the price's currency
/// (`at` is relative to `root`, the input object at `pointer`).
inline void require_rate(const catalog& cat, const std::string& pointer, const std::string& at,
                         const money& price, const product* p, const currency& billing,
                         const nlohmann::json& root) {
  if (price.currency() == billing || (p && p->price_in(billing)) ||
      cat.fx.find(price.currency(), billing)) {
    return;
  }
  const std::string code(billing.code());
  fail(pointer + at + "/currency", root.at(nlohmann::json::json_pointer(at + "/currency")),
       "a currency with a rate to " + code + " in /fx_rates (such as \"" +
           std::string(price.currency().code()) + "/" + code + "\") or a localized price in " +
           code);
}

/// require_rate for every product and addon the subscription and the request name.
inline void require_rates(const preview_input& in, const nlohmann::json& root,
                          const std::string& pointer) {
  const currency billing = in.subscription.currency;
  const auto has = [](const std::vector<addon_line>& l, const std::string& id) {
    return std::any_of(l.begin(), l.end(), [&](const addon_line& a) { return a.addon_id == id; });
  };
  for (std::size_t i = 0; i < in.catalog.products.size(); ++i) {
    const product& p = in.catalog.products[i];
    if (p.product_id != in.subscription.product_id && p.product_id != in.request.product_id) {
      continue;
    }
    require_rate(in.catalog, pointer, "/catalog/products/" + std::to_string(i) + "/price", p.price,
                 &p, billing, root);
  }
  for (std::size_t i = 0; i < in.catalog.addons.size(); ++i) {
    const addon& a = in.catalog.addons[i];
    if (has(in.subscription.addons, a.addon_id) ||
        (in.request.addons && has(*in.request.addons, a.addon_id))) {
      require_rate(in.catalog, pointer, "/catalog/addons/" + std::to_string(i), a.price, nullptr,
                   billing, root);
    }
  }
}

/// Every line the subscription and the request name has a tax rate: its
/// tax_category listed in "tax_rates", or "tax_rate" as the default for
/// the rest. input_error at the product's or addon's tax_category (at
/// /tax_rates for a product that gives none), so the pricing never meets a
/// line without a rate.
inline void require_tax_rates(const preview_input& in, const nlohmann::json& root,
                              const std::string& pointer) {
  if (in.tax_rate.default_rate()) return;
  const std::string expected =
      "a tax_category listed in /tax_rates, or a tax_rate as the default for the others";
  const auto check = [&](const std::string& category, const std::string& at,
                         const std::string& what) {
    const auto& listed = in.tax_rate.categories();
    if (std::any_of(listed.begin(), listed.end(),
                    [&](const auto& c) { return c.first == category; }))
      return;
    if (category.empty()) {
      fail(pointer + "/tax_rates", root.at("tax_rates"),
           "a tax_rate as the default: " + what + " gives no tax_category");
    }
    fail(pointer + at + "/tax_category", nlohmann::json(category), expected);
  };
  const auto named = [](const std::vector<addon_line>& l, const std::string& id) {
    return std::any_of(l.begin(), l.end(), [&](const addon_line& a) { return a.addon_id == id; });
  };
  for (std::size_t i = 0; i < in.catalog.products.size(); ++i) {
    const product& p = in.catalog.products[i];
    if (p.product_id == in.subscription.product_id || p.product_id == in.request.product_id) {
      check(p.tax_category, "/catalog/products/" + std::to_string(i),
            "product " + prorata::detail::quote(p.product_id));
    }
  }
  for (std::size_t i = 0; i < in.catalog.addons.size(); ++i) {
    const addon& a = in.catalog.addons[i];
    if (named(in.subscription.addons, a.addon_id) ||
        (in.request.addons && named(*in.request.addons, a.addon_id))) {
      check(a.tax_category, "/catalog/addons/" + std::to_string(i),
            "addon " + prorata::detail::quote(a.addon_id));
    }
  }
}

/// A recurring_price in another currency than USD, when fx_rates converts
/// it to USD, must be 0 or worth at least $1.00 there (converted without fee,
/// rounded with policy.rounding); input_error at its price.
inline void require_subscription_minimum(const preview_input& in, const nlohmann::json& root,
                                         const std::string& pointer) {
  const currency usd = currency::from_code("USD");
  for (std::size_t i = 0; i < in.catalog.products.size(); ++i) {
    const product& p = in.catalog.products[i];
    if (p.kind != price_kind::recurring || p.price.currency().code() == "USD" ||
        p.price.minor_units() <= 0) {
      continue;
    }
    const std::optional<exact_rate> r = in.catalog.fx.find(p.price.currency(), usd);
    if (r && convert(p.price, usd, *r, in.policy.rounding).minor_units() <
                 subscription_price_minimum_usd) {
      const std::string at = "/catalog/products/" + std::to_string(i) + "/price/price";
      fail(pointer + at, root.at(nlohmann::json::json_pointer(at)),
           std::string(subscription_minimum_expected));
    }
  }
}

}  // namespace detail

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
/// line of an unlisted category is an error), policy ({} = dodo_documented),
/// fx_rates (read_fx_rates; every product and addon named by the
/// subscription or the request priced in another currency needs a rate or a
/// localized price), settlement_currency (an ISO code with a rate to or from
/// the subscription's currency). `now` must lie within
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
  if (const nlohmann::json* fx = obj.find("fx_rates"))
    in.catalog.fx = read_fx_rates(*fx, obj.at("fx_rates"));
  detail::require_rates(in, value, pointer);
  detail::require_tax_rates(in, value, pointer);
  detail::require_subscription_minimum(in, value, pointer);
  if (const nlohmann::json* c = obj.find("settlement_currency")) {
    in.settlement_currency = read_currency(*c, obj.at("settlement_currency"));
    if (!in.catalog.fx.find(in.subscription.currency, *in.settlement_currency)) {
      const std::string code(in.subscription.currency.code());
      fail(obj.at("settlement_currency"), *c,
           "a currency with a rate to or from " + code + " in /fx_rates");
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

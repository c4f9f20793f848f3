#pragma once
/// \file
/// The `catalog` object of prorata's JSON input: Dodo's Product objects
/// (recurring, usage-based or one-time price), AddonResponse objects and Discount objects,
/// fed in as the API returns them (unknown fields ignored).

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/dodo/discount_json.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/subscription_json.hpp>
#include <prorata/dodo/unique_ids.hpp>

namespace prorata::dodo {

/// Dodo's tax categories (LineItemAddon.tax_category).
inline constexpr std::string_view tax_category_names[] = {"digital_products", "saas", "e_book",
                                                          "edtech", "live_tutoring"};

/// Dodo's minimum for a subscription price, in US cents: "Subscription
/// products must be priced at least $1 (or the equivalent in your chosen
/// currency)" (dodo-docs developer-resources/integration-guide.mdx, Dashboard
/// Setup; features/subscription.mdx). 0 stays allowed (a free plan).
inline constexpr std::int64_t subscription_price_minimum_usd = 100;
inline constexpr std::string_view subscription_minimum_expected =
    "0 or at least the equivalent of 100 US cents (Dodo's $1.00 minimum for a subscription "
    "price)";

/// Reads a usage_based_price's meters (Dodo's AddMeterToPrice): meter_id,
/// name (optional, ""), free_threshold (optional, 0), price_per_unit (a
/// decimal string of minor units; null or absent: no charge per unit).
[[nodiscard]] inline std::vector<product_meter> read_price_meters(const nlohmann::json& value,
                                                                  const std::string& pointer) {
  std::vector<product_meter> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json_object m(value[i], pointer_append(pointer, i),
                        "a meter {\"meter_id\", \"price_per_unit\", \"free_threshold\"}");
    product_meter pm{m.id("meter_id"), m.string_or("name", ""), m.integer_or("free_threshold", 0),
                     decimal{0, 0}};
    if (const nlohmann::json* u = m.find("price_per_unit")) {
      pm.price_per_unit = read_decimal_string(*u, m.at("price_per_unit"),
                                              "a decimal string of minor units, such as \"10.50\"");
    }
    out.push_back(std::move(pm));
  }
  return out;
}

/// Reads a product's localized prices (prorata's member `localized_prices`:
/// the items of Dodo's ListLocalizedPricesResponse, {currency, amount > 0,
/// country_code}). Used only when pricing_mode is "by_currency"; rules
/// with a country_code (by_country) are not modelled and are skipped.
[[nodiscard]] inline std::vector<money> read_localized_prices(const json_object& obj,
                                                              const currency& base) {
  std::vector<money> out;
  const nlohmann::json* mode = obj.find("pricing_mode");
  const bool by_currency =
      mode && read_choice(*mode, obj.at("pricing_mode"), {"by_currency", "by_country"}) == 0;
  const nlohmann::json* list =
      obj.array_or_null("localized_prices", "an array of localized prices");
  if (!by_currency || !list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json_object lp((*list)[i], pointer_append(obj.at("localized_prices"), i));
    if (lp.find("country_code")) continue;
    const currency cur = lp.currency_code("currency");
    const bool taken = cur == base || std::any_of(out.begin(), out.end(), [&](const money& m) {
                         return m.currency() == cur;
                       });
    if (taken) {
      fail(lp.at("currency"), lp.json()["currency"],
           "a currency without another price on this product (one localized price per currency)");
    }
    out.push_back(money::from_minor(lp.integer("amount", 1), cur));
  }
  return out;
}

/// Reads a Dodo Product: product_id, name (optional, null or absent: ""),
/// price {type, currency, tax_inclusive (optional, default false),
/// discount_bps (optional, basis points 0..10000) or, when absent, the
/// deprecated discount (whole percent 0..100)}, by type: "recurring_price"
/// price (minor units >= 0) and payment_frequency_interval / _count;
/// "usage_based_price" fixed_price, the payment frequency and meters
/// (optional); "one_time_price" price. pricing_mode and localized_prices as
/// read_localized_prices says. tax_category (optional: "" picks the default
/// tax rate). A recurring_price in USD between 0 and $1.00 is refused
/// (subscription_price_minimum_usd).
[[nodiscard]] inline product read_product(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer);
  product p;
  p.product_id = obj.id("product_id");
  p.name = obj.string_or("name", "");
  const json_object price = obj.object("price");
  static constexpr price_kind kinds[] = {price_kind::recurring, price_kind::usage_based,
                                         price_kind::one_time};
  p.kind = kinds[price.choice("type", {"recurring_price", "usage_based_price", "one_time_price"})];
  const currency cur = price.currency_code("currency");
  p.price = money::from_minor(
      price.integer(p.kind == price_kind::usage_based ? "fixed_price" : "price", 0), cur);
  if (p.kind == price_kind::recurring && cur.code() == "USD" && p.price.minor_units() > 0 &&
      p.price.minor_units() < subscription_price_minimum_usd) {
    fail(price.at("price"), price.json()["price"], std::string(subscription_minimum_expected));
  }
  if (p.kind != price_kind::one_time) p.interval = price.payment_frequency();
  if (p.kind == price_kind::usage_based) {
    if (const nlohmann::json* m = price.array_or_null("meters", "an array of meters")) {
      p.meters = read_price_meters(*m, price.at("meters"));
    }
  }
  p.localized = read_localized_prices(obj, cur);
  p.tax_inclusive = price.boolean_or("tax_inclusive", false);
  if (const nlohmann::json* t = obj.find("tax_category")) {
    p.tax_category = std::string(tax_category_names[read_choice(
        *t, obj.at("tax_category"),
        {tax_category_names[0], tax_category_names[1], tax_category_names[2], tax_category_names[3],
         tax_category_names[4]})]);
  }
  // The price's own discount: discount_bps (basis points 0..10000), else the
  // deprecated discount (whole percent 0..100), applied in bill_lines.
  if (const nlohmann::json* b = price.find("discount_bps")) {
    p.discount_bps = read_integer(*b, price.at("discount_bps"), 0, 10000);
  } else if (const nlohmann::json* d = price.find("discount")) {
    p.discount_bps = read_integer(*d, price.at("discount"), 0, 100) * 100;
  }
  return p;
}

/// Reads a Dodo AddonResponse: id, name (optional, default ""), price
/// (minor units >= 0), currency, tax_category (optional, default "saas").
[[nodiscard]] inline addon read_addon(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer);
  addon a;
  a.addon_id = obj.id("id");
  a.name = obj.string_or("name", "");
  const currency cur = obj.currency_code("currency");
  a.price = money::from_minor(obj.integer("price", 0), cur);
  if (const nlohmann::json* t = obj.find("tax_category")) {
    a.tax_category = std::string(tax_category_names[read_choice(
        *t, obj.at("tax_category"),
        {tax_category_names[0], tax_category_names[1], tax_category_names[2], tax_category_names[3],
         tax_category_names[4]})]);
  }
  return a;
}

/// Reads the catalog object: products (required array), addons (optional
/// array), discounts (optional array of Dodo Discount objects, see
/// read_discount with "subscription_cycles").
[[nodiscard]] inline catalog read_catalog(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer);
  catalog cat;
  const nlohmann::json& products = obj.array("products", "an array of products");
  for (std::size_t i = 0; i < products.size(); ++i) {
    cat.products.push_back(read_product(products[i], pointer_append(obj.at("products"), i)));
  }
  if (const nlohmann::json* addons = obj.array_or_null("addons", "an array of addons")) {
    for (std::size_t i = 0; i < addons->size(); ++i) {
      cat.addons.push_back(read_addon((*addons)[i], pointer_append(obj.at("addons"), i)));
    }
  }
  if (const nlohmann::json* ds = obj.array_or_null("discounts", "an array of discounts")) {
    cat.discounts = read_discounts(*ds, obj.at("discounts"), "subscription_cycles");
  }
  const auto member_of = [&](const char* array, const char* member) {
    return [&obj, array, member](std::size_t i) {
      return pointer_append(pointer_append(obj.at(array), i), member);
    };
  };
  require_unique_ids(
      cat.products, [](const product& p) -> const std::string& { return p.product_id; },
      member_of("products", "product_id"), "a product_id");
  require_unique_ids(
      cat.addons, [](const addon& a) -> const std::string& { return a.addon_id; },
      member_of("addons", "id"), "an addon id");
  require_unique_ids(
      cat.discounts, [](const discount& d) -> const std::string& { return d.code; },
      member_of("discounts", "code"), "a discount code");
  return cat;
}

}  // namespace prorata::dodo

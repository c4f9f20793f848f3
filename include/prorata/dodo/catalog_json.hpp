#pragma once
/// \file
/// The `catalog` object of prorata's JSON input: Dodo's Product objects
/// (with a recurring_price), AddonResponse objects and Discount objects,
/// fed in as the API returns them (unknown fields ignored).

#include <nlohmann/json.hpp>
#include <string>

#include <prorata/billing/catalog.hpp>
#include <prorata/dodo/discount_json.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/subscription_json.hpp>

namespace prorata::dodo {

/// Dodo's tax categories (LineItemAddon.tax_category).
inline constexpr std::string_view tax_category_names[] = {"digital_products", "saas", "e_book",
                                                          "edtech", "live_tutoring"};

/// Reads a Dodo Product: product_id, name (optional, null or absent: ""),
/// price {type "recurring_price", price (minor units >= 0), currency,
/// payment_frequency_interval, payment_frequency_count, tax_inclusive
/// (optional, default false), discount_bps (optional, basis points
/// 0..10000) or, when absent, the deprecated discount (whole percent
/// 0..100)}, tax_category (optional: "" picks the default tax rate).
[[nodiscard]] inline product read_product(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer);
  product p;
  p.product_id = obj.id("product_id");
  p.name = obj.string_or("name", "");
  const json_object price = obj.object("price");
  (void)price.choice("type", {"recurring_price"});
  const currency cur = price.currency_code("currency");
  p.price = money::from_minor(price.integer("price", 0), cur);
  p.interval = price.payment_frequency();
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
  return cat;
}

}  // namespace prorata::dodo

#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <prorata/billing/detail/placeholder.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/money/money.hpp>
#include <prorata/pricing/discount.hpp>

namespace prorata {

/// A subscription product's recurring price (Dodo's Product with a
/// recurring_price): per unit, per billing interval.
struct product {
  std::string product_id;
  std::string name;
  money price = detail::unset_amount();  ///< per unit and interval
  billing_interval interval{interval_unit::month, 1};
  bool tax_inclusive = false;
  bool on_demand = false;
  /// The price's own discount in basis points (Dodo's discount_bps, or the
  /// deprecated whole-percent discount x 100): taken off the product line
  /// before any discount code (detail::bill_lines).
  std::int64_t discount_bps = 0;
  std::string tax_category{};  ///< Dodo's Product.tax_category; "": none given (default rate)
};

/// An addon (Dodo's AddonResponse): a per-unit price billed with the plan.
struct addon {
  std::string addon_id;
  std::string name;
  money price = detail::unset_amount();  ///< per unit and plan interval
  std::string tax_category = "saas";
};

/// Products, addons and discount codes, looked up by id.
struct catalog {
  std::vector<product> products;
  std::vector<addon> addons;
  std::vector<discount> discounts;  ///< by code; cycles_remaining = subscription_cycles

  /// Throws refusal NOT_FOUND if the product is unknown.
  [[nodiscard]] const product& find_product(const std::string& id) const {
    const auto it = std::find_if(products.begin(), products.end(),
                                 [&](const product& p) { return p.product_id == id; });
    if (it == products.end())
      throw refusal("NOT_FOUND", "product \"" + id + "\" is not in the catalog");
    return *it;
  }
  /// Throws refusal MISSING_ADDON_IDS if the addon is unknown.
  [[nodiscard]] const addon& find_addon(const std::string& id) const {
    const auto it = std::find_if(addons.begin(), addons.end(),
                                 [&](const addon& a) { return a.addon_id == id; });
    if (it == addons.end()) {
      throw refusal("MISSING_ADDON_IDS", "addon \"" + id + "\" is not in the catalog");
    }
    return *it;
  }
  /// Throws refusal INVALID_DISCOUNT_CODE if the code is unknown.
  [[nodiscard]] const discount& find_discount(const std::string& code) const {
    const auto it = std::find_if(discounts.begin(), discounts.end(),
                                 [&](const discount& d) { return d.code == code; });
    if (it == discounts.end()) {
      throw refusal("INVALID_DISCOUNT_CODE", "discount code \"" + code + "\" does not exist");
    }
    return *it;
  }
};

}  // namespace prorata

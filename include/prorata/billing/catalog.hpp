#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prorata/billing/detail/placeholder.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/exchange.hpp>
#include <prorata/money/money.hpp>
#include <prorata/pricing/discount.hpp>

namespace prorata {

/// Dodo's Product.price `type`.
enum class price_kind {
  recurring,    ///< recurring_price: `price` per unit and interval
  usage_based,  ///< usage_based_price: `fixed_price` per interval plus meters
  one_time,     ///< one_time_price: charged once (carts, one-time charges)
};

/// A meter of a usage_based_price (Dodo's AddMeterToPrice), in the product's currency.
struct product_meter {
  std::string meter_id;
  std::string name;
  std::int64_t free_threshold = 0;  ///< free units per cycle
  decimal price_per_unit;           ///< minor units per unit
  friend bool operator==(const product_meter&, const product_meter&) = default;
};

/// A product and its price (Dodo's Product): a recurring_price, the fixed
/// part of a usage_based_price, or a one_time_price; per unit (and interval).
struct product {
  std::string product_id;
  std::string name;
  money price = detail::unset_amount();  ///< per unit and interval (fixed_price if usage-based)
  billing_interval interval{interval_unit::month, 1};
  bool tax_inclusive = false;
  bool on_demand = false;
  /// The price's own discount in basis points (Dodo's discount_bps, or the
  /// deprecated whole-percent discount x 100): taken off the product line
  /// before any discount code (detail::bill_lines).
  std::int64_t discount_bps = 0;
  std::string tax_category{};  ///< Dodo's Product.tax_category; "": none given (default rate)
  price_kind kind = price_kind::recurring;
  std::vector<product_meter> meters{};  ///< usage_based only
  /// Localized prices (pricing_mode by_currency), one per currency other than price's.
  std::vector<money> localized{};

  /// The price fixed in `cur`: `price` when in `cur`, else its localized
  /// price in `cur`, else nullopt (the price must be converted).
  [[nodiscard]] std::optional<money> price_in(const currency& cur) const {
    if (price.currency() == cur) return price;
    for (const money& m : localized) {
      if (m.currency() == cur) return m;
    }
    return std::nullopt;
  }
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
  exchange_rates fx;                ///< converts prices in another currency than the subscription's

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

#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/rounding.hpp>
#include <prorata/pricing/discount.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata {

/// One product in a one-time cart (a one-click upsell or cross-sell charged
/// on a saved payment_method_id).
struct cart_item {
  std::string product_id;      ///< must not be empty
  money unit_price;            ///< price of one unit, in the cart's currency, not negative
  std::int64_t quantity;       ///< at least 1
  bool tax_inclusive = false;  ///< true when unit_price already contains the tax
};

/// One priced line of a cart. Always total == net + tax and
/// list_amount - discount == (tax_inclusive ? total : net).
struct cart_line {
  std::string product_id;
  std::int64_t quantity = 0;
  money list_amount;  ///< unit_price x quantity, before discounts
  money discount;     ///< this line's share of every discount
  money net;          ///< the pre-tax amount after discounts
  money tax;          ///< the tax on (exclusive) or in (inclusive) the discounted amount
  money total;        ///< what the customer pays for the line: net + tax
};

/// A priced cart, in the shape of Dodo's checkout breakup
/// (subtotal, discount, tax, total_amount). Each total is the sum of the
/// same field over the lines, so the lines always add up to the cart.
struct cart_charge {
  std::vector<cart_line> lines;  ///< in item order
  money subtotal;                ///< sum of list_amount
  money discount;                ///< sum of line discounts (what the discount stack took)
  money tax;                     ///< sum of line taxes
  money total;                   ///< sum of line totals: what is charged
};

/// Prices a one-time cart.
///
/// 1. list_amount = unit_price x quantity, exactly (overflow_error if it does not fit).
/// 2. `discounts` go through apply_discounts over the list amounts: stacked in
///    order, each on what the previous ones left; a flat discount is pooled
///    over the lines (largest remainder); inactive discounts take nothing.
/// 3. Tax per line with apply_tax(discounted amount, item.tax_inclusive,
///    rate, mode): an exclusive line adds tax on top, an inclusive line's
///    discounted price contains its tax. Rounding is per line.
/// 4. total per line = net + tax; the cart fields are sums over the lines.
///
/// So for an exclusive line total = list - discount + tax, for an inclusive
/// one total = list - discount, and for the cart
/// total = subtotal - discount + (tax of the exclusive lines).
///
/// Throws invalid_argument for an empty cart, an empty product_id, a
/// quantity below 1 or a negative unit_price (naming the item), and
/// currency_mismatch when the items are not all in one currency; discount
/// errors come from apply_discounts.
[[nodiscard]] inline cart_charge price_cart(std::span<const cart_item> items,
                                            std::span<const discount> discounts,
                                            const tax_rate& rate, rounding_mode mode) {
  if (items.empty()) throw invalid_argument("price_cart: the cart is empty");
  const currency cur = items.front().unit_price.currency();

  std::vector<money> list_amounts;
  list_amounts.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const cart_item& item = items[i];
    const std::string which = "price_cart: item " + std::to_string(i) + " (product_id " +
                              detail::quote(item.product_id) + ")";
    if (item.product_id.empty()) {
      throw invalid_argument("price_cart: item " + std::to_string(i) + " has an empty product_id");
    }
    if (item.quantity < 1) {
      throw invalid_argument(which + ": quantity " + std::to_string(item.quantity) + " is below 1");
    }
    if (item.unit_price.currency() != cur) {
      throw currency_mismatch(which + ": unit_price " + to_string(item.unit_price) +
                              " is not in the cart's currency " + std::string(cur.code()));
    }
    if (item.unit_price.is_negative()) {
      throw invalid_argument(which + ": unit_price " + detail::quote(to_string(item.unit_price)) +
                             " is negative");
    }
    list_amounts.push_back(item.unit_price * item.quantity);
  }

  const discounted_lines discounted = apply_discounts(list_amounts, discounts, cur, mode);

  cart_charge out{{}, money::zero(cur), money::zero(cur), money::zero(cur), money::zero(cur)};
  out.lines.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const taxed_amount taxed = apply_tax(discounted.lines[i], items[i].tax_inclusive, rate, mode);
    cart_line line{items[i].product_id,
                   items[i].quantity,
                   list_amounts[i],
                   list_amounts[i] - discounted.lines[i],
                   taxed.net,
                   taxed.tax,
                   taxed.net + taxed.tax};
    out.subtotal += line.list_amount;
    out.discount += line.discount;
    out.tax += line.tax;
    out.total += line.total;
    out.lines.push_back(std::move(line));
  }
  return out;
}

/// The same with braced lists or vectors.
[[nodiscard]] inline cart_charge price_cart(const std::vector<cart_item>& items,
                                            const std::vector<discount>& discounts,
                                            const tax_rate& rate, rounding_mode mode) {
  return price_cart(std::span<const cart_item>(items), std::span<const discount>(discounts), rate,
                    mode);
}

}  // namespace prorata

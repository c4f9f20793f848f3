#pragma once
// Shared helpers for the pricing tests.

#include <cstdint>
#include <span>
#include <string>

#include <prorata/money/currency.hpp>
#include <prorata/money/money.hpp>
#include <prorata/pricing/cart.hpp>

namespace pricing_test {

inline const prorata::currency& usd() {
  static const prorata::currency c = prorata::currency::from_code("USD");
  return c;
}

/// US cents.
inline prorata::money cents(std::int64_t minor) { return prorata::money::from_minor(minor, usd()); }

/// The message of the `Error` that `f` throws, or a marker that cannot match
/// any expected text when it throws nothing (a wrong type escapes to doctest).
template <class Error, class F>
std::string thrown_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<nothing thrown>";
}

/// True when `text` contains `part`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The first way `c` fails to add up for `items`, or "" when every line and
/// total is consistent: list = price x quantity, total = net + tax, no
/// negative part, discount within the list amount, inclusive lines total
/// list - discount, exclusive nets are list - discount, cart totals are the
/// sums of the lines and total = subtotal - discount + exclusive tax.
inline std::string cart_inconsistency(const prorata::cart_charge& c,
                                      std::span<const prorata::cart_item> items) {
  using prorata::money;
  if (c.lines.size() != items.size()) return "line count";
  money subtotal = money::zero(c.total.currency());
  money disc = subtotal;
  money tax = subtotal;
  money total = subtotal;
  money exclusive_tax = subtotal;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const prorata::cart_line& l = c.lines[i];
    const std::string at = "line " + std::to_string(i) + ": ";
    if (l.product_id != items[i].product_id || l.quantity != items[i].quantity) {
      return at + "product or quantity";
    }
    if (l.list_amount != items[i].unit_price * items[i].quantity) return at + "list amount";
    if (l.total != l.net + l.tax) return at + "total != net + tax";
    if (l.net.is_negative() || l.tax.is_negative() || l.discount.is_negative()) {
      return at + "negative part";
    }
    if (l.discount > l.list_amount) return at + "discount above list";
    if (items[i].tax_inclusive) {
      if (l.total != l.list_amount - l.discount) return at + "inclusive total";
    } else {
      if (l.net != l.list_amount - l.discount) return at + "exclusive net";
      exclusive_tax += l.tax;
    }
    subtotal += l.list_amount;
    disc += l.discount;
    tax += l.tax;
    total += l.total;
  }
  if (c.subtotal != subtotal || c.discount != disc || c.tax != tax || c.total != total) {
    return "cart totals are not the sums of the lines";
  }
  if (c.total != c.subtotal - c.discount + exclusive_tax)
    return "total != subtotal - discount + tax";
  return "";
}

}  // namespace pricing_test

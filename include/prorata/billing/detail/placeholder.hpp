#pragma once
// internal: include <prorata/billing.hpp>

#include <prorata/money/currency.hpp>
#include <prorata/money/money.hpp>

namespace prorata::detail {

// Billing structs are aggregates whose amounts are filled in later; their
// default members need a currency. USD is looked up once, not per member.

/// The currency of a default-constructed billing value (USD).
[[nodiscard]] inline currency placeholder_currency() {
  static const currency usd = currency::from_code("USD");
  return usd;
}

/// The amount of a default-constructed billing value: zero USD.
[[nodiscard]] inline money unset_amount() { return money::zero(placeholder_currency()); }

}  // namespace prorata::detail

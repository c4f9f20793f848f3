#pragma once
/// \file
/// Exchange rates given by the caller (prorata has no clock and no feed) and
/// exact conversion of an amount between currencies, rounded once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/mul_div.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/error.hpp>
#include <prorata/money/currency.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

/// One exchange rate: 1 unit (major) of `from` is `rate` units of `to`
/// ("EUR/USD" 1.0842: 1 EUR = 1.0842 USD).
struct exchange_rate {
  currency from;
  currency to;
  decimal rate;  ///< > 0, exact as written
  friend bool operator==(const exchange_rate&, const exchange_rate&) = default;
};

/// An exact rate as a fraction of major units: num / den.
struct exact_rate {
  big_int num{1};
  big_int den{1};
};

/// The exchange rates a computation may use, looked up by currency pair.
/// A pair is usable in both directions (the inverse of a given rate is
/// exact as a fraction); a directly given rate wins over an inverted one.
class exchange_rates {
 public:
  /// Adds or replaces from/to. Throws invalid_argument if rate <= 0 or from == to.
  void set(currency from, currency to, decimal rate) {
    if (rate.coefficient <= 0) {
      throw invalid_argument("exchange rate " + std::string(from.code()) + "/" +
                             std::string(to.code()) + " " + to_string(rate) + " is not positive");
    }
    if (from.code() == to.code()) {
      throw invalid_argument("exchange rate " + std::string(from.code()) + "/" +
                             std::string(to.code()) + " converts a currency to itself");
    }
    for (exchange_rate& r : rates_) {
      if (r.from.code() == from.code() && r.to.code() == to.code()) {
        r.rate = rate;
        return;
      }
    }
    rates_.push_back({from, to, rate});
  }
  [[nodiscard]] bool empty() const noexcept { return rates_.empty(); }
  [[nodiscard]] const std::vector<exchange_rate>& entries() const noexcept { return rates_; }

  /// Major units of `to` per major unit of `from`: 1 for the same code, the
  /// given rate, the inverse of the reverse rate, or nullopt.
  [[nodiscard]] std::optional<exact_rate> find(currency from, currency to) const {
    if (from.code() == to.code()) return exact_rate{};
    const exchange_rate* inverse = nullptr;
    for (const exchange_rate& r : rates_) {
      if (r.from.code() == from.code() && r.to.code() == to.code()) return as_fraction(r.rate);
      if (r.from.code() == to.code() && r.to.code() == from.code()) inverse = &r;
    }
    if (inverse == nullptr) return std::nullopt;
    exact_rate f = as_fraction(inverse->rate);
    return exact_rate{f.den, f.num};
  }

  friend bool operator==(const exchange_rates&, const exchange_rates&) = default;

 private:
  [[nodiscard]] static exact_rate as_fraction(const decimal& d) {
    big_int den = 1;
    for (int i = 0; i < d.scale; ++i) den *= 10;
    return {detail::to_big(d.coefficient), den};
  }
  std::vector<exchange_rate> rates_;
};

/// `amount` in currency `to`: minor units x rate x (markup_num / markup_den)
/// rescaled between the two currencies' minor digits, computed exactly and
/// rounded once with `mode`. Throws overflow_error if the result does not
/// fit in int64 minor units.
[[nodiscard]] inline money convert(const money& amount, currency to, const exact_rate& rate,
                                   rounding_mode mode, std::int64_t markup_num = 1,
                                   std::int64_t markup_den = 1) {
  big_int num = detail::to_big(amount.minor_units()) * rate.num * markup_num;
  big_int den = rate.den * markup_den;
  const int shift = to.minor_digits() - amount.currency().minor_digits();
  for (int i = 0; i < shift; ++i) num *= 10;
  for (int i = 0; i > shift; --i) den *= 10;
  return money::from_minor(
      detail::narrow<std::int64_t>(divide_rounded(num, den, mode), "currency conversion"), to);
}

}  // namespace prorata

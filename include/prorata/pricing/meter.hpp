#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/currency.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

/// Most fractional digits Dodo accepts in a meter's price_per_unit.
inline constexpr int max_meter_price_scale = 12;
/// Most integer digits Dodo accepts in a meter's price_per_unit (minor units).
inline constexpr int max_meter_price_integer_digits = 5;

/// One usage meter line, with the fields of Dodo's `type:"meter"` preview line.
struct meter_charge_result {
  decimal units_consumed;  ///< usage in the period, as given
  decimal
      chargeable_units;  ///< max(units_consumed - free_threshold, 0), exact, at the usage's scale
  std::int64_t free_threshold = 0;  ///< free units per cycle
  decimal price_per_unit;           ///< minor units of the currency per unit ("50" is $0.50)
  money subtotal;                   ///< chargeable_units x price_per_unit, rounded once
};

/// Prices a usage meter the way Dodo documents it (features/usage-based-billing):
/// chargeable = max(units_consumed - free_threshold, 0), exactly; subtotal =
/// chargeable x price_per_unit, where price_per_unit is in MINOR units of
/// `cur` ("lowest denomination": $0.50 per unit is "50", $0.05 is "5"),
/// computed exactly in big_int and rounded ONCE to whole minor units with
/// `mode`. No per-unit rounding ever happens.
///
/// meter_charge(250, 100, "50", USD, m).subtotal == USD 75.00
///
/// Throws invalid_argument naming the field for a negative units_consumed,
/// free_threshold or price_per_unit, for a price_per_unit with more than 12
/// fractional digits or more than 5 integer digits (Dodo's limits), and
/// overflow_error when the subtotal does not fit int64 minor units.
[[nodiscard]] inline meter_charge_result meter_charge(const decimal& units_consumed,
                                                      std::int64_t free_threshold,
                                                      const decimal& price_per_unit,
                                                      const currency& cur, rounding_mode mode) {
  if (units_consumed.coefficient < 0) {
    throw invalid_argument("meter_charge: units_consumed " +
                           detail::quote(to_string(units_consumed)) + " is negative");
  }
  if (free_threshold < 0) {
    throw invalid_argument("meter_charge: free_threshold " +
                           detail::quote(std::to_string(free_threshold)) + " is negative");
  }
  if (price_per_unit.coefficient < 0) {
    throw invalid_argument("meter_charge: price_per_unit " +
                           detail::quote(to_string(price_per_unit)) + " is negative");
  }
  if (price_per_unit.scale > max_meter_price_scale) {
    throw invalid_argument("meter_charge: price_per_unit " +
                           detail::quote(to_string(price_per_unit)) + " has more than " +
                           std::to_string(max_meter_price_scale) + " fractional digits");
  }
  if (price_per_unit >= decimal{detail::pow10_128(max_meter_price_integer_digits), 0}) {
    throw invalid_argument("meter_charge: price_per_unit " +
                           detail::quote(to_string(price_per_unit)) + " has more than " +
                           std::to_string(max_meter_price_integer_digits) +
                           " integer digits (it is in minor units: $0.50 is \"50\")");
  }

  // Both terms are non-negative and below 2^127: the difference cannot overflow.
  const int128 threshold_units =
      int128(free_threshold) * detail::pow10_128(units_consumed.scale);  // < 2^63 * 10^18
  const int128 chargeable = units_consumed.coefficient > threshold_units
                                ? units_consumed.coefficient - threshold_units
                                : int128(0);

  // chargeable * price / 10^(scale_u + scale_p), exactly, rounded once.
  const big_int numerator = detail::to_big(chargeable) * detail::to_big(price_per_unit.coefficient);
  const big_int denominator =
      detail::to_big(detail::pow10_128(units_consumed.scale + price_per_unit.scale));
  const std::int64_t minor = detail::narrow<std::int64_t>(
      divide_rounded(numerator, denominator, mode), "meter_charge: subtotal in minor units");

  return {units_consumed, decimal{chargeable, units_consumed.scale}, free_threshold, price_per_unit,
          money::from_minor(minor, cur)};
}

/// The same with usage and price as decimal strings ("250", "0.5", "50").
/// Malformed text is a parse_error naming the field and quoting the text.
[[nodiscard]] inline meter_charge_result meter_charge(std::string_view units_consumed,
                                                      std::int64_t free_threshold,
                                                      std::string_view price_per_unit,
                                                      const currency& cur, rounding_mode mode) {
  const auto parse_field = [](std::string_view text, const char* field) {
    try {
      return parse_decimal(text);
    } catch (const parse_error& e) {
      throw parse_error(std::string("meter_charge: ") + field + " " + detail::quote(text) +
                        " is not a decimal: " + e.what());
    }
  };
  return meter_charge(parse_field(units_consumed, "units_consumed"), free_threshold,
                      parse_field(price_per_unit, "price_per_unit"), cur, mode);
}

}  // namespace prorata

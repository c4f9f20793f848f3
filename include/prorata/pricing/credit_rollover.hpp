#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

/// Unused credits at the end of a cycle, split into what rolls over and what
/// is forfeited: carried + forfeited == unused, exactly, both non-negative.
struct rollover_result {
  decimal carried;    ///< credits carried into the next cycle, with `scale` digits
  decimal forfeited;  ///< unused - carried, at the larger of the two scales
};

/// Dodo credit-based billing rollover (features/credit-based-billing):
/// carried = unused x rollover_basis_points / 10000 (7500 = 75 %), rounded
/// once with `mode` to `scale` fractional digits (0: whole credits);
/// forfeited = unused - carried, exactly. 200 unused at 7500 bp -> 150
/// carried, 50 forfeited.
///
/// Carried never exceeds unused: when `unused` has more digits than `scale`
/// and the mode would round the carried credits above it (e.g. 0.5 at
/// 10000 bp with ceiling to 0 digits), carried is `unused` truncated to
/// `scale` digits instead.
///
/// Throws invalid_argument for a negative `unused`, basis points outside
/// 0..10000 or a scale outside 0..18, and overflow_error when a result does
/// not fit a decimal's 128-bit coefficient.
[[nodiscard]] inline rollover_result rollover_credits(const decimal& unused,
                                                      std::int64_t rollover_basis_points,
                                                      rounding_mode mode, int scale = 0) {
  if (unused.coefficient < 0) {
    throw invalid_argument("rollover_credits: unused credits " + detail::quote(to_string(unused)) +
                           " are negative");
  }
  if (rollover_basis_points < 0 || rollover_basis_points > 10000) {
    throw invalid_argument("rollover_credits: rollover_basis_points " +
                           detail::quote(std::to_string(rollover_basis_points)) +
                           " is outside 0..10000 (7500 is 75 %)");
  }
  if (scale < 0 || scale > max_decimal_scale) {
    throw invalid_argument("rollover_credits: scale " + detail::quote(std::to_string(scale)) +
                           " is outside 0.." + std::to_string(max_decimal_scale));
  }

  // carried units of 10^-scale = unused.coefficient * bp * 10^scale / (10000 * 10^unused.scale)
  const big_int numerator = detail::to_big(unused.coefficient) * big_int(rollover_basis_points) *
                            detail::to_big(detail::pow10_128(scale));
  const big_int denominator = big_int(10000) * detail::to_big(detail::pow10_128(unused.scale));
  big_int carried = divide_rounded(numerator, denominator, mode);
  // The cap: unused itself, truncated to `scale` digits (unused >= 0).
  const big_int cap = detail::to_big(unused.coefficient) *
                      detail::to_big(detail::pow10_128(scale)) /
                      detail::to_big(detail::pow10_128(unused.scale));
  if (carried > cap) carried = cap;

  const int forfeited_scale = scale > unused.scale ? scale : unused.scale;
  const big_int forfeited = detail::to_big(unused.coefficient) *
                                detail::to_big(detail::pow10_128(forfeited_scale - unused.scale)) -
                            carried * detail::to_big(detail::pow10_128(forfeited_scale - scale));

  return {decimal{detail::narrow<int128>(carried, "rollover_credits: carried credits"), scale},
          decimal{detail::narrow<int128>(forfeited, "rollover_credits: forfeited credits"),
                  forfeited_scale}};
}

/// The same with the unused credits as a decimal string ("200", "12.5").
/// Malformed text is a parse_error quoting it.
[[nodiscard]] inline rollover_result rollover_credits(std::string_view unused,
                                                      std::int64_t rollover_basis_points,
                                                      rounding_mode mode, int scale = 0) {
  decimal parsed;
  try {
    parsed = parse_decimal(unused);
  } catch (const parse_error& e) {
    throw parse_error("rollover_credits: unused credits " + detail::quote(unused) +
                      " are not a decimal: " + e.what());
  }
  return rollover_credits(parsed, rollover_basis_points, mode, scale);
}

}  // namespace prorata

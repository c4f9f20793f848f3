#pragma once

#include <array>
#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/detail/raise.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// How an inexact quotient becomes a whole number. There is no default:
/// every call that rounds names its mode. Examples are for 2.5, -2.5, 2.7.
enum class rounding_mode {
  half_even,            ///< nearest, ties to even: 2.5 -> 2, -2.5 -> -2, 3.5 -> 4
  half_away_from_zero,  ///< nearest, ties away from 0 ("half up"): 2.5 -> 3, -2.5 -> -3
  half_toward_zero,     ///< nearest, ties toward 0 ("half down"): 2.5 -> 2, -2.5 -> -2
  toward_zero,          ///< truncate: 2.7 -> 2, -2.7 -> -2
  away_from_zero,       ///< 2.1 -> 3, -2.1 -> -3
  floor,                ///< toward -infinity: 2.7 -> 2, -2.1 -> -3
  ceiling,              ///< toward +infinity: 2.1 -> 3, -2.7 -> -2
};

/// Every mode, in declaration order (for tests, help texts and policy parsing).
inline constexpr std::array<rounding_mode, 7> all_rounding_modes{
    rounding_mode::half_even,   rounding_mode::half_away_from_zero, rounding_mode::half_toward_zero,
    rounding_mode::toward_zero, rounding_mode::away_from_zero,      rounding_mode::floor,
    rounding_mode::ceiling};

/// The mode's name as used in JSON policies: "half_even", "floor"...
[[nodiscard]] constexpr std::string_view to_string(rounding_mode mode) noexcept {
  switch (mode) {
    case rounding_mode::half_even:
      return "half_even";
    case rounding_mode::half_away_from_zero:
      return "half_away_from_zero";
    case rounding_mode::half_toward_zero:
      return "half_toward_zero";
    case rounding_mode::toward_zero:
      return "toward_zero";
    case rounding_mode::away_from_zero:
      return "away_from_zero";
    case rounding_mode::floor:
      return "floor";
    case rounding_mode::ceiling:
      return "ceiling";
  }
  return "unknown";
}

/// Parses a mode name; throws parse_error listing the valid names.
[[nodiscard]] inline rounding_mode parse_rounding_mode(std::string_view text) {
  for (const rounding_mode m : all_rounding_modes) {
    if (to_string(m) == text) return m;
  }
  std::string names;
  for (const rounding_mode m : all_rounding_modes) {
    names += names.empty() ? "" : ", ";
    names += to_string(m);
  }
  throw parse_error("rounding mode " + detail::quote(text) + " is not one of: " + names);
}

namespace detail {

/// Decides whether the truncated quotient q of n / d moves one step away
/// from zero, from mag_r = |n % d| (possibly 0), mag_d = |d|, the sign of
/// the exact quotient and whether q is odd.
template <class U>
[[nodiscard]] constexpr bool round_away(const U& mag_r, const U& mag_d, bool negative, bool q_odd,
                                        rounding_mode mode) {
  // Compare |r| with |d| - |r| rather than 2|r| with |d|: nothing overflows,
  // and r == 0 never rounds in the half modes (0 < |d|).
  const U rest = mag_d - mag_r;
  switch (mode) {
    case rounding_mode::toward_zero:
      return false;
    case rounding_mode::away_from_zero:
      return mag_r != 0;
    case rounding_mode::floor:
      return negative && mag_r != 0;
    case rounding_mode::ceiling:
      return !negative && mag_r != 0;
    case rounding_mode::half_away_from_zero:
      return mag_r >= rest;
    case rounding_mode::half_toward_zero:
      return mag_r > rest;
    case rounding_mode::half_even:
      return mag_r > rest || (mag_r == rest && q_odd);
  }
  raise<invalid_argument>("rounding: unknown rounding mode");
}

}  // namespace detail

/// Exact n / d rounded once with `mode`, for int64, prorata::int128 and
/// big_int (cpp_int). Throws invalid_argument if d == 0 and overflow_error
/// if the quotient does not fit (only INT_MIN / -1 for machine integers).
///
/// divide_rounded(5, 2, rounding_mode::half_even) == 2
/// divide_rounded(-5, 2, rounding_mode::half_away_from_zero) == -3
/// divide_rounded(-21, 10, rounding_mode::floor) == -3
template <class Int>
[[nodiscard]] constexpr Int divide_rounded(const Int& n, const Int& d, rounding_mode mode) {
  if (d == 0) detail::raise<invalid_argument>("divide_rounded: division by zero");
  if constexpr (detail::is_machine_int<Int>) {
    if (d == -1 && n == detail::min_of<Int>) {
      detail::raise<overflow_error>(
          "divide_rounded: quotient of the minimum integer by -1 overflows");
    }
  }
  Int q = n / d;  // truncates toward zero
  const Int r = n % d;
  if (r == 0) return q;
  const bool negative = (n < 0) != (d < 0);
  const bool q_odd = (q % 2) != 0;
  // |d| >= 2 here, so |q| <= max/2 and q +- 1 cannot overflow.
  if (detail::round_away(detail::magnitude(r), detail::magnitude(d), negative, q_odd, mode)) {
    q += negative ? Int(-1) : Int(1);
  }
  return q;
}

}  // namespace prorata

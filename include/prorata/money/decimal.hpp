#pragma once

#include <compare>
#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

/// Most fractional digits a decimal string may have ("0.000000000000000001").
inline constexpr int max_decimal_scale = 18;

/// An exact decimal value: coefficient * 10^-scale, as written. "10.50" is
/// {1050, 2}; "-0.005" is {-5, 3}. No binary fractions are ever involved.
struct decimal {
  int128 coefficient = 0;
  int scale = 0;  ///< 0..max_decimal_scale

  /// Value equality: "1.5" == "1.50".
  friend bool operator==(const decimal& a, const decimal& b) { return (a <=> b) == 0; }
  friend std::strong_ordering operator<=>(const decimal& a, const decimal& b);
};

/// Parses `-?digits(.digits)?` exactly, keeping the written scale. Throws
/// parse_error quoting the input for anything else ("1e5", " 12", "+1",
/// "1.", ".5", "0x10"), for more than 18 fractional digits, or for a value
/// beyond 38 significant digits.
[[nodiscard]] decimal parse_decimal(std::string_view text);

/// Formats with exactly `d.scale` fractional digits: {1050, 2} -> "10.50".
[[nodiscard]] std::string to_string(const decimal& d);

/// The coefficient of `d` at `target_scale` (0..18): {1050,2} at 3 is 10500.
/// Throws inexact_error if digits would be dropped; overflow_error if it
/// does not fit in 128 bits.
[[nodiscard]] int128 rescale(const decimal& d, int target_scale);
/// Same, dropping extra digits with `mode` (one rounding).
[[nodiscard]] int128 rescale(const decimal& d, int target_scale, rounding_mode mode);

/// a + b exactly, at the larger of the two scales ("1.5" + "0.25" is
/// "1.75"). Throws overflow_error if the sum does not fit in 128 bits.
[[nodiscard]] decimal add(const decimal& a, const decimal& b);

/// Parses a decimal string as a count of 10^-scale units, exactly:
/// parse_scaled("10.50", 2) == 1050. More digits than `scale` is an
/// inexact_error; a result outside Int is an overflow_error.
template <class Int = std::int64_t>
[[nodiscard]] Int parse_scaled(std::string_view text, int scale) {
  try {
    return detail::narrow<Int>(rescale(parse_decimal(text), scale), "parse_scaled");
  } catch (const inexact_error&) {
    throw inexact_error("decimal " + detail::quote(text) + " has more than " +
                        std::to_string(scale) +
                        " fractional digits; name a rounding mode to round it");
  }
}
/// Same, rounding extra digits once with `mode`.
template <class Int = std::int64_t>
[[nodiscard]] Int parse_scaled(std::string_view text, int scale, rounding_mode mode) {
  return detail::narrow<Int>(rescale(parse_decimal(text), scale, mode), "parse_scaled");
}

/// Formats a count of 10^-scale units: format_scaled(-5, 3) == "-0.005".
template <class Int>
[[nodiscard]] std::string format_scaled(const Int& units, int scale) {
  std::string digits = detail::to_digits(units);
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.erase(digits.begin());
  if (scale > 0) {
    const auto width = static_cast<std::size_t>(scale);
    if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
    digits.insert(digits.size() - width, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

[[nodiscard]] inline int128 pow10_128(int exponent) {
  int128 p = 1;
  for (int i = 0; i < exponent; ++i) p *= 10;
  return p;
}

inline void check_scale(int scale, const char* what) {
  if (scale < 0 || scale > max_decimal_scale) {
    throw invalid_argument(std::string(what) + ": scale " + std::to_string(scale) +
                           " is outside 0.." + std::to_string(max_decimal_scale));
  }
}

}  // namespace detail

inline decimal parse_decimal(std::string_view text) {
  const auto fail = [&](const char* why) {
    throw parse_error("decimal " + detail::quote(text) + " is malformed: " + why +
                      " (expected an optional '-', digits, and optionally '.' and digits, "
                      "e.g. \"10.50\")");
  };
  std::size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) i = 1;
  if (i == text.size()) fail("no digits");
  int128 coefficient = 0;
  int scale = 0;
  bool in_fraction = false;
  bool digit_before_point = false;
  bool digit_after_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (in_fraction) fail("more than one '.'");
      if (!digit_before_point) fail("no digit before '.'");
      in_fraction = true;
      continue;
    }
    if (c < '0' || c > '9') fail("unexpected character");
    if (__builtin_mul_overflow(coefficient, 10, &coefficient) ||
        __builtin_add_overflow(coefficient, c - '0', &coefficient)) {
      throw parse_error("decimal " + detail::quote(text) + " has more than 38 significant digits");
    }
    if (in_fraction) {
      digit_after_point = true;
      if (++scale > max_decimal_scale) {
        throw parse_error("decimal " + detail::quote(text) + " has more than " +
                          std::to_string(max_decimal_scale) + " fractional digits");
      }
    } else {
      digit_before_point = true;
    }
  }
  if (in_fraction && !digit_after_point) fail("no digit after '.'");
  return decimal{negative ? -coefficient : coefficient, scale};
}

inline std::string to_string(const decimal& d) { return format_scaled(d.coefficient, d.scale); }

inline std::strong_ordering operator<=>(const decimal& a, const decimal& b) {
  const int scale = a.scale > b.scale ? a.scale : b.scale;
  const big_int lhs =
      detail::to_big(a.coefficient) * detail::to_big(detail::pow10_128(scale - a.scale));
  const big_int rhs =
      detail::to_big(b.coefficient) * detail::to_big(detail::pow10_128(scale - b.scale));
  if (lhs < rhs) return std::strong_ordering::less;
  if (lhs > rhs) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

inline int128 rescale(const decimal& d, int target_scale, rounding_mode mode) {
  detail::check_scale(target_scale, "rescale");
  if (target_scale >= d.scale) {
    const int128 factor = detail::pow10_128(target_scale - d.scale);
    int128 out = 0;
    if (__builtin_mul_overflow(d.coefficient, factor, &out)) {
      throw overflow_error("rescale: " + to_string(d) + " at scale " +
                           std::to_string(target_scale) + " does not fit in 128 bits");
    }
    return out;
  }
  return divide_rounded(d.coefficient, detail::pow10_128(d.scale - target_scale), mode);
}

inline decimal add(const decimal& a, const decimal& b) {
  const int scale = a.scale > b.scale ? a.scale : b.scale;
  decimal out{0, scale};
  if (__builtin_add_overflow(rescale(a, scale), rescale(b, scale), &out.coefficient)) {
    throw overflow_error("add: " + to_string(a) + " + " + to_string(b) +
                         " does not fit in 128 bits");
  }
  return out;
}

inline int128 rescale(const decimal& d, int target_scale) {
  detail::check_scale(target_scale, "rescale");
  if (target_scale < d.scale && d.coefficient % detail::pow10_128(d.scale - target_scale) != 0) {
    throw inexact_error("rescale: " + to_string(d) + " has more than " +
                        std::to_string(target_scale) + " fractional digits");
  }
  return rescale(d, target_scale, rounding_mode::toward_zero);  // exact here
}

}  // namespace prorata

#pragma once
// internal: include <prorata/prorata.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata::detail {

[[nodiscard]] inline big_int big_mul_mul_div(const big_int& a, const big_int& b, const big_int& c,
                                             const big_int& d, rounding_mode mode) {
  return divide_rounded(big_int(a * b * c), d, mode);
}

/// Exact a * b * c / d rounded once, in big_int, narrowed to Rep. Kept out
/// of line: it is the rare path, and inlining it would stop the int64 path
/// from inlining into its callers.
template <class Rep, class A, class B, class C, class D>
[[nodiscard, gnu::noinline]] Rep mul_mul_div_big(const A& a, const B& b, const C& c, const D& d,
                                                 rounding_mode mode, std::string_view what) {
  return narrow<Rep>(big_mul_mul_div(to_big(a), to_big(b), to_big(c), to_big(d), mode), what);
}

/// The int64 operands' exact fallback. It takes values, not references, and
/// no message argument, so the hot path neither spills its operands to
/// memory nor sets up arguments it almost never passes.
[[nodiscard, gnu::noinline]] inline std::int64_t mul_mul_div_int64_big(
    std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d, rounding_mode mode) {
  return narrow<std::int64_t>(big_mul_mul_div(big_int(a), big_int(b), big_int(c), big_int(d), mode),
                              "amount x quantity x ratio");
}

/// a * b * c / d on magnitudes, rounded as a quotient of sign `negative`.
/// Returns false, leaving q unset, when a * b reaches 2^64 or the quotient
/// reaches 2^64: the caller then takes the exact big_int path.
[[nodiscard, gnu::always_inline]] inline bool mul_mul_div_magnitudes(
    std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d, bool negative,
    rounding_mode mode, std::uint64_t& q) {
  const uint128 ab = static_cast<uint128>(a) * b;
  if ((ab >> 64) != 0) return false;
  const uint128 n = static_cast<uint128>(static_cast<std::uint64_t>(ab)) * c;  // < 2^128
  const auto high = static_cast<std::uint64_t>(n >> 64);
  std::uint64_t r = 0;
  if (high == 0) [[likely]] {  // one 64-bit division
    q = static_cast<std::uint64_t>(n) / d;
    r = static_cast<std::uint64_t>(n) % d;
  } else if (high < d) {  // the quotient still fits 64 bits
    q = static_cast<std::uint64_t>(n / d);
    r = static_cast<std::uint64_t>(n) - q * d;  // exact modulo 2^64, as r < d
  } else {
    return false;
  }
  if (round_away(r, d, negative, (q & 1) != 0, mode)) ++q;
  return true;
}

/// round(a * num / den) with `Mode` fixed at compile time, for a quotient
/// the caller has bounded below 2^64 (for example num <= den) and den > 0:
/// one 128-bit product and, when it fits 64 bits, one 64-bit division, as
/// the hand-written baseline does. No checks. If the caller's bound does not
/// hold, the result is some wrong value (never undefined behaviour), which
/// the caller must then discard.
template <rounding_mode Mode>
[[nodiscard, gnu::always_inline]] inline std::uint64_t mul_div_bounded(std::uint64_t a,
                                                                       std::uint64_t num,
                                                                       std::uint64_t den) noexcept {
  const uint128 n = static_cast<uint128>(a) * num;
  const auto low = static_cast<std::uint64_t>(n);
  std::uint64_t q = 0;
  std::uint64_t r = 0;
  if ((n >> 64) == 0) [[likely]] {
    q = low / den;
    r = low % den;
  } else {
    q = static_cast<std::uint64_t>(n / den);
    r = low - q * den;  // exact modulo 2^64 when the quotient fits, as r < den
  }
  if (round_away(r, den, false, (q & 1) != 0, Mode)) ++q;
  return q;
}

/// Rounding a non-negative quotient by adding a bias below the divisor d
/// before truncating: round(n / d) == (n + bias) / d with bias = 0
/// (toward_zero, floor), d - 1 (away_from_zero, ceiling), floor(d / 2)
/// (half_away_from_zero: up when 2r >= d) or floor((d - 1) / 2)
/// (half_toward_zero: up when 2r > d), r being n mod d. half_even has no
/// such bias, as its ties depend on the quotient's parity: has_bias() is
/// false for it. bias(d) is (d - minus) >> shift, or 0.
struct rounding_bias {
  std::uint8_t minus = 0;  ///< 0 or 1
  std::uint8_t shift = 0;  ///< 0 or 1
  bool any = false;        ///< false: bias 0
  bool exact = true;       ///< false for half_even (and an unknown mode)

  /// The bias rule of `mode`; an unknown mode has none, like half_even.
  [[nodiscard]] static constexpr rounding_bias of(rounding_mode mode) noexcept;
  [[nodiscard]] constexpr bool has_bias() const noexcept { return exact; }
  /// The bias for divisor d > 0.
  [[nodiscard]] constexpr std::uint64_t operator()(std::uint64_t d) const noexcept {
    return any ? (d - minus) >> shift : 0;
  }
};

/// rounding_bias::of, by rounding_mode's declaration order.
inline constexpr rounding_bias rounding_biases[] = {
    {0, 0, false, false},  // half_even: by remainder and parity
    {0, 1, true, true},    // half_away_from_zero: floor(d / 2)
    {1, 1, true, true},    // half_toward_zero: floor((d - 1) / 2)
    {0, 0, false, true},   // toward_zero: 0
    {1, 0, true, true},    // away_from_zero: d - 1
    {0, 0, false, true},   // floor: toward zero when non-negative
    {1, 0, true, true},    // ceiling: away from zero when non-negative
};
static_assert(static_cast<int>(rounding_mode::half_even) == 0 &&
              static_cast<int>(rounding_mode::ceiling) == 6);

constexpr rounding_bias rounding_bias::of(rounding_mode mode) noexcept {
  const auto i = static_cast<std::size_t>(mode);
  return i < std::size(rounding_biases) ? rounding_biases[i] : rounding_bias{0, 0, false, false};
}

/// round(a * num / den) for a non-negative quotient the caller has bounded
/// below 2^64, den > 0 and bias = rounding_bias::of(mode)(den): one 128-bit
/// product plus the bias and, when that fits 64 bits, one 64-bit division,
/// with nothing to decide afterwards. No checks; outside the bound the
/// result is some wrong value (never undefined behaviour) for the caller to
/// discard.
[[nodiscard, gnu::always_inline]] inline std::uint64_t mul_div_biased(std::uint64_t a,
                                                                      std::uint64_t num,
                                                                      std::uint64_t den,
                                                                      std::uint64_t bias) noexcept {
  const uint128 n = static_cast<uint128>(a) * num + bias;  // < 2^128
  if ((n >> 64) == 0) [[likely]]
    return static_cast<std::uint64_t>(n) / den;
  return static_cast<std::uint64_t>(n / den);
}

/// mul_div_biased for a, num and den below 2^32 (and bias < den): then
/// a * num + bias < 2^64, so one 64-bit multiply and one 64-bit division.
/// Outside that bound the result is some wrong value (never undefined
/// behaviour) for the caller to discard.
[[nodiscard, gnu::always_inline]] inline std::uint64_t mul_div_biased_narrow(
    std::uint64_t a, std::uint64_t num, std::uint64_t den, std::uint64_t bias) noexcept {
  return (a * num + bias) / den;
}

/// The hot path for int64 operands, after reference/perf-anchors.md:
/// magnitudes multiplied in unsigned 128 bits, one 64-bit division when the
/// product fits 64 bits, rounding decided on the remainder. Anything unusual
/// takes the exact big_int path, which also reports a result that does not
/// fit int64.
[[nodiscard, gnu::always_inline]] inline std::int64_t mul_mul_div_int64(
    std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d, rounding_mode mode) {
  constexpr auto top = static_cast<std::uint64_t>(max_of<std::int64_t>);
  std::uint64_t q = 0;
  if ((a | b | c) >= 0 && d > 0) [[likely]] {  // billing lines are mostly non-negative
    if (mul_mul_div_magnitudes(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b),
                               static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(d), false,
                               mode, q) &&
        q <= top) [[likely]] {
      return static_cast<std::int64_t>(q);
    }
  } else if (d > 0) {
    const bool negative = ((a < 0) != (b < 0)) != (c < 0);
    // int64 holds magnitudes up to 2^63 - 1, or 2^63 when negative
    if (mul_mul_div_magnitudes(magnitude(a), magnitude(b), magnitude(c),
                               static_cast<std::uint64_t>(d), negative, mode, q) &&
        q <= top + (negative ? 1 : 0)) {
      // unsigned negation, then a modular conversion (defined in C++20)
      return static_cast<std::int64_t>(negative ? std::uint64_t{0} - q : q);
    }
  }
  return mul_mul_div_int64_big(a, b, c, d, mode);
}

/// Exact a * b * c / d rounded once with `mode`, as Rep. int64 operands
/// take mul_mul_div_int64; wider ones compute in big_int. A result outside
/// Rep throws overflow_error naming `what`.
template <class Rep, class A, class B, class C, class D>
[[nodiscard]] Rep mul_mul_div(const A& a, const B& b, const C& c, const D& d, rounding_mode mode,
                              std::string_view what) {
  constexpr bool all_int64 = std::is_same_v<A, std::int64_t> && std::is_same_v<B, std::int64_t> &&
                             std::is_same_v<C, std::int64_t> && std::is_same_v<D, std::int64_t>;
  if constexpr (all_int64) {
    return mul_mul_div_int64(a, b, c, d, mode);
  } else {
    return mul_mul_div_big<Rep>(a, b, c, d, mode, what);
  }
}

}  // namespace prorata::detail

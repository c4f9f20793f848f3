#pragma once
// internal: include <prorata/prorata.hpp>

#include <cstdint>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata::detail {

/// Exact a * b * c / d rounded once with `mode`, as Rep. The int64 path keeps
/// the product in 128 bits and divides with one 64-bit instruction when the
/// product fits 64 bits; a product beyond 128 bits continues in big_int. A
/// result outside Rep throws overflow_error naming `what`.
template <class Rep, class A, class B, class C, class D>
[[nodiscard]] Rep mul_mul_div(const A& a, const B& b, const C& c, const D& d, rounding_mode mode,
                              std::string_view what);

[[nodiscard]] inline big_int big_mul_mul_div(const big_int& a, const big_int& b, const big_int& c,
                                             const big_int& d, rounding_mode mode) {
  return divide_rounded(big_int(a * b * c), d, mode);
}

/// 128-bit dividend, 64-bit divisor: the hot path of every proration.
[[nodiscard]] inline int128 divide_rounded_128_by_64(int128 n, std::int64_t d, rounding_mode mode) {
  if (d == 0) throw invalid_argument("divide_rounded: division by zero");
  const auto n64 = static_cast<std::int64_t>(n);
  if (n64 == n && !(d == -1 && n64 == min_of<std::int64_t>)) {
    return divide_rounded(n64, d, mode);  // one 64-bit div instruction
  }
  return divide_rounded(n, static_cast<int128>(d), mode);
}

template <class Rep, class A, class B, class C, class D>
Rep mul_mul_div(const A& a, const B& b, const C& c, const D& d, rounding_mode mode,
                std::string_view what) {
  constexpr bool all_int64 = std::is_same_v<A, std::int64_t> && std::is_same_v<B, std::int64_t> &&
                             std::is_same_v<C, std::int64_t> && std::is_same_v<D, std::int64_t>;
  if constexpr (all_int64) {
    const int128 ab = static_cast<int128>(a) * b;  // |a*b| < 2^126: cannot overflow
    int128 abc = 0;
    if (!__builtin_mul_overflow(ab, static_cast<int128>(c), &abc)) {
      return narrow<Rep>(divide_rounded_128_by_64(abc, d, mode), what);
    }
  }
  return narrow<Rep>(big_mul_mul_div(to_big(a), to_big(b), to_big(c), to_big(d), mode), what);
}

}  // namespace prorata::detail

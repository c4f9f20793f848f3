#pragma once
// internal: include <prorata/prorata.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include <boost/multiprecision/cpp_int.hpp>

namespace prorata {

// GCC's 128-bit integers; __extension__ keeps -Wpedantic quiet for users.
__extension__ using int128 = __int128;
__extension__ using uint128 = unsigned __int128;

/// Arbitrary-precision integer: the exact fallback when 128 bits are not enough.
using big_int = boost::multiprecision::cpp_int;

namespace detail {

// std::is_integral<__int128> is false in strict -std=c++20, so the library
// keeps its own list of the machine integer types it computes with.
template <class T>
inline constexpr bool is_machine_int =
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, int128> || std::is_same_v<T, std::int32_t>;

template <class T>
struct unsigned_of;
template <>
struct unsigned_of<std::int32_t> {
  using type = std::uint32_t;
};
template <>
struct unsigned_of<std::int64_t> {
  using type = std::uint64_t;
};
template <>
struct unsigned_of<int128> {
  using type = uint128;
};

template <class T>
inline constexpr T max_of = std::numeric_limits<T>::max();
template <>
inline constexpr int128 max_of<int128> = static_cast<int128>(~uint128{0} >> 1);

template <class T>
inline constexpr T min_of = std::numeric_limits<T>::min();
template <>
inline constexpr int128 min_of<int128> = -max_of<int128> - 1;

/// |x| without overflow: an unsigned type for machine integers.
template <class T>
[[nodiscard]] constexpr auto magnitude(const T& x) {
  if constexpr (is_machine_int<T>) {
    using U = typename unsigned_of<T>::type;
    return x < 0 ? static_cast<U>(U{0} - static_cast<U>(x)) : static_cast<U>(x);
  } else {
    return T(x < 0 ? T(-x) : x);
  }
}

[[nodiscard]] inline big_int to_big(const int128& v) {
  const uint128 m = magnitude(v);
  big_int r = static_cast<std::uint64_t>(m >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(m);
  return v < 0 ? big_int(-r) : r;
}
[[nodiscard]] inline big_int to_big(std::int64_t v) { return big_int(v); }
[[nodiscard]] inline const big_int& to_big(const big_int& v) { return v; }

/// Decimal digits of any integer the library uses.
[[nodiscard]] inline std::string to_digits(const int128& v) {
  uint128 m = magnitude(v);
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m != 0);
  if (v < 0) out.insert(out.begin(), '-');
  return out;
}
[[nodiscard]] inline std::string to_digits(std::int64_t v) { return std::to_string(v); }
[[nodiscard]] inline std::string to_digits(const big_int& v) { return v.str(); }

}  // namespace detail
}  // namespace prorata

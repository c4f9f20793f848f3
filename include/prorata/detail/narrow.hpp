#pragma once
// internal: include <prorata/prorata.hpp>

#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/raise.hpp>
#include <prorata/error.hpp>

namespace prorata::detail {

template <class Rep, class Wide>
[[noreturn, gnu::cold, gnu::noinline]] void raise_does_not_fit(const Wide& v,
                                                               std::string_view what) {
  raise<overflow_error>(what, ": ", to_digits(v),
                        " does not fit in " + std::to_string(sizeof(Rep) * 8) + "-bit integer");
}

/// Converts an exact wide value to Rep, or throws overflow_error naming
/// `what` when it does not fit. Never wraps.
template <class Rep, class Wide>
[[nodiscard]] Rep narrow(const Wide& v, std::string_view what) {
  if constexpr (std::is_same_v<Rep, Wide>) {
    return v;
  } else if constexpr (std::is_same_v<Rep, big_int>) {
    return to_big(v);
  } else if constexpr (std::is_same_v<Wide, big_int>) {
    if (v > to_big(max_of<Rep>) || v < to_big(min_of<Rep>)) raise_does_not_fit<Rep>(v, what);
    if constexpr (std::is_same_v<Rep, int128>) {
      const big_int m = v < 0 ? big_int(-v) : v;
      const uint128 hi = static_cast<std::uint64_t>(m >> 64);
      const uint128 lo = static_cast<std::uint64_t>(m & big_int(~std::uint64_t{0}));
      const uint128 u = (hi << 64) | lo;
      return v < 0 ? static_cast<int128>(uint128{0} - u) : static_cast<int128>(u);
    } else {
      return static_cast<Rep>(v);
    }
  } else if constexpr (sizeof(Rep) >= sizeof(Wide)) {
    return static_cast<Rep>(v);  // widening between machine integers
  } else {
    if (v > static_cast<Wide>(max_of<Rep>) || v < static_cast<Wide>(min_of<Rep>)) {
      raise_does_not_fit<Rep>(v, what);
    }
    return static_cast<Rep>(v);
  }
}

/// A caller's integer quantity as one of the library's integer types:
/// signed builtins widen to int64; an unsigned value above INT64_MAX is an
/// overflow_error rather than a silent wrap.
template <class Q>
[[nodiscard]] auto as_library_int(const Q& q) {
  if constexpr (std::is_integral_v<Q> && std::is_signed_v<Q> && sizeof(Q) <= 8) {
    return static_cast<std::int64_t>(q);
  } else if constexpr (std::is_integral_v<Q> && sizeof(Q) <= 8) {
    if (q > static_cast<Q>(max_of<std::int64_t>)) {
      raise<overflow_error>("quantity ", std::to_string(q), " does not fit in int64");
    }
    return static_cast<std::int64_t>(q);
  } else {
    static_assert(std::is_same_v<Q, int128> || std::is_same_v<Q, big_int>,
                  "quantities are integers");
    return q;
  }
}

}  // namespace prorata::detail

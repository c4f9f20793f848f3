#pragma once

#include <compare>
#include <cstdint>
#include <string>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/raise.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// An exact ratio num / den of two integers with den > 0: a proration share
/// (remaining / period), a tax rate (825 / 10000), or any scale factor.
/// Multiplying money by a ratio always names a rounding mode (see money.hpp).
template <class Int = std::int64_t>
class basic_ratio {
 public:
  using int_type = Int;

  /// Throws invalid_argument if den == 0. A negative den flips both signs.
  [[gnu::always_inline]] constexpr basic_ratio(Int num, Int den) : num_(num), den_(den) {
    if (den_ == 0) detail::raise<invalid_argument>("ratio: denominator is zero");
    if (den_ < 0) {
      if constexpr (detail::is_machine_int<Int>) {
        if (num_ == detail::min_of<Int> || den_ == detail::min_of<Int>) {
          detail::raise<overflow_error>("ratio: cannot normalise the sign of a minimum integer");
        }
      }
      num_ = -num_;
      den_ = -den_;
    }
  }

  [[nodiscard]] static constexpr basic_ratio one() { return basic_ratio(1, 1); }
  [[nodiscard]] static constexpr basic_ratio zero() { return basic_ratio(0, 1); }

  [[nodiscard]] constexpr const Int& num() const noexcept { return num_; }
  [[nodiscard]] constexpr const Int& den() const noexcept { return den_; }

  /// Exact comparison by cross-multiplication (no rounding, no overflow).
  [[nodiscard]] friend bool operator==(const basic_ratio& a, const basic_ratio& b) {
    return (a <=> b) == 0;
  }
  [[nodiscard]] friend std::strong_ordering operator<=>(const basic_ratio& a,
                                                        const basic_ratio& b) {
    const big_int lhs = detail::to_big(a.num_) * detail::to_big(b.den_);
    const big_int rhs = detail::to_big(b.num_) * detail::to_big(a.den_);
    if (lhs < rhs) return std::strong_ordering::less;
    if (lhs > rhs) return std::strong_ordering::greater;
    return std::strong_ordering::equal;
  }

  /// "num/den", e.g. "15/30"; for messages and test output.
  [[nodiscard]] std::string to_string() const {
    return detail::to_digits(num_) + "/" + detail::to_digits(den_);
  }

 private:
  Int num_;
  Int den_;
};

using ratio = basic_ratio<std::int64_t>;

}  // namespace prorata

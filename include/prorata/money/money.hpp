#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <prorata/detail/checked.hpp>
#include <prorata/detail/mul_div.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/currency.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

/// An exact amount: an integer count of minor units (cents, yen, fils) of
/// one currency. Rep is std::int64_t (`money`), prorata::int128 or big_int.
/// Nothing wraps: a result that does not fit Rep throws overflow_error, and
/// mixing currencies throws currency_mismatch naming both codes.
template <class Rep>
class basic_money {
 public:
  using rep = Rep;

  /// The only way in from a raw number: the unit is named at the call site.
  [[nodiscard]] static basic_money from_minor(Rep minor_units, ::prorata::currency c) {
    return basic_money(std::move(minor_units), c);
  }
  [[nodiscard]] static basic_money zero(::prorata::currency c) { return basic_money(Rep(0), c); }

  /// Parses an amount in major units, exactly: parse("10.50", USD) is 1050
  /// cents. More fractional digits than the currency has is inexact_error.
  [[nodiscard]] static basic_money parse(std::string_view amount, ::prorata::currency c) {
    return basic_money(parse_scaled<Rep>(amount, c.minor_digits()), c);
  }
  /// Same, rounding extra digits once with `mode`: parse("0.125", USD, half_even) is 12.
  [[nodiscard]] static basic_money parse(std::string_view amount, ::prorata::currency c,
                                         rounding_mode mode) {
    return basic_money(parse_scaled<Rep>(amount, c.minor_digits(), mode), c);
  }

  [[nodiscard]] const Rep& minor_units() const noexcept { return minor_; }
  [[nodiscard]] ::prorata::currency currency() const noexcept { return currency_; }
  [[nodiscard]] bool is_zero() const { return minor_ == 0; }
  [[nodiscard]] bool is_negative() const { return minor_ < 0; }

  [[gnu::always_inline]] friend basic_money operator+(const basic_money& a, const basic_money& b) {
    check_same_currency(a, b, "+");
    return basic_money(detail::checked_add(a.minor_, b.minor_, "money +"), a.currency_);
  }
  [[gnu::always_inline]] friend basic_money operator-(const basic_money& a, const basic_money& b) {
    check_same_currency(a, b, "-");
    return basic_money(detail::checked_sub(a.minor_, b.minor_, "money -"), a.currency_);
  }
  friend basic_money operator-(const basic_money& a) {
    return basic_money(detail::checked_sub(Rep(0), a.minor_, "money negation"), a.currency_);
  }
  basic_money& operator+=(const basic_money& b) { return *this = *this + b; }
  basic_money& operator-=(const basic_money& b) { return *this = *this - b; }

  /// Amount times an integer quantity (seats, units), exact or overflow_error.
  template <class Q>
  friend basic_money operator*(const basic_money& a, const Q& quantity) {
    const Rep q = detail::narrow<Rep>(detail::as_library_int(quantity), "money * quantity");
    return basic_money(detail::checked_mul(a.minor_, q, "money * quantity"), a.currency_);
  }

  /// Equal when currency and amount are equal; never throws.
  friend bool operator==(const basic_money& a, const basic_money& b) {
    return a.currency_ == b.currency_ && a.minor_ == b.minor_;
  }
  /// Ordering only makes sense within one currency: throws currency_mismatch otherwise.
  friend std::strong_ordering operator<=>(const basic_money& a, const basic_money& b) {
    check_same_currency(a, b, "<=>");
    if (a.minor_ < b.minor_) return std::strong_ordering::less;
    if (b.minor_ < a.minor_) return std::strong_ordering::greater;
    return std::strong_ordering::equal;
  }

 private:
  basic_money(Rep minor_units, ::prorata::currency c)
      : minor_(std::move(minor_units)), currency_(c) {}

  static void check_same_currency(const basic_money& a, const basic_money& b, const char* op) {
    if (a.currency_ != b.currency_) [[unlikely]]
      throw_mismatch(a, b, op);
  }
  [[noreturn, gnu::cold, gnu::noinline]] static void throw_mismatch(const basic_money& a,
                                                                    const basic_money& b,
                                                                    const char* op) {
    throw currency_mismatch(
        "money " + std::string(op) + ": " + std::string(a.currency_.code()) + " and " +
        std::string(b.currency_.code()) +
        (a.currency_.code() == b.currency_.code() ? " with different minor-unit digits" : "") +
        " cannot be mixed");
  }

  Rep minor_;
  ::prorata::currency currency_;
};

/// The int64 amount used on every hot path.
using money = basic_money<std::int64_t>;

/// amount * share, computed exactly and rounded once with `mode`:
/// multiply(USD 30.00, ratio(15, 30), half_even) == USD 15.00.
template <class Rep, class Int>
[[nodiscard, gnu::always_inline]] inline basic_money<Rep> multiply(const basic_money<Rep>& amount,
                                                                   const basic_ratio<Int>& share,
                                                                   rounding_mode mode) {
  return basic_money<Rep>::from_minor(
      detail::mul_mul_div<Rep>(amount.minor_units(), Int(1), share.num(), share.den(), mode,
                               "multiply(money, ratio)"),
      amount.currency());
}

/// amount * quantity * share with a single rounding at the end, so a
/// per-seat price times many seats loses nothing to early rounding.
template <class Rep, class Q, class Int>
[[nodiscard]] basic_money<Rep> multiply(const basic_money<Rep>& amount, const Q& quantity,
                                        const basic_ratio<Int>& share, rounding_mode mode) {
  return basic_money<Rep>::from_minor(
      detail::mul_mul_div<Rep>(amount.minor_units(), detail::as_library_int(quantity), share.num(),
                               share.den(), mode, "multiply(money, quantity, ratio)"),
      amount.currency());
}

/// "10.50 USD", "-0.005 KWD", "1000 JPY": major units with the currency's
/// digits, a space, the code. parse_money reads it back exactly.
template <class Rep>
[[nodiscard]] std::string to_string(const basic_money<Rep>& m) {
  return format_scaled(m.minor_units(), m.currency().minor_digits()) + " " +
         std::string(m.currency().code());
}

/// Parses "<decimal> <CODE>" as written by to_string. Throws parse_error
/// for another shape, unknown_currency, or inexact_error when the amount
/// has more digits than the currency.
template <class Rep = std::int64_t>
[[nodiscard]] basic_money<Rep> parse_money(std::string_view text,
                                           minor_unit_source source = minor_unit_source::iso_4217) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos || text.size() - space != 4) {
    throw parse_error("amount " + detail::quote(text) +
                      " is malformed (expected \"<decimal> <CODE>\", e.g. \"10.50 USD\")");
  }
  const currency c = currency::from_code(text.substr(space + 1), source);
  return basic_money<Rep>::parse(text.substr(0, space), c);
}

}  // namespace prorata

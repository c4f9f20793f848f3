#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <prorata/detail/iso4217_table.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// Whose minor-unit exponent a currency value uses. They differ for a few
/// codes: ISO gives MGA 2 decimals and ISK 0, Dodo treats MGA as
/// zero-decimal and ISK as 2-decimal (reference/dodo-domain.md section 4).
enum class minor_unit_source {
  iso_4217,  ///< ISO 4217 list one
  dodo,      ///< Dodo Payments' API amounts: 16 zero-decimal codes, others as ISO (0 -> 2)
};

/// Dodo's zero-decimal currencies (customer-portal currency-helper, changelog v1.105.0).
inline constexpr std::array<std::string_view, 16> dodo_zero_decimal_codes{
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
    "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};

/// A currency: its ISO 4217 alphabetic code and the number of decimal digits
/// of its minor unit (USD 2, JPY 0, KWD 3, CLF 4). A small value type; two
/// currencies are equal when code and digits are equal.
class currency {
 public:
  /// Looks `code` up in the ISO 4217 table (three upper-case letters).
  /// Throws unknown_currency naming the code if it is not an active code.
  [[nodiscard]] static currency from_code(std::string_view code,
                                          minor_unit_source source = minor_unit_source::iso_4217);
  /// Same lookup, without throwing.
  [[nodiscard]] static constexpr std::optional<currency> find(
      std::string_view code, minor_unit_source source = minor_unit_source::iso_4217) noexcept;
  /// The same lookup at compile time, for constants such as a default member
  /// (`currency::constant("USD")` costs nothing at run time); an unknown code
  /// does not compile.
  [[nodiscard]] static consteval currency constant(
      std::string_view code, minor_unit_source source = minor_unit_source::iso_4217);

  [[nodiscard]] std::string_view code() const noexcept { return entry().code; }
  /// Decimal digits of the minor unit: 2 means amounts count cents.
  [[nodiscard]] constexpr int minor_digits() const noexcept { return static_cast<int>(key_ >> 16); }
  /// ISO 4217 numeric code (840 for USD).
  [[nodiscard]] int numeric_code() const noexcept { return entry().numeric; }
  /// The row of iso4217_table() this currency is, for flat per-currency
  /// tables (policy::minimum_charge).
  [[nodiscard]] constexpr std::size_t table_index() const noexcept { return key_ & 0xffff; }

  friend constexpr bool operator==(const currency& a, const currency& b) noexcept {
    return a.key_ == b.key_;
  }

 private:
  // A row of the static table plus the digits in use: four bytes, so money
  // stays two words and comparing currencies is one integer comparison.
  constexpr currency(std::size_t index, int digits) noexcept
      : key_(static_cast<std::uint32_t>(index) | static_cast<std::uint32_t>(digits) << 16) {}
  [[nodiscard]] const detail::iso4217_entry& entry() const noexcept {
    return detail::iso4217_entries[table_index()];
  }

  std::uint32_t key_;  // table row | digits << 16
};
static_assert(sizeof(currency) == sizeof(std::uint32_t));

/// The whole ISO 4217 table (active codes with a minor unit), sorted by code.
[[nodiscard]] constexpr std::span<const detail::iso4217_entry> iso4217_table() noexcept {
  return detail::iso4217_entries;
}

/// Whether `code` is one of Dodo's 16 zero-decimal currencies.
[[nodiscard]] constexpr bool is_dodo_zero_decimal(std::string_view code) noexcept {
  return std::find(dodo_zero_decimal_codes.begin(), dodo_zero_decimal_codes.end(), code) !=
         dodo_zero_decimal_codes.end();
}

/// Dodo's exponent for a table entry: 0 for its 16 zero-decimal codes,
/// otherwise ISO's, except that ISO's other zero-decimal codes (ISK, UYI)
/// are 2-decimal at Dodo ("everything else has 2 decimals").
[[nodiscard]] constexpr int dodo_minor_digits(const detail::iso4217_entry& e) noexcept {
  if (is_dodo_zero_decimal(e.code)) return 0;
  return e.minor_digits == 0 ? 2 : e.minor_digits;
}

constexpr std::optional<currency> currency::find(std::string_view code,
                                                 minor_unit_source source) noexcept {
  const auto table = iso4217_table();
  const auto it = std::lower_bound(
      table.begin(), table.end(), code,
      [](const detail::iso4217_entry& e, std::string_view c) { return e.code < c; });
  if (it == table.end() || it->code != code) return std::nullopt;
  const int digits = source == minor_unit_source::dodo ? dodo_minor_digits(*it) : it->minor_digits;
  return currency(static_cast<std::size_t>(it - table.begin()), digits);
}

consteval currency currency::constant(std::string_view code, minor_unit_source source) {
  if (const std::optional<currency> c = find(code, source)) return *c;
  throw unknown_currency("unknown currency code");  // not a constant: does not compile
}

inline currency currency::from_code(std::string_view code, minor_unit_source source) {
  if (auto c = find(code, source)) return *c;
  throw unknown_currency("currency " + detail::quote(code) +
                         " is not an active ISO 4217 code (expected three upper-case letters "
                         "such as \"USD\")");
}

}  // namespace prorata

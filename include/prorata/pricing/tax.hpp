#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>

namespace prorata {

/// A tax rate as an exact decimal fraction: "0.18" is 18 %, "0.0825" is
/// 8.25 %. Parsed from text, never from a binary fraction.
class tax_rate {
 public:
  /// Zero tax.
  tax_rate() = default;

  /// Parses a non-negative decimal fraction below 8 (at most 18 fractional
  /// digits). Throws parse_error for malformed text, invalid_argument for a
  /// negative or absurd rate.
  [[nodiscard]] static tax_rate parse(std::string_view text) {
    decimal d;
    try {
      d = parse_decimal(text);
    } catch (const parse_error&) {
      throw parse_error("tax rate " + detail::quote(text) +
                        " is not a decimal fraction (write 18 % as \"0.18\")");
    }
    if (d.coefficient < 0) {
      throw invalid_argument("tax rate " + detail::quote(text) + " is negative");
    }
    if (d > decimal{8, 0}) {
      throw invalid_argument("tax rate " + detail::quote(text) +
                             " is not a fraction below 8 (write 18 % as \"0.18\")");
    }
    return tax_rate(d);
  }

  [[nodiscard]] const decimal& value() const noexcept { return value_; }
  [[nodiscard]] bool is_zero() const noexcept { return value_.coefficient == 0; }

  /// The rate as an exact ratio: 0.0825 -> 825/10000.
  [[nodiscard]] const ratio& as_ratio() const noexcept { return rate_; }
  /// 1 / (1 + rate), exactly: the net share of a tax-inclusive price.
  [[nodiscard]] const ratio& net_share_of_gross() const noexcept { return net_share_; }

  friend bool operator==(const tax_rate& a, const tax_rate& b) { return a.value_ == b.value_; }

 private:
  explicit tax_rate(decimal d)
      : value_(d),
        rate_(static_cast<std::int64_t>(d.coefficient), pow10(d.scale)),
        net_share_(pow10(d.scale), pow10(d.scale) + static_cast<std::int64_t>(d.coefficient)) {}
  static std::int64_t pow10(int n) {
    std::int64_t p = 1;
    for (int i = 0; i < n; ++i) p *= 10;
    return p;
  }
  decimal value_{0, 0};
  ratio rate_{0, 1};  // computed once: every line of every preview uses them
  ratio net_share_{1, 1};
};

/// Tax rates per Dodo tax_category ("saas", "e_book", ...) with an optional
/// default for the categories not listed. Implicit from one tax_rate (the
/// rate of every line), so code that passes a single rate still compiles.
class tax_rates {
 public:
  /// Zero tax on every line.
  tax_rates() : default_(tax_rate{}) {}
  tax_rates(const tax_rate& every_line) : default_(every_line) {}  // NOLINT: implicit on purpose

  /// The rate of category `category` (replaces an earlier one).
  void set(std::string category, const tax_rate& rate) {
    for (auto& [c, r] : by_category_) {
      if (c == category) {
        r = rate;
        return;
      }
    }
    by_category_.emplace_back(std::move(category), rate);
  }
  /// The rate of the categories not listed; nullopt: such a line is an error.
  void set_default(std::optional<tax_rate> rate) { default_ = rate; }
  [[nodiscard]] const std::optional<tax_rate>& default_rate() const noexcept { return default_; }
  [[nodiscard]] const std::vector<std::pair<std::string, tax_rate>>& categories() const noexcept {
    return by_category_;
  }

  /// The rate of a line of tax category `category` ("" when its product or
  /// addon gives none): the listed rate, else the default. Throws
  /// invalid_argument when neither exists.
  [[nodiscard]] const tax_rate& of(std::string_view category) const {
    for (const auto& [c, r] : by_category_) {
      if (c == category) return r;
    }
    if (!default_) {
      throw invalid_argument(
          category.empty()
              ? std::string("no tax rate for a line whose product gives no tax_category: give "
                            "tax_rate as the default")
              : "no tax rate for tax_category " + detail::quote(category) +
                    ": list it in tax_rates or give tax_rate as the default");
    }
    return *default_;
  }

  /// True when every category has the same rate (the default included):
  /// then one rate prices every line.
  [[nodiscard]] bool uniform() const noexcept {
    for (const auto& entry : by_category_) {
      if (!default_ || !(entry.second == *default_)) return false;
    }
    return default_.has_value();
  }

  friend bool operator==(const tax_rates&, const tax_rates&) = default;

 private:
  std::optional<tax_rate> default_;
  std::vector<std::pair<std::string, tax_rate>> by_category_;
};

/// An amount split into its net part and its tax: net + tax == gross, always.
struct taxed_amount {
  money net;
  money tax;
  money gross;
};

/// Tax on a tax-exclusive amount: tax = net x rate rounded once, gross = net + tax.
[[nodiscard]] inline taxed_amount add_tax(const money& net, const tax_rate& rate,
                                          rounding_mode mode) {
  const money tax = multiply(net, rate.as_ratio(), mode);
  return {net, tax, net + tax};
}

/// Tax contained in a tax-inclusive amount: net = gross / (1 + rate) rounded
/// once, tax = gross - net, so the parts add up to the price exactly.
[[nodiscard]] inline taxed_amount split_inclusive_tax(const money& gross, const tax_rate& rate,
                                                      rounding_mode mode) {
  const money net = multiply(gross, rate.net_share_of_gross(), mode);
  return {net, gross - net, gross};
}

/// add_tax or split_inclusive_tax, as the price says.
[[nodiscard]] inline taxed_amount apply_tax(const money& amount, bool tax_inclusive,
                                            const tax_rate& rate, rounding_mode mode) {
  return tax_inclusive ? split_inclusive_tax(amount, rate, mode) : add_tax(amount, rate, mode);
}

}  // namespace prorata

#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/allocate.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>

namespace prorata {

/// Dodo's two discount kinds.
enum class discount_type {
  percentage,  ///< amount in basis points: 540 = 5.4 %, 10000 = 100 %
  flat,        ///< amount in minor units of the cart's currency, pooled across lines
};

[[nodiscard]] constexpr std::string_view to_string(discount_type t) noexcept {
  return t == discount_type::percentage ? "percentage" : "flat";
}

/// A discount code as applied to a subscription or a cart.
struct discount {
  std::string code;
  discount_type type = discount_type::percentage;
  std::int64_t amount = 0;  ///< basis points (percentage) or minor units (flat)
  /// Billing cycles it still applies to; nullopt means forever.
  std::optional<std::int64_t> cycles_remaining;
  /// Kept when a plan change sends no discount_codes.
  bool preserve_on_plan_change = false;

  /// False once its cycles are used up.
  [[nodiscard]] bool active() const { return !cycles_remaining || *cycles_remaining > 0; }
};

/// The outcome of a stack of discounts on a list of line amounts.
struct discounted_lines {
  std::vector<money> lines;         ///< each line after every discount, same order
  std::vector<money> per_discount;  ///< what each discount took, in stack order
  money total_discount;             ///< sum of per_discount
};

/// Applies `discounts` in order (Dodo stacks sequentially: each one works on
/// what the previous ones left). A percentage takes round(remaining x bp /
/// 10000) with `mode`; a flat discount takes min(amount, remaining). Each
/// discount's amount is then split over the lines in proportion to what
/// they still carry (largest remainder), so lines never go negative and
/// the parts add up. Inactive discounts (no cycles left) take nothing.
/// Throws invalid_argument for a percentage outside 0..10000 bp or a
/// negative flat amount (checked on every discount, active or not) and for
/// a negative line.
[[nodiscard]] inline discounted_lines apply_discounts(std::span<const money> lines,
                                                      std::span<const discount> discounts,
                                                      const currency& cur, rounding_mode mode) {
  discounted_lines out{std::vector<money>(lines.begin(), lines.end()), {}, money::zero(cur)};
  money remaining = money::zero(cur);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].is_negative()) {
      throw invalid_argument("apply_discounts: line " + std::to_string(i) + " amount " +
                             detail::quote(to_string(lines[i])) + " is negative");
    }
    remaining += lines[i];
  }
  // Every discount is checked, active or not: a bad one is an error even when it takes nothing.
  for (const discount& d : discounts) {
    if (d.type == discount_type::percentage && (d.amount < 0 || d.amount > 10000)) {
      throw invalid_argument("apply_discounts: discount " + detail::quote(d.code) +
                             ": percentage " + detail::quote(std::to_string(d.amount)) +
                             " bp is outside 0..10000");
    }
    if (d.type == discount_type::flat && d.amount < 0) {
      throw invalid_argument("apply_discounts: discount " + detail::quote(d.code) +
                             ": flat amount " + detail::quote(std::to_string(d.amount)) +
                             " is negative");
    }
  }
  for (const discount& d : discounts) {
    money taken = money::zero(cur);
    if (d.active()) {
      if (d.type == discount_type::percentage) {
        taken = multiply(remaining, ratio(d.amount, 10000), mode);
      } else {
        taken = money::from_minor(std::min(d.amount, remaining.minor_units()), cur);
      }
    }
    if (!taken.is_zero()) {
      std::vector<std::int64_t> weights;
      weights.reserve(out.lines.size());
      for (const money& line : out.lines) weights.push_back(line.minor_units());
      const std::vector<money> shares = allocate(taken, weights);
      for (std::size_t i = 0; i < out.lines.size(); ++i) out.lines[i] -= shares[i];
    }
    remaining -= taken;
    out.total_discount += taken;
    out.per_discount.push_back(taken);
  }
  return out;
}

/// The same with one amount.
[[nodiscard]] inline discounted_lines apply_discounts(const money& amount,
                                                      std::span<const discount> discounts,
                                                      rounding_mode mode) {
  const money one[] = {amount};
  return apply_discounts(one, discounts, amount.currency(), mode);
}

}  // namespace prorata

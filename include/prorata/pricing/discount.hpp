#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <prorata/calendar/instant.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/allocate.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>

namespace prorata {

/// Dodo's two discount kinds. Dodo's `amount` is basis points for both
/// (TS `discounts.ts` Discount.amount); a flat discount's deduction is its
/// currency option's max_amount_possible (changelog v1.112.0).
enum class discount_type {
  percentage,  ///< amount in basis points: 540 = 5.4 %, 10000 = 100 %
  flat,        ///< deducts currency_options[cur].max_amount_possible, pooled across lines
};

[[nodiscard]] constexpr std::string_view to_string(discount_type t) noexcept {
  return t == discount_type::percentage ? "percentage" : "flat";
}

/// One row of Dodo's Discount.currency_options: for a flat discount the
/// deduction, for a percentage discount its cap (per application), and the
/// smallest original subtotal the discount applies to, in `cur`'s minor units.
struct discount_currency_option {
  currency cur = currency::constant("USD");
  bool is_default = false;                          ///< converted for other currencies (by Dodo)
  std::int64_t minimum_subtotal = 0;                ///< 0: no minimum
  std::optional<std::int64_t> max_amount_possible;  ///< > 0 when set
};

/// A discount code as applied to a subscription or a cart.
struct discount {
  std::string code;
  discount_type type = discount_type::percentage;
  std::int64_t amount = 0;  ///< basis points (a flat discount's deduction is in currency_options)
  /// Billing cycles it still applies to; nullopt means forever.
  std::optional<std::int64_t> cycles_remaining;
  /// Kept when a plan change sends no discount_codes.
  bool preserve_on_plan_change = false;
  std::vector<discount_currency_option> currency_options;
  // Dodo's validity fields, enforced by the billing layer when a code is redeemed.
  std::string discount_id;                 ///< "" when the input has none
  std::vector<std::string> restricted_to;  ///< product ids; empty: every product
  std::optional<instant> starts_at;
  std::optional<instant> expires_at;
  std::optional<std::int64_t> usage_limit;
  std::int64_t times_used = 0;
  std::optional<std::int64_t> per_customer_usage_limit;  ///< kept, not enforceable offline
  std::string customer_eligibility = "any";              ///< kept, not enforceable offline

  /// False once its cycles are used up.
  [[nodiscard]] bool active() const { return !cycles_remaining || *cycles_remaining > 0; }
  /// The currency option for `cur`, or nullptr. A default row in another
  /// currency is not converted: that needs Dodo's exchange rate.
  [[nodiscard]] const discount_currency_option* option_for(const currency& cur) const {
    for (const discount_currency_option& o : currency_options) {
      if (o.cur == cur) return &o;
    }
    return nullptr;
  }
  /// Whether it may apply to product `product_id` (restricted_to).
  [[nodiscard]] bool applies_to(const std::string& product_id) const {
    return restricted_to.empty() ||
           std::find(restricted_to.begin(), restricted_to.end(), product_id) != restricted_to.end();
  }
};

/// A percentage discount of `basis_points` with no currency options.
[[nodiscard]] inline discount percentage_discount(
    std::string code, std::int64_t basis_points,
    std::optional<std::int64_t> cycles = std::nullopt) {
  discount d;
  d.code = std::move(code);
  d.amount = basis_points;
  d.cycles_remaining = cycles;
  return d;
}

/// A flat discount of `deduction` (in its currency): Dodo's shape, with
/// one currency option.
[[nodiscard]] inline discount flat_discount(std::string code, const money& deduction,
                                            std::optional<std::int64_t> cycles = std::nullopt) {
  discount d;
  d.code = std::move(code);
  d.type = discount_type::flat;
  d.cycles_remaining = cycles;
  d.currency_options.push_back({deduction.currency(), true, 0, deduction.minor_units()});
  return d;
}

/// The outcome of a stack of discounts on a list of line amounts.
struct discounted_lines {
  std::vector<money> lines;         ///< each line after every discount, same order
  std::vector<money> per_discount;  ///< what each discount took, in stack order
  money total_discount;             ///< sum of per_discount
};

/// Applies `discounts` in order (Dodo stacks sequentially: each one works on
/// what the previous ones left). A percentage takes round(remaining x bp /
/// 10000) with `mode`, at most its `cur` option's max_amount_possible (the
/// cap, per application); a flat discount takes min(its `cur` option's
/// max_amount_possible, remaining). A discount whose `cur` option has a
/// minimum_subtotal above the sum of the ORIGINAL lines (before any
/// discount: stacking order never changes it, changelog v1.112.0) takes
/// nothing; so do inactive discounts (no cycles left). Each discount's
/// amount is then split over the lines in proportion to what they still
/// carry (largest remainder), so lines never go negative and the parts add
/// up. Throws invalid_argument for a percentage outside 0..10000 bp, a flat
/// discount with no max_amount_possible in `cur`, a negative
/// max_amount_possible or minimum_subtotal (checked on every discount,
/// active or not) and for a negative line. `original_subtotal`, when
/// given, replaces the sum of the lines in the minimum_subtotal test (the
/// lines are then, e.g., prorated parts of the original prices).
[[nodiscard]] inline discounted_lines apply_discounts(
    std::span<const money> lines, std::span<const discount> discounts, const currency& cur,
    rounding_mode mode, const std::optional<money>& original_subtotal = std::nullopt) {
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
    const discount_currency_option* o = d.option_for(cur);
    if (d.type == discount_type::flat && !(o && o->max_amount_possible)) {
      throw invalid_argument("apply_discounts: flat discount " + detail::quote(d.code) +
                             " has no currency option with a max_amount_possible in " +
                             std::string(cur.code()));
    }
    if (o && (o->minimum_subtotal < 0 || o->max_amount_possible.value_or(0) < 0)) {
      throw invalid_argument("apply_discounts: discount " + detail::quote(d.code) +
                             ": a negative minimum_subtotal or max_amount_possible in " +
                             std::string(cur.code()));
    }
  }
  const money original = original_subtotal ? *original_subtotal : remaining;
  for (const discount& d : discounts) {
    money taken = money::zero(cur);
    const discount_currency_option* o = d.option_for(cur);
    if (d.active() && !(o && original.minor_units() < o->minimum_subtotal)) {
      if (d.type == discount_type::percentage) {
        taken = multiply(remaining, ratio(d.amount, 10000), mode);
      } else {
        taken = remaining;
      }
      if (o && o->max_amount_possible && taken.minor_units() > *o->max_amount_possible) {
        taken = money::from_minor(*o->max_amount_possible, cur);
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

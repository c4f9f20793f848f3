#pragma once

#include <span>

#include <prorata/billing/policy.hpp>
#include <prorata/error.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata {

/// One line of a change, signed (credit lines are negative).
struct line_amounts {
  money amount;  ///< the prorated price as listed: gross if tax-inclusive, else net
  money net;     ///< without tax
  money tax;
  money total;  ///< net + tax
};

/// A line's full-cycle amount times `share`, rounded once, then taxed
/// (inclusive or exclusive), negated for a credit line. preview_plan_change
/// prices every line with this.
[[nodiscard]] inline line_amounts price_line(const money& full, const ratio& share, bool credit,
                                             bool tax_inclusive, const tax_rate& rate,
                                             rounding_mode mode) {
  const money prorated = multiply(full, share, mode);
  const taxed_amount t = apply_tax(prorated, tax_inclusive, rate, mode);
  const money listed = tax_inclusive ? t.gross : t.net;
  if (credit) return {-listed, -t.net, -t.tax, -t.gross};
  return {listed, t.net, t.tax, t.gross};
}

/// How signed line totals settle against a credit balance.
/// due - customer_credits == subtotal + tax, always.
struct settlement {
  money subtotal;          ///< sum of line nets
  money tax;               ///< sum of line taxes
  money total;             ///< subtotal + tax: the charge before credits
  money credits_used;      ///< existing credit applied (>= 0)
  money credits_added;     ///< downgrade credit plus any top-up (>= 0)
  money customer_credits;  ///< credits_added - credits_used (Dodo's signed field)
  money due;               ///< settlement_amount: charged now, after tax and credits
};

/// A negative total becomes credit; a positive one first uses the balance
/// (on the post- or pre-tax amount, per policy), and a charge left below the
/// gateway minimum is raised to it with the excess credited (when the policy
/// tops up). Throws invalid_argument for a negative balance.
[[nodiscard]] inline settlement settle(const money& subtotal, const money& tax,
                                       const money& balance, const policy& pol) {
  const currency cur = balance.currency();
  if (balance.is_negative()) {
    throw invalid_argument("credit balance " + to_string(balance) + " is negative");
  }
  const money zero = money::zero(cur);
  const money total = subtotal + tax;
  settlement s{subtotal, tax, total, zero, zero, zero, zero};
  if (total.is_negative()) {
    s.credits_added = -total;
  } else {
    const money offsettable =
        pol.credits_offset == credit_basis::post_tax ? total : std::max(subtotal, zero);
    s.credits_used = std::min(balance, offsettable);
    s.due = total - s.credits_used;
    if (pol.top_up_to_minimum && s.due.minor_units() > 0) {
      const money minimum = money::from_minor(pol.minimum_for(cur.code()), cur);
      if (s.due < minimum) {
        s.credits_added = minimum - s.due;
        s.due = minimum;
      }
    }
  }
  s.customer_credits = s.credits_added - s.credits_used;
  return s;
}

/// The amounts of a plan change with no ids, names or state: old lines
/// credited at `old_share`, new lines charged at `new_share`, each line
/// rounded and taxed on its own, settled against `balance`. The arithmetic
/// of preview_plan_change without discounts, for hot loops (shadow checks,
/// simulations, property suites). Lines must be in the balance's currency.
struct change_amounts {
  settlement settled;
  money new_balance;  ///< balance - credits_used + credits_added
};

[[nodiscard]] inline change_amounts price_change(std::span<const money> old_full,
                                                 bool old_inclusive, const ratio& old_share,
                                                 std::span<const money> new_full,
                                                 bool new_inclusive, const ratio& new_share,
                                                 const tax_rate& rate, const money& balance,
                                                 const policy& pol) {
  money subtotal = money::zero(balance.currency());
  money tax = subtotal;
  for (const money& full : old_full) {
    const line_amounts l = price_line(full, old_share, true, old_inclusive, rate, pol.rounding);
    subtotal += l.net;
    tax += l.tax;
  }
  for (const money& full : new_full) {
    const line_amounts l = price_line(full, new_share, false, new_inclusive, rate, pol.rounding);
    subtotal += l.net;
    tax += l.tax;
  }
  const settlement s = settle(subtotal, tax, balance, pol);
  return {s, balance - s.credits_used + s.credits_added};
}

}  // namespace prorata

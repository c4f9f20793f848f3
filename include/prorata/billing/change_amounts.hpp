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
  const std::int64_t b = balance.minor_units();
  std::int64_t total = 0;
  if (subtotal.currency() != cur || tax.currency() != cur ||
      __builtin_add_overflow(subtotal.minor_units(), tax.minor_units(), &total)) {
    (void)(subtotal + tax);  // throws currency_mismatch or overflow_error, naming both
    (void)(subtotal - balance);
  }
  // Every intermediate below is between -|total| and max(total, b, minimum):
  // no overflow once total itself fits.
  std::int64_t used = 0;
  std::int64_t added = 0;
  std::int64_t due = 0;
  if (total < 0) {
    if (total == detail::min_of<std::int64_t>) (void)(-(subtotal + tax));  // throws
    added = -total;
  } else {
    const std::int64_t offsettable = pol.credits_offset == credit_basis::post_tax
                                         ? total
                                         : std::max<std::int64_t>(subtotal.minor_units(), 0);
    used = std::min(b, offsettable);
    due = total - used;
    if (pol.top_up_to_minimum && due > 0) {
      const std::int64_t minimum = pol.minimum_for(cur.code());
      if (due < minimum) {
        added = minimum - due;
        due = minimum;
      }
    }
  }
  const auto m = [&](std::int64_t v) { return money::from_minor(v, cur); };
  return {subtotal, tax, m(total), m(used), m(added), m(added - used), m(due)};
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

namespace detail {

/// price_change on raw int64 with the rounding mode fixed at compile time,
/// so rounding folds to a few instructions and nothing is re-checked per
/// operation: overflow flags are OR-ed and tested once. Returns false when
/// anything is unusual (an overflow, a negative amount, a product past 2^64);
/// the caller then takes the general path, which computes or reports it.
template <rounding_mode Mode>
[[nodiscard]] bool price_change_int64(std::span<const money> old_full, bool old_inclusive,
                                      const ratio& old_share, std::span<const money> new_full,
                                      bool new_inclusive, const ratio& new_share,
                                      const tax_rate& rate, std::int64_t& subtotal,
                                      std::int64_t& tax) {
  const ratio& r = rate.as_ratio();
  const ratio& net_share = rate.net_share_of_gross();
  bool overflow = false;
  const auto add_line = [&](std::int64_t full, const ratio& share, bool inclusive, bool credit)
      __attribute__((always_inline)) {
    const std::int64_t listed = mul_mul_div_int64(full, 1, share.num(), share.den(), Mode);
    std::int64_t net = listed;
    std::int64_t line_tax = 0;
    if (inclusive) {
      net = mul_mul_div_int64(listed, 1, net_share.num(), net_share.den(), Mode);
      line_tax = listed - net;  // 0 <= net <= listed
    } else {
      line_tax = mul_mul_div_int64(listed, 1, r.num(), r.den(), Mode);
    }
    if (credit) {
      overflow |= __builtin_sub_overflow(subtotal, net, &subtotal);
      overflow |= __builtin_sub_overflow(tax, line_tax, &tax);
    } else {
      overflow |= __builtin_add_overflow(subtotal, net, &subtotal);
      overflow |= __builtin_add_overflow(tax, line_tax, &tax);
    }
  };
  for (const money& m : old_full) {
    if (m.minor_units() < 0) return false;
    add_line(m.minor_units(), old_share, old_inclusive, true);
  }
  for (const money& m : new_full) {
    if (m.minor_units() < 0) return false;
    add_line(m.minor_units(), new_share, new_inclusive, false);
  }
  return !overflow;
}

}  // namespace detail

[[nodiscard]] inline change_amounts price_change(std::span<const money> old_full,
                                                 bool old_inclusive, const ratio& old_share,
                                                 std::span<const money> new_full,
                                                 bool new_inclusive, const ratio& new_share,
                                                 const tax_rate& rate, const money& balance,
                                                 const policy& pol) {
  const currency cur = balance.currency();
  bool one_currency = true;
  for (const money& m : old_full) one_currency = one_currency && m.currency() == cur;
  for (const money& m : new_full) one_currency = one_currency && m.currency() == cur;
  // The common case in one pass on int64; anything else below, exactly as
  // preview_plan_change prices its lines (same rounding, same results).
  std::int64_t sub = 0;
  std::int64_t tax_units = 0;
  bool fast = false;
  if (one_currency) {
    const auto run = [&]<rounding_mode Mode>() {
      return detail::price_change_int64<Mode>(old_full, old_inclusive, old_share, new_full,
                                              new_inclusive, new_share, rate, sub, tax_units);
    };
    switch (pol.rounding) {
      case rounding_mode::half_even:
        fast = run.template operator()<rounding_mode::half_even>();
        break;
      case rounding_mode::half_away_from_zero:
        fast = run.template operator()<rounding_mode::half_away_from_zero>();
        break;
      case rounding_mode::half_toward_zero:
        fast = run.template operator()<rounding_mode::half_toward_zero>();
        break;
      case rounding_mode::toward_zero:
        fast = run.template operator()<rounding_mode::toward_zero>();
        break;
      case rounding_mode::away_from_zero:
        fast = run.template operator()<rounding_mode::away_from_zero>();
        break;
      case rounding_mode::floor:
        fast = run.template operator()<rounding_mode::floor>();
        break;
      case rounding_mode::ceiling:
        fast = run.template operator()<rounding_mode::ceiling>();
        break;
    }
  }
  money subtotal = money::zero(cur);
  money tax = subtotal;
  if (fast) {
    subtotal = money::from_minor(sub, cur);
    tax = money::from_minor(tax_units, cur);
  } else {
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
  }
  const settlement s = settle(subtotal, tax, balance, pol);
  return {s, balance - s.credits_used + s.credits_added};
}

}  // namespace prorata

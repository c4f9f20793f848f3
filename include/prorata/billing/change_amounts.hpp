#pragma once

#include <cstdint>
#include <span>

#include <prorata/billing/policy.hpp>
#include <prorata/detail/raise.hpp>
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

/// One side of a change: its full-cycle line amounts, the share billed, and
/// whether its lines are tax-inclusive and credited (the old plan).
struct change_side {
  std::span<const money> full;
  const ratio& share;
  bool inclusive;
  bool credit;
};

/// Calls f.template operator()<Mode>() with `mode` as a compile-time constant,
/// so rounding in f folds to a few instructions.
template <class F>
[[nodiscard]] decltype(auto) with_rounding_mode(rounding_mode mode, F&& f) {
  switch (mode) {
    case rounding_mode::half_even:
      return f.template operator()<rounding_mode::half_even>();
    case rounding_mode::half_away_from_zero:
      return f.template operator()<rounding_mode::half_away_from_zero>();
    case rounding_mode::half_toward_zero:
      return f.template operator()<rounding_mode::half_toward_zero>();
    case rounding_mode::toward_zero:
      return f.template operator()<rounding_mode::toward_zero>();
    case rounding_mode::away_from_zero:
      return f.template operator()<rounding_mode::away_from_zero>();
    case rounding_mode::floor:
      return f.template operator()<rounding_mode::floor>();
    case rounding_mode::ceiling:
      return f.template operator()<rounding_mode::ceiling>();
  }
  raise<invalid_argument>("rounding: unknown rounding mode");
}

/// The sides priced on raw int64 with the rounding mode fixed at compile
/// time; overflow flags are OR-ed and tested once. Returns false when
/// anything is unusual (an overflow, a negative amount, a product past 2^64);
/// the caller then takes the general path, which computes or reports it.
template <rounding_mode Mode>
[[nodiscard]] bool price_sides_int64(std::span<const change_side> sides, const tax_rate& rate,
                                     std::int64_t& subtotal, std::int64_t& tax) {
  const ratio& r = rate.as_ratio();
  const ratio& net_share = rate.net_share_of_gross();
  bool overflow = false;
  for (const change_side& side : sides) {
    for (const money& m : side.full) {
      if (m.minor_units() < 0) return false;
      const std::int64_t listed =
          mul_mul_div_int64(m.minor_units(), 1, side.share.num(), side.share.den(), Mode);
      std::int64_t net = listed;
      std::int64_t line_tax = 0;
      if (side.inclusive) {
        net = mul_mul_div_int64(listed, 1, net_share.num(), net_share.den(), Mode);
        line_tax = listed - net;  // 0 <= net <= listed
      } else {
        line_tax = mul_mul_div_int64(listed, 1, r.num(), r.den(), Mode);
      }
      if (side.credit) {
        net = -net;  // both >= 0 here: negation cannot overflow
        line_tax = -line_tax;
      }
      overflow |= __builtin_add_overflow(subtotal, net, &subtotal);
      overflow |= __builtin_add_overflow(tax, line_tax, &tax);
    }
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
  const detail::change_side sides[] = {{old_full, old_share, old_inclusive, true},
                                       {new_full, new_share, new_inclusive, false}};
  bool one_currency = true;
  for (const detail::change_side& side : sides) {
    for (const money& m : side.full) one_currency = one_currency && m.currency() == cur;
  }
  // The common case in one pass on int64; anything else on the general path,
  // which prices lines exactly as preview_plan_change does (same results).
  std::int64_t sub = 0;
  std::int64_t tax_units = 0;
  const bool fast =
      one_currency && detail::with_rounding_mode(pol.rounding, [&]<rounding_mode Mode>() {
        return detail::price_sides_int64<Mode>(sides, rate, sub, tax_units);
      });
  money subtotal = money::from_minor(sub, cur);
  money tax = money::from_minor(tax_units, cur);
  if (!fast) {
    subtotal = tax = money::zero(cur);
    for (const detail::change_side& side : sides) {
      for (const money& full : side.full) {
        const line_amounts l =
            price_line(full, side.share, side.credit, side.inclusive, rate, pol.rounding);
        subtotal += l.net;
        tax += l.tax;
      }
    }
  }
  const settlement s = settle(subtotal, tax, balance, pol);
  return {s, balance - s.credits_used + s.credits_added};
}

}  // namespace prorata

#pragma once
// internal: include <prorata/billing.hpp>

#include <span>

#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/error.hpp>
#include <prorata/money/money.hpp>

namespace prorata::detail {

/// Sums signed lines and settles them against the credit balance:
/// a negative total becomes credit; a positive one first uses existing
/// credit (on the post- or pre-tax amount, per policy), and a charge left
/// below the gateway minimum is raised to it with the excess credited.
[[nodiscard]] inline preview_summary settle(std::span<const line_item> lines, const money& balance,
                                            const policy& pol) {
  const currency cur = balance.currency();
  if (balance.is_negative()) {
    throw invalid_argument("credit balance " + to_string(balance) + " is negative");
  }
  preview_summary s;
  s.currency = cur;
  s.subtotal = s.tax = s.total = s.credits_used = s.credits_added = money::zero(cur);
  for (const line_item& l : lines) {
    s.subtotal += l.net;
    s.tax += l.tax;
  }
  s.total = s.subtotal + s.tax;
  money due = money::zero(cur);
  if (s.total.is_negative()) {
    s.credits_added = -s.total;
  } else {
    const money offsettable = pol.credits_offset == credit_basis::post_tax
                                  ? s.total
                                  : std::max(s.subtotal, money::zero(cur));
    s.credits_used = std::min(balance, offsettable);
    due = s.total - s.credits_used;
    const money minimum = money::from_minor(pol.minimum_for(cur.code()), cur);
    if (pol.top_up_to_minimum && due.minor_units() > 0 && due < minimum) {
      s.credits_added = minimum - due;
      due = minimum;
    }
  }
  s.customer_credits = s.credits_added - s.credits_used;
  s.settlement_amount = due;
  s.total_amount = due;
  return s;
}

}  // namespace prorata::detail

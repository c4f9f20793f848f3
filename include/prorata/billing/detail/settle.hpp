#pragma once
// internal: include <prorata/billing.hpp>

#include <span>

#include <prorata/billing/change_amounts.hpp>
#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/error.hpp>
#include <prorata/money/money.hpp>

namespace prorata::detail {

/// A settlement as Dodo's preview summary (total_amount is the amount due).
[[nodiscard]] inline preview_summary to_summary(const settlement& s, currency cur) {
  preview_summary out;
  out.currency = cur;
  out.subtotal = s.subtotal;
  out.tax = s.tax;
  out.total = s.total;
  out.credits_used = s.credits_used;
  out.credits_added = s.credits_added;
  out.customer_credits = s.customer_credits;
  out.settlement_amount = s.due;
  out.total_amount = s.due;
  return out;
}

/// Sums signed lines and settles them (prorata::settle) into Dodo's summary.
[[nodiscard]] inline preview_summary settle(std::span<const line_item> lines, const money& balance,
                                            const policy& pol) {
  money subtotal = money::zero(balance.currency());
  money tax = subtotal;
  for (const line_item& l : lines) {
    subtotal += l.net;
    tax += l.tax;
  }
  return to_summary(::prorata::settle(subtotal, tax, balance, pol), balance.currency());
}

}  // namespace prorata::detail

#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/change_amounts.hpp>
#include <prorata/billing/plan_change.hpp>  // and its detail: plan_lines, settle
#include <prorata/billing/policy.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/schedule.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata {

/// The invoice of one renewal: a full cycle of the plan and its addons,
/// discounted, taxed, and settled against the credit balance.
struct invoice {
  instant at{};                  ///< the renewal instant (the old next_billing_date)
  period billed{};               ///< the period this invoice pays for
  std::vector<line_item> lines;  ///< proration_factor 1 on every line
  preview_summary summary;       ///< subtotal, tax, credits_used, settlement_amount (due)
  bool trial_ended = false;      ///< this renewal is the first charge after a trial
  bool scheduled_change_applied = false;
  bool cancelled = false;  ///< cancel_at_next_billing_date took effect: nothing billed
};

/// An invoice and the state after it.
struct renewal_result {
  invoice bill;
  subscription_state new_state;
};

/// The pre-tax amount and tax of a full cycle of a plan, before credits.
struct cycle_amounts {
  money subtotal;
  money tax;
};

/// What renew() bills for `sub`'s plan when nothing else is due (no trial
/// ending, no discounts, no usage, no scheduled change or cancellation):
/// the plan's lines at share 1, priced with price_change, allocating
/// nothing; nullopt when the plan has more than 15 addons or its lines are
/// taxed at different rates. Loops renewing
/// the same plan compute this once (a test pins it to renew()). Throws what
/// renew() would for the plan's lines (an unknown id, another currency, a
/// quantity below 1, an overflow).
[[nodiscard]] inline std::optional<cycle_amounts> plain_cycle_amounts(const subscription_state& sub,
                                                                      const catalog& cat,
                                                                      const tax_rates& rate,
                                                                      const policy& pol) {
  if (!rate.uniform()) return std::nullopt;  // lines taxed at different rates: renew() prices them
  detail::plan_amounts plan(money::zero(sub.currency));
  const product& p = cat.find_product(sub.product_id);
  if (!detail::full_amounts(
          cat, p, sub.quantity, sub.addons,
          detail::billing_currency(
              sub.currency, cat, pol,
              detail::fees_inclusive_for(p, sub.currency, pol.adaptive_currency_fees_inclusive)),
          plan)) {
    return std::nullopt;
  }
  // the product price's own discount, as bill_lines takes it (detail::product_discounted)
  if (p.discount_bps != 0) {
    plan.full[0] -= multiply(plan.full[0], ratio(p.discount_bps, 10000), pol.rounding);
  }
  const ratio one = ratio::one();
  const change_amounts a = price_change({}, false, one, plan.lines(), sub.tax_inclusive, one,
                                        *rate.default_rate(), money::zero(sub.currency), pol);
  return cycle_amounts{a.settled.subtotal, a.settled.tax};
}

/// Renews `sub` at its next_billing_date `at`: applies a scheduled change
/// that is due, ends a trial, bills the next period of the anchored schedule
/// in full (plan + addons, discounts that still have cycles, tax per line),
/// uses existing credit up to the invoice amount and carries the rest, and
/// counts discount cycles down. A subscription set to cancel at this date is
/// cancelled instead (nothing billed). Pure: no I/O, no clock.
/// Throws invalid_argument if `at` is not the subscription's next billing
/// date or the subscription is not active.
[[nodiscard]] inline renewal_result renew(const subscription_state& sub, const catalog& cat,
                                          instant at, const tax_rates& rate, const policy& pol) {
  if (at != sub.next_billing_date) {
    throw invalid_argument("renew: " + format_rfc3339(at) + " is not the next billing date " +
                           format_rfc3339(sub.next_billing_date) + " of \"" + sub.subscription_id +
                           "\"");
  }
  if (sub.status != subscription_status::active) {
    throw invalid_argument("renew: subscription \"" + sub.subscription_id + "\" is " +
                           std::string(to_string(sub.status)) + ", not active");
  }
  renewal_result out{{}, sub};
  invoice& bill = out.bill;
  subscription_state& next = out.new_state;
  bill.at = at;
  bill.summary = detail::settle({}, sub.credit_balance, pol);

  if (sub.cancel_at_next_billing_date) {
    next.status = subscription_status::cancelled;
    bill.cancelled = true;
    return out;
  }
  if (sub.scheduled && sub.scheduled->effective_at <= at) {
    const scheduled_change& change = *sub.scheduled;
    const product& target = cat.find_product(change.product_id);
    next.product_id = change.product_id;
    next.quantity = change.quantity;
    next.addons = change.addons;
    next.discounts = change.discounts;
    next.tax_inclusive = target.tax_inclusive;
    if (target.interval != next.interval) {
      next.interval = target.interval;
      next.billing_anchor = at;
    }
    next.scheduled.reset();
    bill.scheduled_change_applied = true;
  }
  if (sub.in_trial) {
    next.in_trial = false;
    next.trial_amount.reset();
    next.billing_anchor = at;  // the first paid cycle starts when the trial ends
    bill.trial_ended = true;
  }

  const schedule cycle{next.billing_anchor, next.interval};
  const period found = cycle.period_containing(at).span;
  bill.billed = period{at, found.end};

  const detail::billing_currency billing(
      sub.currency, cat, pol,
      detail::fees_inclusive_for(cat.find_product(next.product_id), sub.currency,
                                 pol.adaptive_currency_fees_inclusive));
  const detail::plan_lines plan =
      detail::price_plan(cat, next.product_id, next.quantity, next.addons, billing);
  std::vector<discount> active;
  for (const discount& d : next.discounts) {
    if (d.active()) active.push_back(d);
  }
  bill.lines = detail::bill_lines(plan, active, ratio::one(), false, next.tax_inclusive, rate, pol,
                                  sub.currency);
  if (sub.last_charged) {  // once known, what this renewal charged for the plan
    next.last_charged = money::zero(sub.currency);
    for (const line_item& l : bill.lines) *next.last_charged += l.amount;
  }
  // Usage of the period that just ended, billed in arrears.
  for (line_item& m : detail::bill_meters(sub.meters, sub.tax_inclusive, rate, pol, sub.currency)) {
    bill.lines.push_back(std::move(m));
  }
  detail::reset_usage(next.meters);
  if (bill.scheduled_change_applied) {
    detail::enter_meters(next.meters, cat, sub.product_id, cat.find_product(next.product_id),
                         billing);
  }
  policy renewal_policy = pol;
  renewal_policy.top_up_to_minimum = false;  // the gateway minimum is a plan-change rule
  bill.summary = detail::settle(bill.lines, sub.credit_balance, renewal_policy);

  for (discount& d : next.discounts) {
    if (d.cycles_remaining && *d.cycles_remaining > 0) --*d.cycles_remaining;
  }
  next.previous_billing_date = bill.billed.start;
  next.next_billing_date = bill.billed.end;
  next.credit_balance = sub.credit_balance - bill.summary.credits_used + bill.summary.credits_added;
  return out;
}

}  // namespace prorata

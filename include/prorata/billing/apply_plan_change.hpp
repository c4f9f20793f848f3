#pragma once
// A plan change applied to a subscription in place: the settled amounts and
// the state preview_plan_change computes, without its line items.

#include <optional>
#include <span>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/change_amounts.hpp>
#include <prorata/billing/plan_change.hpp>  // and its detail: plan_lines, settle
#include <prorata/billing/policy.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/share.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// What apply_plan_change reports: preview_plan_change's effective_at and
/// summary.
struct applied_plan_change {
  instant effective_at{};
  preview_summary summary;
};

namespace detail {

/// The common immediate change priced with price_change, with no strings
/// built and nothing allocated: no trial, no discounts before or after, no
/// usage billed at the change, no product price discount, the same billing
/// interval, no last_charged known, at most 15 addons a side. nullopt for
/// anything else, and for any error, which the general path then reports in
/// its own words. Changes nothing until it succeeds.
[[nodiscard]] inline std::optional<applied_plan_change> apply_common_change(
    subscription_state& sub, const catalog& cat, const change_request& req, instant now,
    const tax_rates& rates, const policy& pol) {
  const bool usage_billed =
      req.mode != proration_mode::do_not_bill && pol.bill_usage_at_change && !sub.meters.empty();
  if (req.effective_at != effective_timing::immediately || sub.in_trial || !sub.discounts.empty() ||
      (req.discount_codes && !req.discount_codes->empty()) || usage_billed || sub.last_charged ||
      !rates.uniform()) {
    return std::nullopt;  // (lines taxed at different rates: the general path)
  }
  const tax_rate& rate = *rates.default_rate();
  try {
    check_can_change(sub, req, pol);
    const period current = sub.current_period();
    if (now < current.start || now > current.end) return std::nullopt;
    const product& target = cat.find_product(req.product_id);
    const product& from = cat.find_product(sub.product_id);
    // meters follow the catalog's usage-based products, and a product price's
    // own discount is taken on its line: the general path prices both
    if (target.interval != sub.interval || target.kind != price_kind::recurring ||
        from.kind != price_kind::recurring || target.discount_bps != 0 || from.discount_bps != 0) {
      return std::nullopt;
    }
    const std::span<const addon_line> addons_after =
        req.addons ? std::span<const addon_line>(*req.addons)
                   : (pol.omitted_addons_remove ? std::span<const addon_line>{}
                                                : std::span<const addon_line>(sub.addons));
    plan_amounts new_plan(money::zero(sub.currency));
    plan_amounts old_plan(new_plan.full[0]);
    if (!full_amounts(cat, target, req.quantity, addons_after, sub.currency, new_plan) ||
        !full_amounts(cat, from, sub.quantity, sub.addons, sub.currency, old_plan)) {
      return std::nullopt;
    }

    const ratio one = ratio::one();
    ratio old_share = one;
    ratio new_share = one;
    std::span<const money> old_lines = old_plan.lines();
    std::span<const money> new_lines = new_plan.lines();
    switch (req.mode) {
      case proration_mode::prorated_immediately:
        old_share = remaining_share(current, now, pol.share());
        if (!pol.reset_cycle_on_prorated ||
            pol.reset_prorated_charge == reset_charge::old_period_remainder) {
          new_share = old_share;
        }
        break;
      case proration_mode::difference_immediately:
        break;
      case proration_mode::full_immediately:
        old_lines = {};
        break;
      case proration_mode::do_not_bill:
        old_lines = {};
        new_lines = {};
        break;
    }
    const change_amounts a =
        price_change(old_lines, sub.tax_inclusive, old_share, new_lines, target.tax_inclusive,
                     new_share, rate, sub.credit_balance, pol);
    // Nothing below throws: the change is applied whole or not at all.
    enter_plan(sub, req, target, pol, {});
    if (restarts_cycle(req.mode, pol)) restart_cycle(sub, now, target);
    sub.credit_balance = a.new_balance;
    return applied_plan_change{now, to_summary(a.settled, a.new_balance.currency())};
  } catch (const error&) {
    return std::nullopt;
  }
}

}  // namespace detail

/// Applies `request` to `sub` at `now`: afterwards `sub` is what
/// preview_plan_change(sub, ...).new_state would be, and the result holds
/// its effective_at and summary. Throws what preview_plan_change throws and
/// then leaves `sub` unchanged. The common immediate change (see
/// detail::apply_common_change) allocates nothing and costs about a tenth of
/// a preview; a property test pins it to preview_plan_change.
[[nodiscard]] inline applied_plan_change apply_plan_change(subscription_state& sub,
                                                           const catalog& cat,
                                                           const change_request& request,
                                                           instant now, const tax_rates& rate,
                                                           const policy& pol) {
  if (auto done = detail::apply_common_change(sub, cat, request, now, rate, pol)) return *done;
  plan_change_preview p = preview_plan_change(sub, cat, request, now, rate, pol);
  sub = std::move(p.new_state);
  return {p.effective_at, p.summary};
}

}  // namespace prorata

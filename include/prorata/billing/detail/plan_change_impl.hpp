#pragma once
// internal: include <prorata/billing/plan_change.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <prorata/billing/detail/plan_lines.hpp>
#include <prorata/billing/detail/settle.hpp>

namespace prorata {

namespace detail {

inline void check_can_change(const subscription_state& sub, const change_request& req,
                             const policy& pol) {
  if (sub.status != subscription_status::active) {
    throw refusal("INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED",
                  "subscription \"" + sub.subscription_id + "\" is " +
                      std::string(to_string(sub.status)) + ", not active");
  }
  if (sub.on_demand) {
    throw refusal("ON_DEMAND_PLAN_CHANGE_NOT_SUPPORTED",
                  "subscription \"" + sub.subscription_id + "\" is an on-demand subscription");
  }
  if (sub.cancel_at_next_billing_date) {
    throw refusal("PLAN_CHANGE_NOT_ALLOWED_FOR_SCHEDULED_CANCELLATION",
                  "subscription \"" + sub.subscription_id + "\" is scheduled for cancellation");
  }
  if (sub.scheduled && !req.cancel_scheduled_change_plan) {
    throw refusal("SCHEDULED_PLAN_CHANGE_EXISTS",
                  "a scheduled plan change already exists; cancel it or set "
                  "cancel_scheduled_change_plan");
  }
  if (req.effective_at == effective_timing::next_billing_date &&
      pol.scheduled_change_requires_full_immediately &&
      req.mode != proration_mode::full_immediately) {
    throw refusal("INVALID_PRORATION_MODE_WITH_NEXT_BILLING_DATE",
                  "only full_immediately is allowed with effective_at next_billing_date, got " +
                      std::string(to_string(req.mode)));
  }
  if (sub.currency.minor_digits() >= 3 && !pol.allow_three_decimal_currencies) {  // CLF, UYW: 4
    throw refusal("UNSUPPORTED_CURRENCY",
                  std::string(sub.currency.code()) +
                      " has three or more decimals, which the policy does not allow");
  }
  require_quantity(req.quantity, [] { return std::string("quantity"); });
  if (req.addons) {
    const std::vector<addon_line>& list = *req.addons;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const addon_line& a = list[i];
      if (std::any_of(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(i),
                      [&](const addon_line& b) { return b.addon_id == a.addon_id; })) {
        throw refusal("DUPLICATE_ADDON_IDS_IN_REQUEST",
                      "addon \"" + a.addon_id + "\" appears more than once");
      }
    }
  }
  if (req.discount_codes && req.discount_codes->size() > 20) {
    throw refusal("INVALID_REQUEST_PARAMETERS", "at most 20 discount_codes are allowed");
  }
}

/// The discounts the new plan starts with (Dodo's discount_codes rules).
[[nodiscard]] inline std::vector<discount> new_discounts(const subscription_state& sub,
                                                         const catalog& cat,
                                                         const change_request& req) {
  std::vector<discount> out;
  if (!req.discount_codes) {
    for (const discount& d : sub.discounts) {
      if (d.preserve_on_plan_change) out.push_back(d);
    }
  } else {
    for (const std::string& code : *req.discount_codes) out.push_back(cat.find_discount(code));
  }
  return out;
}

[[nodiscard]] inline std::vector<discount> active_discounts(const std::vector<discount>& all) {
  std::vector<discount> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [](const discount& d) { return d.active(); });
  return out;
}

/// The new plan takes over (every immediate mode): product, quantity,
/// addons (the request's, or kept or removed when omitted, per policy), tax
/// treatment and discounts; a scheduled change is dropped. `next` starts as
/// the subscription before the change.
inline void enter_plan(subscription_state& next, const change_request& req, const product& target,
                       const policy& pol, std::vector<discount> discounts_after) {
  next.product_id = req.product_id;
  next.quantity = req.quantity;
  if (req.addons) {
    next.addons = *req.addons;
  } else if (pol.omitted_addons_remove) {
    next.addons.clear();
  }
  next.tax_inclusive = target.tax_inclusive;
  next.discounts = std::move(discounts_after);
  next.scheduled.reset();
}

/// A fresh cycle of the target's interval anchored at `now`.
inline void restart_cycle(subscription_state& next, instant now, const product& target) {
  const schedule fresh{now, target.interval};
  next.billing_anchor = now;
  next.previous_billing_date = now;
  next.next_billing_date = fresh.boundary(1);
  next.interval = target.interval;
}

/// Whether an immediate change outside a trial starts a fresh cycle.
[[nodiscard]] constexpr bool restarts_cycle(proration_mode mode, const policy& pol) noexcept {
  switch (mode) {
    case proration_mode::full_immediately:
      return true;
    case proration_mode::prorated_immediately:
      return pol.reset_cycle_on_prorated;
    case proration_mode::difference_immediately:
      return pol.reset_cycle_on_difference;
    case proration_mode::do_not_bill:
      return false;
  }
  return false;
}

}  // namespace detail

inline plan_change_preview preview_plan_change(const subscription_state& sub, const catalog& cat,
                                               const change_request& req, instant now,
                                               const tax_rate& rate, const policy& pol) {
  detail::check_can_change(sub, req, pol);
  const currency cur = sub.currency;
  const period current = sub.current_period();
  if (now < current.start || now > current.end) {
    throw invalid_argument("preview_plan_change: now " + format_rfc3339(now) +
                           " is outside the current period [" + format_rfc3339(current.start) +
                           ", " + format_rfc3339(current.end) + ")");
  }

  const std::vector<addon_line> addons_after =
      req.addons ? *req.addons
                 : (pol.omitted_addons_remove ? std::vector<addon_line>{} : sub.addons);
  const product& target = cat.find_product(req.product_id);
  const detail::plan_lines new_plan =
      detail::price_plan(cat, req.product_id, req.quantity, addons_after, cur);
  const std::vector<discount> discounts_after = detail::new_discounts(sub, cat, req);

  plan_change_preview out;
  out.effective_at = now;
  out.new_state = sub;
  subscription_state& next = out.new_state;

  if (req.effective_at == effective_timing::next_billing_date) {
    out.effective_at = sub.next_billing_date;
    next.scheduled = scheduled_change{req.product_id,        req.quantity, addons_after,
                                      sub.next_billing_date, now,          discounts_after};
    out.summary = detail::settle({}, sub.credit_balance, pol);
    return out;
  }

  // The new plan applies from now on in every immediate mode.
  detail::enter_plan(next, req, target, pol, discounts_after);
  const auto restart_cycle = [&] { detail::restart_cycle(next, now, target); };
  if (target.interval != sub.interval) {
    // A new billing frequency starts its own schedule at the next boundary.
    next.billing_anchor = sub.next_billing_date;
    next.interval = target.interval;
  }

  std::vector<line_item> lines;
  lines.reserve(8);
  const auto add = [&](std::vector<line_item>&& more) {
    lines.insert(lines.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  };
  const ratio one = ratio::one();

  if (req.mode == proration_mode::do_not_bill) {
    // Nothing now, no credit; the new plan is billed in full at the next renewal.
  } else if (sub.in_trial) {
    // The change ends the trial: the first paid cycle starts now at the new
    // plan's full price. Only a paid trial earns credit (last paid plan).
    next.in_trial = false;
    next.trial_amount.reset();
    const bool paid = sub.trial_amount && sub.trial_amount->minor_units() > 0;
    if (paid && req.mode != proration_mode::full_immediately) {
      const detail::plan_lines trial_plan =
          detail::price_plan(cat, sub.product_id, sub.quantity, {}, cur, sub.trial_amount);
      const ratio credit_share = req.mode == proration_mode::prorated_immediately
                                     ? remaining_share(current, now, pol.share())
                                     : one;
      add(detail::bill_lines(trial_plan, {}, credit_share, true, sub.tax_inclusive, rate, pol,
                             cur));
    }
    add(detail::bill_lines(new_plan, detail::active_discounts(discounts_after), one, false,
                           target.tax_inclusive, rate, pol, cur));
    restart_cycle();
  } else {
    const detail::plan_lines old_plan =
        detail::price_plan(cat, sub.product_id, sub.quantity, sub.addons, cur);
    const std::vector<discount> old_discounts = detail::active_discounts(sub.discounts);
    const std::vector<discount> new_active = detail::active_discounts(discounts_after);
    switch (req.mode) {
      case proration_mode::prorated_immediately: {
        const ratio f = remaining_share(current, now, pol.share());
        add(detail::bill_lines(old_plan, old_discounts, f, true, sub.tax_inclusive, rate, pol,
                               cur));
        const bool reset = detail::restarts_cycle(req.mode, pol);
        add(detail::bill_lines(new_plan, new_active, reset ? one : f, false, target.tax_inclusive,
                               rate, pol, cur));
        if (reset) restart_cycle();
        break;
      }
      case proration_mode::difference_immediately:
        add(detail::bill_lines(old_plan, old_discounts, one, true, sub.tax_inclusive, rate, pol,
                               cur));
        add(detail::bill_lines(new_plan, new_active, one, false, target.tax_inclusive, rate, pol,
                               cur));
        if (detail::restarts_cycle(req.mode, pol)) restart_cycle();
        break;
      case proration_mode::full_immediately:
        add(detail::bill_lines(new_plan, new_active, one, false, target.tax_inclusive, rate, pol,
                               cur));
        restart_cycle();
        break;
      case proration_mode::do_not_bill:
        break;
    }
  }

  if (req.mode != proration_mode::do_not_bill && pol.bill_usage_at_change && !sub.meters.empty()) {
    add(detail::bill_meters(sub.meters, sub.tax_inclusive, rate, pol, cur));
    detail::reset_usage(next.meters);
  }

  out.summary = detail::settle(lines, sub.credit_balance, pol);
  next.credit_balance = sub.credit_balance - out.summary.credits_used + out.summary.credits_added;
  out.line_items = std::move(lines);
  return out;
}

}  // namespace prorata

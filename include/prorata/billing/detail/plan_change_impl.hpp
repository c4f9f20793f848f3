#pragma once
// internal: include <prorata/billing/plan_change.hpp>

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <prorata/billing/detail/plan_lines.hpp>
#include <prorata/billing/detail/settle.hpp>
#include <prorata/money/allocate.hpp>

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

/// Refuses a code Dodo would refuse when it is redeemed at `now` on
/// `product_id` whose plan's original subtotal (before any code) is
/// `subtotal`, with Dodo's codes (api-reference/error-codes.mdx, Discounts).
/// per_customer_usage_limit and customer_eligibility need the customer's
/// history and are not enforced.
inline void check_redeemable(const discount& d, instant now, const std::string& product_id,
                             const money& subtotal) {
  const std::string which = "discount code \"" + d.code + "\"";
  if (d.starts_at && now < *d.starts_at) {
    throw refusal("DISCOUNT_NOT_YET_ACTIVE", which + " starts at " + format_rfc3339(*d.starts_at));
  }
  if (d.expires_at && now >= *d.expires_at) {
    throw refusal("DISCOUNT_CODE_EXPIRED", which + " expired at " + format_rfc3339(*d.expires_at));
  }
  if (d.usage_limit && d.times_used >= *d.usage_limit) {
    throw refusal("DISCOUNT_CODE_USAGE_LIMIT_EXCEEDED",
                  which + " was used " + std::to_string(d.times_used) + " times, its limit is " +
                      std::to_string(*d.usage_limit));
  }
  if (!d.applies_to(product_id)) {
    throw refusal("DISCOUNT_NOT_AVAILABLE_FOR_PRODUCT",
                  which + " is restricted to other products than \"" + product_id + "\"");
  }
  const discount_currency_option* o = d.option_for(subtotal.currency());
  if (o && subtotal.minor_units() < o->minimum_subtotal) {
    throw refusal("DISCOUNT_MINIMUM_SUBTOTAL_NOT_MET",
                  which + " needs a subtotal of at least " + std::to_string(o->minimum_subtotal) +
                      " minor units, the plan's is " + std::to_string(subtotal.minor_units()));
  }
}

/// The discounts the new plan starts with (Dodo's discount_codes rules):
/// omitted codes keep the preserved discounts that apply to the new product
/// (features/discount-codes.mdx; an expired one keeps applying: Dodo checks
/// validity when a code is redeemed); given codes are checked at `now`
/// (check_redeemable) against `new_plan` priced with `mode`.
[[nodiscard]] inline std::vector<discount> new_discounts(const subscription_state& sub,
                                                         const catalog& cat,
                                                         const change_request& req, instant now,
                                                         const plan_lines& new_plan,
                                                         rounding_mode mode) {
  std::vector<discount> out;
  if (!req.discount_codes) {
    for (const discount& d : sub.discounts) {
      if (d.preserve_on_plan_change && d.applies_to(req.product_id)) out.push_back(d);
    }
  } else {
    money subtotal = money::zero(sub.currency);
    for (const money& m : product_discounted(new_plan, mode)) subtotal += m;
    for (const std::string& code : *req.discount_codes) {
      out.push_back(cat.find_discount(code));
      check_redeemable(out.back(), now, req.product_id, subtotal);
    }
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

/// Whether an immediate change outside a trial starts a fresh cycle: any
/// billed change to another billing interval does (docs/policy.md), else
/// as the mode and policy say.
[[nodiscard]] constexpr bool restarts_cycle(proration_mode mode, const policy& pol,
                                            bool other_interval = false) noexcept {
  if (other_interval && mode != proration_mode::do_not_bill) return true;
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

/// The share of a full cycle a prorated change charges the new plan: the
/// old period's remaining share `f` while the cycle continues, or when it
/// restarts under reset_charge::old_period_remainder (features/
/// subscription.mdx); a full cycle when it restarts under new_cycle or for
/// another billing interval (the old period's share of another interval's
/// price pays for no period of it).
[[nodiscard]] inline ratio prorated_new_share(const ratio& f, const policy& pol,
                                              bool other_interval) {
  if (other_interval) return ratio::one();
  if (!pol.reset_cycle_on_prorated) return f;
  return pol.reset_prorated_charge == reset_charge::old_period_remainder ? f : ratio::one();
}

/// Whether the old plan's credit comes from what it was last charged.
[[nodiscard]] inline bool credit_from_last_charged(const subscription_state& sub,
                                                   const policy& pol) noexcept {
  return sub.last_charged.has_value() && pol.old_plan_credit == credit_source::last_charged;
}

/// `old_plan`'s full amounts replaced by `last_charged` split across its
/// lines by largest remainder in proportion to their catalog amounts (the
/// lines still add up); all of it on the product line when every catalog
/// amount is 0. It is already discounted: no discount applies again.
inline void spread_last_charged(plan_lines& old_plan, const money& last_charged) {
  std::vector<std::int64_t> weights;
  weights.reserve(old_plan.full.size());
  std::int64_t any = 0;
  for (const money& m : old_plan.full) {
    weights.push_back(std::max<std::int64_t>(m.minor_units(), 0));
    any |= weights.back();
  }
  if (any == 0) weights.front() = 1;
  old_plan.full = allocate(last_charged, weights);
  old_plan.product_discount_bps = 0;  // what was charged is already after it
}

/// The full-cycle amount a plan's next renewal charges before tax: its lines
/// after the product price's own discount and `discounts`, summed (Dodo's
/// recurring_pre_tax_amount).
[[nodiscard]] inline money renewal_amount(const plan_lines& plan,
                                          std::span<const discount> discounts, const currency& cur,
                                          const policy& pol) {
  money total = money::zero(cur);
  const std::vector<money> full = product_discounted(plan, pol.rounding);
  for (const money& m : apply_discounts(full, discounts, cur, pol.rounding).lines) total += m;
  return total;
}

}  // namespace detail

inline plan_change_preview preview_plan_change(const subscription_state& sub, const catalog& cat,
                                               const change_request& req, instant now,
                                               const tax_rates& rate, const policy& pol) {
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
  // Prices in another currency are converted (adaptive currency, docs/preview.md);
  // a localized price on the target makes the change fees-inclusive
  // (features/localized-pricing.mdx, "How It Applies on Subscription Plan Changes").
  const detail::billing_currency billing(
      cur, cat, pol,
      detail::fees_inclusive_for(
          target, cur,
          req.adaptive_currency_fees_inclusive.value_or(pol.adaptive_currency_fees_inclusive)));
  const detail::plan_lines new_plan =
      detail::price_plan(cat, req.product_id, req.quantity, addons_after, billing);
  const std::vector<discount> discounts_after =
      detail::new_discounts(sub, cat, req, now, new_plan, pol.rounding);

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
  const bool other_interval = target.interval != sub.interval;
  if (other_interval) {
    // Not billed now (do_not_bill): the new frequency's schedule starts at
    // the next boundary. Every billed mode restarts the cycle below.
    next.billing_anchor = sub.next_billing_date;
    next.interval = target.interval;
  }
  if (sub.last_charged) {
    // What the next renewal charges; the old plan's credit basis next time.
    next.last_charged =
        detail::renewal_amount(new_plan, detail::active_discounts(discounts_after), cur, pol);
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
          detail::price_plan(cat, sub.product_id, sub.quantity, {}, billing, sub.trial_amount);
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
    detail::plan_lines old_plan =
        detail::price_plan(cat, sub.product_id, sub.quantity, sub.addons, billing);
    std::vector<discount> old_discounts = detail::active_discounts(sub.discounts);
    if (detail::credit_from_last_charged(sub, pol)) {
      detail::spread_last_charged(old_plan, *sub.last_charged);
      old_discounts.clear();
    }
    const std::vector<discount> new_active = detail::active_discounts(discounts_after);
    switch (req.mode) {
      case proration_mode::prorated_immediately: {
        const ratio f = remaining_share(current, now, pol.share());
        add(detail::bill_lines(old_plan, old_discounts, f, true, sub.tax_inclusive, rate, pol,
                               cur));
        add(detail::bill_lines(new_plan, new_active,
                               detail::prorated_new_share(f, pol, other_interval), false,
                               target.tax_inclusive, rate, pol, cur));
        break;
      }
      case proration_mode::difference_immediately:
        add(detail::bill_lines(old_plan, old_discounts, one, true, sub.tax_inclusive, rate, pol,
                               cur));
        add(detail::bill_lines(new_plan, new_active, one, false, target.tax_inclusive, rate, pol,
                               cur));
        break;
      case proration_mode::full_immediately:
        add(detail::bill_lines(new_plan, new_active, one, false, target.tax_inclusive, rate, pol,
                               cur));
        break;
      case proration_mode::do_not_bill:
        break;
    }
    if (detail::restarts_cycle(req.mode, pol, other_interval)) restart_cycle();
  }

  if (req.mode != proration_mode::do_not_bill && pol.bill_usage_at_change && !sub.meters.empty()) {
    // usage of the product: taxed at the product's category
    const tax_rate& usage_rate = rate.of(cat.find_product(sub.product_id).tax_category);
    add(detail::bill_meters(sub.meters, sub.tax_inclusive, usage_rate, pol, cur));
    detail::reset_usage(next.meters);
  }
  detail::enter_meters(next.meters, cat, sub.product_id, target, billing);

  out.summary = detail::settle(lines, sub.credit_balance, pol);
  next.credit_balance = sub.credit_balance - out.summary.credits_used + out.summary.credits_added;
  out.line_items = std::move(lines);
  return out;
}

}  // namespace prorata

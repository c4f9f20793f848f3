#include "replay.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <prorata/billing.hpp>
#include <prorata/calendar.hpp>
#include <prorata/calendar/rfc3339_range.hpp>
#include <prorata/money.hpp>
#include <prorata/pricing.hpp>

namespace prorata::sim {
namespace {

/// A row would hold an instant RFC 3339 cannot write (a period boundary after
/// 9999): not a prorata::error, so that no handler on the way wraps it; replay()
/// turns it into a replay_error naming the subscription.
struct instant_out_of_range {
  instant row_at;
  instant value;
};

/// A charge whose payment failed: owed until the payment method is updated.
struct dues {
  money subtotal;
  money tax;
  bool plan_change;  ///< plan-change charges are topped up to the gateway minimum
};

class replayer {
 public:
  replayer(const scenario_header& h, const subscription_spec& s, row_sink& out)
      : header_(h), spec_(s), out_(out), renewal_policy_(h.policy) {
    renewal_policy_.top_up_to_minimum = false;  // the gateway minimum is a plan-change rule
  }

  void run() {
    create();
    for (const event& e : spec_.events) {
      renew_through(e.at);
      try {
        apply(e);
      } catch (const refusal& r) {
        ledger_row row = base(e.at, row_kind::refused);
        row.detail = r.what();
        out_.write(row);
      } catch (const error& x) {
        throw replay_error(spec_.source, e.pointer, x.what());
      }
    }
    renew_before(header_.until);
  }

 private:
  const policy& pol() const { return header_.policy; }
  const catalog& cat() const { return header_.catalog; }

  ledger_row base(instant at, row_kind kind) const {
    ledger_row r;
    r.at = at;
    r.subscription_id = spec_.subscription_id;
    r.kind = kind;
    r.row_currency = state_.currency;
    r.outstanding = dues_ ? (dues_->subtotal + dues_->tax).minor_units() : 0;
    r.credit_balance = state_.credit_balance.minor_units();
    r.period_start = state_.previous_billing_date;
    r.period_end = state_.next_billing_date;
    if (!in_rfc3339_range(r.period_end)) throw instant_out_of_range{at, r.period_end};
    r.product_id = state_.product_id;
    r.quantity = state_.quantity;
    r.status = state_.status;
    return r;
  }

  void emit(instant at, row_kind kind, std::uint16_t hooks, std::string detail = {}) {
    ledger_row r = base(at, kind);
    r.webhooks = hooks;
    r.detail = std::move(detail);
    out_.write(r);
  }

  /// A charge row with the settlement's amounts, then one credit row per movement.
  void emit_charge(instant at, row_kind kind, const settlement& s, std::uint16_t hooks,
                   std::string detail = {}) {
    ledger_row r = base(at, kind);
    r.subtotal = s.subtotal.minor_units();
    r.tax = s.tax.minor_units();
    r.customer_credits = s.customer_credits.minor_units();
    r.settlement_amount = s.due.minor_units();
    r.webhooks = hooks;
    r.detail = std::move(detail);
    out_.write(r);
    if (!s.credits_used.is_zero()) emit_credit(at, row_kind::credit_used, -s.credits_used);
    if (!s.credits_added.is_zero()) emit_credit(at, row_kind::credit_added, s.credits_added);
  }

  void emit_credit(instant at, row_kind kind, const money& change) {
    ledger_row r = base(at, kind);
    r.credit_change = change.minor_units();
    out_.write(r);
  }

  /// Consumes one armed failure if a charge of `due` is attempted.
  bool payment_fails(const money& due) {
    if (due.minor_units() <= 0 || failures_armed_ == 0) return false;
    --failures_armed_;
    return true;
  }

  void hold(instant at, row_kind charge_kind, const money& subtotal, const money& tax,
            bool plan_change, std::uint16_t charge_hooks, std::string detail) {
    dues_ = dues{subtotal, tax, plan_change};
    state_.status = subscription_status::on_hold;
    emit(at, charge_kind, charge_hooks, std::move(detail));
    emit(at, row_kind::payment_failed, webhook::payment_failed_event);
    emit(at, row_kind::on_hold, webhook::subscription_on_hold);
  }

  void create() {
    const instant at = spec_.created_at;
    const product* found = nullptr;
    try {
      found = &cat().find_product(spec_.product_id);
    } catch (const error& x) {
      throw replay_error(spec_.source, spec_.pointer + "/product_id", x.what());
    }
    const product& p = *found;
    subscription_state& s = state_;
    s.subscription_id = spec_.subscription_id;
    s.product_id = spec_.product_id;
    s.quantity = spec_.quantity;
    s.addons = spec_.addons;
    s.currency = spec_.billing_currency;
    s.interval = p.interval;
    s.tax_inclusive = p.tax_inclusive;
    s.billing_anchor = at;
    s.previous_billing_date = at;
    s.next_billing_date = at;
    s.credit_balance = money::zero(s.currency);
    s.meters = spec_.meters;
    try {
      for (const std::string& code : spec_.discount_codes) {
        s.discounts.push_back(cat().find_discount(code));
      }
      if (spec_.credit_balance > 0) {
        s.credit_balance = money::from_minor(spec_.credit_balance, s.currency);
        emit_credit(at, row_kind::credit_added, s.credit_balance);
      }
      if (spec_.trial_period_days > 0) {
        s.in_trial = true;
        s.next_billing_date = at + date::days{spec_.trial_period_days};
        emit(at, row_kind::created, webhook::subscription_active, "trial");
        return;
      }
      // The first period is billed like a renewal at created_at.
      if (plain_renewal(at) && remember_plan()) {
        renew_from_memo(at, row_kind::created, webhook::subscription_active);
        return;
      }
      renewal_result r = renew(s, cat(), at, spec_.rate, pol());
      state_ = std::move(r.new_state);
      emit_charge(
          at, row_kind::created, as_settlement(r.bill.summary),
          hooks_for_payment(r.bill.summary.settlement_amount, webhook::subscription_active));
    } catch (const error& x) {
      throw replay_error(spec_.source, spec_.pointer, x.what());
    }
  }

  static settlement as_settlement(const preview_summary& s) {
    return {s.subtotal,         s.tax, s.total, s.credits_used, s.credits_added, s.customer_credits,
            s.settlement_amount};
  }

  static std::uint16_t hooks_for_payment(const money& due, std::uint16_t then) {
    return static_cast<std::uint16_t>((due.minor_units() > 0 ? webhook::payment_succeeded : 0) |
                                      then);
  }

  /// Renewals at every boundary up to and including `t`.
  void renew_through(instant t) {
    while (state_.status == subscription_status::active && state_.next_billing_date <= t) {
      renew_once();
    }
  }
  /// Renewals at every boundary strictly before `t`.
  void renew_before(instant t) {
    while (state_.status == subscription_status::active && state_.next_billing_date < t) {
      renew_once();
    }
  }

  /// A renewal with nothing but the plan to bill: no trial ending, no
  /// scheduled change or cancellation due, no discounts, no usage.
  bool plain_renewal(instant at) const {
    const subscription_state& s = state_;
    return !s.in_trial && !s.cancel_at_next_billing_date &&
           !(s.scheduled && s.scheduled->effective_at <= at) && s.discounts.empty() &&
           std::all_of(s.meters.begin(), s.meters.end(),
                       [](const meter_usage& m) { return m.units_consumed.coefficient == 0; });
  }

  bool memo_matches() const {
    const subscription_state& s = state_;
    return memo_.valid && memo_.product_id == s.product_id && memo_.quantity == s.quantity &&
           memo_.tax_inclusive == s.tax_inclusive && memo_.addons == s.addons;
  }

  void renew_once() {
    const instant at = state_.next_billing_date;
    const bool plain = plain_renewal(at);
    try {
      if (plain && (memo_matches() || remember_plan())) {
        return renew_from_memo(at, row_kind::renewal, webhook::subscription_renewed);
      }
    } catch (const error& x) {
      throw renewal_error(at, x);
    }
    renewal_result r = [&] {
      try {
        return renew(state_, cat(), at, spec_.rate, pol());
      } catch (const error& x) {
        throw renewal_error(at, x);
      }
    }();
    const invoice& bill = r.bill;
    const money balance_before = state_.credit_balance;
    if (bill.cancelled) {
      state_ = std::move(r.new_state);
      emit(at, row_kind::cancelled, webhook::subscription_cancelled, "cancel_at_next_billing_date");
      return;
    }
    const bool failed = payment_fails(bill.summary.settlement_amount);
    state_ = std::move(r.new_state);
    if (bill.trial_ended) emit(at, row_kind::trial_ended, 0);
    if (bill.scheduled_change_applied) {
      emit(at, row_kind::scheduled_change_applied, webhook::subscription_plan_changed);
    }
    if (failed) {
      state_.credit_balance = balance_before;  // nothing was collected: no credit used
      hold(at, row_kind::renewal, bill.summary.subtotal, bill.summary.tax, false, 0,
           "payment failed");
      return;
    }
    // The plan's lines and the usage billed in arrears settle in that order
    // against the balance; with no top-up at renewals this splits the
    // invoice's own settlement exactly (min(b, x) + min(b - min(b, x), y) == min(b, x + y)).
    money usage_net = money::zero(state_.currency);
    money usage_tax = usage_net;
    for (const line_item& l : bill.lines) {
      if (l.kind == line_kind::meter) {
        usage_net += l.net;
        usage_tax += l.tax;
      }
    }
    const settlement plan = settle(bill.summary.subtotal - usage_net, bill.summary.tax - usage_tax,
                                   balance_before, renewal_policy_);
    const std::uint16_t hooks =
        hooks_for_payment(bill.summary.settlement_amount, webhook::subscription_renewed);
    if (usage_net.is_zero() && usage_tax.is_zero()) {
      emit_charge(at, row_kind::renewal, plan, hooks);
      return;
    }
    const settlement usage =
        settle(usage_net, usage_tax, balance_before - plan.credits_used + plan.credits_added,
               renewal_policy_);
    emit_charge(at, row_kind::renewal, plan, hooks);
    emit_charge(at, row_kind::usage_charge, usage, 0, "billed with the renewal");
  }

  replay_error renewal_error(instant at, const error& x) const {
    return replay_error(spec_.source, spec_.pointer,
                        "renewal at " + format_rfc3339(at) + ": " + x.what());
  }

  /// The invoice of a plain renewal depends only on the plan, so plain
  /// renewals of the same plan reuse its amounts (plain_cycle_amounts, which
  /// a test pins to renew()). False when the plan is too large for it.
  bool remember_plan() {
    const std::optional<cycle_amounts> a =
        plain_cycle_amounts(state_, cat(), spec_.rate, renewal_policy_);
    if (!a) return false;
    memo_.valid = true;
    memo_.product_id = state_.product_id;
    memo_.quantity = state_.quantity;
    memo_.addons = state_.addons;
    memo_.tax_inclusive = state_.tax_inclusive;
    memo_.subtotal = a->subtotal;
    memo_.tax = a->tax;
    return true;
  }

  /// The period of the schedule that starts at `at`, a boundary. The
  /// schedule and its last period are kept: the next renewal is then one
  /// boundary further (boundary n + 2), not a search from the anchor.
  period period_from(instant at) {
    if (!cycle_ || cycle_->anchor() != state_.billing_anchor ||
        cycle_->interval() != state_.interval) {
      cycle_.emplace(state_.billing_anchor, state_.interval);
      last_period_ = cycle_->period_containing(at);
    } else if (at == last_period_.span.end) {
      last_period_ = {last_period_.index + 1,
                      {last_period_.span.end, cycle_->boundary(last_period_.index + 2)}};
    } else {
      last_period_ = cycle_->period_containing(at);
    }
    return last_period_.span;
  }

  /// A plain renewal (or the first charge) at `at` from the memo.
  void renew_from_memo(instant at, row_kind kind, std::uint16_t then) {
    const period next = period_from(at);
    const money balance = state_.credit_balance;
    const settlement s = settle(memo_.subtotal, memo_.tax, balance, renewal_policy_);
    state_.previous_billing_date = at;
    state_.next_billing_date = next.end;
    if (payment_fails(s.due)) {
      hold(at, kind, s.subtotal, s.tax, false, 0, "payment failed");
      return;
    }
    state_.credit_balance = balance - s.credits_used + s.credits_added;
    emit_charge(at, kind, s, hooks_for_payment(s.due, then));
  }

  void apply(const event& e) {
    switch (e.kind) {
      case event_kind::change_plan:
        return change_plan(e);
      case event_kind::cancel_at_next_billing_date:
        return set_cancel_at_next_billing_date(e);
      case event_kind::cancel:
        return cancel(e);
      case event_kind::payment_fails:
        ++failures_armed_;
        return;
      case event_kind::payment_method_updated:
        return recover(e);
      case event_kind::pause:
        return pause(e);
      case event_kind::resume:
        return resume(e);
      case event_kind::usage:
        return record_usage(e);
      case event_kind::one_time_charge:
        return one_time_charge(e);
    }
  }

  /// The change is applied in place; only a change whose payment may fail
  /// under prevent_change is previewed first, since the plan must then stay.
  void change_plan(const event& e) {
    const money balance_before = state_.credit_balance;
    if (failures_armed_ > 0 && e.failure == on_payment_failure::prevent_change) {
      plan_change_preview p =
          preview_plan_change(state_, cat(), e.request, e.at, spec_.rate, pol());
      if (p.effective_at <= e.at && payment_fails(p.summary.settlement_amount)) {
        emit(e.at, row_kind::payment_failed, webhook::payment_failed_event,
             "prevent_change: the plan is unchanged");
        return;
      }
      state_ = std::move(p.new_state);
      return changed(e, {p.effective_at, p.summary}, balance_before, false);
    }
    const applied_plan_change p =
        apply_plan_change(state_, cat(), e.request, e.at, spec_.rate, pol());
    changed(e, p, balance_before,
            p.effective_at <= e.at && payment_fails(p.summary.settlement_amount));
  }

  /// The rows of a change already applied to state_.
  void changed(const event& e, const applied_plan_change& p, const money& balance_before,
               bool failed) {
    const preview_summary& sum = p.summary;
    if (p.effective_at > e.at) {  // scheduled for the next billing date
      emit(e.at, row_kind::plan_change, webhook::subscription_updated,
           "scheduled for " + format_rfc3339(p.effective_at));
      return;
    }
    if (failed) {                              // apply_change
      state_.credit_balance = balance_before;  // plan-change credits reversed (CL-v1.112.0)
      hold(e.at, row_kind::plan_change, sum.subtotal, sum.tax, true,
           webhook::subscription_plan_changed, "payment failed");
      return;
    }
    emit_charge(e.at, row_kind::plan_change, as_settlement(sum),
                hooks_for_payment(sum.settlement_amount, webhook::subscription_plan_changed),
                std::string(to_string(e.request.mode)));
  }

  void set_cancel_at_next_billing_date(const event& e) {
    if (state_.status == subscription_status::cancelled) {
      throw refusal("INACTIVE_SUBSCRIPTION", "subscription is cancelled");
    }
    state_.cancel_at_next_billing_date = e.value;
    emit(e.at, row_kind::updated, webhook::subscription_updated,
         e.value ? "cancel_at_next_billing_date=true" : "cancel_at_next_billing_date=false");
  }

  void cancel(const event& e) {
    if (state_.status == subscription_status::cancelled) {
      throw refusal("INACTIVE_SUBSCRIPTION", "subscription is already cancelled");
    }
    state_.status = subscription_status::cancelled;
    emit(e.at, row_kind::cancelled, webhook::subscription_cancelled);
  }

  void recover(const event& e) {
    failures_armed_ = 0;  // the new payment method works
    if (state_.status != subscription_status::on_hold || !dues_) {
      emit(e.at, row_kind::updated, webhook::subscription_update_payment_method,
           "payment method updated");
      return;
    }
    policy p = pol();
    p.top_up_to_minimum = p.top_up_to_minimum && dues_->plan_change;
    const settlement s = settle(dues_->subtotal, dues_->tax, state_.credit_balance, p);
    dues_.reset();
    state_.credit_balance = state_.credit_balance - s.credits_used + s.credits_added;
    state_.status = subscription_status::active;
    std::string detail = "dues charged";
    if (state_.next_billing_date <= e.at) {
      // Boundaries passed on hold are not billed: resume in the period of `at`.
      const schedule cycle{state_.billing_anchor, state_.interval};
      const period now = cycle.period_containing(e.at).span;
      detail += "; periods on hold not billed, resumed in " + format_rfc3339(now.start) + " .. " +
                format_rfc3339(now.end);
      state_.previous_billing_date = now.start;
      state_.next_billing_date = now.end;
    }
    emit_charge(e.at, row_kind::recovered, s,
                hooks_for_payment(s.due, webhook::subscription_active), std::move(detail));
  }

  void pause(const event& e) {
    if (state_.status != subscription_status::active) {
      throw refusal("INVALID_REQUEST_PARAMETERS",
                    "cannot pause a subscription that is " + std::string(to_string(state_.status)));
    }
    state_.status = subscription_status::paused;
    paused_at_ = e.at;
    emit(e.at, row_kind::paused, webhook::subscription_paused);
  }

  void resume(const event& e) {
    if (state_.status != subscription_status::paused) {
      throw refusal("INVALID_REQUEST_PARAMETERS", "cannot resume a subscription that is " +
                                                      std::string(to_string(state_.status)));
    }
    // Billing dates move by the pause length; a scheduled change moves with them.
    const auto shift = e.at - paused_at_;
    state_.previous_billing_date += shift;
    state_.next_billing_date += shift;
    state_.billing_anchor += shift;
    if (state_.scheduled) state_.scheduled->effective_at += shift;
    state_.status = subscription_status::active;
    emit(e.at, row_kind::resumed, webhook::subscription_unpaused,
         "billing dates moved by " + std::to_string(shift.count()) + " s");
  }

  void record_usage(const event& e) {
    for (meter_usage& m : state_.meters) {
      if (m.meter_id == e.meter_id) {
        m.units_consumed = add(m.units_consumed, e.units);
        return;
      }
    }
    throw invalid_argument("meter \"" + e.meter_id + "\" is not on the subscription");
  }

  void one_time_charge(const event& e) {
    std::vector<cart_item> items;
    items.reserve(e.cart.size());
    for (const cart_entry& c : e.cart) {
      const product& p = cat().find_product(c.product_id);
      items.push_back({p.product_id, p.price, c.quantity, p.tax_inclusive});
    }
    std::vector<discount> discounts;
    for (const std::string& code : e.discount_codes) discounts.push_back(cat().find_discount(code));
    const cart_charge charge = price_cart(items, discounts, spec_.rate, pol().rounding);
    if (charge.total.currency() != state_.currency) {
      throw currency_mismatch(
          "the cart is priced in " + std::string(charge.total.currency().code()) +
          " but the subscription bills in " + std::string(state_.currency.code()));
    }
    const money net = charge.total - charge.tax;
    if (payment_fails(charge.total)) {
      emit(e.at, row_kind::payment_failed, webhook::payment_failed_event,
           "one-time charge of " + std::to_string(charge.total.minor_units()) + " not collected");
      return;
    }
    const settlement s{net,
                       charge.tax,
                       charge.total,
                       money::zero(net.currency()),
                       money::zero(net.currency()),
                       money::zero(net.currency()),
                       charge.total};
    emit_charge(e.at, row_kind::one_time_charge, s, hooks_for_payment(charge.total, 0),
                "not offset by subscription credit");
  }

  const scenario_header& header_;
  const subscription_spec& spec_;
  row_sink& out_;
  subscription_state state_;
  std::optional<dues> dues_;
  std::int64_t failures_armed_ = 0;
  instant paused_at_{};
  policy renewal_policy_;
  std::optional<schedule> cycle_;  // see period_from
  numbered_period last_period_{};
  struct {
    bool valid = false;
    std::string product_id;
    std::int64_t quantity = 0;
    std::vector<addon_line> addons;
    bool tax_inclusive = false;
    money subtotal = money::zero(currency::constant("USD"));  // no table lookup per subscription
    money tax = subtotal;
  } memo_;
};

}  // namespace

void replay(const scenario_header& header, const subscription_spec& spec, row_sink& out) {
  try {
    replayer(header, spec, out).run();
  } catch (const instant_out_of_range& x) {
    throw replay_error(spec.source, spec.pointer,
                       "found a billing period current at " + format_rfc3339(x.row_at) +
                           " that ends after 9999 (" + detail::describe(x.value) +
                           "), expected period boundaries in the years 0000..9999 (an earlier "
                           "until)");
  }
}

}  // namespace prorata::sim

// apply_plan_change against preview_plan_change: the same summary and the
// same state after, or the same exception and the state untouched, over
// generated subscriptions, requests and policies (trials, discounts,
// schedules, other intervals, unknown ids, bad quantities, huge prices, a
// known last charge, both reset charge rules and credit sources); and
// the allocation-free common path taken whenever it applies; and
// plain_cycle_amounts against renew().
#include <cstdint>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "billing/billing_fixture.hpp"
#include "support/property.hpp"

using namespace prorata_test;
using prorata_test::check_property;
using pm = proration_mode;

namespace {

struct world {
  catalog cat = guide_catalog();
  subscription_state sub = subscription_on("pro");
  change_request req = change_to("basic", pm::prorated_immediately);
  instant now = mid_april;
  tax_rate rate;
  policy pol;
};

product& product_named(catalog& cat, const std::string& id) {
  for (product& p : cat.products) {
    if (p.product_id == id) return p;
  }
  throw invalid_argument("no product " + id);
}

std::int64_t any_price() {
  return *rc::gen::element<std::int64_t>(0, 1, 999, 2000, 8000, 1'000'000'000,
                                         std::int64_t{1} << 61);
}

// Usually the common case; each rarer feature in about one case in six.
world any_world(bool common_only) {
  world w;
  const auto rare = [&] { return !common_only && *rc::gen::inRange(0, 6) == 0; };
  for (product& p : w.cat.products) {
    if (p.price.currency() == usd) p.price = money::from_minor(any_price() / 7, usd);
    p.tax_inclusive = *rc::gen::arbitrary<bool>();
    // a price discount (discount_bps) sends a change to the general path
    if (rare()) p.discount_bps = *rc::gen::inRange<std::int64_t>(0, 10'001);
  }
  w.sub.product_id = *rc::gen::element<std::string>("starter", "basic", "pro", "team");
  w.sub.tax_inclusive = w.cat.find_product(w.sub.product_id).tax_inclusive;
  w.sub.quantity = *rc::gen::inRange<std::int64_t>(1, 50);
  if (*rc::gen::arbitrary<bool>()) w.sub.addons = {{"seat", *rc::gen::inRange(1, 9)}};
  w.sub.credit_balance = money::from_minor(*rc::gen::inRange<std::int64_t>(0, 500'000), usd);
  if (rare()) w.sub.in_trial = true;
  if (rare()) w.sub.discounts = {w.cat.discounts[0]};
  if (rare()) w.sub.status = subscription_status::on_hold;
  if (rare()) w.sub.cancel_at_next_billing_date = true;
  if (rare()) w.sub.meters = {{"api", "API", 10, decimal{5, 0}, decimal{40, 0}}};
  if (rare()) w.sub.scheduled = scheduled_change{"team", 1, {}, w.sub.next_billing_date, w.now, {}};
  if (rare())
    w.sub.last_charged = money::from_minor(*rc::gen::inRange<std::int64_t>(0, 90'000), usd);

  w.req.product_id = *rc::gen::element<std::string>("starter", "basic", "pro", "team");
  if (rare()) w.req.product_id = *rc::gen::element<std::string>("pro_yearly", "pro_eur", "nope");
  w.req.quantity = rare() ? 0 : *rc::gen::inRange<std::int64_t>(1, 50);
  w.req.mode = *rc::gen::element(pm::prorated_immediately, pm::difference_immediately,
                                 pm::full_immediately, pm::do_not_bill);
  switch (*rc::gen::inRange(0, 4)) {
    case 0:
      w.req.addons = std::nullopt;  // omitted: kept or removed per policy
      break;
    case 1:
      w.req.addons = std::vector<addon_line>{};
      break;
    default:
      w.req.addons = std::vector<addon_line>{{"seat", *rc::gen::inRange(1, 9)}};
  }
  if (rare()) w.req.addons = std::vector<addon_line>{{"ghost", 1}};
  if (rare()) w.req.effective_at = effective_timing::next_billing_date;
  if (rare()) w.req.discount_codes = std::vector<std::string>{"TEN"};
  if (rare()) w.req.discount_codes = std::vector<std::string>{};
  w.req.cancel_scheduled_change_plan = *rc::gen::arbitrary<bool>();

  const std::int64_t period = 30 * 86400;
  w.now = w.sub.previous_billing_date +
          std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, period + 1)};
  if (rare()) w.now = w.sub.next_billing_date + std::chrono::seconds{1};
  w.rate = *rc::gen::element(tax_rate{}, tax_rate::parse("0.08"), tax_rate::parse("0.2"));
  w.pol.rounding = all_rounding_modes[*rc::gen::inRange<std::size_t>(0, 7)];
  w.pol.basis = *rc::gen::arbitrary<bool>() ? time_basis::seconds : time_basis::days;
  w.pol.credits_offset =
      *rc::gen::arbitrary<bool>() ? credit_basis::post_tax : credit_basis::pre_tax;
  w.pol.top_up_to_minimum = *rc::gen::arbitrary<bool>();
  w.pol.reset_cycle_on_prorated = *rc::gen::arbitrary<bool>();
  w.pol.reset_cycle_on_difference = *rc::gen::arbitrary<bool>();
  w.pol.omitted_addons_remove = *rc::gen::arbitrary<bool>();
  w.pol.bill_usage_at_change = *rc::gen::arbitrary<bool>();
  w.pol.reset_prorated_charge =
      *rc::gen::element(reset_charge::new_cycle, reset_charge::old_period_remainder);
  w.pol.old_plan_credit = *rc::gen::element(credit_source::last_charged, credit_source::catalog);
  // Other currencies and price types: the fast path must fall back, never differ.
  if (rare()) w.cat.fx.set(currency::from_code("EUR"), usd, decimal{10842, 4});
  if (rare()) product_named(w.cat, "pro_eur").localized = {money::from_minor(8500, usd)};
  w.pol.adaptive_currency_fee_bps = *rc::gen::element<std::int64_t>(0, 400);
  w.pol.adaptive_currency_fees_inclusive = *rc::gen::arbitrary<bool>();
  if (rare()) w.req.adaptive_currency_fees_inclusive = *rc::gen::arbitrary<bool>();
  if (rare()) {
    product& team = product_named(w.cat, "team");
    team.kind = *rc::gen::element(price_kind::usage_based, price_kind::one_time);
    team.meters = {{"api", "API", 10, decimal{3, 0}}};
  }
  return w;
}

void assert_same_summary(const preview_summary& a, const preview_summary& b) {
  RC_ASSERT(a.currency == b.currency);
  RC_ASSERT(a.subtotal == b.subtotal);
  RC_ASSERT(a.tax == b.tax);
  RC_ASSERT(a.total == b.total);
  RC_ASSERT(a.credits_used == b.credits_used);
  RC_ASSERT(a.credits_added == b.credits_added);
  RC_ASSERT(a.customer_credits == b.customer_credits);
  RC_ASSERT(a.settlement_amount == b.settlement_amount);
  RC_ASSERT(a.total_amount == b.total_amount);
}

void assert_same_state(const subscription_state& a, const subscription_state& b) {
  RC_ASSERT(a.product_id == b.product_id);
  RC_ASSERT(a.quantity == b.quantity);
  RC_ASSERT(a.addons == b.addons);
  RC_ASSERT(a.currency == b.currency);
  RC_ASSERT(a.previous_billing_date == b.previous_billing_date);
  RC_ASSERT(a.next_billing_date == b.next_billing_date);
  RC_ASSERT(a.billing_anchor == b.billing_anchor);
  RC_ASSERT(a.interval == b.interval);
  RC_ASSERT(a.tax_inclusive == b.tax_inclusive);
  RC_ASSERT(a.status == b.status);
  RC_ASSERT(a.in_trial == b.in_trial);
  RC_ASSERT(a.trial_amount.has_value() == b.trial_amount.has_value());
  RC_ASSERT(a.discounts.size() == b.discounts.size());
  for (std::size_t i = 0; i < a.discounts.size(); ++i) {
    RC_ASSERT(a.discounts[i].code == b.discounts[i].code);
  }
  RC_ASSERT(a.credit_balance == b.credit_balance);
  RC_ASSERT(a.last_charged == b.last_charged);
  RC_ASSERT(a.scheduled.has_value() == b.scheduled.has_value());
  if (a.scheduled) {
    RC_ASSERT(a.scheduled->product_id == b.scheduled->product_id);
    RC_ASSERT(a.scheduled->quantity == b.scheduled->quantity);
    RC_ASSERT(a.scheduled->addons == b.scheduled->addons);
    RC_ASSERT(a.scheduled->effective_at == b.scheduled->effective_at);
  }
  RC_ASSERT(a.meters.size() == b.meters.size());
  for (std::size_t i = 0; i < a.meters.size(); ++i) {
    RC_ASSERT(a.meters[i].units_consumed == b.meters[i].units_consumed);
  }
}

struct outcome {
  std::optional<applied_plan_change> done;
  std::string error;  // type and message when it threw
};

template <class F>
outcome run(F&& f) {
  try {
    return {f(), {}};
  } catch (const std::exception& e) {
    return {std::nullopt, std::string(typeid(e).name()) + ": " + e.what()};
  }
}

}  // namespace

TEST_CASE("property: apply_plan_change is preview_plan_change applied in place") {
  check_property("same summary and state, or the same error and the state untouched", [] {
    const world w = any_world(false);
    const outcome expected = run([&] {
      const plan_change_preview p = preview_plan_change(w.sub, w.cat, w.req, w.now, w.rate, w.pol);
      return applied_plan_change{p.effective_at, p.summary};
    });
    subscription_state sub = w.sub;
    const outcome got =
        run([&] { return apply_plan_change(sub, w.cat, w.req, w.now, w.rate, w.pol); });
    RC_ASSERT(got.error == expected.error);
    if (!expected.done) {
      assert_same_state(sub, w.sub);
      return;
    }
    RC_ASSERT(got.done->effective_at == expected.done->effective_at);
    assert_same_summary(got.done->summary, expected.done->summary);
    assert_same_state(sub,
                      preview_plan_change(w.sub, w.cat, w.req, w.now, w.rate, w.pol).new_state);
  });
}

TEST_CASE("property: the common change takes the allocation-free path") {
  check_property("an immediate change with no trial, discounts or usage never falls back", [] {
    world w = any_world(true);
    RC_PRE(w.sub.current_period().start <= w.now);
    // a price over 2^58 overflows int64 with 50 units: the general path reports it
    RC_PRE(w.cat.find_product(w.sub.product_id).price.minor_units() < (std::int64_t{1} << 50));
    RC_PRE(w.cat.find_product(w.req.product_id).price.minor_units() < (std::int64_t{1} << 50));
    subscription_state sub = w.sub;
    const auto fast = detail::apply_common_change(sub, w.cat, w.req, w.now, w.rate, w.pol);
    RC_ASSERT(fast.has_value());
    const plan_change_preview p = preview_plan_change(w.sub, w.cat, w.req, w.now, w.rate, w.pol);
    assert_same_summary(fast->summary, p.summary);
    assert_same_state(sub, p.new_state);
  });
}

TEST_CASE("apply_plan_change: Dodo's prorated upgrade Basic -> Pro, in place") {
  // reference/dodo-domain.md: $30 -> $80 with 15 of 30 days left charges $25.00
  world w;
  w.sub = subscription_on("basic");
  w.req = change_to("pro", pm::prorated_immediately);
  const applied_plan_change r = apply_plan_change(w.sub, w.cat, w.req, mid_april, no_tax, w.pol);
  CHECK(r.effective_at == mid_april);
  CHECK(r.summary.settlement_amount == dollars("25"));
  CHECK(w.sub.product_id == "pro");
  CHECK(w.sub.next_billing_date == at("2026-05-01T00:00:00Z"));
}

TEST_CASE("apply_plan_change: a refusal leaves the subscription as it was") {
  world w;
  w.sub.status = subscription_status::paused;
  const subscription_state before = w.sub;
  CHECK_THROWS_AS((void)apply_plan_change(w.sub, w.cat, w.req, mid_april, no_tax, w.pol), refusal);
  CHECK(w.sub.product_id == before.product_id);
  CHECK(w.sub.status == subscription_status::paused);
}

TEST_CASE("property: plain_cycle_amounts is what renew() bills for a plain plan") {
  check_property("same subtotal and tax, every rounding mode, inclusive or exclusive", [] {
    world w = any_world(true);
    for (product& p : w.cat.products) {  // a price discount (discount_bps) is billed the same
      if (*rc::gen::inRange(0, 3) == 0) p.discount_bps = *rc::gen::inRange<std::int64_t>(0, 10'001);
    }
    RC_PRE(w.cat.find_product(w.sub.product_id).price.minor_units() < (std::int64_t{1} << 50));
    subscription_state sub = w.sub;
    sub.next_billing_date = sub.previous_billing_date;  // renew at the start of the schedule
    const renewal_result r = renew(sub, w.cat, sub.next_billing_date, w.rate, w.pol);
    const std::optional<cycle_amounts> a = plain_cycle_amounts(sub, w.cat, w.rate, w.pol);
    RC_ASSERT(a.has_value());
    RC_ASSERT(a->subtotal == r.bill.summary.subtotal);
    RC_ASSERT(a->tax == r.bill.summary.tax);
  });
}

TEST_CASE("plain_cycle_amounts: $80 Pro with 2 seats at 8% tax") {
  world w;
  w.sub.addons = {{"seat", 2}};
  const std::optional<cycle_amounts> a =
      plain_cycle_amounts(w.sub, w.cat, tax_rate::parse("0.08"), w.pol);
  REQUIRE(a.has_value());
  CHECK(a->subtotal == dollars("100"));
  CHECK(a->tax == dollars("8"));
}

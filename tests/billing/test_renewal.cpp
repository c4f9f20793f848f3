// renew: full cycles, credits carried, discounts counted down, scheduled
// changes, trials ending, cancellation at the billing date.
#include <doctest/doctest.h>

#include "billing/billing_fixture.hpp"

using namespace prorata_test;
using pm = proration_mode;

namespace {
renewal_result renew_once(const subscription_state& s, const tax_rate& rate = no_tax) {
  return renew(s, guide_catalog(), s.next_billing_date, rate, dodo_documented());
}
}  // namespace

TEST_CASE("U2 renewals: $30 credit gives a $0.00 renewal, then $10.00") {
  const auto change = preview_plan_change(subscription_on("pro"), guide_catalog(),
                                          change_to("starter", pm::prorated_immediately), mid_april,
                                          no_tax, dodo_documented());
  const auto first = renew_once(change.new_state);
  CHECK(first.bill.summary.settlement_amount == dollars("0"));
  CHECK(first.bill.summary.credits_used == dollars("20.00"));
  CHECK(first.new_state.credit_balance == dollars("10.00"));
  CHECK(first.bill.billed.start == at("2026-05-01T00:00:00Z"));
  CHECK(first.bill.billed.end == at("2026-06-01T00:00:00Z"));
  const auto second = renew_once(first.new_state);
  CHECK(second.bill.summary.settlement_amount == dollars("10.00"));
  CHECK(second.new_state.credit_balance == dollars("0"));
}

TEST_CASE("U1 renewal: the upgraded plan renews at $80.00 on the kept date") {
  const auto change = preview_plan_change(subscription_on("basic"), guide_catalog(),
                                          change_to("pro", pm::prorated_immediately), mid_april,
                                          no_tax, dodo_documented());
  const auto r = renew_once(change.new_state);
  CHECK(r.bill.at == at("2026-05-01T00:00:00Z"));
  CHECK(r.bill.summary.settlement_amount == dollars("80.00"));
}

TEST_CASE("U6 renewal: plan and seats renew at $110.00") {
  auto req = change_to("pro", pm::prorated_immediately);
  req.addons = std::vector<addon_line>{{"seat", 3}};
  const auto change = preview_plan_change(subscription_on("basic"), guide_catalog(), req, mid_april,
                                          no_tax, dodo_documented());
  CHECK(renew_once(change.new_state).bill.summary.settlement_amount == dollars("110.00"));
}

TEST_CASE("S5 renewal: 7 seats renew at $169.00, $159.00 after the $10 credit") {
  auto s = subscription_on("team");
  s.addons = {{"seat", 10}};
  auto req = change_to("team", pm::prorated_immediately);
  req.addons = std::vector<addon_line>{{"seat", 7}};
  const auto change = preview_plan_change(s, guide_catalog(), req, at("2026-04-21T00:00:00Z"),
                                          no_tax, dodo_documented());
  const auto r = renew_once(change.new_state);
  CHECK(r.bill.summary.total == dollars("169.00"));
  CHECK(r.bill.summary.settlement_amount == dollars("159.00"));
}

TEST_CASE("month-end anchors never drift across renewals") {
  auto s = subscription_on("basic");
  s.billing_anchor = s.previous_billing_date = at("2026-01-31T00:00:00Z");
  s.next_billing_date = at("2026-02-28T00:00:00Z");
  const char* expected[] = {"2026-03-31T00:00:00Z", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z",
                            "2026-06-30T00:00:00Z"};
  for (const char* e : expected) {
    s = renew_once(s).new_state;
    CHECK(s.next_billing_date == at(e));
  }
}

TEST_CASE("discounts apply for their remaining cycles only") {
  auto s = subscription_on("pro");
  s.discounts = {percentage_discount("TWICE", 2500, 2)};
  const auto a = renew_once(s);
  CHECK(a.bill.summary.settlement_amount == dollars("60.00"));
  const auto b = renew_once(a.new_state);
  CHECK(b.bill.summary.settlement_amount == dollars("60.00"));
  const auto c = renew_once(b.new_state);
  CHECK(c.bill.summary.settlement_amount == dollars("80.00"));
  CHECK(c.new_state.discounts[0].cycles_remaining == 0);
}

TEST_CASE("a scheduled change applies at the renewal; a trial ends; cancellation") {
  auto req = change_to("starter", pm::full_immediately);
  req.effective_at = effective_timing::next_billing_date;
  const auto p = preview_plan_change(subscription_on("pro"), guide_catalog(), req, mid_april,
                                     no_tax, dodo_documented());
  const auto r = renew_once(p.new_state);
  CHECK(r.bill.scheduled_change_applied);
  CHECK(r.bill.summary.settlement_amount == dollars("20.00"));
  CHECK(r.new_state.product_id == "starter");
  CHECK_FALSE(r.new_state.scheduled.has_value());

  auto trial = subscription_on("pro");
  trial.in_trial = true;
  trial.next_billing_date = at("2026-04-15T00:00:00Z");  // a 14-day trial
  const auto t = renew_once(trial);
  CHECK(t.bill.trial_ended);
  CHECK(t.bill.summary.settlement_amount == dollars("80.00"));
  CHECK(t.new_state.next_billing_date == at("2026-05-15T00:00:00Z"));

  auto leaving = subscription_on("pro");
  leaving.cancel_at_next_billing_date = true;
  const auto c = renew_once(leaving);
  CHECK(c.bill.cancelled);
  CHECK(c.bill.lines.empty());
  CHECK(c.new_state.status == subscription_status::cancelled);
}

TEST_CASE("renewal tax and errors") {
  const auto r = renew_once(subscription_on("pro"), tax_rate::parse("0.0825"));
  CHECK(r.bill.summary.tax == dollars("6.60"));
  CHECK(r.bill.summary.settlement_amount == dollars("86.60"));
  auto s = subscription_on("pro");
  CHECK_THROWS_AS((void)renew(s, guide_catalog(), mid_april, no_tax, dodo_documented()),
                  invalid_argument);
  s.status = subscription_status::paused;
  CHECK_THROWS_AS((void)renew_once(s), invalid_argument);
}

TEST_CASE("meters: a renewal bills the ended period's usage in arrears (O5)") {
  auto s = subscription_on("pro");
  // O5: $0.05 per image, 10 free, 25 images -> $0.75
  s.meters = {{"mtr_img", "Images", 10, parse_decimal("5"), parse_decimal("25")}};
  const auto r = renew_once(s);
  REQUIRE(r.bill.lines.size() == 2);
  CHECK(r.bill.lines[1].kind == line_kind::meter);
  CHECK(r.bill.lines[1].amount == dollars("0.75"));
  CHECK(r.bill.summary.settlement_amount == dollars("80.75"));
  CHECK(r.new_state.meters[0].units_consumed == parse_decimal("0"));
}

TEST_CASE(
    "renew: converted prices carry the fee unless a localized plan price makes it inclusive") {
  // features/localized-pricing.mdx @2aef2bd: a matching rule makes the plan
  // fees-inclusive, "and that setting governs the new plan's renewals".
  const currency eur = currency::from_code("EUR");
  catalog cat = guide_catalog();
  cat.fx.set(usd, eur, decimal{92, 2});  // 1 USD = 0.92 EUR
  subscription_state sub = subscription_on("pro");
  sub.currency = eur;
  sub.credit_balance = money::zero(eur);
  sub.addons = {{"seat", 1}};
  const auto subtotal = [&] {
    return renew(sub, cat, sub.next_billing_date, no_tax, policy{}).bill.summary.subtotal;
  };
  // Pro USD 80.00 -> 73.60 + 4 % = 76.544; seat USD 10.00 -> 9.20 + 4 % = 9.568
  CHECK(subtotal() == money::from_minor(7654 + 957, eur));
  for (product& p : cat.products) {
    if (p.product_id == "pro") p.localized = {money::from_minor(7500, eur)};
  }
  CHECK(subtotal() == money::from_minor(7500 + 920, eur));
  CHECK(plain_cycle_amounts(sub, cat, no_tax, policy{})->subtotal == subtotal());
}

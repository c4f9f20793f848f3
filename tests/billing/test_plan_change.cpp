// preview_plan_change: every mode for upgrades and downgrades, addons and
// seats, credits and the gateway minimum, tax, discounts, trials, scheduled
// changes, and the refusals Dodo documents.
#include <doctest/doctest.h>

#include "billing/billing_fixture.hpp"

using namespace prorata_test;
using pm = proration_mode;

namespace {
plan_change_preview preview(const subscription_state& s, const change_request& r,
                            instant now = mid_april, const tax_rate& rate = no_tax,
                            const policy& pol = dodo_documented()) {
  return preview_plan_change(s, guide_catalog(), r, now, rate, pol);
}
}  // namespace

TEST_CASE("U1: upgrade Basic -> Pro, prorated_immediately: $25 now, date kept") {
  const auto p = preview(subscription_on("basic"), change_to("pro", pm::prorated_immediately));
  REQUIRE(p.line_items.size() == 2);
  CHECK(p.line_items[0].id == "basic");
  CHECK(p.line_items[0].amount == dollars("-15.00"));
  CHECK(p.line_items[0].proration_factor == ratio(-1, 2));
  CHECK(p.line_items[1].amount == dollars("40.00"));
  CHECK(p.line_items[1].proration_factor == ratio(1, 2));
  CHECK(p.summary.settlement_amount == dollars("25.00"));
  CHECK(p.summary.customer_credits == dollars("0"));
  CHECK(p.effective_at == mid_april);
  CHECK(p.new_state.product_id == "pro");
  CHECK(p.new_state.next_billing_date == at("2026-05-01T00:00:00Z"));
}

TEST_CASE("U2: downgrade Pro -> Starter, prorated_immediately: $30 credit") {
  const auto p = preview(subscription_on("pro"), change_to("starter", pm::prorated_immediately));
  CHECK(p.summary.settlement_amount == dollars("0"));
  CHECK(p.summary.customer_credits == dollars("30.00"));
  CHECK(p.new_state.credit_balance == dollars("30.00"));
}

TEST_CASE("U3 and U4: difference_immediately charges or credits the full difference") {
  const auto up = preview(subscription_on("basic"), change_to("pro", pm::difference_immediately));
  CHECK(up.summary.settlement_amount == dollars("50.00"));
  // whatever the position in the cycle
  const auto late = preview(subscription_on("basic"), change_to("pro", pm::difference_immediately),
                            at("2026-04-29T13:00:00Z"));
  CHECK(late.summary.settlement_amount == dollars("50.00"));
  const auto down =
      preview(subscription_on("pro"), change_to("starter", pm::difference_immediately));
  CHECK(down.summary.customer_credits == dollars("60.00"));
  CHECK(down.new_state.credit_balance == dollars("60.00"));
  CHECK(down.new_state.next_billing_date == at("2026-05-01T00:00:00Z"));
}

TEST_CASE("U5: full_immediately charges the new plan in full and restarts the cycle") {
  const auto p = preview(subscription_on("basic"), change_to("pro", pm::full_immediately));
  REQUIRE(p.line_items.size() == 1);
  CHECK(p.summary.settlement_amount == dollars("80.00"));
  CHECK(p.new_state.previous_billing_date == mid_april);
  CHECK(p.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));
  CHECK(p.new_state.billing_anchor == mid_april);
}

TEST_CASE("U6: upgrade with 3 extra seats, prorated: $40 now") {
  auto r = change_to("pro", pm::prorated_immediately);
  r.addons = std::vector<addon_line>{{"seat", 3}};
  const auto p = preview(subscription_on("basic"), r);
  REQUIRE(p.line_items.size() == 3);
  CHECK(p.line_items[2].kind == line_kind::addon);
  CHECK(p.line_items[2].amount == dollars("15.00"));
  CHECK(p.line_items[2].unit_price == dollars("10.00"));
  CHECK(p.summary.settlement_amount == dollars("40.00"));
}

TEST_CASE("S5: removing 3 of 10 seats on day 20 of 30 credits $10") {
  auto s = subscription_on("team");
  s.addons = {{"seat", 10}};
  auto r = change_to("team", pm::prorated_immediately);
  r.addons = std::vector<addon_line>{{"seat", 7}};
  const auto p = preview(s, r, at("2026-04-21T00:00:00Z"));
  CHECK(p.summary.customer_credits == dollars("10.00"));
  CHECK(p.new_state.addons == std::vector<addon_line>{{"seat", 7}});
}

TEST_CASE("do_not_bill: nothing now, no credit, billing date kept, new plan in the state") {
  const auto p = preview(subscription_on("pro"), change_to("starter", pm::do_not_bill));
  CHECK(p.line_items.empty());
  CHECK(p.summary.settlement_amount == dollars("0"));
  CHECK(p.summary.customer_credits == dollars("0"));
  CHECK(p.new_state.product_id == "starter");
  CHECK(p.new_state.next_billing_date == at("2026-05-01T00:00:00Z"));
}

TEST_CASE("effective_at next_billing_date schedules the change and charges nothing") {
  auto r = change_to("starter", pm::full_immediately);
  r.effective_at = effective_timing::next_billing_date;
  const auto p = preview(subscription_on("pro"), r);
  CHECK(p.line_items.empty());
  CHECK(p.effective_at == at("2026-05-01T00:00:00Z"));
  CHECK(p.new_state.product_id == "pro");
  REQUIRE(p.new_state.scheduled.has_value());
  CHECK(p.new_state.scheduled->product_id == "starter");
  CHECK(p.new_state.scheduled->effective_at == at("2026-05-01T00:00:00Z"));
  // A second change is refused while one is scheduled, unless it replaces it.
  CHECK_THROWS_WITH_AS((void)preview(p.new_state, change_to("basic", pm::full_immediately)),
                       doctest::Contains("SCHEDULED_PLAN_CHANGE_EXISTS"), refusal);
  auto replace = change_to("basic", pm::full_immediately);
  replace.cancel_scheduled_change_plan = true;
  CHECK_FALSE(preview(p.new_state, replace).new_state.scheduled.has_value());
}

TEST_CASE("credits: existing credit pays first, customer_credits is signed") {
  auto s = subscription_on("basic");
  s.credit_balance = dollars("10.00");
  const auto p = preview(s, change_to("pro", pm::prorated_immediately));
  CHECK(p.summary.credits_used == dollars("10.00"));
  CHECK(p.summary.customer_credits == dollars("-10.00"));
  CHECK(p.summary.settlement_amount == dollars("15.00"));
  CHECK(p.new_state.credit_balance == dollars("0"));
  s.credit_balance = dollars("100.00");
  const auto q = preview(s, change_to("pro", pm::prorated_immediately));
  CHECK(q.summary.settlement_amount == dollars("0"));
  CHECK(q.new_state.credit_balance == dollars("75.00"));
}

TEST_CASE("O9: a charge below the $0.50 gateway minimum is topped up, the excess credited") {
  auto s = subscription_on("basic");
  s.credit_balance = dollars("24.80");  // leaves $0.20 of the $25.00 upgrade
  const auto p = preview(s, change_to("pro", pm::prorated_immediately));
  CHECK(p.summary.settlement_amount == dollars("0.50"));
  CHECK(p.summary.credits_used == dollars("24.80"));
  CHECK(p.summary.credits_added == dollars("0.30"));
  CHECK(p.summary.customer_credits == dollars("-24.50"));
  CHECK(p.new_state.credit_balance == dollars("0.30"));
  policy no_top_up;
  no_top_up.top_up_to_minimum = false;
  CHECK(preview(s, change_to("pro", pm::prorated_immediately), mid_april, no_tax, no_top_up)
            .summary.settlement_amount == dollars("0.20"));
}

TEST_CASE("tax: exclusive adds per line, inclusive is contained; lines add up") {
  const tax_rate vat = tax_rate::parse("0.18");
  const auto ex = preview(subscription_on("basic"), change_to("pro", pm::difference_immediately),
                          mid_april, vat);
  CHECK(ex.summary.subtotal == dollars("50.00"));
  CHECK(ex.summary.tax == dollars("9.00"));
  CHECK(ex.summary.settlement_amount == dollars("59.00"));
  CHECK(ex.line_items[1].full_tax == dollars("14.40"));  // 18 % of 80.00, un-prorated

  catalog cat = guide_catalog();
  for (product& p : cat.products) p.tax_inclusive = true;
  auto s = subscription_on("basic");
  s.tax_inclusive = true;
  const auto in = preview_plan_change(s, cat, change_to("pro", pm::difference_immediately),
                                      mid_april, vat, dodo_documented());
  // 80.00 contains 12.20 of tax (80 / 1.18 = 67.80), 30.00 contains 4.58 (25.42 net)
  CHECK(in.line_items[1].net == dollars("67.80"));
  CHECK(in.line_items[1].tax == dollars("12.20"));
  CHECK(in.line_items[0].tax == dollars("-4.58"));
  CHECK(in.summary.settlement_amount == dollars("50.00"));
  CHECK(in.summary.subtotal + in.summary.tax == in.summary.total);
}

TEST_CASE("discounts: kept only when preserved, replaced by codes, applied in order") {
  auto s = subscription_on("basic");
  discount kept = percentage_discount("LOYAL", 5000);
  kept.preserve_on_plan_change = true;
  discount dropped = percentage_discount("PROMO", 5000);
  s.discounts = {kept, dropped};
  // old plan: 30 x 50% x 50% = 7.50 paid; new plan keeps LOYAL only: 80 x 50% = 40
  const auto p = preview(s, change_to("pro", pm::difference_immediately));
  CHECK(p.summary.settlement_amount == dollars("32.50"));
  REQUIRE(p.new_state.discounts.size() == 1);
  CHECK(p.new_state.discounts[0].code == "LOYAL");

  auto r = change_to("pro", pm::difference_immediately);
  r.discount_codes = std::vector<std::string>{"TEN", "FIVEOFF"};  // 80 - 10% = 72, - 5 = 67
  CHECK(preview(s, r).summary.settlement_amount == dollars("59.50"));
  r.discount_codes = std::vector<std::string>{};
  CHECK(preview(s, r).summary.settlement_amount == dollars("72.50"));
  r.discount_codes = std::vector<std::string>{"NOPE"};
  CHECK_THROWS_WITH_AS((void)preview(s, r), doctest::Contains("INVALID_DISCOUNT_CODE"), refusal);
}

TEST_CASE("discounts before or after proration (policy)") {
  auto s = subscription_on("basic");
  auto r = change_to("pro", pm::prorated_immediately);
  r.discount_codes = std::vector<std::string>{"FIVEOFF"};  // $5 flat
  const auto before = preview(s, r);
  policy after_pol;
  after_pol.discounts = discount_timing::after_proration;
  const auto after = preview(s, r, mid_april, no_tax, after_pol);
  CHECK(before.summary.settlement_amount == dollars("22.50"));  // (80-5)/2 - 15
  CHECK(after.summary.settlement_amount == dollars("20.00"));   // 80/2 - 5 - 15
}

TEST_CASE("trials: a change ends the trial; only a paid trial earns credit") {
  auto s = subscription_on("basic");
  s.in_trial = true;
  const auto unpaid = preview(s, change_to("pro", pm::prorated_immediately));
  CHECK(unpaid.summary.settlement_amount == dollars("80.00"));
  CHECK_FALSE(unpaid.new_state.in_trial);
  CHECK(unpaid.new_state.previous_billing_date == mid_april);
  CHECK(unpaid.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));

  s.trial_amount = dollars("10.00");  // paid trial, per unit
  const auto paid = preview(s, change_to("pro", pm::prorated_immediately));
  CHECK(paid.summary.settlement_amount == dollars("75.00"));  // 80 - 10 x 15/30
  const auto paid_diff = preview(s, change_to("pro", pm::difference_immediately));
  CHECK(paid_diff.summary.settlement_amount == dollars("70.00"));
  const auto paid_full = preview(s, change_to("pro", pm::full_immediately));
  CHECK(paid_full.summary.settlement_amount == dollars("80.00"));
}

TEST_CASE("a change to a yearly plan starts the yearly schedule at the next boundary") {
  const auto p = preview(subscription_on("basic"), change_to("pro_yearly", pm::do_not_bill));
  CHECK(p.new_state.interval == billing_interval(interval_unit::year, 1));
  CHECK(p.new_state.billing_anchor == at("2026-05-01T00:00:00Z"));
}

TEST_CASE("cycle reset knobs for prorated and difference") {
  policy reset;
  reset.reset_cycle_on_prorated = true;
  reset.reset_cycle_on_difference = true;
  const auto p = preview(subscription_on("basic"), change_to("pro", pm::prorated_immediately),
                         mid_april, no_tax, reset);
  CHECK(p.summary.settlement_amount == dollars("65.00"));  // 80 - 30 x 15/30
  CHECK(p.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));
  const auto d = preview(subscription_on("basic"), change_to("pro", pm::difference_immediately),
                         mid_april, no_tax, reset);
  CHECK(d.summary.settlement_amount == dollars("50.00"));
  CHECK(d.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));
}

TEST_CASE("refusals carry Dodo's error codes") {
  const auto code_of = [](const subscription_state& s, const change_request& r) {
    try {
      (void)preview(s, r);
    } catch (const refusal& e) {
      return e.code();
    }
    return std::string("none");
  };
  const auto up = change_to("pro", pm::prorated_immediately);
  for (auto status : {subscription_status::on_hold, subscription_status::paused,
                      subscription_status::cancelled, subscription_status::pending}) {
    auto s = subscription_on("basic");
    s.status = status;
    CHECK(code_of(s, up) == "INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED");
  }
  auto on_demand = subscription_on("basic");
  on_demand.on_demand = true;
  CHECK(code_of(on_demand, up) == "ON_DEMAND_PLAN_CHANGE_NOT_SUPPORTED");
  auto cancelling = subscription_on("basic");
  cancelling.cancel_at_next_billing_date = true;
  CHECK(code_of(cancelling, up) == "PLAN_CHANGE_NOT_ALLOWED_FOR_SCHEDULED_CANCELLATION");
  CHECK(code_of(subscription_on("basic"), change_to("pro_eur", pm::prorated_immediately)) ==
        "UNSUPPORTED_BILLING_CURRENCY");
  CHECK(code_of(subscription_on("basic"), change_to("nope", pm::prorated_immediately)) ==
        "NOT_FOUND");
  auto zero = up;
  zero.quantity = 0;
  CHECK(code_of(subscription_on("basic"), zero) == "INVALID_REQUEST_PARAMETERS");
  auto unknown_addon = up;
  unknown_addon.addons = std::vector<addon_line>{{"ghost", 1}};
  CHECK(code_of(subscription_on("basic"), unknown_addon) == "MISSING_ADDON_IDS");
  auto twice = up;
  twice.addons = std::vector<addon_line>{{"seat", 1}, {"seat", 2}};
  CHECK(code_of(subscription_on("basic"), twice) == "DUPLICATE_ADDON_IDS_IN_REQUEST");
  auto scheduled = change_to("starter", pm::prorated_immediately);
  scheduled.effective_at = effective_timing::next_billing_date;
  CHECK(code_of(subscription_on("pro"), scheduled) ==
        "INVALID_PRORATION_MODE_WITH_NEXT_BILLING_DATE");
  auto kwd = subscription_on("basic");
  kwd.currency = currency::from_code("KWD");
  kwd.credit_balance = money::zero(kwd.currency);
  CHECK(code_of(kwd, up) == "UNSUPPORTED_CURRENCY");
}

TEST_CASE("an instant outside the current period is an error") {
  CHECK_THROWS_AS((void)preview(subscription_on("basic"), change_to("pro", pm::full_immediately),
                                at("2026-05-02T00:00:00Z")),
                  invalid_argument);
}

TEST_CASE("meters: usage so far is billed at an immediate change and restarts at zero") {
  auto s = subscription_on("basic");
  // O4's meter: $0.50 per unit, 100 free, 250 used -> $75.00
  s.meters = {{"mtr_api", "API calls", 100, parse_decimal("50"), parse_decimal("250")}};
  const auto p = preview(s, change_to("pro", pm::prorated_immediately));
  REQUIRE(p.line_items.size() == 3);
  const line_item& m = p.line_items[2];
  CHECK(m.kind == line_kind::meter);
  CHECK(m.id == "mtr_api");
  CHECK(m.amount == dollars("75.00"));
  CHECK(m.chargeable_units == parse_decimal("150"));
  CHECK(m.free_threshold == 100);
  CHECK(p.summary.settlement_amount == dollars("100.00"));  // $25 plan change + $75 usage
  CHECK(p.new_state.meters[0].units_consumed == parse_decimal("0"));
  // do_not_bill and a scheduled change leave usage for the renewal
  const auto later = preview(s, change_to("pro", pm::do_not_bill));
  CHECK(later.line_items.empty());
  CHECK(later.new_state.meters[0].units_consumed == parse_decimal("250"));
  policy keep;
  keep.bill_usage_at_change = false;
  CHECK(preview(s, change_to("pro", pm::prorated_immediately), mid_april, no_tax, keep)
            .line_items.size() == 2);
}

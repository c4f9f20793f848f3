// Cycle reset as features/subscription.mdx documents it (reset_prorated_charge
// and the dodo_subscriptions_page preset), an immediate change to another
// billing interval (the cycle restarts; pinned by a property: nothing paid
// twice, no paid time lost beyond the mode's credit rule), and the old
// plan's credit from what it was last charged (old_plan_credit).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "billing/billing_fixture.hpp"
#include "support/property.hpp"

using namespace prorata_test;
using prorata_test::check_property;
using pm = proration_mode;

namespace {

plan_change_preview preview(const subscription_state& s, const change_request& r, const policy& pol,
                            const catalog& cat = guide_catalog()) {
  return preview_plan_change(s, cat, r, mid_april, no_tax, pol);
}

const billing_interval yearly{interval_unit::year, 1};

}  // namespace

// features/subscription.mdx @07ef303, "Example: Prorated upgrade calculation":
// Basic $30 -> Pro $80 on day 16 of a 30-day cycle: 80x15/30 - 30x15/30 =
// $25.00 now, next renewal 30 days after the change at $80.00 (2026-04-16 +
// 1 month = 2026-05-16, 30 days here).
TEST_CASE("the subscriptions page: $25.00 now and the cycle restarts at the change") {
  const policy page = dodo_subscriptions_page();
  subscription_state s = subscription_on("basic");
  const auto p = preview(s, change_to("pro", pm::prorated_immediately), page);
  CHECK(p.summary.settlement_amount == dollars("25.00"));
  REQUIRE(p.line_items.size() == 2);
  CHECK(p.line_items[0].amount == dollars("-15.00"));
  CHECK(p.line_items[1].amount == dollars("40.00"));
  CHECK(p.new_state.previous_billing_date == mid_april);
  CHECK(p.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));
  const renewal_result r =
      renew(p.new_state, guide_catalog(), p.new_state.next_billing_date, no_tax, page);
  CHECK(r.bill.summary.settlement_amount == dollars("80.00"));
  // the same through the allocation-free path
  const applied_plan_change a = apply_plan_change(
      s, guide_catalog(), change_to("pro", pm::prorated_immediately), mid_april, no_tax, page);
  CHECK(a.summary.settlement_amount == dollars("25.00"));
  CHECK(s.next_billing_date == at("2026-05-16T00:00:00Z"));
  // the upgrade guide (the default) keeps the date: U1, $25.00, renewal May 1
  const auto guide = preview(subscription_on("basic"), change_to("pro", pm::prorated_immediately),
                             dodo_upgrade_guide());
  CHECK(guide.summary.settlement_amount == dollars("25.00"));
  CHECK(guide.new_state.next_billing_date == at("2026-05-01T00:00:00Z"));
  // and new_cycle, the reset charge before this knob: 80 - 30 x 15/30
  policy new_cycle = page;
  new_cycle.reset_prorated_charge = reset_charge::new_cycle;
  CHECK(preview(subscription_on("basic"), change_to("pro", pm::prorated_immediately), new_cycle)
            .summary.settlement_amount == dollars("65.00"));
}

TEST_CASE("the subscriptions page preset: difference resets too, full as always") {
  const policy page = dodo_subscriptions_page();
  const auto d =
      preview(subscription_on("pro"), change_to("starter", pm::difference_immediately), page);
  CHECK(d.summary.customer_credits == dollars("60.00"));  // the page's downgrade: 80 - 20
  CHECK(d.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));
  CHECK(dodo_documented().reset_cycle_on_prorated == dodo_upgrade_guide().reset_cycle_on_prorated);
  CHECK(page.old_plan_credit == credit_source::last_charged);
}

// Basic $30/month -> Pro $800/year on day 16 of 30: before, $400 now (the
// yearly price times the monthly share) and $800 again on May 1.
TEST_CASE("a change to a yearly plan restarts the cycle: one year paid from the change") {
  const policy pol;
  const auto p =
      preview(subscription_on("basic"), change_to("pro_yearly", pm::prorated_immediately), pol);
  CHECK(p.summary.settlement_amount == dollars("785.00"));  // 800 - 30 x 15/30
  CHECK(p.new_state.previous_billing_date == mid_april);
  CHECK(p.new_state.next_billing_date == at("2027-04-16T00:00:00Z"));
  CHECK(p.new_state.interval == yearly);
  const renewal_result r =
      renew(p.new_state, guide_catalog(), p.new_state.next_billing_date, no_tax, pol);
  CHECK(r.bill.billed.start == at("2027-04-16T00:00:00Z"));
  CHECK(r.bill.billed.end == at("2028-04-16T00:00:00Z"));
  // the page's old_period_remainder does not apply: 800 x 15/30 buys no year
  CHECK(preview(subscription_on("basic"), change_to("pro_yearly", pm::prorated_immediately),
                dodo_subscriptions_page())
            .summary.settlement_amount == dollars("785.00"));
  CHECK(preview(subscription_on("basic"), change_to("pro_yearly", pm::difference_immediately), pol)
            .summary.settlement_amount == dollars("770.00"));
  CHECK(preview(subscription_on("basic"), change_to("pro_yearly", pm::full_immediately), pol)
            .summary.settlement_amount == dollars("800.00"));
  // do_not_bill: nothing now, the yearly schedule from the next billing date
  const auto n = preview(subscription_on("basic"), change_to("pro_yearly", pm::do_not_bill), pol);
  CHECK(n.summary.settlement_amount == dollars("0"));
  CHECK(n.new_state.next_billing_date == at("2026-05-01T00:00:00Z"));
  CHECK(n.new_state.billing_anchor == at("2026-05-01T00:00:00Z"));
}

TEST_CASE("a change from yearly to monthly credits the unused year and restarts monthly") {
  subscription_state s = subscription_on("pro_yearly");
  s.interval = yearly;
  s.previous_billing_date = s.billing_anchor = at("2026-01-01T00:00:00Z");
  s.next_billing_date = at("2027-01-01T00:00:00Z");
  const auto p = preview(s, change_to("pro", pm::prorated_immediately), policy{});
  // 2026-04-16 leaves 260 of 365 days: 800 x 260/365 = 569.863 -> 569.86 credited
  CHECK(p.line_items[0].amount == dollars("-569.86"));
  CHECK(p.line_items[1].amount == dollars("80.00"));
  CHECK(p.summary.customer_credits == dollars("489.86"));
  CHECK(p.new_state.next_billing_date == at("2026-05-16T00:00:00Z"));
}

TEST_CASE("property: a change between billing intervals pays each instant once") {
  check_property(
      "contiguous paid periods, the new plan in full, the old credited as the mode says", [] {
        catalog cat = guide_catalog();
        product quarterly{"team_quarterly", "Team quarterly", dollars("250")};
        quarterly.interval = billing_interval(interval_unit::month, 3);
        cat.products.push_back(quarterly);
        const std::string from = *rc::gen::element<std::string>("starter", "basic", "pro", "team",
                                                                "pro_yearly", "team_quarterly");
        subscription_state s = subscription_on(from);
        s.interval = cat.find_product(from).interval;
        s.previous_billing_date = s.billing_anchor = at("2026-01-31T00:00:00Z");
        s.next_billing_date = schedule{s.billing_anchor, s.interval}.boundary(1);
        s.quantity = *rc::gen::inRange<std::int64_t>(1, 5);
        if (*rc::gen::arbitrary<bool>()) s.addons = {{"seat", *rc::gen::inRange(1, 4)}};
        s.tax_inclusive = *rc::gen::arbitrary<bool>();
        s.credit_balance = money::from_minor(*rc::gen::inRange<std::int64_t>(0, 50'000), usd);
        std::vector<std::string> targets;
        for (const product& p : cat.products) {
          if (p.price.currency() == usd && !(p.interval == s.interval)) {
            targets.push_back(p.product_id);
          }
        }
        change_request req =
            change_to(*rc::gen::elementOf(targets),
                      *rc::gen::element(pm::prorated_immediately, pm::difference_immediately,
                                        pm::full_immediately, pm::do_not_bill));
        req.addons = std::vector<addon_line>{};
        const product& target = cat.find_product(req.product_id);
        policy pol;
        pol.rounding = all_rounding_modes[*rc::gen::inRange<std::size_t>(0, 7)];
        pol.basis = *rc::gen::arbitrary<bool>() ? time_basis::seconds : time_basis::days;
        pol.reset_cycle_on_prorated = *rc::gen::arbitrary<bool>();
        pol.reset_cycle_on_difference = *rc::gen::arbitrary<bool>();
        pol.reset_prorated_charge =
            *rc::gen::element(reset_charge::new_cycle, reset_charge::old_period_remainder);
        const std::int64_t length = (s.next_billing_date - s.previous_billing_date).count();
        const instant now = s.previous_billing_date +
                            std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, length)};
        const tax_rate rate = *rc::gen::element(tax_rate{}, tax_rate::parse("0.2"));

        const plan_change_preview p = preview_plan_change(s, cat, req, now, rate, pol);
        const subscription_state& next = p.new_state;
        RC_ASSERT(next.interval == target.interval);
        const std::size_t old_lines = 1 + s.addons.size();
        if (req.mode == pm::do_not_bill) {
          // the old plan stays paid to its end; the new one starts there
          RC_ASSERT(p.line_items.empty());
          RC_ASSERT(next.previous_billing_date == s.previous_billing_date);
          RC_ASSERT(next.next_billing_date == s.next_billing_date);
          const renewal_result r = renew(next, cat, next.next_billing_date, rate, pol);
          RC_ASSERT(r.bill.billed.start == s.next_billing_date);
          RC_ASSERT(r.bill.billed.end ==
                    schedule(s.next_billing_date, target.interval).boundary(1));
          return;
        }
        // The old plan is paid up to the change (less the mode's credit), the new
        // one for exactly one of its periods from the change, and the next
        // renewal starts where that period ends.
        const schedule fresh{now, target.interval};
        RC_ASSERT(next.previous_billing_date == now);
        RC_ASSERT(next.next_billing_date == fresh.boundary(1));
        RC_ASSERT(next.billing_anchor == now);
        const ratio f = remaining_share(s.current_period(), now, pol.share());
        const std::size_t credited = req.mode == pm::full_immediately ? 0 : old_lines;
        RC_ASSERT(p.line_items.size() == credited + 1);
        for (std::size_t i = 0; i < credited; ++i) {
          const ratio& factor = p.line_items[i].proration_factor;
          const ratio expected = req.mode == pm::prorated_immediately ? f : ratio::one();
          RC_ASSERT(factor == ratio(-expected.num(), expected.den()));
        }
        const line_item& charged = p.line_items[credited];
        RC_ASSERT(charged.proration_factor == ratio::one());
        RC_ASSERT(charged.amount == target.price);  // listed: the full price
        const renewal_result r = renew(next, cat, next.next_billing_date, rate, pol);
        RC_ASSERT(r.bill.billed.start == fresh.boundary(1));
        RC_ASSERT(r.bill.billed.end == fresh.boundary(2));
      });
}

// features/localized-pricing.mdx @2aef2bd ("How It Applies on Subscription
// Plan Changes": the old plan's credit comes from its previously charged
// amount) and CL v1.113.6 give no numbers. Worked by hand: the customer
// subscribed to Basic at $30.00 (recurring_pre_tax_amount 3000); Basic now
// lists at $35.00. Prorated to Pro $80 with 15 of 30 days left: credit
// 30.00 x 15/30 = 15.00, charge 80.00 x 15/30 = 40.00, due $25.00 (the
// catalog would credit 35 x 15/30 = 17.50 and charge $22.50).
TEST_CASE("the old plan is credited from what it was last charged") {
  catalog cat = guide_catalog();
  for (product& p : cat.products) {
    if (p.product_id == "basic") p.price = dollars("35");
  }
  subscription_state s = subscription_on("basic");
  s.last_charged = dollars("30");
  policy pol;
  const auto p = preview(s, change_to("pro", pm::prorated_immediately), pol, cat);
  CHECK(p.line_items[0].amount == dollars("-15.00"));
  CHECK(p.summary.settlement_amount == dollars("25.00"));
  CHECK(p.new_state.last_charged == dollars("80.00"));  // what the next renewal charges
  pol.old_plan_credit = credit_source::catalog;
  CHECK(
      preview(s, change_to("pro", pm::prorated_immediately), pol, cat).summary.settlement_amount ==
      dollars("22.50"));
  s.last_charged.reset();  // unknown: the catalog, whatever the knob
  CHECK(preview(s, change_to("pro", pm::prorated_immediately), policy{}, cat)
            .summary.settlement_amount == dollars("22.50"));
}

// Basic $30 + 2 seats at $10 (catalog $50.00) last charged $40.00 (a
// localized price, say), with a 10 % discount on the subscription. The $40.00
// splits 30:20 -> 24.00 + 16.00 (lines still add up) and is not discounted
// again; difference_immediately to Pro $80 alone: 80 - 40 = $40.00 due.
TEST_CASE("last_charged splits across the old lines by their catalog amounts") {
  subscription_state s = subscription_on("basic");
  s.addons = {{"seat", 2}};
  s.last_charged = dollars("40");
  s.discounts = {guide_catalog().discounts[0]};
  change_request req = change_to("pro", pm::difference_immediately);
  req.addons = std::vector<addon_line>{};
  const auto p = preview(s, req, policy{});
  REQUIRE(p.line_items.size() == 3);
  CHECK(p.line_items[0].amount == dollars("-24.00"));
  CHECK(p.line_items[1].amount == dollars("-16.00"));
  CHECK(p.summary.settlement_amount == dollars("40.00"));
  // an uneven split: $10.01 over 30:20 -> 6.006, 4.004 -> 6.01 + 4.00
  s.last_charged = dollars("10.01");
  const auto q = preview(s, req, policy{});
  CHECK(q.line_items[0].amount == dollars("-6.01"));
  CHECK(q.line_items[1].amount == dollars("-4.00"));
}

TEST_CASE("last_charged on a plan whose catalog amounts are all 0 goes to the product line") {
  catalog cat = guide_catalog();
  cat.products.push_back({"free", "Free", dollars("0")});
  subscription_state s = subscription_on("free");
  s.last_charged = dollars("30");
  const auto p = preview(s, change_to("pro", pm::prorated_immediately), policy{}, cat);
  REQUIRE(p.line_items.size() == 2);
  CHECK(p.line_items[0].id == "free");
  CHECK(p.line_items[0].amount == dollars("-15.00"));
  CHECK(p.summary.settlement_amount == dollars("25.00"));
}

TEST_CASE("last_charged chains: a renewal and a do_not_bill change keep it current") {
  subscription_state s = subscription_on("basic");
  s.last_charged = dollars("30");
  const auto a = preview(s, change_to("pro", pm::do_not_bill), policy{});
  CHECK(a.new_state.last_charged == dollars("80.00"));
  subscription_state t = subscription_on("pro");
  t.discounts = {guide_catalog().discounts[0]};  // 10 % off, no cycle limit
  t.last_charged = dollars("99");
  const renewal_result r = renew(t, guide_catalog(), t.next_billing_date, no_tax, policy{});
  CHECK(r.new_state.last_charged == dollars("72.00"));  // 80 less 10 %
  subscription_state u = subscription_on("pro");
  CHECK_FALSE(renew(u, guide_catalog(), u.next_billing_date, no_tax, policy{})
                  .new_state.last_charged.has_value());  // unknown stays unknown
}

// A product price's own discount (discount_bps) and last_charged together:
// Basic $30 at 20 % off was last charged $24.00, already after that discount.
// Prorated to Pro $80 with 15 of 30 days left: credit 24.00 x 15/30 = 12.00
// (not 9.60: what was charged is not discounted again), charge 40.00, due
// $28.00; the new state's last charge is Pro's $80.00. Under the catalog
// basis the credit is the discounted list price, 30 x 0.8 x 15/30 = 12.00 too.
TEST_CASE("last_charged already includes the product price's own discount") {
  catalog cat = guide_catalog();
  for (product& p : cat.products) {
    if (p.product_id == "basic") p.discount_bps = 2000;
  }
  subscription_state s = subscription_on("basic");
  s.last_charged = dollars("24");
  const auto p = preview(s, change_to("pro", pm::prorated_immediately), policy{}, cat);
  REQUIRE(p.line_items.size() == 2);
  CHECK(p.line_items[0].amount == dollars("-12.00"));
  CHECK(p.summary.settlement_amount == dollars("28.00"));
  CHECK(p.new_state.last_charged == dollars("80.00"));
  policy by_catalog;
  by_catalog.old_plan_credit = credit_source::catalog;
  CHECK(preview(s, change_to("pro", pm::prorated_immediately), by_catalog, cat)
            .line_items[0]
            .amount == dollars("-12.00"));
  // and the new plan's own discount is in the last charge it keeps
  for (product& q : cat.products) {
    if (q.product_id == "pro") q.discount_bps = 2500;
  }
  CHECK(preview(s, change_to("pro", pm::prorated_immediately), policy{}, cat)
            .new_state.last_charged == dollars("60.00"));
}

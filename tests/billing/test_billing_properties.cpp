// RapidCheck properties of preview_plan_change and renew over generated
// catalogs, subscriptions, instants, credits, tax rates and policies.
#include <cstdint>
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

struct world {
  catalog cat;
  subscription_state sub;
  instant now;
  tax_rate rate;
  policy pol;
};

// Two products A and B with random prices, a seat addon, a 30-day period,
// a random instant inside it, random credit, tax and policy knobs.
world any_world() {
  world w;
  const auto price = [] { return *rc::gen::inRange<std::int64_t>(0, 10'000'000); };
  w.cat.products = {{"a", "A", money::from_minor(price(), usd)},
                    {"b", "B", money::from_minor(price(), usd)}};
  w.cat.addons = {{"seat", "Seat", money::from_minor(price(), usd)}};
  w.sub = subscription_on("a");
  w.sub.quantity = *rc::gen::inRange<std::int64_t>(1, 100);
  const auto seats = *rc::gen::inRange<std::int64_t>(0, 20);
  if (seats > 0) w.sub.addons = {{"seat", seats}};
  w.sub.credit_balance = money::from_minor(*rc::gen::inRange<std::int64_t>(0, 1'000'000), usd);
  const std::int64_t period = 30 * 86400;
  w.now = w.sub.previous_billing_date +
          std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, period + 1)};
  w.rate = tax_rate::parse("0." + std::to_string(*rc::gen::inRange(1000, 1300)).substr(1));
  w.pol.rounding = all_rounding_modes[*rc::gen::inRange<std::size_t>(0, 7)];
  w.pol.basis = *rc::gen::arbitrary<bool>() ? time_basis::seconds : time_basis::days;
  w.pol.credits_offset =
      *rc::gen::arbitrary<bool>() ? credit_basis::post_tax : credit_basis::pre_tax;
  w.pol.top_up_to_minimum = *rc::gen::arbitrary<bool>();
  w.pol.reset_cycle_on_prorated = *rc::gen::arbitrary<bool>();
  return w;
}

change_request any_request(const world& w, pm mode) {
  change_request r = change_to("b", mode);
  r.quantity = *rc::gen::inRange<std::int64_t>(1, 100);
  const auto seats = *rc::gen::inRange<std::int64_t>(0, 20);
  r.addons = seats > 0 ? std::vector<addon_line>{{"seat", seats}} : std::vector<addon_line>{};
  (void)w;
  return r;
}

pm any_mode() {
  return *rc::gen::element(pm::prorated_immediately, pm::difference_immediately,
                           pm::full_immediately, pm::do_not_bill);
}

money sum_of_totals(const std::vector<line_item>& lines) {
  money s = money::zero(usd);
  for (const line_item& l : lines) s += l.total;
  return s;
}

}  // namespace

TEST_CASE("property: line items add up to the summary, credits never negative") {
  check_property("settlement - customer_credits == sum of line totals", [] {
    const world w = any_world();
    const auto p =
        preview_plan_change(w.sub, w.cat, any_request(w, any_mode()), w.now, w.rate, w.pol);
    money nets = money::zero(usd);
    money taxes = money::zero(usd);
    for (const line_item& l : p.line_items) {
      nets += l.net;
      taxes += l.tax;
      RC_ASSERT(l.net + l.tax == l.total);
    }
    RC_ASSERT(nets == p.summary.subtotal);
    RC_ASSERT(taxes == p.summary.tax);
    RC_ASSERT(p.summary.settlement_amount - p.summary.customer_credits ==
              sum_of_totals(p.line_items));
    RC_ASSERT(!p.summary.settlement_amount.is_negative());
    RC_ASSERT(!p.new_state.credit_balance.is_negative());
    RC_ASSERT(p.new_state.credit_balance == w.sub.credit_balance + p.summary.customer_credits);
  });
}

TEST_CASE("property: prorated equals difference at the start and is zero at the end") {
  check_property("boundaries of the period", [] {
    world w = any_world();
    w.pol.reset_cycle_on_prorated = false;
    w.sub.credit_balance = money::zero(usd);
    const change_request pr = any_request(w, pm::prorated_immediately);
    change_request diff = pr;
    diff.mode = pm::difference_immediately;
    const auto start = w.sub.previous_billing_date;
    RC_ASSERT(
        sum_of_totals(preview_plan_change(w.sub, w.cat, pr, start, w.rate, w.pol).line_items) ==
        sum_of_totals(preview_plan_change(w.sub, w.cat, diff, start, w.rate, w.pol).line_items));
    const auto end = preview_plan_change(w.sub, w.cat, pr, w.sub.next_billing_date, w.rate, w.pol);
    RC_ASSERT(sum_of_totals(end.line_items) == money::zero(usd));
  });
}

TEST_CASE("property: the prorated charge moves monotonically with the remaining share") {
  check_property("later change, smaller upgrade charge", [] {
    world w = any_world();
    w.pol.reset_cycle_on_prorated = false;
    w.pol.rounding = rounding_mode::half_even;
    // an upgrade: B costs at least as much as A on every line
    w.cat.products[1].price = w.cat.products[0].price +
                              money::from_minor(*rc::gen::inRange<std::int64_t>(0, 1'000'000), usd);
    change_request r = change_to("b", pm::prorated_immediately);
    r.quantity = w.sub.quantity;
    r.addons = w.sub.addons;
    const auto t1 = w.sub.previous_billing_date +
                    std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, 30 * 86400)};
    const auto t2 = t1 + std::chrono::seconds{*rc::gen::inRange<std::int64_t>(
                             0, (w.sub.next_billing_date - t1).count() + 1)};
    const auto g1 =
        sum_of_totals(preview_plan_change(w.sub, w.cat, r, t1, w.rate, w.pol).line_items);
    const auto g2 =
        sum_of_totals(preview_plan_change(w.sub, w.cat, r, t2, w.rate, w.pol).line_items);
    // per-line rounding may move each of the (2 + 2 addon) lines by one unit
    RC_ASSERT(g2.minor_units() <= g1.minor_units() + 4);
    RC_ASSERT(!g1.is_negative() || g1.minor_units() >= -4);
  });
}

TEST_CASE("property: A -> B -> A at the same instant nets to zero within a unit per line") {
  check_property("round trip", [] {
    world w = any_world();
    w.pol.reset_cycle_on_prorated = false;
    w.pol.top_up_to_minimum = false;
    w.sub.credit_balance = money::zero(usd);
    change_request there = any_request(w, pm::prorated_immediately);
    const auto first = preview_plan_change(w.sub, w.cat, there, w.now, w.rate, w.pol);
    change_request back = change_to("a", pm::prorated_immediately);
    back.quantity = w.sub.quantity;
    back.addons = w.sub.addons;
    subscription_state mid = first.new_state;
    mid.credit_balance = money::zero(usd);
    const auto second = preview_plan_change(mid, w.cat, back, w.now, w.rate, w.pol);
    const money net = sum_of_totals(first.line_items) + sum_of_totals(second.line_items);
    const auto lines =
        static_cast<std::int64_t>(first.line_items.size() + second.line_items.size());
    RC_ASSERT(net.minor_units() <= lines && net.minor_units() >= -lines);
  });
}

TEST_CASE("property: do_not_bill never charges; full_immediately charges the full new plan") {
  check_property("do_not_bill", [] {
    const world w = any_world();
    const auto p =
        preview_plan_change(w.sub, w.cat, any_request(w, pm::do_not_bill), w.now, w.rate, w.pol);
    RC_ASSERT(p.summary.settlement_amount == money::zero(usd));
    RC_ASSERT(p.summary.customer_credits == money::zero(usd));
    RC_ASSERT(p.new_state.next_billing_date == w.sub.next_billing_date);
  });
  check_property("full_immediately", [] {
    world w = any_world();
    const change_request r = any_request(w, pm::full_immediately);
    const auto p = preview_plan_change(w.sub, w.cat, r, w.now, w.rate, w.pol);
    money full = w.cat.products[1].price * r.quantity;
    for (const addon_line& a : *r.addons) full += w.cat.addons[0].price * a.quantity;
    RC_ASSERT(p.summary.subtotal + p.summary.tax == sum_of_totals(p.line_items));
    money listed = money::zero(usd);
    for (const line_item& l : p.line_items) listed += l.amount;
    RC_ASSERT(listed == full);
    RC_ASSERT(p.new_state.previous_billing_date == w.now);
    RC_ASSERT(p.new_state.billing_anchor == w.now);
    RC_ASSERT(p.new_state.next_billing_date == schedule(w.now, w.sub.interval).boundary(1));
  });
}

TEST_CASE("property: identical inputs give identical output") {
  check_property("determinism", [] {
    const world w = any_world();
    const change_request r = any_request(w, any_mode());
    const auto a = preview_plan_change(w.sub, w.cat, r, w.now, w.rate, w.pol);
    const auto b = preview_plan_change(w.sub, w.cat, r, w.now, w.rate, w.pol);
    RC_ASSERT(a.line_items.size() == b.line_items.size());
    for (std::size_t i = 0; i < a.line_items.size(); ++i) {
      RC_ASSERT(a.line_items[i].total == b.line_items[i].total);
      RC_ASSERT(a.line_items[i].proration_factor == b.line_items[i].proration_factor);
    }
    RC_ASSERT(a.summary.settlement_amount == b.summary.settlement_amount);
    RC_ASSERT(a.new_state.credit_balance == b.new_state.credit_balance);
  });
}

TEST_CASE("property: renewals land on the schedule and conserve credit") {
  check_property("12 renewals", [] {
    world w = any_world();
    subscription_state s = w.sub;
    const schedule plan{s.billing_anchor, s.interval};
    for (std::int64_t n = 1; n <= 12; ++n) {
      const auto r = renew(s, w.cat, s.next_billing_date, w.rate, w.pol);
      RC_ASSERT(r.bill.billed.start == plan.boundary(n));
      RC_ASSERT(r.bill.billed.end == plan.boundary(n + 1));
      RC_ASSERT(r.bill.summary.settlement_amount + r.bill.summary.credits_used ==
                r.bill.summary.total);
      RC_ASSERT(!r.new_state.credit_balance.is_negative());
      s = r.new_state;
    }
  });
}

TEST_CASE("property: price_change gives preview_plan_change's summary") {
  check_property("same arithmetic, every rounding mode, inclusive or exclusive tax", [] {
    world w = any_world();
    w.pol.reset_cycle_on_prorated = false;
    const bool inclusive = *rc::gen::arbitrary<bool>();
    for (product& p : w.cat.products) p.tax_inclusive = inclusive;
    w.sub.tax_inclusive = inclusive;
    const change_request r = any_request(w, pm::prorated_immediately);
    const auto p = preview_plan_change(w.sub, w.cat, r, w.now, w.rate, w.pol);
    std::vector<money> old_full{w.cat.products[0].price * w.sub.quantity};
    for (const addon_line& a : w.sub.addons) old_full.push_back(w.cat.addons[0].price * a.quantity);
    std::vector<money> new_full{w.cat.products[1].price * r.quantity};
    for (const addon_line& a : *r.addons) new_full.push_back(w.cat.addons[0].price * a.quantity);
    const ratio f = remaining_share(w.sub.current_period(), w.now, w.pol.share());
    const change_amounts a = price_change(old_full, inclusive, f, new_full, inclusive, f, w.rate,
                                          w.sub.credit_balance, w.pol);
    RC_ASSERT(a.settled.subtotal == p.summary.subtotal);
    RC_ASSERT(a.settled.tax == p.summary.tax);
    RC_ASSERT(a.settled.due == p.summary.settlement_amount);
    RC_ASSERT(a.settled.customer_credits == p.summary.customer_credits);
    RC_ASSERT(a.new_balance == p.new_state.credit_balance);
  });
}

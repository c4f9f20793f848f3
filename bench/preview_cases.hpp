#pragma once
// Shared inputs for bench_preview.cpp, count_preview.cpp and
// preview_reference.py: fixed-seed plan changes, each one preview with two
// old lines, two new lines, 8.25 % exclusive tax and an existing credit, and
// the hand-written int64/__int128 version of the same arithmetic.
//
// Every case is an upgrade or downgrade under prorated_immediately in a
// 30-day period (seconds basis), with dodo_documented(): each line rounded
// half away from zero, tax per line, credit offset post-tax, a charge under
// the USD gateway minimum ($0.50) topped up to it with the excess credited.

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <prorata/billing.hpp>
#include <prorata/calendar.hpp>

#include "handwritten.hpp"

namespace prorata_bench {

/// One plan change. Old plan: product x quantity + one addon x quantity;
/// new plan: another product x quantity + another addon x quantity.
struct preview_case {
  std::int64_t old_price;  // minor units per unit and period
  std::int64_t old_qty;
  std::int64_t old_addon_price;
  std::int64_t old_addon_qty;
  std::int64_t new_price;
  std::int64_t new_qty;
  std::int64_t new_addon_price;
  std::int64_t new_addon_qty;
  std::int64_t remaining;  // seconds left in the period at the change
  std::int64_t period;     // seconds in the period
  std::int64_t balance;    // existing customer credit, minor units
};

/// What the preview settles to: sums of the signed lines, the amount due
/// now and the credit balance after the change.
struct preview_result {
  std::int64_t subtotal;
  std::int64_t tax;
  std::int64_t settlement;
  std::int64_t new_balance;
  friend bool operator==(const preview_result&, const preview_result&) = default;
};

inline constexpr std::size_t preview_case_count = 1024;
inline constexpr std::int64_t thirty_days = 30 * 86'400;
inline constexpr std::int64_t tax_num = 825;  // 0.0825
inline constexpr std::int64_t tax_den = 10'000;
inline constexpr std::int64_t usd_minimum = 50;  // policy::minimum_charge["USD"]

namespace detail {

using prorata_bench::u128;

/// round(a x b / d) half away from zero, for a, b >= 0 and d > 0: an
/// unsigned 128-bit product, one 64-bit division when it fits 64 bits.
inline std::int64_t mul_div_half_away(std::int64_t a, std::int64_t b, std::int64_t d) {
  return static_cast<std::int64_t>(
      divide_half_away(static_cast<u128>(a) * static_cast<u128>(b), static_cast<std::uint64_t>(d)));
}

}  // namespace detail

/// The hand-written baseline: exactly the engine's rules for this preview on
/// raw int64, with no validation, no overflow checks, no line items and no
/// currency. Per line: full = price x qty, amount = round(full x remaining /
/// period), tax = round(amount x 825 / 10000), both half away from zero and
/// negated for the old plan's credit lines; then the sums, the credit
/// offset on the post-tax total and the gateway-minimum top-up.
inline preview_result handwritten_preview(const preview_case& c) {
  using detail::mul_div_half_away;
  const std::int64_t full[4] = {c.old_price * c.old_qty, c.old_addon_price * c.old_addon_qty,
                                c.new_price * c.new_qty, c.new_addon_price * c.new_addon_qty};
  std::int64_t subtotal = 0;
  std::int64_t tax = 0;
  for (int i = 0; i < 4; ++i) {
    const std::int64_t amount = mul_div_half_away(full[i], c.remaining, c.period);
    const std::int64_t line_tax = mul_div_half_away(amount, tax_num, tax_den);
    if (i < 2) {  // old plan: credit lines
      subtotal -= amount;
      tax -= line_tax;
    } else {
      subtotal += amount;
      tax += line_tax;
    }
  }
  const std::int64_t total = subtotal + tax;
  std::int64_t due = 0;
  std::int64_t used = 0;
  std::int64_t added = 0;
  if (total < 0) {
    added = -total;
  } else {
    used = c.balance < total ? c.balance : total;
    due = total - used;
    if (due > 0 && due < usd_minimum) {
      added = usd_minimum - due;
      due = usd_minimum;
    }
  }
  return {subtotal, tax, due, c.balance - used + added};
}

/// Fixed-seed cases: SaaS prices, a random instant inside the period, and
/// credit balances chosen so that every settlement branch occurs (downgrade
/// credit, upgrade paid in full, upgrade partly or wholly covered by credit,
/// and a remainder under the gateway minimum that is topped up).
inline std::vector<preview_case> make_preview_cases() {
  std::mt19937_64 rng(2026);
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::vector<preview_case> cases(preview_case_count);
  for (preview_case& c : cases) {
    c.old_price = pick(99, 99'999);  // $0.99 .. $999.99
    c.old_qty = pick(1, 50);
    c.old_addon_price = pick(99, 9'999);
    c.old_addon_qty = pick(1, 20);
    c.new_price = pick(99, 99'999);
    c.new_qty = pick(1, 50);
    c.new_addon_price = pick(99, 9'999);
    c.new_addon_qty = pick(1, 20);
    c.period = thirty_days;
    c.remaining = pick(0, c.period);
    c.balance = 0;
    const std::int64_t due = handwritten_preview(c).settlement;
    switch (pick(0, 3)) {
      case 0:  // no credit
        break;
      case 1:  // some credit, any size
        c.balance = pick(1, 200'000);
        break;
      case 2:  // credit leaves less than the gateway minimum to pay
        c.balance = due > 1 ? due - pick(1, std::min<std::int64_t>(due - 1, usd_minimum - 1)) : 0;
        break;
      default:  // credit covers the whole charge
        c.balance = due + pick(0, 10'000);
        break;
    }
  }
  return cases;
}

/// Dodo-like ids, longer than std::string's 15-character inline buffer, as
/// real ids are ("pdt_" + 21 characters).
inline std::string make_id(const char* prefix, std::size_t n) {
  std::string id = prefix;
  const std::string digits = std::to_string(n);
  id.append(21 - digits.size(), '0');
  id += digits;
  return id;
}

/// prorata's inputs for the cases: one small catalog per case (the two
/// products and two addons it uses), the subscription on the old plan, the
/// change request, the instant, the tax rate and the default policy.
struct prorata_inputs {
  std::vector<prorata::catalog> catalogs;
  std::vector<prorata::subscription_state> subscriptions;
  std::vector<prorata::change_request> requests;
  std::vector<prorata::instant> nows;
  prorata::tax_rate rate = prorata::tax_rate::parse("0.0825");
  prorata::policy policy = prorata::dodo_documented();
};

inline prorata_inputs make_prorata_inputs(const std::vector<preview_case>& cases) {
  using namespace prorata;
  const currency usd = currency::from_code("USD");
  const instant start = parse_rfc3339("2026-04-01T00:00:00Z");  // to 2026-05-01: 30 days
  prorata_inputs in;
  in.catalogs.reserve(cases.size());
  in.subscriptions.reserve(cases.size());
  in.requests.reserve(cases.size());
  in.nows.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const preview_case& c = cases[i];
    const std::string old_id = make_id("pdt_", 2 * i);
    const std::string new_id = make_id("pdt_", 2 * i + 1);
    const std::string old_addon = make_id("adn_", 2 * i);
    const std::string new_addon = make_id("adn_", 2 * i + 1);
    catalog cat;
    cat.products = {{old_id, "Starter plan", money::from_minor(c.old_price, usd)},
                    {new_id, "Growth plan", money::from_minor(c.new_price, usd)}};
    cat.addons = {{old_addon, "Extra seat", money::from_minor(c.old_addon_price, usd)},
                  {new_addon, "Priority support", money::from_minor(c.new_addon_price, usd)}};
    in.catalogs.push_back(std::move(cat));

    subscription_state s;
    s.subscription_id = make_id("sub_", i);
    s.product_id = old_id;
    s.quantity = c.old_qty;
    s.addons = {{old_addon, c.old_addon_qty}};
    s.currency = usd;
    s.previous_billing_date = start;
    s.next_billing_date = start + std::chrono::seconds(c.period);
    s.billing_anchor = start;
    s.credit_balance = money::from_minor(c.balance, usd);
    in.subscriptions.push_back(std::move(s));

    change_request r;
    r.product_id = new_id;
    r.quantity = c.new_qty;
    r.addons = std::vector<addon_line>{{new_addon, c.new_addon_qty}};
    r.mode = proration_mode::prorated_immediately;
    in.requests.push_back(std::move(r));

    in.nows.push_back(start + std::chrono::seconds(c.period - c.remaining));
  }
  return in;
}

/// prorata's preview of case i, reduced to the figures the baseline computes.
inline preview_result prorata_result(const prorata_inputs& in, std::size_t i) {
  const prorata::plan_change_preview p = prorata::preview_plan_change(
      in.subscriptions[i], in.catalogs[i], in.requests[i], in.nows[i], in.rate, in.policy);
  return {p.summary.subtotal.minor_units(), p.summary.tax.minor_units(),
          p.summary.settlement_amount.minor_units(), p.new_state.credit_balance.minor_units()};
}

/// The same preview through prorata::price_change, the engine's
/// allocation-free entry point (the arithmetic preview_plan_change runs,
/// without ids, names, catalog lookups or a new subscription state):
/// remaining_share, amount x quantity, then price_change.
struct core_case {
  prorata::money price[4];  // old product, old addon, new product, new addon
  std::int64_t qty[4];
  prorata::period current;
  prorata::instant now;
  prorata::money balance;
};

inline std::vector<core_case> make_core_cases(const prorata_inputs& in,
                                              const std::vector<preview_case>& cases) {
  std::vector<core_case> out;
  out.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const preview_case& c = cases[i];
    const prorata::subscription_state& s = in.subscriptions[i];
    const prorata::currency cur = s.currency;
    out.push_back({{prorata::money::from_minor(c.old_price, cur),
                    prorata::money::from_minor(c.old_addon_price, cur),
                    prorata::money::from_minor(c.new_price, cur),
                    prorata::money::from_minor(c.new_addon_price, cur)},
                   {c.old_qty, c.old_addon_qty, c.new_qty, c.new_addon_qty},
                   s.current_period(),
                   in.nows[i],
                   s.credit_balance});
  }
  return out;
}

// Inlined into its pass loop, as the compiler inlines handwritten_preview
// into its own: the pass loops then differ only in the work per preview.
[[gnu::always_inline]] inline preview_result core_preview(const core_case& c,
                                                          const prorata::tax_rate& rate,
                                                          const prorata::policy& pol) {
  const prorata::ratio f = prorata::remaining_share(c.current, c.now);  // seconds basis
  const prorata::money old_full[] = {c.price[0] * c.qty[0], c.price[1] * c.qty[1]};
  const prorata::money new_full[] = {c.price[2] * c.qty[2], c.price[3] * c.qty[3]};
  const prorata::change_amounts a =
      prorata::price_change(old_full, false, f, new_full, false, f, rate, c.balance, pol);
  return {a.settled.subtotal.minor_units(), a.settled.tax.minor_units(),
          a.settled.due.minor_units(), a.new_balance.minor_units()};
}

}  // namespace prorata_bench

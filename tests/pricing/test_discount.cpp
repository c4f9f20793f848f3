// Discounts: basis points, flat pooled, stacking, limited cycles (pricing/discount.hpp).
#include <optional>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/error.hpp>
#include <prorata/pricing/discount.hpp>

#include "pricing/pricing_test_util.hpp"

using namespace prorata;
using pricing_test::cents;
using pricing_test::contains;
using pricing_test::thrown_message;
using pricing_test::usd;

namespace {

constexpr rounding_mode half_up = rounding_mode::half_away_from_zero;

discount percent(std::int64_t bp, std::string code = "PCT") {
  return percentage_discount(std::move(code), bp);
}
discount flat(std::int64_t minor, std::string code = "FLAT") {
  return flat_discount(std::move(code), money::from_minor(minor, usd()));
}

}  // namespace

TEST_CASE("percentage discounts are in basis points (O7)") {
  const std::vector<discount> d540{percent(540)};
  const discounted_lines a = apply_discounts(cents(10000), d540, half_up);
  CHECK(a.total_discount == cents(540));
  CHECK(a.lines == std::vector<money>{cents(9460)});
  CHECK(a.per_discount == std::vector<money>{cents(540)});

  const std::vector<discount> d1500{percent(1500)};
  CHECK(apply_discounts(cents(10000), d1500, half_up).lines[0] == cents(8500));

  const std::vector<discount> d10000{percent(10000)};
  const discounted_lines all = apply_discounts(cents(10000), d10000, half_up);
  CHECK(all.total_discount == cents(10000));
  CHECK(all.lines[0] == cents(0));

  // 49.99 x 5.4 % = 2.69946 -> 2.70; floor -> 2.69
  CHECK(apply_discounts(cents(4999), d540, half_up).total_discount == cents(270));
  CHECK(apply_discounts(cents(4999), d540, rounding_mode::floor).total_discount == cents(269));
  // tie: 0.50 x 5.4 % = 2.7 cents; 1.25 x 20 % = 25 exact; 0.25 x 10 % = 2.5
  const std::vector<discount> d1000{percent(1000)};
  CHECK(apply_discounts(cents(25), d1000, rounding_mode::half_even).total_discount == cents(2));
  CHECK(apply_discounts(cents(25), d1000, half_up).total_discount == cents(3));
  const std::vector<discount> zero{percent(0)};
  CHECK(apply_discounts(cents(25), zero, half_up).total_discount == cents(0));
}

TEST_CASE("stacked discounts apply sequentially: 10 % + 10 % is 19 %, not 20 %") {
  const std::vector<discount> two{percent(1000, "A"), percent(1000, "B")};
  const discounted_lines r = apply_discounts(cents(10000), two, half_up);
  CHECK(r.per_discount == std::vector<money>{cents(1000), cents(900)});
  CHECK(r.total_discount == cents(1900));
  CHECK(r.lines[0] == cents(8100));

  // order matters between flat and percentage
  const std::vector<discount> flat_first{flat(1000), percent(1000)};
  const std::vector<discount> pct_first{percent(1000), flat(1000)};
  CHECK(apply_discounts(cents(10000), flat_first, half_up).lines[0] == cents(8100));
  CHECK(apply_discounts(cents(10000), pct_first, half_up).lines[0] == cents(8000));
}

TEST_CASE("a flat discount is pooled across lines by largest remainder") {
  const std::vector<money> lines{cents(1000), cents(2000), cents(3000)};
  const std::vector<discount> d{flat(1000)};
  const discounted_lines r = apply_discounts(lines, d, usd(), half_up);
  // shares 166.67, 333.33, 500: the leftover cent goes to the largest remainder
  CHECK(r.lines == std::vector<money>{cents(833), cents(1667), cents(2500)});
  CHECK(r.total_discount == cents(1000));

  // a percentage over several lines is taken on the whole, then split
  const std::vector<money> three{cents(1), cents(1), cents(1)};
  const std::vector<discount> half{percent(5000)};
  const discounted_lines h = apply_discounts(three, half, usd(), half_up);
  CHECK(h.total_discount == cents(2));  // 1.5 -> 2 on the cart, not 3 x round(0.5)
  CHECK(h.lines == std::vector<money>{cents(0), cents(0), cents(1)});
}

TEST_CASE("a flat discount larger than the cart stops at zero") {
  const std::vector<money> lines{cents(500), cents(300)};
  const std::vector<discount> d{flat(10000), percent(5000)};
  const discounted_lines r = apply_discounts(lines, d, usd(), half_up);
  CHECK(r.lines == std::vector<money>{cents(0), cents(0)});
  CHECK(r.per_discount == std::vector<money>{cents(800), cents(0)});
  CHECK(r.total_discount == cents(800));
}

TEST_CASE("an inactive discount (no cycles left) takes nothing") {
  discount used_up = percent(5000, "USED");
  used_up.cycles_remaining = 0;
  CHECK_FALSE(used_up.active());
  discount limited = percent(1000, "LIMITED");
  limited.cycles_remaining = 3;
  CHECK(limited.active());
  CHECK(percent(1000).active());  // nullopt: forever

  const std::vector<discount> d{used_up, limited};
  const discounted_lines r = apply_discounts(cents(10000), d, half_up);
  CHECK(r.per_discount == std::vector<money>{cents(0), cents(1000)});
  CHECK(r.lines[0] == cents(9000));
}

TEST_CASE("no discounts and zero lines leave amounts unchanged") {
  const std::vector<money> lines{cents(100), cents(0), cents(250)};
  const discounted_lines r = apply_discounts(lines, std::span<const discount>{}, usd(), half_up);
  CHECK(r.lines == lines);
  CHECK(r.per_discount.empty());
  CHECK(r.total_discount == cents(0));

  const std::vector<money> zeros{cents(0), cents(0)};
  const std::vector<discount> d{flat(500), percent(1000)};
  const discounted_lines z = apply_discounts(zeros, d, usd(), half_up);
  CHECK(z.lines == zeros);
  CHECK(z.total_discount == cents(0));
}

TEST_CASE("discount errors name the discount and quote the value") {
  const std::vector<discount> too_much{percent(10001, "BIG")};
  const std::string m1 = thrown_message<invalid_argument>(
      [&] { (void)apply_discounts(cents(100), too_much, half_up); });
  CHECK(contains(m1, "apply_discounts"));
  CHECK(contains(m1, "\"BIG\""));
  CHECK(contains(m1, "\"10001\""));
  const std::vector<discount> negative_pct{percent(-1)};
  CHECK_THROWS_AS((void)apply_discounts(cents(100), negative_pct, half_up), invalid_argument);
  const std::vector<discount> negative_flat{flat(-5, "NEG")};
  CHECK(contains(thrown_message<invalid_argument>(
                     [&] { (void)apply_discounts(cents(100), negative_flat, half_up); }),
                 "NEG"));
  const std::vector<discount> ok{percent(1000)};
  const std::string line =
      thrown_message<invalid_argument>([&] { (void)apply_discounts(cents(-100), ok, half_up); });
  CHECK(contains(line, "apply_discounts"));
  CHECK(contains(line, "\"-1.00 USD\""));
  // an invalid discount is an error even when it has no cycles left
  discount inactive_bad = percent(20000, "OLD");
  inactive_bad.cycles_remaining = 0;
  const std::vector<discount> stale{inactive_bad};
  CHECK(contains(
      thrown_message<invalid_argument>([&] { (void)apply_discounts(cents(100), stale, half_up); }),
      "\"OLD\""));
  const std::vector<money> mixed{cents(100), money::from_minor(100, currency::from_code("EUR"))};
  CHECK_THROWS_AS((void)apply_discounts(mixed, ok, usd(), half_up), currency_mismatch);
}

TEST_CASE("apply_discounts: a flat discount deducts its option in the lines' currency") {
  discount d = flat(500);
  d.amount = 2500;  // Dodo's amount (basis points) is not the deduction
  CHECK(apply_discounts(cents(10000), std::vector<discount>{d}, half_up).total_discount ==
        cents(500));
  // no option in the currency: an error, never a guess (converting needs Dodo's rate)
  const currency eur = currency::from_code("EUR");
  const std::string message = thrown_message<invalid_argument>([&] {
    (void)apply_discounts(money::from_minor(100, eur), std::vector<discount>{d}, half_up);
  });
  CHECK(contains(message, "no currency option with a max_amount_possible in EUR"));
}

TEST_CASE("apply_discounts: a percentage is capped by its max_amount_possible, per application") {
  discount d = percent(5000);
  d.currency_options.push_back({usd(), false, 0, 1200});
  const std::vector<discount> twice{d, d};
  const discounted_lines r = apply_discounts(cents(10000), twice, half_up);
  CHECK(r.per_discount == std::vector<money>{cents(1200), cents(1200)});
  CHECK(r.lines[0] == cents(7600));
}

TEST_CASE("apply_discounts: minimum_subtotal is measured on the original lines") {
  discount needs_80 = flat(1000);
  needs_80.currency_options[0].minimum_subtotal = 8000;
  const std::vector<money> lines{cents(6000), cents(2000)};
  // after HALF only $40.00 is left; the minimum still looks at the original $80.00
  const discounted_lines r =
      apply_discounts(lines, std::vector<discount>{percent(5000), needs_80}, usd(), half_up);
  CHECK(r.per_discount == std::vector<money>{cents(4000), cents(1000)});
  const std::vector<money> short_lines{cents(6000), cents(1999)};
  const discounted_lines s =
      apply_discounts(short_lines, std::vector<discount>{needs_80}, usd(), half_up);
  CHECK(s.total_discount == cents(0));
}

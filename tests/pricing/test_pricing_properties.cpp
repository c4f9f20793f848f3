// RapidCheck properties of the pricing layer, checked against exact big_int
// references or the documented identities.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/pricing.hpp>

#include "pricing/pricing_test_util.hpp"
#include "support/property.hpp"

using namespace prorata;
using pricing_test::cents;
using pricing_test::usd;
using prorata_test::check_property;

namespace {

rounding_mode any_mode(unsigned i) { return all_rounding_modes[i % all_rounding_modes.size()]; }

// A rate from 0 to 8 with up to 6 fractional digits, through its text form.
tax_rate any_rate(std::uint32_t seed) {
  const std::int64_t coefficient = seed % 8'000'001;
  return tax_rate::parse(format_scaled(coefficient, 6));
}

// Exact n / d rounded with `mode` by a route independent of divide_rounded:
// floor by big_int division of non-negative operands, then the mode's rule.
big_int reference_round_nonnegative(const big_int& n, const big_int& d, rounding_mode mode) {
  const big_int q = n / d;
  const big_int r = n - q * d;
  if (r == 0) return q;
  const big_int twice = 2 * r;
  switch (mode) {
    case rounding_mode::floor:
    case rounding_mode::toward_zero:
      return q;
    case rounding_mode::ceiling:
    case rounding_mode::away_from_zero:
      return q + 1;
    case rounding_mode::half_away_from_zero:
      return twice >= d ? big_int(q + 1) : q;
    case rounding_mode::half_toward_zero:
      return twice > d ? big_int(q + 1) : q;
    case rounding_mode::half_even:
      return twice > d || (twice == d && q % 2 != 0) ? big_int(q + 1) : q;
  }
  return q;
}

big_int coefficient_at(const decimal& d, int scale) {
  big_int c = detail::to_big(d.coefficient);
  for (int i = d.scale; i < scale; ++i) c *= 10;
  return c;
}

}  // namespace

TEST_CASE("property: inclusive tax splits add up and net <= gross") {
  check_property("net + tax == gross, 0 <= net <= gross, net = round(gross / (1 + rate))",
                 [](std::uint32_t gross_seed, std::uint32_t high, std::uint32_t rate_seed,
                    unsigned mode_index) {
                   const std::int64_t gross =
                       (std::int64_t{high % 1'000'000} << 32) | std::int64_t{gross_seed};
                   const tax_rate rate = any_rate(rate_seed);
                   const rounding_mode mode = any_mode(mode_index);
                   const taxed_amount t = split_inclusive_tax(cents(gross), rate, mode);
                   RC_ASSERT(t.net + t.tax == cents(gross));
                   RC_ASSERT(t.gross == cents(gross));
                   RC_ASSERT(!t.net.is_negative());
                   RC_ASSERT(t.net <= t.gross);
                   RC_ASSERT(!t.tax.is_negative());
                   const big_int one = big_int(1'000'000);
                   const big_int expected = reference_round_nonnegative(
                       big_int(gross) * one, one + detail::to_big(rate.value().coefficient), mode);
                   RC_ASSERT(big_int(t.net.minor_units()) == expected);
                 });
}

TEST_CASE("property: exclusive tax is exact and monotone in the amount") {
  check_property(
      "a <= b implies tax(a) <= tax(b); gross = net + tax",
      [](std::uint32_t a_seed, std::uint32_t b_seed, std::uint32_t rate_seed, unsigned mode_index) {
        std::int64_t a = a_seed;
        std::int64_t b = b_seed;
        if (a > b) std::swap(a, b);
        const tax_rate rate = any_rate(rate_seed);
        const rounding_mode mode = any_mode(mode_index);
        const taxed_amount ta = add_tax(cents(a), rate, mode);
        const taxed_amount tb = add_tax(cents(b), rate, mode);
        RC_ASSERT(ta.tax <= tb.tax);
        RC_ASSERT(ta.gross <= tb.gross);
        RC_ASSERT(ta.net + ta.tax == ta.gross);
        RC_ASSERT(big_int(ta.tax.minor_units()) ==
                  reference_round_nonnegative(big_int(a) * detail::to_big(rate.value().coefficient),
                                              big_int(1'000'000), mode));
      });
}

TEST_CASE("property: discounts never make a line negative and add up") {
  check_property("lines >= 0, sum(per_discount) == total, sum(lines) == sum(original) - total",
                 [](std::vector<std::uint32_t> raw_lines, std::vector<std::uint32_t> raw_discounts,
                    unsigned mode_index) {
                   RC_PRE(!raw_lines.empty());
                   const rounding_mode mode = any_mode(mode_index);
                   std::vector<money> lines;
                   big_int original = 0;
                   for (const std::uint32_t v : raw_lines) {
                     lines.push_back(cents(v % 1'000'000));
                     original += v % 1'000'000;
                   }
                   std::vector<discount> discounts;
                   for (const std::uint32_t v : raw_discounts) {
                     const std::string code = "D" + std::to_string(discounts.size());
                     discount d = (v & 1) ? flat_discount(code, cents((v >> 2) % 3'000'000))
                                          : percentage_discount(code, (v >> 2) % 10'001);
                     if ((v & 2) != 0) d.cycles_remaining = std::int64_t{(v >> 24) % 3};
                     discounts.push_back(d);
                   }
                   const discounted_lines r = apply_discounts(lines, discounts, usd(), mode);
                   RC_ASSERT(r.lines.size() == lines.size());
                   RC_ASSERT(r.per_discount.size() == discounts.size());
                   big_int after = 0;
                   for (std::size_t i = 0; i < lines.size(); ++i) {
                     RC_ASSERT(!r.lines[i].is_negative());
                     RC_ASSERT(r.lines[i] <= lines[i]);
                     after += r.lines[i].minor_units();
                   }
                   money taken = money::zero(usd());
                   for (std::size_t k = 0; k < discounts.size(); ++k) {
                     RC_ASSERT(!r.per_discount[k].is_negative());
                     if (!discounts[k].active()) RC_ASSERT(r.per_discount[k].is_zero());
                     taken += r.per_discount[k];
                   }
                   RC_ASSERT(taken == r.total_discount);
                   RC_ASSERT(after == original - r.total_discount.minor_units());
                 });
}

TEST_CASE("property: cart totals add up") {
  check_property(
      "sum of lines == cart fields; total == subtotal - discount + exclusive tax",
      [](std::vector<std::uint32_t> raw_items, std::vector<std::uint32_t> raw_discounts,
         std::uint32_t rate_seed, unsigned mode_index) {
        RC_PRE(!raw_items.empty());
        const rounding_mode mode = any_mode(mode_index);
        std::vector<cart_item> items;
        for (const std::uint32_t v : raw_items) {
          items.push_back(cart_item{"p" + std::to_string(items.size()), cents(v % 100'000),
                                    1 + std::int64_t{(v >> 17) % 50}, (v & 1) != 0});
        }
        std::vector<discount> discounts;
        for (const std::uint32_t v : raw_discounts) {
          discounts.push_back((v & 1) ? flat_discount("D", cents((v >> 1) % 500'000))
                                      : percentage_discount("D", std::int64_t{(v >> 1) % 10'001}));
        }
        const cart_charge c = price_cart(items, discounts, any_rate(rate_seed), mode);
        RC_ASSERT(pricing_test::cart_inconsistency(c, items) == "");
      });
}

TEST_CASE("property: meter subtotal is exact, monotone in usage, zero at or below the threshold") {
  check_property(
      "meter_charge against big_int; u1 <= u2 implies subtotal(u1) <= subtotal(u2)",
      [](std::uint32_t u1_seed, std::uint32_t u2_seed, std::uint32_t threshold_seed,
         std::uint32_t price_seed, unsigned scale_seed, unsigned mode_index) {
        const rounding_mode mode = any_mode(mode_index);
        const int usage_scale = static_cast<int>(scale_seed % 4);
        const int price_scale = static_cast<int>((scale_seed / 4) % 13);
        std::int64_t u1 = u1_seed;
        std::int64_t u2 = u2_seed;
        if (u1 > u2) std::swap(u1, u2);
        const decimal usage1{u1, usage_scale};
        const decimal usage2{u2, usage_scale};
        const std::int64_t threshold = threshold_seed % 100'000;
        const decimal price{price_seed % 100'000, price_scale};
        const meter_charge_result r1 = meter_charge(usage1, threshold, price, usd(), mode);
        const meter_charge_result r2 = meter_charge(usage2, threshold, price, usd(), mode);
        RC_ASSERT(r1.subtotal <= r2.subtotal);
        RC_ASSERT(!r1.subtotal.is_negative());
        if (usage1 <= decimal{threshold, 0}) {
          RC_ASSERT(r1.subtotal.is_zero());
          RC_ASSERT((r1.chargeable_units == decimal{0, 0}));
        }
        // reference: max(u - t, 0) x p exactly, rounded once
        big_int chargeable = big_int(u1) - coefficient_at(decimal{threshold, 0}, usage_scale);
        if (chargeable < 0) chargeable = 0;
        RC_ASSERT(coefficient_at(r1.chargeable_units, usage_scale) == chargeable);
        RC_ASSERT(r1.chargeable_units.scale == usage_scale);
        big_int scale = 1;
        for (int i = 0; i < usage_scale + price_scale; ++i) scale *= 10;
        RC_ASSERT(big_int(r1.subtotal.minor_units()) ==
                  reference_round_nonnegative(chargeable * (price_seed % 100'000), scale, mode));
      });
}

TEST_CASE("property: credit rollover parts add up") {
  check_property(
      "carried + forfeited == unused, 0 <= carried <= unused, carried within a unit of exact",
      [](std::uint64_t unused_seed, unsigned unused_scale_seed, std::uint32_t bp_seed,
         unsigned scale_seed, unsigned mode_index) {
        const decimal unused{static_cast<std::int64_t>(unused_seed >> 1),
                             static_cast<int>(unused_scale_seed % 7)};
        const std::int64_t bp = bp_seed % 10'001;
        const int scale = static_cast<int>(scale_seed % 7);
        const rounding_mode mode = any_mode(mode_index);
        const rollover_result r = rollover_credits(unused, bp, mode, scale);
        RC_ASSERT(r.carried.scale == scale);
        RC_ASSERT(r.carried.coefficient >= 0);
        RC_ASSERT(r.forfeited.coefficient >= 0);
        RC_ASSERT(r.carried <= unused);
        const int common = 6;
        RC_ASSERT(coefficient_at(r.carried, common) + coefficient_at(r.forfeited, common) ==
                  coefficient_at(unused, common));
        // |carried - unused x bp / 10000| < 10^-scale, i.e. in units of 10^-common x 10000
        const big_int exact = coefficient_at(unused, common) * bp;  // x 10^-common / 10000
        const big_int carried = coefficient_at(r.carried, common) * 10000;
        big_int unit = 10000;
        for (int i = scale; i < common; ++i) unit *= 10;
        RC_ASSERT(abs(carried - exact) < unit);
      });
}

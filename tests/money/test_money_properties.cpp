// RapidCheck properties of the money layer, each against an independent
// exact reference (big_int or the definition itself).
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/money/allocate.hpp>
#include <prorata/money/io.hpp>
#include <prorata/money/money.hpp>

#include "support/property.hpp"

using namespace prorata;
using prorata_test::check_property;

namespace {

// Reference rounding with no division: pick k = floor(n/d) by search on
// exact products, then decide from 2n - (2k+1)d, the sign of (n/d - k - 1/2).
big_int reference_round(const big_int& n, const big_int& d, rounding_mode mode) {
  const big_int num = d < 0 ? big_int(-n) : n;
  const big_int den = d < 0 ? big_int(-d) : d;
  big_int lo = -(abs(num) + 1);  // floor lies in [lo, hi]
  big_int hi = abs(num) + 1;
  while (hi - lo > 1) {  // invariant: lo * den <= num < hi * den
    const big_int mid = (lo + hi) / 2;
    if (mid * den <= num)
      lo = mid;
    else
      hi = mid;
  }
  const big_int k = lo;
  if (k * den == num) return k;
  const big_int diff = 2 * num - (2 * k + 1) * den;  // < 0: below half, 0: tie, > 0: above
  const bool negative = num < 0;  // the exact quotient is in (k, k+1), so its sign is k's side
  switch (mode) {
    case rounding_mode::floor:
      return k;
    case rounding_mode::ceiling:
      return k + 1;
    case rounding_mode::toward_zero:
      return negative ? big_int(k + 1) : k;
    case rounding_mode::away_from_zero:
      return negative ? k : big_int(k + 1);
    case rounding_mode::half_away_from_zero:
      return diff == 0 ? (negative ? k : big_int(k + 1)) : (diff < 0 ? k : big_int(k + 1));
    case rounding_mode::half_toward_zero:
      return diff == 0 ? (negative ? big_int(k + 1) : k) : (diff < 0 ? k : big_int(k + 1));
    case rounding_mode::half_even:
      return diff == 0 ? (k % 2 == 0 ? k : big_int(k + 1)) : (diff < 0 ? k : big_int(k + 1));
  }
  return k;
}

rounding_mode any_mode(int i) { return all_rounding_modes[static_cast<std::size_t>(i) % 7]; }

const currency usd = currency::from_code("USD");

}  // namespace

TEST_CASE("property: divide_rounded agrees with an exact reference in every mode") {
  check_property("int64", [](std::int64_t n, std::int64_t d, unsigned mode_index) {
    RC_PRE(d != 0);
    RC_PRE(!(n == INT64_MIN && d == -1));
    const rounding_mode mode = any_mode(static_cast<int>(mode_index % 7));
    RC_ASSERT(big_int(divide_rounded(n, d, mode)) == reference_round(n, d, mode));
  });
  check_property("small int64 (many ties)", [](int n, int d, unsigned mode_index) {
    RC_PRE(d != 0);
    const rounding_mode mode = any_mode(static_cast<int>(mode_index % 7));
    const auto q =
        divide_rounded(std::int64_t{n % 200}, std::int64_t{d % 20 == 0 ? 2 : d % 20}, mode);
    RC_ASSERT(big_int(q) == reference_round(n % 200, d % 20 == 0 ? 2 : d % 20, mode));
  });
  check_property("int128 and big_int",
                 [](std::int64_t a, std::int64_t b, std::int64_t d, unsigned mode_index) {
                   RC_PRE(d != 0);
                   const rounding_mode mode = any_mode(static_cast<int>(mode_index % 7));
                   const int128 n = int128(a) * b;
                   const big_int expected = reference_round(big_int(a) * b, big_int(d), mode);
                   RC_ASSERT(detail::to_big(divide_rounded(n, int128(d), mode)) == expected);
                   RC_ASSERT(divide_rounded(big_int(a) * b, big_int(d), mode) == expected);
                 });
}

TEST_CASE("property: floor <= toward_zero and the half modes <= ceiling") {
  check_property("ordering of modes", [](std::int64_t n, std::int64_t d) {
    RC_PRE(d != 0);
    RC_PRE(!(n == INT64_MIN && d == -1));
    const auto lo = divide_rounded(n, d, rounding_mode::floor);
    const auto hi = divide_rounded(n, d, rounding_mode::ceiling);
    RC_ASSERT(hi - lo <= 1);
    for (const rounding_mode m : all_rounding_modes) {
      const auto q = divide_rounded(n, d, m);
      RC_ASSERT(lo <= q);
      RC_ASSERT(q <= hi);
    }
  });
}

TEST_CASE("property: decimal strings round-trip") {
  check_property("format(parse(s)) == s and parse(format(x)) == x",
                 [](std::int64_t coefficient, unsigned scale_seed) {
                   const int scale = static_cast<int>(scale_seed % 19);
                   const std::string text = format_scaled(coefficient, scale);
                   const decimal d = parse_decimal(text);
                   RC_ASSERT(d.coefficient == int128(coefficient));
                   RC_ASSERT(d.scale == scale);
                   RC_ASSERT(to_string(d) == text);
                   RC_ASSERT(parse_scaled(text, scale) == coefficient);
                 });
  check_property("money to_string / parse_money", [](std::int64_t units, unsigned which) {
    static const char* codes[] = {"USD", "JPY", "KWD", "CLF"};
    const currency c = currency::from_code(codes[which % 4]);
    const money m = money::from_minor(units, c);
    RC_ASSERT(parse_money(to_string(m)) == m);
  });
}

TEST_CASE("property: allocation sums to the whole, each part within one unit") {
  check_property("largest remainder", [](std::int64_t total, std::vector<std::uint32_t> raw) {
    RC_PRE(!raw.empty());
    std::vector<std::int64_t> weights(raw.begin(), raw.end());
    big_int sum_w = 0;
    for (auto w : weights) sum_w += w;
    RC_PRE(sum_w > 0);
    const auto parts = allocate(money::from_minor(total, usd), weights);
    RC_ASSERT(parts.size() == weights.size());
    big_int sum = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const big_int part = parts[i].minor_units();
      sum += part;
      // |part * sum_w - total * w| < sum_w  <=>  within one unit of the exact share
      const big_int error = part * sum_w - big_int(total) * weights[i];
      RC_ASSERT(abs(error) < sum_w);
      if (weights[i] == 0) RC_ASSERT(part == 0);
    }
    RC_ASSERT(sum == big_int(total));
  });
}

TEST_CASE("property: money arithmetic is exact against big_int") {
  check_property("+, -, * either exact or overflow_error", [](std::int64_t a, std::int64_t b) {
    const money x = money::from_minor(a, usd);
    const money y = money::from_minor(b, usd);
    const auto exact_or_throw = [](auto op, const big_int& expected) {
      const bool fits = expected >= INT64_MIN && expected <= INT64_MAX;
      try {
        const money r = op();
        RC_ASSERT(fits);
        RC_ASSERT(big_int(r.minor_units()) == expected);
      } catch (const overflow_error&) {
        RC_ASSERT(!fits);
      }
    };
    exact_or_throw([&] { return x + y; }, big_int(a) + b);
    exact_or_throw([&] { return x - y; }, big_int(a) - b);
    exact_or_throw([&] { return x * b; }, big_int(a) * b);
  });
  check_property(
      "multiply(amount, quantity, share) is exact or overflow_error",
      [](std::int64_t a, std::int64_t q, std::int64_t num, std::int64_t den, unsigned mode_index) {
        RC_PRE(den > 0);
        const rounding_mode mode = any_mode(static_cast<int>(mode_index % 7));
        const big_int expected = reference_round(big_int(a) * q * num, big_int(den), mode);
        const bool fits = expected >= INT64_MIN && expected <= INT64_MAX;
        try {
          const money r = multiply(money::from_minor(a, usd), q, ratio(num, den), mode);
          RC_ASSERT(fits);
          RC_ASSERT(big_int(r.minor_units()) == expected);
        } catch (const overflow_error&) {
          RC_ASSERT(!fits);
        }
      });
  check_property("realistic proration lines are exact", [](unsigned price_seed, unsigned qty_seed,
                                                           unsigned period_seed,
                                                           unsigned remaining_seed,
                                                           unsigned mode_index) {
    const std::int64_t price = price_seed % 1'000'000'000'000;  // < 1e12
    const std::int64_t qty = 1 + qty_seed % 1'000'000;
    const std::int64_t period = 1 + period_seed % 31'622'400;
    const std::int64_t remaining = remaining_seed % (period + 1);
    const rounding_mode mode = any_mode(static_cast<int>(mode_index % 7));
    const money r = multiply(money::from_minor(price, usd), qty, ratio(remaining, period), mode);
    RC_ASSERT(big_int(r.minor_units()) ==
              reference_round(big_int(price) * qty * remaining, big_int(period), mode));
  });
}

// exchange_rates and convert: exact rates (direct and inverse), one rounding,
// minor-digit rescaling, refused rates, and the round trip as a property.
#include <cstdint>
#include <optional>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/money/exchange.hpp>

#include "support/property.hpp"

using namespace prorata;

namespace {
const currency usd = currency::from_code("USD");
const currency eur = currency::from_code("EUR");
const currency jpy = currency::from_code("JPY");
const currency kwd = currency::from_code("KWD");
constexpr rounding_mode half_up = rounding_mode::half_away_from_zero;

money in(currency c, std::int64_t minor) { return money::from_minor(minor, c); }
}  // namespace

TEST_CASE("exchange_rates: a given rate, its exact inverse, none for an unknown pair") {
  exchange_rates fx;
  CHECK(fx.empty());
  fx.set(eur, usd, parse_decimal("1.0842"));
  const std::optional<exact_rate> direct = fx.find(eur, usd);
  REQUIRE(direct);
  CHECK(direct->num == 10842);
  CHECK(direct->den == 10000);
  const std::optional<exact_rate> inverse = fx.find(usd, eur);
  REQUIRE(inverse);
  CHECK(inverse->num == 10000);
  CHECK(inverse->den == 10842);
  CHECK(fx.find(usd, usd));  // the same currency: 1
  CHECK_FALSE(fx.find(usd, jpy));
  fx.set(eur, usd, parse_decimal("1.1"));  // replaces
  CHECK(fx.entries().size() == 1);
  CHECK(fx.find(eur, usd)->num == 11);
  CHECK_THROWS_AS(fx.set(eur, usd, parse_decimal("0")), invalid_argument);
  CHECK_THROWS_AS(fx.set(eur, usd, parse_decimal("-1.5")), invalid_argument);
  CHECK_THROWS_AS(fx.set(usd, usd, parse_decimal("1")), invalid_argument);
}

TEST_CASE("convert: exact, rescaled between minor digits, rounded once") {
  const exact_rate r{10842, 10000};
  CHECK(convert(in(eur, 8000), usd, r, half_up) == in(usd, 8674));  // 86.736
  CHECK(convert(in(eur, 8000), usd, r, rounding_mode::floor) == in(usd, 8673));
  CHECK(convert(in(eur, 8000), usd, r, half_up, 10400, 10000) == in(usd, 9021));  // + 4 %
  // 100.00 USD at 150.25 JPY per USD: 15025 yen (JPY has no minor digits)
  CHECK(convert(in(usd, 10000), jpy, exact_rate{15025, 100}, half_up) == in(jpy, 15025));
  // 1000 JPY at 0.0066 USD per JPY: 6.60 USD
  CHECK(convert(in(jpy, 1000), usd, exact_rate{66, 10000}, half_up) == in(usd, 660));
  // KWD has three digits: 10.00 USD at 0.307 KWD per USD is 3.070 KWD
  CHECK(convert(in(usd, 1000), kwd, exact_rate{307, 1000}, half_up) == in(kwd, 3070));
  CHECK(convert(in(usd, -1005), eur, exact_rate{1, 2}, half_up) == in(eur, -503));
  CHECK_THROWS_AS((void)convert(in(usd, INT64_MAX), eur, exact_rate{2, 1}, half_up),
                  overflow_error);
}

TEST_CASE("convert: there and back at the exact inverse is within one minor unit") {
  prorata_test::check_property("convert then convert back", [] {
    const std::int64_t amount = *rc::gen::inRange<std::int64_t>(-1'000'000'000, 1'000'000'000);
    // a rate >= 1 from EUR to USD, so the way back loses less than a unit
    const std::int64_t coefficient = *rc::gen::inRange<std::int64_t>(10'000, 100'000'000);
    exchange_rates fx;
    fx.set(eur, usd, decimal{coefficient, 4});
    const money there = convert(in(eur, amount), usd, *fx.find(eur, usd), half_up);
    const money back = convert(there, eur, *fx.find(usd, eur), half_up);
    const std::int64_t diff = back.minor_units() - amount;
    RC_ASSERT(diff >= -1 && diff <= 1);
  });
}

// Usage meters (pricing/meter.hpp).
#include <doctest/doctest.h>

#include <prorata/error.hpp>
#include <prorata/pricing/meter.hpp>

#include "pricing/pricing_test_util.hpp"

using namespace prorata;
using pricing_test::cents;
using pricing_test::contains;
using pricing_test::thrown_message;
using pricing_test::usd;

namespace {
constexpr rounding_mode half_up = rounding_mode::half_away_from_zero;
}

TEST_CASE("meter_charge: O4, $0.50 per unit") {
  CHECK(meter_charge("1000", 0, "50", usd(), half_up).subtotal == cents(50000));
  CHECK(meter_charge("500", 0, "50", usd(), half_up).subtotal == cents(25000));
  CHECK(meter_charge("100", 0, "50", usd(), half_up).subtotal == cents(5000));

  const meter_charge_result r = meter_charge("250", 100, "50", usd(), half_up);
  CHECK(r.subtotal == cents(7500));
  CHECK(to_string(r.units_consumed) == "250");
  CHECK(to_string(r.chargeable_units) == "150");
  CHECK(r.free_threshold == 100);
  CHECK(to_string(r.price_per_unit) == "50");
}

TEST_CASE("meter_charge: O5, $0.05 per image, 10 free, 25 images") {
  const meter_charge_result r = meter_charge("25", 10, "5", usd(), half_up);
  CHECK(to_string(r.chargeable_units) == "15");
  CHECK(r.subtotal == cents(75));
}

TEST_CASE("meter_charge: usage at or below the free threshold costs nothing") {
  for (const char* usage : {"0", "1", "99.999", "100", "100.000"}) {
    const meter_charge_result r = meter_charge(usage, 100, "50", usd(), rounding_mode::ceiling);
    CHECK(r.subtotal == cents(0));
    CHECK(r.chargeable_units == decimal{0, 0});
  }
  CHECK(to_string(meter_charge("99.999", 100, "50", usd(), half_up).chargeable_units) == "0.000");
  CHECK(meter_charge("0", 0, "50", usd(), half_up).subtotal == cents(0));
  CHECK(meter_charge("1000", 0, "0", usd(), half_up).subtotal == cents(0));
}

TEST_CASE("meter_charge: fractional usage and price, rounded once at the end") {
  // 3 x 0.5 cent = 1.5 cents: rounded once, not per unit (3 x round(0.5))
  CHECK(meter_charge("3", 0, "0.5", usd(), rounding_mode::half_even).subtotal == cents(2));
  CHECK(meter_charge("3", 0, "0.5", usd(), rounding_mode::half_toward_zero).subtotal == cents(1));
  CHECK(meter_charge("3", 0, "0.5", usd(), rounding_mode::floor).subtotal == cents(1));
  CHECK(meter_charge("3", 0, "0.5", usd(), rounding_mode::ceiling).subtotal == cents(2));
  // 100.25 units, 100 free: 0.25 x 50 = 12.5 cents
  const meter_charge_result r = meter_charge("100.25", 100, "50", usd(), rounding_mode::half_even);
  CHECK(to_string(r.chargeable_units) == "0.25");
  CHECK(r.subtotal == cents(12));
  // 12 fractional digits of price: 2.5 x 0.333333333333 = 0.8333333333325
  CHECK(meter_charge("2.5", 0, "0.333333333333", usd(), half_up).subtotal == cents(1));
  CHECK(meter_charge("2.5", 0, "0.333333333333", usd(), rounding_mode::floor).subtotal == cents(0));
  // the largest price Dodo accepts
  CHECK(meter_charge("1", 0, "99999.999999999999", usd(), half_up).subtotal == cents(100000));
  // zero-decimal currency: the price is in yen
  const currency jpy = currency::from_code("JPY");
  CHECK(meter_charge("7", 2, "3", jpy, half_up).subtotal == money::from_minor(15, jpy));
}

TEST_CASE("meter_charge: exact beyond 128 bits, overflow_error beyond int64") {
  // 10^20 units at 10^-12 minor units: the product needs more than 64 bits
  CHECK(meter_charge("100000000000000000000", 0, "0.000000000001", usd(), half_up).subtotal ==
        cents(100'000'000));
  // 10^20 units at 10^-12 with 18 usage digits: coefficient x price is beyond 128 bits
  CHECK(
      meter_charge("100000000000000000000.000000000000000000", 0, "0.000000000001", usd(), half_up)
          .subtotal == cents(100'000'000));
  CHECK_THROWS_AS((void)meter_charge("100000000000000000000", 0, "50", usd(), half_up),
                  overflow_error);
  // a huge threshold on a huge usage
  CHECK(meter_charge("9223372036854775808", INT64_MAX, "1", usd(), half_up).subtotal == cents(1));
}

TEST_CASE("meter_charge: errors name the field and quote the value") {
  const auto message = [](auto f) { return thrown_message<invalid_argument>(f); };
  const std::string usage = message([] { (void)meter_charge("-1", 0, "50", usd(), half_up); });
  CHECK(contains(usage, "units_consumed"));
  CHECK(contains(usage, "\"-1\""));
  const std::string threshold = message([] { (void)meter_charge("1", -5, "50", usd(), half_up); });
  CHECK(contains(threshold, "free_threshold"));
  CHECK(contains(threshold, "\"-5\""));
  const std::string price = message([] { (void)meter_charge("1", 0, "-0.5", usd(), half_up); });
  CHECK(contains(price, "price_per_unit"));
  CHECK(contains(price, "\"-0.5\""));
  const std::string digits =
      message([] { (void)meter_charge("1", 0, "0.0000000000001", usd(), half_up); });
  CHECK(contains(digits, "price_per_unit"));
  CHECK(contains(digits, "12 fractional digits"));
  const std::string big = message([] { (void)meter_charge("1", 0, "100000", usd(), half_up); });
  CHECK(contains(big, "price_per_unit"));
  CHECK(contains(big, "\"100000\""));

  const std::string bad_usage =
      thrown_message<parse_error>([] { (void)meter_charge("1e3", 0, "50", usd(), half_up); });
  CHECK(contains(bad_usage, "units_consumed"));
  CHECK(contains(bad_usage, "\"1e3\""));
  const std::string bad_price =
      thrown_message<parse_error>([] { (void)meter_charge("10", 0, "$0.50", usd(), half_up); });
  CHECK(contains(bad_price, "price_per_unit"));
  CHECK(contains(bad_price, "\"$0.50\""));
}

TEST_CASE("meter_charge: the decimal overload is the same computation") {
  const meter_charge_result a = meter_charge(decimal{2500, 1}, 100, decimal{50, 0}, usd(), half_up);
  CHECK(a.subtotal == cents(7500));
  CHECK(to_string(a.chargeable_units) == "150.0");
}

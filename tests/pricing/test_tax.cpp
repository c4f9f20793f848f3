// Tax rates, exclusive and inclusive tax (pricing/tax.hpp).
#include <doctest/doctest.h>

#include <prorata/error.hpp>
#include <prorata/pricing/tax.hpp>

#include "pricing/pricing_test_util.hpp"

using namespace prorata;
using pricing_test::cents;
using pricing_test::contains;
using pricing_test::thrown_message;

namespace {
constexpr rounding_mode half_up = rounding_mode::half_away_from_zero;
}

TEST_CASE("tax_rate parses exact decimal fractions") {
  const tax_rate r = tax_rate::parse("0.18");
  CHECK(r.value() == decimal{18, 2});
  CHECK(r.as_ratio() == ratio(18, 100));
  CHECK(r.net_share_of_gross() == ratio(100, 118));
  CHECK_FALSE(r.is_zero());
  CHECK(tax_rate::parse("0.0825").as_ratio() == ratio(825, 10000));
  CHECK(tax_rate::parse("0").is_zero());
  CHECK(tax_rate::parse("0.000").is_zero());
  CHECK(tax_rate{}.is_zero());
  CHECK(tax_rate::parse("0.180") == tax_rate::parse("0.18"));
  CHECK(tax_rate::parse("8").as_ratio() == ratio(8, 1));  // the largest accepted rate
  CHECK(tax_rate::parse("0.000000000000000001").as_ratio() == ratio(1, 1'000'000'000'000'000'000));
}

TEST_CASE("tax_rate rejects malformed, negative and absurd rates") {
  CHECK(contains(thrown_message<parse_error>([] { (void)tax_rate::parse("abc"); }), "\"abc\""));
  CHECK_THROWS_AS((void)tax_rate::parse(""), parse_error);
  CHECK_THROWS_AS((void)tax_rate::parse("18%"), parse_error);
  CHECK_THROWS_AS((void)tax_rate::parse("1e-2"), parse_error);
  CHECK_THROWS_AS((void)tax_rate::parse(".18"), parse_error);
  CHECK_THROWS_AS((void)tax_rate::parse("0.0000000000000000001"), parse_error);  // 19 digits
  const std::string negative =
      thrown_message<invalid_argument>([] { (void)tax_rate::parse("-0.1"); });
  CHECK(contains(negative, "\"-0.1\""));
  CHECK(contains(negative, "negative"));
  const std::string percent = thrown_message<invalid_argument>([] { (void)tax_rate::parse("18"); });
  CHECK(contains(percent, "\"18\""));
  CHECK(contains(percent, "0.18"));
  CHECK_THROWS_AS((void)tax_rate::parse("8.000000000000000001"), invalid_argument);
}

TEST_CASE("add_tax: tax on top of a tax-exclusive amount, rounded once") {
  const taxed_amount t = add_tax(cents(10000), tax_rate::parse("0.18"), half_up);
  CHECK(t.net == cents(10000));
  CHECK(t.tax == cents(1800));
  CHECK(t.gross == cents(11800));

  // 9.99 x 8.25 % = 0.824175
  const tax_rate ca = tax_rate::parse("0.0825");
  CHECK(add_tax(cents(999), ca, half_up).tax == cents(82));
  CHECK(add_tax(cents(999), ca, rounding_mode::ceiling).tax == cents(83));
  CHECK(add_tax(cents(999), ca, rounding_mode::floor).tax == cents(82));

  // ties: 0.50 x 5 % = 2.5 cents
  const tax_rate five = tax_rate::parse("0.05");
  CHECK(add_tax(cents(50), five, rounding_mode::half_even).tax == cents(2));
  CHECK(add_tax(cents(50), five, rounding_mode::half_away_from_zero).tax == cents(3));
  CHECK(add_tax(cents(50), five, rounding_mode::half_toward_zero).tax == cents(2));
  CHECK(add_tax(cents(70), five, rounding_mode::half_even).tax == cents(4));  // 3.5 -> 4

  // a refund line is symmetrical under half_away_from_zero
  const taxed_amount refund = add_tax(cents(-50), five, half_up);
  CHECK(refund.tax == cents(-3));
  CHECK(refund.gross == cents(-53));
}

TEST_CASE("split_inclusive_tax: net + tax == gross, net = gross / (1 + rate)") {
  // $100 at 18 % inclusive: 100 / 1.18 = 84.7457... -> 84.75 net, 15.25 tax
  const taxed_amount t = split_inclusive_tax(cents(10000), tax_rate::parse("0.18"), half_up);
  CHECK(t.net == cents(8475));
  CHECK(t.tax == cents(1525));
  CHECK(t.gross == cents(10000));
  CHECK(t.net + t.tax == t.gross);

  const taxed_amount down =
      split_inclusive_tax(cents(10000), tax_rate::parse("0.18"), rounding_mode::floor);
  CHECK(down.net == cents(8474));
  CHECK(down.tax == cents(1526));

  // ties: at 100 % the net is half the price; 0.05 -> 2.5 cents
  const tax_rate full = tax_rate::parse("1");
  CHECK(split_inclusive_tax(cents(5), full, rounding_mode::half_even).net == cents(2));
  CHECK(split_inclusive_tax(cents(5), full, rounding_mode::half_even).tax == cents(3));
  CHECK(split_inclusive_tax(cents(5), full, rounding_mode::half_away_from_zero).net == cents(3));
  CHECK(split_inclusive_tax(cents(5), full, rounding_mode::half_away_from_zero).tax == cents(2));
  CHECK(split_inclusive_tax(cents(7), full, rounding_mode::half_even).net == cents(4));  // 3.5
}

TEST_CASE("zero rate: no tax either way") {
  const tax_rate zero = tax_rate::parse("0");
  for (const rounding_mode m : all_rounding_modes) {
    const taxed_amount ex = add_tax(cents(12345), zero, m);
    CHECK(ex.tax == cents(0));
    CHECK(ex.gross == cents(12345));
    const taxed_amount in = split_inclusive_tax(cents(12345), zero, m);
    CHECK(in.net == cents(12345));
    CHECK(in.tax == cents(0));
  }
}

TEST_CASE("apply_tax picks exclusive or inclusive") {
  const tax_rate r = tax_rate::parse("0.18");
  CHECK(apply_tax(cents(10000), false, r, half_up).gross == cents(11800));
  CHECK(apply_tax(cents(10000), true, r, half_up).gross == cents(10000));
  CHECK(apply_tax(cents(10000), true, r, half_up).tax == cents(1525));
  const money yen = money::from_minor(1000, currency::from_code("JPY"));
  const taxed_amount jp = apply_tax(yen, true, tax_rate::parse("0.10"), half_up);
  CHECK(jp.net.minor_units() == 909);  // 1000 / 1.1 = 909.09
  CHECK(jp.tax.minor_units() == 91);
  CHECK(jp.net.currency() == currency::from_code("JPY"));
}

// One-time carts for one-click upsells and cross-sells (pricing/cart.hpp).
#include <optional>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/error.hpp>
#include <prorata/pricing/cart.hpp>

#include "pricing/pricing_test_util.hpp"

using namespace prorata;
using pricing_test::cents;
using pricing_test::contains;
using pricing_test::thrown_message;

namespace {

constexpr rounding_mode half_up = rounding_mode::half_away_from_zero;

discount percent(std::int64_t bp) { return percentage_discount("PCT", bp); }
discount flat(std::int64_t minor) { return flat_discount("FLAT", cents(minor)); }

// Every identity the header documents, line by line and for the cart.
void check_adds_up(const std::vector<cart_item>& items, const cart_charge& c) {
  CHECK(pricing_test::cart_inconsistency(c, items) == "");
}

}  // namespace

TEST_CASE("price_cart: base plus seats, no tax, no discount (O3)") {
  const std::vector<cart_item> items{{"prod_base", cents(4900), 1, false},
                                     {"adn_seat", cents(200), 3, false}};
  const cart_charge c = price_cart(items, {}, tax_rate{}, half_up);
  check_adds_up(items, c);
  CHECK(c.subtotal == cents(5500));
  CHECK(c.discount == cents(0));
  CHECK(c.tax == cents(0));
  CHECK(c.total == cents(5500));
  CHECK(c.lines[1].list_amount == cents(600));
}

TEST_CASE("price_cart: exclusive tax after a discount") {
  const std::vector<cart_item> items{{"prod_upsell", cents(10000), 1, false}};
  const cart_charge c = price_cart(items, {percent(1000)}, tax_rate::parse("0.18"), half_up);
  check_adds_up(items, c);
  const cart_line& l = c.lines[0];
  CHECK(l.discount == cents(1000));
  CHECK(l.net == cents(9000));
  CHECK(l.tax == cents(1620));
  CHECK(l.total == cents(10620));
  CHECK(c.total == cents(10620));
}

TEST_CASE("price_cart: an inclusive price contains its tax") {
  const std::vector<cart_item> items{{"prod_incl", cents(10000), 1, true}};
  const cart_charge c = price_cart(items, {}, tax_rate::parse("0.18"), half_up);
  check_adds_up(items, c);
  CHECK(c.lines[0].net == cents(8475));
  CHECK(c.lines[0].tax == cents(1525));
  CHECK(c.total == cents(10000));

  // with a 10 % discount the discounted 90.00 contains the tax: 76.27 + 13.73
  const cart_charge d = price_cart(items, {percent(1000)}, tax_rate::parse("0.18"), half_up);
  check_adds_up(items, d);
  CHECK(d.lines[0].discount == cents(1000));
  CHECK(d.lines[0].net == cents(7627));
  CHECK(d.lines[0].tax == cents(1373));
  CHECK(d.total == cents(9000));
}

TEST_CASE("price_cart: a mixed cart with a pooled flat discount adds up") {
  const std::vector<cart_item> items{{"a", cents(999), 3, false},
                                     {"b", cents(1999), 1, true},
                                     {"c", cents(1), 7, false},
                                     {"free", cents(0), 1, false}};
  const cart_charge c =
      price_cart(items, {flat(1000), percent(540)}, tax_rate::parse("0.0825"), half_up);
  check_adds_up(items, c);
  CHECK(c.subtotal == cents(2997 + 1999 + 7));
  // flat 10.00, then 5.4 % of the 40.03 left = 2.16162 -> 2.16
  CHECK(c.discount == cents(1000 + 216));
  CHECK(c.lines[3].total == cents(0));

  // a flat discount larger than the cart leaves every line at zero
  const cart_charge z = price_cart(items, {flat(1'000'000)}, tax_rate::parse("0.0825"), half_up);
  check_adds_up(items, z);
  CHECK(z.discount == z.subtotal);
  CHECK(z.total == cents(0));
  CHECK(z.tax == cents(0));
}

TEST_CASE("price_cart: errors name the item") {
  const tax_rate none{};
  CHECK(contains(thrown_message<invalid_argument>(
                     [&] { (void)price_cart(std::vector<cart_item>{}, {}, none, half_up); }),
                 "empty"));
  const std::string qty = thrown_message<invalid_argument>([&] {
    (void)price_cart(std::vector<cart_item>{{"seat", cents(100), 0, false}}, {}, none, half_up);
  });
  CHECK(contains(qty, "\"seat\""));
  CHECK(contains(qty, "quantity 0"));
  CHECK_THROWS_AS(
      (void)price_cart(std::vector<cart_item>{{"seat", cents(100), -2, false}}, {}, none, half_up),
      invalid_argument);
  CHECK(contains(
      thrown_message<invalid_argument>([&] {
        (void)price_cart(std::vector<cart_item>{{"", cents(100), 1, false}}, {}, none, half_up);
      }),
      "product_id"));
  CHECK(contains(
      thrown_message<invalid_argument>([&] {
        (void)price_cart(std::vector<cart_item>{{"neg", cents(-1), 1, false}}, {}, none, half_up);
      }),
      "\"-0.01 USD\""));
  const std::vector<cart_item> mixed{
      {"usd", cents(100), 1, false},
      {"eur", money::from_minor(100, currency::from_code("EUR")), 1, false}};
  const std::string cur =
      thrown_message<currency_mismatch>([&] { (void)price_cart(mixed, {}, none, half_up); });
  CHECK(contains(cur, "\"eur\""));
  CHECK(contains(cur, "EUR"));
  CHECK_THROWS_AS((void)price_cart(std::vector<cart_item>{{"huge", cents(INT64_MAX), 2, false}}, {},
                                   none, half_up),
                  overflow_error);
  CHECK_THROWS_AS((void)price_cart(std::vector<cart_item>{{"x", cents(100), 1, false}},
                                   {percent(20000)}, none, half_up),
                  invalid_argument);
}

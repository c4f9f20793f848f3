// basic_money: construction, parsing, arithmetic, comparison, multiplication
// by quantities and ratios, formatting, overflow and currency mismatches.
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <doctest/doctest.h>

#include <prorata/money/io.hpp>
#include <prorata/money/money.hpp>

using namespace prorata;
using rm = rounding_mode;

namespace {
const currency usd = currency::from_code("USD");
const currency eur = currency::from_code("EUR");
const currency jpy = currency::from_code("JPY");
const currency kwd = currency::from_code("KWD");
constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();

// No implicit way in from a raw number.
static_assert(!std::is_constructible_v<money, std::int64_t>);
static_assert(!std::is_convertible_v<std::int64_t, money>);
static_assert(!std::is_default_constructible_v<money>);
}  // namespace

TYPE_TO_STRING_AS("int128", int128);
TYPE_TO_STRING_AS("big_int", big_int);

TEST_CASE_TEMPLATE("money adds, subtracts and compares within one currency", Rep, std::int64_t,
                   int128, big_int) {
  using m = basic_money<Rep>;
  const m a = m::parse("10.50", usd);
  const m b = m::parse("0.75", usd);
  CHECK(a.minor_units() == Rep(1050));
  CHECK(a + b == m::from_minor(Rep(1125), usd));
  CHECK(a - b == m::from_minor(Rep(975), usd));
  CHECK(b - a == m::parse("-9.75", usd));
  CHECK(-a == m::parse("-10.50", usd));
  CHECK(b < a);
  CHECK(a >= a);
  CHECK(a * 3 == m::parse("31.50", usd));
  CHECK(m::zero(usd).is_zero());
  CHECK((b - a).is_negative());
  m sum = m::zero(usd);
  sum += a;
  sum -= b;
  CHECK(sum == m::from_minor(Rep(975), usd));
}

TEST_CASE("mixing currencies is an error naming both codes") {
  const money a = money::parse("1.00", usd);
  const money b = money::parse("1.00", eur);
  CHECK_THROWS_WITH_AS((void)(a + b), doctest::Contains("USD and EUR cannot be mixed"),
                       currency_mismatch);
  CHECK_THROWS_AS((void)(a - b), currency_mismatch);
  CHECK_THROWS_AS((void)(a < b), currency_mismatch);
  CHECK_FALSE(a == b);  // equality never throws: different currencies are not equal
}

TEST_CASE("zero-decimal and three-decimal currencies") {
  const money yen = money::parse("1000", jpy);
  CHECK(yen.minor_units() == 1000);
  CHECK(to_string(yen) == "1000 JPY");
  CHECK_THROWS_AS((void)money::parse("1000.5", jpy), inexact_error);
  CHECK(money::parse("1000.5", jpy, rm::half_even).minor_units() == 1000);
  // 997 yen for half a period: 498.5 -> 498 half-even, 499 half away (peers pitfall 11)
  CHECK(multiply(money::parse("997", jpy), ratio(1, 2), rm::half_even).minor_units() == 498);
  CHECK(multiply(money::parse("997", jpy), ratio(1, 2), rm::half_away_from_zero).minor_units() ==
        499);

  const money dinar = money::parse("10.000", kwd);
  CHECK(dinar.minor_units() == 10000);
  CHECK(to_string(money::parse("-0.005", kwd)) == "-0.005 KWD");
  // KWD 10.000 x 11/31 = 3.548 at ISO scale (not 3.55: peers pitfall 20)
  CHECK(to_string(multiply(dinar, ratio(11, 31), rm::half_even)) == "3.548 KWD");
}

TEST_CASE("to_string and parse_money round-trip") {
  for (const char* text : {"10.50 USD", "-0.05 USD", "0.00 EUR", "1000 JPY", "-0.005 KWD",
                           "92233720368547758.07 USD", "-92233720368547758.08 USD"}) {
    CAPTURE(text);
    CHECK(to_string(parse_money(text)) == text);
  }
  CHECK(to_string(parse_money<big_int>("123456789012345678901234.56 USD")) ==
        "123456789012345678901234.56 USD");
  CHECK(parse_money("1 MGA", minor_unit_source::dodo).minor_units() == 1);
  CHECK_THROWS_AS((void)parse_money("10.50"), parse_error);
  CHECK_THROWS_AS((void)parse_money("10.50  USD"), parse_error);
  CHECK_THROWS_AS((void)parse_money("USD 10.50"), parse_error);
  CHECK_THROWS_AS((void)parse_money("10.50 XYZ"), unknown_currency);
  CHECK_THROWS_AS((void)parse_money("10.505 USD"), inexact_error);
}

TEST_CASE("multiply by a ratio rounds once with the named mode") {
  const money price = money::parse("9.99", usd);
  CHECK(multiply(price, ratio(10, 30), rm::half_even) == money::parse("3.33", usd));
  CHECK(multiply(price, ratio::one(), rm::floor) == price);
  CHECK(multiply(price, ratio::zero(), rm::ceiling) == money::zero(usd));
  // $30 x 15/30 and $80 x 15/30: the documented upgrade credit and charge
  CHECK(multiply(money::parse("30.00", usd), ratio(15, 30), rm::half_even) ==
        money::parse("15.00", usd));
  CHECK(multiply(money::parse("80.00", usd), ratio(15, 30), rm::half_even) ==
        money::parse("40.00", usd));
  // a negative amount (a credit) rounds symmetrically in the half modes
  CHECK(multiply(money::from_minor(-1, usd), ratio(1, 2), rm::half_away_from_zero) ==
        money::from_minor(-1, usd));
  CHECK(multiply(money::from_minor(-1, usd), ratio(1, 2), rm::half_toward_zero) ==
        money::from_minor(0, usd));
  CHECK(multiply(money::from_minor(-1, usd), ratio(1, 2), rm::floor) == money::from_minor(-1, usd));
}

TEST_CASE("multiply with a quantity rounds once, not per unit (peers pitfall 9)") {
  // 3 seats x $9.99 with 1 of 31 days left: $0.97 on the total, not 3 x $0.32
  const money seat = money::parse("9.99", usd);
  CHECK(multiply(seat, 3, ratio(1, 31), rm::half_away_from_zero) == money::parse("0.97", usd));
  CHECK(multiply(seat, ratio(1, 31), rm::half_away_from_zero) * 3 == money::parse("0.96", usd));
}

TEST_CASE("amounts up to 1e15 x quantities up to 1e6 x any share stay exact") {
  const std::int64_t amount = 1'000'000'000'000'000;  // 1e15 minor units
  const std::int64_t quantity = 1'000'000;
  const ratio share(31'622'399, 31'622'400);  // one second short of a leap year
  // exact: 1e21 * 31622399 / 31622400 = 999999968376846792147.34 (Python: divmod)
  const int128 expected = parse_scaled<int128>("999999968376846792147", 0);
  CHECK(multiply(basic_money<int128>::from_minor(amount, usd), quantity, share, rm::half_even)
            .minor_units() == expected);
  CHECK(multiply(basic_money<big_int>::from_minor(amount, usd), quantity, share, rm::half_even)
            .minor_units() == detail::to_big(expected));
  CHECK(multiply(basic_money<int128>::from_minor(amount, usd), quantity, share, rm::ceiling)
            .minor_units() == expected + 1);
  // The same result does not fit int64 money: an error, never a wrapped value.
  CHECK_THROWS_WITH_AS(
      (void)multiply(money::from_minor(amount, usd), quantity, share, rm::half_even),
      doctest::Contains("does not fit in 64-bit integer"), overflow_error);
  // ...but any share that brings it back into range is exact in int64.
  CHECK(multiply(money::from_minor(amount, usd), quantity, ratio(1, 1'000'000), rm::half_even) ==
        money::from_minor(amount, usd));
  CHECK(multiply(money::from_minor(amount, usd), quantity, ratio(7, 31'622'400), rm::half_even)
            .minor_units() == 221'362'072'454'969);  // 7e21 / 31622400 = 221362072454968.6
}

TEST_CASE("a product beyond 128 bits continues exactly in big_int") {
  // INT64_MAX^2 * 4 is about 2^128: past int128, so the exact fallback runs.
  const auto big_amount = basic_money<int128>::from_minor(max64, usd);
  CHECK(multiply(big_amount, max64, ratio(4, max64), rm::half_even).minor_units() ==
        int128(max64) * 4);
  CHECK(multiply(big_amount, max64, ratio(-4, max64), rm::half_even).minor_units() ==
        -int128(max64) * 4);
  CHECK_THROWS_AS(
      (void)multiply(money::from_minor(max64, usd), max64, ratio(4, max64), rm::half_even),
      overflow_error);
}

TEST_CASE("int64 limits: overflow is an error, never a wrap") {
  const money top = money::from_minor(max64, usd);
  const money bottom = money::from_minor(min64, usd);
  const money cent = money::from_minor(1, usd);
  CHECK_THROWS_WITH_AS((void)(top + cent), doctest::Contains("overflows"), overflow_error);
  CHECK_THROWS_AS((void)(bottom - cent), overflow_error);
  CHECK_THROWS_AS((void)(-bottom), overflow_error);
  CHECK_THROWS_AS((void)(top * 2), overflow_error);
  CHECK_THROWS_AS((void)(cent * (std::uint64_t{1} << 63)), overflow_error);
  CHECK((top - cent) + cent == top);
  CHECK(-top == money::from_minor(min64 + 1, usd));
  CHECK(multiply(top, ratio(1, 1), rm::half_even) == top);
  CHECK(multiply(bottom, ratio(1, 1), rm::half_even) == bottom);
  CHECK(multiply(top, 2, ratio(1, 2), rm::half_even) == top);  // intermediate 2^64
  CHECK_THROWS_AS((void)multiply(bottom, ratio(-1, 1), rm::half_even), overflow_error);
  // int128 money holds what int64 cannot
  CHECK((basic_money<int128>::from_minor(max64, usd) + basic_money<int128>::from_minor(1, usd))
            .minor_units() == int128(max64) + 1);
}

TEST_CASE("ratio normalises its sign and rejects a zero denominator") {
  CHECK(ratio(1, -2).num() == -1);
  CHECK(ratio(1, -2).den() == 2);
  CHECK(ratio(15, 30) == ratio(1, 2));
  CHECK(ratio(1, 3) < ratio(1, 2));
  CHECK_THROWS_AS((void)ratio(1, 0), invalid_argument);
  CHECK_THROWS_AS((void)ratio(min64, -1), overflow_error);
}

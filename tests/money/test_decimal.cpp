// parse_decimal, to_string(decimal), rescale, parse_scaled, format_scaled.
#include <cstdint>
#include <string>

#include <doctest/doctest.h>

#include <prorata/money/decimal.hpp>
#include <prorata/money/io.hpp>

using namespace prorata;

TEST_CASE("decimal strings parse exactly and format back as written") {
  const struct {
    const char* text;
    std::int64_t coefficient;
    int scale;
  } rows[] = {
      {"10.50", 1050, 2},
      {"-0.005", -5, 3},
      {"0.000000000123", 123, 12},
      {"0", 0, 0},
      {"42", 42, 0},
      {"0.000000000000000001", 1, 18},
      {"-123456.789", -123456789, 3},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    const decimal d = parse_decimal(r.text);
    CHECK(d.coefficient == r.coefficient);
    CHECK(d.scale == r.scale);
    CHECK(to_string(d) == r.text);
  }
}

TEST_CASE("decimal equality is by value, not by written scale") {
  CHECK(parse_decimal("1.5") == parse_decimal("1.50"));
  CHECK(parse_decimal("-0") == parse_decimal("0.000"));
  CHECK(parse_decimal("1.49") < parse_decimal("1.5"));
  CHECK(parse_decimal("-2") < parse_decimal("-1.999999999999999999"));
}

TEST_CASE("malformed decimal strings are errors that quote the input") {
  for (const char* bad : {"1e5", "1.2.3", " 12", "12 ", "", "+-1", "0x10", "+1", "-", ".5", "5.",
                          "1,5", "--1", "1.-5", "NaN", "inf", "١"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS((void)parse_decimal(bad), doctest::Contains(detail::quote(bad).c_str()),
                         parse_error);
  }
  CHECK_THROWS_WITH_AS((void)parse_decimal("0.0000000000000000001"),
                       doctest::Contains("more than 18 fractional digits"), parse_error);
  CHECK_THROWS_WITH_AS((void)parse_decimal(std::string(40, '9')),
                       doctest::Contains("more than 38 significant digits"), parse_error);
  // 38 nines still fit in 128 bits
  CHECK(to_string(parse_decimal(std::string(38, '9'))) == std::string(38, '9'));
}

TEST_CASE("an error message quoting a huge input stays short") {
  const std::string huge(10'000'000, '7');
  try {
    (void)parse_decimal(huge + "x");
    FAIL("expected parse_error");
  } catch (const parse_error& e) {
    CHECK(std::string(e.what()).size() < 400);
    CHECK(std::string(e.what()).find("(10000001 bytes)") != std::string::npos);
  }
}

TEST_CASE("parse_scaled: more digits than the target scale needs a rounding mode") {
  CHECK(parse_scaled("10.50", 2) == 1050);
  CHECK(parse_scaled("10.5", 2) == 1050);
  CHECK(parse_scaled("10.500", 2) == 1050);  // trailing zeros lose nothing
  CHECK(parse_scaled("1000", 0) == 1000);
  CHECK(parse_scaled("1.005", 3) == 1005);
  CHECK_THROWS_WITH_AS((void)parse_scaled("10.505", 2),
                       doctest::Contains("\"10.505\" has more than 2 fractional digits"),
                       inexact_error);
  CHECK(parse_scaled("10.505", 2, rounding_mode::half_even) == 1050);
  CHECK(parse_scaled("10.515", 2, rounding_mode::half_even) == 1052);
  CHECK(parse_scaled("10.505", 2, rounding_mode::half_away_from_zero) == 1051);
  CHECK(parse_scaled("-0.005", 2, rounding_mode::half_away_from_zero) == -1);
  CHECK(parse_scaled("-0.005", 2, rounding_mode::half_even) == 0);
  CHECK(parse_scaled("-0.005", 2, rounding_mode::floor) == -1);
  CHECK(parse_scaled("0.000000000123", 12) == 123);
}

TEST_CASE("parse_scaled: a value outside the integer type is an overflow error") {
  CHECK(parse_scaled("92233720368547758.07", 2) == INT64_MAX);
  CHECK(parse_scaled("-92233720368547758.08", 2) == INT64_MIN);
  CHECK_THROWS_AS((void)parse_scaled("92233720368547758.08", 2), overflow_error);
  CHECK(parse_scaled<int128>("92233720368547758.08", 2) == int128(INT64_MAX) + 1);
  CHECK_THROWS_AS((void)parse_scaled<int128>(std::string(38, '9'), 18), overflow_error);
  CHECK_THROWS_AS((void)rescale(parse_decimal("1"), 19), invalid_argument);
}

TEST_CASE("format_scaled writes the currency's digits") {
  CHECK(format_scaled(std::int64_t{1050}, 2) == "10.50");
  CHECK(format_scaled(std::int64_t{-5}, 3) == "-0.005");
  CHECK(format_scaled(std::int64_t{5}, 2) == "0.05");
  CHECK(format_scaled(std::int64_t{0}, 2) == "0.00");
  CHECK(format_scaled(std::int64_t{1000}, 0) == "1000");
  CHECK(format_scaled(INT64_MIN, 2) == "-92233720368547758.08");
  CHECK(format_scaled(big_int("-123456789012345678901234567890"), 4) ==
        "-12345678901234567890123456.7890");
}

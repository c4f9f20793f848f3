// currency lookup, the ISO 4217 table, and its agreement with Dodo's zero-decimal set.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include <prorata/money/currency.hpp>
#include <prorata/money/io.hpp>

using namespace prorata;

TEST_CASE("currency::from_code gives ISO 4217 minor-unit digits") {
  CHECK(currency::from_code("USD").minor_digits() == 2);
  CHECK(currency::from_code("USD").numeric_code() == 840);
  CHECK(currency::from_code("EUR").minor_digits() == 2);
  CHECK(currency::from_code("JPY").minor_digits() == 0);
  CHECK(currency::from_code("KRW").minor_digits() == 0);
  CHECK(currency::from_code("KWD").minor_digits() == 3);
  CHECK(currency::from_code("BHD").minor_digits() == 3);
  CHECK(currency::from_code("CLF").minor_digits() == 4);
  CHECK(currency::from_code("UYW").minor_digits() == 4);
  CHECK(currency::from_code("INR").code() == "INR");
}

TEST_CASE("an unknown or malformed code is an error naming the code") {
  CHECK_THROWS_WITH_AS((void)currency::from_code("ABC"), doctest::Contains("\"ABC\""),
                       unknown_currency);
  CHECK_THROWS_AS((void)currency::from_code("usd"), unknown_currency);
  CHECK_THROWS_AS((void)currency::from_code(""), unknown_currency);
  CHECK_THROWS_AS((void)currency::from_code("USDX"), unknown_currency);
  CHECK_THROWS_AS((void)currency::from_code("XAU"), unknown_currency);  // no minor unit
  CHECK_FALSE(currency::find("HRK").has_value());                       // withdrawn 2023
  CHECK(currency::find("XCG").has_value());                             // replaced ANG
}

TEST_CASE("the table is sorted, unique and well formed") {
  const auto table = iso4217_table();
  CHECK(table.size() > 150);
  for (std::size_t i = 0; i < table.size(); ++i) {
    CAPTURE(table[i].code);
    CHECK(table[i].code.size() == 3);
    CHECK(std::all_of(table[i].code.begin(), table[i].code.end(),
                      [](char c) { return c >= 'A' && c <= 'Z'; }));
    CHECK((table[i].minor_digits <= 4 && table[i].minor_digits != 1));
    if (i > 0) CHECK(table[i - 1].code < table[i].code);
  }
}

TEST_CASE("Dodo's 16 zero-decimal currencies agree with the table") {
  // Every Dodo zero-decimal code is in the table and is 0 under Dodo's convention.
  for (const std::string_view code : dodo_zero_decimal_codes) {
    CAPTURE(code);
    REQUIRE(currency::find(code).has_value());
    CHECK(currency::from_code(code, minor_unit_source::dodo).minor_digits() == 0);
  }
  // ISO and Dodo disagree on exactly these codes; anything else changing is a table bug.
  std::string iso_zero_not_dodo;
  std::string dodo_zero_not_iso;
  for (const auto& e : iso4217_table()) {
    const bool iso_zero = e.minor_digits == 0;
    const bool dodo_zero = is_dodo_zero_decimal(e.code);
    if (iso_zero && !dodo_zero) iso_zero_not_dodo += std::string(e.code) + " ";
    if (dodo_zero && !iso_zero) dodo_zero_not_iso += std::string(e.code) + " ";
  }
  CHECK(iso_zero_not_dodo == "ISK UYI ");
  CHECK(dodo_zero_not_iso == "MGA ");
  CHECK(currency::from_code("MGA").minor_digits() == 2);
  CHECK(currency::from_code("MGA", minor_unit_source::dodo).minor_digits() == 0);
  CHECK(currency::from_code("ISK", minor_unit_source::dodo).minor_digits() == 2);
  // Three-decimal currencies stay representable under Dodo's convention.
  CHECK(currency::from_code("KWD", minor_unit_source::dodo).minor_digits() == 3);
}

TEST_CASE("currencies compare by code and digits") {
  CHECK(currency::from_code("USD") == currency::from_code("USD"));
  CHECK(currency::from_code("USD") != currency::from_code("EUR"));
  CHECK(currency::from_code("MGA") != currency::from_code("MGA", minor_unit_source::dodo));
}

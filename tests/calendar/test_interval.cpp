#include <doctest/doctest.h>

#include <prorata/calendar/interval.hpp>

using prorata::billing_interval;
using prorata::interval_unit;
using prorata::parse_billing_interval;
using prorata::parse_interval_unit;

TEST_CASE("parse_interval_unit: Dodo's four names, exactly") {
  CHECK(parse_interval_unit("Day") == interval_unit::day);
  CHECK(parse_interval_unit("Week") == interval_unit::week);
  CHECK(parse_interval_unit("Month") == interval_unit::month);
  CHECK(parse_interval_unit("Year") == interval_unit::year);
  for (const char* bad :
       {"", "day", "DAY", "Days", "Monthly", " Month", "Month ", "Quarter", "Yr", "Week\n"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)parse_interval_unit(bad), prorata::parse_error);
  }
  CHECK_THROWS_WITH((void)parse_interval_unit("Monthly"),
                    "parse_interval_unit: \"Monthly\" is not an interval unit (expected \"Day\", "
                    "\"Week\", \"Month\" or \"Year\")");
}

TEST_CASE("billing_interval: count >= 1") {
  const billing_interval monthly{interval_unit::month};
  CHECK(monthly.unit() == interval_unit::month);
  CHECK(monthly.count() == 1);
  const auto fortnight = parse_billing_interval("Week", 2);
  CHECK(fortnight.unit() == interval_unit::week);
  CHECK(fortnight.count() == 2);
  CHECK(fortnight == billing_interval{interval_unit::week, 2});
  CHECK_FALSE(fortnight == billing_interval{interval_unit::day, 14});
  CHECK_THROWS_AS((billing_interval{interval_unit::day, 0}), prorata::invalid_argument);
  CHECK_THROWS_AS((billing_interval{interval_unit::day, -3}), prorata::invalid_argument);
  CHECK_THROWS_AS((void)parse_billing_interval("Week", 0), prorata::invalid_argument);
  CHECK_THROWS_AS((void)parse_billing_interval("Fortnight", 1), prorata::parse_error);
}

TEST_CASE("to_string: Dodo's names") {
  CHECK(prorata::to_string(interval_unit::day) == "Day");
  CHECK(prorata::to_string(interval_unit::week) == "Week");
  CHECK(prorata::to_string(interval_unit::month) == "Month");
  CHECK(prorata::to_string(interval_unit::year) == "Year");
  CHECK(prorata::to_string(billing_interval{interval_unit::day, 3}) == "3 Day");
  CHECK(prorata::to_string(billing_interval{interval_unit::year}) == "1 Year");
  for (auto u :
       {interval_unit::day, interval_unit::week, interval_unit::month, interval_unit::year}) {
    CHECK(parse_interval_unit(prorata::to_string(u)) == u);
  }
}

#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include <prorata/calendar/instant.hpp>

#include "calendar/calendar_test_util.hpp"

using prorata::format_rfc3339;
using prorata::instant;
using prorata::parse_rfc3339;
using prorata::parse_rfc3339_as;
using prorata::subsecond;

namespace {

instant utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}} + std::chrono::hours{hh} +
         std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

std::string parse_message(const std::string& text) {
  try {
    (void)parse_rfc3339(text);
  } catch (const prorata::parse_error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("parse_rfc3339: UTC timestamps as Dodo sends them") {
  CHECK(parse_rfc3339("2026-01-31T00:00:00Z") == utc(2026, 1, 31));
  CHECK(parse_rfc3339("2026-01-31T00:00:00Z").time_since_epoch().count() == 1769817600);
  CHECK(parse_rfc3339("2024-02-29T23:59:59Z") == utc(2024, 2, 29, 23, 59, 59));
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z").time_since_epoch().count() == 0);
  CHECK(parse_rfc3339("2026-01-31t00:00:00z") == utc(2026, 1, 31));  // RFC 3339 allows lower case
}

TEST_CASE("parse_rfc3339: numeric offsets are converted to UTC") {
  CHECK(parse_rfc3339("2026-01-31T05:30:00+05:30") == utc(2026, 1, 31));
  CHECK(parse_rfc3339("2026-01-31T00:00:00+05:30") == utc(2026, 1, 30, 18, 30));
  CHECK(parse_rfc3339("2026-01-30T19:00:00-05:00") == utc(2026, 1, 31));
  CHECK(parse_rfc3339("2026-01-31T00:00:00-00:00") == utc(2026, 1, 31));
  CHECK(parse_rfc3339("2026-12-31T23:00:00-23:59") == utc(2027, 1, 1, 22, 59));
}

TEST_CASE("parse_rfc3339: fractional seconds are truncated toward the past by default") {
  CHECK(parse_rfc3339("2026-01-31T00:00:05.999Z") == utc(2026, 1, 31, 0, 0, 5));
  CHECK(parse_rfc3339("2026-01-31T00:00:05.000000001Z") == utc(2026, 1, 31, 0, 0, 5));
  CHECK(parse_rfc3339("2026-01-31T05:30:00.5+05:30") == utc(2026, 1, 31));
  // Before 1970 truncation is still toward the past (the floor), not toward zero.
  CHECK(parse_rfc3339("1969-12-31T23:59:59.5Z").time_since_epoch().count() == -1);
  CHECK(parse_rfc3339("2026-01-31T00:00:05.999Z", subsecond::truncate) ==
        utc(2026, 1, 31, 0, 0, 5));
}

TEST_CASE("parse_rfc3339: subsecond::reject refuses to lose a non-zero fraction") {
  CHECK(parse_rfc3339("2026-01-31T00:00:05.000Z", subsecond::reject) == utc(2026, 1, 31, 0, 0, 5));
  CHECK_THROWS_AS((void)parse_rfc3339("2026-01-31T00:00:05.5Z", subsecond::reject),
                  prorata::parse_error);
  CHECK_THROWS_WITH((void)parse_rfc3339("2026-01-31T00:00:05.001Z", subsecond::reject),
                    doctest::Contains("\"2026-01-31T00:00:05.001Z\""));
}

TEST_CASE("parse_rfc3339_as: sub-second precision is kept when asked for") {
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  using std::chrono::nanoseconds;
  const auto ms = parse_rfc3339_as<milliseconds>("2026-01-31T00:00:05.25Z");
  CHECK(ms.time_since_epoch().count() == 1769817605250);
  CHECK(parse_rfc3339_as<milliseconds>("2026-01-31T00:00:05.1239Z").time_since_epoch().count() ==
        1769817605123);
  CHECK_THROWS_AS(
      (void)parse_rfc3339_as<milliseconds>("2026-01-31T00:00:05.1239Z", subsecond::reject),
      prorata::parse_error);
  CHECK(parse_rfc3339_as<milliseconds>("2026-01-31T00:00:05.1230Z", subsecond::reject)
            .time_since_epoch()
            .count() == 1769817605123);
  CHECK(parse_rfc3339_as<microseconds>("1969-12-31T23:59:59.5Z").time_since_epoch().count() ==
        -500000);
  CHECK(
      parse_rfc3339_as<nanoseconds>("2026-01-31T00:00:00.123456789Z").time_since_epoch().count() ==
      1769817600123456789);
  // Nanoseconds in 64 bits end in 2262.
  CHECK_THROWS_AS((void)parse_rfc3339_as<nanoseconds>("2300-01-01T00:00:00Z"),
                  prorata::parse_error);
}

TEST_CASE("format_rfc3339: UTC with Z, fraction digits from the precision") {
  CHECK(format_rfc3339(utc(2026, 1, 31)) == "2026-01-31T00:00:00Z");
  CHECK(format_rfc3339(utc(2024, 2, 29, 23, 59, 59)) == "2024-02-29T23:59:59Z");
  CHECK(format_rfc3339(parse_rfc3339("2026-01-31T00:00:00+05:30")) == "2026-01-30T18:30:00Z");
  CHECK(format_rfc3339(instant{std::chrono::seconds{-1}}) == "1969-12-31T23:59:59Z");
  CHECK(format_rfc3339(parse_rfc3339_as<std::chrono::milliseconds>("2026-01-31T00:00:05.25Z")) ==
        "2026-01-31T00:00:05.250Z");
  CHECK(format_rfc3339(parse_rfc3339_as<std::chrono::milliseconds>("1969-12-31T23:59:59.5Z")) ==
        "1969-12-31T23:59:59.500Z");
  CHECK(format_rfc3339(parse_rfc3339_as<std::chrono::nanoseconds>(
            "2026-01-31T00:00:00.000000007Z")) == "2026-01-31T00:00:00.000000007Z");
  CHECK(format_rfc3339(utc(0, 1, 1)) == "0000-01-01T00:00:00Z");
  CHECK(format_rfc3339(utc(9999, 12, 31, 23, 59, 59)) == "9999-12-31T23:59:59Z");
  CHECK_THROWS_AS((void)format_rfc3339(utc(10000, 1, 1)), prorata::invalid_argument);
  CHECK_THROWS_AS((void)format_rfc3339(utc(-1, 12, 31)), prorata::invalid_argument);
  CHECK_THROWS_AS((void)format_rfc3339(instant{std::chrono::seconds{std::int64_t{1} << 62}}),
                  prorata::invalid_argument);
}

TEST_CASE("parse_rfc3339: impossible dates and times are errors quoting the input") {
  CHECK(parse_message("2026-02-30T00:00:00Z") ==
        "parse_rfc3339: \"2026-02-30T00:00:00Z\" is not a valid date (February 2026 has 28 days)");
  CHECK(parse_message("2024-02-30T00:00:00Z") ==
        "parse_rfc3339: \"2024-02-30T00:00:00Z\" is not a valid date (February 2024 has 29 days)");
  CHECK(parse_message("2026-04-31T00:00:00Z") ==
        "parse_rfc3339: \"2026-04-31T00:00:00Z\" is not a valid date (April 2026 has 30 days)");
  CHECK(parse_message("2026-13-01T00:00:00Z") ==
        "parse_rfc3339: \"2026-13-01T00:00:00Z\" is not a valid date: month 13 (must be 01..12)");
  CHECK(parse_message("2026-00-01T00:00:00Z").find("month 0 ") != std::string::npos);
  CHECK(parse_message("2026-01-00T00:00:00Z").find("is not a valid date") != std::string::npos);
  CHECK(parse_message("2026-01-31T24:00:01Z") ==
        "parse_rfc3339: \"2026-01-31T24:00:01Z\" is not a valid time: hour 24 (must be 00..23)");
  CHECK(parse_message("2026-01-31T24:00:00Z").find("hour 24") != std::string::npos);
  CHECK(parse_message("2026-01-31T23:60:00Z").find("minute 60") != std::string::npos);
  CHECK(parse_message("2026-01-31T23:59:60Z").find("leap seconds") != std::string::npos);
  CHECK(parse_message("2026-01-31T23:59:61Z").find("second 61") != std::string::npos);
}

TEST_CASE("parse_rfc3339: malformed text is an error quoting the input") {
  CHECK(parse_message("2026-01-31T00:00:00") ==
        "parse_rfc3339: \"2026-01-31T00:00:00\" has no time zone offset (expected 'Z' or "
        "+HH:MM / -HH:MM at the end)");
  const char* bad[] = {"",
                       "2026-01-31",
                       "2026-01-31 00:00:00Z",
                       "2026-1-31T00:00:00Z",
                       "26-01-31T00:00:00Z",
                       "2026/01/31T00:00:00Z",
                       "2026-01-31T00:00Z",
                       "2026-01-31T0:00:00Z",
                       "2026-01-31T00:00:00.Z",
                       "2026-01-31T00:00:00+0530",
                       "2026-01-31T00:00:00+05",
                       "2026-01-31T00:00:00+24:00",
                       "2026-01-31T00:00:00+05:60",
                       "2026-01-31T00:00:00ZZ",
                       "2026-01-31T00:00:00Z ",
                       " 2026-01-31T00:00:00Z",
                       "2026-01-31T00:00:00UTC",
                       "+2026-01-31T00:00:00Z"};
  for (const char* text : bad) {
    CAPTURE(text);
    const std::string message = parse_message(text);
    CHECK(message.rfind("parse_rfc3339: \"", 0) == 0);
    CHECK(message.find(prorata::detail::quote(text)) != std::string::npos);
  }
}

TEST_CASE("parse_rfc3339: a very long input is cut in the message") {
  const std::string text = "2026-01-31T00:00:00Z" + std::string(10000, 'x');
  const std::string message = parse_message(text);
  CHECK(message.find("trailing text") != std::string::npos);
  CHECK(message.find("...") != std::string::npos);
  CHECK(message.size() < 300);
}

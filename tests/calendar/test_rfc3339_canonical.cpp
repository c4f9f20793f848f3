// parse_rfc3339's fast path for the canonical "YYYY-MM-DDTHH:MM:SSZ" against
// the general parser: the same instant, or the same error.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <date/date.h>
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/calendar/instant.hpp>
#include <prorata/error.hpp>

#include "support/property.hpp"

using prorata::instant;
using prorata::subsecond;

namespace {

/// "instant:<seconds>" or "error:<message>".
template <class Duration, class Parse>
std::string outcome_of(Parse parse) {
  try {
    const auto t = parse();
    return "instant:" + std::to_string(t.time_since_epoch().count());
  } catch (const prorata::error& e) {
    return std::string("error:") + e.what();
  }
}

template <class Duration = std::chrono::seconds>
std::string public_path(std::string_view text) {
  return outcome_of<Duration>([&] { return prorata::parse_rfc3339_as<Duration>(text); });
}

template <class Duration = std::chrono::seconds>
std::string general_path(std::string_view text) {
  return outcome_of<Duration>([&] {
    return prorata::detail::parse_rfc3339_general_as<Duration>(text, subsecond::truncate);
  });
}

/// Fast and general agree, at every precision; the fast path takes `text`
/// exactly when it is canonical and the general path accepts it.
void check_agree(const std::string& text) {
  const std::string general = general_path(text);
  RC_ASSERT(public_path(text) == general);
  RC_ASSERT(public_path<std::chrono::milliseconds>(text) ==
            general_path<std::chrono::milliseconds>(text));
  RC_ASSERT(public_path<std::chrono::nanoseconds>(text) ==
            general_path<std::chrono::nanoseconds>(text));
  std::int64_t seconds = 0;
  if (prorata::detail::parse_canonical_rfc3339(text, seconds)) {
    RC_ASSERT(general == "instant:" + std::to_string(seconds));
  }
}

std::string two(int v) {
  return std::string{static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
}

std::string gen_canonical() {
  const int y = *rc::gen::inRange(0, 10000);
  const int mo = *rc::gen::inRange(0, 14);  // 00 and 13 included
  const int d = *rc::gen::inRange(0, 33);
  const int hh = *rc::gen::inRange(0, 26);
  const int mm = *rc::gen::inRange(0, 62);
  const int ss = *rc::gen::inRange(0, 62);
  return two(y / 100) + two(y % 100) + "-" + two(mo) + "-" + two(d) + "T" + two(hh) + ":" +
         two(mm) + ":" + two(ss) + "Z";
}

}  // namespace

TEST_CASE("parse_rfc3339 fast path: agrees with the general parser on canonical strings") {
  prorata_test::check_property("canonical", [] { check_agree(gen_canonical()); });
}

TEST_CASE("parse_rfc3339 fast path: agrees with the general parser on near-canonical garbage") {
  prorata_test::check_property("near-canonical", [] {
    std::string text = gen_canonical();
    const int edits = *rc::gen::inRange(1, 4);
    for (int i = 0; i < edits; ++i) {
      static constexpr char alphabet[] = "0123456789-T:Zzt.+ /:\x7f\x80";
      const auto c = alphabet[*rc::gen::inRange<std::size_t>(0, sizeof alphabet - 1)];
      switch (*rc::gen::inRange(0, 3)) {
        case 0:
          text[*rc::gen::inRange<std::size_t>(0, text.size())] = c;
          break;
        case 1:
          text.insert(*rc::gen::inRange<std::size_t>(0, text.size() + 1), 1, c);
          break;
        default:
          if (!text.empty()) text.erase(*rc::gen::inRange<std::size_t>(0, text.size()), 1);
          break;
      }
    }
    check_agree(text);
  });
}

TEST_CASE("parse_rfc3339 fast path: edge cases") {
  const auto secs = [](int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return "instant:" +
           std::to_string((date::sys_days{date::year{y} / date::month{m} / date::day{d}} +
                           std::chrono::hours{hh} + std::chrono::minutes{mm} +
                           std::chrono::seconds{ss})
                              .time_since_epoch()
                              .count());
  };
  const char* texts[] = {
      "2000-02-29T00:00:00Z",  "2024-02-29T12:00:00Z", "2100-02-29T00:00:00Z",
      "2100-02-28T23:59:59Z",  "2023-02-29T00:00:00Z", "2026-01-31T00:00:00Z",
      "2026-04-31T00:00:00Z",  "2026-04-30T23:59:59Z", "2026-12-31T23:59:59Z",
      "1970-01-01T00:00:00Z",  "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
      "0000-02-29T00:00:00Z",  "9999-12-31T23:59:59Z", "2026-06-30T23:59:60Z",
      "2026-01-31t00:00:00z",  "2026-01-31t00:00:00Z", "2026-01-31T00:00:00z",
      "2026-01-31T24:00:00Z",  "2026-01-31T23:60:00Z", "2026-13-01T00:00:00Z",
      "2026-00-01T00:00:00Z",  "2026-01-00T00:00:00Z", "2026-01-31T00:00:00",
      "2026-01-31T00:00:00ZZ", "2026-01-31 00:00:00Z", "2026-1-31T00:00:00Z",
  };
  for (const char* t : texts) {
    CAPTURE(t);
    CHECK(public_path(t) == general_path(t));
    CHECK(public_path<std::chrono::nanoseconds>(t) == general_path<std::chrono::nanoseconds>(t));
  }
  CHECK(public_path("2000-02-29T00:00:00Z") == secs(2000, 2, 29));
  CHECK(public_path("2024-02-29T12:00:00Z") == secs(2024, 2, 29, 12));
  CHECK(public_path("2100-02-29T00:00:00Z").rfind("error:", 0) == 0);
  CHECK(public_path("2026-12-31T23:59:59Z") == secs(2026, 12, 31, 23, 59, 59));
  CHECK(public_path("1970-01-01T00:00:00Z") == "instant:0");
  CHECK(public_path("0001-01-01T00:00:00Z") == secs(1, 1, 1));
  CHECK(public_path("9999-12-31T23:59:59Z") == secs(9999, 12, 31, 23, 59, 59));
  CHECK(public_path("2026-06-30T23:59:60Z").find("leap seconds") != std::string::npos);
  CHECK(public_path("2026-01-31t00:00:00z") == secs(2026, 1, 31));
  // Out of the nanosecond range: the fast path leaves the error to the general one.
  CHECK(public_path<std::chrono::nanoseconds>("9999-12-31T23:59:59Z").rfind("error:", 0) == 0);
  std::int64_t s = 0;
  CHECK(prorata::detail::parse_canonical_rfc3339("2026-01-31T00:00:00Z", s));
  CHECK(s == 1769817600);
  CHECK_FALSE(prorata::detail::parse_canonical_rfc3339("2026-01-31t00:00:00z", s));
  CHECK_FALSE(prorata::detail::parse_canonical_rfc3339("2026-06-30T23:59:60Z", s));
}

#pragma once
// Shared helpers for the calendar tests: readable doctest output for instants
// and ratios, and short constructors.

#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>
#include <doctest/doctest.h>

#include <prorata/calendar.hpp>

namespace doctest {
template <>
struct StringMaker<prorata::instant> {
  static String convert(const prorata::instant& t) { return prorata::detail::describe(t).c_str(); }
};
template <>
struct StringMaker<prorata::ratio> {
  static String convert(const prorata::ratio& r) { return r.to_string().c_str(); }
};
}  // namespace doctest

namespace prorata_test {

/// An instant from RFC 3339 text.
inline prorata::instant at(std::string_view text) { return prorata::parse_rfc3339(text); }

/// Local midnight of y-m-d in zone (unambiguous in the zones the tests use).
inline prorata::instant local_midnight(const char* zone, int y, unsigned m, unsigned d) {
  const date::local_days day{date::year{y} / date::month{m} / date::day{d}};
  return date::locate_zone(zone)->to_sys(date::local_seconds{day});
}

}  // namespace prorata_test

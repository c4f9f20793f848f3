#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/calendar/schedule.hpp>

#include "calendar/calendar_test_util.hpp"

using prorata::billing_interval;
using prorata::instant;
using prorata::interval_unit;
using prorata::missing_day;
using prorata::schedule;
using prorata_test::at;

namespace {

void check_boundaries(const schedule& s, const std::vector<const char*>& expected) {
  for (std::size_t n = 0; n < expected.size(); ++n) {
    CAPTURE(n);
    CHECK(s.boundary(static_cast<std::int64_t>(n)) == at(expected[n]));
  }
}

}  // namespace

TEST_CASE("schedule: Jan 31 monthly through a leap year") {
  const schedule s{at("2024-01-31T00:00:00Z"), billing_interval{interval_unit::month}};
  check_boundaries(s, {"2024-01-31T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-31T00:00:00Z",
                       "2024-04-30T00:00:00Z", "2024-05-31T00:00:00Z", "2024-06-30T00:00:00Z",
                       "2024-07-31T00:00:00Z", "2024-08-31T00:00:00Z", "2024-09-30T00:00:00Z",
                       "2024-10-31T00:00:00Z", "2024-11-30T00:00:00Z", "2024-12-31T00:00:00Z",
                       "2025-01-31T00:00:00Z", "2025-02-28T00:00:00Z", "2025-03-31T00:00:00Z"});
}

TEST_CASE("schedule: Jan 31 monthly through a common year") {
  const schedule s{at("2023-01-31T09:15:30Z"), billing_interval{interval_unit::month}};
  check_boundaries(s, {"2023-01-31T09:15:30Z", "2023-02-28T09:15:30Z", "2023-03-31T09:15:30Z",
                       "2023-04-30T09:15:30Z", "2023-05-31T09:15:30Z", "2023-06-30T09:15:30Z",
                       "2023-07-31T09:15:30Z", "2023-08-31T09:15:30Z", "2023-09-30T09:15:30Z",
                       "2023-10-31T09:15:30Z", "2023-11-30T09:15:30Z", "2023-12-31T09:15:30Z",
                       "2024-01-31T09:15:30Z", "2024-02-29T09:15:30Z"});
  // The period that contains Feb 15 is [Jan 31, Feb 28), the next one [Feb 28, Mar 31).
  const auto p = s.period_containing(at("2023-02-15T00:00:00Z"));
  CHECK(p.index == 0);
  CHECK(p.span.start == at("2023-01-31T09:15:30Z"));
  CHECK(p.span.end == at("2023-02-28T09:15:30Z"));
  const auto q = s.period_containing(at("2023-03-01T00:00:00Z"));
  CHECK(q.index == 1);
  CHECK(q.span == prorata::period{at("2023-02-28T09:15:30Z"), at("2023-03-31T09:15:30Z")});
}

TEST_CASE("schedule: Jan 30 and Mar 31 anchors, every 3 months") {
  check_boundaries(schedule{at("2024-01-30T00:00:00Z"), billing_interval{interval_unit::month}},
                   {"2024-01-30T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-30T00:00:00Z"});
  check_boundaries(schedule{at("2024-03-31T00:00:00Z"), billing_interval{interval_unit::month, 3}},
                   {"2024-03-31T00:00:00Z", "2024-06-30T00:00:00Z", "2024-09-30T00:00:00Z",
                    "2024-12-31T00:00:00Z", "2025-03-31T00:00:00Z", "2025-06-30T00:00:00Z"});
  check_boundaries(schedule{at("2023-11-30T00:00:00Z"), billing_interval{interval_unit::month, 3}},
                   {"2023-11-30T00:00:00Z", "2024-02-29T00:00:00Z", "2024-05-30T00:00:00Z",
                    "2024-08-30T00:00:00Z", "2024-11-30T00:00:00Z", "2025-02-28T00:00:00Z"});
}

TEST_CASE("schedule: Feb 29 yearly over 8 years") {
  const schedule s{at("2024-02-29T10:30:00Z"), billing_interval{interval_unit::year}};
  check_boundaries(s, {"2024-02-29T10:30:00Z", "2025-02-28T10:30:00Z", "2026-02-28T10:30:00Z",
                       "2027-02-28T10:30:00Z", "2028-02-29T10:30:00Z", "2029-02-28T10:30:00Z",
                       "2030-02-28T10:30:00Z", "2031-02-28T10:30:00Z", "2032-02-29T10:30:00Z"});
  // No two billing dates coincide (Lago's dropped year, pitfall 5).
  const auto p = s.period_containing(at("2028-02-29T10:29:59Z"));
  CHECK(p.index == 3);
  CHECK(p.span.end == at("2028-02-29T10:30:00Z"));
  CHECK(s.period_containing(at("2028-02-29T10:30:00Z")).index == 4);
  // Every 4 years from Feb 29 always lands on Feb 29 (except 2100, a common year).
  const schedule quad{at("2024-02-29T00:00:00Z"), billing_interval{interval_unit::year, 4}};
  CHECK(quad.boundary(2) == at("2032-02-29T00:00:00Z"));
  CHECK(quad.boundary(19) == at("2100-02-28T00:00:00Z"));
  CHECK(quad.boundary(20) == at("2104-02-29T00:00:00Z"));
}

TEST_CASE("schedule: every 2 weeks and every 3 days") {
  const schedule fortnightly{at("2024-03-01T12:00:00Z"), billing_interval{interval_unit::week, 2}};
  check_boundaries(fortnightly, {"2024-03-01T12:00:00Z", "2024-03-15T12:00:00Z",
                                 "2024-03-29T12:00:00Z", "2024-04-12T12:00:00Z"});
  CHECK(fortnightly.boundary(26) == at("2025-02-28T12:00:00Z"));  // 364 days later
  const auto p = fortnightly.period_containing(at("2024-04-01T00:00:00Z"));
  CHECK(p.index == 2);
  CHECK(p.span == prorata::period{at("2024-03-29T12:00:00Z"), at("2024-04-12T12:00:00Z")});

  const schedule every3{at("2024-02-27T06:00:00Z"), billing_interval{interval_unit::day, 3}};
  check_boundaries(every3, {"2024-02-27T06:00:00Z", "2024-03-01T06:00:00Z", "2024-03-04T06:00:00Z",
                            "2024-03-07T06:00:00Z"});
  CHECK(every3.boundary(10) == at("2024-03-28T06:00:00Z"));
  CHECK(every3.period_containing(at("2024-03-04T05:59:59Z")).index == 1);
  CHECK(every3.period_containing(at("2024-03-04T06:00:00Z")).index == 2);
  CHECK(every3.next_boundary(at("2024-03-04T06:00:00Z")) == at("2024-03-07T06:00:00Z"));
}

TEST_CASE("schedule: a 10-day period") {
  const schedule s{at("2024-01-01T00:00:00Z"), billing_interval{interval_unit::day, 10}};
  const auto p = s.period_containing(at("2024-01-15T12:00:00Z"));
  CHECK(p.index == 1);
  CHECK(p.span == prorata::period{at("2024-01-11T00:00:00Z"), at("2024-01-21T00:00:00Z")});
  CHECK(p.span.length() == std::chrono::seconds{864000});
  CHECK(s.next_boundary(at("2024-01-15T12:00:00Z")) == at("2024-01-21T00:00:00Z"));
}

TEST_CASE("schedule: half-open periods, boundaries belong to the next period") {
  const schedule s{at("2024-01-31T00:00:00Z"), billing_interval{interval_unit::month}};
  CHECK(s.period_containing(at("2024-01-31T00:00:00Z")).index == 0);
  CHECK(s.period_containing(at("2024-02-28T23:59:59Z")).index == 0);
  CHECK(s.period_containing(at("2024-02-29T00:00:00Z")).index == 1);
  CHECK(s.period_containing(at("2024-03-30T23:59:59Z")).index == 1);
  CHECK(s.period_containing(at("2024-03-31T00:00:00Z")).index == 2);
  CHECK(s.next_boundary(at("2024-01-31T00:00:00Z")) == at("2024-02-29T00:00:00Z"));
  CHECK(s.next_boundary(at("2024-03-31T00:00:00Z")) == at("2024-04-30T00:00:00Z"));
  CHECK(s.index_of(at("2024-04-29T23:59:59Z")) == 2);
  CHECK(s.period_at(13).span ==
        prorata::period{at("2025-02-28T00:00:00Z"), at("2025-03-31T00:00:00Z")});
}

TEST_CASE("schedule: instants long after the anchor (no walking, exact result)") {
  const schedule s{at("2000-01-31T08:00:00Z"), billing_interval{interval_unit::month}};
  // 2100 is not a leap year; 1202 months after January 2000 is March 2100.
  const auto p = s.period_containing(at("2100-03-15T00:00:00Z"));
  CHECK(p.index == 1201);
  CHECK(p.span == prorata::period{at("2100-02-28T08:00:00Z"), at("2100-03-31T08:00:00Z")});
  const auto q = s.period_containing(at("2100-03-31T07:59:59Z"));
  CHECK(q.index == 1201);
  CHECK(s.period_containing(at("2100-03-31T08:00:00Z")).index == 1202);
  const schedule daily{at("1990-06-15T00:00:00Z"), billing_interval{interval_unit::day}};
  CHECK(daily.index_of(at("2090-06-15T00:00:00Z")) == 36525);
}

TEST_CASE("schedule: instants before the anchor are errors") {
  const schedule s{at("2024-01-31T00:00:00Z"), billing_interval{interval_unit::month}};
  CHECK_THROWS_AS((void)s.period_containing(at("2024-01-30T23:59:59Z")), prorata::invalid_argument);
  CHECK_THROWS_WITH((void)s.next_boundary(at("2024-01-01T00:00:00Z")),
                    "schedule: instant 2024-01-01T00:00:00Z is before the anchor "
                    "2024-01-31T00:00:00Z");
  const schedule d{at("2024-01-31T00:00:00Z"), billing_interval{interval_unit::day}};
  CHECK_THROWS_AS((void)d.index_of(at("2024-01-30T23:59:59Z")), prorata::invalid_argument);
  CHECK_THROWS_AS((void)s.boundary(-1), prorata::invalid_argument);
}

TEST_CASE("schedule: missing_day::first_of_next_month is explicit") {
  const schedule s{at("2025-01-31T00:00:00Z"), billing_interval{interval_unit::month},
                   missing_day::first_of_next_month};
  check_boundaries(s, {"2025-01-31T00:00:00Z", "2025-03-01T00:00:00Z", "2025-03-31T00:00:00Z",
                       "2025-05-01T00:00:00Z", "2025-05-31T00:00:00Z", "2025-07-01T00:00:00Z",
                       "2025-07-31T00:00:00Z"});
  CHECK(s.period_containing(at("2025-02-28T00:00:00Z")).index == 0);
  CHECK(s.period_containing(at("2025-03-01T00:00:00Z")).index == 1);
  CHECK(s.period_containing(at("2025-03-31T00:00:00Z")).index == 2);
  const schedule leap{at("2024-02-29T00:00:00Z"), billing_interval{interval_unit::year},
                      missing_day::first_of_next_month};
  check_boundaries(leap, {"2024-02-29T00:00:00Z", "2025-03-01T00:00:00Z", "2026-03-01T00:00:00Z",
                          "2027-03-01T00:00:00Z", "2028-02-29T00:00:00Z"});
  CHECK(leap.period_containing(at("2028-02-28T00:00:00Z")).index == 3);
  CHECK(leap.rule() == missing_day::first_of_next_month);
}

TEST_CASE("schedule: reanchor starts a new cycle at an instant") {
  const schedule s{at("2024-01-31T00:00:00Z"), billing_interval{interval_unit::month}};
  const instant change = at("2024-03-15T12:00:00Z");
  const schedule r = s.reanchor(change);
  CHECK(r.anchor() == change);
  CHECK(r.interval() == s.interval());
  CHECK(r.boundary(1) == at("2024-04-15T12:00:00Z"));
  CHECK(r.period_containing(change).index == 0);
  CHECK_THROWS_AS((void)r.period_containing(at("2024-03-15T11:59:59Z")), prorata::invalid_argument);
  const schedule y = s.reanchor(change, billing_interval{interval_unit::year});
  CHECK(y.boundary(1) == at("2025-03-15T12:00:00Z"));
  CHECK_FALSE(y == r);
  CHECK(s.reanchor(s.anchor()) == s);
}

TEST_CASE("schedule: out-of-range boundaries are overflow errors, never wrap") {
  const schedule m{at("2024-01-31T00:00:00Z"), billing_interval{interval_unit::month}};
  const date::sys_days far{date::year{32024} / 1 / 31};
  CHECK(m.boundary(12 * 30000) == instant{far});
  CHECK_THROWS_AS((void)m.boundary(12 * 40000), prorata::overflow_error);
  CHECK_THROWS_AS((void)m.boundary(INT64_MAX), prorata::overflow_error);
  const schedule big{at("2024-01-01T00:00:00Z"), billing_interval{interval_unit::year, INT64_MAX}};
  CHECK_THROWS_AS((void)big.boundary(1), prorata::overflow_error);
  CHECK_THROWS_AS((void)big.period_containing(at("2030-01-01T00:00:00Z")), prorata::overflow_error);
  const schedule w{at("2024-01-01T00:00:00Z"), billing_interval{interval_unit::week, INT64_MAX}};
  CHECK_THROWS_AS((void)w.boundary(1), prorata::overflow_error);
  const schedule d{at("2024-01-01T00:00:00Z"), billing_interval{interval_unit::day}};
  CHECK_THROWS_AS((void)d.boundary(INT64_MAX / 2), prorata::overflow_error);
}

#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include <prorata/calendar/schedule.hpp>
#include <prorata/calendar/share.hpp>

#include "calendar/calendar_test_util.hpp"

using prorata::partial_day;
using prorata::period;
using prorata::ratio;
using prorata::remaining_share;
using prorata::share_basis;
using prorata_test::at;
using prorata_test::local_midnight;

namespace {

constexpr std::int64_t hour = 3600;

share_basis days(const char* zone, partial_day rule) { return share_basis::days_in(zone, rule); }

}  // namespace

TEST_CASE("remaining_share: change at Jan 15 12:00 UTC in a 31-day month") {
  const period jan{at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z")};
  const auto t = at("2024-01-15T12:00:00Z");

  // By seconds (the default): 16.5 / 31 days.
  const ratio by_seconds = remaining_share(jan, t);
  CHECK(by_seconds.num() == 1425600);
  CHECK(by_seconds.den() == 2678400);
  CHECK(by_seconds == ratio{33, 62});
  CHECK(remaining_share(jan, t, share_basis::seconds()) == by_seconds);

  // By days in UTC, for each partial-day rule (pitfall 3: 17/31, 16/31, 16.5/31).
  const ratio started = remaining_share(jan, t, days("UTC", partial_day::count_started_day));
  CHECK(started.num() == 17);
  CHECK(started.den() == 31);
  const ratio whole = remaining_share(jan, t, days("UTC", partial_day::whole_days_only));
  CHECK(whole.num() == 16);
  CHECK(whole.den() == 31);
  const ratio exact = remaining_share(jan, t, days("UTC", partial_day::exact_fraction));
  CHECK(exact == ratio{33, 62});
  CHECK_FALSE(exact == ratio{17, 31});
  CHECK(whole < exact);
  CHECK(exact < started);
}

TEST_CASE("remaining_share: 1 at the start and 0 at the end under every basis") {
  const period jan{at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z")};
  const period ny_utc{at("2024-03-01T00:00:00Z"), at("2024-04-01T00:00:00Z")};  // 19:00 local
  for (const period& p : {jan, ny_utc}) {
    for (const share_basis& b :
         {share_basis::seconds(), days("America/New_York", partial_day::whole_days_only),
          days("America/New_York", partial_day::count_started_day),
          days("America/New_York", partial_day::exact_fraction),
          days("Asia/Kolkata", partial_day::whole_days_only),
          days("Asia/Kolkata", partial_day::exact_fraction),
          days("UTC", partial_day::exact_fraction)}) {
      CHECK(remaining_share(p, p.start, b) == ratio::one());
      CHECK(remaining_share(p, p.end, b) == ratio::zero());
      const ratio mid = remaining_share(p, p.start + std::chrono::seconds{86400 * 10}, b);
      CHECK(mid < ratio::one());
      CHECK(mid > ratio::zero());
    }
  }
}

TEST_CASE("remaining_share: a 10-day period of a schedule") {
  const prorata::schedule s{at("2024-01-01T00:00:00Z"),
                            prorata::billing_interval{prorata::interval_unit::day, 10}};
  const auto t = at("2024-01-15T12:00:00Z");
  const auto p = s.period_containing(t);
  CHECK(remaining_share(p, t) == ratio{475200, 864000});
  CHECK(remaining_share(p, t).den() == 864000);
  CHECK(remaining_share(p, t, days("UTC", partial_day::count_started_day)) == ratio{6, 10});
  CHECK(remaining_share(p, t, days("UTC", partial_day::whole_days_only)) == ratio{5, 10});
  CHECK(remaining_share(p, t, days("UTC", partial_day::exact_fraction)) == ratio{11, 20});
}

TEST_CASE("remaining_share: America/New_York March 2024 (spring forward) is 743 hours, 31 days") {
  const period march{local_midnight("America/New_York", 2024, 3, 1),
                     local_midnight("America/New_York", 2024, 4, 1)};
  CHECK(march.start == at("2024-03-01T05:00:00Z"));
  CHECK(march.end == at("2024-04-01T04:00:00Z"));
  CHECK(march.length() == std::chrono::seconds{743 * hour});
  const auto& zone = *date::locate_zone("America/New_York");
  CHECK(prorata::length_in_days(march, zone) == 31);

  // Change at Mar 15 00:00 local (pitfall 7): 408/743 by seconds, 17/31 by days.
  const auto t = local_midnight("America/New_York", 2024, 3, 15);
  const ratio s = remaining_share(march, t);
  CHECK(s.num() == 408 * hour);
  CHECK(s.den() == 743 * hour);
  for (auto rule : {partial_day::whole_days_only, partial_day::count_started_day,
                    partial_day::exact_fraction}) {
    CHECK(remaining_share(march, t, share_basis::days_in(zone, rule)) == ratio{17, 31});
  }
  // Noon on the 23-hour day (Mar 10): 12 of its 23 hours remain, plus 21 whole days.
  const auto noon = at("2024-03-10T16:00:00Z");  // 12:00 EDT
  CHECK(remaining_share(march, noon, days("America/New_York", partial_day::exact_fraction)) ==
        ratio{21 * 23 + 12, 31 * 23});
  CHECK(remaining_share(march, noon, days("America/New_York", partial_day::count_started_day)) ==
        ratio{22, 31});
  CHECK(remaining_share(march, noon, days("America/New_York", partial_day::whole_days_only)) ==
        ratio{21, 31});
}

TEST_CASE("remaining_share: America/New_York November 2024 (fall back) is 721 hours, 30 days") {
  const period november{local_midnight("America/New_York", 2024, 11, 1),
                        local_midnight("America/New_York", 2024, 12, 1)};
  CHECK(november.length() == std::chrono::seconds{721 * hour});
  CHECK(prorata::length_in_days(november, *date::locate_zone("America/New_York")) == 30);
  const auto t = at("2024-11-03T17:00:00Z");  // 12:00 EST on the 25-hour day
  CHECK(remaining_share(november, t) == ratio{(27 * 24 + 12) * hour, 721 * hour});
  CHECK(remaining_share(november, t, days("America/New_York", partial_day::exact_fraction)) ==
        ratio{27 * 25 + 12, 30 * 25});
  CHECK(remaining_share(november, t, days("America/New_York", partial_day::count_started_day)) ==
        ratio{28, 30});
  CHECK(remaining_share(november, t, days("America/New_York", partial_day::whole_days_only)) ==
        ratio{27, 30});
}

TEST_CASE("remaining_share: Europe/Berlin October 2024 is 745 hours, March 2024 743 hours") {
  const period october{local_midnight("Europe/Berlin", 2024, 10, 1),
                       local_midnight("Europe/Berlin", 2024, 11, 1)};
  CHECK(october.start == at("2024-09-30T22:00:00Z"));
  CHECK(october.end == at("2024-10-31T23:00:00Z"));
  CHECK(october.length() == std::chrono::seconds{745 * hour});
  const auto& berlin = *date::locate_zone("Europe/Berlin");
  CHECK(prorata::length_in_days(october, berlin) == 31);
  const auto t = local_midnight("Europe/Berlin", 2024, 10, 15);
  CHECK(remaining_share(october, t) == ratio{(17 * 24 + 1) * hour, 745 * hour});
  CHECK(remaining_share(october, t, share_basis::days_in(berlin, partial_day::whole_days_only)) ==
        ratio{17, 31});

  const period march{local_midnight("Europe/Berlin", 2024, 3, 1),
                     local_midnight("Europe/Berlin", 2024, 4, 1)};
  CHECK(march.length() == std::chrono::seconds{743 * hour});
  CHECK(prorata::length_in_days(march, berlin) == 31);
  // In UTC the same period is Feb 29 23:00 to Mar 31 22:00: Feb 29 counts, Mar 31 does not.
  CHECK(prorata::length_in_days(march, *date::locate_zone("UTC")) == 31);
}

TEST_CASE("remaining_share: boundaries that are not local midnight") {
  // A UTC-midnight period seen from New York: Feb 29 19:00 EST to Mar 31 20:00 EDT.
  const period p{at("2024-03-01T00:00:00Z"), at("2024-04-01T00:00:00Z")};
  const auto& ny = *date::locate_zone("America/New_York");
  CHECK(prorata::length_in_days(p, ny) == 31);
  const auto exact = share_basis::days_in(ny, partial_day::exact_fraction);
  const auto whole = share_basis::days_in(ny, partial_day::whole_days_only);
  const auto started = share_basis::days_in(ny, partial_day::count_started_day);
  // Feb 29 21:00 EST: the first date counts as one day made of its 5 hours in the period.
  const auto t = at("2024-03-01T02:00:00Z");
  CHECK(remaining_share(p, t, exact) == ratio{30 * 5 * 3600 + 3 * 3600, 31 * 5 * 3600});
  CHECK(remaining_share(p, t, whole) == ratio{30, 31});
  CHECK(remaining_share(p, t, started) == ratio{31, 31});
  // Mar 30 23:00 EDT: last counted date.
  CHECK(remaining_share(p, at("2024-03-31T03:00:00Z"), started) == ratio{1, 31});
  CHECK(remaining_share(p, at("2024-03-31T03:00:00Z"), exact) == ratio{3600, 31 * 86400});
  // Mar 31 local: the end's date is not counted, nothing remains.
  CHECK(remaining_share(p, at("2024-03-31T04:00:00Z"), started) == ratio::zero());
  CHECK(remaining_share(p, at("2024-03-31T23:59:59Z"), exact) == ratio::zero());
}

TEST_CASE("remaining_share: errors") {
  const period jan{at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z")};
  CHECK_THROWS_AS((void)remaining_share(jan, at("2023-12-31T23:59:59Z")),
                  prorata::invalid_argument);
  CHECK_THROWS_AS((void)remaining_share(jan, at("2024-02-01T00:00:01Z")),
                  prorata::invalid_argument);
  CHECK_THROWS_WITH((void)remaining_share(jan, at("2024-02-01T00:00:01Z")),
                    "remaining_share: instant 2024-02-01T00:00:01Z is outside the period "
                    "[2024-01-01T00:00:00Z, 2024-02-01T00:00:00Z]");
  CHECK_THROWS_AS((void)remaining_share(period{jan.end, jan.start}, jan.start),
                  prorata::invalid_argument);
  CHECK_THROWS_AS((void)remaining_share(period{jan.start, jan.start}, jan.start),
                  prorata::invalid_argument);
  CHECK_THROWS_WITH((void)share_basis::days_in("Mars/Olympus_Mons", partial_day::exact_fraction),
                    "share_basis::days_in: \"Mars/Olympus_Mons\" is not a time zone in the IANA "
                    "database");
  CHECK_THROWS_AS((void)share_basis::days_in("", partial_day::exact_fraction),
                  prorata::invalid_argument);
  // A period inside one local date has no day to count.
  const period hours{at("2024-01-01T01:00:00Z"), at("2024-01-01T05:00:00Z")};
  CHECK(remaining_share(hours, at("2024-01-01T02:00:00Z")) == ratio{3, 4});
  CHECK_THROWS_AS(
      (void)remaining_share(hours, hours.start, days("UTC", partial_day::count_started_day)),
      prorata::invalid_argument);
}

TEST_CASE("share_basis: accessors") {
  const share_basis s;
  CHECK(s.kind() == prorata::basis_kind::seconds);
  CHECK(s.zone() == nullptr);
  const auto d = days("Europe/Berlin", partial_day::whole_days_only);
  CHECK(d.kind() == prorata::basis_kind::days_in_zone);
  CHECK(d.zone()->name() == "Europe/Berlin");
  CHECK(d.rule() == partial_day::whole_days_only);
}

TEST_CASE("docs/calendar.md example") {
  const prorata::schedule s{at("2024-01-31T00:00:00Z"),
                            prorata::parse_billing_interval("Month", 1)};
  const auto change = at("2024-02-15T12:00:00+05:30");
  const auto p = s.period_containing(change);
  CHECK(p.index == 0);
  CHECK(s.next_boundary(change) == at("2024-02-29T00:00:00Z"));
  CHECK(remaining_share(p, change) ==
        ratio{(at("2024-02-29T00:00:00Z") - change).count(), 29 * 86400});
  CHECK(remaining_share(p, change, days("Asia/Kolkata", partial_day::count_started_day)) ==
        ratio{14, 29});
  CHECK(s.reanchor(change).anchor() == change);
  CHECK(prorata::format_rfc3339(s.next_boundary(change)) == "2024-02-29T00:00:00Z");
}

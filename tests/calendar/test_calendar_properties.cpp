// RapidCheck properties of the calendar layer.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/calendar.hpp>

#include "calendar/calendar_test_util.hpp"
#include "support/property.hpp"

using prorata::billing_interval;
using prorata::instant;
using prorata::interval_unit;
using prorata::missing_day;
using prorata::ratio;
using prorata::schedule;

namespace {

// 1900-01-01 .. 2200-01-01, in seconds since the epoch.
constexpr std::int64_t min_anchor = -2208988800;
constexpr std::int64_t max_anchor = 7258118400;

instant gen_anchor() {
  // Half of the anchors at the end of a month (29th, 30th, 31st) where clamping matters.
  if (*rc::gen::inRange(0, 2) == 0) {
    return instant{std::chrono::seconds{*rc::gen::inRange(min_anchor, max_anchor)}};
  }
  const int y = *rc::gen::inRange(1900, 2200);
  const auto m = static_cast<unsigned>(*rc::gen::inRange(1, 13));
  const date::year_month ym{date::year{y}, date::month{m}};
  const unsigned last = static_cast<unsigned>((ym / date::last).day());
  const auto d = static_cast<unsigned>(*rc::gen::inRange(28, static_cast<int>(last) + 1));
  return date::sys_days{ym / date::day{d}} +
         std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, 86400)};
}

billing_interval gen_interval() {
  const auto unit = *rc::gen::element(interval_unit::day, interval_unit::week, interval_unit::month,
                                      interval_unit::year);
  const std::int64_t count =
      *rc::gen::inRange<std::int64_t>(1, unit == interval_unit::day ? 400 : 25);
  return billing_interval{unit, count};
}

missing_day gen_rule() {
  return *rc::gen::element(missing_day::clamp_to_month_end, missing_day::first_of_next_month);
}

schedule gen_schedule() { return schedule{gen_anchor(), gen_interval(), gen_rule()}; }

/// A period index that keeps boundaries well inside date's years (at most
/// 1500 * 24 months or 300 * 24 years after 2200).
std::int64_t gen_index(const schedule& s) {
  return *rc::gen::inRange<std::int64_t>(0,
                                         s.interval().unit() == interval_unit::year ? 300 : 1500);
}

/// An instant up to about 120 years after t.
instant gen_after(instant t) {
  return t +
         std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, std::int64_t{120} * 366 * 86400)};
}

}  // namespace

TEST_CASE("property: boundaries strictly increase") {
  prorata_test::check_property("boundary(n) < boundary(n + 1)", [] {
    const schedule s = gen_schedule();
    const std::int64_t n = gen_index(s);
    RC_ASSERT(s.boundary(n) < s.boundary(n + 1));
    RC_ASSERT(s.boundary(0) == s.anchor());
  });
}

TEST_CASE("property: periods tile the time line") {
  prorata_test::check_property("end of period n is the start of period n + 1", [] {
    const schedule s = gen_schedule();
    const std::int64_t n = gen_index(s);
    const auto p = s.period_at(n);
    const auto q = s.period_at(n + 1);
    RC_ASSERT(p.index == n);
    RC_ASSERT(p.span.end == q.span.start);
    RC_ASSERT(p.span.start < p.span.end);
    // The last instant of period n and the first of period n + 1 are found in them.
    RC_ASSERT(s.period_containing(p.span.end - std::chrono::seconds{1}) == p);
    RC_ASSERT(s.period_containing(q.span.start) == q);
  });
}

TEST_CASE("property: the period found for an instant contains it") {
  prorata_test::check_property("period_containing(t).span.contains(t)", [] {
    const schedule s = gen_schedule();
    const instant t = gen_after(s.anchor());
    const auto p = s.period_containing(t);
    RC_ASSERT(p.span.contains(t));
    RC_ASSERT(p.index >= 0);
    RC_ASSERT(p.span.start == s.boundary(p.index));
    RC_ASSERT(p.span.end == s.boundary(p.index + 1));
    RC_ASSERT(s.next_boundary(t) == p.span.end);
    RC_ASSERT(s.index_of(t) == p.index);
  });
}

TEST_CASE("property: clamped days never drift") {
  prorata_test::check_property("day of boundary n == min(anchor day, days in its month)", [] {
    const auto unit = *rc::gen::element(interval_unit::month, interval_unit::year);
    const billing_interval interval{unit, *rc::gen::inRange<std::int64_t>(1, 25)};
    const schedule s{gen_anchor(), interval};
    const std::int64_t n = gen_index(s);
    const auto anchor_day = date::floor<date::days>(s.anchor());
    const date::year_month_day a{anchor_day};
    const auto b = s.boundary(n);
    const auto b_day = date::floor<date::days>(b);
    const date::year_month_day ymd{b_day};
    // The month is the anchor's plus n * count (12 per year) months...
    const std::int64_t months_per = unit == interval_unit::year ? 12 : 1;
    const std::int64_t expected_months =
        (int{a.year()} * std::int64_t{12} + static_cast<unsigned>(a.month()) - 1) +
        n * interval.count() * months_per;
    RC_ASSERT(int{ymd.year()} * std::int64_t{12} + static_cast<unsigned>(ymd.month()) - 1 ==
              expected_months);
    // ...the day is the anchor's, clamped to the month...
    const unsigned last = static_cast<unsigned>((ymd.year() / ymd.month() / date::last).day());
    const unsigned want = std::min(static_cast<unsigned>(a.day()), last);
    RC_ASSERT(static_cast<unsigned>(ymd.day()) == want);
    // ...and the time of day is the anchor's.
    RC_ASSERT(b - date::sys_seconds{b_day} == s.anchor() - date::sys_seconds{anchor_day});
  });
}

TEST_CASE("property: Day and Week boundaries are exact multiples") {
  prorata_test::check_property("boundary(n) == anchor + n * count * unit", [] {
    const auto unit = *rc::gen::element(interval_unit::day, interval_unit::week);
    const billing_interval interval{unit, *rc::gen::inRange<std::int64_t>(1, 400)};
    const schedule s{gen_anchor(), interval};
    const std::int64_t n = gen_index(s);
    const std::int64_t unit_seconds = unit == interval_unit::day ? 86400 : 604800;
    RC_ASSERT(s.boundary(n) ==
              s.anchor() + std::chrono::seconds{n * interval.count() * unit_seconds});
  });
}

TEST_CASE("property: the share is within [0, 1] and decreases as the instant moves forward") {
  static const std::vector<std::string> zones{"UTC",
                                              "America/New_York",
                                              "Europe/Berlin",
                                              "Asia/Kolkata",
                                              "Australia/Lord_Howe",
                                              "Pacific/Chatham",
                                              "America/Sao_Paulo",
                                              "Asia/Kathmandu"};
  prorata_test::check_property("0 <= share(t2) <= share(t1) <= 1 for t1 <= t2", [] {
    const schedule s = gen_schedule();
    const auto p = s.period_at(*rc::gen::inRange<std::int64_t>(0, 200)).span;
    const std::int64_t len = p.length().count();
    std::int64_t o1 = *rc::gen::inRange<std::int64_t>(0, len + 1);
    std::int64_t o2 = *rc::gen::inRange<std::int64_t>(0, len + 1);
    if (o2 < o1) std::swap(o1, o2);
    const instant t1 = p.start + std::chrono::seconds{o1};
    const instant t2 = p.start + std::chrono::seconds{o2};

    std::vector<prorata::share_basis> bases{prorata::share_basis::seconds()};
    const std::string zone = *rc::gen::elementOf(zones);
    for (auto rule :
         {prorata::partial_day::whole_days_only, prorata::partial_day::count_started_day,
          prorata::partial_day::exact_fraction}) {
      bases.push_back(prorata::share_basis::days_in(zone, rule));
    }
    for (const auto& basis : bases) {
      if (basis.kind() == prorata::basis_kind::days_in_zone &&
          prorata::detail::local_date(*basis.zone(), p.end) ==
              prorata::detail::local_date(*basis.zone(), p.start)) {
        continue;  // shorter than a local day: rejected, tested elsewhere
      }
      const ratio s1 = prorata::remaining_share(p, t1, basis);
      const ratio s2 = prorata::remaining_share(p, t2, basis);
      RC_ASSERT(ratio::zero() <= s2);
      RC_ASSERT(s2 <= s1);
      RC_ASSERT(s1 <= ratio::one());
      RC_ASSERT(s1.den() > 0);
      RC_ASSERT(prorata::remaining_share(p, p.start, basis) == ratio::one());
      RC_ASSERT(prorata::remaining_share(p, p.end, basis) == ratio::zero());
    }
  });
}

TEST_CASE("property: the seconds share is exactly (end - t) / (end - start)") {
  prorata_test::check_property("seconds share", [] {
    const schedule s = gen_schedule();
    const auto p = s.period_at(gen_index(s)).span;
    const std::int64_t len = p.length().count();
    const std::int64_t off = *rc::gen::inRange<std::int64_t>(0, len + 1);
    const ratio r = prorata::remaining_share(p, p.start + std::chrono::seconds{off});
    RC_ASSERT(r.num() == len - off);
    RC_ASSERT(r.den() == len);
  });
}

TEST_CASE("property: RFC 3339 round trip") {
  prorata_test::check_property("parse(format(t)) == t", [] {
    const instant t{
        std::chrono::seconds{*rc::gen::inRange<std::int64_t>(-62167219200, 253402300800)}};
    const auto text = prorata::format_rfc3339(t);
    RC_ASSERT(text.size() == 20u);
    RC_ASSERT(prorata::parse_rfc3339(text) == t);
    // The same instant written with an offset parses to the same UTC value.
    const int minutes = *rc::gen::inRange(-23 * 60 - 59, 23 * 60 + 60);
    const auto local = t + std::chrono::minutes{minutes};
    const auto day = date::floor<date::days>(local);
    if (int{date::year_month_day{day}.year()} < 0 || int{date::year_month_day{day}.year()} > 9999) {
      return;
    }
    std::string with_offset = prorata::format_rfc3339(local);
    with_offset.pop_back();  // drop the Z
    const int am = minutes < 0 ? -minutes : minutes;
    with_offset += minutes < 0 ? '-' : '+';
    with_offset += static_cast<char>('0' + am / 600);
    with_offset += static_cast<char>('0' + am / 60 % 10);
    with_offset += ':';
    with_offset += static_cast<char>('0' + am % 60 / 10);
    with_offset += static_cast<char>('0' + am % 10);
    RC_ASSERT(prorata::parse_rfc3339(with_offset) == t);
  });
}

TEST_CASE("property: reanchor gives a schedule starting at the instant") {
  prorata_test::check_property("reanchor(t).period_containing(t).index == 0", [] {
    const schedule s = gen_schedule();
    const instant t = gen_after(s.anchor());
    const schedule r = s.reanchor(t);
    RC_ASSERT(r.anchor() == t);
    RC_ASSERT(r.period_containing(t).index == 0);
    RC_ASSERT(r.period_containing(t).span.start == t);
    RC_ASSERT(r.interval() == s.interval());
  });
}

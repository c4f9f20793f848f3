#pragma once
/// \file
/// Anchored billing schedules: boundary n is computed from the anchor and n
/// intervals, never from the previous boundary, so a clamped day never drifts.

#include <chrono>
#include <cstdint>
#include <string>

#include <date/date.h>

#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/calendar/period.hpp>
#include <prorata/detail/int128.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// What a Month or Year schedule does when the anchor's day of month does not
/// exist in a target month (anchor on the 29th, 30th or 31st; Feb 29 yearly).
/// Vendors differ here (reference/peers.md, pitfall 2), so it is explicit.
enum class missing_day {
  /// Use the month's last day; the anchor's day comes back in months that have
  /// it: Jan 31 monthly gives Feb 29 (2024) / Feb 28, Mar 31, Apr 30, ...
  /// (Stripe, Recurly, Chargebee). The default.
  clamp_to_month_end,
  /// Use the first day of the following month (PayPal): Jan 31 monthly in
  /// 2025 gives Mar 1, Mar 31, May 1, May 31, ...
  first_of_next_month,
};

/// A billing schedule: an anchor instant (UTC), an interval and a missing-day
/// rule. Boundary 0 is the anchor; period n is [boundary(n), boundary(n + 1)).
///
/// Day and Week boundaries are the anchor plus n * count * 86400 (or 604800)
/// seconds exactly. Month and Year boundaries add n * count months (12 per
/// year) to the anchor's UTC year and month, take the anchor's day of month
/// (adjusted by the missing_day rule) and keep the anchor's UTC time of day.
class schedule {
 public:
  /// Starts a schedule at `anchor`. Throws invalid_argument if the anchor's
  /// year is outside -32767..32767.
  schedule(instant anchor, billing_interval interval,
           missing_day rule = missing_day::clamp_to_month_end)
      : anchor_(anchor), interval_(interval), rule_(rule) {
    if (!detail::in_calendar_range(anchor)) {
      throw invalid_argument("schedule: anchor " + detail::describe(anchor) +
                             " is outside the supported years -32767..32767");
    }
    const auto day = date::floor<date::days>(anchor);
    const date::year_month_day ymd{day};
    year_ = static_cast<int>(ymd.year());
    month_ = static_cast<unsigned>(ymd.month());
    day_ = static_cast<unsigned>(ymd.day());
    time_of_day_ = anchor - date::sys_seconds{day};
  }

  /// The instant the schedule starts at (boundary 0).
  [[nodiscard]] instant anchor() const noexcept { return anchor_; }
  /// The interval between boundaries.
  [[nodiscard]] billing_interval interval() const noexcept { return interval_; }
  /// The rule for days of month that do not exist.
  [[nodiscard]] missing_day rule() const noexcept { return rule_; }

  /// Boundary n >= 0, computed directly from the anchor (O(1)).
  /// Throws invalid_argument if n < 0, overflow_error if the boundary's year
  /// would leave -32767..32767 or the seconds count would not fit in 64 bits.
  [[nodiscard]] instant boundary(std::int64_t n) const {
    if (n < 0) {
      throw invalid_argument("schedule::boundary: index " + std::to_string(n) +
                             " is negative (boundary 0 is the anchor)");
    }
    switch (interval_.unit()) {
      case interval_unit::day:
        return add_seconds(n, 86400);
      case interval_unit::week:
        return add_seconds(n, 604800);
      case interval_unit::month:
        return add_months(n, 1);
      case interval_unit::year:
        return add_months(n, 12);
    }
    throw invalid_argument("schedule::boundary: unknown interval unit");
  }

  /// Period n >= 0: [boundary(n), boundary(n + 1)).
  [[nodiscard]] numbered_period period_at(std::int64_t n) const {
    if (n == detail::max_of<std::int64_t>) {
      throw overflow_error("schedule::period_at: index " + std::to_string(n) + " is too large");
    }
    return numbered_period{n, period{boundary(n), boundary(n + 1)}};
  }

  /// The period that contains t (start <= t < end) and its index.
  /// O(1): the index is estimated from the elapsed time (exactly for Day and
  /// Week; from the elapsed calendar months for Month and Year) and then
  /// corrected by at most two steps; it never walks from the anchor.
  /// Throws invalid_argument if t is before the anchor.
  [[nodiscard]] numbered_period period_containing(instant t) const {
    if (t < anchor_) {
      throw invalid_argument("schedule: instant " + detail::describe(t) + " is before the anchor " +
                             detail::describe(anchor_));
    }
    const std::int64_t elapsed = (t - anchor_).count();  // >= 0, no overflow: t >= anchor_
    switch (interval_.unit()) {
      case interval_unit::day:
        return period_at(elapsed / step_seconds(86400));
      case interval_unit::week:
        return period_at(elapsed / step_seconds(604800));
      case interval_unit::month:
      case interval_unit::year:
        break;
    }
    // Month and Year. Boundary n lies in calendar month anchor + n * step (or
    // the month after it under first_of_next_month), so the month count gives
    // n within one step; correct it against the exact boundaries (at most two
    // steps down, one up; each boundary is computed once).
    const int128 step = months_per_step();
    if (!detail::in_calendar_range(t)) {
      throw overflow_error("schedule: instant " + detail::describe(t) +
                           " is outside the supported years -32767..32767");
    }
    const date::year_month_day ymd{date::floor<date::days>(t)};
    const std::int64_t months = (std::int64_t{static_cast<int>(ymd.year())} - year_) * 12 +
                                (std::int64_t{static_cast<unsigned>(ymd.month())} - month_);
    // 0 <= months < 800000 because anchor_ <= t and both are in date's years;
    // a step that large means t is in period 0.
    std::int64_t n = step > months ? 0 : months / static_cast<std::int64_t>(step);
    instant start = boundary(n);
    instant end = anchor_;
    if (start > t) {
      do {
        end = start;
        start = boundary(--n);
      } while (n > 0 && start > t);
    } else {
      end = boundary(n + 1);
      while (end <= t) {
        start = end;
        end = boundary(++n + 1);
      }
    }
    return numbered_period{n, period{start, end}};
  }

  /// The index of the period that contains t (see period_containing).
  [[nodiscard]] std::int64_t index_of(instant t) const { return period_containing(t).index; }

  /// The first boundary strictly after t: the end of period_containing(t).
  /// Throws invalid_argument if t is before the anchor.
  [[nodiscard]] instant next_boundary(instant t) const { return period_containing(t).span.end; }

  /// A new schedule with the same interval and rule, anchored at `at` (a plan
  /// change that resets the billing cycle starts the new cycle there).
  [[nodiscard]] schedule reanchor(instant at) const { return schedule{at, interval_, rule_}; }

  /// A new schedule anchored at `at` with a new interval (plan change to a
  /// plan with a different billing frequency); the missing-day rule is kept.
  [[nodiscard]] schedule reanchor(instant at, billing_interval interval) const {
    return schedule{at, interval, rule_};
  }

  /// Same anchor, interval and rule.
  [[nodiscard]] friend bool operator==(const schedule& a, const schedule& b) noexcept {
    return a.anchor_ == b.anchor_ && a.interval_ == b.interval_ && a.rule_ == b.rule_;
  }

 private:
  [[nodiscard]] std::int64_t step_seconds(std::int64_t unit_seconds) const {
    const int128 s = int128{interval_.count()} * unit_seconds;
    if (s > detail::max_of<std::int64_t>) {
      throw overflow_error("schedule: interval " + to_string(interval_) +
                           " is too long to count in seconds");
    }
    return static_cast<std::int64_t>(s);
  }

  [[nodiscard]] int128 months_per_step() const noexcept {
    return int128{interval_.count()} * (interval_.unit() == interval_unit::year ? 12 : 1);
  }

  [[nodiscard]] instant add_seconds(std::int64_t n, std::int64_t unit_seconds) const {
    const int128 units = int128{n} * int128{interval_.count()};  // < 2^126
    const int128 total =
        units > detail::max_of<std::int64_t>
            ? int128{detail::max_of<std::int64_t>} + 1
            : int128{anchor_.time_since_epoch().count()} + units * int128{unit_seconds};
    if (total > detail::max_of<std::int64_t>) {
      throw overflow_error("schedule::boundary: boundary " + std::to_string(n) + " of " +
                           to_string(interval_) + " from " + detail::describe(anchor_) +
                           " does not fit in 64-bit seconds");
    }
    return instant{std::chrono::seconds{static_cast<std::int64_t>(total)}};
  }

  [[nodiscard]] instant add_months(std::int64_t n, std::int64_t months_per_unit) const {
    // date::year spans 65535 years, fewer than 800000 months: anything more is
    // out of range, and below that every intermediate fits in 64 bits.
    constexpr std::int64_t max_months = 800000;
    const int128 units = int128{n} * int128{interval_.count()};  // < 2^126
    if (units * months_per_unit > max_months) {
      throw overflow_error("schedule::boundary: boundary " + std::to_string(n) + " of " +
                           to_string(interval_) + " from " + detail::describe(anchor_) +
                           " is beyond the year 32767");
    }
    // Months since January of year 0 (year_ >= -32767, so the sum may be negative).
    const std::int64_t target = std::int64_t{year_} * 12 + (month_ - 1) +
                                static_cast<std::int64_t>(units) * months_per_unit;
    const std::int64_t y = target >= 0 ? target / 12 : -((-target + 11) / 12);
    const auto m = static_cast<unsigned>(target - y * 12) + 1;
    if (y > 32767) {
      throw overflow_error("schedule::boundary: boundary " + std::to_string(n) + " of " +
                           to_string(interval_) + " from " + detail::describe(anchor_) +
                           " is beyond the year 32767");
    }
    const date::year_month ym{date::year{static_cast<int>(y)}, date::month{m}};
    const date::day last = (ym / date::last).day();
    date::sys_days day;
    if (date::day{day_} <= last) {
      day = date::sys_days{ym / date::day{day_}};
    } else if (rule_ == missing_day::clamp_to_month_end) {
      day = date::sys_days{ym / last};
    } else {
      day = date::sys_days{ym / last} + date::days{1};
    }
    return date::sys_seconds{day} + time_of_day_;
  }

  instant anchor_;
  billing_interval interval_;
  missing_day rule_;
  int year_ = 0;  // the anchor's UTC civil date and time of day
  unsigned month_ = 1;
  unsigned day_ = 1;
  std::chrono::seconds time_of_day_{0};
};

}  // namespace prorata

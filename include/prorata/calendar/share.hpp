#pragma once
/// \file
/// The exact share of a period that remains at an instant, by seconds or by
/// calendar days in an IANA time zone.

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/period.hpp>
#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/ratio.hpp>

namespace prorata {

/// What a day-based share does with the local day that contains the instant.
/// Days are local calendar days of the zone: a 23- or 25-hour day is one day.
enum class partial_day {
  /// Only days that have not started count: the instant's own day counts only
  /// if the instant is exactly its first instant (Jan 15 12:00 of a Jan 1 ->
  /// Feb 1 period leaves 16 of 31 days).
  whole_days_only,
  /// The instant's own day counts as a whole remaining day (Jan 15 12:00
  /// leaves 17 of 31 days).
  count_started_day,
  /// The instant's own day counts by the exact fraction of its real length
  /// (in seconds) that remains (Jan 15 12:00 UTC leaves 16 + 1/2 of 31 days).
  exact_fraction,
};

/// How remaining_share measures a period.
enum class basis_kind {
  seconds,       ///< Elapsed real seconds (UTC): Stripe's convention.
  days_in_zone,  ///< Local calendar days in an IANA zone, with a partial_day rule.
};

/// The measure of a share: seconds (the default), or calendar days in a time
/// zone with a rule for the partially used day.
class share_basis {
 public:
  /// Seconds.
  constexpr share_basis() noexcept = default;

  /// Seconds: remaining = end - t, length = end - start.
  [[nodiscard]] static constexpr share_basis seconds() noexcept { return share_basis{}; }

  /// Calendar days in the IANA zone `zone_name` (e.g. "America/New_York"),
  /// looked up in the system time zone database. Throws invalid_argument
  /// naming the zone if it is unknown.
  [[nodiscard]] static share_basis days_in(std::string_view zone_name, partial_day rule) {
    const date::time_zone* zone = nullptr;
    try {
      zone = date::locate_zone(zone_name);
    } catch (const std::exception&) {
      zone = nullptr;
    }
    if (zone == nullptr) {
      throw invalid_argument("share_basis::days_in: " + detail::quote(zone_name) +
                             " is not a time zone in the IANA database");
    }
    return share_basis{zone, rule};
  }

  /// Calendar days in `zone` (a zone of date's database, which outlives it).
  [[nodiscard]] static share_basis days_in(const date::time_zone& zone, partial_day rule) noexcept {
    return share_basis{&zone, rule};
  }

  /// Seconds or days in a zone.
  [[nodiscard]] constexpr basis_kind kind() const noexcept {
    return zone_ == nullptr ? basis_kind::seconds : basis_kind::days_in_zone;
  }
  /// The zone of a days_in_zone basis; nullptr for seconds.
  [[nodiscard]] constexpr const date::time_zone* zone() const noexcept { return zone_; }
  /// The partial-day rule (meaningful for days_in_zone only).
  [[nodiscard]] constexpr partial_day rule() const noexcept { return rule_; }

 private:
  constexpr share_basis(const date::time_zone* zone, partial_day rule) noexcept
      : zone_(zone), rule_(rule) {}

  const date::time_zone* zone_ = nullptr;
  partial_day rule_ = partial_day::exact_fraction;
};

namespace detail {

/// The local calendar date of t in zone, in days since 1970-01-01.
[[nodiscard]] inline std::int64_t local_date(const date::time_zone& zone, instant t) {
  return date::floor<date::days>(zone.to_local(t)).time_since_epoch().count();
}

/// The first instant of local date d in zone: local midnight, or the end of
/// the transition if midnight does not exist that day; the earlier one if
/// midnight happens twice.
[[nodiscard]] inline instant start_of_local_day(const date::time_zone& zone, std::int64_t d) {
  const date::local_seconds midnight{date::local_days{date::days{static_cast<int>(d)}}};
  return zone.to_sys(midnight, date::choose::earliest);
}

/// Throws check_share_arguments' error. Out of line and cold, so the check
/// itself is three comparisons wherever it inlines.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_share_arguments(const period& p, instant t,
                                                                         const char* what) {
  if (!(p.start < p.end)) {
    throw invalid_argument(std::string(what) + ": period [" + describe(p.start) + ", " +
                           describe(p.end) + ") is empty");
  }
  if (t < p.start || t > p.end) {
    throw invalid_argument(std::string(what) + ": instant " + describe(t) +
                           " is outside the period [" + describe(p.start) + ", " + describe(p.end) +
                           "]");
  }
  throw overflow_error(std::string(what) + ": period [" + describe(p.start) + ", " +
                       describe(p.end) + ") is too long to count in 64-bit seconds");
}

/// Throws invalid_argument if the period is empty or t is outside it.
[[gnu::always_inline]] inline void check_share_arguments(const period& p, instant t,
                                                         const char* what) {
  if (!(p.start < p.end) || t < p.start || t > p.end) [[unlikely]] {
    throw_share_arguments(p, t, what);
  }
}

/// Local dates of a period's start and end; throws if they are equal.
inline void local_span(const period& p, const date::time_zone& zone, std::int64_t& first,
                       std::int64_t& last, const char* what) {
  if (!in_calendar_range(p.start) || !in_calendar_range(p.end)) {
    throw invalid_argument(std::string(what) + ": period [" + describe(p.start) + ", " +
                           describe(p.end) + ") is outside the supported years");
  }
  first = local_date(zone, p.start);
  last = local_date(zone, p.end);
  if (last <= first) {
    throw invalid_argument(std::string(what) + ": period [" + describe(p.start) + ", " +
                           describe(p.end) + ") does not cross a local midnight in " +
                           std::string(zone.name()) + ", so it has no whole day to count");
  }
}

}  // namespace detail

/// The number of local calendar days of period p in zone: the local date of
/// p.end minus the local date of p.start (the start's date counts, the end's
/// date does not). A 23- or 25-hour day is one day. Throws invalid_argument
/// if the result would be 0 (the period does not cross a local midnight).
[[nodiscard]] inline std::int64_t length_in_days(const period& p, const date::time_zone& zone) {
  std::int64_t first = 0;
  std::int64_t last = 0;
  detail::local_span(p, zone, first, last, "length_in_days");
  return last - first;
}

namespace detail {

/// remaining_share by days in a zone, for a period and instant already
/// checked. Out of line: the seconds basis, the common one, stays a few
/// instructions wherever remaining_share inlines.
[[nodiscard, gnu::noinline]] inline ratio remaining_days_share(const period& p, instant t,
                                                               const share_basis& basis) {
  const date::time_zone& zone = *basis.zone();
  std::int64_t first = 0;
  std::int64_t last = 0;
  detail::local_span(p, zone, first, last, "remaining_share");
  const std::int64_t n = last - first;
  std::int64_t d = detail::local_date(zone, t);
  if (d >= last) return ratio{0, n};
  if (d < first) d = first;  // only in zones whose clock went back across midnight
  const std::int64_t r = last - d - 1;

  switch (basis.rule()) {
    case partial_day::count_started_day:
      return ratio{r + 1, n};
    case partial_day::whole_days_only:
    case partial_day::exact_fraction:
      break;
  }
  instant a = detail::start_of_local_day(zone, d);
  if (a < p.start) a = p.start;
  instant b = detail::start_of_local_day(zone, d + 1);
  // Defensive: a clock that went back across midnight could place t outside
  // [a, b); widen the day so the share stays within bounds and monotone.
  if (t < a) a = t;
  if (b <= t) b = t + std::chrono::seconds{1};
  if (basis.rule() == partial_day::whole_days_only) {
    return ratio{t == a ? r + 1 : r, n};
  }
  const std::int64_t day_len = (b - a).count();
  const int128 num = int128{r} * day_len + (b - t).count();
  const int128 den = int128{n} * day_len;
  return ratio{detail::narrow<std::int64_t>(num, "remaining_share numerator"),
               detail::narrow<std::int64_t>(den, "remaining_share denominator")};
}

}  // namespace detail

/// The exact share of period p that remains at instant t, as an unreduced
/// ratio remaining / length of two integers, with start <= t <= end.
/// It is exactly 1 at p.start and 0 at p.end under every basis and rule,
/// always within [0, 1], and never increases as t moves forward.
///
/// Seconds: (end - t) / (end - start).
///
/// Days in a zone: length N = length_in_days(p, zone) (local date of the end
/// minus local date of the start). Let D be t's local date and R the number
/// of local dates strictly between D and the end's date. If D is the end's
/// date, nothing remains (0 / N): that date belongs to the next period.
/// Otherwise D's share of the period is the part [a, b) of it inside the
/// period (a = max(start, D's first instant), b = next day's first instant):
///   - count_started_day: (R + 1) / N;
///   - whole_days_only:   R / N, or (R + 1) / N when t == a;
///   - exact_fraction:    (R * (b - a) + (b - t)) / (N * (b - a)).
/// So when the start's local time is not midnight, the start's partial date
/// counts as one day and the end's partial date counts as none.
///
/// Throws invalid_argument if the period is empty, t is outside [start, end],
/// or (days) the period does not cross a local midnight; overflow_error if an
/// intermediate does not fit in 64 bits.
[[nodiscard]] inline ratio remaining_share(const period& p, instant t,
                                           const share_basis& basis = share_basis::seconds()) {
  detail::check_share_arguments(p, t, "remaining_share");
  if (basis.kind() != basis_kind::seconds) return detail::remaining_days_share(p, t, basis);
  // 0 <= end - t <= end - start, so only the length can overflow
  std::int64_t length = 0;
  if (__builtin_sub_overflow(p.end.time_since_epoch().count(), p.start.time_since_epoch().count(),
                             &length)) [[unlikely]] {
    detail::throw_share_arguments(p, t, "remaining_share");
  }
  return ratio{(p.end - t).count(), length};
}

/// remaining_share of a schedule's numbered period (the index is ignored).
[[nodiscard]] inline ratio remaining_share(const numbered_period& p, instant t,
                                           const share_basis& basis = share_basis::seconds()) {
  return remaining_share(p.span, t, basis);
}

}  // namespace prorata

#pragma once
/// \file
/// Instants (UTC, whole seconds) and RFC 3339 timestamps as Dodo Payments sends them.

#include <chrono>
#include <cstdint>
#include <ratio>
#include <string>
#include <string_view>
#include <type_traits>

#include <date/date.h>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// A point on the UTC time line with one-second resolution (leap seconds are
/// not counted, as in Unix time). Every calendar computation uses this type.
using instant = date::sys_seconds;

/// What parsing does with fractional-second digits finer than the target
/// precision (for parse_rfc3339: any digit after the decimal point).
enum class subsecond {
  /// Drop them, always toward the past: "…:05.999Z" becomes "…:05Z". The
  /// wall-clock fields only ever gain a non-negative fraction, so this is the
  /// floor of the exact instant, before 1970 as well as after.
  truncate,
  /// Throw parse_error if a dropped digit is not zero ("…:05.000Z" is accepted,
  /// "…:05.5Z" is not), so no precision is ever lost silently.
  reject,
};

namespace detail {

/// First and last day whose year date::year can hold (-32767..32767), in days
/// since 1970-01-01. Instants outside are refused before calendar arithmetic.
inline constexpr std::int64_t first_calendar_day = -12687428;  // -32767-01-01
inline constexpr std::int64_t last_calendar_day = 11248737;    // 32767-12-31

/// True if t's UTC date lies within first_calendar_day..last_calendar_day, so
/// date::floor<date::days> and date::year_month_day are safe on it.
[[nodiscard]] constexpr bool in_calendar_range(instant t) noexcept {
  const std::int64_t s = t.time_since_epoch().count();
  return s >= first_calendar_day * 86400 && s < (last_calendar_day + 1) * 86400;
}

template <class Duration>
inline constexpr bool is_decimal_subdivision_of_second =
    std::is_integral_v<typename Duration::rep>&& Duration::period::num == 1 &&
    (Duration::period::den == 1 || Duration::period::den == 1000 ||
     Duration::period::den == 1000000 || Duration::period::den == 1000000000);

/// Number of decimal digits of sub-second precision of Duration (0, 3, 6 or 9).
template <class Duration>
inline constexpr int fraction_digits = Duration::period::den == 1         ? 0
                                       : Duration::period::den == 1000    ? 3
                                       : Duration::period::den == 1000000 ? 6
                                                                          : 9;

[[noreturn]] inline void throw_rfc3339(std::string_view text, const std::string& why) {
  throw parse_error("parse_rfc3339: " + quote(text) + " " + why);
}

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

[[nodiscard]] inline const char* month_name(unsigned m) noexcept {
  static constexpr const char* names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
  return m >= 1 && m <= 12 ? names[m - 1] : "?";
}

/// Reads exactly `width` digits at text[pos] or throws with a description of
/// what was expected there.
[[nodiscard]] inline int read_digits(std::string_view text, std::size_t pos, std::size_t width,
                                     const char* what) {
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    if (pos + i >= text.size() || !is_digit(text[pos + i])) {
      throw_rfc3339(text, std::string("is not an RFC 3339 timestamp: expected ") + what + " (" +
                              std::to_string(width) + " digits) at offset " + std::to_string(pos) +
                              "; the form is YYYY-MM-DDTHH:MM:SS[.f](Z|+HH:MM)");
    }
    value = value * 10 + (text[pos + i] - '0');
  }
  return value;
}

inline void expect_char(std::string_view text, std::size_t pos, char a, char b, const char* what) {
  if (pos >= text.size() || (text[pos] != a && text[pos] != b)) {
    throw_rfc3339(text, std::string("is not an RFC 3339 timestamp: expected ") + what +
                            " at offset " + std::to_string(pos) +
                            "; the form is YYYY-MM-DDTHH:MM:SS[.f](Z|+HH:MM)");
  }
}

/// The canonical form "YYYY-MM-DDTHH:MM:SSZ" (exactly 20 bytes, a valid date
/// and time, second 00..59): its seconds since the epoch. False for anything
/// else, which the general parser then accepts or words the error for; where
/// both accept, they agree (tests/calendar compares them).
[[nodiscard]] constexpr bool parse_canonical_rfc3339(std::string_view text,
                                                     std::int64_t& seconds) noexcept {
  if (text.size() != 20) return false;
  const char* p = text.data();
  if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[19] != 'Z') {
    return false;
  }
  unsigned bad = 0;
  auto digit = [p, &bad](std::size_t i) {
    const unsigned v = static_cast<unsigned>(static_cast<unsigned char>(p[i])) - unsigned{'0'};
    bad |= v > 9 ? 1U : 0U;
    return v;
  };
  const unsigned y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const unsigned mo = digit(5) * 10 + digit(6);
  const unsigned d = digit(8) * 10 + digit(9);
  const unsigned hh = digit(11) * 10 + digit(12);
  const unsigned mm = digit(14) * 10 + digit(15);
  const unsigned ss = digit(17) * 10 + digit(18);
  if (bad != 0 || mo < 1 || mo > 12 || d < 1 || hh > 23 || mm > 59 || ss > 59) return false;
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  const unsigned last = mo == 2 ? (leap ? 29U : 28U) : 30U + ((mo + (mo >> 3)) & 1U);
  if (d > last) return false;
  // Days since 1970-01-01 (days_from_civil, proleptic Gregorian).
  const unsigned yy = mo <= 2 ? y - 1 + 400 : y + 400;  // shifted: never negative
  const unsigned era = yy / 400;
  const unsigned yoe = yy - era * 400;
  const unsigned doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + std::int64_t{doe} - 719468 - 146097;
  seconds = days * 86400 + std::int64_t{hh} * 3600 + std::int64_t{mm} * 60 + std::int64_t{ss};
  return true;
}

/// parse_rfc3339_as without the canonical fast path: every form, every error.
template <class Duration>
[[nodiscard]] date::sys_time<Duration> parse_rfc3339_general_as(std::string_view text,
                                                                subsecond policy);

}  // namespace detail

/// Parses an RFC 3339 date-time ("2026-01-31T00:00:00Z", "2026-01-31T05:30:00+05:30",
/// "2026-01-31T00:00:00.250Z") into a UTC time point of precision Duration
/// (std::chrono::seconds, milliseconds, microseconds or nanoseconds).
///
/// Accepted: exactly YYYY-MM-DD, 'T' (or 't'), HH:MM:SS, an optional '.' and one
/// or more digits, then 'Z' (or 'z') or a numeric offset +HH:MM / -HH:MM
/// ("-00:00" is UTC). Fractional digits beyond Duration's precision are handled
/// by `policy`. Throws parse_error quoting the input for anything else: a
/// missing zone, a date that does not exist (2026-02-30), month 13, hour 24,
/// minute or second 60 (leap seconds cannot be represented), an offset hour
/// above 23 or minute above 59, trailing text.
template <class Duration>
[[nodiscard]] date::sys_time<Duration> parse_rfc3339_as(std::string_view text,
                                                        subsecond policy = subsecond::truncate) {
  static_assert(detail::is_decimal_subdivision_of_second<Duration>,
                "parse_rfc3339_as: Duration must be seconds, milliseconds, microseconds or "
                "nanoseconds with an integer representation");
  std::int64_t seconds = 0;
  if (detail::parse_canonical_rfc3339(text, seconds)) {
    using rep = typename Duration::rep;
    if constexpr (Duration::period::den == 1 && sizeof(rep) >= sizeof(std::int64_t)) {
      return date::sys_time<Duration>{Duration{static_cast<rep>(seconds)}};
    } else {
      const int128 ticks = int128{seconds} * static_cast<int128>(Duration::period::den);
      if (ticks <= static_cast<int128>(detail::max_of<rep>) &&
          ticks >= static_cast<int128>(detail::min_of<rep>)) {
        return date::sys_time<Duration>{Duration{static_cast<rep>(ticks)}};
      }
    }
  }
  return detail::parse_rfc3339_general_as<Duration>(text, policy);
}

template <class Duration>
[[nodiscard]] date::sys_time<Duration> detail::parse_rfc3339_general_as(std::string_view text,
                                                                        subsecond policy) {
  using detail::expect_char;
  using detail::read_digits;
  using detail::throw_rfc3339;

  const int y = read_digits(text, 0, 4, "a year");
  expect_char(text, 4, '-', '-', "'-' after the year");
  const int mo = read_digits(text, 5, 2, "a month");
  expect_char(text, 7, '-', '-', "'-' after the month");
  const int d = read_digits(text, 8, 2, "a day");
  expect_char(text, 10, 'T', 't', "'T' between date and time");
  const int hh = read_digits(text, 11, 2, "an hour");
  expect_char(text, 13, ':', ':', "':' after the hour");
  const int mm = read_digits(text, 14, 2, "a minute");
  expect_char(text, 16, ':', ':', "':' after the minute");
  const int ss = read_digits(text, 17, 2, "a second");

  if (mo < 1 || mo > 12) {
    throw_rfc3339(text, "is not a valid date: month " + std::to_string(mo) + " (must be 01..12)");
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    const auto last = date::year_month_day_last{ymd.year(), date::month_day_last{ymd.month()}};
    throw_rfc3339(text, "is not a valid date (" +
                            std::string(detail::month_name(static_cast<unsigned>(mo))) + " " +
                            std::to_string(y) + " has " +
                            std::to_string(static_cast<unsigned>(last.day())) + " days)");
  }
  if (hh > 23) {
    throw_rfc3339(text, "is not a valid time: hour " + std::to_string(hh) + " (must be 00..23)");
  }
  if (mm > 59) {
    throw_rfc3339(text, "is not a valid time: minute " + std::to_string(mm) + " (must be 00..59)");
  }
  if (ss > 59) {
    throw_rfc3339(text,
                  "is not a valid time: second " + std::to_string(ss) +
                      (ss == 60 ? " (leap seconds cannot be represented)" : " (must be 00..59)"));
  }

  // Fractional seconds: keep the first fraction_digits<Duration> digits.
  std::size_t pos = 19;
  std::int64_t kept = 0;
  int kept_digits = 0;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t first = ++pos;
    bool dropped_nonzero = false;
    while (pos < text.size() && detail::is_digit(text[pos])) {
      if (kept_digits < detail::fraction_digits<Duration>) {
        kept = kept * 10 + (text[pos] - '0');
        ++kept_digits;
      } else if (text[pos] != '0') {
        dropped_nonzero = true;
      }
      ++pos;
    }
    if (pos == first) {
      throw_rfc3339(text, "is not an RFC 3339 timestamp: expected digits after '.' at offset " +
                              std::to_string(first));
    }
    if (dropped_nonzero && policy == subsecond::reject) {
      throw_rfc3339(text, "has fractional seconds finer than " +
                              std::to_string(detail::fraction_digits<Duration>) +
                              " digits and the policy is subsecond::reject");
    }
  }
  while (kept_digits < detail::fraction_digits<Duration>) {
    kept *= 10;
    ++kept_digits;
  }

  // Zone designator.
  std::int64_t offset_seconds = 0;
  if (pos >= text.size()) {
    throw_rfc3339(text, "has no time zone offset (expected 'Z' or +HH:MM / -HH:MM at the end)");
  }
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const bool negative = text[pos] == '-';
    const int oh = read_digits(text, pos + 1, 2, "an offset hour");
    expect_char(text, pos + 3, ':', ':', "':' in the offset");
    const int om = read_digits(text, pos + 4, 2, "an offset minute");
    if (oh > 23 || om > 59) {
      throw_rfc3339(text, "has an invalid offset (hours must be 00..23, minutes 00..59)");
    }
    offset_seconds = (negative ? -1 : 1) * (std::int64_t{oh} * 3600 + std::int64_t{om} * 60);
    pos += 6;
  } else {
    throw_rfc3339(text, "has no valid time zone offset at offset " + std::to_string(pos) +
                            " (expected 'Z' or +HH:MM / -HH:MM)");
  }
  if (pos != text.size()) {
    throw_rfc3339(
        text, "has trailing text after the time zone offset (offset " + std::to_string(pos) + ")");
  }

  const std::int64_t utc_seconds =
      std::int64_t{date::sys_days{ymd}.time_since_epoch().count()} * 86400 +
      std::int64_t{hh} * 3600 + std::int64_t{mm} * 60 + ss - offset_seconds;
  using rep = typename Duration::rep;
  const int128 ticks =
      int128{utc_seconds} * static_cast<int128>(Duration::period::den) + int128{kept};
  if (ticks > static_cast<int128>(detail::max_of<rep>) ||
      ticks < static_cast<int128>(detail::min_of<rep>)) {
    throw_rfc3339(text, "is outside the range of the requested precision");
  }
  return date::sys_time<Duration>{Duration{static_cast<rep>(ticks)}};
}

/// Parses an RFC 3339 timestamp into a whole-second instant. Fractional seconds
/// are dropped toward the past with subsecond::truncate (the default) or
/// rejected unless all zero with subsecond::reject. To keep them, call
/// parse_rfc3339_as<std::chrono::milliseconds> (or a finer duration).
[[nodiscard]] inline instant parse_rfc3339(std::string_view text,
                                           subsecond policy = subsecond::truncate) {
  return parse_rfc3339_as<std::chrono::seconds>(text, policy);
}

/// format_rfc3339 on an instant outside the years 0000..9999: a computed
/// instant (a period boundary) that the program reports as bad input.
class rfc3339_range_error : public invalid_argument {
 public:
  using invalid_argument::invalid_argument;
};

/// Formats a UTC time point as RFC 3339 with a "Z" designator:
/// "2026-01-31T00:00:00Z" for seconds, "2026-01-31T00:00:00.250Z" for
/// milliseconds (always as many fraction digits as Duration has: 3, 6 or 9).
/// Throws rfc3339_range_error if the year is outside 0000..9999.
template <class Duration>
[[nodiscard]] std::string format_rfc3339(date::sys_time<Duration> t) {
  static_assert(detail::is_decimal_subdivision_of_second<Duration>,
                "format_rfc3339: Duration must be seconds, milliseconds, microseconds or "
                "nanoseconds with an integer representation");
  // Years 0000..9999 are days -719528..2932896 since the epoch.
  const auto whole = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  const std::int64_t day_number = whole >= 0 ? whole / 86400 : -((-whole + 86399) / 86400);
  if (day_number < -719528 || day_number > 2932896) {
    throw rfc3339_range_error("format_rfc3339: " + std::to_string(whole) +
                              " s since the epoch is outside the RFC 3339 years 0000..9999");
  }
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {
    throw rfc3339_range_error("format_rfc3339: year " + std::to_string(y) +
                              " is outside the RFC 3339 range 0000..9999");
  }
  const Duration since_midnight = t - date::sys_time<Duration>{day};
  const auto secs = std::chrono::floor<std::chrono::seconds>(since_midnight);
  const std::int64_t s = secs.count();
  const std::int64_t fraction = static_cast<std::int64_t>((since_midnight - secs).count());

  std::string out(20 + (detail::fraction_digits<Duration> > 0
                            ? 1 + static_cast<std::size_t>(detail::fraction_digits<Duration>)
                            : 0),
                  '0');
  auto put = [&out](std::size_t at, std::int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, y, 4);
  out[4] = '-';
  put(5, static_cast<unsigned>(ymd.month()), 2);
  out[7] = '-';
  put(8, static_cast<unsigned>(ymd.day()), 2);
  out[10] = 'T';
  put(11, s / 3600, 2);
  out[13] = ':';
  put(14, s / 60 % 60, 2);
  out[16] = ':';
  put(17, s % 60, 2);
  std::size_t at = 19;
  if constexpr (detail::fraction_digits < Duration >> 0) {
    out[at++] = '.';
    put(at, fraction, detail::fraction_digits<Duration>);
    at += static_cast<std::size_t>(detail::fraction_digits<Duration>);
  }
  out[at] = 'Z';
  return out;
}

namespace detail {

/// An instant for an error message: RFC 3339 when representable, otherwise the
/// raw count of seconds since 1970-01-01T00:00:00Z. Never throws parse errors.
[[nodiscard]] inline std::string describe(instant t) {
  if (in_calendar_range(t)) {
    const date::year_month_day ymd{date::floor<date::days>(t)};
    const int y = static_cast<int>(ymd.year());
    if (y >= 0 && y <= 9999) return format_rfc3339(t);
  }
  return std::to_string(t.time_since_epoch().count()) + " s since the Unix epoch";
}

}  // namespace detail
}  // namespace prorata

#pragma once
/// \file
/// The instants RFC 3339 can write with a four-digit year: UTC dates in the
/// years 0000..9999. Readers refuse a timestamp whose UTC instant falls
/// outside (e.g. "0000-01-01T00:00:00+01:00"), and the simulator refuses a
/// computed instant (a period boundary) outside, so that every time it writes
/// is RFC 3339 (issue #14).

#include <cstdint>

#include <prorata/calendar/instant.hpp>

namespace prorata {

/// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since the epoch.
inline constexpr std::int64_t rfc3339_first_second = -62167219200;
inline constexpr std::int64_t rfc3339_end_second = 253402300800;

/// True if format_rfc3339(t) can write t (its UTC year is 0000..9999).
[[nodiscard]] constexpr bool in_rfc3339_range(instant t) noexcept {
  const std::int64_t s = t.time_since_epoch().count();
  return s >= rfc3339_first_second && s < rfc3339_end_second;
}

/// What a reader expects of a timestamp besides its syntax.
inline constexpr const char* rfc3339_range_text =
    "an instant whose UTC date is in the years 0000..9999 (0000-01-01T00:00:00Z .. "
    "9999-12-31T23:59:59Z)";

}  // namespace prorata

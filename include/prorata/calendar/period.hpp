#pragma once
/// \file
/// Half-open billing periods [start, end).

#include <chrono>
#include <cstdint>

#include <prorata/calendar/instant.hpp>

namespace prorata {

/// A half-open span of time [start, end): `start` belongs to the period,
/// `end` belongs to the next one. Consecutive periods of a schedule tile the
/// time line with no gap and no overlap.
struct period {
  instant start;  ///< First instant inside the period.
  instant end;    ///< First instant after the period (the next period's start).

  /// True if start <= t < end.
  [[nodiscard]] constexpr bool contains(instant t) const noexcept { return start <= t && t < end; }
  /// end - start in seconds (positive for every period a schedule produces).
  [[nodiscard]] constexpr std::chrono::seconds length() const noexcept { return end - start; }

  /// Same start and same end.
  [[nodiscard]] friend constexpr bool operator==(const period&, const period&) noexcept = default;
};

/// Period number `index` of a schedule: [boundary(index), boundary(index + 1)).
struct numbered_period {
  std::int64_t index;    ///< 0 for the period that starts at the anchor.
  prorata::period span;  ///< Its start and end.

  /// Same index and same span.
  [[nodiscard]] friend constexpr bool operator==(const numbered_period&,
                                                 const numbered_period&) noexcept = default;
};

}  // namespace prorata

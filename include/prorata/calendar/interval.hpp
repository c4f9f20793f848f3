#pragma once
/// \file
/// Billing intervals: a unit (Day, Week, Month, Year) and a count >= 1.

#include <cstdint>
#include <string>
#include <string_view>

#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>

namespace prorata {

/// The unit of a billing interval, as Dodo names them: "Day", "Week", "Month", "Year".
enum class interval_unit { day, week, month, year };

/// Dodo's name of a unit: "Day", "Week", "Month" or "Year".
[[nodiscard]] constexpr std::string_view to_string(interval_unit unit) noexcept {
  switch (unit) {
    case interval_unit::day:
      return "Day";
    case interval_unit::week:
      return "Week";
    case interval_unit::month:
      return "Month";
    case interval_unit::year:
      return "Year";
  }
  return "?";
}

/// Parses Dodo's unit names exactly ("Day", "Week", "Month", "Year"; case
/// sensitive, no spaces). Throws parse_error quoting anything else.
[[nodiscard]] inline interval_unit parse_interval_unit(std::string_view text) {
  if (text == "Day") return interval_unit::day;
  if (text == "Week") return interval_unit::week;
  if (text == "Month") return interval_unit::month;
  if (text == "Year") return interval_unit::year;
  throw parse_error("parse_interval_unit: " + detail::quote(text) +
                    " is not an interval unit (expected \"Day\", \"Week\", \"Month\" or \"Year\")");
}

/// Every `count` units, e.g. {month, 1} monthly, {week, 2} fortnightly.
/// The invariant count >= 1 is checked by the constructor.
class billing_interval {
 public:
  /// Throws invalid_argument if count < 1.
  constexpr billing_interval(interval_unit unit, std::int64_t count = 1)
      : unit_(unit), count_(count) {
    if (count < 1) {
      throw invalid_argument("billing_interval: count " + std::to_string(count) +
                             " must be at least 1");
    }
  }

  /// The unit: day, week, month or year.
  [[nodiscard]] constexpr interval_unit unit() const noexcept { return unit_; }
  /// How many units one period lasts (>= 1).
  [[nodiscard]] constexpr std::int64_t count() const noexcept { return count_; }

  /// Same unit and same count (a 7-day and a 1-week interval are different values).
  [[nodiscard]] friend constexpr bool operator==(const billing_interval&,
                                                 const billing_interval&) noexcept = default;

 private:
  interval_unit unit_;
  std::int64_t count_;
};

/// Parses Dodo's pair (unit string, count), e.g. ("Month", 1) or ("Week", 2).
/// Throws parse_error for an unknown unit, invalid_argument for count < 1.
[[nodiscard]] inline billing_interval parse_billing_interval(std::string_view unit,
                                                             std::int64_t count = 1) {
  return billing_interval{parse_interval_unit(unit), count};
}

/// The count then Dodo's unit name, e.g. "1 Month", "2 Week".
[[nodiscard]] inline std::string to_string(const billing_interval& interval) {
  return std::to_string(interval.count()) + " " + std::string(to_string(interval.unit()));
}

}  // namespace prorata

#include <chrono>

#include <doctest/doctest.h>

#include <prorata/calendar/period.hpp>

#include "calendar/calendar_test_util.hpp"

using prorata_test::at;

TEST_CASE("period: half-open, start included, end excluded") {
  const prorata::period jan{at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z")};
  CHECK(jan.contains(at("2024-01-01T00:00:00Z")));
  CHECK(jan.contains(at("2024-01-31T23:59:59Z")));
  CHECK_FALSE(jan.contains(at("2024-02-01T00:00:00Z")));
  CHECK_FALSE(jan.contains(at("2023-12-31T23:59:59Z")));
  CHECK(jan.length() == std::chrono::seconds{31 * 86400});
  const prorata::period feb{jan.end, at("2024-03-01T00:00:00Z")};
  CHECK(feb.length() == std::chrono::seconds{29 * 86400});
  CHECK(jan == prorata::period{at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z")});
  CHECK_FALSE(jan == feb);
  CHECK(prorata::numbered_period{3, jan} == prorata::numbered_period{3, jan});
  CHECK_FALSE(prorata::numbered_period{3, jan} == prorata::numbered_period{4, jan});
}

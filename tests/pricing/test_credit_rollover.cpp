// Credit rollover (pricing/credit_rollover.hpp).
#include <doctest/doctest.h>

#include <prorata/error.hpp>
#include <prorata/pricing/credit_rollover.hpp>

#include "pricing/pricing_test_util.hpp"

using namespace prorata;
using pricing_test::contains;
using pricing_test::thrown_message;

namespace {
constexpr rounding_mode half_up = rounding_mode::half_away_from_zero;
}

TEST_CASE("rollover_credits: O8, 200 unused x 75 % -> 150 carried, 50 forfeited") {
  const rollover_result r = rollover_credits("200", 7500, half_up);
  CHECK(to_string(r.carried) == "150");
  CHECK(to_string(r.forfeited) == "50");
  const rollover_result d = rollover_credits(decimal{200, 0}, 7500, half_up);
  CHECK(d.carried == decimal{150, 0});
  CHECK(d.forfeited == decimal{50, 0});
}

TEST_CASE("rollover_credits: rounding to whole credits or to `scale` digits") {
  // 201 x 75 % = 150.75
  CHECK(to_string(rollover_credits("201", 7500, half_up).carried) == "151");
  CHECK(to_string(rollover_credits("201", 7500, half_up).forfeited) == "50");
  CHECK(to_string(rollover_credits("201", 7500, rounding_mode::floor).carried) == "150");
  CHECK(to_string(rollover_credits("201", 7500, rounding_mode::floor).forfeited) == "51");
  const rollover_result two = rollover_credits("201", 7500, half_up, 2);
  CHECK(to_string(two.carried) == "150.75");
  CHECK(to_string(two.forfeited) == "50.25");
  // 12.5 x 50 % = 6.25: ties to even at 1 digit -> 6.2; forfeited keeps the input's digits
  const rollover_result tie = rollover_credits("12.5", 5000, rounding_mode::half_even, 1);
  CHECK(to_string(tie.carried) == "6.2");
  CHECK(to_string(tie.forfeited) == "6.3");
  const rollover_result whole = rollover_credits("12.5", 5000, rounding_mode::half_even);
  CHECK(to_string(whole.carried) == "6");
  CHECK(to_string(whole.forfeited) == "6.5");
  const rollover_result wide = rollover_credits("12.5", 5000, rounding_mode::half_even, 3);
  CHECK(to_string(wide.carried) == "6.250");
  CHECK(to_string(wide.forfeited) == "6.250");
}

TEST_CASE("rollover_credits: 0 %, 100 % and nothing unused") {
  CHECK(to_string(rollover_credits("200", 0, half_up).carried) == "0");
  CHECK(to_string(rollover_credits("200", 0, half_up).forfeited) == "200");
  CHECK(to_string(rollover_credits("200", 10000, half_up).carried) == "200");
  CHECK(to_string(rollover_credits("200", 10000, half_up).forfeited) == "0");
  CHECK(to_string(rollover_credits("0", 7500, half_up).carried) == "0");
  CHECK(to_string(rollover_credits("0", 7500, half_up).forfeited) == "0");
}

TEST_CASE("rollover_credits: carried never exceeds unused") {
  // 0.5 at 100 % rounded up to whole credits would carry 1 > 0.5: capped to 0
  const rollover_result r = rollover_credits("0.5", 10000, rounding_mode::ceiling);
  CHECK(to_string(r.carried) == "0");
  CHECK(to_string(r.forfeited) == "0.5");
  const rollover_result h = rollover_credits("2.7", 9000, half_up);  // 2.43 -> 2
  CHECK(to_string(h.carried) == "2");
  const rollover_result c = rollover_credits("2.7", 9999, rounding_mode::ceiling);  // 2.69973 -> 3
  CHECK(to_string(c.carried) == "2");
  CHECK(to_string(c.forfeited) == "0.7");
}

TEST_CASE("rollover_credits: errors quote the bad value") {
  const std::string negative =
      thrown_message<invalid_argument>([] { (void)rollover_credits("-1", 7500, half_up); });
  CHECK(contains(negative, "rollover_credits"));
  CHECK(contains(negative, "\"-1\""));
  const std::string bp =
      thrown_message<invalid_argument>([] { (void)rollover_credits("1", 10001, half_up); });
  CHECK(contains(bp, "rollover_basis_points"));
  CHECK(contains(bp, "\"10001\""));
  CHECK_THROWS_AS((void)rollover_credits("1", -1, half_up), invalid_argument);
  CHECK_THROWS_AS((void)rollover_credits("1", 7500, half_up, -1), invalid_argument);
  CHECK_THROWS_AS((void)rollover_credits("1", 7500, half_up, 19), invalid_argument);
  const std::string text =
      thrown_message<parse_error>([] { (void)rollover_credits("lots", 7500, half_up); });
  CHECK(contains(text, "\"lots\""));
  // a carried amount beyond a decimal's 128 bits at the requested scale
  CHECK_THROWS_AS((void)rollover_credits("100000000000000000000000000000", 10000, half_up, 18),
                  overflow_error);
}

// divide_rounded, rounding_mode names: every mode at ties and near ties, for
// positive and negative values, for int64, int128 and big_int, at the limits.
#include <cstdint>
#include <limits>

#include <doctest/doctest.h>

#include <prorata/money/io.hpp>
#include <prorata/money/rounding.hpp>

using namespace prorata;
using rm = rounding_mode;

TYPE_TO_STRING_AS("int128", int128);
TYPE_TO_STRING_AS("big_int", big_int);

TEST_CASE_TEMPLATE("divide_rounded: ties at .5 in every mode, both signs", Int, std::int64_t,
                   int128, big_int) {
  struct row {
    std::int64_t n, d;
    rm mode;
    std::int64_t expected;
  };
  // 5/2 = 2.5, -5/2 = -2.5, 7/2 = 3.5, -7/2 = -3.5, 1/2 = 0.5, -1/2 = -0.5
  const row rows[] = {
      {5, 2, rm::half_even, 2},
      {-5, 2, rm::half_even, -2},
      {7, 2, rm::half_even, 4},
      {-7, 2, rm::half_even, -4},
      {1, 2, rm::half_even, 0},
      {-1, 2, rm::half_even, 0},
      {5, 2, rm::half_away_from_zero, 3},
      {-5, 2, rm::half_away_from_zero, -3},
      {1, 2, rm::half_away_from_zero, 1},
      {-1, 2, rm::half_away_from_zero, -1},
      {5, 2, rm::half_toward_zero, 2},
      {-5, 2, rm::half_toward_zero, -2},
      {7, 2, rm::half_toward_zero, 3},
      {-7, 2, rm::half_toward_zero, -3},
      {5, 2, rm::toward_zero, 2},
      {-5, 2, rm::toward_zero, -2},
      {5, 2, rm::away_from_zero, 3},
      {-5, 2, rm::away_from_zero, -3},
      {5, 2, rm::floor, 2},
      {-5, 2, rm::floor, -3},
      {5, 2, rm::ceiling, 3},
      {-5, 2, rm::ceiling, -2},
      // a negative divisor flips the sign of the quotient, not the rule
      {5, -2, rm::half_even, -2},
      {-5, -2, rm::half_even, 2},
      {5, -2, rm::floor, -3},
      {5, -2, rm::ceiling, -2},
  };
  for (const row& r : rows) {
    CAPTURE(r.n);
    CAPTURE(r.d);
    CAPTURE(r.mode);
    CHECK(divide_rounded(Int(r.n), Int(r.d), r.mode) == Int(r.expected));
  }
}

TEST_CASE_TEMPLATE("divide_rounded: just off a tie rounds to nearest in every half mode", Int,
                   std::int64_t, int128, big_int) {
  // 2.4 and 2.6, -2.4 and -2.6
  for (const rm mode : {rm::half_even, rm::half_away_from_zero, rm::half_toward_zero}) {
    CAPTURE(mode);
    CHECK(divide_rounded(Int(12), Int(5), mode) == Int(2));
    CHECK(divide_rounded(Int(13), Int(5), mode) == Int(3));
    CHECK(divide_rounded(Int(-12), Int(5), mode) == Int(-2));
    CHECK(divide_rounded(Int(-13), Int(5), mode) == Int(-3));
  }
  // 2.7 and -2.7 in the directed modes
  CHECK(divide_rounded(Int(27), Int(10), rm::toward_zero) == Int(2));
  CHECK(divide_rounded(Int(-27), Int(10), rm::toward_zero) == Int(-2));
  CHECK(divide_rounded(Int(21), Int(10), rm::away_from_zero) == Int(3));
  CHECK(divide_rounded(Int(-21), Int(10), rm::away_from_zero) == Int(-3));
  CHECK(divide_rounded(Int(-21), Int(10), rm::floor) == Int(-3));
  CHECK(divide_rounded(Int(-27), Int(10), rm::ceiling) == Int(-2));
}

TEST_CASE_TEMPLATE("divide_rounded: exact quotients are never moved", Int, std::int64_t, int128,
                   big_int) {
  for (const rm mode : all_rounding_modes) {
    CAPTURE(mode);
    CHECK(divide_rounded(Int(6), Int(3), mode) == Int(2));
    CHECK(divide_rounded(Int(-6), Int(3), mode) == Int(-2));
    CHECK(divide_rounded(Int(0), Int(7), mode) == Int(0));
  }
}

TEST_CASE_TEMPLATE("divide_rounded: division by zero is an error", Int, std::int64_t, int128,
                   big_int) {
  CHECK_THROWS_AS((void)divide_rounded(Int(1), Int(0), rm::half_even), invalid_argument);
}

TEST_CASE("divide_rounded: int64 limits neither wrap nor overflow") {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
  CHECK(divide_rounded(max, std::int64_t{2}, rm::half_even) == max / 2 + 1);  // .5, q odd
  CHECK(divide_rounded(max, std::int64_t{2}, rm::half_toward_zero) == max / 2);
  CHECK(divide_rounded(min, std::int64_t{2}, rm::half_even) == min / 2);  // exact
  CHECK(divide_rounded(min + 1, std::int64_t{2}, rm::floor) == min / 2);
  CHECK(divide_rounded(min, min, rm::half_even) == 1);
  CHECK(divide_rounded(max, min, rm::half_away_from_zero) == -1);
  CHECK(divide_rounded(std::int64_t{1}, min, rm::floor) == -1);
  CHECK(divide_rounded(std::int64_t{1}, min, rm::ceiling) == 0);
  CHECK(divide_rounded(min, std::int64_t{1}, rm::half_even) == min);
  CHECK_THROWS_AS((void)divide_rounded(min, std::int64_t{-1}, rm::half_even), overflow_error);
  // big_int has no limit: the same quotient is exact there
  CHECK(divide_rounded(big_int(min), big_int(-1), rm::half_even) == big_int(max) + 1);
}

TEST_CASE("rounding_mode names round-trip and unknown names are rejected") {
  for (const rm mode : all_rounding_modes) {
    CHECK(parse_rounding_mode(to_string(mode)) == mode);
  }
  CHECK(to_string(rm::half_away_from_zero) == "half_away_from_zero");
  CHECK_THROWS_WITH_AS((void)parse_rounding_mode("half_up"),
                       doctest::Contains("\"half_up\" is not one of: half_even"), parse_error);
}

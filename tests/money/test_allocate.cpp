// allocate: largest remainder, deterministic ties, negative totals, errors.
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/money/allocate.hpp>
#include <prorata/money/io.hpp>

using namespace prorata;

namespace {
const currency usd = currency::from_code("USD");

std::vector<std::int64_t> cents(const std::vector<money>& parts) {
  std::vector<std::int64_t> out;
  for (const money& p : parts) out.push_back(p.minor_units());
  return out;
}
std::vector<std::int64_t> split(std::int64_t total, std::vector<std::int64_t> weights) {
  return cents(allocate(money::from_minor(total, usd), weights));
}
}  // namespace

TEST_CASE("allocate: parts add up and the leftover goes to the largest remainders") {
  CHECK(split(10000, {1, 1, 1}) == std::vector<std::int64_t>{3334, 3333, 3333});
  CHECK(split(5, {70, 30}) == std::vector<std::int64_t>{4, 1});  // 3.5 / 1.5
  // 1.5 / 3.5: equal remainders, so the first weight gets the unit
  CHECK(split(5, {30, 70}) == std::vector<std::int64_t>{2, 3});
  CHECK(split(100, {1, 2, 3}) == std::vector<std::int64_t>{17, 33, 50});
  CHECK(split(7, {0, 5, 0, 7}) == std::vector<std::int64_t>{0, 3, 0, 4});
  CHECK(split(1, {1}) == std::vector<std::int64_t>{1});
  CHECK(split(0, {3, 4}) == std::vector<std::int64_t>{0, 0});
}

TEST_CASE("allocate: equal remainders go to the first weight") {
  CHECK(split(5, {1, 1}) == std::vector<std::int64_t>{3, 2});
  CHECK(split(2, {1, 1, 1}) == std::vector<std::int64_t>{1, 1, 0});
  // equal weights in any position are treated alike, whatever the order
  CHECK(split(10, {2, 3, 2}) == std::vector<std::int64_t>{3, 4, 3});
  CHECK(split(10, {3, 2, 2}) == std::vector<std::int64_t>{4, 3, 3});
}

TEST_CASE("allocate: a negative total is the mirror of the positive one") {
  CHECK(split(-5, {1, 1}) == std::vector<std::int64_t>{-3, -2});
  CHECK(split(-10000, {1, 1, 1}) == std::vector<std::int64_t>{-3334, -3333, -3333});
  CHECK(split(INT64_MIN, {1, 1}) == std::vector<std::int64_t>{INT64_MIN / 2, INT64_MIN / 2});
}

TEST_CASE("allocate: extreme amounts and weights stay exact") {
  const auto parts = split(INT64_MAX, {INT64_MAX, INT64_MAX, 1});
  // exact shares: 4611686018427387903.25 (twice) and 0.4999...: the leftover unit
  // goes to the largest remainder, the third part
  CHECK(parts == std::vector<std::int64_t>{4611686018427387903, 4611686018427387903, 1});
  const std::vector<big_int> w{1, 2};
  const auto big =
      allocate(basic_money<big_int>::from_minor(big_int("100000000000000000000001"), usd), w);
  CHECK(big[0].minor_units() + big[1].minor_units() == big_int("100000000000000000000001"));
}

TEST_CASE("allocate: bad weights are errors") {
  CHECK_THROWS_WITH_AS((void)split(10, {}), doctest::Contains("no weights"), invalid_argument);
  CHECK_THROWS_WITH_AS((void)split(10, {1, -1}), doctest::Contains("weight 1 is negative"),
                       invalid_argument);
  CHECK_THROWS_WITH_AS((void)split(10, {0, 0}), doctest::Contains("sum to zero"), invalid_argument);
}

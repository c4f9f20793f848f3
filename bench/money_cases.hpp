#pragma once
// Shared inputs for bench_money.cpp and count_money.cpp: fixed-seed cases of
// amount x quantity x (remaining / period), as in reference/perf-anchors.md.

#include <cstdint>
#include <random>
#include <vector>

#include "handwritten.hpp"

namespace prorata_bench {

struct line_case {
  std::int64_t price;      // minor units
  std::int64_t quantity;   // seats
  std::int64_t remaining;  // seconds left in the period
  std::int64_t period;     // seconds in the period
};

inline constexpr std::size_t case_count = 4096;

/// typical: SaaS prices up to $9,999.99, up to 1000 seats, 28..366-day periods.
/// max: prices 1e11..1e12 minor units, 1e5..1e6 seats (products past 2^64).
inline std::vector<line_case> make_cases(bool max_range) {
  std::mt19937_64 rng(max_range ? 43 : 42);
  const std::int64_t days[] = {28, 29, 30, 31, 365, 366};
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::vector<line_case> cases(case_count);
  for (line_case& c : cases) {
    c.price = max_range ? pick(100'000'000'000, 1'000'000'000'000) : pick(99, 999'999);
    c.quantity = max_range ? pick(100'000, 1'000'000) : pick(1, 1000);
    c.period = days[pick(0, 5)] * 86'400;
    c.remaining = pick(0, c.period);
  }
  return cases;
}

/// The hand-written baseline: non-negative int64 inputs, unsigned 128-bit
/// product, one 64-bit division when the product fits, half away from zero.
/// No sign handling, no overflow checks, no currency: the floor to beat.
inline std::int64_t handwritten_prorate(const line_case& c) {
  const u128 n =
      static_cast<u128>(c.price) * static_cast<u128>(c.quantity) * static_cast<u128>(c.remaining);
  return static_cast<std::int64_t>(divide_half_away(n, static_cast<std::uint64_t>(c.period)));
}

}  // namespace prorata_bench

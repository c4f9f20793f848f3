#pragma once
// The hand-written baselines' shared step: an unsigned 128-bit dividend
// divided by a 64-bit divisor, rounded half away from zero, with one 64-bit
// div when the dividend fits 64 bits (reference/perf-anchors.md, "b3").

#include <cstdint>

namespace prorata_bench {

__extension__ using u128 = unsigned __int128;

/// round(n / d) half away from zero, for d > 0 and a quotient below 2^64.
inline std::uint64_t divide_half_away(u128 n, std::uint64_t d) {
  std::uint64_t q = 0;
  std::uint64_t r = 0;
  if ((n >> 64) == 0) {
    q = static_cast<std::uint64_t>(n) / d;
    r = static_cast<std::uint64_t>(n) % d;
  } else {
    q = static_cast<std::uint64_t>(n / d);
    r = static_cast<std::uint64_t>(n % d);
  }
  if (r >= d - r) ++q;
  return q;
}

}  // namespace prorata_bench

#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/narrow.hpp>
#include <prorata/error.hpp>
#include <prorata/money/money.hpp>

namespace prorata {

/// Splits `total` in proportion to integer `weights` with the largest-remainder
/// method: the parts always add up to `total` exactly and each part is
/// within one minor unit of its exact share total * w / sum(w).
///
/// Every part first gets its share of |total| rounded down; the minor units
/// left over go one each to the largest remainders. Equal remainders: the
/// lower index (the first weight) wins, so equal weights get equal treatment
/// whatever their order. A negative total is split as its magnitude and
/// negated, so allocate(-x) == -allocate(x). Zero weights get zero.
///
/// Throws invalid_argument if weights is empty, has a negative weight or
/// sums to zero.
///
/// allocate(USD 0.05, {1, 1}) == {USD 0.03, USD 0.02}
/// allocate(USD 100.00, {1, 1, 1}) == {33.34, 33.33, 33.33}
template <class Rep, class Weight>
[[nodiscard]] std::vector<basic_money<Rep>> allocate(const basic_money<Rep>& total,
                                                     std::span<const Weight> weights);

namespace detail {

// Products of an int64 amount and an int64 weight fit 127 bits; wider reps use big_int.
template <class Rep, class Weight>
using allocation_int = std::conditional_t<std::is_same_v<Rep, std::int64_t> &&
                                              (std::is_integral_v<Weight> && sizeof(Weight) <= 8),
                                          int128, big_int>;

}  // namespace detail

template <class Rep, class Weight>
std::vector<basic_money<Rep>> allocate(const basic_money<Rep>& total,
                                       std::span<const Weight> weights) {
  using wide = detail::allocation_int<Rep, Weight>;
  if (weights.empty()) throw invalid_argument("allocate: no weights");
  if constexpr (std::is_integral_v<Weight> && sizeof(Weight) <= 8) {
    static_assert(sizeof(Weight) < 8 || std::is_signed_v<Weight>,
                  "allocate: use signed 64-bit weights");
  }

  wide sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) {
      throw invalid_argument("allocate: weight " + std::to_string(i) + " is negative");
    }
    sum += wide(weights[i]);  // at most 2^63 * size: fits 128 bits for any real size
  }
  if (sum == 0) throw invalid_argument("allocate: weights sum to zero");

  const bool negative = total.minor_units() < 0;
  const wide whole = negative ? wide(-wide(total.minor_units())) : wide(total.minor_units());

  const std::size_t n = weights.size();
  std::vector<wide> share(n);
  std::vector<wide> remainder(n);
  wide handed_out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const wide product = whole * wide(weights[i]);
    share[i] = product / sum;
    remainder[i] = product % sum;
    handed_out += share[i];
  }

  // Leftover units (fewer than n) go to the largest remainders, first index on ties.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  wide left = whole - handed_out;
  for (std::size_t k = 0; left != 0; ++k) {
    share[order[k]] += 1;
    left -= 1;
  }

  std::vector<basic_money<Rep>> parts;
  parts.reserve(n);
  for (const wide& s : share) {
    const Rep units = detail::narrow<Rep>(negative ? wide(-s) : s, "allocate");
    parts.push_back(basic_money<Rep>::from_minor(units, total.currency()));
  }
  return parts;
}

/// Convenience overload for a braced list or vector of weights.
template <class Rep, class Weight>
[[nodiscard]] std::vector<basic_money<Rep>> allocate(const basic_money<Rep>& total,
                                                     const std::vector<Weight>& weights) {
  return allocate(total, std::span<const Weight>(weights));
}

}  // namespace prorata

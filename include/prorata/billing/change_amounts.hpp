#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include <prorata/billing/policy.hpp>
#include <prorata/detail/mul_div.hpp>
#include <prorata/detail/raise.hpp>
#include <prorata/error.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata {

/// One line of a change, signed (credit lines are negative).
struct line_amounts {
  money amount;  ///< the prorated price as listed: gross if tax-inclusive, else net
  money net;     ///< without tax
  money tax;
  money total;  ///< net + tax
};

/// A line's full-cycle amount times `share`, rounded once, then taxed
/// (inclusive or exclusive), negated for a credit line. preview_plan_change
/// prices every line with this.
[[nodiscard]] inline line_amounts price_line(const money& full, const ratio& share, bool credit,
                                             bool tax_inclusive, const tax_rate& rate,
                                             rounding_mode mode) {
  const money prorated = multiply(full, share, mode);
  const taxed_amount t = apply_tax(prorated, tax_inclusive, rate, mode);
  const money listed = tax_inclusive ? t.gross : t.net;
  if (credit) return {-listed, -t.net, -t.tax, -t.gross};
  return {listed, t.net, t.tax, t.gross};
}

/// How signed line totals settle against a credit balance.
/// due - customer_credits == subtotal + tax, always.
struct settlement {
  money subtotal;          ///< sum of line nets
  money tax;               ///< sum of line taxes
  money total;             ///< subtotal + tax: the charge before credits
  money credits_used;      ///< existing credit applied (>= 0)
  money credits_added;     ///< downgrade credit plus any top-up (>= 0)
  money customer_credits;  ///< credits_added - credits_used (Dodo's signed field)
  money due;               ///< settlement_amount: charged now, after tax and credits
};

namespace detail {

/// A settlement's figures in minor units (see settle below).
struct settled_units {
  std::int64_t total;
  std::int64_t used;
  std::int64_t added;
  std::int64_t due;
};

/// settle's rules on int64, for a balance b >= 0 and a total = subtotal +
/// tax that did not overflow and is not the minimum int64. Every
/// intermediate is then between -|total| and max(total, b, minimum): no
/// overflow.
[[nodiscard, gnu::always_inline]] inline settled_units settle_units(std::int64_t subtotal,
                                                                    std::int64_t total,
                                                                    std::int64_t b, currency cur,
                                                                    const policy& pol) noexcept {
  if (total < 0) return {total, 0, -total, 0};
  const std::int64_t offsettable =
      pol.credits_offset == credit_basis::post_tax ? total : std::max<std::int64_t>(subtotal, 0);
  const std::int64_t used = std::min(b, offsettable);
  std::int64_t due = total - used;
  std::int64_t added = 0;
  if (pol.top_up_to_minimum && due > 0) {
    const std::int64_t minimum = pol.minimum_for(cur);  // one load
    if (due < minimum) {
      added = minimum - due;
      due = minimum;
    }
  }
  return {total, used, added, due};
}

[[nodiscard, gnu::always_inline]] inline settlement make_settlement(std::int64_t subtotal,
                                                                    std::int64_t tax,
                                                                    const settled_units& u,
                                                                    currency cur) noexcept {
  const auto m = [cur](std::int64_t v) { return money::from_minor(v, cur); };
  // added >= 0 and used >= 0: their difference cannot overflow
  return {m(subtotal), m(tax), m(u.total), m(u.used), m(u.added), m(u.added - u.used), m(u.due)};
}

}  // namespace detail

/// A negative total becomes credit; a positive one first uses the balance
/// (on the post- or pre-tax amount, per policy), and a charge left below the
/// gateway minimum is raised to it with the excess credited (when the policy
/// tops up). Throws invalid_argument for a negative balance.
[[nodiscard]] inline settlement settle(const money& subtotal, const money& tax,
                                       const money& balance, const policy& pol) {
  const currency cur = balance.currency();
  if (balance.is_negative()) {
    throw invalid_argument("credit balance " + to_string(balance) + " is negative");
  }
  std::int64_t total = 0;
  if (subtotal.currency() != cur || tax.currency() != cur ||
      __builtin_add_overflow(subtotal.minor_units(), tax.minor_units(), &total)) {
    (void)(subtotal + tax);  // throws currency_mismatch or overflow_error, naming both
    (void)(subtotal - balance);
  }
  if (total == detail::min_of<std::int64_t>) (void)(-(subtotal + tax));  // throws
  const detail::settled_units u =
      detail::settle_units(subtotal.minor_units(), total, balance.minor_units(), cur, pol);
  return detail::make_settlement(subtotal.minor_units(), tax.minor_units(), u, cur);
}

/// The amounts of a plan change with no ids, names or state: old lines
/// credited at `old_share`, new lines charged at `new_share`, each line
/// rounded and taxed on its own, settled against `balance`. The arithmetic
/// of preview_plan_change without discounts, for hot loops (shadow checks,
/// simulations, property suites). Lines must be in the balance's currency.
struct change_amounts {
  settlement settled;
  money new_balance;  ///< balance - credits_used + credits_added
};

namespace detail {

/// The fast paths' bounds. Wide: with every line amount in [0, 2^56),
/// every share and tax ratio in [0, 1] and at most 64 lines, each line's
/// net and tax is below 2^56 and the signed sums stay below 2^62 in
/// magnitude, so nothing needs an overflow check and every quotient fits
/// 64 bits. Narrow: amounts and the ratios' denominators also below 2^32
/// (a line under $42,949,672.96 in cents, a period under 136 years in
/// seconds), so every product fits 64 bits as well.
inline constexpr int fast_amount_bits = 56;
inline constexpr int narrow_bits = 32;
inline constexpr std::size_t fast_max_lines = 64;

/// How a fast path multiplies and rounds: 64-bit products with a rounding
/// bias, 128-bit products with a rounding bias, or 128-bit products rounded
/// half-even by remainder and parity.
enum class fast_kind { narrow, wide, half_even };

/// A ratio within [0, 1]: as den > 0 (ratio's invariant), one unsigned
/// comparison, a negative num converting to at least 2^63.
[[nodiscard, gnu::always_inline]] inline bool unit_interval(const ratio& r) noexcept {
  return static_cast<std::uint64_t>(r.num()) <= static_cast<std::uint64_t>(r.den());
}

/// One side's sums: nets and taxes modulo 2^64 (exact within the fast
/// path's bounds), the amounts (and, for narrow, the denominators) OR-ed
/// together, and whether any line is in another currency or a ratio is
/// outside [0, 1].
struct side_sums {
  std::uint64_t net = 0;
  std::uint64_t tax = 0;
  std::uint64_t bits = 0;
  bool unusual = false;
};

/// One side's lines. Checks nothing per line but notes what the caller
/// must check: the arithmetic is unsigned, so an input outside the bounds
/// gives wrong sums (which the caller discards), never undefined behaviour.
template <fast_kind Kind, std::size_t N>
[[nodiscard, gnu::always_inline]] inline side_sums price_side_fast(std::span<const money, N> full,
                                                                   const ratio& share,
                                                                   bool inclusive,
                                                                   const tax_rate& rate,
                                                                   currency cur, rounding_bias rb) {
  // Inclusive: net = listed x 1 / (1 + rate), tax = listed - net;
  // exclusive: tax = listed x rate, net = listed.
  const ratio& t = inclusive ? rate.net_share_of_gross() : rate.as_ratio();
  side_sums s;
  s.unusual = !unit_interval(share) || !unit_interval(t);
  const auto num = static_cast<std::uint64_t>(share.num());
  const auto den = static_cast<std::uint64_t>(share.den());
  const auto t_num = static_cast<std::uint64_t>(t.num());
  const auto t_den = static_cast<std::uint64_t>(t.den());
  const std::uint64_t bias = rb(den);
  const std::uint64_t t_bias = rb(t_den);
  if constexpr (Kind == fast_kind::narrow) s.bits = den | t_den;
  for (const money& m : full) {
    const auto amount = static_cast<std::uint64_t>(m.minor_units());
    s.bits |= amount;
    s.unusual |= m.currency() != cur;
    std::uint64_t listed = 0;
    std::uint64_t x = 0;
    if constexpr (Kind == fast_kind::narrow) {
      listed = mul_div_biased_narrow(amount, num, den, bias);
      x = mul_div_biased_narrow(listed, t_num, t_den, t_bias);
    } else if constexpr (Kind == fast_kind::wide) {
      listed = mul_div_biased(amount, num, den, bias);
      x = mul_div_biased(listed, t_num, t_den, t_bias);
    } else {
      listed = mul_div_bounded<rounding_mode::half_even>(amount, num, den);
      x = mul_div_bounded<rounding_mode::half_even>(listed, t_num, t_den);
    }
    s.net += inclusive ? x : listed;
    s.tax += inclusive ? listed - x : x;
  }
  return s;
}

/// The fast path's result: the signed sums, valid when `ok`.
struct fast_sums {
  bool ok;
  std::int64_t subtotal;
  std::int64_t tax;
};

/// The common case of price_change: every line in the balance's currency,
/// amounts (and for narrow, denominators) within Kind's bounds, shares and
/// tax ratio in [0, 1], at most 64 lines. Not ok when any of that does not
/// hold; the caller then takes a wider path.
template <fast_kind Kind, std::size_t OldN, std::size_t NewN>
[[nodiscard, gnu::always_inline]] inline fast_sums price_sides_fast(
    std::span<const money, OldN> old_full, bool old_inclusive, const ratio& old_share,
    std::span<const money, NewN> new_full, bool new_inclusive, const ratio& new_share,
    const tax_rate& rate, currency cur, rounding_bias rb) {
  const side_sums a = price_side_fast<Kind>(old_full, old_share, old_inclusive, rate, cur, rb);
  const side_sums b = price_side_fast<Kind>(new_full, new_share, new_inclusive, rate, cur, rb);
  constexpr int bound = Kind == fast_kind::narrow ? narrow_bits : fast_amount_bits;
  const bool ok = ((a.bits | b.bits) >> bound) == 0 && !a.unusual && !b.unusual &&
                  old_full.size() + new_full.size() <= fast_max_lines;
  // old lines credited, new ones charged; within the bounds |sums| < 2^62,
  // so the differences and conversions are exact
  return {ok, static_cast<std::int64_t>(b.net - a.net), static_cast<std::int64_t>(b.tax - a.tax)};
}

/// The fast path past the narrow one, out of line: wide, or half_even
/// (which has no rounding bias). Not ok for an unknown rounding mode.
template <std::size_t OldN, std::size_t NewN>
[[nodiscard, gnu::noinline]] fast_sums price_sides_wide(std::span<const money, OldN> old_full,
                                                        bool old_inclusive, const ratio& old_share,
                                                        std::span<const money, NewN> new_full,
                                                        bool new_inclusive, const ratio& new_share,
                                                        const tax_rate& rate, currency cur,
                                                        rounding_mode mode) {
  const rounding_bias rb = rounding_bias::of(mode);
  if (rb.has_bias()) {
    return price_sides_fast<fast_kind::wide>(old_full, old_inclusive, old_share, new_full,
                                             new_inclusive, new_share, rate, cur, rb);
  }
  if (mode == rounding_mode::half_even) {
    return price_sides_fast<fast_kind::half_even>(old_full, old_inclusive, old_share, new_full,
                                                  new_inclusive, new_share, rate, cur, rb);
  }
  return {false, 0, 0};
}

/// price_change's general path: each line through price_line and the sums
/// and settlement through money's checked operators, exactly as
/// preview_plan_change computes them; reports any error. Out of line, so
/// the fast path stays small.
[[gnu::noinline]] inline change_amounts price_change_general(
    std::span<const money> old_full, bool old_inclusive, const ratio& old_share,
    std::span<const money> new_full, bool new_inclusive, const ratio& new_share,
    const tax_rate& rate, const money& balance, const policy& pol) {
  money subtotal = money::zero(balance.currency());
  money tax = subtotal;
  const auto add = [&](std::span<const money> full, const ratio& share, bool credit,
                       bool inclusive) {
    for (const money& m : full) {
      const line_amounts l = price_line(m, share, credit, inclusive, rate, pol.rounding);
      subtotal += l.net;
      tax += l.tax;
    }
  };
  add(old_full, old_share, true, old_inclusive);
  add(new_full, new_share, false, new_inclusive);
  const settlement s = settle(subtotal, tax, balance, pol);
  return {s, balance - s.credits_used + s.credits_added};
}

/// price_change for spans of any extents: the common case on int64 with no
/// per-line checks (its bounds are checked once); anything else on the
/// general path, which prices lines exactly as preview_plan_change does
/// (same results) and reports errors.
template <std::size_t OldN, std::size_t NewN>
[[nodiscard, gnu::always_inline]] inline change_amounts price_change_impl(
    std::span<const money, OldN> old_full, bool old_inclusive, const ratio& old_share,
    std::span<const money, NewN> new_full, bool new_inclusive, const ratio& new_share,
    const tax_rate& rate, const money& balance, const policy& pol) {
  const currency cur = balance.currency();
  const std::int64_t b = balance.minor_units();
  const rounding_bias rb = rounding_bias::of(pol.rounding);
  fast_sums f{false, 0, 0};
  if (rb.has_bias()) [[likely]] {
    f = price_sides_fast<fast_kind::narrow>(old_full, old_inclusive, old_share, new_full,
                                            new_inclusive, new_share, rate, cur, rb);
  }
  if (!f.ok) [[unlikely]] {
    f = price_sides_wide(old_full, old_inclusive, old_share, new_full, new_inclusive, new_share,
                         rate, cur, pol.rounding);
  }
  if (!f.ok || b < 0) [[unlikely]] {
    return price_change_general(old_full, old_inclusive, old_share, new_full, new_inclusive,
                                new_share, rate, balance, pol);
  }
  const std::int64_t sub = f.subtotal;
  const std::int64_t tax = f.tax;
  // |sub|, |tax| < 2^62: total neither overflows nor is the minimum int64
  const settled_units u = settle_units(sub, sub + tax, b, cur, pol);
  std::int64_t new_balance = 0;  // b - used >= 0; adding the top-up may overflow
  if (__builtin_add_overflow(b - u.used, u.added, &new_balance)) [[unlikely]] {
    return price_change_general(old_full, old_inclusive, old_share, new_full, new_inclusive,
                                new_share, rate, balance, pol);  // throws overflow_error
  }
  return {make_settlement(sub, tax, u, cur), money::from_minor(new_balance, cur)};
}

}  // namespace detail

/// Throws as preview_plan_change would: currency_mismatch for a line in
/// another currency, invalid_argument for a negative balance or an unknown
/// rounding mode, overflow_error when an amount does not fit int64.
/// Always inlined: where the line counts are known at the call site (two
/// arrays of two lines, say) the loops unroll; the rarer paths stay out of
/// line.
[[nodiscard, gnu::always_inline]] inline change_amounts price_change(
    std::span<const money> old_full, bool old_inclusive, const ratio& old_share,
    std::span<const money> new_full, bool new_inclusive, const ratio& new_share,
    const tax_rate& rate, const money& balance, const policy& pol) {
  return detail::price_change_impl(old_full, old_inclusive, old_share, new_full, new_inclusive,
                                   new_share, rate, balance, pol);
}

}  // namespace prorata

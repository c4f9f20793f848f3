// price_change's fast paths (narrow 64-bit, wide 128-bit, half_even) against
// its general path, which prices every line through price_line and money's
// checked operators: the same figures, or the same exception, for inputs at
// and across every bound (2^32, 2^56, 2^63, 64 lines, ratios outside [0, 1],
// other currencies, negative amounts and balances, huge minimums), every
// rounding mode, tax inclusive or exclusive; and the rounding-bias division
// against divide_rounded.
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <typeinfo>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "billing/billing_fixture.hpp"
#include "support/property.hpp"

using namespace prorata_test;
using prorata_test::check_property;

namespace {

constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();

// A value near one of the bounds the fast paths check, or an ordinary one.
std::int64_t any_amount() {
  const std::int64_t edge = *rc::gen::element<std::int64_t>(
      0, 1, 99, 10'000'000, (std::int64_t{1} << 32) - 1, std::int64_t{1} << 32,
      (std::int64_t{1} << 56) - 1, std::int64_t{1} << 56, std::int64_t{1} << 60, max64 / 2,
      max64 - 1, max64);
  const std::int64_t jitter = *rc::gen::inRange<std::int64_t>(-3, 4);
  switch (*rc::gen::inRange(0, 6)) {
    case 0:
    case 1:
      return *rc::gen::inRange<std::int64_t>(0, 100'000'000);  // ordinary prices
    case 2:
      return -*rc::gen::inRange<std::int64_t>(1, 1'000'000);  // negative: general path
    default:
      if (jitter > 0 && edge > max64 - jitter) return max64;
      return edge + jitter < 0 ? 0 : edge + jitter;
  }
}

// A share: mostly within [0, 1] with a denominator near 2^32 or far past
// it, sometimes above 1 or negative.
ratio any_share() {
  const std::int64_t den = *rc::gen::element<std::int64_t>(
      1, 2, 3, 30 * 86'400, 31 * 86'400, (std::int64_t{1} << 32) - 1, std::int64_t{1} << 32,
      (std::int64_t{1} << 32) + 1, std::int64_t{1} << 45, max64 / 3, max64);
  switch (*rc::gen::inRange(0, 8)) {
    case 0:
      return ratio{den, den};
    case 1:
      return ratio{0, den};
    case 2:
      return ratio{den / 2 + *rc::gen::inRange<std::int64_t>(0, 2), den};  // a tie or near it
    case 3:
      return ratio{*rc::gen::inRange<std::int64_t>(1, 5), *rc::gen::inRange<std::int64_t>(1, 4)};
    case 4:
      return ratio{-*rc::gen::inRange<std::int64_t>(1, 100), den};
    default:
      return ratio{*rc::gen::inRange<std::int64_t>(0, den == max64 ? max64 : den + 1), den};
  }
}

// A tax rate of scale 0 to 18, usually below 1, sometimes up to 8.
tax_rate any_rate() {
  switch (*rc::gen::inRange(0, 6)) {
    case 0:
      return tax_rate{};
    case 1:
      return tax_rate::parse(*rc::gen::element<std::string>("1", "8", "7.99", "1.5", "2"));
    case 2:
      return tax_rate::parse("0.999999999999999999");
    default: {
      const int scale = *rc::gen::inRange(1, 19);
      std::string digits;
      for (int i = 0; i < scale; ++i) digits += static_cast<char>('0' + *rc::gen::inRange(0, 10));
      return tax_rate::parse("0." + digits);
    }
  }
}

// What a call gave: the eight figures, or the exception's type.
struct outcome {
  std::optional<change_amounts> amounts;
  std::string thrown;
};

bool same(const outcome& a, const outcome& b) {
  if (a.amounts.has_value() != b.amounts.has_value()) return false;
  if (!a.amounts) return a.thrown == b.thrown;
  const settlement& x = a.amounts->settled;
  const settlement& y = b.amounts->settled;
  return x.subtotal == y.subtotal && x.tax == y.tax && x.total == y.total &&
         x.credits_used == y.credits_used && x.credits_added == y.credits_added &&
         x.customer_credits == y.customer_credits && x.due == y.due &&
         a.amounts->new_balance == b.amounts->new_balance;
}

template <class F>
outcome run(F&& f) {
  try {
    return {f(), ""};
  } catch (const std::exception& e) {
    return {std::nullopt, typeid(e).name()};
  }
}

std::string describe(const outcome& o) {
  if (!o.amounts) return "threw " + o.thrown;
  const settlement& s = o.amounts->settled;
  return "subtotal " + to_string(s.subtotal) + ", tax " + to_string(s.tax) + ", due " +
         to_string(s.due) + ", added " + to_string(s.credits_added) + ", used " +
         to_string(s.credits_used) + ", balance " + to_string(o.amounts->new_balance);
}

}  // namespace

TEST_CASE("property: price_change's fast paths give the general path's figures or error") {
  check_property("near every bound, every rounding mode, inclusive or exclusive", [] {
    const currency eur = currency::from_code("EUR");
    const auto line = [&] {
      const bool other = *rc::gen::inRange(0, 40) == 0;
      return money::from_minor(any_amount(), other ? eur : usd);
    };
    // Two arrays of two lines (as in the benchmark) and vectors of any size.
    const std::array<money, 2> old_fixed{line(), line()};
    const std::array<money, 2> new_fixed{line(), line()};
    std::vector<money> old_any(old_fixed.begin(), old_fixed.end());
    std::vector<money> new_any(new_fixed.begin(), new_fixed.end());
    const auto extra = *rc::gen::inRange<std::size_t>(0, 70);  // past the 64-line bound too
    const bool ordinary = *rc::gen::arbitrary<bool>();
    for (std::size_t i = 0; i < extra; ++i) {
      const money m =
          ordinary ? money::from_minor(*rc::gen::inRange<std::int64_t>(0, 99'999), usd) : line();
      (i % 2 == 0 ? old_any : new_any).push_back(m);
    }
    const ratio old_share = any_share();
    const ratio new_share = *rc::gen::arbitrary<bool>() ? old_share : any_share();
    const bool old_inclusive = *rc::gen::arbitrary<bool>();
    const bool new_inclusive = *rc::gen::arbitrary<bool>();
    const tax_rate rate = any_rate();
    policy pol;
    pol.rounding = all_rounding_modes[*rc::gen::inRange<std::size_t>(0, 7)];
    pol.credits_offset =
        *rc::gen::arbitrary<bool>() ? credit_basis::post_tax : credit_basis::pre_tax;
    pol.top_up_to_minimum = *rc::gen::arbitrary<bool>();
    pol.minimum_charge.set(
        "USD", *rc::gen::element<std::int64_t>(0, 50, 1'000'000, max64 / 2, max64 - 1, max64));
    const std::int64_t b =
        *rc::gen::element<std::int64_t>(0, 1, 10'000, max64 / 2, max64 - 5, max64, -1);
    const money balance = money::from_minor(b, usd);

    for (const bool fixed : {true, false}) {
      const std::span<const money> old_lines =
          fixed ? std::span<const money>(old_fixed) : std::span<const money>(old_any);
      const std::span<const money> new_lines =
          fixed ? std::span<const money>(new_fixed) : std::span<const money>(new_any);
      const outcome general = run([&] {
        return detail::price_change_general(old_lines, old_inclusive, old_share, new_lines,
                                            new_inclusive, new_share, rate, balance, pol);
      });
      const outcome fast = run([&] {
        if (fixed) {  // sizes known where it inlines: unrolled
          return price_change(old_fixed, old_inclusive, old_share, new_fixed, new_inclusive,
                              new_share, rate, balance, pol);
        }
        return price_change(old_lines, old_inclusive, old_share, new_lines, new_inclusive,
                            new_share, rate, balance, pol);
      });
      if (!same(fast, general)) {
        RC_FAIL("fast: " + describe(fast) + "; general: " + describe(general) +
                (fixed ? " (arrays of two)" : " (vectors)") + ", rounding " +
                std::string(to_string(pol.rounding)) + ", shares " + old_share.to_string() + " / " +
                new_share.to_string());
      }
    }
  });
}

TEST_CASE("price_change: the fast paths agree with the general path on hand-picked edges") {
  policy pol;
  const tax_rate rate = tax_rate::parse("0.0825");
  const money zero = money::zero(usd);
  const auto both = [&](std::vector<money> old_lines, std::vector<money> new_lines,
                        const ratio& share, const money& balance) {
    for (const rounding_mode mode : all_rounding_modes) {
      pol.rounding = mode;
      const outcome general = run([&] {
        return detail::price_change_general(old_lines, false, share, new_lines, false, share, rate,
                                            balance, pol);
      });
      const outcome fast = run([&] {
        return price_change(old_lines, false, share, new_lines, false, share, rate, balance, pol);
      });
      CHECK_MESSAGE(same(fast, general), to_string(mode) << ": fast " << describe(fast)
                                                         << "; general " << describe(general));
    }
  };
  const auto m = [](std::int64_t v) { return money::from_minor(v, usd); };
  const std::int64_t two32 = std::int64_t{1} << 32;
  const std::int64_t two56 = std::int64_t{1} << 56;
  both({m(two32 - 1)}, {m(two32 - 1)}, ratio{two32 - 2, two32 - 1}, zero);  // narrow's edge
  both({m(two32)}, {m(two32 + 1)}, ratio{1, 3}, zero);                      // just past it
  both({m(two56 - 1)}, {m(two56 - 1), m(two56 - 1)}, ratio{7, 9}, zero);    // wide's edge
  both({m(two56)}, {m(two56)}, ratio{1, 2}, zero);                          // general path
  both({}, {m(max64)}, ratio{1, 1}, zero);                                  // tax overflows int64
  both({}, {m(max64 / 2), m(max64 / 2)}, ratio{1, 1}, zero);                // the sum overflows
  both({}, {m(5)}, ratio{1, 2}, m(max64));    // 3 due, the balance covers it
  both({m(5)}, {}, ratio{1, 2}, m(max64));    // a credit past the maximum
  both({}, {m(1)}, ratio{1, max64}, zero);    // a share of almost nothing
  both({}, {m(1), m(1)}, ratio{1, 2}, zero);  // ties, every mode
}

TEST_CASE("price_change: an unknown rounding mode is an error, as on the general path") {
  policy pol;
  pol.rounding = static_cast<rounding_mode>(42);
  const std::vector<money> lines{money::from_minor(100, usd)};
  CHECK_THROWS_AS((void)price_change(lines, false, ratio{1, 2}, lines, false, ratio{1, 2},
                                     tax_rate{}, money::zero(usd), pol),
                  invalid_argument);
}

TEST_CASE("mul_div_biased: each rounding bias rounds as divide_rounded") {
  const std::uint64_t dens[] = {
      1, 2, 3, 7, 10, 10'000, 2'592'000, (1ull << 32) - 1, 1ull << 32, (1ull << 63) - 1};
  const std::uint64_t nums[] = {0, 1, 2, 3, 5, 9'999, 1'296'000, (1ull << 32) - 2, 1ull << 40};
  for (const rounding_mode mode : all_rounding_modes) {
    const detail::rounding_bias rb = detail::rounding_bias::of(mode);
    CHECK(rb.has_bias() == (mode != rounding_mode::half_even));
    if (!rb.has_bias()) continue;
    for (const std::uint64_t den : dens) {
      for (const std::uint64_t num : nums) {
        if (num > den) continue;
        for (const std::uint64_t a : {0ull, 1ull, 2ull, 5ull, 99'999ull, (1ull << 32) - 1,
                                      (1ull << 56) - 1, (1ull << 63) - 1}) {
          const auto exact =
              static_cast<std::uint64_t>(divide_rounded(int128{a} * num, int128{den}, mode));
          CHECK(detail::mul_div_biased(a, num, den, rb(den)) == exact);
          if (a < (1ull << 32) && den < (1ull << 32)) {
            CHECK(detail::mul_div_biased_narrow(a, num, den, rb(den)) == exact);
          }
          CHECK(detail::mul_div_bounded<rounding_mode::half_even>(a, num, den) ==
                static_cast<std::uint64_t>(
                    divide_rounded(int128{a} * num, int128{den}, rounding_mode::half_even)));
        }
      }
    }
  }
}

TEST_CASE("property: mul_div_biased_narrow equals divide_rounded below 2^32") {
  check_property("a, num <= den below 2^32, every mode", [] {
    const auto den = *rc::gen::inRange<std::uint64_t>(1, 1ull << 32);
    const auto num = *rc::gen::inRange<std::uint64_t>(0, den + 1);
    const auto a = *rc::gen::inRange<std::uint64_t>(0, 1ull << 32);
    const rounding_mode mode = all_rounding_modes[*rc::gen::inRange<std::size_t>(0, 7)];
    const detail::rounding_bias rb = detail::rounding_bias::of(mode);
    const auto exact =
        static_cast<std::uint64_t>(divide_rounded(int128{a} * num, int128{den}, mode));
    if (rb.has_bias()) {
      RC_ASSERT(detail::mul_div_biased_narrow(a, num, den, rb(den)) == exact);
      RC_ASSERT(detail::mul_div_biased(a, num, den, rb(den)) == exact);
    } else {
      RC_ASSERT(detail::mul_div_bounded<rounding_mode::half_even>(a, num, den) == exact);
    }
  });
}

TEST_CASE("policy::minimum_charge: a flat table by currency, set and read by code") {
  policy pol;
  const currency eur = currency::from_code("EUR");
  const currency jpy = currency::from_code("JPY");
  const currency isk = currency::from_code("ISK");
  CHECK(pol.minimum_for("USD") == 50);
  CHECK(pol.minimum_for(usd) == 50);
  CHECK(pol.minimum_for(eur) == 50);
  CHECK(pol.minimum_for("GBP") == 30);
  CHECK(pol.minimum_for("INR") == 500);
  CHECK(pol.minimum_for("CAD") == 50);
  CHECK(pol.minimum_for(jpy) == 50);   // features/adaptive-currency.mdx: 50 JPY
  CHECK(pol.minimum_for(isk) == 0);    // not on the page: no minimum
  CHECK(pol.minimum_for("XYZ") == 0);  // unknown: no minimum
  pol.minimum_charge.set("ISK", 50);
  pol.minimum_charge["USD"] = 75;
  CHECK(pol.minimum_for(isk) == 50);
  CHECK(pol.minimum_for(currency::from_code("ISK", minor_unit_source::dodo)) == 50);
  CHECK(pol.minimum_for("USD") == 75);
  CHECK_THROWS_AS(pol.minimum_charge.set("XYZ", 5), unknown_currency);
  CHECK_THROWS_AS(pol.minimum_charge.set("USD", -1), invalid_argument);
  CHECK_THROWS_AS((void)pol.minimum_charge["usd"], unknown_currency);
  const auto entries = pol.minimum_charge.entries();
  REQUIRE(entries.size() == 85);
  CHECK(entries.front().first == "AED");
  CHECK(entries.back().first == "ZMW");
  CHECK_FALSE(pol.minimum_charge == dodo_documented().minimum_charge);
  pol.minimum_charge.set("ISK", 0);
  pol.minimum_charge.set("USD", 50);
  CHECK(pol.minimum_charge == dodo_documented().minimum_charge);
  const minimum_charge_table none;
  CHECK(none.entries().empty());
  CHECK(none.get(usd) == 0);
}

TEST_CASE("remaining_share: a period too long for 64-bit seconds is an overflow_error") {
  const instant start{std::chrono::seconds{std::numeric_limits<std::int64_t>::min() / 2 - 10}};
  const instant end{std::chrono::seconds{std::numeric_limits<std::int64_t>::max() / 2 + 10}};
  CHECK_THROWS_AS((void)remaining_share(period{start, end}, end), overflow_error);
  const instant mid{std::chrono::seconds{0}};
  CHECK_THROWS_AS((void)remaining_share(period{mid, mid}, mid), invalid_argument);
}

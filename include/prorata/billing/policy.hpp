#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <prorata/calendar/share.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/currency.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

/// Gateway minimum charges in minor units, one slot per ISO 4217 code (a
/// row of iso4217_table()), so a settlement reads its currency's minimum
/// with one load instead of a lookup by code. 0 means no minimum; a minimum
/// belongs to the code, whichever minor_unit_source the currency uses.
class minimum_charge_table {
 public:
  /// No minimum for any currency.
  minimum_charge_table() = default;
  /// {{"USD", 50}, {"GBP", 30}}: as set() for each entry.
  minimum_charge_table(std::initializer_list<std::pair<std::string_view, std::int64_t>> entries) {
    for (const auto& [code, minor_units] : entries) set(code, minor_units);
  }

  /// Sets the minimum for `code` (0 removes it). Throws unknown_currency if
  /// `code` is not an ISO 4217 code, invalid_argument if minor_units < 0.
  void set(std::string_view code, std::int64_t minor_units) {
    if (minor_units < 0) {
      throw invalid_argument("minimum charge for " + detail::quote(code) + " is negative");
    }
    (*this)[code] = minor_units;
  }
  /// The slot for `code`, as with a map: table["USD"] = 75. Throws
  /// unknown_currency if `code` is not an ISO 4217 code. A negative value
  /// acts as no minimum.
  [[nodiscard]] std::int64_t& operator[](std::string_view code) {
    return minimums_[currency::from_code(code).table_index()];
  }
  /// The minimum for `code`; 0 when none is set or the code is unknown.
  [[nodiscard]] std::int64_t get(std::string_view code) const noexcept {
    const std::optional<currency> c = currency::find(code);
    return c ? get(*c) : 0;
  }
  /// The minimum for `c`; 0 when none is set. One load.
  [[nodiscard]] std::int64_t get(currency c) const noexcept { return minimums_[c.table_index()]; }
  /// The codes that have a minimum, in code order, with their minimums.
  [[nodiscard]] std::vector<std::pair<std::string_view, std::int64_t>> entries() const {
    std::vector<std::pair<std::string_view, std::int64_t>> out;
    for (std::size_t i = 0; i < minimums_.size(); ++i) {
      if (minimums_[i] != 0) out.emplace_back(iso4217_table()[i].code, minimums_[i]);
    }
    return out;
  }

  friend bool operator==(const minimum_charge_table&, const minimum_charge_table&) = default;

 private:
  std::array<std::int64_t, detail::iso4217_entries.size()> minimums_{};
};

/// Dodo's gateway minimum per currency, in Dodo's minor units: the
/// "Minimum Amount" column of dodo-docs features/adaptive-currency.mdx
/// @20aa4c6 ("Supported Currencies", 83 currencies), plus USD $0.50
/// (error-codes TOTAL_PAYMENT_AMOUNT_BELOW_MINIMUM_AMOUNT), which the page
/// does not list.
[[nodiscard]] inline minimum_charge_table dodo_minimum_charges() {
  return {{"USD", 50},   {"AED", 200},    {"ALL", 5000},   {"AMD", 50000}, {"ARS", 100000},
          {"AUD", 50},   {"AWG", 200},    {"AZN", 200},    {"BAM", 200},   {"BDT", 10000},
          {"BMD", 100},  {"BND", 100},    {"BOB", 500},    {"BRL", 50},    {"BSD", 100},
          {"BWP", 1500}, {"BZD", 200},    {"CAD", 50},     {"CHF", 50},    {"CLP", 1000},
          {"CNY", 400},  {"CRC", 50000},  {"CZK", 1500},   {"DKK", 250},   {"DOP", 10000},
          {"EGP", 5000}, {"ETB", 10000},  {"EUR", 50},     {"FJD", 200},   {"GBP", 30},
          {"GEL", 300},  {"GMD", 10000},  {"GTQ", 1000},   {"GYD", 20000}, {"HKD", 400},
          {"HNL", 2500}, {"HUF", 17500},  {"IDR", 850000}, {"ILS", 300},   {"INR", 500},
          {"JPY", 50},   {"KRW", 50},     {"KZT", 50000},  {"LKR", 30000}, {"LRD", 20000},
          {"LSL", 2000}, {"MAD", 1000},   {"MKD", 5000},   {"MOP", 1000},  {"MUR", 5000},
          {"MVR", 1500}, {"MWK", 200000}, {"MXN", 1000},   {"MYR", 400},   {"NGN", 200000},
          {"NOK", 300},  {"NPR", 15000},  {"NZD", 100},    {"PEN", 300},   {"PGK", 400},
          {"PHP", 5000}, {"PLN", 200},    {"PYG", 4000},   {"QAR", 300},   {"RON", 200},
          {"RSD", 6000}, {"SAR", 200},    {"SBD", 1000},   {"SCR", 1500},  {"SEK", 300},
          {"SGD", 50},   {"SZL", 2000},   {"THB", 2500},   {"TOP", 200},   {"TRY", 2000},
          {"TWD", 2000}, {"TZS", 300000}, {"UYU", 5000},   {"VND", 12000}, {"WST", 200},
          {"XAF", 300},  {"XOF", 300},    {"ZAR", 2000},   {"ZMW", 3000}};
}

/// What the remaining share of a period is measured in.
enum class time_basis {
  seconds,  ///< elapsed real seconds (default)
  days,     ///< local calendar days in policy::time_zone, with policy::partial_day_rule
};

/// Which amount existing credit offsets.
enum class credit_basis {
  post_tax,  ///< the amount due including tax (Dodo customer-portal commit da35eca)
  pre_tax,   ///< the pre-tax subtotal only; tax stays payable
};

/// When percentage and flat discounts apply relative to proration.
enum class discount_timing {
  before_proration,  ///< discount the full-cycle prices, then prorate them
  after_proration,   ///< prorate the full prices, then discount the prorated amounts
};

/// How a prorated change that restarts the cycle (reset_cycle_on_prorated)
/// charges the new plan.
enum class reset_charge {
  new_cycle,             ///< the new plan in full for the fresh cycle
  old_period_remainder,  ///< features/subscription.mdx: the new plan times the old period's share
};

/// What the unused old plan is credited from.
enum class credit_source {
  last_charged,  ///< the subscription's last_charged (recurring_pre_tax_amount) when known
  catalog,       ///< the catalog's current prices, less the old plan's discounts
};

/// Every choice Dodo leaves undocumented or documents inconsistently, in one
/// value (reference/dodo-domain.md section 8 and the [C] items). The default
/// value is the preset `dodo_upgrade_guide()` (alias `dodo_documented()`). docs/policy.md gives
/// each knob's source.
struct policy {
  time_basis basis = time_basis::seconds;
  std::string time_zone = "UTC";  ///< IANA zone for time_basis::days
  partial_day partial_day_rule = partial_day::count_started_day;
  rounding_mode rounding = rounding_mode::half_away_from_zero;  ///< per line, in minor units
  bool reset_cycle_on_prorated = false;                         ///< UPG: billing date unchanged
  bool reset_cycle_on_difference = false;                       ///< UPG: billing date unchanged
  credit_basis credits_offset = credit_basis::post_tax;
  bool top_up_to_minimum =
      true;  ///< raise a small charge to the gateway minimum, credit the excess
  /// Gateway minimum charge per currency code, in minor units (features/adaptive-currency.mdx).
  minimum_charge_table minimum_charge = dodo_minimum_charges();
  discount_timing discounts = discount_timing::before_proration;
  bool allow_three_decimal_currencies = false;  ///< customer portal: not supported
  /// error-codes.mdx INVALID_PRORATION_MODE_WITH_NEXT_BILLING_DATE: a scheduled
  /// change must use full_immediately.
  bool scheduled_change_requires_full_immediately = true;
  /// Bill the usage recorded so far when a plan change takes effect now
  /// (meter lines in the preview; usage restarts at zero). dodo-domain 1.10 [I].
  bool bill_usage_at_change = true;
  /// Omitted or null `addons` in a change request removes addons (SDK text).
  bool omitted_addons_remove = true;
  /// The charge of a prorated change that restarts the cycle (UPG has none:
  /// it keeps the date; features/subscription.mdx prorates over the old period).
  reset_charge reset_prorated_charge = reset_charge::new_cycle;
  /// The old plan's credit basis (features/localized-pricing.mdx, CL v1.113.6).
  credit_source old_plan_credit = credit_source::last_charged;
  /// Adaptive currency (features/adaptive-currency.mdx @20aa4c6): the fee
  /// added on top of a converted price, in basis points (the 4 % tier, orders
  /// under $500), and the merchant's Fees Inclusive setting (fee not added).
  std::int64_t adaptive_currency_fee_bps = 400;
  bool adaptive_currency_fees_inclusive = false;

  /// The share_basis that `basis`, `time_zone` and `partial_day_rule` describe.
  [[nodiscard]] share_basis share() const {
    return basis == time_basis::seconds ? share_basis::seconds()
                                        : share_basis::days_in(time_zone, partial_day_rule);
  }
  /// The gateway minimum for a currency code, 0 when none is known.
  [[nodiscard]] std::int64_t minimum_for(std::string_view code) const noexcept {
    return minimum_charge.get(code);
  }
  /// The gateway minimum for a currency, 0 when none is known. One load.
  [[nodiscard]] std::int64_t minimum_for(currency c) const noexcept {
    return minimum_charge.get(c);
  }
};

/// The preset of the upgrade/downgrade guide's worked examples (billing
/// date unchanged on prorated and difference changes). The default policy.
[[nodiscard]] inline policy dodo_upgrade_guide() { return policy{}; }

/// The upgrade guide's preset under its older name.
[[nodiscard]] inline policy dodo_documented() { return dodo_upgrade_guide(); }

/// The preset of features/subscription.mdx: prorated, difference and full
/// changes restart the cycle at the change, and a prorated one charges the
/// new plan over the old period's remaining share ($25.00 for Basic $30 ->
/// Pro $80 on day 16 of 30). Other knobs as in dodo_upgrade_guide().
[[nodiscard]] inline policy dodo_subscriptions_page() {
  policy p = dodo_upgrade_guide();
  p.reset_cycle_on_prorated = true;
  p.reset_cycle_on_difference = true;
  p.reset_prorated_charge = reset_charge::old_period_remainder;
  return p;
}

}  // namespace prorata

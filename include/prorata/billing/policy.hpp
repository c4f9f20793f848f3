#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <prorata/calendar/share.hpp>
#include <prorata/money/rounding.hpp>

namespace prorata {

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

/// Every choice Dodo leaves undocumented or documents inconsistently, in one
/// value (reference/dodo-domain.md section 8 and the [C] items). The default
/// value is the preset `dodo_documented()`. docs/policy.md gives each knob's
/// source.
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
  std::map<std::string, std::int64_t, std::less<>> minimum_charge{
      {"USD", 50}, {"EUR", 50}, {"GBP", 30}, {"INR", 500}, {"CAD", 50}};
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

  /// The share_basis that `basis`, `time_zone` and `partial_day_rule` describe.
  [[nodiscard]] share_basis share() const {
    return basis == time_basis::seconds ? share_basis::seconds()
                                        : share_basis::days_in(time_zone, partial_day_rule);
  }
  /// The gateway minimum for a currency code, 0 when none is known.
  [[nodiscard]] std::int64_t minimum_for(std::string_view code) const {
    const auto it = minimum_charge.find(code);
    return it == minimum_charge.end() ? 0 : it->second;
  }
};

/// The preset that reproduces Dodo's documented behaviour (the
/// upgrade/downgrade guide's worked examples). The default policy.
[[nodiscard]] inline policy dodo_documented() { return policy{}; }

}  // namespace prorata

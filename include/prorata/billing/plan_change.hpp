#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/detail/placeholder.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/schedule.hpp>
#include <prorata/calendar/share.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/pricing/discount.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata {

/// Dodo's proration_billing_mode.
enum class proration_mode {
  prorated_immediately,
  difference_immediately,
  full_immediately,
  do_not_bill
};

[[nodiscard]] constexpr std::string_view to_string(proration_mode m) noexcept {
  switch (m) {
    case proration_mode::prorated_immediately:
      return "prorated_immediately";
    case proration_mode::difference_immediately:
      return "difference_immediately";
    case proration_mode::full_immediately:
      return "full_immediately";
    case proration_mode::do_not_bill:
      return "do_not_bill";
  }
  return "unknown";
}

/// Parses Dodo's mode string; throws parse_error listing the four modes.
[[nodiscard]] inline proration_mode parse_proration_mode(std::string_view text) {
  for (auto m : {proration_mode::prorated_immediately, proration_mode::difference_immediately,
                 proration_mode::full_immediately, proration_mode::do_not_bill}) {
    if (to_string(m) == text) return m;
  }
  throw parse_error("proration_billing_mode " + detail::quote(text) +
                    " is not one of prorated_immediately, difference_immediately, "
                    "full_immediately, do_not_bill");
}

/// Dodo's effective_at.
enum class effective_timing { immediately, next_billing_date };

/// A change request with Dodo's field names (UpdateSubscriptionPlanReq).
struct change_request {
  std::string product_id;
  std::int64_t quantity = 1;
  /// The new plan's addons; nullopt is an omitted/null field (see
  /// policy::omitted_addons_remove), an empty list removes all addons.
  std::optional<std::vector<addon_line>> addons;
  proration_mode mode = proration_mode::prorated_immediately;
  effective_timing effective_at = effective_timing::immediately;
  /// nullopt keeps discounts with preserve_on_plan_change; [] removes all;
  /// a list replaces them, applied in order.
  std::optional<std::vector<std::string>> discount_codes;
  /// Replace an existing scheduled change instead of refusing (SDK 2.52).
  bool cancel_scheduled_change_plan = false;
  /// Overrides policy::adaptive_currency_fees_inclusive for this change.
  std::optional<bool> adaptive_currency_fees_inclusive{};
  friend bool operator==(const change_request&, const change_request&) = default;
};

/// What a preview line is for (Dodo's line item `type`).
enum class line_kind { subscription, addon, meter };

/// One line of a preview or an invoice. Amounts are signed: an old-plan
/// credit line has a negative proration_factor and negative amounts.
struct line_item {
  line_kind kind = line_kind::subscription;
  std::string id;  ///< product id or addon id
  std::string name;
  std::int64_t quantity = 1;
  money unit_price =
      detail::unset_amount();    ///< full-cycle price per unit after discounts (Dodo's unit_price)
  ratio proration_factor{1, 1};  ///< signed share of the cycle billed (-f: credit)
  bool tax_inclusive = false;
  money full_tax =
      detail::unset_amount();  ///< tax of the un-prorated line (Dodo's line `tax`), unsigned
  money amount =
      detail::unset_amount();  ///< the prorated price as listed (gross if tax_inclusive), signed
  money net = detail::unset_amount();    ///< amount without tax, signed
  money tax = detail::unset_amount();    ///< tax of the prorated line, signed
  money total = detail::unset_amount();  ///< net + tax, signed
  std::string tax_category;
  ::prorata::tax_rate rate{};  ///< the rate of this line's tax_category (Dodo's line tax_rate)
  // Meter lines only (Dodo's LineItemMeter): usage, free units, price.
  decimal units_consumed;
  decimal chargeable_units;
  std::int64_t free_threshold = 0;
  decimal price_per_unit;
};

/// Dodo's preview summary, plus the exact parts it is made of.
/// settlement_amount - customer_credits == subtotal + tax, always.
struct preview_summary {
  ::prorata::currency currency = detail::placeholder_currency();
  money subtotal = detail::unset_amount();  ///< sum of line nets
  money tax = detail::unset_amount();       ///< sum of line taxes (Dodo's tax and settlement_tax)
  money total = detail::unset_amount();     ///< subtotal + tax: the charge before credits
  money credits_used = detail::unset_amount();   ///< existing credit applied (>= 0)
  money credits_added = detail::unset_amount();  ///< downgrade credit plus any top-up (>= 0)
  money customer_credits =
      detail::unset_amount();  ///< credits_added - credits_used (Dodo's signed field)
  money settlement_amount = detail::unset_amount();  ///< due now, after tax and credits
  money total_amount =
      detail::unset_amount();  ///< Dodo's total_amount: the same as settlement_amount here
};

/// The result of preview_plan_change.
struct plan_change_preview {
  instant effective_at{};
  std::vector<line_item> line_items;
  preview_summary summary;
  subscription_state new_state;
};

/// What Dodo's POST /subscriptions/{id}/change-plan/preview would answer for
/// `request` at `now`, computed exactly under `pol`. Pure: no I/O, no clock.
/// Throws refusal with Dodo's error code for requests Dodo refuses.
[[nodiscard]] plan_change_preview preview_plan_change(const subscription_state& sub,
                                                      const catalog& cat,
                                                      const change_request& request, instant now,
                                                      const tax_rates& rate, const policy& pol);

}  // namespace prorata

#include <prorata/billing/detail/plan_change_impl.hpp>

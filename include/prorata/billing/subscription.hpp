#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/billing/detail/placeholder.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/calendar/period.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/error.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/money.hpp>
#include <prorata/pricing/discount.hpp>

namespace prorata {

/// Dodo's subscription statuses (TS 2.52).
enum class subscription_status {
  pending,
  active,
  on_hold,
  paused,
  cancelled,
  failed,
  expired,
  past_due
};

[[nodiscard]] constexpr std::string_view to_string(subscription_status s) noexcept {
  switch (s) {
    case subscription_status::pending:
      return "pending";
    case subscription_status::active:
      return "active";
    case subscription_status::on_hold:
      return "on_hold";
    case subscription_status::paused:
      return "paused";
    case subscription_status::cancelled:
      return "cancelled";
    case subscription_status::failed:
      return "failed";
    case subscription_status::expired:
      return "expired";
    case subscription_status::past_due:
      return "past_due";
  }
  return "unknown";
}

/// Parses Dodo's status string; throws parse_error listing the valid ones.
[[nodiscard]] inline subscription_status parse_subscription_status(std::string_view text) {
  for (auto s :
       {subscription_status::pending, subscription_status::active, subscription_status::on_hold,
        subscription_status::paused, subscription_status::cancelled, subscription_status::failed,
        subscription_status::expired, subscription_status::past_due}) {
    if (to_string(s) == text) return s;
  }
  throw parse_error("status " + detail::quote(text) +
                    " is not one of pending, active, on_hold, paused, cancelled, failed, "
                    "expired, past_due");
}

/// An addon attached to a subscription (Dodo's {addon_id, quantity}).
struct addon_line {
  std::string addon_id;
  std::int64_t quantity = 1;
  friend bool operator==(const addon_line&, const addon_line&) = default;
};

/// A usage meter on a subscription (Dodo's Subscription.meters) and the
/// usage recorded in the current period, billed in arrears.
struct meter_usage {
  std::string meter_id;
  std::string name;
  std::int64_t free_threshold = 0;  ///< free units per cycle
  decimal price_per_unit;           ///< minor units per unit ("50" is $0.50)
  decimal units_consumed;           ///< usage so far in the current period
  friend bool operator==(const meter_usage&, const meter_usage&) = default;
};

/// A plan change waiting for the next billing date (Dodo's ScheduledPlanChange).
struct scheduled_change {
  std::string product_id;
  std::int64_t quantity = 1;
  std::vector<addon_line> addons;
  instant effective_at{};
  instant created_at{};
  std::vector<discount> discounts;  ///< the discounts the new plan starts with
};

/// Everything the engine needs to know about a subscription at an instant.
/// Period boundaries come from `billing_anchor` and `interval` (never chained
/// from the previous boundary); [previous_billing_date, next_billing_date)
/// is the current period.
struct subscription_state {
  std::string subscription_id;
  std::string product_id;
  std::int64_t quantity = 1;
  std::vector<addon_line> addons;
  ::prorata::currency currency = detail::placeholder_currency();
  instant previous_billing_date{};
  instant next_billing_date{};
  instant billing_anchor{};  ///< boundary 0 of the current schedule
  billing_interval interval{interval_unit::month, 1};
  bool tax_inclusive = false;
  subscription_status status = subscription_status::active;
  bool on_demand = false;
  bool cancel_at_next_billing_date = false;
  /// True while the current period is a trial (Dodo reports it as active).
  bool in_trial = false;
  /// Per-unit amount paid for the trial (paid trials); nullopt or 0: unpaid.
  std::optional<money> trial_amount;
  std::vector<discount> discounts;  ///< in stack order, with cycles_remaining
  money credit_balance = detail::unset_amount();
  std::optional<scheduled_change> scheduled;
  std::vector<meter_usage> meters;  ///< usage billed at renewal, or at a plan change
  /// What a full cycle of the current plan was last charged, before tax and
  /// after discounts (Dodo's recurring_pre_tax_amount); nullopt: unknown.
  /// The old plan's credit comes from it (policy::old_plan_credit); kept up
  /// to date by plan changes and renewals once known.
  std::optional<money> last_charged;

  /// The current billing period.
  [[nodiscard]] period current_period() const { return {previous_billing_date, next_billing_date}; }
};

}  // namespace prorata

#pragma once
// One row of the ledger `prorata simulate` writes (docs/simulator.md).

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <prorata/billing/subscription.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/money/currency.hpp>

namespace prorata::sim {

/// What a row records. Charge rows (created, renewal, plan_change,
/// usage_charge, one_time_charge, recovered) carry an invoice's amounts;
/// credit rows (credit_added, credit_used) restate one credit movement of the
/// charge row before them in `credit_change`; the others carry no money.
enum class row_kind : std::uint8_t {
  created,
  renewal,
  plan_change,
  scheduled_change_applied,
  credit_added,
  credit_used,
  trial_ended,
  payment_failed,
  on_hold,
  recovered,
  cancelled,
  paused,
  resumed,
  usage_charge,
  one_time_charge,
  updated,
  refused,
};

inline constexpr std::array<std::string_view, 17> row_kind_names{
    "created",      "renewal",      "plan_change",     "scheduled_change_applied",
    "credit_added", "credit_used",  "trial_ended",     "payment_failed",
    "on_hold",      "recovered",    "cancelled",       "paused",
    "resumed",      "usage_charge", "one_time_charge", "updated",
    "refused"};

[[nodiscard]] constexpr std::string_view to_string(row_kind k) noexcept {
  return row_kind_names[static_cast<std::size_t>(k)];
}

/// True for the kinds whose rows carry an invoice's amounts.
[[nodiscard]] constexpr bool is_charge(row_kind k) noexcept {
  switch (k) {
    case row_kind::created:
    case row_kind::renewal:
    case row_kind::plan_change:
    case row_kind::usage_charge:
    case row_kind::one_time_charge:
    case row_kind::recovered:
      return true;
    default:
      return false;
  }
}

/// Webhook event types Dodo sends (TS 2.52 WebhookEventType), as bits.
enum webhook : std::uint16_t {
  payment_succeeded = 1u << 0,
  payment_failed_event = 1u << 1,
  subscription_active = 1u << 2,
  subscription_renewed = 1u << 3,
  subscription_on_hold = 1u << 4,
  subscription_paused = 1u << 5,
  subscription_cancelled = 1u << 6,
  subscription_plan_changed = 1u << 7,
  subscription_updated = 1u << 8,
  subscription_unpaused = 1u << 9,
  subscription_update_payment_method = 1u << 10,
};

inline constexpr std::array<std::string_view, 11> webhook_names{
    "payment.succeeded",
    "payment.failed",
    "subscription.active",
    "subscription.renewed",
    "subscription.on_hold",
    "subscription.paused",
    "subscription.cancelled",
    "subscription.plan_changed",
    "subscription.updated",
    "subscription.unpaused",
    "subscription.update_payment_method"};

/// One ledger row. Amounts are minor units of `currency`.
struct ledger_row {
  instant at{};
  std::string_view subscription_id;
  row_kind kind = row_kind::updated;
  currency row_currency = currency::constant("USD");  // no table lookup per row
  std::int64_t subtotal = 0;           ///< pre-tax amount of the charge's lines, signed
  std::int64_t tax = 0;                ///< tax of the charge's lines, signed
  std::int64_t customer_credits = 0;   ///< Dodo's signed credit movement of the charge
  std::int64_t settlement_amount = 0;  ///< collected from the customer now
  std::int64_t credit_change = 0;      ///< credit rows only: +added / -used
  std::int64_t outstanding = 0;        ///< dues owed after the row (on hold)
  std::int64_t credit_balance = 0;     ///< after the event
  instant period_start{};
  instant period_end{};
  std::string_view product_id;
  std::int64_t quantity = 0;
  subscription_status status = subscription_status::active;
  std::uint16_t webhooks = 0;  ///< webhook bits, sent in bit order
  std::string detail;          ///< e.g. a refusal's code and message
};

}  // namespace prorata::sim

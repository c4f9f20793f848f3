#pragma once
// What `prorata simulate` replays: the shared header (policy, catalog, the
// end of the window) and, per subscription, how it starts and its events.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prorata/billing.hpp>
#include <prorata/calendar.hpp>
#include <prorata/money.hpp>
#include <prorata/pricing.hpp>

namespace prorata::sim {

/// Given once for all subscriptions.
struct scenario_header {
  ::prorata::policy policy;
  ::prorata::catalog catalog;
  instant until{};  ///< end of the simulated window (exclusive)
};

/// The kinds of timed event a scenario may hold.
enum class event_kind {
  change_plan,
  cancel_at_next_billing_date,  ///< value: true sets, false undoes
  cancel,
  payment_fails,
  payment_method_updated,
  pause,
  resume,
  usage,
  one_time_charge,
};

/// Dodo's on_payment_failure for a plan change.
enum class on_payment_failure { apply_change, prevent_change };

/// One product of a one-time cart.
struct cart_entry {
  std::string product_id;
  std::int64_t quantity = 1;
  friend bool operator==(const cart_entry&, const cart_entry&) = default;
};

/// One timed event. Only the members of its kind are meaningful.
struct event {
  instant at{};
  event_kind kind = event_kind::cancel;
  std::string pointer;     ///< JSON pointer of the event, for messages
  change_request request;  // change_plan
  on_payment_failure failure = on_payment_failure::apply_change;  // change_plan
  bool value = true;                                              // cancel_at_next_billing_date
  std::string meter_id;                                           // usage
  decimal units;                                                  // usage
  std::vector<cart_entry> cart;                                   // one_time_charge
  std::vector<std::string> discount_codes;                        // one_time_charge
  friend bool operator==(const event&, const event&) = default;
};

/// A subscription as created, with its events in time order.
struct subscription_spec {
  std::string subscription_id;
  std::string product_id;
  std::int64_t quantity = 1;
  std::vector<addon_line> addons;
  currency billing_currency = currency::from_code("USD");
  instant created_at{};
  std::int64_t trial_period_days = 0;
  tax_rate rate;
  std::int64_t credit_balance = 0;  ///< initial credit, minor units
  std::vector<std::string> discount_codes;
  std::vector<meter_usage> meters;
  std::vector<event> events;
  std::string pointer;  ///< JSON pointer of the subscription, for messages
  std::string source;   ///< "file" or "file:line" (JSON Lines), for messages
  friend bool operator==(const subscription_spec&, const subscription_spec&) = default;
};

}  // namespace prorata::sim

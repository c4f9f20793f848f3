#pragma once
/// \file
/// The parts of a Subscription JSON that are not Dodo's own fields: the
/// "prorata" member (credit_balance, billing_anchor, in_trial,
/// units_consumed, scheduled_change_discounts), the trial rule that reads
/// Dodo's own fields, and the pass-through of the fields prorata does not
/// model (docs/preview.md, "new_plan").

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include <prorata/calendar/instant.hpp>
#include <prorata/dodo/json_reader.hpp>

namespace prorata::dodo {

/// The members of the "prorata" object of a Subscription, in writing order.
inline constexpr std::string_view prorata_member_names[] = {
    "credit_balance", "billing_anchor", "in_trial", "units_consumed", "scheduled_change_discounts"};

/// Dodo's trial state from its own fields (dodo-docs features/subscription.mdx,
/// "Detecting Trial Status": no field says it; the page's check for a paid
/// trial is whether the billing dates still lie in the trial window). A
/// subscription is in its trial when trial_period_days > 0 and the current
/// period began before created_at + trial_period_days days: the first
/// renewal, at the trial's end, starts a period outside the window, and a
/// trial extended by moving next_billing_date stays a trial.
[[nodiscard]] inline bool in_trial_by_dates(std::int64_t trial_period_days,
                                            const std::optional<instant>& created_at,
                                            instant previous_billing_date) {
  if (trial_period_days <= 0 || !created_at) return false;
  return previous_billing_date < *created_at + std::chrono::days{trial_period_days};
}

/// A member found by prorata_members: its value and pointer (null: absent).
struct own_member {
  const nlohmann::json* value = nullptr;
  std::string pointer;
  explicit operator bool() const noexcept { return value != nullptr; }
};

/// Reads prorata's members of a Subscription: under "prorata", or (deprecated,
/// still read) at the top level where earlier versions wrote them. Given in
/// both places is an error.
class prorata_members {
 public:
  explicit prorata_members(const json_object& subscription) : sub_(subscription) {
    if (const nlohmann::json* p = subscription.find("prorata")) {
      ext_.emplace(*p, subscription.at("prorata"),
                   "an object of prorata's members (credit_balance, billing_anchor, in_trial, "
                   "units_consumed, scheduled_change_discounts)");
      for (const auto& item : p->items()) {
        bool known = false;
        for (const std::string_view n : prorata_member_names) known = known || item.key() == n;
        if (!known) {
          fail(ext_->at(item.key()), item.value(),
               "no such member: prorata's members are credit_balance, billing_anchor, in_trial, "
               "units_consumed and scheduled_change_discounts");
        }
      }
    }
  }

  /// Member `key` under "prorata", else at the top level (`top_key`, by
  /// default `key`); an error when given in both places.
  [[nodiscard]] own_member find(std::string_view key, const json_object* top = nullptr,
                                std::string_view top_key = {}) const {
    const json_object& outer = top ? *top : sub_;
    const std::string_view old_key = top_key.empty() ? key : top_key;
    const nlohmann::json* old_value = outer.find(old_key);
    const nlohmann::json* value = ext_ ? ext_->find(key) : nullptr;
    if (value && old_value) {
      fail(outer.at(old_key), *old_value,
           "absent: this member moved to " + ext_->at(key) + ", which is given too");
    }
    if (value) return {value, ext_->at(key)};
    if (old_value) return {old_value, outer.at(old_key)};
    return {};
  }

 private:
  const json_object& sub_;
  std::optional<json_object> ext_;
};

/// Copies into `out` each member of `source` (an object) that `out` lacks,
/// except the names in `skip`: the fields prorata does not model pass
/// through unchanged, after the ones it writes.
inline void pass_through(nlohmann::ordered_json& out, const nlohmann::json* source,
                         std::initializer_list<std::string_view> skip = {}) {
  if (source == nullptr || !source->is_object()) return;
  for (const auto& item : source->items()) {
    bool skipped = out.contains(item.key());
    for (const std::string_view s : skip) skipped = skipped || item.key() == s;
    if (!skipped) out[item.key()] = item.value();
  }
}

/// The object of `array` (an array of objects) whose member `key` is `id`.
[[nodiscard]] inline const nlohmann::json* find_by(const nlohmann::json* array,
                                                   std::string_view key, const std::string& id) {
  if (array == nullptr || !array->is_array()) return nullptr;
  for (const nlohmann::json& e : *array) {
    if (!e.is_object()) continue;
    const auto it = e.find(key);
    if (it != e.end() && it->is_string() && it->get_ref<const std::string&>() == id) return &e;
  }
  return nullptr;
}

/// Where subscription_to_json finds what it does not model: the input
/// Subscription (every field the change does not alter is passed through)
/// and the catalog's Dodo Discount objects (the DiscountDetail fields of a
/// code the change applies).
struct subscription_source {
  const nlohmann::json* subscription = nullptr;
  const nlohmann::json* catalog_discounts = nullptr;
};

}  // namespace prorata::dodo

#pragma once
/// \file
/// Dodo's UpdateSubscriptionPlanReq (the body of change-plan and its
/// preview) -> prorata::change_request.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <prorata/billing/plan_change.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/subscription_json.hpp>

namespace prorata::dodo {

/// Reads an UpdateSubscriptionPlanReq: product_id, quantity (>= 1),
/// proration_billing_mode (required); addons (absent or null: nullopt, see
/// policy::omitted_addons_remove), effective_at ("immediately" default |
/// "next_billing_date"), discount_codes (absent or null: keep preserved
/// discounts; at most 20 strings), the deprecated discount_code (one code;
/// not together with discount_codes), cancel_scheduled_change_plan (false).
/// adaptive_currency_fees_inclusive (optional boolean; null or absent: the
/// policy's setting). on_payment_failure, metadata and
/// collect_via_payment_link do not change a preview and are ignored.
[[nodiscard]] inline change_request read_change_request(const nlohmann::json& value,
                                                        const std::string& pointer) {
  const json_object obj(value, pointer);
  change_request r;
  r.product_id = obj.id("product_id");
  r.quantity = obj.integer("quantity", 1);
  static constexpr proration_mode modes[] = {
      proration_mode::prorated_immediately, proration_mode::difference_immediately,
      proration_mode::full_immediately, proration_mode::do_not_bill};
  r.mode =
      modes[obj.choice("proration_billing_mode", {"prorated_immediately", "difference_immediately",
                                                  "full_immediately", "do_not_bill"})];
  if (const nlohmann::json* a = obj.array_or_null("addons")) {
    r.addons = read_addon_lines(*a, obj.at("addons"));
  }
  if (const nlohmann::json* e = obj.find("effective_at")) {
    r.effective_at =
        read_choice(*e, obj.at("effective_at"), {"immediately", "next_billing_date"}) == 0
            ? effective_timing::immediately
            : effective_timing::next_billing_date;
  }
  const std::string codes_expected = "an array of at most 20 discount codes";
  if (const nlohmann::json* codes = obj.array_or_null("discount_codes", codes_expected)) {
    if (codes->size() > 20) fail(obj.at("discount_codes"), *codes, codes_expected);
    std::vector<std::string> list;
    for (std::size_t i = 0; i < codes->size(); ++i) {
      list.push_back(read_id((*codes)[i], pointer_append(obj.at("discount_codes"), i)));
    }
    r.discount_codes = std::move(list);
  }
  if (const nlohmann::json* code = obj.find("discount_code")) {
    if (r.discount_codes) {
      fail(obj.at("discount_code"), *code,
           "null or absent when discount_codes is given (discount_code is deprecated)");
    }
    r.discount_codes = std::vector<std::string>{read_id(*code, obj.at("discount_code"))};
  }
  r.cancel_scheduled_change_plan = obj.boolean_or("cancel_scheduled_change_plan", false);
  if (const nlohmann::json* f = obj.find("adaptive_currency_fees_inclusive")) {
    r.adaptive_currency_fees_inclusive =
        read_boolean(*f, obj.at("adaptive_currency_fees_inclusive"));
  }
  return r;
}

}  // namespace prorata::dodo

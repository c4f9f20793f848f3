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
#include <prorata/dodo/unique_ids.hpp>

namespace prorata::dodo {

/// Reads Dodo's Metadata at `pointer`: null, or an object whose values are
/// strings, numbers or booleans.
inline void check_metadata(const nlohmann::json& v, const std::string& pointer) {
  if (v.is_null()) return;
  const std::string expected = "null or an object of strings, numbers and booleans";
  if (!v.is_object()) fail(pointer, v, expected);
  for (const auto& item : v.items()) {
    const nlohmann::json& x = item.value();
    if (!(x.is_string() || x.is_number() || x.is_boolean())) {
      fail(pointer_append(pointer, item.key()), x, "a string, a number or a boolean");
    }
  }
}

/// Reads an UpdateSubscriptionPlanReq: product_id, quantity (>= 1),
/// proration_billing_mode (required); addons (absent or null: nullopt, see
/// policy::omitted_addons_remove; an addon of quantity 0, which Dodo's
/// schema allows, is not attached: it is left out of the new plan),
/// effective_at ("immediately" default | "next_billing_date"),
/// discount_codes (absent or null: keep preserved discounts; at most 20
/// strings), the deprecated discount_code (one code; not together with
/// discount_codes), cancel_scheduled_change_plan (false),
/// adaptive_currency_fees_inclusive (true | false | null: the policy's
/// setting). on_payment_failure ("prevent_change" | "apply_change" | null),
/// metadata (Dodo's Metadata or null) and collect_via_payment_link (a
/// boolean) are checked but do not change a preview.
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
    std::vector<addon_line> lines;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const json_object line((*a)[i], pointer_append(obj.at("addons"), i),
                             "an object {\"addon_id\": \"...\", \"quantity\": n}");
      const addon_line l{line.id("addon_id"), line.integer("quantity", 0)};
      if (l.quantity > 0) lines.push_back(l);  // quantity 0: not attached
    }
    r.addons = std::move(lines);
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
    require_unique_ids(
        list, [](const std::string& c) -> const std::string& { return c; },
        [&](std::size_t i) { return pointer_append(obj.at("discount_codes"), i); },
        "a discount code");
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
  if (const nlohmann::json* f = obj.find("on_payment_failure")) {
    (void)read_choice(*f, obj.at("on_payment_failure"), {"prevent_change", "apply_change"});
  }
  if (const nlohmann::json* m = obj.find("metadata")) check_metadata(*m, obj.at("metadata"));
  (void)obj.boolean_or("collect_via_payment_link", false);
  return r;
}

}  // namespace prorata::dodo

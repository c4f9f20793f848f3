// Previews of whole Dodo Subscriptions (every required field, meters,
// discounts, a scheduled change): new_plan keeps every field the change does
// not alter, reads back to the same state and feeds the next preview. With
// PRORATA_SCHEMA_OUT set (ctest dodo.schema.property_outputs), each output is
// also written there for the schema test (tests/schema/validate_previews.py).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/dodo.hpp>

#include "support/property.hpp"

using namespace prorata;
using nlohmann::json;

namespace {

/// A whole Dodo input: the Subscription has every field Dodo's
/// SubscriptionResponse requires, plus fields prorata does not model.
json whole_input() {
  return json::parse(R"({
    "now": "2026-04-16T00:00:00Z",
    "subscription": {
      "subscription_id": "sub_whole", "product_id": "prod_basic", "quantity": 1,
      "currency": "USD", "addons": [{"addon_id": "adn_seat", "quantity": 2}],
      "previous_billing_date": "2026-04-01T00:00:00Z",
      "next_billing_date": "2026-05-01T00:00:00Z",
      "payment_frequency_interval": "Month", "payment_frequency_count": 1,
      "subscription_period_interval": "Year", "subscription_period_count": 10,
      "tax_inclusive": false, "status": "active", "on_demand": false,
      "cancel_at_next_billing_date": false, "created_at": "2026-03-01T00:00:00Z",
      "trial_period_days": 0, "recurring_pre_tax_amount": 5000,
      "customer": {"customer_id": "cus_1", "email": "ada@example.com", "name": "Ada",
                   "phone_number": null, "metadata": {"tier": "gold"}},
      "billing": {"country": "US", "city": "Springfield", "state": "IL",
                  "street": "1 Main St", "zipcode": "62701"},
      "brand_id": "bus_brand_1", "metadata": {"account": "acc_42", "vip": true},
      "has_payment_method": true, "payment_method_id": "pm_1",
      "credit_entitlement_cart": [], "meter_credit_entitlement_cart": [],
      "cancelled_at": null, "expires_at": "2036-03-01T00:00:00Z", "tax_id": null,
      "discount_id": "dsc_ten", "discount_cycles_remaining": 3,
      "discounts": [{"discount_id": "dsc_ten", "business_id": "bus_1", "code": "TEN",
        "type": "percentage", "amount": 1000, "cycles_remaining": 3, "times_used": 4,
        "restricted_to": [], "created_at": "2026-01-01T00:00:00Z", "metadata": {},
        "preserve_on_plan_change": true, "position": 0, "name": "Ten off"}],
      "meters": [{"meter_id": "mtr_api", "name": "API calls", "measurement_unit": "calls",
        "currency": "USD", "free_threshold": 100, "price_per_unit": "50",
        "description": "Requests"},
        {"meter_id": "mtr_free", "name": "Storage", "measurement_unit": "GB",
        "currency": "USD", "free_threshold": 0, "price_per_unit": null}],
      "scheduled_change": null,
      "x_unknown_field": {"kept": true},
      "prorata": {"credit_balance": 0, "units_consumed": {"mtr_api": "250", "mtr_free": "7"}}
    },
    "catalog": {
      "products": [
        {"product_id": "prod_basic", "name": "Basic", "tax_category": "saas",
         "price": {"type": "recurring_price", "price": 3000, "currency": "USD",
         "payment_frequency_interval": "Month", "payment_frequency_count": 1}},
        {"product_id": "prod_pro", "name": "Pro", "tax_category": "saas",
         "price": {"type": "recurring_price", "price": 8000, "currency": "USD",
         "payment_frequency_interval": "Month", "payment_frequency_count": 1}}],
      "addons": [{"id": "adn_seat", "name": "Seat", "price": 1000, "currency": "USD",
                  "tax_category": "e_book"}],
      "discounts": [
        {"discount_id": "dsc_ten", "business_id": "bus_1", "code": "TEN", "type": "percentage",
         "amount": 1000, "subscription_cycles": 3, "preserve_on_plan_change": true,
         "times_used": 4, "restricted_to": [], "created_at": "2026-01-01T00:00:00Z",
         "metadata": {}, "customer_eligibility": "any"},
        {"discount_id": "dsc_five", "business_id": "bus_1", "code": "FIVE", "type": "flat",
         "amount": 500, "subscription_cycles": null, "preserve_on_plan_change": false,
         "times_used": 0, "restricted_to": [], "created_at": "2026-02-01T00:00:00Z",
         "metadata": {"campaign": "spring"}, "name": "Five off",
         "currency_options": [{"currency": "USD", "is_default": true, "minimum_subtotal": 0,
                               "max_amount_possible": 500}]}]
    },
    "request": {"product_id": "prod_pro", "quantity": 1,
                "proration_billing_mode": "prorated_immediately"},
    "tax_rates": {"saas": "0.18", "e_book": "0.05"},
    "policy": {}
  })");
}

/// The preview of `in` as parsed JSON, written to PRORATA_SCHEMA_OUT when set.
json preview_json(const json& in, const std::string& name) {
  const dodo::preview_input input = dodo::read_preview_input(in);
  const json out = json::parse(dodo::preview_to_text(dodo::preview(input), input));
  if (const char* dir = std::getenv("PRORATA_SCHEMA_OUT"); dir != nullptr && *dir != '\0') {
    static const bool cleared = [&] {  // this run's outputs only
      std::filesystem::remove_all(dir);
      return std::filesystem::create_directories(dir);
    }();
    (void)cleared;
    std::ofstream(std::filesystem::path(dir) / (name + ".json")) << out.dump(2) << '\n';
  }
  return out;
}

}  // namespace

TEST_CASE("dodo schema: a whole Dodo Subscription passes through new_plan") {
  const json in = whole_input();
  const json out = preview_json(in, "whole-upgrade");
  const json& plan = out.at("new_plan");
  const json& sub = in.at("subscription");
  for (const char* key :
       {"customer", "billing", "brand_id", "metadata", "created_at", "subscription_period_interval",
        "subscription_period_count", "has_payment_method", "payment_method_id", "expires_at",
        "tax_id", "x_unknown_field", "credit_entitlement_cart"}) {
    INFO(key);
    CHECK(plan.at(key) == sub.at(key));
  }
  CHECK(plan.at("product_id") == "prod_pro");
  // the discount keeps its DiscountDetail fields; the deprecated mirrors follow it
  CHECK(plan.at("discounts").at(0).at("discount_id") == "dsc_ten");
  CHECK(plan.at("discounts").at(0).at("times_used") == 4);
  CHECK(plan.at("discount_id") == "dsc_ten");
  // meters: Dodo's fields, measurement_unit passed through, a null price stays null
  CHECK(plan.at("meters").at(0).at("measurement_unit") == "calls");
  CHECK_FALSE(plan.at("meters").at(0).contains("units_consumed"));
  CHECK(plan.at("meters").at(1).at("price_per_unit").is_null());
  // prorata's own members only under "prorata"
  for (const char* key : {"credit_balance", "billing_anchor", "in_trial", "units_consumed"}) {
    CHECK_FALSE(plan.contains(key));
  }
  CHECK(plan.at("prorata").at("units_consumed") == json{{"mtr_api", "0"}, {"mtr_free", "0"}});
  // usage billed at the change: 150 chargeable x 50 = 7500 at the product's rate
  const json& lines = out.at("immediate_charge").at("line_items");
  const json& meter = lines.at(lines.size() - 2);
  CHECK(meter.at("type") == "meter");
  CHECK(meter.at("subtotal") == 7500);
  CHECK(meter.at("tax_rate") == 0.18);
  CHECK(lines.back().at("subtotal") == 0);  // the unpriced meter costs nothing
}

TEST_CASE("dodo schema: previews of whole subscriptions read back and chain") {
  prorata_test::check_property("new_plan reads back and feeds the next preview", [] {
    static int counter = 0;
    json in = whole_input();
    json& req = in["request"];
    static const char* modes[] = {"prorated_immediately", "difference_immediately",
                                  "full_immediately", "do_not_bill"};
    req["proration_billing_mode"] = modes[*rc::gen::inRange(0, 4)];
    req["product_id"] = *rc::gen::arbitrary<bool>() ? "prod_pro" : "prod_basic";
    req["quantity"] = *rc::gen::inRange(1, 5);
    if (*rc::gen::arbitrary<bool>()) {
      req["addons"] =
          json::array({{{"addon_id", "adn_seat"}, {"quantity", *rc::gen::inRange(0, 6)}}});
    }
    if (*rc::gen::arbitrary<bool>()) {  // Dodo allows only full_immediately with it
      req["effective_at"] = "next_billing_date";
      req["proration_billing_mode"] = "full_immediately";
    }
    const int codes = *rc::gen::inRange(0, 4);
    if (codes == 1) req["discount_codes"] = json::array({"FIVE"});
    if (codes == 2) req["discount_codes"] = json::array({"TEN", "FIVE"});
    if (codes == 3) req["discount_codes"] = json::array();
    in["subscription"]["prorata"]["credit_balance"] = *rc::gen::inRange(0, 20000);
    const int day = *rc::gen::inRange(1, 31);
    in["now"] = "2026-04-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T00:00:00Z";
    if (*rc::gen::arbitrary<bool>()) in["tax_rate"] = "0.1";

    const json out = preview_json(in, "property-" + std::to_string(++counter));
    const json& plan = out.at("new_plan");
    RC_ASSERT(plan.at("customer") == in["subscription"]["customer"]);
    RC_ASSERT(plan.at("metadata") == in["subscription"]["metadata"]);
    // reads back to the same state, which writes the same object
    const subscription_state back = dodo::read_subscription(plan, "/new_plan");
    const dodo::preview_input input = dodo::read_preview_input(in);
    const auto again = dodo::subscription_to_json(back, input.catalog, input.policy,
                                                  {&plan, &input.catalog_discounts});
    RC_ASSERT(json::parse(again.dump()) == plan);
    // and feeds the next preview, at the start of its current period
    json next = in;
    next["subscription"] = plan;
    next["now"] = plan.at("previous_billing_date");
    next["request"] = {{"product_id", "prod_basic"},
                       {"quantity", 1},
                       {"proration_billing_mode", "do_not_bill"},
                       {"cancel_scheduled_change_plan", true}};
    const json out2 = preview_json(next, "property-" + std::to_string(counter) + "-next");
    RC_ASSERT(out2.at("new_plan").at("customer") == in["subscription"]["customer"]);
  });
}

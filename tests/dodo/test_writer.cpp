// The preview writer: Dodo's field names, order and JSON types, the prorata
// extension, stable bytes, and a new_plan that reads back unchanged.
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/dodo.hpp>

#include "dodo/dodo_support.hpp"

using namespace prorata;
using dodo_test::base_input;
using dodo_test::preview_of;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::vector<std::string> keys(const ordered_json& j) {
  std::vector<std::string> out;
  for (const auto& item : j.items()) out.push_back(item.key());
  return out;
}

using names = std::vector<std::string>;

}  // namespace

TEST_CASE("dodo writer: U1 in Dodo's SubscriptionPreviewChangePlanResponse shape") {
  const ordered_json out = preview_of(base_input());
  CHECK(keys(out) == names{"immediate_charge", "new_plan"});
  const ordered_json& charge = out["immediate_charge"];
  CHECK(keys(charge) == names{"effective_at", "line_items", "summary"});
  CHECK(charge["effective_at"] == "2026-04-16T00:00:00Z");
  const ordered_json& lines = charge["line_items"];
  REQUIRE(lines.size() == 2);
  const names subscription_keys{"id",       "currency",      "product_id", "proration_factor",
                                "quantity", "tax_inclusive", "type",       "unit_price",
                                "name",     "tax",           "tax_rate",   "prorata"};
  CHECK(keys(lines[0]) == subscription_keys);
  CHECK(keys(lines[1]) == subscription_keys);

  const ordered_json& old_line = lines[0];
  CHECK(old_line["id"] == "prod_basic");
  CHECK(old_line["product_id"] == "prod_basic");
  CHECK(old_line["currency"] == "USD");
  CHECK(old_line["type"] == "subscription");
  CHECK(old_line["name"] == "Basic");
  CHECK(old_line["proration_factor"].is_number_float());
  CHECK(old_line["proration_factor"].get<double>() == -0.5);  // old-plan credit: negative
  CHECK(old_line["quantity"].is_number_integer());
  CHECK(old_line["quantity"] == 1);
  CHECK(old_line["unit_price"].is_number_integer());
  CHECK(old_line["unit_price"] == 3000);
  CHECK(old_line["tax_inclusive"] == false);
  CHECK(old_line["tax"].is_number_integer());
  CHECK(old_line["tax_rate"].is_number_float());
  CHECK(old_line["prorata"] == ordered_json::parse(R"({"amount": -1500, "net": -1500, "tax": 0,
      "total": -1500, "proration_factor": "-1296000/2592000"})"));
  CHECK(lines[1]["proration_factor"].get<double>() == 0.5);
  CHECK(lines[1]["prorata"]["amount"] == 4000);

  const ordered_json& summary = charge["summary"];
  CHECK(keys(summary) == names{"currency", "customer_credits", "settlement_amount",
                               "settlement_currency", "settlement_tax", "tax", "total_amount",
                               "prorata"});
  CHECK(summary["currency"] == "USD");
  CHECK(summary["settlement_currency"] == "USD");
  CHECK(summary["settlement_amount"] == 2500);
  CHECK(summary["total_amount"] == 2500);
  CHECK(summary["customer_credits"] == 0);
  CHECK(summary["tax"] == 0);
  CHECK(summary["settlement_tax"] == 0);
  CHECK(keys(summary["prorata"]) ==
        names{"subtotal", "tax", "total", "credits_used", "credits_added"});

  const ordered_json& plan = out["new_plan"];
  CHECK(keys(plan) == names{"subscription_id",
                            "product_id",
                            "quantity",
                            "currency",
                            "addons",
                            "previous_billing_date",
                            "next_billing_date",
                            "payment_frequency_interval",
                            "payment_frequency_count",
                            "tax_inclusive",
                            "status",
                            "on_demand",
                            "cancel_at_next_billing_date",
                            "discounts",
                            "scheduled_change",
                            "recurring_pre_tax_amount",
                            "meters",
                            "trial_amount",
                            "credit_entitlement_cart",
                            "metadata",
                            "meter_credit_entitlement_cart",
                            "trial_period_days",
                            "prorata"});
  // prorata's own members, under one "prorata"; in_trial only as an override
  CHECK(keys(plan["prorata"]) == names{"credit_balance", "billing_anchor"});
  CHECK(plan["product_id"] == "prod_pro");
  CHECK(plan["scheduled_change"].is_null());
  CHECK(plan["recurring_pre_tax_amount"] == 8000);
  CHECK(plan["next_billing_date"] == "2026-05-01T00:00:00Z");
  CHECK(plan["prorata"]["credit_balance"] == 0);
}

TEST_CASE("dodo writer: addon lines, tax and the exact extension add up to the summary") {
  json in = base_input();
  in["request"]["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 3}])");
  in["tax_rate"] = "0.18";
  in["subscription"]["credit_balance"] = 1000;
  const ordered_json out = preview_of(in);
  const ordered_json& lines = out["immediate_charge"]["line_items"];
  REQUIRE(lines.size() == 3);
  const ordered_json& seat = lines[2];
  CHECK(keys(seat) == names{"id", "currency", "name", "proration_factor", "quantity",
                            "tax_category", "tax_inclusive", "tax_rate", "type", "unit_price",
                            "tax", "prorata"});
  CHECK(seat["type"] == "addon");
  CHECK(seat["id"] == "adn_seat");
  CHECK(seat["name"] == "Seat");
  CHECK(seat["tax_category"] == "saas");
  CHECK(seat["quantity"] == 3);
  CHECK(seat["unit_price"] == 1000);
  CHECK(seat["tax_rate"].get<double>() == 0.18);
  CHECK(seat["tax"] == 540);  // the un-prorated line tax: 3000 x 0.18
  CHECK(seat["prorata"]["net"] == 1500);
  CHECK(seat["prorata"]["tax"] == 270);

  std::int64_t net = 0;
  std::int64_t tax = 0;
  for (const ordered_json& l : lines) {
    net += l["prorata"]["net"].get<std::int64_t>();
    tax += l["prorata"]["tax"].get<std::int64_t>();
    CHECK(l["prorata"]["total"] ==
          l["prorata"]["net"].get<std::int64_t>() + l["prorata"]["tax"].get<std::int64_t>());
  }
  const ordered_json& s = out["immediate_charge"]["summary"];
  CHECK(s["prorata"]["subtotal"] == net);
  CHECK(s["tax"] == tax);
  CHECK(s["settlement_tax"] == tax);
  CHECK(s["settlement_amount"].get<std::int64_t>() - s["customer_credits"].get<std::int64_t>() ==
        net + tax);
  CHECK(s["customer_credits"] == -1000);  // credit used on the upgrade: negative
  CHECK(out["new_plan"]["prorata"]["credit_balance"] == 0);
}

TEST_CASE("dodo writer: usage is a meter line in Dodo's LineItemMeter shape") {
  json in = base_input();
  // O4's meter: $0.50 per unit ("50" minor units), 100 free, 250 used: $75.00
  in["subscription"]["meters"] = json::parse(
      R"([{"meter_id": "mtr_api", "name": "API calls", "measurement_unit": "calls",
           "currency": "USD", "free_threshold": 100, "price_per_unit": "50",
           "units_consumed": "250"}])");
  const ordered_json out = preview_of(in);
  const ordered_json& lines = out["immediate_charge"]["line_items"];
  REQUIRE(lines.size() == 3);
  const ordered_json& m = lines[2];
  CHECK(keys(m) == names{"id", "currency", "chargeable_units", "free_threshold", "name",
                         "price_per_unit", "subtotal", "tax_inclusive", "tax_rate", "type",
                         "units_consumed", "tax", "prorata"});
  CHECK(m["type"] == "meter");
  CHECK(m["chargeable_units"] == "150");
  CHECK(m["price_per_unit"] == "50");
  CHECK(m["units_consumed"] == "250");
  CHECK(m["subtotal"] == 7500);
  CHECK(out["immediate_charge"]["summary"]["settlement_amount"] == 2500 + 7500);
  CHECK(out["new_plan"]["prorata"]["units_consumed"]["mtr_api"] == "0");
  CHECK_FALSE(out["new_plan"]["meters"][0].contains("units_consumed"));
  CHECK(out["new_plan"]["meters"][0]["measurement_unit"] == "calls");  // passed through
  in["subscription"]["meters"][0]["price_per_unit"] = 0.5;
  CHECK_THROWS_WITH_AS((void)dodo::read_preview_input(in),
                       doctest::Contains("/subscription/meters/0/price_per_unit: found 0.5"),
                       dodo::input_error);
}

TEST_CASE("dodo writer: the same input always gives the same bytes") {
  json in = base_input();
  in["tax_rate"] = "0.0825";
  const dodo::preview_input input = dodo::read_preview_input(in);
  const std::string first = dodo::preview_to_text(dodo::preview(input), input);
  const std::string second = dodo::preview_to_text(dodo::preview(input), input);
  CHECK(first == second);
  CHECK(first.back() == '\n');
  CHECK(first.rfind("{\n  \"immediate_charge\": {\n    \"effective_at\"", 0) == 0);
}

TEST_CASE("dodo writer: new_plan reads back as the same subscription") {
  json in = base_input();
  in["subscription"]["discounts"] = json::parse(R"([{"code": "TEN", "type": "percentage",
      "amount": 1000, "cycles_remaining": 2, "preserve_on_plan_change": true}])");
  in["subscription"]["credit_balance"] = 7000;
  const dodo::preview_input input = dodo::read_preview_input(in);
  const ordered_json plan = dodo::preview_to_json(dodo::preview(input), input)["new_plan"];
  const subscription_state back = dodo::read_subscription(json::parse(plan.dump()), "/new_plan");
  const json plan_json = json::parse(plan.dump());
  CHECK(dodo::subscription_to_json(back, input.catalog, input.policy, {&plan_json, nullptr}) ==
        plan);
  CHECK(plan["discounts"][0]["code"] == "TEN");
  CHECK(plan["discounts"][0]["cycles_remaining"] == 2);
  CHECK(plan["recurring_pre_tax_amount"] == 7200);  // Pro 80.00 less 10 %
}

TEST_CASE("dodo writer: a scheduled change is written in Dodo's ScheduledPlanChange shape") {
  json in = base_input();
  in["request"]["proration_billing_mode"] = "full_immediately";
  in["request"]["effective_at"] = "next_billing_date";
  in["request"]["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 2}])");
  const ordered_json out = preview_of(in);
  CHECK(out["immediate_charge"]["effective_at"] == "2026-05-01T00:00:00Z");
  CHECK(out["immediate_charge"]["line_items"].empty());
  CHECK(out["immediate_charge"]["summary"]["settlement_amount"] == 0);
  const ordered_json& plan = out["new_plan"];
  CHECK(plan["product_id"] == "prod_basic");  // the current plan runs to the period's end
  const ordered_json& sc = plan["scheduled_change"];
  REQUIRE(sc.is_object());
  CHECK(keys(sc) == names{"id", "product_id", "quantity", "addons", "effective_at", "created_at",
                          "product_name"});
  CHECK(sc["product_id"] == "prod_pro");
  CHECK(sc["product_name"] == "Pro");
  CHECK(sc["addons"] ==
        ordered_json::parse(R"([{"addon_id": "adn_seat", "name": "Seat", "quantity": 2}])"));
  CHECK(sc["effective_at"] == "2026-05-01T00:00:00Z");
  CHECK(sc["created_at"] == "2026-04-16T00:00:00Z");
  // and it reads back
  const subscription_state back = dodo::read_subscription(json::parse(plan.dump()), "");
  REQUIRE(back.scheduled.has_value());
  CHECK(back.scheduled->product_id == "prod_pro");
}

TEST_CASE("dodo writer: binary64 only at the edge, from the exact values") {
  CHECK(dodo::to_binary64(ratio(-15, 30)) == -0.5);
  CHECK(dodo::to_binary64(ratio(1, 3)) == 1.0 / 3.0);
  CHECK(dodo::to_binary64(tax_rate::parse("0.0825").as_ratio()) == 0.0825);
  CHECK(ordered_json(dodo::to_binary64(tax_rate::parse("0.18").as_ratio())).dump() == "0.18");
}

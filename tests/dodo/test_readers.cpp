// The Dodo JSON readers: every field, the defaults, and each error with its
// exact JSON pointer and message.
#include <string>

#include <doctest/doctest.h>

#include <prorata/dodo.hpp>
#include <prorata/money/io.hpp>

#include "dodo/dodo_support.hpp"

using namespace prorata;
using dodo::input_error;
using dodo::read_preview_input;
using dodo_test::base_input;
using dodo_test::error_of;
using nlohmann::json;

namespace {
const currency usd = currency::from_code("USD");
instant at(const char* text) { return parse_rfc3339(text); }
}  // namespace

TEST_CASE("dodo readers: a minimal input gets every default") {
  json j = base_input();
  j.erase("tax_rate");
  j.erase("policy");
  for (const char* k : {"addons", "credit_balance"}) j["subscription"].erase(k);
  j["catalog"].erase("addons");
  for (const char* k : {"addons", "effective_at"}) j["request"].erase(k);
  const dodo::preview_input in = read_preview_input(j);
  CHECK(in.now == at("2026-04-16T00:00:00Z"));
  const subscription_state& s = in.subscription;
  CHECK(s.subscription_id == "sub_1");
  CHECK(s.product_id == "prod_basic");
  CHECK(s.quantity == 1);
  CHECK(s.currency == usd);
  CHECK(s.addons.empty());
  CHECK(s.previous_billing_date == at("2026-04-01T00:00:00Z"));
  CHECK(s.next_billing_date == at("2026-05-01T00:00:00Z"));
  CHECK(s.billing_anchor == s.previous_billing_date);
  CHECK(s.interval == billing_interval{interval_unit::month, 1});
  CHECK_FALSE(s.tax_inclusive);
  CHECK(s.status == subscription_status::active);
  CHECK_FALSE(s.on_demand);
  CHECK_FALSE(s.cancel_at_next_billing_date);
  CHECK_FALSE(s.in_trial);
  CHECK_FALSE(s.trial_amount.has_value());
  CHECK(s.discounts.empty());
  CHECK_FALSE(s.scheduled.has_value());
  CHECK(s.credit_balance == money::zero(usd));
  CHECK(in.catalog.products.size() == 2);
  CHECK(in.catalog.addons.empty());
  CHECK(in.catalog.discounts.empty());
  CHECK(in.request.product_id == "prod_pro");
  CHECK(in.request.quantity == 1);
  CHECK(in.request.mode == proration_mode::prorated_immediately);
  CHECK_FALSE(in.request.addons.has_value());
  CHECK(in.request.effective_at == effective_timing::immediately);
  CHECK_FALSE(in.request.discount_codes.has_value());
  CHECK_FALSE(in.request.cancel_scheduled_change_plan);
  CHECK(in.tax_rate == tax_rates(tax_rate{}));
  const policy d = dodo_documented();
  CHECK(in.policy.basis == d.basis);
  CHECK(in.policy.rounding == d.rounding);
  CHECK(in.policy.minimum_charge == d.minimum_charge);
  CHECK(in.policy.top_up_to_minimum == d.top_up_to_minimum);
}

TEST_CASE("dodo readers: null optional members count as absent (Dodo writes null)") {
  json j = base_input();
  for (const char* k : {"addons", "discounts", "scheduled_change", "trial_amount", "on_demand"}) {
    j["subscription"][k] = nullptr;
  }
  j["request"]["addons"] = nullptr;
  j["request"]["discount_codes"] = nullptr;
  j["catalog"]["products"][0]["name"] = nullptr;
  const dodo::preview_input in = read_preview_input(j);
  CHECK(in.subscription.addons.empty());
  CHECK_FALSE(in.subscription.scheduled.has_value());
  CHECK_FALSE(in.subscription.trial_amount.has_value());
  CHECK_FALSE(in.request.addons.has_value());
  CHECK_FALSE(in.request.discount_codes.has_value());
  CHECK(in.catalog.products[0].name.empty());
}

TEST_CASE("dodo readers: every subscription field, including prorata's additions") {
  json j = base_input();
  json& s = j["subscription"];
  s["quantity"] = 3;
  s["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 4}])");
  s["payment_frequency_interval"] = "Week";
  s["payment_frequency_count"] = 2;
  s["tax_inclusive"] = true;
  s["status"] = "past_due";
  s["on_demand"] = true;
  s["cancel_at_next_billing_date"] = true;
  s["in_trial"] = true;
  s["trial_amount"] = 500;
  s["credit_balance"] = 1234;
  s["billing_anchor"] = "2026-01-01T00:00:00Z";
  s["discounts"] = json::parse(R"([
    {"code": "TEN", "type": "percentage", "amount": 1000, "cycles_remaining": 2,
     "preserve_on_plan_change": true, "position": 0, "business_id": "ignored"},
    {"code": "FLAT5", "type": "flat", "amount": 0, "cycles_remaining": null}])");
  // A DiscountDetail has no currency_options: the flat deduction comes from the catalog.
  j["catalog"]["discounts"] = json::parse(R"([{"code": "FLAT5", "type": "flat", "amount": 0,
    "currency_options": [{"currency": "USD", "is_default": true, "minimum_subtotal": 0,
                          "max_amount_possible": 500}]}])");
  s["scheduled_change"] = json::parse(R"({"id": "sch_1", "product_id": "prod_pro",
    "quantity": 2, "addons": [{"addon_id": "adn_seat", "name": "Seat", "quantity": 1}],
    "effective_at": "2026-05-01T00:00:00Z", "created_at": "2026-04-10T12:30:00+02:00"})");
  s["brand_id"] = "unknown fields are ignored";
  const subscription_state st = read_preview_input(j).subscription;
  CHECK(st.quantity == 3);
  REQUIRE(st.addons.size() == 1);
  CHECK(st.addons[0] == addon_line{"adn_seat", 4});
  CHECK(st.interval == billing_interval{interval_unit::week, 2});
  CHECK(st.tax_inclusive);
  CHECK(st.status == subscription_status::past_due);
  CHECK(st.on_demand);
  CHECK(st.cancel_at_next_billing_date);
  CHECK(st.in_trial);
  CHECK(st.trial_amount == money::from_minor(500, usd));
  CHECK(st.credit_balance == money::from_minor(1234, usd));
  CHECK(st.billing_anchor == at("2026-01-01T00:00:00Z"));
  REQUIRE(st.discounts.size() == 2);
  CHECK(st.discounts[0].code == "TEN");
  CHECK(st.discounts[0].type == discount_type::percentage);
  CHECK(st.discounts[0].amount == 1000);
  CHECK(st.discounts[0].cycles_remaining == 2);
  CHECK(st.discounts[0].preserve_on_plan_change);
  CHECK(st.discounts[1].type == discount_type::flat);
  REQUIRE(st.discounts[1].option_for(usd) != nullptr);
  CHECK(st.discounts[1].option_for(usd)->max_amount_possible == 500);
  CHECK_FALSE(st.discounts[1].cycles_remaining.has_value());
  CHECK_FALSE(st.discounts[1].preserve_on_plan_change);
  REQUIRE(st.scheduled.has_value());
  CHECK(st.scheduled->product_id == "prod_pro");
  CHECK(st.scheduled->quantity == 2);
  CHECK(st.scheduled->addons == std::vector<addon_line>{{"adn_seat", 1}});
  CHECK(st.scheduled->effective_at == at("2026-05-01T00:00:00Z"));
  CHECK(st.scheduled->created_at == at("2026-04-10T10:30:00Z"));
}

TEST_CASE("dodo readers: catalog, request and tax rate fields") {
  json j = base_input();
  j["catalog"]["products"][1]["price"]["tax_inclusive"] = true;
  j["catalog"]["products"][1]["price"]["payment_frequency_interval"] = "Year";
  j["catalog"]["products"][1]["price"]["discount"] = 0;
  j["catalog"]["addons"][0]["tax_category"] = "e_book";
  j["catalog"]["discounts"] = json::parse(R"([{"code": "WELCOME", "type": "percentage",
    "amount": 540, "subscription_cycles": 3, "preserve_on_plan_change": true}])");
  j["request"] = json::parse(R"({"product_id": "prod_pro", "quantity": 2,
    "proration_billing_mode": "do_not_bill", "addons": [{"addon_id": "adn_seat", "quantity": 3}],
    "effective_at": "next_billing_date", "discount_codes": ["WELCOME"],
    "cancel_scheduled_change_plan": true, "on_payment_failure": "prevent_change",
    "metadata": {"k": "v"}})");
  j["tax_rate"] = "0.0825";
  const dodo::preview_input in = read_preview_input(j);
  const product& pro = in.catalog.products[1];
  CHECK(pro.product_id == "prod_pro");
  CHECK(pro.name == "Pro");
  CHECK(pro.price == money::from_minor(8000, usd));
  CHECK(pro.tax_inclusive);
  CHECK(pro.interval == billing_interval{interval_unit::year, 1});
  CHECK(in.catalog.addons[0].addon_id == "adn_seat");
  CHECK(in.catalog.addons[0].name == "Seat");
  CHECK(in.catalog.addons[0].price == money::from_minor(1000, usd));
  CHECK(in.catalog.addons[0].tax_category == "e_book");
  REQUIRE(in.catalog.discounts.size() == 1);
  CHECK(in.catalog.discounts[0].amount == 540);
  CHECK(in.catalog.discounts[0].cycles_remaining == 3);
  CHECK(in.catalog.discounts[0].preserve_on_plan_change);
  CHECK(in.request.quantity == 2);
  CHECK(in.request.mode == proration_mode::do_not_bill);
  CHECK(in.request.addons == std::vector<addon_line>{{"adn_seat", 3}});
  CHECK(in.request.effective_at == effective_timing::next_billing_date);
  CHECK(in.request.discount_codes == std::vector<std::string>{"WELCOME"});
  CHECK(in.request.cancel_scheduled_change_plan);
  CHECK(in.tax_rate == tax_rates(tax_rate::parse("0.0825")));

  json old = base_input();
  old["request"]["discount_code"] = "WELCOME";  // deprecated single code
  CHECK(read_preview_input(old).request.discount_codes == std::vector<std::string>{"WELCOME"});
  old["request"]["discount_codes"] = json::array();
  CHECK(error_of(old) ==
        "/request/discount_code: found \"WELCOME\" (string), expected null or absent when "
        "discount_codes is given (discount_code is deprecated)");
  json removed = base_input();
  removed["request"]["discount_codes"] = json::array();
  CHECK(read_preview_input(removed).request.discount_codes == std::vector<std::string>{});
}

TEST_CASE("dodo readers: Dodo's zero-decimal currencies keep Dodo's minor units") {
  json j = base_input();
  j["fx_rates"] = {{"USD/MGA", "4500"}, {"USD/ISK", "138"}};  // the USD prices convert
  j["subscription"]["currency"] = "MGA";                      // ISO: 2 decimals, Dodo: 0
  CHECK(read_preview_input(j).subscription.currency.minor_digits() == 0);
  j["subscription"]["currency"] = "ISK";  // ISO: 0 decimals, Dodo: 2
  CHECK(read_preview_input(j).subscription.currency.minor_digits() == 2);
}

TEST_CASE("dodo readers: presets, and knobs beside a preset override it") {
  json j = base_input();
  for (const char* name : {"dodo_upgrade_guide", "dodo_documented"}) {
    j["policy"] = {{"preset", name}};
    const policy p = read_preview_input(j).policy;
    CHECK_FALSE(p.reset_cycle_on_prorated);
    CHECK(p.reset_prorated_charge == reset_charge::new_cycle);
  }
  j["policy"] = {{"preset", "dodo_subscriptions_page"}};
  policy p = read_preview_input(j).policy;
  CHECK(p.reset_cycle_on_prorated);
  CHECK(p.reset_cycle_on_difference);
  CHECK(p.reset_prorated_charge == reset_charge::old_period_remainder);
  CHECK(p.old_plan_credit == credit_source::last_charged);
  j["policy"] = {{"reset_cycle_on_difference", false},
                 {"preset", "dodo_subscriptions_page"},
                 {"old_plan_credit", "catalog"}};
  p = read_preview_input(j).policy;
  CHECK(p.reset_cycle_on_prorated);
  CHECK_FALSE(p.reset_cycle_on_difference);  // given beside the preset, in any order
  CHECK(p.old_plan_credit == credit_source::catalog);
  j["policy"] = {{"reset_prorated_charge", "old_period_remainder"}};
  CHECK(read_preview_input(j).policy.reset_prorated_charge == reset_charge::old_period_remainder);
}

TEST_CASE("dodo readers: recurring_pre_tax_amount is what the plan was last charged") {
  json j = base_input();
  CHECK_FALSE(read_preview_input(j).subscription.last_charged.has_value());
  j["subscription"]["recurring_pre_tax_amount"] = nullptr;
  CHECK_FALSE(read_preview_input(j).subscription.last_charged.has_value());
  j["subscription"]["recurring_pre_tax_amount"] = 2500;
  const dodo::preview_input in = read_preview_input(j);
  CHECK(in.subscription.last_charged == money::parse("25.00", in.subscription.currency));
  // written back as it was read, so a new_plan feeds the next preview
  const auto out = dodo::subscription_to_json(in.subscription, in.catalog, in.policy);
  CHECK(out["recurring_pre_tax_amount"] == 2500);
  j["subscription"]["recurring_pre_tax_amount"] = -1;
  CHECK(error_of(j) ==
        "/subscription/recurring_pre_tax_amount: found -1 (integer), expected an integer >= 0");
}

TEST_CASE("dodo readers: every policy knob by name") {
  json j = base_input();
  j["policy"] = json::parse(R"({"preset": "dodo_documented", "time_basis": "days",
    "time_zone": "Asia/Kolkata", "partial_day": "exact_fraction", "rounding": "half_even",
    "reset_cycle_on_prorated": true, "reset_cycle_on_difference": true,
    "credits_offset": "pre_tax", "top_up_to_minimum": false,
    "minimum_charge": {"USD": 75, "JPY": 50}, "discounts": "after_proration",
    "allow_three_decimal_currencies": true, "scheduled_change_requires_full_immediately": false,
    "omitted_addons_remove": false})");
  const policy p = read_preview_input(j).policy;
  CHECK(p.basis == time_basis::days);
  CHECK(p.time_zone == "Asia/Kolkata");
  CHECK(p.partial_day_rule == partial_day::exact_fraction);
  CHECK(p.rounding == rounding_mode::half_even);
  CHECK(p.reset_cycle_on_prorated);
  CHECK(p.reset_cycle_on_difference);
  CHECK(p.credits_offset == credit_basis::pre_tax);
  CHECK_FALSE(p.top_up_to_minimum);
  CHECK(p.minimum_for("USD") == 75);
  CHECK(p.minimum_for("JPY") == 50);
  CHECK(p.minimum_for("EUR") == 50);  // entries not given are kept
  CHECK(p.minimum_for("GBP") == 30);
  CHECK(p.discounts == discount_timing::after_proration);
  CHECK(p.allow_three_decimal_currencies);
  CHECK_FALSE(p.scheduled_change_requires_full_immediately);
  CHECK_FALSE(p.omitted_addons_remove);
  for (const rounding_mode m : all_rounding_modes) {
    j["policy"] = {{"rounding", std::string(to_string(m))}};
    CHECK(read_preview_input(j).policy.rounding == m);
  }
}

TEST_CASE("dodo readers: subscription errors name the pointer, what was found and expected") {
  const auto with = [](const char* key, const json& value) {
    json j = base_input();
    j["subscription"][key] = value;
    return error_of(j);
  };
  const auto without = [](const char* key) {
    json j = base_input();
    j["subscription"].erase(key);
    return error_of(j);
  };
  CHECK(with("quantity", "3") ==
        "/subscription/quantity: found \"3\" (string), expected an integer >= 1");
  CHECK(with("quantity", 0) ==
        "/subscription/quantity: found 0 (integer), expected an integer >= 1");
  CHECK(with("quantity", 1.5) ==
        "/subscription/quantity: found 1.5 (number), expected an integer >= 1");
  CHECK(with("quantity", 18446744073709551615ULL) ==
        "/subscription/quantity: found 18446744073709551615 (integer), expected an integer >= 1");
  CHECK(without("quantity") == "/subscription/quantity: found nothing, expected an integer >= 1");
  CHECK(without("subscription_id") ==
        "/subscription/subscription_id: found nothing, expected a non-empty string");
  CHECK(with("product_id", "") ==
        "/subscription/product_id: found \"\" (string), expected a non-empty string");
  CHECK(with("currency", "XYZ") ==
        "/subscription/currency: found \"XYZ\" (string), expected an ISO 4217 currency code "
        "such as \"USD\"");
  CHECK(with("currency", "usd") ==
        "/subscription/currency: found \"usd\" (string), expected an ISO 4217 currency code "
        "such as \"USD\"");
  CHECK(with("previous_billing_date", "2026-04-01") ==
        "/subscription/previous_billing_date: found \"2026-04-01\" (string), expected an RFC 3339 "
        "timestamp such as \"2026-04-16T00:00:00Z\" (is not an RFC 3339 timestamp: expected 'T' "
        "between date and time at offset 10; the form is YYYY-MM-DDTHH:MM:SS[.f](Z|+HH:MM))");
  CHECK(with("previous_billing_date", "2026-02-30T00:00:00Z")
            .rfind("/subscription/previous_billing_date: found \"2026-02-30T00:00:00Z\" (string), "
                   "expected an RFC 3339 timestamp such as \"2026-04-16T00:00:00Z\" (",
                   0) == 0);
  CHECK(with("next_billing_date", 1775000000) ==
        "/subscription/next_billing_date: found 1775000000 (integer), expected an RFC 3339 "
        "timestamp such as \"2026-04-16T00:00:00Z\"");
  CHECK(with("next_billing_date", "2026-04-01T00:00:00Z") ==
        "/subscription/next_billing_date: found \"2026-04-01T00:00:00Z\" (string), expected an "
        "instant after previous_billing_date 2026-04-01T00:00:00Z");
  CHECK(with("billing_anchor", "2026-04-02T00:00:00Z") ==
        "/subscription/billing_anchor: found \"2026-04-02T00:00:00Z\" (string), expected an "
        "instant not after previous_billing_date 2026-04-01T00:00:00Z");
  CHECK(with("payment_frequency_interval", "month") ==
        "/subscription/payment_frequency_interval: found \"month\" (string), expected one of "
        "\"Day\", \"Week\", \"Month\", \"Year\"");
  CHECK(with("payment_frequency_count", 0) ==
        "/subscription/payment_frequency_count: found 0 (integer), expected an integer >= 1");
  CHECK(with("tax_inclusive", "no") ==
        "/subscription/tax_inclusive: found \"no\" (string), expected true or false");
  CHECK(without("tax_inclusive") ==
        "/subscription/tax_inclusive: found nothing, expected true or false");
  CHECK(with("status", "activ") ==
        "/subscription/status: found \"activ\" (string), expected one of \"pending\", \"active\", "
        "\"on_hold\", \"paused\", \"cancelled\", \"failed\", \"expired\", \"past_due\"");
  CHECK(with("status", nullptr) ==
        "/subscription/status: found null (null), expected one of \"pending\", \"active\", "
        "\"on_hold\", \"paused\", \"cancelled\", \"failed\", \"expired\", \"past_due\"");
  CHECK(with("addons", json::parse(R"([{"addon_id": "adn_seat"}])")) ==
        "/subscription/addons/0/quantity: found nothing, expected an integer >= 1");
  CHECK(with("addons", json::parse(R"({"addon_id": "adn_seat"})")) ==
        "/subscription/addons: found {\"addon_id\":\"adn_seat\"} (object), expected an array");
  CHECK(with("addons", json::parse(R"(["adn_seat"])")) ==
        "/subscription/addons/0: found \"adn_seat\" (string), expected an object "
        "{\"addon_id\": \"...\", \"quantity\": n}");
  CHECK(with("credit_balance", -1) ==
        "/subscription/credit_balance: found -1 (integer), expected an integer >= 0");
  CHECK(with("credit_balance", "10.00") ==
        "/subscription/credit_balance: found \"10.00\" (string), expected an integer >= 0");
  CHECK(with("in_trial", 1) == "/subscription/in_trial: found 1 (integer), expected true or false");
  CHECK(with("discounts", json::parse(R"([{"code": "X", "type": "fixed", "amount": 1}])")) ==
        "/subscription/discounts/0/type: found \"fixed\" (string), expected one of "
        "\"percentage\", \"flat\"");
  CHECK(
      with("discounts", json::parse(R"([{"code": "X", "type": "percentage", "amount": 10001}])")) ==
      "/subscription/discounts/0/amount: found 10001 (integer), expected an integer from 0 to "
      "10000");
  CHECK(with("scheduled_change", json::parse(R"({"product_id": "prod_pro", "quantity": 1,
          "effective_at": "2026-05-01T00:00:00Z"})")) ==
        "/subscription/scheduled_change/created_at: found nothing, expected an RFC 3339 timestamp "
        "such as \"2026-04-16T00:00:00Z\"");
}

TEST_CASE("dodo readers: catalog, request, tax rate and document errors") {
  const auto error_after = [](auto change) {
    json j = base_input();
    change(j);
    return error_of(j);
  };
  CHECK(error_after([](json& j) { j["catalog"].erase("products"); }) ==
        "/catalog/products: found nothing, expected an array of products");
  CHECK(
      error_after([](json& j) { j["catalog"]["products"][1]["price"]["type"] = "tiered_price"; }) ==
      "/catalog/products/1/price/type: found \"tiered_price\" (string), expected one of "
      "\"recurring_price\", \"usage_based_price\", \"one_time_price\"");
  CHECK(error_after([](json& j) { j["catalog"]["products"][0]["price"]["price"] = "30.00"; }) ==
        "/catalog/products/0/price/price: found \"30.00\" (string), expected an integer >= 0");
  CHECK(error_after([](json& j) { j["catalog"]["products"][0]["price"]["discount"] = 101; }) ==
        "/catalog/products/0/price/discount: found 101 (integer), expected an integer from 0 to "
        "100");
  CHECK(error_after([](json& j) { j["catalog"]["addons"][0].erase("id"); }) ==
        "/catalog/addons/0/id: found nothing, expected a non-empty string");
  CHECK(error_after([](json& j) { j["catalog"]["addons"][0]["tax_category"] = "food"; }) ==
        "/catalog/addons/0/tax_category: found \"food\" (string), expected one of "
        "\"digital_products\", \"saas\", \"e_book\", \"edtech\", \"live_tutoring\"");
  CHECK(error_after([](json& j) { j["request"]["quantity"] = 0; }) ==
        "/request/quantity: found 0 (integer), expected an integer >= 1");
  CHECK(error_after(
            [](json& j) { j["request"]["proration_billing_mode"] = "prorated_next_billing"; }) ==
        "/request/proration_billing_mode: found \"prorated_next_billing\" (string), expected one "
        "of \"prorated_immediately\", \"difference_immediately\", \"full_immediately\", "
        "\"do_not_bill\"");
  CHECK(error_after([](json& j) { j["request"].erase("proration_billing_mode"); }) ==
        "/request/proration_billing_mode: found nothing, expected one of \"prorated_immediately\", "
        "\"difference_immediately\", \"full_immediately\", \"do_not_bill\"");
  CHECK(error_after([](json& j) { j["request"]["effective_at"] = "later"; }) ==
        "/request/effective_at: found \"later\" (string), expected one of \"immediately\", "
        "\"next_billing_date\"");
  CHECK(error_after([](json& j) {
          j["request"]["discount_codes"] = json::array();
          for (int i = 0; i < 21; ++i) j["request"]["discount_codes"].push_back("C");
        }).rfind("/request/discount_codes: found [\"C\",", 0) == 0);
  CHECK(error_after([](json& j) {
          j["request"]["addons"][0] = {{"addon_id", 7}, {"quantity", 1}};
        }) == "/request/addons/0/addon_id: found 7 (integer), expected a non-empty string");
  CHECK(error_after([](json& j) { j["tax_rate"] = 0.18; }) ==
        "/tax_rate: found 0.18 (number), expected a decimal string such as \"0.18\" (a fraction: "
        "18 % is \"0.18\")");
  CHECK(error_after([](json& j) { j["tax_rate"] = "18%"; }) ==
        "/tax_rate: found \"18%\" (string), expected a decimal string such as \"0.18\" (a "
        "fraction: 18 % is \"0.18\")");
  CHECK(error_after([](json& j) {
          j["tax_rate"] = "-0.1";
        }).rfind("/tax_rate: found \"-0.1\"", 0) == 0);
  CHECK(error_after([](json& j) { j["now"] = "2026-05-02T00:00:00Z"; }) ==
        "/now: found \"2026-05-02T00:00:00Z\" (string), expected an instant within the current "
        "period [2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z]");
  CHECK(error_after([](json& j) { j.erase("request"); }) ==
        "/request: found nothing, expected an object");
  CHECK(error_after([](json& j) { j["catalog"] = json::array(); }) ==
        "/catalog: found [] (array), expected an object");
  CHECK(error_of(json::array({1, 2})) ==
        "(root): found [1,2] (array), expected an object with now, subscription, catalog, "
        "request, tax_rate, policy");
}

TEST_CASE("dodo readers: an unknown policy knob or value is an error") {
  const auto policy_error = [](const char* text) {
    json j = base_input();
    j["policy"] = json::parse(text);
    return error_of(j);
  };
  CHECK(policy_error(R"({"rounding_mod": "half_even"})") ==
        "/policy/rounding_mod: found unknown knob \"rounding_mod\", expected a policy knob, one "
        "of preset, time_basis, time_zone, partial_day, rounding, reset_cycle_on_prorated, "
        "reset_cycle_on_difference, credits_offset, top_up_to_minimum, minimum_charge, discounts, "
        "allow_three_decimal_currencies, scheduled_change_requires_full_immediately, "
        "omitted_addons_remove, bill_usage_at_change, reset_prorated_charge, old_plan_credit, "
        "adaptive_currency_fee_bps, adaptive_currency_fees_inclusive");
  CHECK(policy_error(R"({"a/b~c": 1})").rfind("/policy/a~1b~0c: found unknown knob \"a/b~c\"", 0) ==
        0);
  CHECK(policy_error(R"({"rounding": "half_up"})") ==
        "/policy/rounding: found \"half_up\" (string), expected one of \"half_even\", "
        "\"half_away_from_zero\", \"half_toward_zero\", \"toward_zero\", \"away_from_zero\", "
        "\"floor\", \"ceiling\"");
  CHECK(policy_error(R"({"time_basis": "hours"})") ==
        "/policy/time_basis: found \"hours\" (string), expected one of \"seconds\", \"days\"");
  CHECK(policy_error(R"({"time_zone": "Mars/Olympus_Mons"})") ==
        "/policy/time_zone: found \"Mars/Olympus_Mons\" (string), expected an IANA time zone name "
        "such as \"UTC\" or \"Asia/Kolkata\"");
  CHECK(
      policy_error(R"({"partial_day": "half"})").rfind("/policy/partial_day: found \"half\"", 0) ==
      0);
  CHECK(policy_error(R"({"credits_offset": "after_tax"})") ==
        "/policy/credits_offset: found \"after_tax\" (string), expected one of \"post_tax\", "
        "\"pre_tax\"");
  CHECK(policy_error(R"({"discounts": "never"})") ==
        "/policy/discounts: found \"never\" (string), expected one of \"before_proration\", "
        "\"after_proration\"");
  CHECK(policy_error(R"({"top_up_to_minimum": "yes"})") ==
        "/policy/top_up_to_minimum: found \"yes\" (string), expected true or false");
  CHECK(policy_error(R"({"minimum_charge": {"XYZ": 5}})") ==
        "/policy/minimum_charge/XYZ: found currency code \"XYZ\", expected an ISO 4217 currency "
        "code such as \"USD\" as the key");
  CHECK(policy_error(R"({"minimum_charge": {"USD": -1}})") ==
        "/policy/minimum_charge/USD: found -1 (integer), expected an integer >= 0");
  CHECK(policy_error(R"({"minimum_charge": [50]})") ==
        "/policy/minimum_charge: found [50] (array), expected an object of currency code to minor "
        "units, such as {\"USD\": 50}");
  CHECK(policy_error(R"({"preset": "stripe"})") ==
        "/policy/preset: found \"stripe\" (string), expected one of \"dodo_upgrade_guide\", "
        "\"dodo_documented\", \"dodo_subscriptions_page\"");
  CHECK(policy_error(R"({"reset_prorated_charge": "half"})") ==
        "/policy/reset_prorated_charge: found \"half\" (string), expected one of \"new_cycle\", "
        "\"old_period_remainder\"");
  CHECK(policy_error(R"({"old_plan_credit": 3000})") ==
        "/policy/old_plan_credit: found 3000 (integer), expected one of \"last_charged\", "
        "\"catalog\"");
  CHECK(policy_error(R"([])") == "/policy: found [] (array), expected an object");
}

TEST_CASE("dodo readers: malformed JSON text reports line, column and byte") {
  try {
    (void)dodo::parse_json("{\n  \"now\": ,\n}");
    FAIL("no error");
  } catch (const input_error& e) {
    CHECK(e.pointer().empty());
    CHECK(e.location() == "line 2, column 10 (byte 12)");
    CHECK(std::string(e.what()).rfind("line 2, column 10 (byte 12): found malformed JSON (", 0) ==
          0);
    CHECK(e.expected() == "a JSON document");
  }
  CHECK_THROWS_AS((void)dodo::parse_json(""), input_error);
  CHECK_THROWS_AS((void)dodo::parse_json("{} trailing"), input_error);
  CHECK(dodo::parse_json(" {\"a\": 1} \n") == json{{"a", 1}});
}

TEST_CASE("dodo readers: input_error exposes its parts") {
  json j = base_input();
  j["subscription"]["quantity"] = "3";
  try {
    (void)read_preview_input(j);
    FAIL("no error");
  } catch (const input_error& e) {
    CHECK(e.pointer() == "/subscription/quantity");
    CHECK(e.location() == "/subscription/quantity");
    CHECK(e.found() == "\"3\" (string)");
    CHECK(e.expected() == "an integer >= 1");
  }
  CHECK(dodo::describe_value(
            json::parse(R"({"a": "0123456789012345678901234567890123456789xyz"})")) ==
        "{\"a\":\"012345678901234567890123456789012345678... (object)");
}

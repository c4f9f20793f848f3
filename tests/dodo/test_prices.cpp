// Every Dodo product price type (recurring, usage-based, one-time), adaptive
// currency (exchange rates and the fee), localized prices and the settlement
// currency, through the JSON reader, the engine and the writer.
#include <string>

#include <doctest/doctest.h>

#include <prorata/billing/apply_plan_change.hpp>
#include <prorata/dodo.hpp>

#include "dodo/dodo_support.hpp"

using namespace prorata;
using dodo_test::base_input;
using dodo_test::error_of;
using dodo_test::preview_of;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string refusal_of(const json& input) {
  try {
    (void)preview_of(input);
  } catch (const refusal& r) {
    return r.code();
  }
  return "no refusal";
}

ordered_json summary(const ordered_json& out) { return out["immediate_charge"]["summary"]; }

json usage_price(std::int64_t fixed, const char* meters) {
  return {{"type", "usage_based_price"},
          {"fixed_price", fixed},
          {"currency", "USD"},
          {"payment_frequency_interval", "Month"},
          {"payment_frequency_count", 1},
          {"subscription_period_interval", "Year"},
          {"subscription_period_count", 1},
          {"discount", 0},
          {"purchasing_power_parity", false},
          {"tax_inclusive", false},
          {"meters", json::parse(meters)}};
}

}  // namespace

TEST_CASE("prices: a usage_based_price is priced at its fixed_price and brings its meters") {
  json in = base_input();
  in["catalog"]["products"][1]["price"] =
      usage_price(8000, R"([{"meter_id": "mtr_api", "name": "API calls", "free_threshold": 100,
                 "price_per_unit": "50", "measurement_unit": "calls"}])");
  const ordered_json out = preview_of(in);
  // U1's numbers: -$15.00 for Basic, +$40.00 for the $80.00 fixed price.
  CHECK(summary(out)["settlement_amount"] == 2500);
  CHECK(out["immediate_charge"]["line_items"][1]["unit_price"] == 8000);
  const json& meters = out["new_plan"]["meters"];
  REQUIRE(meters.size() == 1);
  CHECK(meters[0]["meter_id"] == "mtr_api");
  CHECK(meters[0]["free_threshold"] == 100);
  CHECK(meters[0]["price_per_unit"] == "50");
  CHECK(out["new_plan"]["prorata"]["units_consumed"][meters[0]["meter_id"].get<std::string>()] ==
        "0");
  // Dodo refuses addons on usage-based subscriptions (error-codes.mdx).
  in["request"]["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 1}])");
  CHECK(refusal_of(in) == "ADDONS_IN_USAGE_BASED_BILLING_NOT_SUPPORTED");
}

TEST_CASE("prices: meters on a change between usage-based products") {
  json in = base_input();
  in["catalog"]["products"][0]["price"] =
      usage_price(3000, R"([{"meter_id": "mtr_api", "price_per_unit": "50", "free_threshold": 100},
                {"meter_id": "mtr_disk", "price_per_unit": "10"}])");
  in["catalog"]["products"][1]["price"] =
      usage_price(8000, R"([{"meter_id": "mtr_api", "price_per_unit": "40"}])");
  in["subscription"]["meters"] = json::parse(
      R"([{"meter_id": "mtr_api", "name": "API", "free_threshold": 100, "price_per_unit": "50",
           "units_consumed": "250"},
          {"meter_id": "mtr_disk", "name": "Disk", "free_threshold": 0, "price_per_unit": "10",
           "units_consumed": "7"}])");
  SUBCASE("billed now: usage so far at the old prices, the new meters start at zero") {
    const ordered_json out = preview_of(in);
    // 2500 for the plans, 150 x 50 = 7500 and 7 x 10 = 70 for the usage
    CHECK(summary(out)["settlement_amount"] == 2500 + 7500 + 70);
    const json& meters = out["new_plan"]["meters"];
    REQUIRE(meters.size() == 1);
    CHECK(meters[0]["price_per_unit"] == "40");
    CHECK(out["new_plan"]["prorata"]["units_consumed"][meters[0]["meter_id"].get<std::string>()] ==
          "0");
  }
  SUBCASE("do_not_bill: usage carries over on a meter the target has, else is dropped") {
    in["request"]["proration_billing_mode"] = "do_not_bill";
    const ordered_json out = preview_of(in);
    CHECK(summary(out)["settlement_amount"] == 0);
    const json& meters = out["new_plan"]["meters"];
    REQUIRE(meters.size() == 1);
    CHECK(meters[0]["meter_id"] == "mtr_api");
    CHECK(meters[0]["price_per_unit"] == "40");
    CHECK(out["new_plan"]["prorata"]["units_consumed"][meters[0]["meter_id"].get<std::string>()] ==
          "250");
  }
  SUBCASE("to a recurring_price product: no meters after the change") {
    in["catalog"]["products"][1]["price"] = base_input()["catalog"]["products"][1]["price"];
    CHECK(preview_of(in)["new_plan"]["meters"].empty());
  }
}

TEST_CASE("prices: a one_time_price is read, and a plan change to it is refused") {
  json in = base_input();
  in["catalog"]["products"][1]["price"] = json::parse(
      R"({"type": "one_time_price", "price": 4900, "currency": "USD", "discount": 0,
          "purchasing_power_parity": false, "tax_inclusive": true})");
  const dodo::preview_input read = dodo::read_preview_input(in);
  const product& p = read.catalog.find_product("prod_pro");
  CHECK(p.kind == price_kind::one_time);
  CHECK(p.price == money::from_minor(4900, currency::from_code("USD")));
  CHECK(p.tax_inclusive);
  CHECK(refusal_of(in) == "ONE_TIME_PRODUCT_NOT_ALLOWED_FOR_SUBSCRIPTION");
  in["request"]["effective_at"] = "next_billing_date";
  in["request"]["proration_billing_mode"] = "full_immediately";
  CHECK(refusal_of(in) == "ONE_TIME_PRODUCT_NOT_ALLOWED_FOR_SUBSCRIPTION");
}

TEST_CASE("prices: an unknown price type names its pointer") {
  json in = base_input();
  in["catalog"]["products"][1]["price"]["type"] = "tiered_price";
  CHECK(error_of(in) ==
        "/catalog/products/1/price/type: found \"tiered_price\" (string), expected one of "
        "\"recurring_price\", \"usage_based_price\", \"one_time_price\"");
}

TEST_CASE("prices: adaptive currency converts at the given rate, plus the fee, rounded once") {
  json in = base_input();
  in["catalog"]["products"][1]["price"]["currency"] = "EUR";
  in["request"]["proration_billing_mode"] = "full_immediately";
  in["fx_rates"] = {{"EUR/USD", "1.0842"}};
  // EUR 80.00 x 1.0842 = USD 86.736; with the 4 % fee 90.20544 -> 90.21
  CHECK(summary(preview_of(in))["total_amount"] == 9021);
  in["request"]["adaptive_currency_fees_inclusive"] = true;  // 86.736 -> 86.74
  CHECK(summary(preview_of(in))["total_amount"] == 8674);
  in["request"]["adaptive_currency_fees_inclusive"] = nullptr;
  in["policy"] = {{"adaptive_currency_fees_inclusive", true}};
  CHECK(summary(preview_of(in))["total_amount"] == 8674);
  in["policy"] = {{"adaptive_currency_fee_bps", 200}};  // 86.736 x 1.02 = 88.47072
  CHECK(summary(preview_of(in))["total_amount"] == 8847);
  in["policy"] = json::object();
  in["fx_rates"] = {{"USD/EUR", "0.5"}};  // the inverse of a given rate is exact
  in["request"]["adaptive_currency_fees_inclusive"] = true;
  CHECK(summary(preview_of(in))["total_amount"] == 16000);
}

TEST_CASE("prices: adaptive-currency.mdx refund example, 100 USD at 1.37 CAD per USD") {
  // dodo-docs features/adaptive-currency.mdx @20aa4c6, "Example refund": a
  // 100 USD product is 137 CAD at 1.37 CAD per 1 USD (the fee is separate).
  json in = base_input();
  in["subscription"]["currency"] = "CAD";
  in["catalog"]["products"][1]["price"]["price"] = 10000;
  in["request"]["proration_billing_mode"] = "full_immediately";
  in["request"]["adaptive_currency_fees_inclusive"] = true;
  in["fx_rates"] = {{"USD/CAD", "1.37"}};
  const ordered_json out = preview_of(in);
  CHECK(summary(out)["currency"] == "CAD");
  CHECK(summary(out)["total_amount"] == 13700);
  // Fees exclusive (the default): the 4 % tier on top, 137 x 1.04 = 142.48.
  in["request"].erase("adaptive_currency_fees_inclusive");
  CHECK(summary(preview_of(in))["total_amount"] == 14248);
}

TEST_CASE("prices: a missing, zero or negative rate is bad input with its pointer") {
  json in = base_input();
  in["catalog"]["products"][1]["price"]["currency"] = "EUR";
  CHECK(error_of(in) ==
        "/catalog/products/1/price/currency: found \"EUR\" (string), expected a currency with a "
        "rate to USD in /fx_rates (such as \"EUR/USD\") or a localized price in USD");
  in["fx_rates"] = {{"EUR/USD", "0"}};
  CHECK(error_of(in) ==
        "/fx_rates/EUR~1USD: found \"0\" (string), expected a positive decimal string such as "
        "\"1.0842\"");
  in["fx_rates"] = {{"EUR/USD", "-1.08"}};
  CHECK(error_of(in) ==
        "/fx_rates/EUR~1USD: found \"-1.08\" (string), expected a positive decimal string such "
        "as \"1.0842\"");
  in["fx_rates"] = {{"EUR/USD", 1.08}};
  CHECK(error_of(in) ==
        "/fx_rates/EUR~1USD: found 1.08 (number), expected a positive decimal string such as "
        "\"1.0842\"");
  in["fx_rates"] = {{"EURUSD", "1.08"}};
  CHECK(error_of(in) ==
        "/fx_rates/EURUSD: found currency pair \"EURUSD\", expected two different ISO 4217 codes "
        "such as \"EUR/USD\" as the key");
}

TEST_CASE("prices: localized-pricing.mdx, a by_currency rule charges exactly the amount set") {
  // dodo-docs features/localized-pricing.mdx @2aef2bd, "Charm Pricing" and
  // "Add a localized price": a $19.99 base sells for exactly EUR 9.99
  // (amount 999) to everyone paying in EUR; a by_country rule (INR 999.00 in
  // India) is not a by_currency rule.
  json in = base_input();
  in["subscription"]["currency"] = "EUR";
  in["catalog"]["products"][0]["price"]["currency"] = "EUR";
  in["catalog"]["products"][1]["price"]["price"] = 1999;
  in["catalog"]["products"][1]["pricing_mode"] = "by_currency";
  in["catalog"]["products"][1]["localized_prices"] = json::parse(
      R"([{"id": "lcp_eur", "product_id": "prod_pro", "mode": "by_currency",
           "currency": "EUR", "amount": 999},
          {"id": "lcp_in", "product_id": "prod_pro", "mode": "by_country",
           "currency": "INR", "country_code": "IN", "amount": 99900}])");
  in["request"]["proration_billing_mode"] = "full_immediately";
  const ordered_json out = preview_of(in);
  CHECK(summary(out)["currency"] == "EUR");
  CHECK(summary(out)["total_amount"] == 999);
  CHECK(out["immediate_charge"]["line_items"][0]["unit_price"] == 999);
  // A matching rule forces the change fees-inclusive: a converted addon
  // (add-ons are never localized) then carries no fee: USD 10.00 x 0.92.
  in["fx_rates"] = {{"USD/EUR", "0.92"}};
  in["request"]["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 1}])");
  CHECK(summary(preview_of(in))["total_amount"] == 999 + 920);
  // Without pricing_mode the rules are not used: the base price converts.
  in["catalog"]["products"][1].erase("pricing_mode");
  CHECK(summary(preview_of(in))["total_amount"] == 1913 + 957);  // 19.99 x 0.92 x 1.04
}

TEST_CASE("prices: the settlement currency converts settlement_amount and settlement_tax") {
  json in = base_input();
  in["tax_rate"] = "0.1";
  // U1 with 10 % tax: 2500 + 250 due now in USD
  CHECK(summary(preview_of(in))["settlement_amount"] == 2750);
  CHECK(summary(preview_of(in))["settlement_currency"] == "USD");
  in["settlement_currency"] = "EUR";
  in["fx_rates"] = {{"USD/EUR", "0.92"}};
  const ordered_json out = preview_of(in);
  CHECK(summary(out)["total_amount"] == 2750);
  CHECK(summary(out)["tax"] == 250);
  CHECK(summary(out)["settlement_currency"] == "EUR");
  CHECK(summary(out)["settlement_amount"] == 2530);
  CHECK(summary(out)["settlement_tax"] == 230);
  in.erase("fx_rates");
  CHECK(error_of(in) ==
        "/settlement_currency: found \"EUR\" (string), expected a currency with a rate to or "
        "from USD in /fx_rates");
}

TEST_CASE("prices: apply_plan_change with a converted price equals the preview") {
  json j = base_input();
  j["catalog"]["products"][1]["price"]["currency"] = "EUR";
  j["fx_rates"] = {{"EUR/USD", "1.0842"}};
  const dodo::preview_input in = dodo::read_preview_input(j);
  const plan_change_preview p = dodo::preview(in);
  subscription_state sub = in.subscription;
  const applied_plan_change a =
      apply_plan_change(sub, in.catalog, in.request, in.now, in.tax_rate, in.policy);
  CHECK(a.summary.settlement_amount == p.summary.settlement_amount);
  CHECK(a.summary.total == p.summary.total);
  CHECK(sub.credit_balance == p.new_state.credit_balance);
  CHECK(sub.product_id == p.new_state.product_id);
}

TEST_CASE("prices: the default gateway minimums are adaptive-currency.mdx's table") {
  // dodo-docs features/adaptive-currency.mdx @20aa4c6, "Supported Currencies",
  // Minimum Amount column, in Dodo's minor units; USD $0.50 from error-codes.
  const policy pol = dodo_documented();
  CHECK(pol.minimum_charge.entries().size() == 84);
  CHECK(pol.minimum_for("USD") == 50);
  CHECK(pol.minimum_for("AED") == 200);     // 2.00 AED
  CHECK(pol.minimum_for("AUD") == 50);      // 0.50 AUD
  CHECK(pol.minimum_for("BRL") == 50);      // 0.50 BRL
  CHECK(pol.minimum_for("CLP") == 1000);    // 1000.00 CLP, zero-decimal at Dodo
  CHECK(pol.minimum_for("DKK") == 250);     // 2.50 DKK
  CHECK(pol.minimum_for("IDR") == 850000);  // 8500.00 IDR
  CHECK(pol.minimum_for("JPY") == 50);      // 50 JPY
  CHECK(pol.minimum_for("PYG") == 4000);    // 4000 PYG
  CHECK(pol.minimum_for("VND") == 12000);   // 12000 VND
  CHECK(pol.minimum_for("XOF") == 300);     // 300 XOF
  CHECK(pol.minimum_for("ZMW") == 3000);    // 30.00 ZMW
  CHECK(pol.minimum_for("KWD") == 0);       // not listed: no minimum
}

TEST_CASE("prices: a subscription price below Dodo's $1.00 minimum is refused") {
  // "Subscription products must be priced at least $1 (or the equivalent in
  // your chosen currency)" (dodo-docs developer-resources/integration-guide).
  json in = base_input();
  in["catalog"]["products"][1]["price"]["price"] = 99;
  const std::string expected =
      "/catalog/products/1/price/price: found 99 (integer), expected 0 or at least the "
      "equivalent of 100 US cents (Dodo's $1.00 minimum for a subscription price)";
  CHECK(error_of(in) == expected);
  in["catalog"]["products"][1]["price"]["price"] = 100;
  CHECK(error_of(in) == "no error");
  in["catalog"]["products"][1]["price"]["price"] = 0;  // a free plan stays allowed
  CHECK(error_of(in) == "no error");
  // In another currency, when a rate to USD is known: EUR 0.92 is $0.9936.
  in["catalog"]["products"][1]["price"] = {{"type", "recurring_price"},
                                           {"price", 92},
                                           {"currency", "EUR"},
                                           {"payment_frequency_interval", "Month"},
                                           {"payment_frequency_count", 1}};
  in["fx_rates"] = {{"EUR/USD", "1.08"}};
  CHECK(error_of(in) ==
        "/catalog/products/1/price/price: found 92 (integer), expected 0 or at least the "
        "equivalent of 100 US cents (Dodo's $1.00 minimum for a subscription price)");
  in["catalog"]["products"][1]["price"]["price"] = 93;  // $1.0044
  CHECK(error_of(in) == "no error");
  // One-time prices have no such minimum.
  in["catalog"]["products"][1]["price"] = {
      {"type", "one_time_price"}, {"price", 50}, {"currency", "USD"}};
  CHECK(error_of(in) == "no error");
}

TEST_CASE("prices: new_plan's recurring_pre_tax_amount uses the localized price") {
  json in = base_input();
  in["subscription"]["currency"] = "EUR";
  in["catalog"]["products"][0]["price"]["currency"] = "EUR";
  in["catalog"]["products"][1]["pricing_mode"] = "by_currency";
  in["catalog"]["products"][1]["localized_prices"] =
      json::parse(R"([{"currency": "EUR", "amount": 7500}])");
  CHECK(preview_of(in)["new_plan"]["recurring_pre_tax_amount"] == 7500);
}

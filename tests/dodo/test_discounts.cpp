// Dodo's discounts end to end through the JSON layer: the product price's
// own discount (discount_bps, deprecated discount), flat discounts priced
// from currency_options, the percentage cap, minimum_subtotal on original
// prices, and the validity checks with Dodo's refusal codes.
// Sources: dodo-docs features/discount-codes.mdx and api-reference/error-codes.mdx
// @0315c060, changelog/v1.112.0.mdx; TS `discounts.ts` (Discount, CurrencyOption).
#include <string>

#include <doctest/doctest.h>

#include <prorata/dodo.hpp>

#include "dodo/dodo_support.hpp"

using namespace prorata;
using dodo::read_preview_input;
using dodo_test::base_input;
using dodo_test::error_of;
using nlohmann::json;

namespace {

const currency usd = currency::from_code("USD");

/// The preview of `j` (U1's input, changed).
plan_change_preview run(const json& j) { return dodo::preview(read_preview_input(j)); }

/// Dodo's error code of the refusal `j` gets, or "no refusal".
std::string refusal_of(const json& j) {
  try {
    (void)run(j);
  } catch (const refusal& r) {
    return r.code();
  }
  return "no refusal";
}

/// U1 with `codes` on a full_immediately change to Pro ($80.00) and `discount` in the catalog.
json with_code(const json& discount) {
  json j = base_input();
  j["catalog"]["discounts"] = json::array({discount});
  j["request"]["proration_billing_mode"] = "full_immediately";
  j["request"]["discount_codes"] = json::array({discount["code"]});
  return j;
}

json usd_option(std::int64_t max, std::int64_t minimum = 0) {
  return {{"currency", "USD"},
          {"is_default", true},
          {"minimum_subtotal", minimum},
          {"max_amount_possible", max}};
}

std::int64_t charged(const json& j) { return run(j).summary.total.minor_units(); }

}  // namespace

TEST_CASE("discounts: a product price's discount_bps is taken off its line, rounded once") {
  json j = base_input();
  j["request"]["proration_billing_mode"] = "full_immediately";
  j["catalog"]["products"][1]["price"]["discount_bps"] = 2500;  // Pro $80.00 less 25 %
  CHECK(charged(j) == 6000);
  // 33.33 % of $80.00 is 2666.4 cents: one rounding on the line (half_even) -> 2666
  j["catalog"]["products"][1]["price"]["discount_bps"] = 3333;
  const plan_change_preview p = run(j);
  CHECK(p.summary.total.minor_units() == 8000 - 2666);
  CHECK(p.line_items.at(0).unit_price.minor_units() == 5334);
  // discount_bps wins over the deprecated whole-percent discount
  j["catalog"]["products"][1]["price"]["discount"] = 33;
  CHECK(charged(j) == 5334);
}

TEST_CASE("discounts: the deprecated whole-percent discount is read when discount_bps is absent") {
  json j = base_input();
  j["request"]["proration_billing_mode"] = "full_immediately";
  j["catalog"]["products"][1]["price"]["discount"] = 25;
  CHECK(charged(j) == 6000);
  j["catalog"]["products"][1]["price"]["discount_bps"] = nullptr;  // null counts as absent
  CHECK(charged(j) == 6000);
}

TEST_CASE("discounts: a prorated change credits and charges the discounted product prices") {
  json j = base_input();  // U1: Basic $30 -> Pro $80, 15 of 30 days left
  j["catalog"]["products"][0]["price"]["discount_bps"] = 1000;  // Basic $27.00
  j["catalog"]["products"][1]["price"]["discount_bps"] = 2500;  // Pro $60.00
  CHECK(charged(j) == 3000 - 1350);
}

TEST_CASE("discounts: product discount first, then the codes on the discounted price") {
  json j = with_code({{"code", "TEN"}, {"type", "percentage"}, {"amount", 1000}});
  j["catalog"]["products"][1]["price"]["discount_bps"] = 2500;  // $60.00, then 10 % -> $54.00
  CHECK(charged(j) == 5400);
}

TEST_CASE("discounts: a flat discount deducts its currency option, not its amount") {
  // amount is basis points for both types (TS Discount.amount); 1000 here must not take $10.00
  json d = {{"code", "FIVE"},
            {"type", "flat"},
            {"amount", 1000},
            {"currency_options", json::array({usd_option(500)})}};
  CHECK(charged(with_code(d)) == 7500);
  // ... and the deduction never exceeds what is left
  d["currency_options"][0]["max_amount_possible"] = 9000;
  CHECK(charged(with_code(d)) == 0);
}

TEST_CASE("discounts: max_amount_possible caps a percentage discount in the billing currency") {
  json d = {{"code", "HALF"},
            {"type", "percentage"},
            {"amount", 5000},
            {"currency_options", json::array({usd_option(1000)})}};
  CHECK(charged(with_code(d)) == 7000);          // 50 % of $80.00 capped at $10.00
  d["currency_options"][0]["currency"] = "EUR";  // a cap in another currency does not apply
  CHECK(charged(with_code(d)) == 4000);
}

TEST_CASE("discounts: minimum_subtotal is measured on the plan's original prices") {
  json d = {{"code", "BIG"},
            {"type", "percentage"},
            {"amount", 1000},
            {"currency_options", json::array({usd_option(100000, 10000)})}};
  // Pro alone is $80.00, under the $100.00 minimum: Dodo refuses the code
  CHECK(refusal_of(with_code(d)) == "DISCOUNT_MINIMUM_SUBTOTAL_NOT_MET");
  // with two $10.00 seats the subtotal is $100.00: 10 % off
  json j = with_code(d);
  j["request"]["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 2}])");
  CHECK(charged(j) == 9000);
}

TEST_CASE("discounts: a stacked code's minimum ignores the codes before it") {
  // changelog v1.112.0: "Stacking order therefore never changes whether a minimum is met."
  json j = base_input();
  j["catalog"]["discounts"] =
      json::array({{{"code", "HALF"}, {"type", "percentage"}, {"amount", 5000}},
                   {{"code", "MIN80"},
                    {"type", "flat"},
                    {"amount", 0},
                    {"currency_options", json::array({usd_option(1000, 8000)})}}});
  j["request"]["proration_billing_mode"] = "full_immediately";
  j["request"]["discount_codes"] = json::array({"HALF", "MIN80"});
  CHECK(charged(j) == 8000 - 4000 - 1000);  // $40.00 left after HALF, MIN80 still applies
}

TEST_CASE("discounts: a code is refused with Dodo's codes when it is not redeemable now") {
  const json base = {{"code", "C"}, {"type", "percentage"}, {"amount", 1000}};
  json d = base;
  d["starts_at"] = "2026-04-17T00:00:00Z";  // now is 2026-04-16
  CHECK(refusal_of(with_code(d)) == "DISCOUNT_NOT_YET_ACTIVE");
  d["starts_at"] = "2026-04-16T00:00:00Z";
  CHECK(charged(with_code(d)) == 7200);
  d = base;
  d["expires_at"] = "2026-04-16T00:00:00Z";
  CHECK(refusal_of(with_code(d)) == "DISCOUNT_CODE_EXPIRED");
  d["expires_at"] = "2026-04-16T00:00:01Z";
  CHECK(charged(with_code(d)) == 7200);
  d = base;
  d["usage_limit"] = 5;
  d["times_used"] = 5;
  CHECK(refusal_of(with_code(d)) == "DISCOUNT_CODE_USAGE_LIMIT_EXCEEDED");
  d["times_used"] = 4;
  CHECK(charged(with_code(d)) == 7200);
  d = base;
  d["restricted_to"] = json::array({"prod_basic"});
  CHECK(refusal_of(with_code(d)) == "DISCOUNT_NOT_AVAILABLE_FOR_PRODUCT");
  d["restricted_to"] = json::array({"prod_basic", "prod_pro"});
  CHECK(charged(with_code(d)) == 7200);
  // customer eligibility and per-customer limits need the customer's history: read, not enforced
  d = base;
  d["customer_eligibility"] = "first_time";
  d["per_customer_usage_limit"] = 1;
  CHECK(charged(with_code(d)) == 7200);
}

TEST_CASE("discounts: a subscription's existing discounts on a plan change") {
  json j = base_input();
  j["request"]["proration_billing_mode"] = "full_immediately";
  // expired since it was redeemed: it keeps applying (Dodo validates at redemption)
  j["subscription"]["discounts"] = json::parse(R"([{"code": "OLD", "type": "percentage",
    "amount": 1000, "cycles_remaining": null, "preserve_on_plan_change": true,
    "expires_at": "2026-01-01T00:00:00Z", "restricted_to": []}])");
  CHECK(charged(j) == 7200);
  CHECK(run(j).new_state.discounts.size() == 1);
  // preserved only "if applicable to the new product" (features/discount-codes.mdx)
  j["subscription"]["discounts"][0]["restricted_to"] = json::array({"prod_basic"});
  CHECK(charged(j) == 8000);
  CHECK(run(j).new_state.discounts.empty());
}

TEST_CASE(
    "discounts: a subscription's flat discount is priced from the catalog's currency options") {
  json j = base_input();
  j["request"]["proration_billing_mode"] = "difference_immediately";
  j["subscription"]["discounts"] = json::parse(R"([{"code": "FIVE", "discount_id": "dsc_5",
    "type": "flat", "amount": 0, "cycles_remaining": null, "preserve_on_plan_change": true}])");
  CHECK(error_of(j) ==
        "/subscription/discounts/0: found \"FIVE\" (string), expected a flat discount with a "
        "currency_options row for USD with a max_amount_possible (the deduction), on the "
        "discount or on the catalog discount with the same discount_id or code (Dodo's amount "
        "of a flat discount is basis points since v1.112.0, not the deduction)");
  // matched by discount_id (the code may differ)
  j["catalog"]["discounts"] = json::array({{{"code", "FIVE_RENAMED"},
                                            {"discount_id", "dsc_5"},
                                            {"type", "flat"},
                                            {"amount", 0},
                                            {"currency_options", json::array({usd_option(500)})}}});
  // credit Basic $30.00 - $5.00, charge Pro $80.00 - $5.00 (kept: preserve_on_plan_change)
  CHECK(charged(j) == 7500 - 2500);
  // new_plan writes the currency options back: it reads again without the catalog
  const dodo::preview_input in = read_preview_input(j);
  const nlohmann::ordered_json plan = dodo::preview_to_json(dodo::preview(in), in)["new_plan"];
  CHECK(plan["discounts"][0]["currency_options"][0]["max_amount_possible"] == 500);
  CHECK(plan["recurring_pre_tax_amount"] == 7500);
  json again = base_input();
  again["subscription"] = json::parse(plan.dump());
  again["now"] = "2026-04-20T00:00:00Z";
  again["request"]["proration_billing_mode"] = "full_immediately";
  again["request"]["product_id"] = "prod_basic";
  CHECK(charged(again) == 2500);
}

TEST_CASE("discounts: currency_options are checked when read") {
  const auto error_with = [](const json& options) {
    json j = base_input();
    j["catalog"]["discounts"] = json::array(
        {{{"code", "X"}, {"type", "flat"}, {"amount", 0}, {"currency_options", options}}});
    return error_of(j);
  };
  CHECK(error_with(json::array({usd_option(0)})) ==
        "/catalog/discounts/0/currency_options/0/max_amount_possible: found 0 (integer), "
        "expected an integer >= 1");
  CHECK(error_with(json::array({usd_option(1), usd_option(2)})) ==
        "/catalog/discounts/0/currency_options/1/currency: found \"USD\" (string), expected a "
        "currency without another row");
  json eur = usd_option(1);
  eur["currency"] = "EUR";
  CHECK(error_with(json::array({usd_option(1), eur})) ==
        "/catalog/discounts/0/currency_options/1/is_default: found true (boolean), expected "
        "false (one default)");
  // a flat code the request names needs a row in the billing currency
  eur["is_default"] = true;
  json j = with_code(
      {{"code", "X"}, {"type", "flat"}, {"amount", 0}, {"currency_options", json::array({eur})}});
  CHECK(error_of(j).rfind("/catalog/discounts/0: found \"X\" (string), expected a flat discount "
                          "with a currency_options row for USD",
                          0) == 0);
}

TEST_CASE("discounts: with after_proration the minimum still looks at the full prices") {
  json j = base_input();  // U1: Basic $30 -> Pro $80, 15 of 30 days left
  j["policy"]["discounts"] = "after_proration";
  j["catalog"]["discounts"] =
      json::array({{{"code", "MIN80"},
                    {"type", "flat"},
                    {"amount", 0},
                    {"currency_options", json::array({usd_option(1000, 8000)})}}});
  j["request"]["discount_codes"] = json::array({"MIN80"});
  // Pro's prorated $40.00 is under $80.00, its full price is not: $40.00 - $10.00 - $15.00
  CHECK(charged(j) == 4000 - 1000 - 1500);
}

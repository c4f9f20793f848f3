// The simulator replays the guide's prorated downgrade (U2) through the
// library entry point: $30.00 credit, then a $0.00 renewal and a $10.00 one;
// a change to a yearly plan and the subscriptions page preset.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "simulator_support.hpp"

TEST_CASE("simulate: U2 prorated downgrade leaves $30 credit, then $0.00 and $10.00 renewals") {
  const std::vector<prorata::sim::ledger_row> rows = prorata_test::replay_rows(R"({
    "until": "2026-07-01T00:00:00Z",
    "catalog": {"products": [
      {"product_id": "prod_starter", "price": {"type": "recurring_price", "price": 2000,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1}},
      {"product_id": "prod_pro", "price": {"type": "recurring_price", "price": 8000,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1}}]},
    "subscriptions": [{"subscription_id": "sub_u2", "product_id": "prod_pro",
      "currency": "USD", "created_at": "2026-04-01T00:00:00Z",
      "events": [{"at": "2026-04-16T00:00:00Z", "type": "change_plan",
        "request": {"product_id": "prod_starter", "quantity": 1,
                    "proration_billing_mode": "prorated_immediately", "addons": []}}]}]})");
  const auto charges = prorata_test::rows_of_kinds(rows, {"plan_change", "renewal"});
  REQUIRE(charges.size() == 3);
  CHECK(charges[0].customer_credits == 3000);
  CHECK(charges[0].settlement_amount == 0);
  CHECK(charges[1].settlement_amount == 0);
  CHECK(charges[1].credit_balance == 1000);
  CHECK(charges[2].settlement_amount == 1000);
  CHECK(charges[2].credit_balance == 0);
}

// docs/policy.md "Rules that are not knobs": Basic $30/month -> Pro $800/year
// prorated on day 16 of 30 restarts the cycle: $785.00 now (800 - 30 x
// 15/30), the next renewal a year after the change, nothing on May 1.
// features/subscription.mdx through the preset: $25.00 now, renewal May 16.
TEST_CASE("simulate: a change to a yearly plan, and the subscriptions page preset") {
  const auto scenario = [](const char* policy, const char* target) {
    return std::string(R"({"until": "2027-05-01T00:00:00Z", "policy": )") + policy +
           R"(, "catalog": {"products": [
      {"product_id": "prod_basic", "price": {"type": "recurring_price", "price": 3000,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1}},
      {"product_id": "prod_pro", "price": {"type": "recurring_price", "price": 8000,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1}},
      {"product_id": "prod_pro_y", "price": {"type": "recurring_price", "price": 80000,
       "currency": "USD", "payment_frequency_interval": "Year", "payment_frequency_count": 1}}]},
    "subscriptions": [{"subscription_id": "sub_y", "product_id": "prod_basic",
      "currency": "USD", "created_at": "2026-04-01T00:00:00Z",
      "events": [{"at": "2026-04-16T00:00:00Z", "type": "change_plan",
        "request": {"product_id": ")" +
           target + R"(", "quantity": 1, "proration_billing_mode": "prorated_immediately",
                    "addons": []}}]}]})";
  };
  auto rows = prorata_test::rows_of_kinds(prorata_test::replay_rows(scenario("{}", "prod_pro_y")),
                                          {"plan_change", "renewal"});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].settlement_amount == 78500);
  CHECK(rows[0].period_end == prorata::parse_rfc3339("2027-04-16T00:00:00Z"));
  CHECK(rows[1].at == prorata::parse_rfc3339("2027-04-16T00:00:00Z"));
  CHECK(rows[1].settlement_amount == 80000);
  rows = prorata_test::rows_of_kinds(
      prorata_test::replay_rows(scenario(R"({"preset": "dodo_subscriptions_page"})", "prod_pro")),
      {"plan_change", "renewal"});
  REQUIRE(rows.size() >= 2);
  CHECK(rows[0].settlement_amount == 2500);
  CHECK(rows[1].at == prorata::parse_rfc3339("2026-05-16T00:00:00Z"));
  CHECK(rows[1].settlement_amount == 8000);
}

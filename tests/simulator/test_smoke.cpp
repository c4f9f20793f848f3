// The simulator replays the guide's prorated downgrade (U2) through the
// library entry point: $30.00 credit, then a $0.00 renewal and a $10.00 one.
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

// The replay reuses the last invoice of a plan for the next plain renewal of
// the same plan; these tests pin that shortcut to prorata::renew() itself.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/billing.hpp>
#include <prorata/dodo.hpp>

#include "simulator_support.hpp"

namespace {

constexpr const char* scenario = R"({
  "until": "2028-04-01T00:00:00Z",
  "catalog": {"products": [
      {"product_id": "prod_team", "price": {"type": "recurring_price", "price": 9900,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1,
       "tax_inclusive": true}}],
    "addons": [{"id": "adn_seat", "price": 1333, "currency": "USD"}]},
  "subscriptions": [{"subscription_id": "sub_memo", "product_id": "prod_team", "quantity": 3,
    "addons": [{"addon_id": "adn_seat", "quantity": 7}], "currency": "USD",
    "created_at": "2026-01-31T10:00:00Z", "tax_rate": "0.0825", "credit_balance": 123456}]})";

}  // namespace

TEST_CASE("simulate: memoized renewals equal renew() over 26 monthly cycles from Jan 31") {
  const auto rows = prorata_test::replay_rows(scenario);
  const auto renewals = prorata_test::rows_of_kinds(rows, {"created", "renewal"});
  REQUIRE(renewals.size() == 27);  // created 2026-01-31, then 26 renewals before 2028-04-01

  const prorata::sim::scenario s =
      prorata::sim::read_scenario(prorata::dodo::parse_json(scenario), "test");
  const prorata::sim::subscription_spec& spec = s.subscriptions.front();
  prorata::subscription_state state;
  state.subscription_id = spec.subscription_id;
  state.product_id = spec.product_id;
  state.quantity = spec.quantity;
  state.addons = spec.addons;
  state.currency = spec.billing_currency;
  state.tax_inclusive = true;
  state.billing_anchor = state.previous_billing_date = state.next_billing_date = spec.created_at;
  state.credit_balance = prorata::money::from_minor(spec.credit_balance, state.currency);
  for (const prorata::sim::ledger_row& row : renewals) {
    prorata::renewal_result r = prorata::renew(state, s.header.catalog, state.next_billing_date,
                                               spec.rate, s.header.policy);
    CAPTURE(prorata::format_rfc3339(row.at));
    CHECK(row.at == r.bill.at);
    CHECK(row.subtotal == r.bill.summary.subtotal.minor_units());
    CHECK(row.tax == r.bill.summary.tax.minor_units());
    CHECK(row.settlement_amount == r.bill.summary.settlement_amount.minor_units());
    CHECK(row.customer_credits == r.bill.summary.customer_credits.minor_units());
    CHECK(row.period_end == r.new_state.next_billing_date);
    CHECK(row.credit_balance == r.new_state.credit_balance.minor_units());
    state = r.new_state;
  }
  // The month-end anchor clamps without drifting: Feb 28, then back to Mar 31.
  CHECK(prorata::format_rfc3339(renewals[1].at) == "2026-02-28T10:00:00Z");
  CHECK(prorata::format_rfc3339(renewals[2].at) == "2026-03-31T10:00:00Z");
}

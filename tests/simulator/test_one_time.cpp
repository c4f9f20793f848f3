// A one_time_charge names products of the scenario's catalog by product_id:
// a product with Dodo's one_time_price is charged at its price, exactly as
// the older form (a recurring_price product sold once) is.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "simulator_support.hpp"

namespace {

using prorata_test::owned_row;

nlohmann::json mixed_example() {
  const std::filesystem::path p = std::filesystem::path(PRORATA_EXAMPLES_DIR) / "mixed.json";
  REQUIRE(std::filesystem::exists(p));
  return nlohmann::json::parse(prorata_test::read_text(p));
}

nlohmann::json& product(nlohmann::json& scenario, const std::string& id) {
  for (nlohmann::json& p : scenario["catalog"]["products"]) {
    if (p["product_id"] == id) return p;
  }
  FAIL("no product " << id);
  return scenario;
}

std::vector<owned_row> one_time_rows(const nlohmann::json& scenario) {
  std::vector<owned_row> out;
  for (owned_row& r : prorata_test::replay_rows_owned(scenario.dump())) {
    if (r.kind_name == "one_time_charge") out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

TEST_CASE("one-time charges: a one_time_price product is charged at its price") {
  nlohmann::json scenario = mixed_example();
  const std::vector<owned_row> before = one_time_rows(scenario);
  REQUIRE(before.size() == 1);
  CHECK(before[0].settlement_amount == 4900);  // the older form: a recurring_price sold once

  nlohmann::json& onboarding = product(scenario, "prod_onboarding");
  onboarding["price"] = nlohmann::json::parse(
      R"({"type": "one_time_price", "price": 4900, "currency": "USD", "discount": 0,
          "purchasing_power_parity": false, "tax_inclusive": false})");
  const std::vector<owned_row> after = one_time_rows(scenario);
  REQUIRE(after.size() == 1);
  CHECK(after[0].subscription == before[0].subscription);
  CHECK(after[0].at == before[0].at);
  CHECK(after[0].settlement_amount == 4900);
  CHECK(after[0].subtotal == 4900);

  // A tax-inclusive one-time price contains its tax.
  onboarding["price"]["tax_inclusive"] = true;
  CHECK(one_time_rows(scenario).at(0).settlement_amount == 4900);
}

// Dodo's own fields read as Dodo means them: tax per line by tax_category,
// the trial state from trial_period_days and the billing dates, the
// "prorata" member, and change requests as Dodo's schema allows them.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/billing/apply_plan_change.hpp>
#include <prorata/dodo.hpp>

#include "dodo/dodo_support.hpp"

using namespace prorata;
using dodo_test::base_input;
using dodo_test::error_of;
using nlohmann::json;

namespace {

json golden(const std::string& name) {
  return dodo_test::read_json(std::filesystem::path(PRORATA_GOLDEN_DIR) / "preview" / name);
}

json preview_of(const json& input) {
  const dodo::preview_input in = dodo::read_preview_input(input);
  return json::parse(dodo::preview_to_text(dodo::preview(in), in));
}

/// base_input's subscription with a 14-day trial created at `created`.
json trial_input(const std::string& created, const std::string& previous, const std::string& next,
                 int days) {
  json in = base_input();
  json& s = in["subscription"];
  s["created_at"] = created;
  s["trial_period_days"] = days;
  s["previous_billing_date"] = previous;
  s["next_billing_date"] = next;
  in["now"] = previous;
  return in;
}

bool reads_in_trial(const json& in) { return dodo::read_preview_input(in).subscription.in_trial; }

}  // namespace

TEST_CASE("dodo tax: each line is taxed at its own tax_category's rate (T1, by hand)") {
  const json out = preview_of(golden("t1-tax-per-line.json").at("input"));
  const json& lines = out.at("immediate_charge").at("line_items");
  REQUIRE(lines.size() == 4);
  const std::vector<double> rates{0.18, 0.05, 0.18, 0.05};
  const std::vector<std::int64_t> prorated_tax{-270, -50, 720, 25};  // see the golden's note
  const std::vector<std::int64_t> full_tax{540, 100, 1440, 50};      // Dodo's line tax, unprorated
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO("line " << i);
    CHECK(lines[i].at("tax_rate").get<double>() == rates[i]);
    CHECK(lines[i].at("prorata").at("tax") == prorated_tax[i]);
    CHECK(lines[i].at("tax") == full_tax[i]);
  }
  CHECK(lines[1].at("tax_category") == "e_book");
  CHECK(out.at("immediate_charge").at("summary").at("tax") == 425);
}

TEST_CASE("dodo tax: tax_rate is every line's rate and the fallback of tax_rates") {
  json in = golden("t1-tax-per-line.json").at("input");
  in["tax_rates"] = {{"saas", "0.18"}};
  in["tax_rate"] = "0.1";
  const json lines = preview_of(in).at("immediate_charge").at("line_items");
  CHECK(lines[0].at("tax_rate").get<double>() == 0.18);
  CHECK(lines[1].at("tax_rate").get<double>() == 0.1);  // e_book not listed: tax_rate
  // the engine refuses a line without a rate...
  dodo::preview_input no_default = dodo::read_preview_input(in);
  no_default.tax_rate.set_default(std::nullopt);
  CHECK_THROWS_WITH_AS((void)dodo::preview(no_default),
                       doctest::Contains("no tax rate for tax_category \"e_book\""),
                       invalid_argument);
  // ...and the reader finds it first, at the line's category
  in.erase("tax_rate");
  CHECK(error_of(in).find("/catalog/addons/0/tax_category: found \"e_book\" (string), expected a "
                          "tax_category listed in /tax_rates") != std::string::npos);
  in["tax_rates"] = {{"vat", "0.2"}};
  CHECK(error_of(in).find("/tax_rates/vat: found \"vat\"") != std::string::npos);
  in["tax_rates"] = {{"saas", 0.18}};
  CHECK(error_of(in).find("/tax_rates/saas: found 0.18") != std::string::npos);
}

TEST_CASE("dodo tax: apply_plan_change prices lines of different rates like the preview") {
  const dodo::preview_input in =
      dodo::read_preview_input(golden("t1-tax-per-line.json").at("input"));
  REQUIRE_FALSE(in.tax_rate.uniform());
  subscription_state sub = in.subscription;
  const plan_change_preview p = dodo::preview(in);
  const applied_plan_change a =
      apply_plan_change(sub, in.catalog, in.request, in.now, in.tax_rate, in.policy);
  CHECK(a.summary.tax == p.summary.tax);
  CHECK(a.summary.settlement_amount == p.summary.settlement_amount);
  CHECK(a.summary.settlement_amount.minor_units() == 2425);
  // the allocation-free path prices every line at one rate: it declines
  subscription_state fast = in.subscription;
  CHECK_FALSE(prorata::detail::apply_common_change(fast, in.catalog, in.request, in.now,
                                                   in.tax_rate, in.policy)
                  .has_value());
  CHECK(prorata::detail::apply_common_change(fast, in.catalog, in.request, in.now,
                                             tax_rate::parse("0.18"), in.policy)
            .has_value());
}

TEST_CASE("dodo trial: the state comes from trial_period_days, created_at and the dates") {
  // in the trial: the first period, created 2026-04-01 with 14 trial days
  CHECK(reads_in_trial(
      trial_input("2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", 14)));
  // extended by moving next_billing_date: still the trial
  CHECK(reads_in_trial(
      trial_input("2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-20T00:00:00Z", 14)));
  // over: the first renewal at the trial's end started a paid period
  CHECK_FALSE(reads_in_trial(
      trial_input("2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", "2026-05-15T00:00:00Z", 14)));
  // no trial
  CHECK_FALSE(reads_in_trial(
      trial_input("2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", 0)));
  json no_created =
      trial_input("2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", 14);
  no_created["subscription"].erase("created_at");
  CHECK_FALSE(reads_in_trial(no_created));
}

TEST_CASE("dodo trial: prorata.in_trial overrides the rule; the old spelling still reads") {
  json in = trial_input("2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", 14);
  in["subscription"]["prorata"] = {{"in_trial", false}};
  CHECK_FALSE(reads_in_trial(in));
  json old = base_input();
  old["subscription"]["in_trial"] = true;  // deprecated top-level spelling
  CHECK(reads_in_trial(old));
  old["subscription"]["prorata"] = {{"in_trial", true}};
  CHECK(error_of(old).find("/subscription/in_trial: found true (boolean), expected absent: this "
                           "member moved to /subscription/prorata/in_trial") != std::string::npos);
}

TEST_CASE("dodo trial: a change in the trial ends it, and new_plan says so") {
  const json in =
      trial_input("2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-04-15T00:00:00Z", 14);
  const json out = preview_of(in);
  // an unpaid trial earns no credit: the new plan's full price now, a new cycle
  CHECK(out.at("immediate_charge").at("summary").at("settlement_amount") == 8000);
  const json& plan = out.at("new_plan");
  CHECK(plan.at("trial_period_days") == 14);
  // the rule would call the new period a trial: the override says it is not
  CHECK(plan.at("prorata").at("in_trial") == false);
  CHECK_FALSE(dodo::read_subscription(plan, "").in_trial);
}

TEST_CASE("dodo prorata member: unknown members, unknown meters and both places are errors") {
  json in = base_input();
  in["subscription"]["prorata"] = {{"credit", 5}};
  CHECK(error_of(in).find("/subscription/prorata/credit: found 5") != std::string::npos);
  in["subscription"]["prorata"] = {{"units_consumed", {{"mtr_nope", "5"}}}};
  CHECK(error_of(in).find("/subscription/prorata/units_consumed/mtr_nope") != std::string::npos);
  in["subscription"]["prorata"] = {{"credit_balance", 5}};  // base_input has it at the top too
  CHECK(error_of(in).find("/subscription/credit_balance") != std::string::npos);
  in["subscription"].erase("credit_balance");
  CHECK(dodo::read_preview_input(in).subscription.credit_balance.minor_units() == 5);
}

TEST_CASE("dodo request: fields as Dodo's UpdateSubscriptionPlanReq allows them") {
  json in = base_input();
  json& r = in["request"];
  r["addons"] = json::parse(R"([{"addon_id": "adn_seat", "quantity": 0}])");
  r["on_payment_failure"] = "prevent_change";
  r["metadata"] = {{"order", "A-1"}, {"seats", 3}, {"vip", true}};
  r["adaptive_currency_fees_inclusive"] = true;
  r["collect_via_payment_link"] = false;
  const dodo::preview_input ok = dodo::read_preview_input(in);
  REQUIRE(ok.request.addons.has_value());
  CHECK(ok.request.addons->empty());  // quantity 0: not attached
  CHECK(ok.request.adaptive_currency_fees_inclusive == std::optional<bool>(true));
  r["adaptive_currency_fees_inclusive"] = nullptr;
  r["on_payment_failure"] = nullptr;
  r["metadata"] = nullptr;
  CHECK_FALSE(dodo::read_preview_input(in).request.adaptive_currency_fees_inclusive.has_value());

  const auto refused = [&](const char* key, const json& value, const std::string& pointer) {
    json bad = in;
    bad["request"][key] = value;
    INFO(key);
    CHECK(error_of(bad).find(pointer + ": found") != std::string::npos);
  };
  refused("on_payment_failure", "retry", "/request/on_payment_failure");
  refused("metadata", json{{"nested", {{"a", 1}}}}, "/request/metadata/nested");
  refused("metadata", json::array(), "/request/metadata");
  refused("adaptive_currency_fees_inclusive", "yes", "/request/adaptive_currency_fees_inclusive");
  refused("collect_via_payment_link", 1, "/request/collect_via_payment_link");
  refused("addons", json::parse(R"([{"addon_id": "adn_seat", "quantity": -1}])"),
          "/request/addons/0/quantity");
}

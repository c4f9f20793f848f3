// Comparison, the engine's input from Dodo's objects, the tax rate and the
// instant of the change, and calibration: pure, on the fixtures.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include <prorata/dodo/preview_json.hpp>

#include "crosscheck/calibrate.hpp"
#include "crosscheck/compare.hpp"
#include "crosscheck/engine_input.hpp"
#include "xc_support.hpp"

using namespace prorata::crosscheck;
using nlohmann::json;

namespace {

fetched_objects fixture_objects() {
  fetched_objects o;
  o.subscription = xc_test::read_data("subscription.json");
  o.products["prod_basic"] = xc_test::read_data("product_basic.json");
  o.products["prod_pro"] = xc_test::read_data("product_pro.json");
  o.addons["adn_seat"] = xc_test::read_data("addon_seat.json");
  return o;
}

/// Dodo's answer as the fake server sends it.
json dodo_answer(const std::string& name) {
  json p = xc_test::read_data(name);
  json plan = xc_test::read_data("subscription.json");
  for (const auto& [k, v] : p["new_plan_from_subscription"].items()) plan[k] = v;
  p.erase("new_plan_from_subscription");
  p.erase("comment");
  p["new_plan"] = plan;
  return p;
}

prorata::dodo::preview_input engine_input(const json& request, const prorata::policy& pol = {}) {
  engine_settings s;
  s.pol = pol;
  return make_engine_input(fixture_objects(), request,
                           prorata::parse_rfc3339("2026-04-16T00:00:00Z"), "0", s);
}

json engine_answer(const json& request) {
  const prorata::dodo::preview_input in = engine_input(request);
  return json::parse(prorata::dodo::preview_to_json(prorata::dodo::preview(in), in).dump());
}

bool has_field(const std::vector<difference>& d, const std::string& field) {
  return std::any_of(d.begin(), d.end(), [&](const difference& x) { return x.field == field; });
}

}  // namespace

TEST_CASE("U1 and U6 in Dodo's shape match the engine") {
  CHECK(compare_previews(dodo_answer("preview_upgrade.json"),
                         engine_answer(xc_test::upgrade_request()))
            .empty());
  CHECK(compare_previews(dodo_answer("preview_seats.json"), engine_answer(xc_test::seats_request()))
            .empty());
}

TEST_CASE("one minor unit off is one difference naming the field, both values and a knob") {
  json dodo = dodo_answer("preview_upgrade.json");
  dodo["immediate_charge"]["summary"]["settlement_amount"] = 2501;
  const auto d = compare_previews(dodo, engine_answer(xc_test::upgrade_request()));
  REQUIRE(d.size() == 1);
  CHECK(d[0].field == "immediate_charge.summary.settlement_amount");
  CHECK(d[0].dodo == 2501);
  CHECK(d[0].engine == 2500);
  CHECK(d[0].knob.find("rounding") != std::string::npos);
}

TEST_CASE("proration_factor within the tolerance matches, beyond it differs") {
  json dodo = dodo_answer("preview_upgrade.json");
  const json engine = engine_answer(xc_test::upgrade_request());
  dodo["immediate_charge"]["line_items"][1]["proration_factor"] = 0.5000004;
  CHECK(compare_previews(dodo, engine).empty());
  dodo["immediate_charge"]["line_items"][1]["proration_factor"] = 0.5000004;
  compare_options tight;
  tight.factor_tolerance = 1e-7;
  auto d = compare_previews(dodo, engine, tight);
  REQUIRE(d.size() == 1);
  CHECK(d[0].field == "immediate_charge.line_items[subscription prod_pro charge].proration_factor");
  CHECK(d[0].knob.find("time_basis") != std::string::npos);
  CHECK(d[0].engine["exact"] == "1296000/2592000");
}

TEST_CASE("lines are matched by type, id and side, a missing line is reported") {
  json dodo = dodo_answer("preview_seats.json");
  const json engine = engine_answer(xc_test::seats_request());
  // Order does not matter.
  std::swap(dodo["immediate_charge"]["line_items"][0], dodo["immediate_charge"]["line_items"][2]);
  CHECK(compare_previews(dodo, engine).empty());
  dodo["immediate_charge"]["line_items"].erase(0);  // the addon line
  const auto d = compare_previews(dodo, engine);
  REQUIRE(d.size() == 1);
  CHECK(d[0].field == "immediate_charge.line_items[addon adn_seat charge].line");
  CHECK(d[0].dodo == "(absent)");
  CHECK(line_key(dodo["immediate_charge"]["line_items"][1]) == "subscription prod_basic credit");
}

TEST_CASE("line fields and new_plan dates are compared") {
  json dodo = dodo_answer("preview_seats.json");
  const json engine = engine_answer(xc_test::seats_request());
  dodo["immediate_charge"]["line_items"][2]["quantity"] = 4;
  dodo["immediate_charge"]["line_items"][0]["unit_price"] = 3100;
  dodo["new_plan"]["next_billing_date"] = "2026-05-16T00:00:00Z";
  dodo["new_plan"]["previous_billing_date"] = "2026-04-16T00:00:00Z";
  const auto d = compare_previews(dodo, engine);
  CHECK(d.size() == 4);
  CHECK(has_field(d, "immediate_charge.line_items[addon adn_seat charge].quantity"));
  CHECK(has_field(d, "immediate_charge.line_items[subscription prod_basic credit].unit_price"));
  CHECK(has_field(d, "new_plan.next_billing_date"));
  for (const difference& x : d) {
    if (x.field == "new_plan.next_billing_date") {
      CHECK(x.knob.find("reset_cycle_on_prorated") != std::string::npos);
    }
  }
  // One second apart is within the default time tolerance.
  dodo = dodo_answer("preview_seats.json");
  dodo["immediate_charge"]["effective_at"] = "2026-04-16T00:00:01.500Z";
  CHECK(compare_previews(dodo, engine).empty());
}

TEST_CASE("a null tax counts as 0, other nulls do not") {
  json dodo = dodo_answer("preview_upgrade.json");
  dodo["immediate_charge"]["summary"]["tax"] = nullptr;
  dodo["immediate_charge"]["line_items"][0]["tax"] = nullptr;
  const json engine = engine_answer(xc_test::upgrade_request());
  CHECK(compare_previews(dodo, engine).empty());
  dodo["immediate_charge"]["summary"]["customer_credits"] = nullptr;
  CHECK(compare_previews(dodo, engine).size() == 1);
}

TEST_CASE("the tax rate is derived from Dodo's lines, in whichever unit fits the tax") {
  json p = dodo_answer("preview_upgrade.json");
  CHECK(derive_tax_rate(p).rate == "0");
  json& line = p["immediate_charge"]["line_items"][1];
  line["tax_rate"] = 18;
  line["tax"] = 1440;  // 8000 x 0.18
  CHECK(derive_tax_rate(p).rate == "0.18");
  CHECK(derive_tax_rate(p).source.find("percent") != std::string::npos);
  p["immediate_charge"]["line_items"][0]["tax_rate"] = 1800;  // the first line wins
  p["immediate_charge"]["line_items"][0]["tax"] = 540;
  CHECK(derive_tax_rate(p).rate == "0.18");
  CHECK(derive_tax_rate(p).source.find("basis points") != std::string::npos);
  p["immediate_charge"]["line_items"][0]["tax_rate"] = 0.0825;
  p["immediate_charge"]["line_items"][0]["tax"] = nullptr;
  CHECK(derive_tax_rate(p).rate == "0.0825");
  CHECK(derive_tax_rate(json::object()).rate == "0");
}

TEST_CASE("now: Dodo's effective_at, else the Date header, else the local clock") {
  const json dodo = dodo_answer("preview_upgrade.json");
  prorata::crosscheck::http_response r;
  r.sent_at = std::chrono::system_clock::from_time_t(1776297605);
  r.headers["date"] = "Thu, 16 Apr 2026 00:00:03 GMT";
  chosen_now n = choose_now(xc_test::upgrade_request(), dodo, r);
  CHECK(prorata::format_rfc3339(n.at) == "2026-04-16T00:00:00Z");
  json scheduled = xc_test::upgrade_request();
  scheduled["effective_at"] = "next_billing_date";
  n = choose_now(scheduled, dodo, r);
  CHECK(prorata::format_rfc3339(n.at) == "2026-04-16T00:00:03Z");
  CHECK(n.source.find("Date") != std::string::npos);
  r.headers.clear();
  n = choose_now(scheduled, dodo, r);
  CHECK(prorata::format_rfc3339(n.at) == "2026-04-16T00:00:05Z");
}

TEST_CASE("the engine's input adds the credit balance and drops unpriced meters") {
  fetched_objects o = fixture_objects();
  o.subscription["meters"] = json::array({{{"meter_id", "m1"},
                                           {"name", "API"},
                                           {"free_threshold", 0},
                                           {"price_per_unit", nullptr},
                                           {"currency", "USD"},
                                           {"measurement_unit", "calls"}}});
  const json in = engine_input_json(o, xc_test::upgrade_request(),
                                    prorata::parse_rfc3339("2026-04-16T00:00:00Z"), "0", 700);
  CHECK(in["subscription"]["credit_balance"] == 700);
  CHECK(in["subscription"]["meters"].empty());
  CHECK(in["catalog"]["products"].size() == 2);
  CHECK(in["catalog"]["addons"].size() == 1);
  CHECK_NOTHROW((void)prorata::dodo::read_preview_input(in));
}

TEST_CASE("calibration settles what the answers exercise") {
  json dodo = dodo_answer("preview_upgrade.json");
  std::vector<calibration_case> cases{{engine_input(xc_test::upgrade_request()), dodo}};
  calibration_result c = calibrate(cases, prorata::dodo_documented(), {});
  CHECK(c.points_tried == 4 * 7 * 2 * 2 * 2 * 2 * 2);  // 896
  CHECK(c.cases == 1);
  CHECK_FALSE(c.reproducing.empty());
  for (const knob_verdict& v : c.verdicts) {
    if (v.knob == "reset_cycle_on_prorated") {
      CHECK(v.status() == "settled");
      CHECK(v.reproducing == std::vector<std::string>{"false"});
    }
    if (v.knob == "rounding") CHECK(v.status() == "any value reproduces (not exercised)");
    if (v.knob == "reset_cycle_on_difference") CHECK(v.reproducing.size() == 2);
  }
  // An account whose Dodo re-anchors prorated changes and rounds half-even:
  // its answer is the engine's under that policy; calibration finds the knob.
  prorata::policy account = prorata::dodo_documented();
  account.reset_cycle_on_prorated = true;
  const prorata::dodo::preview_input in = engine_input(xc_test::upgrade_request(), account);
  cases[0].dodo_preview =
      json::parse(prorata::dodo::preview_to_json(prorata::dodo::preview(in), in).dump());
  cases[0].dodo_preview["immediate_charge"]["summary"].erase("prorata");
  c = calibrate(cases, prorata::dodo_documented(), {});
  CHECK_FALSE(c.reproducing.empty());
  for (const knob_verdict& v : c.verdicts) {
    if (v.knob == "reset_cycle_on_prorated") {
      CHECK(v.status() == "settled");
      CHECK(v.reproducing == std::vector<std::string>{"true"});
    }
  }
  CHECK(settings_json(c.reproducing.front())["reset_cycle_on_prorated"] == true);
}

TEST_CASE("calibration finds the subscriptions page's reset and the last-charged credit") {
  // features/subscription.mdx: $25.00 now and the cycle restarts at the change
  std::vector<calibration_case> cases{
      {engine_input(xc_test::upgrade_request()), dodo_answer("preview_reset_page.json")}};
  calibration_result c = calibrate(cases, prorata::dodo_upgrade_guide(), {});
  REQUIRE_FALSE(c.reproducing.empty());
  for (const knob_verdict& v : c.verdicts) {
    if (v.knob == "reset_cycle_on_prorated")
      CHECK(v.reproducing == std::vector<std::string>{"true"});
    if (v.knob == "reset_prorated_charge") {
      CHECK(v.status() == "settled");
      CHECK(v.reproducing == std::vector<std::string>{"old_period_remainder"});
    }
    if (v.knob == "old_plan_credit") CHECK(v.status() == "any value reproduces (not exercised)");
  }
  // features/localized-pricing.mdx: the credit from what was last charged
  // ($25.00, recurring_pre_tax_amount), not the catalog's $30.00
  fetched_objects o = fixture_objects();
  o.subscription["recurring_pre_tax_amount"] = 2500;
  json dodo = dodo_answer("preview_last_charged.json");
  dodo["new_plan"]["recurring_pre_tax_amount"] = 8000;
  cases = {{make_engine_input(o, xc_test::upgrade_request(),
                              prorata::parse_rfc3339("2026-04-16T00:00:00Z"), "0", {}),
            dodo}};
  c = calibrate(cases, prorata::dodo_upgrade_guide(), {});
  REQUIRE_FALSE(c.reproducing.empty());
  for (const knob_verdict& v : c.verdicts) {
    if (v.knob == "old_plan_credit") {
      CHECK(v.status() == "settled");
      CHECK(v.reproducing == std::vector<std::string>{"last_charged"});
    }
  }
}

// The documented Dodo plan-change examples (tests/golden/preview/*.json,
// reference/dodo-domain.md section 3) through the library and through the
// `prorata preview` program; and the program's exit codes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

#include <doctest/doctest.h>

#include <prorata/billing/renewal.hpp>
#include <prorata/dodo.hpp>

#include "dodo/dodo_support.hpp"

using namespace prorata;
using nlohmann::json;

namespace {

/// The numbers a golden file's "expected" object lists, as found in a
/// preview response (Dodo's JSON plus the prorata extension).
json observed(const json& response) {
  const json& charge = response.at("immediate_charge");
  const json& summary = charge.at("summary");
  const json& plan = response.at("new_plan");
  json lines = json::array();
  for (const json& l : charge.at("line_items")) {
    lines.push_back(
        {{"type", l.at("type")}, {"id", l.at("id")}, {"amount", l.at("prorata").at("amount")}});
  }
  return {{"settlement_amount", summary.at("settlement_amount")},
          {"customer_credits", summary.at("customer_credits")},
          {"tax", summary.at("tax")},
          {"credit_balance_after", plan.at("prorata").at("credit_balance")},
          {"previous_billing_date", plan.at("previous_billing_date")},
          {"next_billing_date", plan.at("next_billing_date")},
          {"line_count", charge.at("line_items").size()},
          {"lines", lines}};
}

/// Removes the scratch directory of the program runs when the tests end.
struct scratch_cleanup {
  scratch_cleanup() = default;
  scratch_cleanup(const scratch_cleanup&) = delete;
  scratch_cleanup& operator=(const scratch_cleanup&) = delete;
  ~scratch_cleanup() {
    std::error_code ec;
    std::filesystem::remove_all(dodo_test::scratch_dir(), ec);
  }
} const cleanup_at_exit;

/// Every expected key against what was observed.
void check_expected(const json& expected, const json& got) {
  for (const auto& [key, value] : expected.items()) {
    INFO("expected." << key);
    REQUIRE(got.contains(key));
    CHECK(got.at(key).dump() == value.dump());
  }
}

}  // namespace

TEST_CASE("dodo golden: at least 15 documented examples are on disk") {
  CHECK(dodo_test::golden_files().size() >= 15);
}

TEST_CASE("dodo golden: each documented example through the library") {
  const auto files = dodo_test::golden_files();
  REQUIRE(files.size() >= 15);
  for (const auto& file : files) {
    INFO("golden file " << file.filename().string());
    const json doc = dodo_test::read_json(file);
    REQUIRE(doc.contains("example"));
    REQUIRE(doc.contains("expected"));
    const dodo::preview_input in = dodo::read_preview_input(doc.at("input"), "/input");
    const plan_change_preview p = preview_plan_change(in.subscription, in.catalog, in.request,
                                                      in.now, in.tax_rate, in.policy);
    const json& e = doc.at("expected");
    CHECK(p.summary.settlement_amount.minor_units() ==
          e.at("settlement_amount").get<std::int64_t>());
    CHECK(p.summary.customer_credits.minor_units() == e.at("customer_credits").get<std::int64_t>());
    CHECK(p.summary.tax.minor_units() == e.at("tax").get<std::int64_t>());
    CHECK(p.new_state.credit_balance.minor_units() ==
          e.at("credit_balance_after").get<std::int64_t>());
    CHECK(format_rfc3339(p.new_state.previous_billing_date) ==
          e.at("previous_billing_date").get<std::string>());
    CHECK(format_rfc3339(p.new_state.next_billing_date) ==
          e.at("next_billing_date").get<std::string>());
    REQUIRE(p.line_items.size() == e.at("line_count").get<std::size_t>());
    const json& lines = e.at("lines");
    REQUIRE(lines.size() == p.line_items.size());
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      INFO("line " << i);
      CHECK(p.line_items[i].id == lines[i].at("id").get<std::string>());
      CHECK(p.line_items[i].amount.minor_units() == lines[i].at("amount").get<std::int64_t>());
      sum += p.line_items[i].total.minor_units();
    }
    // lines add up: what is due plus credit added, less credit used
    CHECK(sum ==
          p.summary.settlement_amount.minor_units() - p.summary.customer_credits.minor_units());
    // and the JSON of the same preview shows the same numbers
    check_expected(e, observed(json::parse(dodo::preview_to_text(p, in))));
    // the renewals that follow, where the document lists them
    subscription_state state = p.new_state;
    for (const json& r : doc.value("renewal_expectations", json::array())) {
      INFO("renewal at " << r.at("at").get<std::string>());
      REQUIRE(format_rfc3339(state.next_billing_date) == r.at("at").get<std::string>());
      const renewal_result done =
          renew(state, in.catalog, state.next_billing_date, in.tax_rate, in.policy);
      CHECK(done.bill.summary.settlement_amount.minor_units() ==
            r.at("charge").get<std::int64_t>());
      CHECK(done.new_state.credit_balance.minor_units() ==
            r.at("credit_balance_after").get<std::int64_t>());
      state = done.new_state;
    }
  }
}

#ifdef PRORATA_PROGRAM

TEST_CASE("dodo golden: each documented example through `prorata preview`") {
  const auto files = dodo_test::golden_files();
  REQUIRE(files.size() >= 15);
  for (const auto& file : files) {
    INFO("golden file " << file.filename().string());
    const json doc = dodo_test::read_json(file);
    const auto input = dodo_test::write_scratch("golden-input.json", doc.at("input").dump(2));
    const dodo_test::run_result r = dodo_test::run_program("preview '" + input.string() + "'");
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    check_expected(doc.at("expected"), observed(json::parse(r.out)));
  }
}

TEST_CASE("prorata preview: the bundled example, from a file and from stdin, twice alike") {
  const std::string example = (std::filesystem::path(PRORATA_GOLDEN_DIR) / ".." / ".." /
                               "examples" / "preview-upgrade.json")
                                  .string();
  const dodo_test::run_result a = dodo_test::run_program("preview '" + example + "'");
  const dodo_test::run_result b = dodo_test::run_program("preview - < '" + example + "'");
  const dodo_test::run_result c = dodo_test::run_program("preview < '" + example + "'");
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out == c.out);
  CHECK(b.exit_code == 0);
  CHECK(a.out.back() == '\n');
  CHECK(json::parse(a.out)["immediate_charge"]["summary"]["settlement_amount"] == 2500);
}

TEST_CASE("prorata preview: bad input is exit 2, one stderr line, nothing on stdout") {
  json bad = dodo_test::base_input();
  bad["subscription"]["quantity"] = "3";
  const auto file = dodo_test::write_scratch("bad-quantity.json", bad.dump());
  dodo_test::run_result r = dodo_test::run_program("preview '" + file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(dodo_test::count_lines(r.err) == 1);
  CHECK(r.err == "prorata preview: " + file.string() +
                     ": /subscription/quantity: found \"3\" (string), expected an integer >= 1\n");

  r = dodo_test::run_program("preview < '" + file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("prorata preview: stdin: /subscription/quantity: ", 0) == 0);

  json knob = dodo_test::base_input();
  knob["policy"]["rounding_mod"] = "half_even";
  const auto knob_file = dodo_test::write_scratch("bad-knob.json", knob.dump());
  r = dodo_test::run_program("preview '" + knob_file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("prorata preview: " + knob_file.string() +
                        ": /policy/rounding_mod: found unknown knob \"rounding_mod\", expected",
                    0) == 0);
}

TEST_CASE("prorata preview: malformed JSON is exit 2 with its line and byte") {
  const auto file = dodo_test::write_scratch("malformed.json", "{\n  \"now\": ,\n}\n");
  const dodo_test::run_result r = dodo_test::run_program("preview '" + file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(dodo_test::count_lines(r.err) == 1);
  CHECK(r.err.rfind("prorata preview: " + file.string() +
                        ": line 2, column 10 (byte 12): found malformed JSON (",
                    0) == 0);
}

TEST_CASE("prorata preview: a change Dodo refuses is exit 2 with Dodo's code") {
  json paused = dodo_test::base_input();
  paused["subscription"]["status"] = "paused";
  const auto file = dodo_test::write_scratch("paused.json", paused.dump());
  const dodo_test::run_result r = dodo_test::run_program("preview '" + file.string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(dodo_test::count_lines(r.err) == 1);
  CHECK(r.err.rfind("prorata preview: " + file.string() +
                        ": refused: INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED: ",
                    0) == 0);
}

TEST_CASE("prorata preview: an unreadable file is exit 3") {
  const std::string missing = (dodo_test::scratch_dir() / "no-such-file.json").string();
  dodo_test::run_result r = dodo_test::run_program("preview '" + missing + "'");
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK(r.err == "prorata preview: " + missing + ": cannot open: No such file or directory\n");
  r = dodo_test::run_program("preview '" + dodo_test::scratch_dir().string() + "'");
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK(dodo_test::count_lines(r.err) == 1);
}

TEST_CASE("prorata preview: --help documents the input fields and exit codes") {
  const dodo_test::run_result r = dodo_test::run_program("preview --help");
  CHECK(r.exit_code == 0);
  for (const char* word :
       {"subscription", "previous_billing_date", "credit_balance", "billing_anchor",
        "proration_billing_mode", "tax_rate", "policy", "minimum_charge", "fx_rates",
        "settlement_currency", "usage_based_price", "EXIT CODES", "EXAMPLE"}) {
    INFO(word);
    CHECK(r.out.find(word) != std::string::npos);
  }
  CHECK(dodo_test::run_program("frobnicate").exit_code == 2);
  CHECK(dodo_test::run_program("").exit_code == 2);
}

#endif

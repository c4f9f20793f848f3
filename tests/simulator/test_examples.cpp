// examples/simulate/ replayed against the ledgers in tests/simulator/expected/
// (byte for byte, in-process and through the program), and each documented
// Dodo example checked against its documented figures
// (reference/dodo-domain.md section 3). The figures below are the docs',
// in cents, not copied from the program's output.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "sim/run.hpp"
#include "simulator_support.hpp"

namespace {

namespace fs = std::filesystem;
using prorata_test::owned_row;

std::vector<fs::path> example_files() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(PRORATA_EXAMPLES_DIR)) {
    if (entry.path().extension() == ".json") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

fs::path expected_file(const fs::path& example) {
  return fs::path(PRORATA_EXPECTED_DIR) / (example.stem().string() + ".jsonl");
}

/// Every row of examples/simulate/<name>.json, replayed in-process.
std::vector<owned_row> example_rows(const std::string& name) {
  const fs::path p = fs::path(PRORATA_EXAMPLES_DIR) / (name + ".json");
  REQUIRE(fs::exists(p));
  return prorata_test::replay_rows_owned(prorata_test::read_text(p));
}

std::string day(prorata::instant t) { return prorata::format_rfc3339(t).substr(0, 10); }

/// One charge row as the docs give it: when, what is collected, Dodo's
/// signed customer_credits, and the credit balance after it.
struct charge {
  std::string_view kind;
  std::string_view at;  ///< YYYY-MM-DD (every instant here is midnight UTC)
  std::int64_t settlement_amount;
  std::int64_t customer_credits;
  std::int64_t credit_balance;
};

/// The charge rows of `subscription`, in order, are exactly `expected`.
void check_charges(const std::vector<owned_row>& rows, std::string_view subscription,
                   const std::vector<charge>& expected) {
  const std::vector<owned_row> got = prorata_test::rows_of(
      rows, subscription,
      {"created", "plan_change", "renewal", "usage_charge", "one_time_charge", "recovered"});
  INFO("subscription ", subscription);
  CHECK(got.size() == expected.size());
  for (std::size_t i = 0; i < std::min(got.size(), expected.size()); ++i) {
    const owned_row& r = got[i];
    const charge& e = expected[i];
    INFO("charge row ", i, ": ", r.kind_name, " at ", prorata::format_rfc3339(r.at));
    CHECK(r.kind_name == e.kind);
    CHECK(day(r.at) == e.at);
    CHECK(r.settlement_amount == e.settlement_amount);
    CHECK(r.customer_credits == e.customer_credits);
    CHECK(r.credit_balance == e.credit_balance);
    // Dodo's summary identity: subtotal + tax + credits movement = amount due.
    CHECK(r.settlement_amount - r.customer_credits == r.subtotal + r.tax);
  }
}

/// The single row of `kind` of `subscription`.
owned_row only_row(const std::vector<owned_row>& rows, std::string_view subscription,
                   std::string_view kind) {
  const std::vector<owned_row> found = prorata_test::rows_of(rows, subscription, {kind});
  REQUIRE(found.size() == 1);
  return found.front();
}

/// The credit_change of each credit row (added > 0, used < 0), in order.
std::vector<std::int64_t> credit_changes(const std::vector<owned_row>& rows,
                                         std::string_view subscription) {
  std::vector<std::int64_t> out;
  for (const owned_row& r :
       prorata_test::rows_of(rows, subscription, {"credit_added", "credit_used"})) {
    out.push_back(r.credit_change);
  }
  return out;
}

void check_period(const owned_row& r, std::string_view start, std::string_view end) {
  CHECK(day(r.period_start) == start);
  CHECK(day(r.period_end) == end);
}

}  // namespace

TEST_CASE("examples/simulate: every example's ledger is the expected one, byte for byte") {
  const std::vector<fs::path> examples = example_files();
  REQUIRE(examples.size() >= 19);
  for (const fs::path& example : examples) {
    INFO("example ", example.string());
    const fs::path expected = expected_file(example);
    REQUIRE_MESSAGE(fs::exists(expected), "no expected ledger ", expected.string());
    const std::string want = prorata_test::read_text(expected);

    const prorata_test::scratch_dir scratch("examples");
    prorata::sim::run_options o;
    o.input = example.string();
    o.output = (scratch.path() / "ledger.jsonl").string();
    o.threads = 2;
    (void)prorata::sim::simulate(o);
    const std::string in_process = prorata_test::read_text(o.output);
    const std::string diff = prorata_test::first_difference(want, in_process);
    CHECK_MESSAGE(diff.empty(), "in-process: ", diff);

    // The command the expected files were made with.
    const fs::path program_out = scratch.path() / "program.jsonl";
    const prorata_test::program_result r = prorata_test::run_program(
        "simulate " + prorata_test::shell_quote(example.string()) + " -o " +
            prorata_test::shell_quote(program_out.string()) + " --threads 3 -q",
        scratch);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const std::string program_diff =
        prorata_test::first_difference(want, prorata_test::read_text(program_out));
    CHECK_MESSAGE(program_diff.empty(), "prorata simulate: ", program_diff);
  }
}

TEST_CASE("examples/simulate: every expected ledger has its example") {
  for (const auto& entry : fs::directory_iterator(PRORATA_EXPECTED_DIR)) {
    const fs::path example =
        fs::path(PRORATA_EXAMPLES_DIR) / (entry.path().stem().string() + ".json");
    INFO("expected ledger ", entry.path().string());
    CHECK(fs::exists(example));
  }
}

// ---- UPG "Example scenarios": Basic $30, Pro $80, Starter $20; change on
// day 16 of a 30-day cycle (2026-04-16 of 04-01..05-01). ----

TEST_CASE("U1: prorated upgrade Basic -> Pro: $25.00 now, renewals $80.00 on the unchanged date") {
  const auto rows = example_rows("u1");
  check_charges(rows, "sub_u1",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 2500, 0, 0},  // 40.00 - 15.00
                 {"renewal", "2026-05-01", 8000, 0, 0},      // Feb 1: $80.00
                 {"renewal", "2026-06-01", 8000, 0, 0},
                 {"renewal", "2026-07-01", 8000, 0, 0},
                 {"renewal", "2026-08-01", 8000, 0, 0}});
  const owned_row change = only_row(rows, "sub_u1", "plan_change");
  CHECK(change.subtotal == 4000 - 1500);
  CHECK(change.product == "prod_pro");
  check_period(change, "2026-04-01", "2026-05-01");
}

TEST_CASE("U2: prorated downgrade Pro -> Starter: $30.00 credit, then $0.00 and $10.00 renewals") {
  const auto rows = example_rows("u2");
  check_charges(rows, "sub_u2",
                {{"created", "2026-04-01", 8000, 0, 0},
                 {"plan_change", "2026-04-16", 0, 3000, 3000},  // 40.00 - 10.00 credited
                 {"renewal", "2026-05-01", 0, -2000, 1000},     // Feb 1: 20 - 30 -> $0.00
                 {"renewal", "2026-06-01", 1000, -1000, 0},     // Mar 1: 20 - 10 = $10.00
                 {"renewal", "2026-07-01", 2000, 0, 0},
                 {"renewal", "2026-08-01", 2000, 0, 0}});
  CHECK(credit_changes(rows, "sub_u2") == std::vector<std::int64_t>{3000, -2000, -1000});
  CHECK(only_row(rows, "sub_u2", "plan_change").subtotal == 1000 - 4000);
}

TEST_CASE("U3: difference upgrade Basic -> Pro: $50.00 now, renewals $80.00") {
  const auto rows = example_rows("u3");
  check_charges(rows, "sub_u3",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 5000, 0, 0},  // 80 - 30
                 {"renewal", "2026-05-01", 8000, 0, 0},
                 {"renewal", "2026-06-01", 8000, 0, 0},
                 {"renewal", "2026-07-01", 8000, 0, 0},
                 {"renewal", "2026-08-01", 8000, 0, 0}});
  check_period(only_row(rows, "sub_u3", "plan_change"), "2026-04-01", "2026-05-01");
}

TEST_CASE("U4: difference downgrade Pro -> Starter: $60.00 credit, three $0.00 renewals") {
  const auto rows = example_rows("u4");
  check_charges(rows, "sub_u4",
                {{"created", "2026-04-01", 8000, 0, 0},
                 {"plan_change", "2026-04-16", 0, 6000, 6000},  // 80 - 20
                 {"renewal", "2026-05-01", 0, -2000, 4000},
                 {"renewal", "2026-06-01", 0, -2000, 2000},
                 {"renewal", "2026-07-01", 0, -2000, 0},
                 {"renewal", "2026-08-01", 2000, 0, 0}});  // the credit is used up
  CHECK(credit_changes(rows, "sub_u4") == std::vector<std::int64_t>{6000, -2000, -2000, -2000});
}

TEST_CASE("U5: full upgrade Basic -> Pro: $80.00 now, the cycle re-anchors to the change date") {
  const auto rows = example_rows("u5");
  check_charges(rows, "sub_u5",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 8000, 0, 0},  // no credit for unused Basic
                 {"renewal", "2026-05-16", 8000, 0, 0},      // Feb 16
                 {"renewal", "2026-06-16", 8000, 0, 0},
                 {"renewal", "2026-07-16", 8000, 0, 0}});
  check_period(only_row(rows, "sub_u5", "plan_change"), "2026-04-16", "2026-05-16");
  CHECK(credit_changes(rows, "sub_u5").empty());
}

TEST_CASE("U6: prorated upgrade to Pro with 3 Extra Seats: $40.00 now, renewals $110.00") {
  const auto rows = example_rows("u6");
  check_charges(rows, "sub_u6",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 4000, 0, 0},  // 40.00 + 15.00 - 15.00
                 {"renewal", "2026-05-01", 11000, 0, 0},     // 80 + 3 x 10
                 {"renewal", "2026-06-01", 11000, 0, 0},
                 {"renewal", "2026-07-01", 11000, 0, 0},
                 {"renewal", "2026-08-01", 11000, 0, 0}});
}

// ---- Seat-based billing "Proration Examples": Team $99 with 5 Extra Seats
// ($10) going to 10 (the page gives no base plan), or S5's Team + 10 -> 7. ----

TEST_CASE("S1: add 5 seats prorated with 15 of 30 days left: $25.00 now") {
  const auto rows = example_rows("s1");
  check_charges(rows, "sub_s1",
                {{"created", "2026-04-01", 14900, 0, 0},
                 {"plan_change", "2026-04-16", 2500, 0, 0},  // 50 x 15/30
                 {"renewal", "2026-05-01", 19900, 0, 0},     // 99 + 10 x 10
                 {"renewal", "2026-06-01", 19900, 0, 0},
                 {"renewal", "2026-07-01", 19900, 0, 0},
                 {"renewal", "2026-08-01", 19900, 0, 0}});
  const owned_row change = only_row(rows, "sub_s1", "plan_change");
  CHECK(change.product == "prod_team");
  check_period(change, "2026-04-01", "2026-05-01");
}

TEST_CASE("S2: add 5 seats with difference_immediately: $50.00 now, the cycle resets") {
  const auto rows = example_rows("s2");
  check_charges(rows, "sub_s2",
                {{"created", "2026-04-01", 14900, 0, 0},
                 {"plan_change", "2026-04-16", 5000, 0, 0},  // 5 x 10
                 {"renewal", "2026-05-16", 19900, 0, 0},
                 {"renewal", "2026-06-16", 19900, 0, 0},
                 {"renewal", "2026-07-16", 19900, 0, 0}});
  check_period(only_row(rows, "sub_s2", "plan_change"), "2026-04-16", "2026-05-16");
}

TEST_CASE("S3: add 5 seats with full_immediately: the full $199.00 now, new cycle") {
  const auto rows = example_rows("s3");
  check_charges(rows, "sub_s3",
                {{"created", "2026-04-01", 14900, 0, 0},
                 {"plan_change", "2026-04-16", 19900, 0, 0},  // 99 + 10 x 10, no credit
                 {"renewal", "2026-05-16", 19900, 0, 0},
                 {"renewal", "2026-06-16", 19900, 0, 0},
                 {"renewal", "2026-07-16", 19900, 0, 0}});
  check_period(only_row(rows, "sub_s3", "plan_change"), "2026-04-16", "2026-05-16");
}

TEST_CASE("S4: add 5 seats with do_not_bill: $0.00 now, new seats billed in full at renewal") {
  const auto rows = example_rows("s4");
  check_charges(rows, "sub_s4",
                {{"created", "2026-04-01", 14900, 0, 0},
                 {"plan_change", "2026-04-16", 0, 0, 0},
                 {"renewal", "2026-05-01", 19900, 0, 0},  // the cycle is unchanged
                 {"renewal", "2026-06-01", 19900, 0, 0},
                 {"renewal", "2026-07-01", 19900, 0, 0},
                 {"renewal", "2026-08-01", 19900, 0, 0}});
  const owned_row change = only_row(rows, "sub_s4", "plan_change");
  CHECK(change.subtotal == 0);
  check_period(change, "2026-04-01", "2026-05-01");
}

TEST_CASE(
    "S5: remove 3 of 10 seats on day 20 of 30: $10.00 credit, $169.00 renewal, $159.00 paid") {
  const auto rows = example_rows("s5");
  check_charges(rows, "sub_s5",
                {{"created", "2026-04-01", 19900, 0, 0},        // 99 + 10 x 10
                 {"plan_change", "2026-04-21", 0, 1000, 1000},  // 30 x 10/30
                 {"renewal", "2026-05-01", 15900, -1000, 0},    // 169 - 10
                 {"renewal", "2026-06-01", 16900, 0, 0},        // 99 + 7 x 10
                 {"renewal", "2026-07-01", 16900, 0, 0},
                 {"renewal", "2026-08-01", 16900, 0, 0}});
  const std::vector<owned_row> renewals = prorata_test::rows_of(rows, "sub_s5", {"renewal"});
  REQUIRE(!renewals.empty());
  CHECK(renewals.front().subtotal == 16900);
  CHECK(renewals.front().quantity == 1);
  CHECK(credit_changes(rows, "sub_s5") == std::vector<std::int64_t>{1000, -1000});
}

// ---- Other pages ----

TEST_CASE("O1: difference upgrade $30 -> $80 = $50.00; downgrade $50 -> $20 = $30.00 credit") {
  check_charges(example_rows("o1-upgrade"), "sub_o1_upgrade",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 5000, 0, 0},
                 {"renewal", "2026-05-01", 8000, 0, 0},
                 {"renewal", "2026-06-01", 8000, 0, 0},
                 {"renewal", "2026-07-01", 8000, 0, 0},
                 {"renewal", "2026-08-01", 8000, 0, 0}});
  // The credit goes toward the next cycle: $20.00 covered, $10.00 left.
  check_charges(example_rows("o1-downgrade"), "sub_o1_downgrade",
                {{"created", "2026-04-01", 5000, 0, 0},
                 {"plan_change", "2026-04-16", 0, 3000, 3000},
                 {"renewal", "2026-05-01", 0, -2000, 1000},
                 {"renewal", "2026-06-01", 1000, -1000, 0},
                 {"renewal", "2026-07-01", 2000, 0, 0},
                 {"renewal", "2026-08-01", 2000, 0, 0}});
}

TEST_CASE("O2: $30 -> $80 = $50.00 now; Pro $80 -> Basic $30 = $50.00 credit at next renewal") {
  check_charges(example_rows("o2-upgrade"), "sub_o2_upgrade",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 5000, 0, 0},
                 {"renewal", "2026-05-01", 8000, 0, 0},
                 {"renewal", "2026-06-01", 8000, 0, 0},
                 {"renewal", "2026-07-01", 8000, 0, 0},
                 {"renewal", "2026-08-01", 8000, 0, 0}});
  check_charges(example_rows("o2-downgrade"), "sub_o2_downgrade",
                {{"created", "2026-04-01", 8000, 0, 0},
                 {"plan_change", "2026-04-16", 0, 5000, 5000},
                 {"renewal", "2026-05-01", 0, -3000, 2000},  // $30.00 covered, $20.00 left
                 {"renewal", "2026-06-01", 1000, -2000, 0},
                 {"renewal", "2026-07-01", 3000, 0, 0},
                 {"renewal", "2026-08-01", 3000, 0, 0}});
}

TEST_CASE(
    "O4: $0.50/unit: 1,000 -> $500.00, 500 -> $250.00, 100 -> $50.00; 250 with 100 free "
    "-> $75.00") {
  const auto rows = example_rows("o4");
  // The base plan has no fee: each renewal is $0.00, the usage follows it.
  check_charges(rows, "sub_o4_flat",
                {{"created", "2026-04-01", 0, 0, 0},
                 {"renewal", "2026-05-01", 0, 0, 0},
                 {"usage_charge", "2026-05-01", 50000, 0, 0},
                 {"renewal", "2026-06-01", 0, 0, 0},
                 {"usage_charge", "2026-06-01", 25000, 0, 0},
                 {"renewal", "2026-07-01", 0, 0, 0},
                 {"usage_charge", "2026-07-01", 5000, 0, 0}});
  // max(usage - free_threshold, 0); the threshold resets every cycle (80 -> nothing).
  check_charges(rows, "sub_o4_threshold",
                {{"created", "2026-04-01", 0, 0, 0},
                 {"renewal", "2026-05-01", 0, 0, 0},
                 {"usage_charge", "2026-05-01", 7500, 0, 0},
                 {"renewal", "2026-06-01", 0, 0, 0},
                 {"renewal", "2026-07-01", 0, 0, 0},
                 {"usage_charge", "2026-07-01", 7500, 0, 0}});
}

TEST_CASE("O5: $0.05/image, 10 free, 25 images -> $0.75") {
  check_charges(example_rows("o5"), "sub_o5",
                {{"created", "2026-04-01", 0, 0, 0},
                 {"renewal", "2026-05-01", 0, 0, 0},
                 {"usage_charge", "2026-05-01", 75, 0, 0},  // 15 x 5 cents
                 {"renewal", "2026-06-01", 0, 0, 0},        // 8 images: all free
                 {"renewal", "2026-07-01", 0, 0, 0},
                 {"usage_charge", "2026-07-01", 75, 0, 0}});
}

TEST_CASE("O9: a $0.20 plan-change charge is raised to the $0.50 minimum, $0.30 credited") {
  const auto rows = example_rows("o9");
  check_charges(rows, "sub_o9",
                {{"created", "2026-04-01", 3000, 0, 0},
                 {"plan_change", "2026-04-16", 50, 30, 30},  // 15.20 - 15.00 = 0.20 -> 0.50
                 {"renewal", "2026-05-01", 3010, -30, 0},    // 30.40 - 0.30
                 {"renewal", "2026-06-01", 3040, 0, 0},
                 {"renewal", "2026-07-01", 3040, 0, 0},
                 {"renewal", "2026-08-01", 3040, 0, 0}});
  CHECK(only_row(rows, "sub_o9", "plan_change").subtotal == 20);
}

// ---- mixed.json: the lifecycle features together ----

TEST_CASE(
    "mixed: failed renewal, trial, scheduled downgrade, pause, usage, cancel, failed change") {
  const auto rows = example_rows("mixed");

  SUBCASE("a failed renewal goes on hold with the dues outstanding, recovered in full") {
    check_charges(rows, "sub_seats_failed_renewal",
                  {{"created", "2026-04-01", 12900, 0, 0},  // Team 99 + 3 x 10
                   {"renewal", "2026-05-01", 0, 0, 0},      // failed: nothing collected
                   {"recovered", "2026-05-03", 12900, 0, 0},
                   {"renewal", "2026-06-01", 12900, 0, 0},
                   {"renewal", "2026-07-01", 12900, 0, 0}});
    const owned_row hold = only_row(rows, "sub_seats_failed_renewal", "on_hold");
    CHECK(day(hold.at) == "2026-05-01");
    CHECK(hold.outstanding == 12900);
    CHECK(hold.status == prorata::subscription_status::on_hold);
    CHECK(only_row(rows, "sub_seats_failed_renewal", "payment_failed").outstanding == 12900);
    const owned_row back = only_row(rows, "sub_seats_failed_renewal", "recovered");
    CHECK(back.outstanding == 0);
    CHECK(back.status == prorata::subscription_status::active);
    check_period(back, "2026-05-01", "2026-06-01");
  }
  SUBCASE("a 14-day trial: nothing at creation, the first charge when it ends") {
    check_charges(rows, "sub_trial",
                  {{"created", "2026-04-01", 0, 0, 0},
                   {"renewal", "2026-04-15", 8000, 0, 0},
                   {"renewal", "2026-05-15", 8000, 0, 0},
                   {"renewal", "2026-06-15", 8000, 0, 0},
                   {"renewal", "2026-07-15", 8000, 0, 0}});
    CHECK(day(only_row(rows, "sub_trial", "trial_ended").at) == "2026-04-15");
  }
  SUBCASE("a scheduled downgrade applies at the next billing date, nothing charged before") {
    check_charges(rows, "sub_scheduled_downgrade",
                  {{"created", "2026-04-01", 8000, 0, 0},
                   {"plan_change", "2026-04-10", 0, 0, 0},
                   {"renewal", "2026-05-01", 2000, 0, 0},
                   {"renewal", "2026-06-01", 2000, 0, 0},
                   {"renewal", "2026-07-01", 2000, 0, 0}});
    CHECK(only_row(rows, "sub_scheduled_downgrade", "plan_change").product == "prod_pro");
    const owned_row applied = only_row(rows, "sub_scheduled_downgrade", "scheduled_change_applied");
    CHECK(day(applied.at) == "2026-05-01");
    CHECK(applied.product == "prod_starter");
  }
  SUBCASE("a 10-day pause moves the billing dates by 10 days") {
    check_charges(rows, "sub_pause",
                  {{"created", "2026-04-01", 3000, 0, 0},
                   {"renewal", "2026-05-11", 3000, 0, 0},
                   {"renewal", "2026-06-11", 3000, 0, 0},
                   {"renewal", "2026-07-11", 3000, 0, 0}});
  }
  SUBCASE("usage billed with the renewals, a one-time charge on its own") {
    check_charges(rows, "sub_usage",
                  {{"created", "2026-04-01", 2000, 0, 0},
                   {"renewal", "2026-05-01", 2000, 0, 0},
                   {"usage_charge", "2026-05-01", 7500, 0, 0},  // O4: (250 - 100) x 0.50
                   {"one_time_charge", "2026-05-10", 4900, 0, 0},
                   {"renewal", "2026-06-01", 2000, 0, 0},
                   {"usage_charge", "2026-06-01", 1000, 0, 0},  // (120 - 100) x 0.50
                   {"renewal", "2026-07-01", 2000, 0, 0}});
  }
  SUBCASE("cancel_at_next_billing_date cancels at that date without a charge") {
    check_charges(rows, "sub_cancel",
                  {{"created", "2026-04-01", 3000, 0, 0}, {"renewal", "2026-05-01", 3000, 0, 0}});
    const owned_row cancelled = only_row(rows, "sub_cancel", "cancelled");
    CHECK(day(cancelled.at) == "2026-06-01");
    CHECK(cancelled.status == prorata::subscription_status::cancelled);
    CHECK(prorata_test::rows_of(rows, "sub_cancel").back().kind_name == "cancelled");
  }
  SUBCASE("U1's upgrade whose payment fails with apply_change: on hold, then recovered") {
    check_charges(rows, "sub_failed_upgrade",
                  {{"created", "2026-04-01", 3000, 0, 0},
                   {"plan_change", "2026-04-16", 0, 0, 0},
                   {"recovered", "2026-04-18", 2500, 0, 0},
                   {"renewal", "2026-05-01", 8000, 0, 0},
                   {"renewal", "2026-06-01", 8000, 0, 0},
                   {"renewal", "2026-07-01", 8000, 0, 0}});
    const owned_row hold = only_row(rows, "sub_failed_upgrade", "on_hold");
    CHECK(hold.outstanding == 2500);
    CHECK(hold.product == "prod_pro");
  }
  SUBCASE("the same upgrade with prevent_change leaves the plan unchanged") {
    check_charges(rows, "sub_prevented_upgrade",
                  {{"created", "2026-04-01", 3000, 0, 0},
                   {"renewal", "2026-05-01", 3000, 0, 0},
                   {"renewal", "2026-06-01", 3000, 0, 0},
                   {"renewal", "2026-07-01", 3000, 0, 0}});
    CHECK(only_row(rows, "sub_prevented_upgrade", "payment_failed").product == "prod_basic");
    CHECK(prorata_test::rows_of(rows, "sub_prevented_upgrade", {"on_hold"}).empty());
  }
}

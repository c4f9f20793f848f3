// `prorata crosscheck` end to end against the fake server: exit codes 0, 5,
// 4 and 2, the text and JSON reports, --calibrate, --record and --replay,
// and the key in no output and no recorded file.
#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "xc_support.hpp"

using xc_test::fake_dodo;
using xc_test::fault;
using xc_test::run_crosscheck;

namespace {

const std::string upgrade_flags =
    "sub_1 --product-id prod_pro --proration-billing-mode prorated_immediately";

std::string write_requests(const std::filesystem::path& dir) {
  const std::filesystem::path p = dir / "requests.json";
  std::ofstream(p)
      << nlohmann::json::array({xc_test::upgrade_request(), xc_test::seats_request()}).dump(2);
  return p.string();
}

void check_no_key(const xc_test::run_result& r) {
  CHECK(r.out.find(fake_dodo::api_key) == std::string::npos);
  CHECK(r.err.find(fake_dodo::api_key) == std::string::npos);
}

}  // namespace

TEST_CASE("a matching preview exits 0 with a text report") {
  fake_dodo server;
  const auto r =
      run_crosscheck(xc_test::env_for(server), upgrade_flags + xc_test::fast_flags, "match");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("subscription sub_1: 1 request, all match") != std::string::npos);
  CHECK(r.out.find("settlement_amount 2500 USD") != std::string::npos);
  CHECK(r.out.find("result:    match") != std::string::npos);
  check_no_key(r);
  CHECK(server.mutating_requests() == 0);
}

TEST_CASE("one minor unit off exits 5 and names the field, in text and JSON") {
  fake_dodo server;
  server.set_preview_mutation(
      [](nlohmann::json& p) { p["immediate_charge"]["summary"]["settlement_amount"] = 2501; });
  auto r = run_crosscheck(xc_test::env_for(server), upgrade_flags + xc_test::fast_flags, "diff");
  CHECK(r.exit_code == 5);
  CHECK(r.out.find("immediate_charge.summary.settlement_amount") != std::string::npos);
  CHECK(r.out.find("Dodo:   2501") != std::string::npos);
  CHECK(r.out.find("engine: 2500") != std::string::npos);
  check_no_key(r);
  r = run_crosscheck(xc_test::env_for(server), upgrade_flags + " --json" + xc_test::fast_flags,
                     "diff-json");
  CHECK(r.exit_code == 5);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["match"] == false);
  const nlohmann::json& d = j["requests"][0]["differences"];
  REQUIRE(d.size() == 1);
  CHECK(d[0]["field"] == "immediate_charge.summary.settlement_amount");
  CHECK(d[0]["dodo"] == 2501);
  CHECK(d[0]["engine"] == 2500);
  CHECK(d[0]["knob"].get<std::string>().find("rounding") != std::string::npos);
}

TEST_CASE("--requests runs many changes, JSON report matches") {
  fake_dodo server;
  const auto dir = xc_test::scratch("requests");
  const auto r = run_crosscheck(
      xc_test::env_for(server),
      "sub_1 --json --requests '" + write_requests(dir) + "'" + xc_test::fast_flags, "requests");
  CHECK(r.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["match"] == true);
  CHECK(j["requests"].size() == 2);
  CHECK(j["requests"][1]["dodo_preview"]["immediate_charge"]["summary"]["settlement_amount"] ==
        4000);
}

TEST_CASE("remote failures exit 4 with Dodo's code and message") {
  fake_dodo server;
  auto r = run_crosscheck(xc_test::env_for(server, "sk_test_WRONG_KEY_99"),
                          upgrade_flags + xc_test::fast_flags, "401");
  CHECK(r.exit_code == 4);
  CHECK(r.err ==
        "prorata crosscheck: GET /subscriptions/sub_1: HTTP 401 UNAUTHORIZED: invalid "
        "API key\n");
  CHECK(r.out.empty());
  CHECK(r.err.find("WRONG_KEY") == std::string::npos);
  server.inject(fault::not_found_nested);
  r = run_crosscheck(xc_test::env_for(server), upgrade_flags + xc_test::fast_flags, "404");
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("SUBSCRIPTION_NOT_FOUND: no such subscription") != std::string::npos);
  server.inject(fault::malformed, 1, "/products/");
  r = run_crosscheck(xc_test::env_for(server), upgrade_flags + xc_test::fast_flags, "malformed");
  CHECK(r.exit_code == 4);
  server.inject(fault::server_error, 2);
  r = run_crosscheck(xc_test::env_for(server),
                     upgrade_flags + " --max-attempts 2" + xc_test::fast_flags, "500");
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("retrying GET /subscriptions/sub_1") != std::string::npos);
  CHECK(r.err.find("HTTP 500 INTERNAL_SERVER_ERROR") != std::string::npos);
  server.set_slow_delay(std::chrono::milliseconds(1500));
  server.inject(fault::slow);
  r = run_crosscheck(xc_test::env_for(server),
                     upgrade_flags + " --max-attempts 1 --timeout 200 --connect-timeout 200",
                     "slow");
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("timed out") != std::string::npos);
  check_no_key(r);
}

TEST_CASE("bad input exits 2: no key, http to a remote host, a bad request") {
  fake_dodo server;
  auto r =
      run_crosscheck("env -u DODO_PAYMENTS_API_KEY DODO_PAYMENTS_BASE_URL=" + server.base_url(),
                     upgrade_flags, "nokey");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no API key") != std::string::npos);
  r = run_crosscheck("env DODO_PAYMENTS_API_KEY=sk_other DODO_PAYMENTS_BASE_URL=http://example.com",
                     upgrade_flags, "http");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("plain http is allowed only for a loopback host") != std::string::npos);
  r = run_crosscheck(xc_test::env_for(server),
                     "sub_1 --product-id prod_pro --proration-billing-mode sometimes", "mode");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/0/proration_billing_mode") != std::string::npos);
  r = run_crosscheck(xc_test::env_for(server), "sub_1 --product-id prod_pro", "nomode");
  CHECK(r.exit_code == 2);
  CHECK(server.requests().empty());  // nothing was sent for bad input
}

TEST_CASE("--api-key-file is read, and the key stays out of the output") {
  fake_dodo server;
  const auto dir = xc_test::scratch("keyfile");
  std::ofstream(dir / "key") << fake_dodo::api_key << "\n";
  const auto r = run_crosscheck(
      "env -u DODO_PAYMENTS_API_KEY DODO_PAYMENTS_BASE_URL=" + server.base_url(),
      upgrade_flags + " --api-key-file '" + (dir / "key").string() + "'" + xc_test::fast_flags,
      "keyfile");
  CHECK(r.exit_code == 0);
  check_no_key(r);
}

TEST_CASE("--record then --replay offline gives the same report, no key in the files") {
  const auto dir = xc_test::scratch("record");
  const std::string requests = write_requests(dir);
  xc_test::run_result live;
  {
    fake_dodo server;
    server.inject(fault::rate_limited_ms);
    live = run_crosscheck(xc_test::env_for(server),
                          "sub_1 --requests '" + requests + "' --record '" +
                              (dir / "rec").string() + "'" + xc_test::fast_flags,
                          "record");
    CHECK(live.exit_code == 0);
  }  // the server is gone: the replay cannot reach it
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "rec")) {
    ++files;
    const std::string text = xc_test::read_text(entry.path());
    CHECK(text.find(fake_dodo::api_key) == std::string::npos);
    CHECK(text.find("Authorization") == std::string::npos);
    CHECK(text.find("Bearer") == std::string::npos);
  }
  CHECK(files == 6);  // subscription, 2 products, 1 addon, 2 previews
  CHECK(std::filesystem::exists(dir / "rec" / "get_subscription-sub_1.json"));
  const auto replay = run_crosscheck(
      "env -u DODO_PAYMENTS_API_KEY -u DODO_PAYMENTS_BASE_URL",
      "sub_1 --requests '" + requests + "' --replay '" + (dir / "rec").string() + "'", "replay");
  CHECK(replay.exit_code == 0);
  CHECK(replay.out == live.out);
  // A request that was never recorded is a remote failure.
  const auto missing = run_crosscheck("env -u DODO_PAYMENTS_API_KEY",
                                      "sub_1 --product-id prod_pro --quantity 2 "
                                      "--proration-billing-mode full_immediately --replay '" +
                                          (dir / "rec").string() + "'",
                                      "replay-missing");
  CHECK(missing.exit_code == 4);
  CHECK(missing.err.find("no recording") != std::string::npos);
}

TEST_CASE("--calibrate reports which knob values reproduce Dodo") {
  fake_dodo server;
  const auto dir = xc_test::scratch("calibrate");
  const auto r = run_crosscheck(
      xc_test::env_for(server),
      "sub_1 --calibrate --requests '" + write_requests(dir) + "'" + xc_test::fast_flags,
      "calibrate");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("calibration: 896 knob combinations x 2 requests, 448 reproduce every answer") !=
        std::string::npos);
  CHECK(r.out.find("old_plan_credit: any value reproduces (not exercised)") != std::string::npos);
  CHECK(r.out.find("reset_cycle_on_prorated: settled: false") != std::string::npos);
  CHECK(r.out.find("a reproducing policy: {") != std::string::npos);
}

TEST_CASE("--calibrate finds the rule of a recorded exchange shaped like each new knob") {
  fake_dodo server;
  // features/subscription.mdx: $25.00 now, the cycle restarts at the change
  server.set_preview_file("preview_reset_page.json");
  auto r = run_crosscheck(xc_test::env_for(server),
                          upgrade_flags + " --calibrate" + xc_test::fast_flags, "calibrate-reset");
  CHECK(r.exit_code == 5);  // the default policy (the upgrade guide) keeps the date
  CHECK(r.out.find("calibration: 896 knob combinations x 1 request") != std::string::npos);
  CHECK(r.out.find("reset_cycle_on_prorated: settled: true") != std::string::npos);
  CHECK(r.out.find("reset_prorated_charge: settled: old_period_remainder") != std::string::npos);
  // features/localized-pricing.mdx: the old plan credited from what it was last charged
  server.set_preview_file("preview_last_charged.json");
  server.subscription()["recurring_pre_tax_amount"] = 2500;
  r = run_crosscheck(xc_test::env_for(server), upgrade_flags + " --calibrate" + xc_test::fast_flags,
                     "calibrate-credit");
  CHECK(r.exit_code == 0);  // last_charged is the default
  CHECK(r.out.find("old_plan_credit: settled: last_charged") != std::string::npos);
}

TEST_CASE("a policy file is applied: a knob that changes the answer gives exit 5") {
  fake_dodo server;
  const auto dir = xc_test::scratch("policy");
  std::ofstream(dir / "policy.json") << R"({"reset_cycle_on_prorated": true})";
  auto r = run_crosscheck(
      xc_test::env_for(server),
      upgrade_flags + " --policy '" + (dir / "policy.json").string() + "'" + xc_test::fast_flags,
      "policy");
  CHECK(r.exit_code == 5);
  CHECK(r.out.find("new_plan.next_billing_date") != std::string::npos);
  std::ofstream(dir / "bad.json") << R"({"rounding_mode": "half_even"})";
  r = run_crosscheck(xc_test::env_for(server),
                     upgrade_flags + " --policy '" + (dir / "bad.json").string() + "'",
                     "badpolicy");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown knob") != std::string::npos);
}

TEST_CASE("a NUL byte and bytes after it: a Dodo answer, --requests and --replay refuse it") {
  // nlohmann's lexer ends the input at a NUL byte; the bytes after it were ignored (issue #14).
  const auto dir = xc_test::scratch("nul");
  {
    fake_dodo server;
    server.inject(fault::nul_trailer, 1, "/products/prod_pro");
    const auto r =
        run_crosscheck(xc_test::env_for(server), upgrade_flags + xc_test::fast_flags, "nul-answer");
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("not a JSON object") != std::string::npos);
  }
  {
    const std::filesystem::path requests = dir / "requests-nul.json";
    std::ofstream(requests, std::ios::binary)
        << nlohmann::json::array({xc_test::upgrade_request()}).dump() << std::string(1, '\0')
        << " anything";
    fake_dodo server;
    const auto r = run_crosscheck(xc_test::env_for(server),
                                  "sub_1 --requests '" + requests.string() + "'", "nul-requests");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("NUL byte") != std::string::npos);
    CHECK(server.requests().empty());
  }
  {
    fake_dodo server;
    const auto live = run_crosscheck(
        xc_test::env_for(server),
        upgrade_flags + " --record '" + (dir / "rec").string() + "'" + xc_test::fast_flags,
        "nul-record");
    REQUIRE(live.exit_code == 0);
  }
  const std::filesystem::path recording = dir / "rec" / "get_subscription-sub_1.json";
  REQUIRE(std::filesystem::exists(recording));
  std::ofstream(recording, std::ios::binary | std::ios::app) << std::string(1, '\0') << "junk";
  const auto replay =
      run_crosscheck("env -u DODO_PAYMENTS_API_KEY -u DODO_PAYMENTS_BASE_URL",
                     upgrade_flags + " --replay '" + (dir / "rec").string() + "'", "nul-replay");
  CHECK(replay.exit_code == 4);
  CHECK(replay.err.find("not a JSON object") != std::string::npos);
}

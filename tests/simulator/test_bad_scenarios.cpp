// `prorata simulate` on scenarios it must refuse: exit code 2 (bad input) or 3
// (a file it cannot read or write), one line on stderr naming the file (and
// line, for JSON Lines), the JSON pointer and what was expected, and no
// ledger left behind: neither the -o file nor a temporary next to it.
#include <filesystem>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "simulator_support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// A valid scenario: one Basic subscription, four months.
json base_scenario() {
  return json::parse(R"({
    "until": "2026-08-01T00:00:00Z",
    "catalog": {"products": [
      {"product_id": "prod_basic", "price": {"type": "recurring_price", "price": 3000,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1}},
      {"product_id": "prod_pro", "price": {"type": "recurring_price", "price": 8000,
       "currency": "USD", "payment_frequency_interval": "Month", "payment_frequency_count": 1}}]},
    "subscriptions": [{"subscription_id": "sub_1", "product_id": "prod_basic",
      "currency": "USD", "created_at": "2026-04-01T00:00:00Z",
      "meters": [{"meter_id": "mtr_api", "name": "API calls", "price_per_unit": "50"}],
      "events": []}]})");
}

json event(std::string_view at, std::string_view type) { return {{"at", at}, {"type", type}}; }

/// What a failed run must look like.
struct failure {
  int exit_code;
  /// The message after "prorata simulate: <input>": e.g. ": /subscriptions/0/...".
  std::initializer_list<std::string_view> parts;
};

/// Runs `prorata simulate <input> -o <scratch>/ledger.jsonl <extra>` and checks
/// the exit code, the one-line message and that no ledger is left.
void check_refused(const prorata_test::scratch_dir& scratch, const fs::path& input,
                   const failure& f, const std::string& extra = {}) {
  const fs::path ledger = scratch.path() / "ledger.jsonl";
  const prorata_test::program_result r = prorata_test::run_program(
      "simulate " + prorata_test::shell_quote(input.string()) + " -o " +
          prorata_test::shell_quote(ledger.string()) + " -q --threads 2 " + extra,
      scratch);
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == f.exit_code);
  CHECK(r.out.empty());
  // One line, starting with the program and the file it could not use.
  REQUIRE(!r.err.empty());
  CHECK(r.err.find('\n') == r.err.size() - 1);
  const std::string head = "prorata simulate: ";
  CHECK(r.err.starts_with(head));
  std::size_t at = head.size();
  for (const std::string_view part : f.parts) {
    const std::size_t found = r.err.find(part, at);
    CHECK_MESSAGE(found != std::string::npos, "missing, in order: ", part);
    if (found != std::string::npos) at = found + part.size();
  }
  CHECK_FALSE(fs::exists(ledger));
  for (const auto& entry : fs::directory_iterator(scratch.path())) {
    const std::string name = entry.path().filename().string();
    CHECK_MESSAGE(!name.starts_with("ledger.jsonl"), "left behind: ", name);
  }
}

/// Writes `scenario` as <scratch>/scenario.json and checks the refusal.
void check_refused(const json& scenario, const failure& f) {
  const prorata_test::scratch_dir scratch("bad");
  const fs::path input = scratch.write("scenario.json", scenario.dump(2));
  check_refused(scratch, input, f);
}

}  // namespace

TEST_CASE("bad scenario: the base scenario is valid") {
  const prorata_test::scratch_dir scratch("bad");
  const fs::path input = scratch.write("scenario.json", base_scenario().dump());
  const prorata_test::program_result r = prorata_test::run_program(
      "simulate " + prorata_test::shell_quote(input.string()) + " -q", scratch);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(prorata_test::lines_of(r.out).size() == 4);  // created + renewals 05-01, 06-01, 07-01
}

TEST_CASE("bad scenario: an event out of time order") {
  json s = base_scenario();
  s["subscriptions"][0]["events"] = {event("2026-05-10T00:00:00Z", "pause"),
                                     event("2026-05-05T00:00:00Z", "resume")};
  check_refused(
      s, {2,
          {"scenario.json: ", "/subscriptions/0/events/1/at: ", "found \"2026-05-05T00:00:00Z\"",
           "expected an instant at or after the previous event's 2026-05-10T00:00:00Z",
           "(/subscriptions/0/events/0)", "time order"}});
}

TEST_CASE("bad scenario: a top-level event out of time order for its subscription") {
  json s = base_scenario();
  s["events"] = {
      {{"subscription_id", "sub_1"}, {"at", "2026-05-10T00:00:00Z"}, {"type", "pause"}},
      {{"subscription_id", "sub_1"}, {"at", "2026-05-05T00:00:00Z"}, {"type", "resume"}}};
  check_refused(
      s, {2,
          {"scenario.json: ", "/events/1/at: ", "found \"2026-05-05T00:00:00Z\"",
           "expected an instant at or after 2026-05-10T00:00:00Z (/events/0", "time order"}});
}

TEST_CASE("bad scenario: an event before created_at") {
  json s = base_scenario();
  s["subscriptions"][0]["events"] = {event("2026-03-31T23:59:59Z", "cancel")};
  check_refused(
      s, {2,
          {"scenario.json: ", "/subscriptions/0/events/0/at: ", "found \"2026-03-31T23:59:59Z\"",
           "expected an instant from created_at 2026-04-01T00:00:00Z to before until "
           "2026-08-01T00:00:00Z"}});
}

TEST_CASE("bad scenario: an event at until (the window is exclusive)") {
  json s = base_scenario();
  s["subscriptions"][0]["events"] = {event("2026-08-01T00:00:00Z", "cancel")};
  check_refused(
      s, {2,
          {"scenario.json: ", "/subscriptions/0/events/0/at: ", "found \"2026-08-01T00:00:00Z\"",
           "expected an instant from created_at", "to before until 2026-08-01T00:00:00Z"}});
}

TEST_CASE("bad scenario: an event after until") {
  json s = base_scenario();
  s["subscriptions"][0]["events"] = {event("2026-09-01T00:00:00Z", "cancel")};
  check_refused(s, {2,
                    {"scenario.json: ", "/subscriptions/0/events/0/at: ",
                     "found \"2026-09-01T00:00:00Z\"", "before until 2026-08-01T00:00:00Z"}});
}

TEST_CASE("bad scenario: a top-level event for an unknown subscription_id") {
  json s = base_scenario();
  s["events"] = {{{"subscription_id", "sub_9"}, {"at", "2026-05-10T00:00:00Z"}, {"type", "pause"}}};
  check_refused(s, {2,
                    {"scenario.json: ", "/events/0/subscription_id: ", "found \"sub_9\"",
                     "expected the id of a subscription in /subscriptions"}});
}

TEST_CASE("bad scenario: a duplicate subscription id") {
  json s = base_scenario();
  s["subscriptions"].push_back(s["subscriptions"][0]);
  check_refused(s, {2,
                    {"scenario.json: ", "/subscriptions/1/subscription_id: ", "found \"sub_1\"",
                     "expected an id not used by an earlier subscription"}});
}

TEST_CASE("bad scenario: usage on a meter the subscription does not have") {
  json s = base_scenario();
  json usage = event("2026-04-20T00:00:00Z", "usage");
  usage["meter_id"] = "mtr_images";
  usage["units"] = "25";
  s["subscriptions"][0]["events"] = {usage};
  check_refused(s,
                {2,
                 {"scenario.json: ", "/subscriptions/0/events/0/meter_id: ", "found \"mtr_images\"",
                  "expected the meter_id of one of the subscription's meters"}});
}

TEST_CASE("bad scenario: a quantity given as a string") {
  json s = base_scenario();
  s["subscriptions"][0]["quantity"] = "3";
  check_refused(s, {2,
                    {"scenario.json: ", "/subscriptions/0/quantity: ", "found \"3\" (string)",
                     "expected an integer >= 1"}});
}

TEST_CASE("bad scenario: an unknown event type") {
  json s = base_scenario();
  s["subscriptions"][0]["events"] = {event("2026-04-20T00:00:00Z", "upgrade")};
  check_refused(s, {2,
                    {"scenario.json: ", "/subscriptions/0/events/0/type: ", "found \"upgrade\"",
                     "expected one of \"change_plan\"", "\"one_time_charge\""}});
}

TEST_CASE("bad scenario: an unknown product at creation") {
  json s = base_scenario();
  s["subscriptions"][0]["product_id"] = "prod_gold";
  check_refused(s, {2, {"scenario.json: ", "/subscriptions/0/product_id: ", "prod_gold"}});
}

TEST_CASE("bad scenario: an unknown discount code at creation, after other rows were written") {
  // The failing subscription comes last, so the other ones' rows are already
  // in the temporary file when the run fails: it must still be removed.
  json s = base_scenario();
  json subs = json::array();
  for (int i = 0; i < 200; ++i) {
    json sub = s["subscriptions"][0];
    sub["subscription_id"] = "sub_" + std::to_string(i);
    subs.push_back(sub);
  }
  subs.back()["discount_codes"] = {"NOPE"};
  s["subscriptions"] = subs;
  check_refused(s, {2, {"scenario.json: ", "/subscriptions/199", "NOPE"}});
}

TEST_CASE("bad scenario: JSON Lines with malformed JSON on line 3") {
  const prorata_test::scratch_dir scratch("bad");
  json header = base_scenario();
  json sub = header["subscriptions"][0];
  header.erase("subscriptions");
  const fs::path input = scratch.write(
      "scenario.jsonl", header.dump() + "\n" + sub.dump() + "\n{\"subscription_id\": \"sub_2\",\n");
  check_refused(scratch, input,
                {2, {"scenario.jsonl:3: ", "malformed JSON", "expected a JSON document"}});
}

TEST_CASE("bad scenario: JSON Lines without the header line") {
  const prorata_test::scratch_dir scratch("bad");
  json sub = base_scenario()["subscriptions"][0];
  json sub2 = sub;
  sub2["subscription_id"] = "sub_2";
  const fs::path input = scratch.write("scenario.jsonl", sub.dump() + "\n" + sub2.dump() + "\n");
  check_refused(scratch, input,
                {2, {"scenario.jsonl:1: ", "/until: ", "found nothing", "expected an RFC 3339"}});
}

TEST_CASE("bad scenario: an input file that does not exist (exit 3)") {
  const prorata_test::scratch_dir scratch("bad");
  const fs::path input = scratch.path() / "missing.json";
  check_refused(scratch, input, {3, {"cannot open ", "missing.json"}});
}

TEST_CASE("bad scenario: an input that is a directory (exit 3)") {
  const prorata_test::scratch_dir scratch("bad");
  fs::create_directory(scratch.path() / "a_directory.json");
  check_refused(scratch, scratch.path() / "a_directory.json", {3, {"a_directory.json"}});
}

TEST_CASE("bad scenario: an output directory that does not exist (exit 3)") {
  const prorata_test::scratch_dir scratch("bad");
  const fs::path input = scratch.write("scenario.json", base_scenario().dump());
  const fs::path ledger = scratch.path() / "no_such_dir" / "ledger.jsonl";
  const prorata_test::program_result r =
      prorata_test::run_program("simulate " + prorata_test::shell_quote(input.string()) +
                                    " -q -o " + prorata_test::shell_quote(ledger.string()),
                                scratch);
  CHECK(r.exit_code == 3);
  CHECK(r.err.starts_with("prorata simulate: "));
  CHECK(r.err.find(ledger.string()) != std::string::npos);
  CHECK_FALSE(fs::exists(ledger.parent_path()));
}

TEST_CASE("bad scenario: a failed run leaves an existing ledger file as it was") {
  const prorata_test::scratch_dir scratch("bad");
  json s = base_scenario();
  s["subscriptions"][0]["events"] = {event("2026-09-01T00:00:00Z", "cancel")};
  const fs::path input = scratch.write("scenario.json", s.dump());
  const fs::path ledger = scratch.write("old-ledger.jsonl", "the previous ledger\n");
  const prorata_test::program_result r =
      prorata_test::run_program("simulate " + prorata_test::shell_quote(input.string()) +
                                    " -q -o " + prorata_test::shell_quote(ledger.string()),
                                scratch);
  CHECK(r.exit_code == 2);
  CHECK(prorata_test::read_text(ledger) == "the previous ledger\n");
  for (const auto& entry : fs::directory_iterator(scratch.path())) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
}

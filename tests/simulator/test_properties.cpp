// RapidCheck properties of `prorata simulate` over generated scenarios
// (scenario_gen.hpp): money and credit are conserved, the credit balance
// chains and never goes negative, renewals fall on the schedule's
// boundaries, rows are in time order, and the multi-threaded pipeline
// writes the same bytes as a sequential replay in input order.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "scenario_gen.hpp"
#include "sim/ledger_format.hpp"
#include "sim/replay.hpp"
#include "sim/run.hpp"
#include "sim/scenario_json.hpp"
#include "simulator_support.hpp"
#include "support/property.hpp"

namespace {

namespace sg = prorata_test::scenario_gen;
using prorata::sim::row_kind;
using prorata_test::owned_row;

using prorata::sim::is_charge;

bool is_credit(row_kind k) { return k == row_kind::credit_added || k == row_kind::credit_used; }

std::string ledger_text(const std::vector<owned_row>& rows) {
  std::string out;
  for (owned_row r : rows) {  // a copy: point the views at its own strings
    r.subscription_id = r.subscription;
    r.product_id = r.product;
    prorata::sim::append_json_line(r, out);
  }
  return out;
}

/// One generated single-subscription scenario and its ledger.
struct replayed {
  prorata::sim::scenario scenario;
  std::vector<owned_row> rows;
  [[nodiscard]] const prorata::sim::subscription_spec& spec() const {
    return scenario.subscriptions.front();
  }
};

/// Reads and replays `doc`; logs the scenario and the ledger for a failure.
replayed replay_logged(const nlohmann::json& doc) {
  RC_LOG() << "scenario: " << doc.dump() << '\n';
  replayed out;
  try {
    out.scenario = prorata::sim::read_scenario(doc, "generated");
  } catch (const std::exception& e) {
    RC_FAIL(std::string("the generated scenario does not read: ") + e.what());
  }
  prorata_test::collecting_sink sink;
  try {
    prorata::sim::replay(out.scenario.header, out.spec(), sink);
  } catch (const std::exception& e) {
    RC_FAIL(std::string("replay threw: ") + e.what());
  }
  out.rows = std::move(sink.rows);
  RC_LOG() << "ledger:\n" << ledger_text(out.rows);
  return out;
}

/// The index of the first row after the initial credit (credit_added at
/// creation with the scenario's credit_balance), which it checks.
std::size_t skip_initial_credit(const replayed& r) {
  const std::int64_t initial = r.spec().credit_balance;
  if (initial <= 0) return 0;
  RC_ASSERT(!r.rows.empty());
  const owned_row& first = r.rows.front();
  RC_ASSERT(first.kind == row_kind::credit_added);
  RC_ASSERT(first.at == r.spec().created_at);
  RC_ASSERT(first.credit_change == initial);
  RC_ASSERT(first.credit_balance == initial);
  return 1;
}

// ---- property 1: conservation of money and credit --------------------------

void check_conservation(const replayed& r) {
  const std::vector<owned_row>& rows = r.rows;
  std::size_t i = skip_initial_credit(r);
  std::int64_t settled = 0;
  std::int64_t charged = 0;  // subtotal + tax
  std::int64_t customer_credits = 0;
  std::int64_t used = 0;   // credit_used rows, as a positive sum
  std::int64_t added = 0;  // credit_added rows after creation
  const owned_row* last_charge = nullptr;
  std::int64_t group_change = 0;  // credit rows since last_charge
  const auto close_group = [&] {
    if (last_charge) RC_ASSERT(group_change == last_charge->customer_credits);
  };
  for (; i < rows.size(); ++i) {
    const owned_row& row = rows[i];
    if (is_charge(row.kind)) {
      close_group();
      RC_ASSERT(row.settlement_amount - row.customer_credits == row.subtotal + row.tax);
      settled += row.settlement_amount;
      charged += row.subtotal + row.tax;
      customer_credits += row.customer_credits;
      last_charge = &row;
      group_change = 0;
    } else if (is_credit(row.kind)) {
      // a credit row restates a movement of the charge row before it, at its instant
      RC_ASSERT(last_charge != nullptr);
      RC_ASSERT(row.at == last_charge->at);
      if (row.kind == row_kind::credit_used) {
        RC_ASSERT(row.credit_change < 0);
        used -= row.credit_change;
      } else {
        RC_ASSERT(row.credit_change > 0);
        added += row.credit_change;
      }
      group_change += row.credit_change;
    } else {
      close_group();
      last_charge = nullptr;
      // rows without money carry none
      RC_ASSERT(row.subtotal == 0);
      RC_ASSERT(row.tax == 0);
      RC_ASSERT(row.customer_credits == 0);
      RC_ASSERT(row.settlement_amount == 0);
      RC_ASSERT(row.credit_change == 0);
    }
  }
  close_group();
  RC_ASSERT(settled == charged + customer_credits);
  RC_ASSERT(added - used == customer_credits);
  // money in == charges - credits used + credits added
  RC_ASSERT(settled == charged - used + added);
}

// ---- property 2: the credit balance ----------------------------------------

void check_credit_balance(const replayed& r) {
  const std::vector<owned_row>& rows = r.rows;
  RC_ASSERT(!rows.empty());
  const std::int64_t initial = r.spec().credit_balance;
  std::size_t i = skip_initial_credit(r);
  std::int64_t balance = initial;
  for (; i < rows.size(); ++i) {
    const owned_row& row = rows[i];
    RC_ASSERT(row.credit_balance >= 0);
    if (is_credit(row.kind)) balance += row.credit_change;
    // after the last row at an instant, the balance is the running total
    if (i + 1 == rows.size() || rows[i + 1].at != row.at) RC_ASSERT(row.credit_balance == balance);
  }
  RC_ASSERT(rows.back().credit_balance == balance);
}

// ---- property 3: renewals on the schedule ----------------------------------

/// Every renewal starts where the state before it said the period ends
/// (rows emitted with the renewal's new state, trial_ended and
/// scheduled_change_applied, are skipped), and starts its own period.
void check_renewals_chain(const replayed& r) {
  const std::vector<owned_row>& rows = r.rows;
  const owned_row* before = nullptr;
  for (const owned_row& row : rows) {
    if (row.kind == row_kind::renewal) {
      RC_ASSERT(before != nullptr);
      RC_ASSERT(row.at == before->period_end);
      RC_ASSERT(row.period_start == row.at);
      RC_ASSERT(row.period_end > row.at);
    }
    if (row.kind != row_kind::trial_ended && row.kind != row_kind::scheduled_change_applied) {
      before = &row;
    }
  }
}

/// With nothing that moves the schedule, renewal k is boundary k of the
/// schedule anchored at creation, for k = 1, 2, ... and, unless the
/// subscription was cancelled, every boundary before `until` is renewed.
void check_renewals_on_boundaries(const replayed& r) {
  const prorata::sim::subscription_spec& spec = r.spec();
  const prorata::product& p = r.scenario.header.catalog.find_product(spec.product_id);
  const prorata::schedule cycle{spec.created_at, p.interval};
  std::int64_t n = 0;
  bool cancelled = false;
  for (const owned_row& row : r.rows) {
    if (row.kind == row_kind::cancelled) cancelled = true;
    if (row.kind == row_kind::created) {
      RC_ASSERT(row.period_start == cycle.boundary(0));
      RC_ASSERT(row.period_end == cycle.boundary(1));
    }
    if (row.kind != row_kind::renewal) continue;
    ++n;
    RC_ASSERT(row.at == cycle.boundary(n));
    RC_ASSERT(row.period_start == row.at);
    RC_ASSERT(row.period_end == cycle.boundary(n + 1));
  }
  if (!cancelled) RC_ASSERT(cycle.boundary(n + 1) >= r.scenario.header.until);
}

// ---- property 5: time order, no negative collection ------------------------

void check_order(const replayed& r) {
  const std::vector<owned_row>& rows = r.rows;
  RC_ASSERT(!rows.empty());
  std::size_t created = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const owned_row& row = rows[i];
    RC_ASSERT(row.at >= r.spec().created_at);
    RC_ASSERT(row.at < r.scenario.header.until);
    if (i > 0) RC_ASSERT(rows[i - 1].at <= row.at);
    if (is_charge(row.kind)) RC_ASSERT(row.settlement_amount >= 0);
    RC_ASSERT(row.outstanding >= 0);
    if (row.kind == row_kind::created) ++created;
  }
  RC_ASSERT(created == 1U);
  RC_ASSERT(rows[skip_initial_credit(r)].kind == row_kind::created);
}

// ---- property 4: the pipeline ----------------------------------------------

/// A file under the temporary directory, removed with this object.
class temp_file {
 public:
  explicit temp_file(const std::string& stem) {
    static std::atomic<int> counter{0};
    path_ =
        (std::filesystem::temp_directory_path() / ("prorata_props_" + std::to_string(::getpid()) +
                                                   "_" + std::to_string(counter++) + "_" + stem))
            .string();
  }
  ~temp_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  void write(const std::string& text) const {
    std::ofstream f(path_, std::ios::binary);
    f << text;
  }
  [[nodiscard]] std::string read() const {
    std::ifstream f(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }

 private:
  std::string path_;
};

struct run_output {
  std::string ledger;
  prorata::sim::run_result result;
};

run_output simulate_file(const std::string& input, bool json_lines, unsigned threads,
                         prorata::sim::ledger_format format) {
  temp_file out("ledger");
  prorata::sim::run_options o;
  o.input = input;
  o.json_lines = json_lines;
  o.output = out.path();
  o.threads = threads;
  o.format = format;
  run_output r;
  r.result = prorata::sim::simulate(o);
  r.ledger = out.read();
  return r;
}

/// The 1-based line where two texts first differ, and both lines.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a);
  std::istringstream sb(b);
  std::string la;
  std::string lb;
  for (std::size_t n = 1;; ++n) {
    const bool ga = static_cast<bool>(std::getline(sa, la));
    const bool gb = static_cast<bool>(std::getline(sb, lb));
    if (!ga && !gb) return "no difference";
    if (!ga || !gb || la != lb) {
      return "line " + std::to_string(n) + ":\n  " + (ga ? la : "(end)") + "\n  " +
             (gb ? lb : "(end)");
    }
  }
}

#define PROPS_ASSERT_SAME(a, b, what)                                           \
  do {                                                                          \
    if ((a) != (b)) RC_FAIL(std::string(what) + ": " + first_difference(a, b)); \
  } while (false)

/// Runs `property` for at most `max_success` cases (fewer than the RC_PARAMS
/// default), without shrinking: for the expensive multi-threaded runs.
template <class Property>
void check_property_few(const std::string& description, int max_success, Property&& property) {
  using namespace rc::detail;
  TestParams params = configuration().testParams;
  params.maxSuccess = std::min(params.maxSuccess, max_success);
  params.disableShrinking = true;
  TestMetadata metadata;
  metadata.id = description;
  metadata.description = description;
  std::cerr << "\n- " << description << '\n';
  const TestResult result = checkTestable(std::forward<Property>(property), metadata, params);
  printResultMessage(result, std::cerr);
  std::cerr << '\n';
  CHECK_MESSAGE(result.template is<SuccessResult>(), "property failed: " << description);
}

}  // namespace

TEST_CASE("property: simulate conserves money and credit on every charge and in total") {
  prorata_test::check_property("settlement - customer_credits == subtotal + tax; credit rows", [] {
    check_conservation(replay_logged(sg::any_single_scenario(sg::event_mix::any)));
  });
}

TEST_CASE("property: simulate's credit balance is never negative and chains through credit rows") {
  prorata_test::check_property("balance == initial + sum(credit_change)", [] {
    check_credit_balance(replay_logged(sg::any_single_scenario(sg::event_mix::any)));
  });
}

TEST_CASE("property: simulate renews where the previous period ends") {
  prorata_test::check_property("renewal at == previous row's period_end", [] {
    check_renewals_chain(replay_logged(sg::any_single_scenario(sg::event_mix::any)));
  });
}

TEST_CASE("property: simulate renews on the schedule's boundaries when nothing moves it") {
  prorata_test::check_property("renewal n at schedule{created_at, interval}.boundary(n)", [] {
    const replayed r = replay_logged(sg::any_single_scenario(sg::event_mix::schedule_preserving));
    check_renewals_on_boundaries(r);
    check_renewals_chain(r);
    check_conservation(r);
    check_credit_balance(r);
    check_order(r);
  });
}

TEST_CASE("property: simulate's rows are in time order and never collect a negative amount") {
  prorata_test::check_property("non-decreasing at; settlement_amount >= 0", [] {
    check_order(replay_logged(sg::any_single_scenario(sg::event_mix::any)));
  });
}

TEST_CASE("property: simulate writes the same ledger with 1 and 2 threads, twice") {
  check_property_few("threads=1 == threads=2 == sequential replay", 6, [] {
    // a few hundred subscriptions: more than one batch of 256
    const prorata::instant from = sg::any_creation_instant();
    const prorata::instant until =
        from + std::chrono::seconds{*rc::gen::inRange<std::int64_t>(30, 500) * 86'400};
    const std::int64_t window = (until - from).count();
    nlohmann::json header = sg::any_header(until, false);
    const std::size_t count = *rc::gen::inRange<std::size_t>(257, 700);
    nlohmann::json subs = nlohmann::json::array();
    for (std::size_t i = 0; i < count; ++i) {
      const prorata::instant created =
          from + std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, window)};
      subs.push_back(
          sg::any_subscription("sub_" + std::to_string(i), created, until, sg::event_mix::any, 8));
    }

    // JSON Lines: the header line, then one subscription per line.
    std::string lines = header.dump() + "\n";
    for (const nlohmann::json& s : subs) lines += s.dump() + "\n";
    // The single document, with every third subscription's events moved to
    // the top-level "events" array (same order per subscription).
    nlohmann::json doc = header;
    doc["subscriptions"] = nlohmann::json::array();
    doc["events"] = nlohmann::json::array();
    for (std::size_t i = 0; i < subs.size(); ++i) {
      nlohmann::json s = subs[i];
      if (i % 3 == 1) {
        for (nlohmann::json e : s["events"]) {
          e["subscription_id"] = s["subscription_id"];
          doc["events"].push_back(std::move(e));
        }
        s["events"] = nlohmann::json::array();
      }
      doc["subscriptions"].push_back(std::move(s));
    }

    // What a sequential replay in input order writes.
    const prorata::sim::scenario parsed = prorata::sim::read_scenario(doc, "generated");
    std::string expected;
    std::string expected_csv = prorata::sim::csv_header();
    std::int64_t expected_rows = 0;
    struct appending final : prorata::sim::row_sink {
      std::string* json;
      std::string* csv;
      std::int64_t* rows;
      void write(const prorata::sim::ledger_row& row) override {
        prorata::sim::append_json_line(row, *json);
        prorata::sim::append_csv_record(row, *csv);
        ++*rows;
      }
    } sink;
    sink.json = &expected;
    sink.csv = &expected_csv;
    sink.rows = &expected_rows;
    for (const auto& spec : parsed.subscriptions) prorata::sim::replay(parsed.header, spec, sink);

    const temp_file jsonl("scenario.jsonl");
    const temp_file document("scenario.json");
    jsonl.write(lines);
    document.write(doc.dump());
    using prorata::sim::ledger_format;
    const run_output l1 = simulate_file(jsonl.path(), true, 1, ledger_format::json_lines);
    const run_output l2 = simulate_file(jsonl.path(), true, 2, ledger_format::json_lines);
    const run_output l2again = simulate_file(jsonl.path(), true, 2, ledger_format::json_lines);
    const run_output d1 = simulate_file(document.path(), false, 1, ledger_format::json_lines);
    const run_output d2 = simulate_file(document.path(), false, 2, ledger_format::json_lines);
    const run_output c1 = simulate_file(document.path(), false, 1, ledger_format::csv);
    const run_output c2 = simulate_file(jsonl.path(), true, 2, ledger_format::csv);

    RC_LOG() << count << " subscriptions, " << expected_rows << " rows\n";
    PROPS_ASSERT_SAME(l1.ledger, expected, "JSON Lines input, 1 thread vs sequential replay");
    PROPS_ASSERT_SAME(l2.ledger, l1.ledger, "JSON Lines input, 2 threads vs 1 thread");
    PROPS_ASSERT_SAME(l2again.ledger, l2.ledger, "JSON Lines input, 2 threads, run twice");
    PROPS_ASSERT_SAME(d1.ledger, l1.ledger, "single document vs JSON Lines, 1 thread");
    PROPS_ASSERT_SAME(d2.ledger, d1.ledger, "single document, 2 threads vs 1 thread");
    PROPS_ASSERT_SAME(c1.ledger, expected_csv, "CSV, single document, 1 thread");
    PROPS_ASSERT_SAME(c2.ledger, c1.ledger, "CSV, JSON Lines input, 2 threads");
    for (const run_output* r : {&l1, &l2, &l2again, &d1, &d2, &c1, &c2}) {
      RC_ASSERT(r->result.subscriptions == static_cast<std::int64_t>(count));
      RC_ASSERT(r->result.rows == expected_rows);
    }
  });
}

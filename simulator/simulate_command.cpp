// `prorata simulate SCENARIO`: replays billing cycles into a ledger
// (docs/simulator.md).
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <unistd.h>

#include "commands.hpp"
#include "sim/run.hpp"

namespace prorata::cli {
namespace {

constexpr const char* simulate_help = R"(
SCENARIO (one JSON object; docs/simulator.md has every field):

  {"until": "2026-10-01T00:00:00Z",        end of the window (exclusive)
   "policy": {},                            knob overrides, as for `prorata preview`
   "catalog": {"products": [...], "addons": [...], "discounts": [...]},
   "subscriptions": [
     {"subscription_id": "sub_1", "product_id": "prod_pro", "quantity": 1,
      "addons": [], "currency": "USD", "created_at": "2026-04-01T00:00:00Z",
      "trial_period_days": 0, "tax_rate": "0", "credit_balance": 0,
      "discount_codes": [], "meters": [],
      "events": [
        {"at": "2026-04-16T00:00:00Z", "type": "change_plan",
         "request": {"product_id": "prod_starter", "quantity": 1,
                     "proration_billing_mode": "prorated_immediately"}}]}]}

  Event types: change_plan {request (Dodo's change-plan body, plus
  on_payment_failure)}, cancel_at_next_billing_date {value: true|false},
  cancel, payment_fails, payment_method_updated, pause, resume,
  usage {meter_id, units: "250"}, one_time_charge {product_cart:
  [{product_id, quantity}], discount_codes}. Events may also sit in a
  top-level "events" array, each with its subscription_id.

  --jsonl: the first line is the header {"until", "policy", "catalog"} (or
  --header FILE), then one subscription object per line with its events.

LEDGER: one row per line (JSON) or per record (--format csv): at,
subscription_id, kind, currency, subtotal, tax, customer_credits,
settlement_amount, credit_change, outstanding, credit_balance, period_start,
period_end, product_id, quantity, status, webhooks, detail. Amounts are
integers in minor units.

EXIT CODES: 0 ok; 2 bad scenario (one line on stderr naming the file, the
line for JSON Lines, the JSON pointer and what was expected); 3 a file that
cannot be read or written; 1 internal error. A failed run leaves no ledger
file behind.)";

struct simulate_args {
  sim::run_options options;
  std::string format = "json";
  bool summary = false;
  bool quiet = false;
};

int run_simulate(const simulate_args& args) {
  sim::run_options o = args.options;
  o.format = args.format == "csv" ? sim::ledger_format::csv : sim::ledger_format::json_lines;
  o.summary = args.summary;
  o.progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;
  const std::string lower = o.input;
  if (!o.json_lines && (lower.ends_with(".jsonl") || lower.ends_with(".ndjson"))) {
    o.json_lines = true;
  }
  try {
    const sim::run_result r = sim::simulate(o);
    if (args.summary) {
      const std::string text = r.summary.to_text();
      std::FILE* to = o.output == "-" ? stderr : stdout;
      std::fputs(text.c_str(), to);
      std::fflush(to);
    }
    return exit_ok;
  } catch (const sim::scenario_error& e) {
    std::cerr << "prorata simulate: " << one_line(e.what()) << '\n';
    return exit_bad_input;
  } catch (const sim::io_error& e) {
    std::cerr << "prorata simulate: " << one_line(e.what()) << '\n';
    return exit_io;
  }
}

}  // namespace

command add_simulate_command(CLI::App& app) {
  auto args = std::make_shared<simulate_args>();
  CLI::App* sub = app.add_subcommand(
      "simulate", "Replay the billing cycles of a scenario's subscriptions into a ledger");
  sub->add_option("SCENARIO", args->options.input,
                  "the scenario file (.json, or .jsonl/.ndjson for JSON Lines); \"-\" or absent "
                  "reads stdin");
  sub->add_flag("--jsonl", args->options.json_lines,
                "the scenario is JSON Lines: a header line, then one subscription per line");
  sub->add_option("--header", args->options.header_path,
                  "JSON Lines: read the header {until, policy, catalog} from this file instead "
                  "of the first line");
  sub->add_option("-o,--output", args->options.output,
                  "the ledger file (written to a temporary name, renamed when complete); \"-\" "
                  "is stdout")
      ->capture_default_str();
  sub->add_option("--format", args->format, "ledger format")
      ->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  sub->add_option("--threads", args->options.threads,
                  "worker threads; 0 uses every hardware thread. The ledger is the same for "
                  "any count")
      ->check(CLI::Range(0u, 1024u))
      ->capture_default_str();
  sub->add_flag("--summary", args->summary,
                "print totals per currency and kind, and money collected per month (to stdout, "
                "or to stderr when the ledger goes to stdout)");
  sub->add_flag("-q,--quiet", args->quiet, "no progress line on stderr");
  sub->footer(simulate_help);
  return {sub, [args] { return run_simulate(*args); }};
}

}  // namespace prorata::cli

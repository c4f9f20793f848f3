// `prorata crosscheck SUBSCRIPTION_ID ...`: Dodo's live preview against the
// engine's, field by field (docs/crosscheck.md). Built only with libcurl.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prorata/dodo/input_error.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/policy_json.hpp>
#include <prorata/pricing/tax.hpp>

#include "commands.hpp"
#include "crosscheck/base_url.hpp"
#include "crosscheck/errors.hpp"
#include "crosscheck/http_client.hpp"
#include "crosscheck/report.hpp"
#include "crosscheck/run.hpp"
#include "crosscheck/store.hpp"

namespace prorata::cli {

namespace {

namespace xc = prorata::crosscheck;

constexpr const char* crosscheck_help = R"(
Reads GET /subscriptions/{id}, GET /products/{id} (current and target
products), GET /addons/{id} (each addon) and POST
/subscriptions/{id}/change-plan/preview for each request, computes the same
preview with the engine, and reports every difference with the policy knob
most likely behind it. It never calls an endpoint that changes anything.

  DODO_PAYMENTS_API_KEY=... prorata crosscheck sub_123 --environment test_mode \
      --product-id prod_pro --proration-billing-mode prorated_immediately
  prorata crosscheck sub_123 --requests changes.json --policy policy.json --json
  prorata crosscheck sub_123 --requests changes.json --calibrate --record rec/
  prorata crosscheck sub_123 --requests changes.json --replay rec/

Base URL: --environment, else DODO_PAYMENTS_BASE_URL, else test_mode. API key:
--api-key-file, else DODO_PAYMENTS_API_KEY (not needed with --replay).

EXIT CODES: 0 every field matches; 5 a difference; 4 Dodo's API failed (network,
timeout, HTTP error with Dodo's code and message, malformed answer, or a
missing recording); 2 bad input; 3 a file cannot be read or written;
1 internal error. See docs/crosscheck.md.)";

struct crosscheck_flags {
  std::string subscription_id;
  std::string product_id;
  std::int64_t quantity = 1;
  std::string mode;
  std::vector<std::string> addons;
  std::string effective_at;
  std::string requests_file;
  std::string environment;
  std::string api_key_file;
  std::string policy_file;
  std::string tax_rate = "auto";
  std::int64_t credit_balance = 0;
  double factor_tolerance = 1e-6;
  std::int64_t time_tolerance_s = 2;
  std::int64_t connect_timeout_ms = 10000;
  std::int64_t timeout_ms = 60000;
  int max_attempts = 3;
  std::int64_t backoff_ms = 500;
  std::int64_t max_backoff_ms = 8000;
  bool json = false;
  bool calibrate = false;
  std::string record_dir;
  std::string replay_dir;
};

std::string read_file(const std::string& path, const std::string& flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw xc::io_error(flag + " " + path + ": cannot open: " + std::strerror(errno));
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw xc::io_error(flag + " " + path + ": cannot read: " + std::strerror(errno));
  return text;
}

nlohmann::json parse_file(const std::string& path, const std::string& flag) {
  try {
    return prorata::dodo::parse_json(read_file(path, flag));
  } catch (const prorata::dodo::input_error& e) {
    throw xc::config_error(flag + " " + path + ": " + e.what());
  }
}

std::vector<nlohmann::json> requests_of(const crosscheck_flags& f) {
  if (!f.requests_file.empty()) {
    if (!f.product_id.empty()) {
      throw xc::config_error("give either --requests or --product-id, not both");
    }
    nlohmann::json j = parse_file(f.requests_file, "--requests");
    if (j.is_object()) return {j};
    if (!j.is_array()) {
      throw xc::config_error("--requests " + f.requests_file +
                             ": expected a JSON array of change-plan request bodies");
    }
    return {j.begin(), j.end()};
  }
  if (f.product_id.empty()) {
    throw xc::config_error("no change request: give --product-id or --requests");
  }
  if (f.mode.empty()) throw xc::config_error("--proration-billing-mode is required");
  nlohmann::json r;
  r["product_id"] = f.product_id;
  r["quantity"] = f.quantity;
  r["proration_billing_mode"] = f.mode;
  if (!f.addons.empty()) {
    r["addons"] = nlohmann::json::array();
    for (const std::string& a : f.addons) {
      const auto eq = a.find('=');
      std::int64_t qty = 0;
      try {
        if (eq == std::string::npos || eq == 0) throw std::invalid_argument(a);
        std::size_t used = 0;
        qty = std::stoll(a.substr(eq + 1), &used);
        if (used != a.size() - eq - 1) throw std::invalid_argument(a);
      } catch (const std::exception&) {
        throw xc::config_error("--addon \"" + a + "\": expected ID=QUANTITY, e.g. adn_seat=3");
      }
      r["addons"].push_back({{"addon_id", a.substr(0, eq)}, {"quantity", qty}});
    }
  }
  if (!f.effective_at.empty()) r["effective_at"] = f.effective_at;
  return {r};
}

std::string api_key_of(const crosscheck_flags& f) {
  std::string key;
  if (!f.api_key_file.empty()) {
    key = read_file(f.api_key_file, "--api-key-file");
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) {
      key.pop_back();
    }
  } else if (const char* env = std::getenv("DODO_PAYMENTS_API_KEY")) {
    key = env;
  }
  if (key.empty()) {
    throw xc::config_error("no API key: set DODO_PAYMENTS_API_KEY or pass --api-key-file");
  }
  return key;
}

std::string base_url_of(const crosscheck_flags& f) {
  if (!f.environment.empty()) return xc::environment_url(f.environment);
  if (const char* env = std::getenv("DODO_PAYMENTS_BASE_URL"); env && *env) return env;
  return xc::environment_url("test_mode");
}

int fail(const std::string& message, const std::string& secret, int code) {
  std::cerr << "prorata crosscheck: " << one_line(xc::redact(message, secret)) << '\n';
  return code;
}

int run_crosscheck_command(const crosscheck_flags& f) {
  std::string key;
  try {
    xc::run_options options;
    options.subscription_id = f.subscription_id;
    options.requests = requests_of(f);
    xc::validate_requests(options.requests);
    if (!f.policy_file.empty()) {
      try {
        options.engine.pol = prorata::dodo::read_policy(parse_file(f.policy_file, "--policy"), "");
      } catch (const prorata::dodo::input_error& e) {
        throw xc::config_error("--policy " + f.policy_file + ": " + e.what());
      }
    }
    if (f.tax_rate != "auto") {
      try {
        (void)prorata::tax_rate::parse(f.tax_rate);
      } catch (const prorata::error& e) {
        throw xc::config_error(std::string("--tax-rate: ") + e.what());
      }
      options.engine.tax_rate = f.tax_rate;
    }
    options.engine.credit_balance = f.credit_balance;
    options.compare.factor_tolerance = f.factor_tolerance;
    options.compare.time_tolerance = std::chrono::seconds(f.time_tolerance_s);
    options.calibrate = f.calibrate;

    std::unique_ptr<xc::transport> client;
    if (!f.replay_dir.empty()) {
      client = std::make_unique<xc::replay_transport>(f.replay_dir);
    } else {
      key = api_key_of(f);
      xc::client_options co;
      co.url = xc::parse_base_url(base_url_of(f));
      co.api_key = key;
      co.connect_timeout = std::chrono::milliseconds(f.connect_timeout_ms);
      co.total_timeout = std::chrono::milliseconds(f.timeout_ms);
      co.retry.max_attempts = f.max_attempts;
      co.retry.base_delay = std::chrono::milliseconds(f.backoff_ms);
      co.retry.max_delay = std::chrono::milliseconds(f.max_backoff_ms);
      co.note = [](const std::string& line) {
        std::cerr << "prorata crosscheck: " << one_line(line) << '\n';
      };
      client = std::make_unique<xc::http_client>(std::move(co));
    }
    std::unique_ptr<xc::transport> recorder;
    xc::transport* t = client.get();
    if (!f.record_dir.empty()) {
      recorder = std::make_unique<xc::recording_transport>(*client, f.record_dir, key);
      t = recorder.get();
    }
    const xc::run_result result = xc::run_crosscheck(*t, options);
    const std::string text =
        f.json ? xc::report_json(result).dump(2) + "\n" : xc::report_text(result);
    std::cout << xc::redact(text, key);
    std::cout.flush();
    if (!std::cout) return fail("cannot write the report", key, exit_io);
    return result.any_difference() ? exit_mismatch : exit_ok;
  } catch (const xc::config_error& e) {
    return fail(e.what(), key, exit_bad_input);
  } catch (const xc::io_error& e) {
    return fail(e.what(), key, exit_io);
  } catch (const xc::remote_error& e) {
    return fail(e.what(), key, exit_remote);
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what(), key, exit_internal);
  }
}

}  // namespace

command add_crosscheck_command(CLI::App& app) {
  auto f = std::make_shared<crosscheck_flags>();
  CLI::App* sub = app.add_subcommand(
      "crosscheck", "Compare Dodo's live change-plan preview with the engine's, field by field");
  sub->add_option("SUBSCRIPTION_ID", f->subscription_id, "the subscription to check")->required();
  sub->add_option("--product-id", f->product_id, "the new plan's product");
  sub->add_option("--quantity", f->quantity, "the new plan's quantity (default 1)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
  sub->add_option("--proration-billing-mode", f->mode,
                  "prorated_immediately | difference_immediately | full_immediately | do_not_bill");
  sub->add_option("--addon", f->addons, "ID=QUANTITY, repeatable; none: the field is omitted");
  sub->add_option("--effective-at", f->effective_at, "immediately | next_billing_date");
  sub->add_option("--requests", f->requests_file,
                  "a JSON array of change-plan request bodies (instead of the flags above)");
  sub->add_option("--environment", f->environment, "test_mode | live_mode");
  sub->add_option("--api-key-file", f->api_key_file,
                  "a file holding the API key (default: $DODO_PAYMENTS_API_KEY)");
  sub->add_option("--policy", f->policy_file, "a policy object, as in `prorata preview`");
  sub->add_option("--tax-rate", f->tax_rate,
                  "a decimal fraction (\"0.18\"), or auto: from Dodo's line tax_rate (default)");
  sub->add_option("--credit-balance", f->credit_balance,
                  "the subscription's credit in minor units (Dodo does not expose it; default 0)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--factor-tolerance", f->factor_tolerance,
                  "allowed proration_factor difference (default 1e-6)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--time-tolerance", f->time_tolerance_s,
                  "allowed difference of instants in seconds (default 2)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--connect-timeout", f->connect_timeout_ms, "milliseconds (default 10000)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--timeout", f->timeout_ms, "per attempt, milliseconds (default 60000)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--max-attempts", f->max_attempts, "attempts per request (default 3)")
      ->check(CLI::Range(1, 10));
  sub->add_option("--backoff", f->backoff_ms, "first retry backoff, milliseconds (default 500)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--max-backoff", f->max_backoff_ms, "backoff cap, milliseconds (default 8000)")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--json", f->json, "print the report as JSON");
  sub->add_flag("--calibrate", f->calibrate,
                "also try every value of the undocumented knobs and report which reproduce Dodo");
  sub->add_option("--record", f->record_dir, "save every answer under this directory");
  sub->add_option("--replay", f->replay_dir, "answer from a --record directory, offline");
  sub->footer(crosscheck_help);
  return {sub, [f] { return run_crosscheck_command(*f); }};
}

}  // namespace prorata::cli

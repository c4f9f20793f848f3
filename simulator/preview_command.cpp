// `prorata preview [FILE]`: the Dodo change-plan preview of one JSON input
// object (docs/preview.md, DESIGN.md section 6).
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/dodo.hpp>
#include <prorata/error.hpp>

#include "commands.hpp"

namespace prorata::cli {

namespace {

constexpr const char* preview_help = R"(
INPUT (one JSON object; unknown members of Dodo objects are ignored, so objects
fetched from the Dodo API can be pasted in unchanged):

  now            RFC 3339 instant of the change, within the current period.
                 "2026-04-16T00:00:00Z"
  subscription   Dodo's Subscription object:
    subscription_id, product_id        strings (required)
    quantity                           integer >= 1 (required)
    currency                           ISO 4217 code, Dodo's minor units (required)
    previous_billing_date, next_billing_date
                                       RFC 3339: the current period (required)
    payment_frequency_interval         "Day" | "Week" | "Month" | "Year" (required)
    payment_frequency_count            integer >= 1 (required)
    tax_inclusive                      boolean (required)
    status                             "active", "on_hold", ... (required)
    addons                             [{"addon_id": "adn_seat", "quantity": 3}]  (default [])
    trial_period_days, created_at      the trial: in it while the current period began
                                       before created_at + trial_period_days days
    on_demand, cancel_at_next_billing_date                          (default false)
    discounts      Dodo DiscountDetail list: {"code": "TEN", "type": "percentage",
                   "amount": 1000 (basis points; a "flat" one deducts its
                   catalog discount's currency_options max_amount_possible),
                   "cycles_remaining": 3 (null: forever),
                   "preserve_on_plan_change": true}                   (default [])
    scheduled_change   null or {"product_id", "quantity", "addons",
                   "effective_at", "created_at"}                      (default null)
    trial_amount   per-unit paid-trial amount, minor units (Dodo)     (default null)
    recurring_pre_tax_amount   what a cycle was last charged, minor units: the
                   old plan's credit basis (policy old_plan_credit)   (default null)
    meters         [{"meter_id", "name", "measurement_unit", "free_threshold",
                   "price_per_unit": "50" (decimal string, minor units; null: no
                   price, usage costs 0)}]; usage is billed at a change  (default [])
    every other field (customer, billing, metadata, ...) passes through to new_plan
    prorata        prorata's own members (top-level spellings: deprecated, still read):
      credit_balance  the subscription's credit, minor units          (default 0)
      billing_anchor  RFC 3339 boundary 0 of the schedule (default previous_billing_date)
      in_trial        overrides the trial rule                        (default: the rule)
      units_consumed  {"mtr_api": "250"}: usage so far per meter      (default "0")
      scheduled_change_discounts  the scheduled change's discounts    (default [])
  catalog
    products       Dodo Product objects: {"product_id": "prod_pro", "name": "Pro",
                   "price": {"type": "recurring_price", "price": 8000,
                   "currency": "USD", "payment_frequency_interval": "Month",
                   "payment_frequency_count": 1, "tax_inclusive": false}};
                   also "usage_based_price" (fixed_price, meters) and
                   "one_time_price" (price); "pricing_mode": "by_currency" with
                   prorata's "localized_prices": [{"currency": "EUR", "amount": 999}]
    addons         Dodo Addon objects: {"id": "adn_seat", "name": "Seat",
                   "price": 1000, "currency": "USD", "tax_category": "saas"}
    discounts      Dodo Discount objects: {"code": "TEN", "type": "percentage",
                   "amount": 1000, "subscription_cycles": 3,
                   "preserve_on_plan_change": false}; optional currency_options
                   [{"currency": "USD", "is_default": true, "minimum_subtotal": 0,
                   "max_amount_possible": 500}] (a flat deduction or a percentage
                   cap), restricted_to, starts_at, expires_at, usage_limit,
                   times_used (checked when a code is redeemed)
  request        Dodo's UpdateSubscriptionPlanReq:
    product_id, quantity (>= 1)        (required)
    proration_billing_mode             "prorated_immediately" | "difference_immediately"
                                       | "full_immediately" | "do_not_bill" (required)
    addons                             the new plan's addons; absent or null removes
                                       them unless policy omitted_addons_remove=false
    effective_at                       "immediately" (default) | "next_billing_date"
    discount_codes                     null keeps preserved discounts, [] removes all,
                                       a list replaces them (at most 20)
    cancel_scheduled_change_plan       boolean (default false)
    adaptive_currency_fees_inclusive   boolean or null; on_payment_failure, metadata,
                                       collect_via_payment_link: checked, no effect
  tax_rate       decimal STRING fraction: "0.18" is 18 %; every line's rate and the
                 fallback of tax_rates                             (default "0")
  tax_rates      rates per tax_category: {"saas": "0.18", "e_book": "0.05"}; without
                 tax_rate, a line of an unlisted category is an error
  fx_rates       prorata: {"EUR/USD": "1.0842"} (1 EUR = 1.0842 USD, decimal
                 strings) for prices in another currency             (default {})
  settlement_currency  prorata: the merchant's currency for settlement_amount
                 and settlement_tax, with a rate in fx_rates (default: the subscription's)
  policy         knob overrides on a preset (default "dodo_upgrade_guide"; an
                 unknown knob is an error):
    preset "dodo_upgrade_guide" (alias "dodo_documented")|"dodo_subscriptions_page"
    | time_basis "seconds"|"days" | time_zone "UTC"
    | partial_day "whole_days_only"|"count_started_day"|"exact_fraction"
    | rounding "half_even"|"half_away_from_zero"|"half_toward_zero"|"toward_zero"
      |"away_from_zero"|"floor"|"ceiling"
    | reset_cycle_on_prorated, reset_cycle_on_difference (booleans)
    | credits_offset "post_tax"|"pre_tax" | top_up_to_minimum (boolean)
    | minimum_charge {"USD": 50, ...} (replaces the entries given)
    | discounts "before_proration"|"after_proration"
    | allow_three_decimal_currencies, scheduled_change_requires_full_immediately,
      omitted_addons_remove, bill_usage_at_change (booleans)
    | reset_prorated_charge "new_cycle"|"old_period_remainder"
    | old_plan_credit "last_charged"|"catalog"
    | adaptive_currency_fee_bps 400 | adaptive_currency_fees_inclusive (boolean)

EXAMPLE (examples/preview-upgrade.json: Basic $30 -> Pro $80 halfway through a
30-day month, prorated: 25.00 USD due now):

  {"now": "2026-04-16T00:00:00Z",
   "subscription": {"subscription_id": "sub_example", "product_id": "prod_basic",
     "quantity": 1, "currency": "USD", "previous_billing_date": "2026-04-01T00:00:00Z",
     "next_billing_date": "2026-05-01T00:00:00Z", "payment_frequency_interval": "Month",
     "payment_frequency_count": 1, "tax_inclusive": false, "status": "active"},
   "catalog": {"products": [
     {"product_id": "prod_basic", "name": "Basic", "price": {"type": "recurring_price",
      "price": 3000, "currency": "USD", "payment_frequency_interval": "Month",
      "payment_frequency_count": 1}},
     {"product_id": "prod_pro", "name": "Pro", "price": {"type": "recurring_price",
      "price": 8000, "currency": "USD", "payment_frequency_interval": "Month",
      "payment_frequency_count": 1}}]},
   "request": {"product_id": "prod_pro", "quantity": 1,
     "proration_billing_mode": "prorated_immediately"},
   "tax_rate": "0", "policy": {}}

OUTPUT: Dodo's SubscriptionPreviewChangePlanResponse, {"immediate_charge":
{"effective_at", "line_items", "summary"}, "new_plan"}, amounts in minor units;
each line and the summary carry a "prorata" object (exact signed amounts and the
exact factor "num/den") that Dodo does not send; new_plan is the whole input
Subscription after the change, prorata's members under its "prorata". See
docs/preview.md.

LIMITS (docs/reliability.md): input at most 16 MiB; arrays and objects nested at
most 64 deep; each member name at most once per object; ids at most 256 bytes;
at most 100 addons, discounts or meters per subscription or request; at most
10000 products, addons or discounts in the catalog. Beyond them: exit 2.

EXIT CODES: 0 ok; 2 bad input, malformed JSON or a change Dodo would refuse
(one line on stderr: "prorata preview: <file>: <json pointer>: found <what>,
expected <what>" or "...: refused: <DODO_CODE>: <message>"; nothing on stdout);
3 the input cannot be read or the output cannot be written; 1 internal error.)";

int report(const std::string& source, const std::string& message, int code) {
  std::cerr << "prorata preview: " << source << ": " << one_line(message) << '\n';
  return code;
}

/// Reads all of `path` ("-": stdin) into `out`, at most `max` bytes; false with
/// the reason in `why` (errno text, or "larger than the limit").
bool read_all(const std::string& path, std::string& out, std::string& why, std::size_t max) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      why = "cannot open: " + std::string(std::strerror(errno));
      return false;
    }
    in = &file;
  }
  char buffer[65536];
  while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
    out.append(buffer, static_cast<std::size_t>(in->gcount()));
    if (out.size() > max) {
      why = "input larger than " + std::to_string(max) + " bytes (" + std::to_string(max >> 20) +
            " MiB), the limit for one preview input";
      return false;
    }
  }
  // std::cin reads through stdin (synced with stdio): a read error there,
  // such as EISDIR for `< DIRECTORY`, shows as ferror(stdin), not badbit.
  if (in->bad() || (path == "-" && std::ferror(stdin) != 0)) {
    why = "cannot read: " + std::string(std::strerror(errno));
    return false;
  }
  return true;
}

/// The limits on array sizes (docs/reliability.md, "Limits"), checked before
/// the readers build anything from the arrays.
void check_preview_limits(const nlohmann::json& doc) {
  namespace lim = prorata::dodo::limits;
  using prorata::dodo::check_member_count;
  if (!doc.is_object()) return;
  if (const auto s = doc.find("subscription"); s != doc.end()) {
    check_member_count(*s, "/subscription", "addons", lim::max_line_items, "addons");
    check_member_count(*s, "/subscription", "discounts", lim::max_line_items, "discounts");
    check_member_count(*s, "/subscription", "meters", lim::max_line_items, "meters");
    if (const auto c = s->is_object() ? s->find("scheduled_change") : s->end(); c != s->end()) {
      check_member_count(*c, "/subscription/scheduled_change", "addons", lim::max_line_items,
                         "addons");
    }
  }
  if (const auto r = doc.find("request"); r != doc.end()) {
    check_member_count(*r, "/request", "addons", lim::max_line_items, "addons");
  }
  if (const auto c = doc.find("catalog"); c != doc.end()) {
    for (const char* key : {"products", "addons", "discounts"}) {
      check_member_count(*c, "/catalog", key, lim::max_catalog_entries, key);
    }
  }
}

int run_preview(const std::string& path) {
  const std::string source = path == "-" ? "stdin" : path;
  std::string text;
  std::string why;
  errno = 0;
  const bool too_large = !read_all(path, text, why, prorata::dodo::limits::max_input_bytes) &&
                         text.size() > prorata::dodo::limits::max_input_bytes;
  if (too_large) return report(source, why, exit_bad_input);
  if (!why.empty()) return report(source, why, exit_io);
  std::string output;
  try {
    const nlohmann::json doc = prorata::dodo::parse_json(text);
    check_preview_limits(doc);
    const prorata::dodo::preview_input input = prorata::dodo::read_preview_input(doc);
    output = prorata::dodo::preview_to_text(prorata::dodo::preview(input), input);
  } catch (const prorata::dodo::input_error& e) {
    return report(source, e.what(), exit_bad_input);
  } catch (const prorata::refusal& e) {
    return report(source, std::string("refused: ") + e.what(), exit_bad_input);
  } catch (const prorata::rfc3339_range_error& e) {
    // A boundary computed from valid inputs (now + an interval) after 9999.
    return report(source,
                  std::string("/now: found a preview that reaches an instant outside the years "
                              "0000..9999 (") +
                      e.what() + "), expected one whose billing dates RFC 3339 can write",
                  exit_bad_input);
  } catch (const prorata::error& e) {
    return report(source, e.what(), exit_bad_input);
  } catch (const std::exception& e) {
    return report(source, std::string("internal error: ") + e.what(), exit_internal);
  }
  std::cout << output;
  std::cout.flush();
  if (!std::cout) return report(source, "cannot write the output", exit_io);
  return exit_ok;
}

}  // namespace

command add_preview_command(CLI::App& app) {
  auto file = std::make_shared<std::string>("-");
  CLI::App* sub = app.add_subcommand(
      "preview",
      "Print the Dodo change-plan preview (POST /subscriptions/{id}/change-plan/preview) "
      "of one JSON input object");
  sub->add_option("FILE", *file, "the input JSON file; \"-\" or absent reads stdin");
  sub->footer(preview_help);
  return {sub, [file] { return run_preview(*file); }};
}

}  // namespace prorata::cli

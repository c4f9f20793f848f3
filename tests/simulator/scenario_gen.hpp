#pragma once
// RapidCheck generators of `prorata simulate` scenarios as JSON: a catalog of
// USD products (monthly, quarterly, yearly, fortnightly) and addons with
// random prices, a policy with random knobs, and subscriptions with random
// creation instants (month ends included), trials, credit, tax rates,
// discounts, meters and events of every kind in time order. Call these inside
// a property (they draw with operator*).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include <prorata/calendar.hpp>
#include <prorata/money.hpp>

namespace prorata_test::scenario_gen {

/// A catalog product as the generator knows it (the JSON carries the rest).
struct product_info {
  std::string id;
  prorata::billing_interval interval;
  std::string unit;  ///< "Day" | "Week" | "Month" | "Year"
  std::int64_t count = 1;
};

/// The products every generated catalog holds (prices vary).
inline const std::vector<product_info>& products() {
  using prorata::interval_unit;
  static const std::vector<product_info> list{
      {"basic_m", prorata::billing_interval{interval_unit::month, 1}, "Month", 1},
      {"pro_m", prorata::billing_interval{interval_unit::month, 1}, "Month", 1},
      {"quarter_m3", prorata::billing_interval{interval_unit::month, 3}, "Month", 3},
      {"team_y", prorata::billing_interval{interval_unit::year, 1}, "Year", 1},
      {"lite_y", prorata::billing_interval{interval_unit::year, 1}, "Year", 1},
      {"fortnight_w2", prorata::billing_interval{interval_unit::week, 2}, "Week", 2},
  };
  return list;
}

inline const product_info& product_named(std::string_view id) {
  for (const product_info& p : products()) {
    if (p.id == id) return p;
  }
  return products().front();
}

inline constexpr std::string_view addon_ids[] = {"seat", "storage"};
inline constexpr std::string_view discount_codes[] = {"SAVE10", "FLAT5", "HALF"};

/// True with probability in / of (not scaled by the size; shrinks to false).
inline bool chance(std::size_t in, std::size_t of) {
  return *rc::gen::weightedElement<bool>({{of - in, false}, {in, true}});
}

/// An index in [0, n), uniform whatever the size (shrinks to 0).
inline std::size_t pick(std::size_t n) {
  std::vector<std::size_t> indices(n);
  for (std::size_t i = 0; i < n; ++i) indices[i] = i;
  return *rc::gen::elementOf(indices);
}

/// Which events a subscription may get.
enum class event_mix {
  /// Every kind, including requests Dodo refuses.
  any,
  /// Nothing that moves the billing schedule: no trial, pause, resume,
  /// failed payment (hold), immediate full_immediately change, interval
  /// change or cycle reset (the header must come from any_header(true)).
  schedule_preserving,
};

/// A price in minor units: often zero or below the gateway minimum.
inline std::int64_t any_price() {
  switch (pick(6)) {
    case 0:
      return 0;
    case 1:
      return *rc::gen::inRange<std::int64_t>(1, 60);
    case 2:
      return *rc::gen::inRange<std::int64_t>(60, 5'000);
    default:
      return *rc::gen::inRange<std::int64_t>(5'000, 2'000'000);
  }
}

/// A subscription price: any_price(), raised to Dodo's $1.00 minimum when
/// it lies between 0 and $1.00 (the catalog reader refuses those).
inline std::int64_t any_product_price() {
  const std::int64_t p = any_price();
  return p > 0 && p < 100 ? 100 : p;
}

inline nlohmann::json any_catalog() {
  nlohmann::json products_json = nlohmann::json::array();
  for (const product_info& p : products()) {
    products_json.push_back({{"product_id", p.id},
                             {"name", p.id},
                             {"price",
                              {{"type", "recurring_price"},
                               {"price", any_product_price()},
                               {"currency", "USD"},
                               {"payment_frequency_interval", p.unit},
                               {"payment_frequency_count", p.count},
                               {"tax_inclusive", chance(1, 4)}}}});
  }
  nlohmann::json addons = nlohmann::json::array();
  for (const std::string_view a : addon_ids) {
    addons.push_back({{"id", a}, {"name", a}, {"price", any_price()}, {"currency", "USD"}});
  }
  nlohmann::json discounts = nlohmann::json::array();
  discounts.push_back({{"code", "SAVE10"},
                       {"type", "percentage"},
                       {"amount", *rc::gen::inRange(0, 10'001)},
                       {"subscription_cycles", *rc::gen::inRange(1, 4)},
                       {"preserve_on_plan_change", *rc::gen::arbitrary<bool>()}});
  discounts.push_back({{"code", "FLAT5"},
                       {"type", "flat"},
                       {"amount", 0},  // basis points; the deduction is the USD option
                       {"currency_options",
                        {{{"currency", "USD"},
                          {"is_default", true},
                          {"minimum_subtotal", 0},
                          {"max_amount_possible", *rc::gen::inRange(1, 3'000)}}}},
                       {"preserve_on_plan_change", *rc::gen::arbitrary<bool>()}});
  discounts.push_back({{"code", "HALF"}, {"type", "percentage"}, {"amount", 5000}});
  return {{"products", products_json}, {"addons", addons}, {"discounts", discounts}};
}

/// Policy knob overrides; cycle resets are off when `schedule_preserving`.
inline nlohmann::json any_policy(bool schedule_preserving) {
  nlohmann::json p = nlohmann::json::object();
  const auto maybe = [] { return chance(1, 3); };
  if (maybe()) {
    p["rounding"] = std::string(
        prorata::to_string(prorata::all_rounding_modes[pick(prorata::all_rounding_modes.size())]));
  }
  if (maybe()) p["time_basis"] = *rc::gen::element<std::string>("seconds", "days");
  if (maybe()) p["credits_offset"] = *rc::gen::element<std::string>("post_tax", "pre_tax");
  if (maybe()) p["top_up_to_minimum"] = *rc::gen::arbitrary<bool>();
  if (maybe()) {
    p["discounts"] = *rc::gen::element<std::string>("before_proration", "after_proration");
  }
  if (maybe()) p["bill_usage_at_change"] = *rc::gen::arbitrary<bool>();
  if (maybe()) p["omitted_addons_remove"] = *rc::gen::arbitrary<bool>();
  if (maybe()) p["scheduled_change_requires_full_immediately"] = *rc::gen::arbitrary<bool>();
  if (!schedule_preserving) {
    if (maybe()) p["reset_cycle_on_prorated"] = *rc::gen::arbitrary<bool>();
    if (maybe()) p["reset_cycle_on_difference"] = *rc::gen::arbitrary<bool>();
    if (maybe()) {
      p["reset_prorated_charge"] =
          *rc::gen::element<std::string>("new_cycle", "old_period_remainder");
    }
  }
  if (maybe()) p["old_plan_credit"] = *rc::gen::element<std::string>("last_charged", "catalog");
  if (maybe()) {
    p["preset"] = schedule_preserving ? std::string("dodo_upgrade_guide")
                                      : *rc::gen::element<std::string>("dodo_upgrade_guide",
                                                                       "dodo_subscriptions_page");
  }
  return p;
}

/// A creation instant in 2024..2026, often on a 29th..31st (month ends clamp).
inline prorata::instant any_creation_instant() {
  const int y = 2024 + static_cast<int>(pick(3));
  const unsigned m = 1 + static_cast<unsigned>(pick(12));
  const unsigned d = *rc::gen::element(1u, 15u, 28u, 29u, 30u, 31u, *rc::gen::inRange(1u, 32u));
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) ymd = date::year_month_day{date::year{y} / date::month{m} / date::last};
  const std::int64_t second_of_day =
      *rc::gen::element<std::int64_t>(0, *rc::gen::inRange<std::int64_t>(0, 86'400));
  return date::sys_days{ymd} + std::chrono::seconds{second_of_day};
}

/// An addon list: empty or a subset of the catalog's addons.
inline nlohmann::json any_addons() {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string_view a : addon_ids) {
    if (chance(1, 3)) {
      out.push_back({{"addon_id", a}, {"quantity", *rc::gen::inRange(1, 4)}});
    }
  }
  return out;
}

inline nlohmann::json any_codes() {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string_view c : discount_codes) {
    if (chance(1, 4)) out.push_back(c);
  }
  return out;
}

inline std::string any_units() {
  const std::int64_t whole = *rc::gen::inRange<std::int64_t>(0, 5'000);
  if (*rc::gen::arbitrary<bool>()) return std::to_string(whole);
  return std::to_string(whole) + "." + std::to_string(*rc::gen::inRange(0, 100));
}

/// A change-plan request from a subscription on `current`.
inline nlohmann::json any_change_request(const product_info& current, event_mix mix) {
  nlohmann::json r;
  if (mix == event_mix::schedule_preserving) {
    std::vector<std::string> same;
    for (const product_info& p : products()) {
      if (p.interval == current.interval) same.push_back(p.id);
    }
    r["product_id"] = *rc::gen::elementOf(same);
    r["proration_billing_mode"] = *rc::gen::element<std::string>(
        "prorated_immediately", "difference_immediately", "do_not_bill", "full_immediately");
    // full_immediately restarts the cycle now; scheduled it waits for the boundary.
    if (r["proration_billing_mode"] == "full_immediately" || chance(1, 4)) {
      r["proration_billing_mode"] = "full_immediately";
      r["effective_at"] = "next_billing_date";
    }
  } else {
    std::vector<std::string> ids;
    for (const product_info& p : products()) ids.push_back(p.id);
    // now and then a product Dodo does not know: refused with NOT_FOUND
    r["product_id"] = *rc::gen::weightedElement<std::string>(
        {{20, *rc::gen::elementOf(ids)}, {1, std::string("prod_missing")}});
    r["proration_billing_mode"] = *rc::gen::element<std::string>(
        "prorated_immediately", "difference_immediately", "full_immediately", "do_not_bill");
    switch (pick(4)) {
      case 0:
        r["effective_at"] = "immediately";
        break;
      case 1:  // mostly the mode Dodo accepts for a scheduled change
        r["effective_at"] = "next_billing_date";
        if (!chance(1, 4)) r["proration_billing_mode"] = "full_immediately";
        break;
      default:
        break;
    }
    if (chance(1, 4)) {
      r["on_payment_failure"] = *rc::gen::element<std::string>("apply_change", "prevent_change");
    }
    if (chance(1, 6)) r["cancel_scheduled_change_plan"] = true;
  }
  r["quantity"] = *rc::gen::inRange(1, 6);
  if (!chance(1, 5)) r["addons"] = any_addons();
  if (chance(1, 4)) r["discount_codes"] = any_codes();
  return r;
}

/// Event instants in [created, until), sorted; some on the schedule's
/// boundaries or at creation exactly.
inline std::vector<prorata::instant> any_event_instants(prorata::instant created,
                                                        prorata::instant until,
                                                        const product_info& product,
                                                        std::size_t count) {
  const std::int64_t span = (until - created).count();
  const prorata::schedule cycle{created, product.interval};
  std::vector<prorata::instant> out;
  for (std::size_t i = 0; i < count; ++i) {
    prorata::instant at = created + std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, span)};
    switch (pick(8)) {
      case 0: {  // on a boundary of the initial schedule
        const prorata::instant b = cycle.boundary(*rc::gen::inRange<std::int64_t>(1, 30));
        if (b < until) at = b;
        break;
      }
      case 1:
        at = created;
        break;
      default:
        break;
    }
    out.push_back(at);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline nlohmann::json any_event(prorata::instant at, const product_info& product,
                                const nlohmann::json& meters, event_mix mix) {
  nlohmann::json e{{"at", prorata::format_rfc3339(at)}};
  std::vector<std::pair<std::size_t, std::string>> weights;
  if (mix == event_mix::schedule_preserving) {
    weights = {{4, "change_plan"},     {1, "cancel_at_next_billing_date"},
               {1, "cancel"},          {4, "usage"},
               {2, "one_time_charge"}, {1, "payment_method_updated"}};
  } else {
    weights = {{4, "change_plan"},
               {1, "cancel_at_next_billing_date"},
               {1, "cancel"},
               {3, "payment_fails"},
               {3, "payment_method_updated"},
               {2, "pause"},
               {2, "resume"},
               {4, "usage"},
               {2, "one_time_charge"}};
  }
  if (meters.empty()) {
    weights.erase(std::remove_if(weights.begin(), weights.end(),
                                 [](const auto& w) { return w.second == "usage"; }),
                  weights.end());
  }
  std::size_t total = 0;
  for (const auto& w : weights) total += w.first;
  std::size_t draw = *rc::gen::elementOf([&] {
    std::vector<std::size_t> all(total);
    for (std::size_t i = 0; i < total; ++i) all[i] = i;
    return all;
  }());
  std::string type;
  for (const auto& w : weights) {
    if (draw < w.first) {
      type = w.second;
      break;
    }
    draw -= w.first;
  }
  e["type"] = type;
  if (type == "change_plan") {
    e["request"] = any_change_request(product, mix);
  } else if (type == "cancel_at_next_billing_date") {
    e["value"] = !chance(1, 3);
  } else if (type == "usage") {
    e["meter_id"] = meters[pick(meters.size())]["meter_id"];
    e["units"] = any_units();
  } else if (type == "one_time_charge") {
    nlohmann::json cart = nlohmann::json::array();
    const int lines = *rc::gen::inRange(1, 3);
    for (int i = 0; i < lines; ++i) {
      cart.push_back({{"product_id", products()[pick(products().size())].id},
                      {"quantity", *rc::gen::inRange(1, 4)}});
    }
    e["product_cart"] = cart;
    if (chance(1, 3)) e["discount_codes"] = any_codes();
  }
  return e;
}

/// One subscription created at `created`, with events before `until`.
inline nlohmann::json any_subscription(const std::string& id, prorata::instant created,
                                       prorata::instant until, event_mix mix,
                                       std::size_t max_events = 14) {
  const product_info& product = products()[pick(products().size())];
  nlohmann::json s{{"subscription_id", id},
                   {"product_id", product.id},
                   {"quantity", *rc::gen::inRange(1, 6)},
                   {"currency", "USD"},
                   {"created_at", prorata::format_rfc3339(created)},
                   {"tax_rate", *rc::gen::element<std::string>("0", "0.0825", "0.2")}};
  if (*rc::gen::arbitrary<bool>()) s["addons"] = any_addons();
  if (mix == event_mix::any && chance(1, 4)) {
    s["trial_period_days"] = *rc::gen::inRange(1, 45);
  }
  if (chance(2, 5)) {
    s["credit_balance"] = *rc::gen::inRange<std::int64_t>(0, 200'000);
  }
  if (chance(1, 3)) s["discount_codes"] = any_codes();
  nlohmann::json meters = nlohmann::json::array();
  if (*rc::gen::arbitrary<bool>()) {
    meters.push_back({{"meter_id", "api_calls"},
                      {"name", "API calls"},
                      {"free_threshold", *rc::gen::inRange(0, 1'000)},
                      {"price_per_unit", *rc::gen::element<std::string>("0.5", "2", "15", "0")}});
    if (*rc::gen::arbitrary<bool>()) {
      meters.push_back({{"meter_id", "storage_gb"},
                        {"name", "Storage GB"},
                        {"free_threshold", 0},
                        {"price_per_unit", *rc::gen::element<std::string>("7", "120")},
                        {"units_consumed", any_units()}});
    }
    s["meters"] = meters;
  }
  const std::size_t count = *rc::gen::inRange<std::size_t>(0, max_events + 1);
  // A pause is mostly followed by a resume, a failed payment by a new
  // payment method, at a later instant: holds and pauses end now and then.
  std::vector<std::pair<prorata::instant, nlohmann::json>> timed;
  for (const prorata::instant at : any_event_instants(created, until, product, count)) {
    nlohmann::json e = any_event(at, product, meters, mix);
    const auto later = [&](const char* type) {
      const prorata::instant then =
          at + std::chrono::seconds{*rc::gen::inRange<std::int64_t>(0, (until - at).count())};
      timed.emplace_back(then,
                         nlohmann::json{{"at", prorata::format_rfc3339(then)}, {"type", type}});
    };
    if (e["type"] == "pause" && chance(4, 5)) later("resume");
    if (e["type"] == "payment_fails" && chance(3, 4)) later("payment_method_updated");
    timed.emplace_back(at, std::move(e));
  }
  std::stable_sort(timed.begin(), timed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  nlohmann::json events = nlohmann::json::array();
  for (auto& [at, e] : timed) events.push_back(std::move(e));
  s["events"] = events;
  return s;
}

/// The header's members (until, policy, catalog).
inline nlohmann::json any_header(prorata::instant until, bool schedule_preserving) {
  return {{"until", prorata::format_rfc3339(until)},
          {"policy", any_policy(schedule_preserving)},
          {"catalog", any_catalog()}};
}

/// A single-document scenario with one subscription, created at a random
/// instant and replayed for 1 to 1200 days.
inline nlohmann::json any_single_scenario(event_mix mix) {
  const prorata::instant created = any_creation_instant();
  const std::int64_t days = *rc::gen::element<std::int64_t>(
      *rc::gen::inRange<std::int64_t>(1, 120), *rc::gen::inRange<std::int64_t>(1, 1200));
  const prorata::instant until =
      created + std::chrono::seconds{days * 86'400 + *rc::gen::inRange<std::int64_t>(0, 86'400)};
  nlohmann::json doc = any_header(until, mix == event_mix::schedule_preserving);
  doc["subscriptions"] = nlohmann::json::array({any_subscription("sub_gen", created, until, mix)});
  return doc;
}

}  // namespace prorata_test::scenario_gen

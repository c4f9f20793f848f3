#include "scenario_json.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include <prorata/dodo.hpp>

namespace prorata::sim {
namespace {

using dodo::check_count;
using dodo::check_member_count;
using dodo::fail;
namespace lim = dodo::limits;
using dodo::json_object;
using dodo::pointer_append;

std::vector<std::string> read_codes(const json_object& obj, std::string_view key) {
  std::vector<std::string> out;
  if (const nlohmann::json* codes = obj.array_or_null(key, "an array of discount codes")) {
    check_count(*codes, obj.at(key), lim::max_line_items, "discount codes");
    for (std::size_t i = 0; i < codes->size(); ++i) {
      out.push_back(dodo::read_id((*codes)[i], pointer_append(obj.at(key), i)));
    }
  }
  return out;
}

decimal read_units(const json_object& obj) {
  const std::string expected = "a decimal string of units >= 0, such as \"250\"";
  const decimal units =
      dodo::read_decimal_string(obj.required("units", expected), obj.at("units"), expected);
  if (units.coefficient < 0) fail(obj.at("units"), obj.json()["units"], expected);
  return units;
}

std::vector<cart_entry> read_cart(const json_object& obj) {
  const std::string expected = "a non-empty array of {\"product_id\", \"quantity\"}";
  const nlohmann::json& items = obj.array("product_cart", expected);
  if (items.empty()) fail(obj.at("product_cart"), items, expected);
  check_count(items, obj.at("product_cart"), lim::max_line_items, "cart entries");
  std::vector<cart_entry> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json_object item(items[i], pointer_append(obj.at("product_cart"), i),
                           "an object {\"product_id\", \"quantity\"}");
    out.push_back({item.id("product_id"), item.integer_or("quantity", 1, 1)});
  }
  return out;
}

event read_event(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer, "an event object {\"at\", \"type\", ...}");
  event e;
  e.pointer = pointer;
  e.at = obj.timestamp("at");
  const auto& types = event_type_names;
  e.kind =
      static_cast<event_kind>(obj.choice("type", {types[0], types[1], types[2], types[3], types[4],
                                                  types[5], types[6], types[7], types[8]}));
  switch (e.kind) {
    case event_kind::change_plan: {
      const json_object req = obj.object("request");
      check_member_count(req.json(), req.pointer(), "addons", lim::max_line_items, "addons");
      e.request = dodo::read_change_request(req.json(), req.pointer());
      if (const nlohmann::json* f = req.find("on_payment_failure")) {
        const std::size_t choice =
            dodo::read_choice(*f, req.at("on_payment_failure"),
                              {on_payment_failure_names[0], on_payment_failure_names[1]});
        e.failure =
            choice == 0 ? on_payment_failure::apply_change : on_payment_failure::prevent_change;
      }
      break;
    }
    case event_kind::cancel_at_next_billing_date:
      e.value = obj.boolean_or("value", true);
      break;
    case event_kind::usage:
      e.meter_id = obj.id("meter_id");
      e.units = read_units(obj);
      break;
    case event_kind::one_time_charge:
      e.cart = read_cart(obj);
      e.discount_codes = read_codes(obj, "discount_codes");
      break;
    default:
      break;
  }
  return e;
}

/// Each flat catalog code in `codes` needs a deduction in the billing currency.
/// `pointer` names the list and is built only on failure.
template <class Pointer>
void check_flat_codes(const std::vector<std::string>& codes, Pointer&& pointer,
                      const subscription_spec& s, const scenario_header& h) {
  for (std::size_t k = 0; k < codes.size(); ++k) {
    for (const discount& d : h.catalog.discounts) {
      const discount_currency_option* o = d.option_for(s.billing_currency);
      if (d.code == codes[k] && d.type == discount_type::flat && !(o && o->max_amount_possible)) {
        dodo::require_flat_deduction(d, s.billing_currency, pointer_append(pointer(), k));
      }
    }
  }
}

std::string window_text(const subscription_spec& s, const scenario_header& h) {
  return "an instant from created_at " + format_rfc3339(s.created_at) + " to before until " +
         format_rfc3339(h.until);
}

}  // namespace

/// Events must lie in [created_at, until) and not go back in time; flat
/// discount codes need a deduction in the billing currency. The
/// messages are built only on failure: the fast reader runs this per line.
void check_events(const subscription_spec& s, const scenario_header& h) {
  check_flat_codes(
      s.discount_codes, [&] { return s.pointer + "/discount_codes"; }, s, h);
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const event& e = s.events[i];
    check_flat_codes(
        e.discount_codes, [&] { return e.pointer + "/discount_codes"; }, s, h);
    if (e.request.discount_codes) {
      check_flat_codes(
          *e.request.discount_codes, [&] { return e.pointer + "/request/discount_codes"; }, s, h);
    }
    if (e.at < s.created_at || e.at >= h.until) {
      fail(e.pointer + "/at", format_rfc3339(e.at), window_text(s, h));
    }
    if (i > 0 && e.at < s.events[i - 1].at) {
      fail(e.pointer + "/at", format_rfc3339(e.at),
           "an instant at or after the previous event's " + format_rfc3339(s.events[i - 1].at) +
               " (" + s.events[i - 1].pointer + "): events must be in time order");
    }
    if (e.kind == event_kind::usage &&
        std::none_of(s.meters.begin(), s.meters.end(),
                     [&](const meter_usage& m) { return m.meter_id == e.meter_id; })) {
      fail(e.pointer + "/meter_id", nlohmann::json(e.meter_id),
           "the meter_id of one of the subscription's meters");
    }
  }
}

scenario_header read_header(const nlohmann::json& value, const std::string& pointer) {
  const json_object obj(value, pointer, "an object with until, policy, catalog");
  if (const nlohmann::json* c = obj.find("catalog")) {
    for (const char* key : {"products", "addons", "discounts"}) {
      check_member_count(*c, obj.at("catalog"), key, lim::max_catalog_entries, key);
    }
  }
  scenario_header h;
  h.until = obj.timestamp("until");
  if (const nlohmann::json* p = obj.find("policy"))
    h.policy = dodo::read_policy(*p, obj.at("policy"));
  h.catalog = dodo::read_catalog(obj.required("catalog", "an object"), obj.at("catalog"));
  return h;
}

subscription_spec read_subscription_spec(const nlohmann::json& value, const std::string& pointer,
                                         const scenario_header& header, const std::string& source) {
  const json_object obj(value, pointer,
                        "a subscription object {\"subscription_id\", \"product_id\", ...}");
  subscription_spec s;
  s.pointer = pointer;
  s.source = source;
  s.subscription_id = obj.id("subscription_id");
  s.product_id = obj.id("product_id");
  s.quantity = obj.integer_or("quantity", 1, 1);
  if (const nlohmann::json* a = obj.array_or_null("addons")) {
    check_count(*a, obj.at("addons"), lim::max_line_items, "addons");
    s.addons = dodo::read_addon_lines(*a, obj.at("addons"));
  }
  s.billing_currency = obj.currency_code("currency");
  s.created_at = obj.timestamp("created_at");
  if (s.created_at >= header.until) {
    fail(obj.at("created_at"), value["created_at"],
         "an instant before until " + format_rfc3339(header.until));
  }
  if (const nlohmann::json* t = obj.find("trial_period_days")) {
    s.trial_period_days =
        dodo::read_integer(*t, obj.at("trial_period_days"), 0, max_trial_period_days);
  }
  if (const nlohmann::json* t = obj.find("tax_rate")) {
    s.rate = dodo::read_tax_rate(*t, obj.at("tax_rate"));
  }
  s.credit_balance = obj.integer_or("credit_balance", 0);
  s.discount_codes = read_codes(obj, "discount_codes");
  check_member_count(value, pointer, "meters", lim::max_line_items, "meters");
  if (const nlohmann::json* m = obj.find("meters"))
    s.meters = dodo::read_meters(*m, obj.at("meters"));
  if (const nlohmann::json* events = obj.array_or_null("events", "an array of events")) {
    check_count(*events, obj.at("events"), lim::max_events, "events");
    s.events.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
      s.events.push_back(read_event((*events)[i], pointer_append(obj.at("events"), i)));
    }
  }
  check_events(s, header);
  return s;
}

scenario read_scenario(const nlohmann::json& value, const std::string& source) {
  scenario out;
  out.header = read_header(value, "");
  const json_object obj(value, "");
  const nlohmann::json& subs = obj.array("subscriptions", "an array of subscriptions");
  std::map<std::string, std::size_t, std::less<>> index;
  out.subscriptions.reserve(subs.size());
  for (std::size_t i = 0; i < subs.size(); ++i) {
    const std::string pointer = pointer_append("/subscriptions", i);
    out.subscriptions.push_back(read_subscription_spec(subs[i], pointer, out.header, source));
    const std::string& id = out.subscriptions.back().subscription_id;
    if (!index.emplace(id, i).second) {
      fail(pointer + "/subscription_id", nlohmann::json(id),
           "an id not used by an earlier subscription");
    }
  }
  const nlohmann::json* events = obj.array_or_null("events", "an array of events");
  if (!events) return out;
  std::vector<bool> touched(out.subscriptions.size(), false);
  for (std::size_t i = 0; i < events->size(); ++i) {
    const std::string pointer = pointer_append("/events", i);
    const json_object e((*events)[i], pointer,
                        "an event object {\"subscription_id\", \"at\", \"type\"}");
    const std::string id = e.id("subscription_id");
    const auto it = index.find(id);
    if (it == index.end()) {
      fail(e.at("subscription_id"), nlohmann::json(id),
           "the id of a subscription in /subscriptions");
    }
    std::vector<event>& list = out.subscriptions[it->second].events;
    if (list.size() >= lim::max_events) {
      fail(e.at("subscription_id"), nlohmann::json(id),
           "a subscription with fewer than " + std::to_string(lim::max_events) +
               " events (a limit): this is its event number " + std::to_string(list.size() + 1));
    }
    event ev = read_event((*events)[i], pointer);
    if (touched[it->second] && ev.at < list.back().at) {
      fail(pointer + "/at", nlohmann::json(format_rfc3339(ev.at)),
           "an instant at or after " + format_rfc3339(list.back().at) + " (" + list.back().pointer +
               ", the previous event of \"" + id + "\"): events must be in time order");
    }
    list.push_back(std::move(ev));
    touched[it->second] = true;
  }
  for (std::size_t i = 0; i < out.subscriptions.size(); ++i) {
    if (!touched[i]) continue;
    subscription_spec& s = out.subscriptions[i];
    // A subscription's own events come first among events at the same instant.
    std::stable_sort(s.events.begin(), s.events.end(),
                     [](const event& a, const event& b) { return a.at < b.at; });
    check_events(s, out.header);
  }
  return out;
}

}  // namespace prorata::sim

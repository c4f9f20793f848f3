#include "crosscheck/run.hpp"

#include <set>

#include <prorata/billing/refusal.hpp>
#include <prorata/dodo/change_request_json.hpp>
#include <prorata/dodo/input_error.hpp>
#include <prorata/dodo/preview_json.hpp>
#include <prorata/error.hpp>

#include "crosscheck/dodo_api.hpp"
#include "crosscheck/errors.hpp"

namespace prorata::crosscheck {

namespace {

using nlohmann::json;

std::string string_at(const json& j, const char* key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void collect_addon_ids(const json& holder, std::set<std::string>& ids) {
  if (!holder.is_object()) return;
  const auto it = holder.find("addons");
  if (it == holder.end() || !it->is_array()) return;
  for (const json& a : *it) {
    if (const std::string id = string_at(a, "addon_id"); !id.empty()) ids.insert(id);
  }
}

/// The object Dodo returned must describe what was asked for.
void expect_id(const json& object, const char* key, const std::string& id, const endpoint& e) {
  if (string_at(object, key) != id) {
    throw remote_error(remote_failure::malformed,
                       describe(e) + ": the answer's \"" + key + "\" is not \"" + id + "\"");
  }
}

}  // namespace

bool run_result::any_difference() const {
  for (const request_result& r : results) {
    if (!r.differences.empty()) return true;
  }
  return false;
}

void validate_requests(const std::vector<json>& requests) {
  if (requests.empty()) throw config_error("no change request (give --product-id or --requests)");
  for (std::size_t i = 0; i < requests.size(); ++i) {
    try {
      (void)dodo::read_change_request(requests[i], "/" + std::to_string(i));
    } catch (const dodo::input_error& e) {
      throw config_error("change request " + std::to_string(i + 1) + ": " + e.what());
    }
  }
}

run_result run_crosscheck(transport& t, const run_options& options) {
  validate_requests(options.requests);
  run_result result;
  result.subscription_id = options.subscription_id;

  fetched_objects objects;
  const endpoint sub_endpoint{endpoint_kind::get_subscription, options.subscription_id};
  objects.subscription = call_api(t, sub_endpoint).body;
  expect_id(objects.subscription, "subscription_id", options.subscription_id, sub_endpoint);

  std::set<std::string> product_ids;
  std::set<std::string> addon_ids;
  if (const std::string p = string_at(objects.subscription, "product_id"); !p.empty()) {
    product_ids.insert(p);
  }
  collect_addon_ids(objects.subscription, addon_ids);
  if (const auto sc = objects.subscription.find("scheduled_change");
      sc != objects.subscription.end() && sc->is_object()) {
    if (const std::string p = string_at(*sc, "product_id"); !p.empty()) product_ids.insert(p);
    collect_addon_ids(*sc, addon_ids);
  }
  for (const json& r : options.requests) {
    product_ids.insert(string_at(r, "product_id"));
    collect_addon_ids(r, addon_ids);
  }
  for (const std::string& id : product_ids) {
    const endpoint e{endpoint_kind::get_product, id};
    objects.products[id] = call_api(t, e).body;
    expect_id(objects.products[id], "product_id", id, e);
  }
  for (const std::string& id : addon_ids) {
    const endpoint e{endpoint_kind::get_addon, id};
    objects.addons[id] = call_api(t, e).body;
    expect_id(objects.addons[id], "id", id, e);
  }

  std::vector<calibration_case> cases;
  for (std::size_t i = 0; i < options.requests.size(); ++i) {
    const json& body = options.requests[i];
    request_result rr;
    rr.request = body;
    api_answer answer =
        call_api(t, {endpoint_kind::preview_change_plan, options.subscription_id}, body.dump());
    rr.dodo_preview = std::move(answer.body);
    rr.now = choose_now(body, rr.dodo_preview, answer.response);
    rr.tax_rate = options.engine.tax_rate ? chosen_tax_rate{*options.engine.tax_rate, "--tax-rate"}
                                          : derive_tax_rate(rr.dodo_preview);
    dodo::preview_input in;
    try {
      in = make_engine_input(objects, body, rr.now.at, rr.tax_rate.rate, options.engine);
    } catch (const dodo::input_error& e) {
      throw config_error("request " + std::to_string(i + 1) +
                         ": the engine cannot read Dodo's objects: " + e.what());
    }
    try {
      rr.engine_preview = json::parse(dodo::preview_to_json(dodo::preview(in), in).dump());
      rr.differences = compare_previews(rr.dodo_preview, *rr.engine_preview, options.compare);
    } catch (const refusal& e) {
      rr.engine_refusal = e.what();
    } catch (const prorata::error& e) {
      rr.engine_refusal = e.what();
    }
    if (!rr.engine_preview) {
      rr.differences.push_back(
          {"immediate_charge", "(a preview)", "refused: " + rr.engine_refusal,
           "scheduled_change_requires_full_immediately, "
           "allow_three_decimal_currencies, or a rule prorata does not model"});
    }
    if (options.calibrate) cases.push_back({std::move(in), rr.dodo_preview});
    result.results.push_back(std::move(rr));
  }
  if (options.calibrate) result.calibration = calibrate(cases, options.engine.pol, options.compare);
  return result;
}

}  // namespace prorata::crosscheck

#pragma once
// One cross-check: fetch the subscription, its products and addons, ask
// Dodo's preview for each request, run the engine on the same objects,
// compare, and (with calibrate) sweep the undocumented knobs.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include <prorata/calendar/instant.hpp>

#include "crosscheck/calibrate.hpp"
#include "crosscheck/compare.hpp"
#include "crosscheck/engine_input.hpp"
#include "crosscheck/transport.hpp"

namespace prorata::crosscheck {

struct run_options {
  std::string subscription_id;
  std::vector<nlohmann::json> requests;  ///< Dodo change-plan bodies (UpdateSubscriptionPlanReq)
  engine_settings engine;
  compare_options compare;
  bool calibrate = false;
};

/// One request's outcome.
struct request_result {
  nlohmann::json request;
  nlohmann::json dodo_preview;
  std::optional<nlohmann::json> engine_preview;  ///< nullopt: the engine refused
  std::string engine_refusal;                    ///< "CODE: message" when it refused
  chosen_tax_rate tax_rate;
  chosen_now now;
  std::vector<difference> differences;
};

struct run_result {
  std::string subscription_id;
  std::vector<request_result> results;
  std::optional<calibration_result> calibration;
  [[nodiscard]] bool any_difference() const;
};

/// Checks every request body with the engine's change-request reader.
/// Throws config_error naming the request and the JSON pointer.
void validate_requests(const std::vector<nlohmann::json>& requests);

/// Runs the cross-check through `t`. Throws remote_error (exit 4),
/// config_error when the engine cannot read Dodo's objects (exit 2).
[[nodiscard]] run_result run_crosscheck(transport& t, const run_options& options);

}  // namespace prorata::crosscheck

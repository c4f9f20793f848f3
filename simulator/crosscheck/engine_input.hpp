#pragma once
// The engine's side of a cross-check: Dodo's fetched objects -> the same
// preview_input `prorata preview` reads, plus the two things Dodo's objects
// do not carry (the subscription's credit balance, the tax rate) and the
// instant of the change.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include <prorata/billing/policy.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/dodo/preview_input.hpp>

#include "crosscheck/transport.hpp"

namespace prorata::crosscheck {

/// What GET /subscriptions, /products and /addons returned.
struct fetched_objects {
  nlohmann::json subscription;
  std::map<std::string, nlohmann::json> products;  ///< by product_id
  std::map<std::string, nlohmann::json> addons;    ///< by addon id
};

/// How the engine is run.
struct engine_settings {
  policy pol = dodo_documented();
  std::optional<std::string>
      tax_rate;                     ///< a decimal fraction; nullopt derives it from Dodo's lines
  std::int64_t credit_balance = 0;  ///< minor units: Dodo's Subscription has no such field
};

/// The rate and where it came from ("--tax-rate", "Dodo's line tax_rate (percent)", ...).
struct chosen_tax_rate {
  std::string rate;  ///< a decimal fraction string, "0.18"
  std::string source;
};

/// The tax rate of Dodo's preview: the first subscription or addon line's
/// non-zero `tax_rate` (a binary64 number whose unit is undocumented: fraction,
/// percent or basis points, whichever reproduces the line's `tax` best; when
/// the line has no tax to check against, <= 1 is a fraction, <= 100 a
/// percent, else basis points), as a decimal string of at most 10 places.
/// "0" when no line carries a rate.
[[nodiscard]] chosen_tax_rate derive_tax_rate(const nlohmann::json& dodo_preview);

/// The instant the engine prices the change at, and its source.
struct chosen_now {
  instant at{};
  std::string source;
};

/// Dodo's immediate_charge.effective_at for an immediate change (the instant
/// Dodo itself used, truncated to the second), else the answer's Date
/// header, else the local clock when the request was sent.
[[nodiscard]] chosen_now choose_now(const nlohmann::json& request,
                                    const nlohmann::json& dodo_preview,
                                    const http_response& answer);

/// The input object `prorata preview` would read (DESIGN.md section 6) made
/// of the fetched objects, with credit_balance added to the subscription and
/// meters without a price left out. The policy member is left empty.
[[nodiscard]] nlohmann::json engine_input_json(const fetched_objects& objects,
                                               const nlohmann::json& request, instant now,
                                               const std::string& tax_rate,
                                               std::int64_t credit_balance);

/// engine_input_json read into a preview_input with `pol`. Throws
/// dodo::input_error when the engine cannot read Dodo's objects.
[[nodiscard]] dodo::preview_input make_engine_input(const fetched_objects& objects,
                                                    const nlohmann::json& request, instant now,
                                                    const std::string& tax_rate,
                                                    const engine_settings& settings);

}  // namespace prorata::crosscheck

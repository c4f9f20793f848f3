#pragma once
// Dodo's answers as JSON: a 2xx body must be a JSON object; anything else is
// a remote_error carrying Dodo's error code and message when the body has
// them, in either of the two documented shapes.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "crosscheck/transport.hpp"

namespace prorata::crosscheck {

/// Dodo's error body: {"code": "...", "message": "..."} (error-codes page)
/// or {"error": {"code", "message", "details"}} (upgrade guide).
struct dodo_error {
  std::string code;     ///< "" when the body has none
  std::string message;  ///< "" when the body has none
};

/// Reads either error shape; empty fields for any other body.
[[nodiscard]] dodo_error parse_dodo_error(std::string_view body);

/// A 2xx answer and its parsed JSON object.
struct api_answer {
  nlohmann::json body;
  http_response response;
};

/// Sends `e` through `t` and returns the parsed object of a 2xx answer.
/// Throws remote_error: http for any other status (with Dodo's code and
/// message), malformed for a body that is not a JSON object.
[[nodiscard]] api_answer call_api(transport& t, const endpoint& e, const std::string& body = {});

}  // namespace prorata::crosscheck

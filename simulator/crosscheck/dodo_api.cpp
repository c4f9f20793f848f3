#include "crosscheck/dodo_api.hpp"

#include <utility>

#include "crosscheck/errors.hpp"
#include "crosscheck/json_text.hpp"

namespace prorata::crosscheck {

namespace {

std::string string_member(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// At most 200 characters of a body for a message, on one line.
std::string excerpt(std::string_view body) {
  std::string out(body.substr(0, 200));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (body.size() > 200) out += "...";
  return out;
}

}  // namespace

dodo_error parse_dodo_error(std::string_view body) {
  const nlohmann::json j = parse_or_discarded(body);
  if (!j.is_object()) return {};
  if (const auto it = j.find("error"); it != j.end() && it->is_object()) {
    return {string_member(*it, "code"), string_member(*it, "message")};
  }
  return {string_member(j, "code"), string_member(j, "message")};
}

api_answer call_api(transport& t, const endpoint& e, const std::string& body) {
  http_response r = t.exchange(e, body);
  const std::string what = describe(e);
  if (r.status < 200 || r.status > 299) {
    const dodo_error err = parse_dodo_error(r.body);
    std::string text = what + ": HTTP " + std::to_string(r.status);
    if (!err.code.empty()) text += " " + err.code;
    if (!err.message.empty()) text += ": " + err.message;
    if (err.code.empty() && err.message.empty() && !r.body.empty()) {
      text += ": " + excerpt(r.body);
    }
    if (r.attempts > 1) text += " (after " + std::to_string(r.attempts) + " attempts)";
    throw remote_error(remote_failure::http, text, r.status, err.code, err.message);
  }
  nlohmann::json j = parse_or_discarded(r.body);
  if (j.is_discarded() || !j.is_object()) {
    throw remote_error(remote_failure::malformed,
                       what + ": HTTP " + std::to_string(r.status) +
                           " with a body that is not a JSON object: " + excerpt(r.body),
                       r.status);
  }
  return {std::move(j), std::move(r)};
}

}  // namespace prorata::crosscheck

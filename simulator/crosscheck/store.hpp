#pragma once
// --record DIR and --replay DIR. One file per request, named after the
// endpoint, the id and (for previews) a hash of the request body, holding
// the final answer: status, the kept headers, the body text and the local
// time it was sent. The API key is redacted from everything written, and
// request headers are never written at all.

#include <filesystem>
#include <string>

#include "crosscheck/transport.hpp"

namespace prorata::crosscheck {

/// "get_product-prod_pro.json", "preview_change_plan-sub_1-<16 hex>.json".
[[nodiscard]] std::string recording_name(const endpoint& e, const std::string& body);

/// Passes every request to `inner` and saves each answer under `dir`
/// (created if missing; each file written to a temporary name, then renamed).
class recording_transport final : public transport {
 public:
  recording_transport(transport& inner, std::filesystem::path dir, std::string secret);
  http_response exchange(const endpoint& e, const std::string& body) override;

 private:
  transport& inner_;
  std::filesystem::path dir_;
  std::string secret_;
};

/// Answers from the files a recording_transport wrote; a request with no
/// recording throws remote_error (replay).
class replay_transport final : public transport {
 public:
  explicit replay_transport(std::filesystem::path dir);
  http_response exchange(const endpoint& e, const std::string& body) override;

 private:
  std::filesystem::path dir_;
};

}  // namespace prorata::crosscheck

#pragma once
// The libcurl client: one of the four read-only endpoints per call, TLS
// verified, bounded timeouts, bounded retries with backoff and jitter,
// Retry-After honoured. The API key goes into one header and nowhere else.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "crosscheck/base_url.hpp"
#include "crosscheck/retry.hpp"
#include "crosscheck/transport.hpp"

namespace prorata::crosscheck {

struct client_options {
  base_url url;
  std::string api_key;  ///< sent as "Authorization: Bearer <key>"; never logged
  milliseconds connect_timeout{10000};
  milliseconds total_timeout{60000};  ///< per attempt
  retry_policy retry;
  /// Waits between attempts (default: std::this_thread::sleep_for).
  std::function<void(milliseconds)> sleep;
  /// The jitter source (default: std::random_device seeded generator).
  std::function<std::uint64_t()> random;
  /// One line per retry, already redacted (default: none).
  std::function<void(const std::string&)> note;
};

class http_client final : public transport {
 public:
  /// Throws config_error for an empty key or one that is not a printable
  /// ASCII token (it must fit in one header line).
  explicit http_client(client_options options);

  /// The only way to send anything: an endpoint value, never a path.
  http_response exchange(const endpoint& e, const std::string& body) override;

 private:
  client_options options_;
};

}  // namespace prorata::crosscheck

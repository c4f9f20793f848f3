#pragma once
// When to try a request again and how long to wait: pure functions over the
// outcome of one attempt, with the random draw and the clock passed in, so
// the tests can check every branch without sleeping.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace prorata::crosscheck {

using std::chrono::milliseconds;

struct retry_policy {
  int max_attempts = 3;                 ///< attempts in all, the first included (>= 1)
  milliseconds base_delay{500};         ///< backoff before attempt 2; doubles each time
  milliseconds max_delay{8000};         ///< cap of the exponential backoff
  milliseconds max_retry_after{60000};  ///< a longer Retry-After ends the retries
};

/// What one attempt produced, as far as retrying is concerned.
struct attempt_outcome {
  bool network_error = false;                 ///< no HTTP answer (reset, refused, timeout, DNS)
  long status = 0;                            ///< the HTTP status when there was an answer
  std::optional<std::string> retry_after;     ///< the Retry-After header (seconds or HTTP date)
  std::optional<std::string> retry_after_ms;  ///< the retry-after-ms header (Dodo's SDKs)
};

/// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT": Retry-After, Date), else nullopt.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_http_date(
    const std::string& text);

/// Network errors, 429 and 5xx. Never other 4xx: they are reported at once.
[[nodiscard]] bool is_retryable(const attempt_outcome& o) noexcept;

/// The server's requested wait: retry-after-ms (milliseconds) first, then
/// Retry-After as delta-seconds or an HTTP date relative to `now`. A value
/// that does not parse, or is negative, is ignored (nullopt); a past date is 0.
[[nodiscard]] std::optional<milliseconds> requested_delay(
    const attempt_outcome& o, std::chrono::system_clock::time_point now);

/// Exponential backoff with full jitter before attempt `next_attempt` (2, 3,
/// ...): a delay in [cap/2, cap], cap = min(max_delay, base_delay *
/// 2^(next_attempt-2)); `random` is any uniformly drawn 64-bit value.
[[nodiscard]] milliseconds backoff_delay(int next_attempt, const retry_policy& policy,
                                         std::uint64_t random) noexcept;

/// The wait before another attempt after `attempts_done` attempts ended in
/// `o`, or nullopt to give up: not retryable, attempts exhausted, or a
/// requested delay above policy.max_retry_after. A requested delay wins over
/// the backoff.
[[nodiscard]] std::optional<milliseconds> next_delay(const attempt_outcome& o, int attempts_done,
                                                     const retry_policy& policy,
                                                     std::uint64_t random,
                                                     std::chrono::system_clock::time_point now);

}  // namespace prorata::crosscheck

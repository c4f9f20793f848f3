#pragma once
// One answer per request, whoever produces it: the libcurl client, a
// recorder around it (--record), or a directory of recordings (--replay).

#include <array>
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "crosscheck/endpoint.hpp"

namespace prorata::crosscheck {

/// The response headers kept (lower-case); nothing else is stored, so a
/// recording cannot contain a header the adapter did not choose to keep.
inline constexpr std::array<std::string_view, 5> kept_headers{"content-type", "date", "retry-after",
                                                              "retry-after-ms", "x-request-id"};

/// An HTTP answer, whatever its status.
struct http_response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;       ///< kept_headers only
  std::chrono::system_clock::time_point sent_at{};  ///< local clock when the answered attempt began
  int attempts = 1;                                 ///< attempts it took
};

class transport {
 public:
  transport() = default;
  transport(const transport&) = delete;
  transport& operator=(const transport&) = delete;
  virtual ~transport() = default;

  /// Sends `e` (with `body` for the POST) and returns the final answer, any
  /// status. Throws remote_error when there was no answer at all.
  virtual http_response exchange(const endpoint& e, const std::string& body) = 0;
};

}  // namespace prorata::crosscheck

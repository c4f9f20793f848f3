#pragma once
// Where the API is: --environment or DODO_PAYMENTS_BASE_URL. https always
// (with TLS verification, which cannot be turned off); plain http only for
// a loopback host, which is what the tests' fake server is.

#include <string>
#include <string_view>

namespace prorata::crosscheck {

struct base_url {
  std::string scheme;  ///< "https" or "http" (loopback only)
  std::string host;    ///< "test.dodopayments.com", "127.0.0.1", "[::1]"
  std::string port;    ///< "" for the scheme's default
  std::string prefix;  ///< path before the endpoint paths, "" or "/v1" (no trailing '/')

  /// scheme://host[:port][prefix]
  [[nodiscard]] std::string text() const;
};

/// "test_mode" -> https://test.dodopayments.com, "live_mode" ->
/// https://live.dodopayments.com; anything else throws config_error.
[[nodiscard]] std::string environment_url(std::string_view environment);

/// True for 127.0.0.0/8, "localhost" and "[::1]".
[[nodiscard]] bool is_loopback_host(std::string_view host) noexcept;

/// Parses and checks a base URL. Throws config_error for a scheme other
/// than https (http is allowed for loopback hosts only), user info, a query
/// or fragment, or a malformed host or port.
[[nodiscard]] base_url parse_base_url(std::string_view text);

}  // namespace prorata::crosscheck

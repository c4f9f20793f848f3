#include "crosscheck/base_url.hpp"

#include <cctype>

#include "crosscheck/errors.hpp"

namespace prorata::crosscheck {

namespace {

[[noreturn]] void bad_url(std::string_view text, const std::string& why) {
  throw config_error("base URL \"" + std::string(text) + "\": " + why);
}

bool all_digits(std::string_view s) noexcept {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

bool is_ipv4_loopback(std::string_view host) noexcept {
  if (host.substr(0, 4) != "127.") return false;
  int parts = 0;
  std::size_t start = 0;
  while (start <= host.size()) {
    const std::size_t dot = host.find('.', start);
    const std::string_view part =
        host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!all_digits(part) || part.size() > 3) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

std::string base_url::text() const {
  return scheme + "://" + host + (port.empty() ? "" : ":" + port) + prefix;
}

std::string environment_url(std::string_view environment) {
  if (environment == "test_mode") return "https://test.dodopayments.com";
  if (environment == "live_mode") return "https://live.dodopayments.com";
  throw config_error("--environment \"" + std::string(environment) +
                     "\": expected test_mode or live_mode");
}

bool is_loopback_host(std::string_view host) noexcept {
  return host == "localhost" || host == "[::1]" || is_ipv4_loopback(host);
}

base_url parse_base_url(std::string_view text) {
  base_url url;
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos) bad_url(text, "expected https://host");
  std::string scheme(text.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view rest = text.substr(colon + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) bad_url(text, "a query or fragment");
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (authority.find('@') != std::string_view::npos) {
    bad_url(text, "user info is not allowed (pass the key with DODO_PAYMENTS_API_KEY)");
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) bad_url(text, "an unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') bad_url(text, "a malformed port");
      port = after.substr(1);
    }
  } else if (const std::size_t c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty()) bad_url(text, "no host");
  for (const char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':')) {
      bad_url(text, "a malformed host");
    }
  }
  if (!port.empty() && (!all_digits(port) || port.size() > 5)) bad_url(text, "a malformed port");
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')) {
      bad_url(text, "a malformed path");
    }
  }
  std::string lower_host(host);
  for (char& c : lower_host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "http") {
    if (!is_loopback_host(lower_host)) {
      bad_url(text,
              "plain http is allowed only for a loopback host (127.0.0.1, localhost); "
              "use https");
    }
  } else if (scheme != "https") {
    bad_url(text, "the scheme must be https");
  }
  url.scheme = scheme;
  url.host = lower_host;
  url.port = std::string(port);
  url.prefix = std::string(path);
  return url;
}

}  // namespace prorata::crosscheck

#include "crosscheck/endpoint.hpp"

#include <array>
#include <cstddef>

#include "crosscheck/errors.hpp"

namespace prorata::crosscheck {

namespace {

bool is_unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/// One encoded id segment: unreserved characters and %XX only, not empty,
/// and not "." or ".." (which a server could resolve as a relative path).
bool is_encoded_segment(std::string_view s) noexcept {
  if (s.empty() || s == "." || s == "..") return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      if (!is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
    } else if (!is_unreserved(s[i])) {
      return false;
    }
  }
  return true;
}

struct shape {
  endpoint_kind kind;
  std::string_view method;
  std::string_view prefix;
  std::string_view suffix;
};

constexpr std::array<shape, 4> shapes{{
    {endpoint_kind::get_subscription, "GET", "/subscriptions/", ""},
    {endpoint_kind::get_product, "GET", "/products/", ""},
    {endpoint_kind::get_addon, "GET", "/addons/", ""},
    {endpoint_kind::preview_change_plan, "POST", "/subscriptions/", "/change-plan/preview"},
}};

const shape& shape_of(endpoint_kind kind) noexcept {
  for (const shape& s : shapes) {
    if (s.kind == kind) return s;
  }
  return shapes[0];
}

}  // namespace

std::string_view to_string(endpoint_kind kind) noexcept {
  switch (kind) {
    case endpoint_kind::get_subscription:
      return "get_subscription";
    case endpoint_kind::get_product:
      return "get_product";
    case endpoint_kind::get_addon:
      return "get_addon";
    case endpoint_kind::preview_change_plan:
      return "preview_change_plan";
  }
  return "unknown";
}

std::string_view method_of(endpoint_kind kind) noexcept { return shape_of(kind).method; }

std::string percent_encode(std::string_view id) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : id) {
    if (is_unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += digits[byte >> 4U];
      out += digits[byte & 0xFU];
    }
  }
  return out;
}

std::string path_of(const endpoint& e) {
  if (e.id.empty()) {
    throw config_error("an empty id for " + std::string(to_string(e.kind)));
  }
  std::string encoded = percent_encode(e.id);
  // "." and ".." are unreserved but would be read as relative segments.
  if (encoded == ".") encoded = "%2E";
  if (encoded == "..") encoded = "%2E%2E";
  const shape& s = shape_of(e.kind);
  return std::string(s.prefix) + encoded + std::string(s.suffix);
}

bool is_read_only_request(std::string_view method, std::string_view path) noexcept {
  for (const shape& s : shapes) {
    if (method != s.method) continue;
    if (path.size() <= s.prefix.size() + s.suffix.size()) continue;
    if (path.substr(0, s.prefix.size()) != s.prefix) continue;
    if (path.substr(path.size() - s.suffix.size()) != s.suffix) continue;
    const std::string_view id =
        path.substr(s.prefix.size(), path.size() - s.prefix.size() - s.suffix.size());
    if (is_encoded_segment(id)) return true;
  }
  return false;
}

std::string describe(const endpoint& e) {
  return std::string(method_of(e.kind)) + " " + path_of(e);
}

}  // namespace prorata::crosscheck

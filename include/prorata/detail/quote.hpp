#pragma once
// internal: include <prorata/prorata.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace prorata::detail {

/// Quotes user input for an error message: escapes control and non-ASCII
/// bytes and cuts very long input (a 10 MB string stays a short message).
[[nodiscard]] inline std::string quote(std::string_view text, std::size_t max_chars = 64) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\"";
  const std::size_t shown = text.size() > max_chars ? max_chars : text.size();
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (shown < text.size()) {
    out += "... (" + std::to_string(text.size()) + " bytes)";
  }
  return out;
}

}  // namespace prorata::detail

#pragma once
// Parses a JSON text from Dodo or a recording without exceptions. nlohmann's
// lexer stops at a NUL byte as if the input ended there, so a text holding a
// raw NUL (never valid JSON) is discarded instead of read up to it.

#include <nlohmann/json.hpp>
#include <string_view>

namespace prorata::crosscheck {

[[nodiscard]] inline nlohmann::json parse_or_discarded(std::string_view text) {
  if (text.find('\0') != std::string_view::npos)
    return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

}  // namespace prorata::crosscheck

#pragma once
// internal: include <prorata/prorata.hpp>

#include <string>
#include <string_view>

#include <prorata/error.hpp>

namespace prorata::detail {

// Throwing happens out of line, so the hot arithmetic around it stays small
// enough to inline.

template <class Error>
[[noreturn, gnu::cold, gnu::noinline]] void raise(std::string_view a, std::string_view b = {},
                                                  std::string_view c = {},
                                                  std::string_view d = {}) {
  std::string message;
  message.reserve(a.size() + b.size() + c.size() + d.size());
  message.append(a).append(b).append(c).append(d);
  throw Error(message);
}

}  // namespace prorata::detail

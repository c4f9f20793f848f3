#pragma once
// Shared helpers for the pricing tests.

#include <cstdint>
#include <string>

#include <prorata/money/currency.hpp>
#include <prorata/money/money.hpp>

namespace pricing_test {

inline const prorata::currency& usd() {
  static const prorata::currency c = prorata::currency::from_code("USD");
  return c;
}

/// US cents.
inline prorata::money cents(std::int64_t minor) { return prorata::money::from_minor(minor, usd()); }

/// The message of the `Error` that `f` throws, or a marker that cannot match
/// any expected text when it throws nothing (a wrong type escapes to doctest).
template <class Error, class F>
std::string thrown_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<nothing thrown>";
}

/// True when `text` contains `part`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace pricing_test

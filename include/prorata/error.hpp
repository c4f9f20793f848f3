#pragma once

#include <stdexcept>
#include <string>

namespace prorata {

/// Base of every exception prorata throws. Messages start with the function
/// or input that failed and quote the offending value.
class error : public std::runtime_error {
 public:
  /// A NUL byte in the message (from an id that holds "\u0000") is written
  /// \x00: what() is a C string and would end there.
  explicit error(const std::string& what) : std::runtime_error(without_nul(what)) {}
  explicit error(const char* what) : std::runtime_error(what) {}

 private:
  static std::string without_nul(const std::string& text) {
    if (text.find('\0') == std::string::npos) return text;
    std::string out;
    for (const char c : text) {
      if (c == '\0') {
        out += "\\x00";
      } else {
        out += c;
      }
    }
    return out;
  }
};

/// A result or an intermediate that cannot be represented in the requested
/// type. prorata never wraps; it throws this instead.
class overflow_error : public error {
 public:
  using error::error;
};

/// A currency code that is not in the ISO 4217 table.
class unknown_currency : public error {
 public:
  using error::error;
};

/// Arithmetic or comparison between amounts of different currencies.
class currency_mismatch : public error {
 public:
  using error::error;
};

/// Text that does not have the expected form (decimal, amount, timestamp...).
class parse_error : public error {
 public:
  using error::error;
};

/// A value with more precision than the target allows and no rounding mode
/// to say how to drop it.
class inexact_error : public error {
 public:
  using error::error;
};

/// An argument outside a function's domain (zero denominator, negative
/// weights, an instant before an anchor...).
class invalid_argument : public error {
 public:
  using error::error;
};

}  // namespace prorata

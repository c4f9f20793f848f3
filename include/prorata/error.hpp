#pragma once

#include <stdexcept>

namespace prorata {

/// Base of every exception prorata throws. Messages start with the function
/// or input that failed and quote the offending value.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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

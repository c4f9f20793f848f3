#pragma once
// internal: include <prorata/prorata.hpp>

#include <string>
#include <string_view>

#include <prorata/detail/int128.hpp>
#include <prorata/detail/raise.hpp>
#include <prorata/error.hpp>

namespace prorata::detail {

// Machine integers use the compiler's overflow builtins; big_int cannot overflow.

template <class T>
[[nodiscard]] T checked_add(const T& a, const T& b, std::string_view what) {
  if constexpr (is_machine_int<T>) {
    T out{};
    if (__builtin_add_overflow(a, b, &out)) [[unlikely]] {
      [](T x, T y, std::string_view w) [[gnu::cold, gnu::noinline]] {
        raise<overflow_error>(w, ": ", to_digits(x) + " + " + to_digits(y), " overflows");
      }(a, b, what);
    }
    return out;
  } else {
    return T(a + b);
  }
}

template <class T>
[[nodiscard]] T checked_sub(const T& a, const T& b, std::string_view what) {
  if constexpr (is_machine_int<T>) {
    T out{};
    if (__builtin_sub_overflow(a, b, &out)) [[unlikely]] {
      [](T x, T y, std::string_view w) [[gnu::cold, gnu::noinline]] {
        raise<overflow_error>(w, ": ", to_digits(x) + " - " + to_digits(y), " overflows");
      }(a, b, what);
    }
    return out;
  } else {
    return T(a - b);
  }
}

template <class T>
[[nodiscard]] T checked_mul(const T& a, const T& b, std::string_view what) {
  if constexpr (is_machine_int<T>) {
    T out{};
    if (__builtin_mul_overflow(a, b, &out)) [[unlikely]] {
      [](T x, T y, std::string_view w) [[gnu::cold, gnu::noinline]] {
        raise<overflow_error>(w, ": ", to_digits(x) + " * " + to_digits(y), " overflows");
      }(a, b, what);
    }
    return out;
  } else {
    return T(a * b);
  }
}

}  // namespace prorata::detail

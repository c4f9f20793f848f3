#pragma once
// Stream output, kept out of the core headers so they need no <ostream>.

#include <ostream>

#include <prorata/money/decimal.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>

namespace prorata {

template <class Rep>
std::ostream& operator<<(std::ostream& os, const basic_money<Rep>& m) {
  return os << to_string(m);
}

template <class Int>
std::ostream& operator<<(std::ostream& os, const basic_ratio<Int>& r) {
  return os << r.to_string();
}

inline std::ostream& operator<<(std::ostream& os, const decimal& d) { return os << to_string(d); }

inline std::ostream& operator<<(std::ostream& os, rounding_mode mode) {
  return os << to_string(mode);
}

inline std::ostream& operator<<(std::ostream& os, const currency& c) {
  return os << c.code() << "(" << c.minor_digits() << ")";
}

}  // namespace prorata

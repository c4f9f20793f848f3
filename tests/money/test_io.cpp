// Stream output (prorata/money/io.hpp), ratio text, rescale with a mode.
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include <prorata/money/io.hpp>

using namespace prorata;

namespace {
template <class T>
std::string streamed(const T& value) {
  std::ostringstream os;
  os << value;
  return os.str();
}
}  // namespace

TEST_CASE("operator<< writes the same text as to_string") {
  const currency kwd = currency::from_code("KWD");
  CHECK(streamed(money::parse("-1.250", kwd)) == "-1.250 KWD");
  CHECK(streamed(ratio(15, 30)) == "15/30");
  CHECK(streamed(parse_decimal("0.000000000123")) == "0.000000000123");
  CHECK(streamed(rounding_mode::ceiling) == "ceiling");
  CHECK(streamed(kwd) == "KWD(3)");
  CHECK(ratio(-2, 4).to_string() == "-2/4");
}

TEST_CASE("rescale to a larger or smaller scale") {
  CHECK(rescale(parse_decimal("10.5"), 3) == 10500);
  CHECK(rescale(parse_decimal("10.5"), 0, rounding_mode::half_even) == 10);
  CHECK(rescale(parse_decimal("11.5"), 0, rounding_mode::half_even) == 12);
  CHECK(rescale(parse_decimal("-11.5"), 0, rounding_mode::ceiling) == -11);
  CHECK_THROWS_AS((void)rescale(parse_decimal("10.5"), 0), inexact_error);
  CHECK_THROWS_AS((void)rescale(parse_decimal("1"), -1), invalid_argument);
}

// libFuzzer harness: prorata::parse_decimal on arbitrary text. Only
// prorata::error may be thrown; a parsed decimal formats back to text that
// parses to an equal value with the same scale.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <prorata/error.hpp>
#include <prorata/money/decimal.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  prorata::decimal d;
  try {
    d = prorata::parse_decimal(text);
  } catch (const prorata::error&) {
    return 0;
  }
  const std::string formatted = prorata::to_string(d);
  const prorata::decimal again = prorata::parse_decimal(formatted);  // must not throw
  if (again.coefficient != d.coefficient || again.scale != d.scale) std::abort();
  if (prorata::to_string(again) != formatted) std::abort();
  return 0;
}

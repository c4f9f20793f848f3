// libFuzzer harness: prorata::parse_rfc3339 on arbitrary text. Only
// prorata::error may be thrown; a parsed instant in the years 0000..9999
// formats back to a timestamp that parses to the same instant and formats the
// same way, and one outside is refused by format_rfc3339.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/rfc3339_range.hpp>
#include <prorata/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  prorata::instant t;
  try {
    t = prorata::parse_rfc3339(text);
  } catch (const prorata::error&) {
    return 0;
  }
  if (!prorata::in_rfc3339_range(t)) {
    // An offset moved it outside the years 0000..9999: it has no RFC 3339
    // form, and format_rfc3339 says so with rfc3339_range_error (issue #14).
    try {
      static_cast<void>(prorata::format_rfc3339(t));
    } catch (const prorata::rfc3339_range_error&) {
      return 0;
    }
    std::abort();
  }
  const std::string formatted = prorata::format_rfc3339(t);          // in range: must not throw
  const prorata::instant again = prorata::parse_rfc3339(formatted);  // must not throw
  if (again != t) std::abort();
  if (prorata::format_rfc3339(again) != formatted) std::abort();
  return 0;
}

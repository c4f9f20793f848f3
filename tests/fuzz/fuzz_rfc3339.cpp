// libFuzzer harness: prorata::parse_rfc3339 on arbitrary text. Only
// prorata::error may be thrown; a parsed instant formats back to a timestamp
// that parses to the same instant and formats the same way.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <prorata/calendar/instant.hpp>
#include <prorata/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  prorata::instant t;
  try {
    t = prorata::parse_rfc3339(text);
  } catch (const prorata::error&) {
    return 0;
  }
  std::string formatted;
  try {
    formatted = prorata::format_rfc3339(t);
  } catch (const prorata::error&) {
    return 0;  // an instant outside the years 0000..9999 (an offset moved it) has no RFC 3339 form
  }
  const prorata::instant again = prorata::parse_rfc3339(formatted);  // must not throw
  if (again != t) std::abort();
  if (prorata::format_rfc3339(again) != formatted) std::abort();
  return 0;
}

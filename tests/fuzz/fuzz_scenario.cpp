// libFuzzer harness: the `prorata simulate` readers and replay on arbitrary
// bytes, as one scenario document (read_scenario) and as JSON Lines (a header
// line, then read_subscription_spec per line). Only prorata::error may be
// thrown. A line the JSON Lines fast reader (subscription_line.hpp) accepts
// must be read by the slow path to an equal spec. Every charge row must
// satisfy settlement_amount - customer_credits == subtotal + tax with
// settlement_amount >= 0, no credit balance or outstanding due may go
// negative, and every instant of a row must be RFC 3339 (years 0000..9999).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <prorata/calendar/rfc3339_range.hpp>
#include <prorata/dodo.hpp>
#include <prorata/error.hpp>

#include "sim/ledger_row.hpp"
#include "sim/replay.hpp"
#include "sim/scenario_json.hpp"
#include "sim/subscription_line.hpp"

namespace {

using prorata::sim::row_kind;

using prorata::sim::is_charge;

class checking_sink final : public prorata::sim::row_sink {
 public:
  void write(const prorata::sim::ledger_row& row) override {
    if (row.credit_balance < 0 || row.outstanding < 0) std::abort();
    // Every time a ledger writes is RFC 3339 (issue #14).
    for (const prorata::instant t : {row.at, row.period_start, row.period_end}) {
      if (!prorata::in_rfc3339_range(t)) std::abort();
    }
    if (is_charge(row.kind)) {
      if (row.settlement_amount - row.customer_credits != row.subtotal + row.tax) std::abort();
      if (row.settlement_amount < 0) std::abort();
    }
  }
};

void replay_document(std::string_view text) {
  try {
    const prorata::sim::scenario s =
        prorata::sim::read_scenario(prorata::dodo::parse_json(text), "fuzz");
    checking_sink sink;
    for (const auto& spec : s.subscriptions) {
      try {
        prorata::sim::replay(s.header, spec, sink);
      } catch (const prorata::error&) {  // the next subscription is independent
      }
    }
  } catch (const prorata::error&) {
  }
}

void replay_lines(std::string_view text) {
  const std::size_t end = text.find('\n');
  if (end == std::string_view::npos) return;
  prorata::sim::scenario_header header;
  try {
    header = prorata::sim::read_header(prorata::dodo::parse_json(text.substr(0, end)), "");
  } catch (const prorata::error&) {
    return;
  }
  checking_sink sink;
  static prorata::sim::subscription_line_reader reader;
  for (std::size_t at = end + 1; at < text.size();) {
    const std::size_t stop = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, stop - at);
    static prorata::sim::subscription_spec fast;  // reused across lines, as a worker does
    const bool accepted = reader.read(line, header, "fuzz", fast);
    prorata::sim::subscription_spec spec;
    try {
      spec =
          prorata::sim::read_subscription_spec(prorata::dodo::parse_json(line), "", header, "fuzz");
    } catch (const prorata::error&) {
      if (accepted) std::abort();  // the fast path took a line the slow path refuses
      at = stop + 1;
      continue;
    }
    if (accepted && !(fast == spec)) std::abort();  // a different reading
    try {
      prorata::sim::replay(header, spec, sink);
    } catch (const prorata::error&) {
    }
    at = stop + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  replay_document(text);
  replay_lines(text);
  return 0;
}

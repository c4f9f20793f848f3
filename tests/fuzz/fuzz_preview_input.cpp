// libFuzzer harness: the `prorata preview` path (parse_json, read_preview_input,
// preview, preview_to_text) on arbitrary bytes. Only prorata::error (input_error,
// refusal, overflow...) may be thrown. A preview that succeeds must add up:
// the summary is the sum of its lines, settlement_amount - customer_credits ==
// subtotal + tax, credits are not negative, and the new credit balance is >= 0.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <prorata/billing/plan_change.hpp>
#include <prorata/dodo.hpp>
#include <prorata/error.hpp>

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const nlohmann::json doc = prorata::dodo::parse_json(text);
    const prorata::dodo::preview_input input = prorata::dodo::read_preview_input(doc);
    const prorata::plan_change_preview p = prorata::dodo::preview(input);
    const prorata::preview_summary& s = p.summary;
    prorata::money net = prorata::money::zero(s.currency);
    prorata::money tax = prorata::money::zero(s.currency);
    for (const prorata::line_item& l : p.line_items) {
      require(l.net + l.tax == l.total);
      net = net + l.net;
      tax = tax + l.tax;
    }
    require(net == s.subtotal);
    require(tax == s.tax);
    require(s.subtotal + s.tax == s.total);
    require(s.settlement_amount - s.customer_credits == s.subtotal + s.tax);
    require(s.credits_added - s.credits_used == s.customer_credits);
    require(!s.credits_used.is_negative() && !s.credits_added.is_negative());
    require(!s.settlement_amount.is_negative());
    require(!p.new_state.credit_balance.is_negative());
    const std::string out = prorata::dodo::preview_to_text(p, input);
    require(!out.empty());
  } catch (const prorata::error&) {
    return 0;
  }
  return 0;
}

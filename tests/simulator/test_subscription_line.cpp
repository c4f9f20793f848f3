// The JSON Lines fast reader (sim/subscription_line.hpp) against the slow
// path it stands in for, read_subscription_spec(parse_json(line)): when it
// accepts a line, the spec is exactly the slow path's; it accepts every
// line of the subset it supports (generated, gen_scenario's, the examples'),
// and declines every doubtful one, the slow path then reading it or giving
// its usual error.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <prorata/dodo.hpp>

#include "../../bench/simulate/scenario_lines.hpp"
#include "scenario_gen.hpp"
#include "sim/scenario_json.hpp"
#include "sim/subscription_line.hpp"
#include "support/property.hpp"

namespace {

namespace sg = prorata_test::scenario_gen;
namespace ps = prorata::sim;
using prorata::dodo::input_error;

/// The slow path's spec, or nullopt when it refuses the line.
std::optional<ps::subscription_spec> slow(std::string_view line, const ps::scenario_header& h,
                                          const std::string& source) {
  try {
    return ps::read_subscription_spec(prorata::dodo::parse_json(line), "", h, source);
  } catch (const input_error&) {
    return std::nullopt;
  }
}

/// The slow path's error message for a line it refuses ("" if it reads it).
std::string slow_error(std::string_view line, const ps::scenario_header& h) {
  try {
    (void)ps::read_subscription_spec(prorata::dodo::parse_json(line), "", h, "f:2");
  } catch (const input_error& e) {
    return e.what();
  }
  return "";
}

/// The fast reader's spec for `line`, which it must accept and read as the
/// slow path does.
ps::subscription_spec read_as_slow_path(ps::subscription_line_reader& reader, std::string_view line,
                                        const ps::scenario_header& h, const std::string& source) {
  ps::subscription_spec fast;
  REQUIRE(reader.read(line, h, source, fast));
  const std::optional<ps::subscription_spec> reference = slow(line, h, source);
  REQUIRE(reference.has_value());
  CHECK(fast == *reference);
  return fast;
}

const ps::scenario_header& gen_scenario_header() {
  static const ps::scenario_header h =
      ps::read_header(prorata::dodo::parse_json(prorata_bench::scenario_header_line), "");
  return h;
}

/// A valid line with one of each common event kind.
const std::string base_line =
    R"({"subscription_id":"sub_1","product_id":"prod_basic","quantity":2,"currency":"USD",)"
    R"("created_at":"2026-01-05T10:00:00Z","tax_rate":"0.0825","trial_period_days":3,)"
    R"("credit_balance":500,"addons":[{"addon_id":"adn_seat","quantity":1}],"events":[)"
    R"({"at":"2026-02-03T12:00:00Z","type":"change_plan","request":{"product_id":"prod_pro",)"
    R"("quantity":1,"proration_billing_mode":"prorated_immediately","addons":[],)"
    R"("effective_at":"immediately","on_payment_failure":"prevent_change",)"
    R"("cancel_scheduled_change_plan":false}},)"
    R"({"at":"2026-03-01T00:00:00Z","type":"payment_fails"},)"
    R"({"at":"2026-03-02T00:00:00Z","type":"payment_method_updated"},)"
    R"({"at":"2026-04-01T00:00:00Z","type":"pause"},)"
    R"({"at":"2026-04-11T00:00:00Z","type":"resume"},)"
    R"({"at":"2026-05-01T00:00:00Z","type":"cancel_at_next_billing_date","value":false},)"
    R"({"at":"2026-06-01T00:00:00Z","type":"cancel"}]})";

/// `text` with the first `from` replaced by `to` (which must be there).
std::string with(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

/// Checks that the fast reader declines `line` and that
/// read_subscription_line then gives the slow path's result or error.
void check_declined(std::string_view line) {
  CAPTURE(line);
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  ps::subscription_spec spec;
  CHECK_FALSE(reader.read(line, h, "f:2", spec));
  const std::string expected = slow_error(line, h);
  std::string got;
  try {
    const ps::subscription_spec s = ps::read_subscription_line(reader, line, h, "f:2");
    const std::optional<ps::subscription_spec> reference = slow(line, h, "f:2");
    REQUIRE(reference.has_value());
    CHECK(s == *reference);
  } catch (const input_error& e) {
    got = e.what();
  }
  CHECK(got == expected);
}

/// One generated subscription line and the header it is read against.
struct generated {
  ps::scenario_header header;
  std::string line;
};

generated any_line() {
  const prorata::instant created = sg::any_creation_instant();
  const std::int64_t days = *rc::gen::inRange<std::int64_t>(1, 900);
  const prorata::instant until = created + std::chrono::seconds{days * 86'400};
  const nlohmann::json header = sg::any_header(until, false);
  const auto mix = *rc::gen::element(sg::event_mix::any, sg::event_mix::schedule_preserving);
  const nlohmann::json sub = sg::any_subscription("sub_gen", created, until, mix);
  return {ps::read_header(header, ""), sub.dump()};
}

}  // namespace

TEST_CASE("subscription line: generated lines are accepted and read as the slow path does") {
  prorata_test::check_property("fast spec == slow spec, every generated line accepted", [] {
    const generated g = any_line();
    RC_LOG() << g.line << '\n';
    ps::subscription_line_reader reader;
    ps::subscription_spec fast;
    const bool accepted = reader.read(g.line, g.header, "gen.jsonl:2", fast);
    const std::optional<ps::subscription_spec> reference = slow(g.line, g.header, "gen.jsonl:2");
    RC_ASSERT(reference.has_value());
    RC_ASSERT(accepted);
    RC_ASSERT(fast == *reference);
  });
}

TEST_CASE("subscription line: a mutated line, if accepted, reads as the slow path does") {
  prorata_test::check_property("accepted => slow path accepts the same spec", [] {
    generated g = any_line();
    // One to three byte edits: replace, insert or delete.
    const int edits = *rc::gen::inRange(1, 4);
    for (int i = 0; i < edits && !g.line.empty(); ++i) {
      const std::size_t at = *rc::gen::inRange<std::size_t>(0, g.line.size());
      const char c = *rc::gen::element('"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '1', '.',
                                       'e', '-', 'u', 'x', '\x01', '\xff', 'n');
      switch (*rc::gen::inRange(0, 3)) {
        case 0:
          g.line[at] = c;
          break;
        case 1:
          g.line.insert(at, 1, c);
          break;
        default:
          g.line.erase(at, 1);
          break;
      }
    }
    RC_LOG() << g.line << '\n';
    ps::subscription_line_reader reader;
    ps::subscription_spec fast;
    if (reader.read(g.line, g.header, "m:2", fast)) {
      const std::optional<ps::subscription_spec> reference = slow(g.line, g.header, "m:2");
      RC_ASSERT(reference.has_value());
      RC_ASSERT(fast == *reference);
    }
  });
}

TEST_CASE("subscription line: one spec reused across lines of different shapes") {
  prorata_test::check_property("reused spec == slow spec, line after line", [] {
    ps::subscription_line_reader reader;  // one reader and one spec, as a worker keeps them
    ps::subscription_spec spec;
    const int count = *rc::gen::inRange(2, 8);
    for (int i = 0; i < count; ++i) {
      generated g = any_line();
      switch (*rc::gen::inRange(0, 6)) {
        case 0:  // a fixed line with trial, credit, addons and many event kinds
          g = {gen_scenario_header(), base_line};
          break;
        case 1:  // a line the fast path declines partway (an unknown event member)
          g.line = with(base_line, R"("type":"cancel"})", R"("type":"cancel","x":1})");
          g.header = gen_scenario_header();
          break;
        case 2:  // a minimal line: no addons, events, trial, meters or codes
          g = {gen_scenario_header(),
               R"({"subscription_id":"sub_2","product_id":"prod_pro","currency":"USD",)"
               R"("created_at":"2026-01-05T10:00:00Z"})"};
          break;
        default:
          break;
      }
      RC_LOG() << g.line << '\n';
      const std::optional<ps::subscription_spec> reference = slow(g.line, g.header, "r:2");
      if (!reference) {  // refused: read_subscription_line throws, the next line still reads
        RC_ASSERT_THROWS_AS(ps::read_subscription_line(reader, g.line, g.header, "r:2", spec),
                            input_error);
        continue;
      }
      ps::read_subscription_line(reader, g.line, g.header, "r:2", spec);
      RC_ASSERT(spec == *reference);
    }
  });
}

TEST_CASE("subscription line: gen_scenario's lines are accepted") {
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;  // reused, as a worker does
  prorata_bench::scenario_lines lines;  // the benchmark's input, from its generator
  std::string line;
  for (int i = 0; i < 200; ++i) {
    lines.next(line);
    const ps::subscription_spec fast = read_as_slow_path(reader, line, h, "s.jsonl:7");
    CHECK(fast.events.size() == 3);
    CHECK(fast.events[2].pointer == "/events/2");
    CHECK(fast.source == "s.jsonl:7");
  }
}

TEST_CASE("subscription line: every event kind the fast path supports") {
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  const ps::subscription_spec fast = read_as_slow_path(reader, base_line, h, "f:2");
  CHECK(fast.events.size() == 7);
  CHECK(fast.events[0].failure == ps::on_payment_failure::prevent_change);
  CHECK(fast.events[0].request.addons.has_value());
  CHECK(fast.events[5].value == false);
  CHECK(fast.trial_period_days == 3);
  CHECK(fast.credit_balance == 500);
}

TEST_CASE("subscription line: meters, usage, one-time charges and discount codes") {
  const std::string line =
      R"({"subscription_id":"sub_1","product_id":"prod_basic","currency":"USD",)"
      R"("created_at":"2026-01-05T10:00:00Z","discount_codes":["SAVE","HALF"],)"
      R"("meters":[{"meter_id":"api","name":"API","free_threshold":10,"price_per_unit":"0.5",)"
      R"("units_consumed":"3"},{"meter_id":"gb","name":"","price_per_unit":"7"}],"events":[)"
      R"({"at":"2026-02-03T12:00:00Z","type":"change_plan","request":{"product_id":"prod_pro",)"
      R"("quantity":1,"proration_billing_mode":"full_immediately","discount_codes":["SAVE"],)"
      R"("effective_at":"next_billing_date","cancel_scheduled_change_plan":true}},)"
      R"({"at":"2026-04-12T00:00:00Z","type":"usage","meter_id":"api","units":"12.50"},)"
      R"({"at":"2026-04-13T00:00:00Z","type":"one_time_charge","product_cart":[)"
      R"({"product_id":"prod_basic","quantity":2},{"product_id":"prod_pro"}],)"
      R"("discount_codes":[]},)"
      R"({"at":"2026-05-01T00:00:00Z","type":"cancel_at_next_billing_date"}]})";
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  const ps::subscription_spec fast = read_as_slow_path(reader, line, h, "f:2");
  CHECK(fast.meters.size() == 2);
  CHECK(prorata::to_string(fast.events[1].units) == "12.50");  // the written scale is kept
  CHECK(fast.events[2].cart.size() == 2);
  CHECK_FALSE(fast.events[0].request.addons.has_value());
  CHECK(fast.events[0].request.discount_codes.has_value());
}

TEST_CASE("subscription line: the examples' subscriptions, as JSON Lines lines") {
  std::size_t total = 0;
  std::size_t accepted = 0;
  ps::subscription_line_reader reader;
  for (const auto& entry : std::filesystem::directory_iterator(PRORATA_EXAMPLES_DIR)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const nlohmann::json doc = nlohmann::json::parse(text);
    const ps::scenario_header h = ps::read_header(doc, "");
    for (const nlohmann::json& sub : doc["subscriptions"]) {
      const std::string line = sub.dump();
      CAPTURE(line);
      ++total;
      ps::subscription_spec fast;
      const std::optional<ps::subscription_spec> reference = slow(line, h, "ex:2");
      REQUIRE(reference.has_value());
      if (reader.read(line, h, "ex:2", fast)) {
        ++accepted;
        CHECK(fast == *reference);
      }
    }
  }
  CHECK(total >= 27);
  CHECK(accepted == total);  // the examples use only the supported subset
}

TEST_CASE("subscription line: escaped strings read as the slow path reads them") {
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  for (const std::string_view escaped :
       {R"("sub_\u0041")", R"("sub_\"q\"")", R"("sub_\\x")", R"("sub_\/\b\f\n\r\t")",
        R"("sub_\u00e9\ud83d\ude00")", "\"sub_\xc3\xa9\""}) {
    CAPTURE(escaped);
    const std::string line = with(base_line, R"("sub_1")", escaped);
    const ps::subscription_spec fast = read_as_slow_path(reader, line, h, "f:2");
  }
  ps::subscription_spec fast;
  REQUIRE(reader.read(with(base_line, R"("sub_1")", R"("sub_\u0041")"), h, "f:2", fast));
  CHECK(fast.subscription_id == "sub_A");
}

TEST_CASE("subscription line: integers at the edges read as the slow path reads them") {
  // The DOM parser types numbers itself (-0, 1E0, 2^64 - 1, ...): whatever
  // the fast reader accepts must be the slow path's spec, and a value the
  // slow path refuses must be declined.
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  int accepted = 0;
  for (const std::string_view member :
       {R"("quantity":2,)", R"("trial_period_days":3,)", R"("credit_balance":500,)"}) {
    const std::string_view name = member.substr(0, member.find(':') + 1);
    for (const std::string_view number :
         {"-0", "0", "1", "-0.0", "0e0", "1E0", "9223372036854775807", "9223372036854775808",
          "18446744073709551615", "18446744073709551616", "-9223372036854775808"}) {
      const std::string line =
          with(base_line, member, std::string(name) + std::string(number) + ",");
      CAPTURE(line);
      const std::optional<ps::subscription_spec> reference = slow(line, h, "f:2");
      ps::subscription_spec fast;
      if (reader.read(line, h, "f:2", fast)) {
        ++accepted;
        REQUIRE(reference.has_value());
        CHECK(fast == *reference);
      }
    }
  }
  CHECK(accepted >= 6);  // at least 0 and 1 where 0 is allowed, 1 everywhere
}

TEST_CASE("subscription line: escaped member names read as the slow path reads them") {
  // Names are compared unescaped, as nlohmann compares them.
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  const std::string line = with(base_line, R"("quantity":2,)", R"("quant\u0069ty":7,)");
  const ps::subscription_spec fast = read_as_slow_path(reader, line, h, "f:2");
  CHECK(fast.quantity == 7);
  // Escaped or not, a name may appear once.
  ps::subscription_spec twice;
  CHECK_FALSE(
      reader.read(with(line, R"("currency")", R"("quantity":3,"currency")"), h, "f:2", twice));
}

TEST_CASE("subscription line: doubtful lines are declined, the slow path words the error") {
  // Each is refused by the slow path, or read by it in a way the fast path
  // leaves to it (an unknown or null member).
  const std::string deep = std::string(100, '[') + "1" + std::string(100, ']');
  const std::string declined[] = {
      // malformed JSON that a reader walking only the values it needs would
      // let through (found by fuzz_scenario): a ':' where a ',' belongs
      with(base_line, R"("quantity":2,)", R"("quantity":2:"x",)"),
      with(base_line, R"("currency":"USD",)", R"("currency":"USD":"x",)"),
      // duplicate and unknown members
      with(base_line, R"("quantity":2,)", R"("quantity":2,"quantity":3,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":2,"note":"x",)"),
      with(base_line, R"("type":"pause")", R"("type":"pause","value":true)"),
      with(base_line, R"("addon_id":"adn_seat")", R"("addon_id":"adn_seat","name":"x")"),
      // numbers not written as plain digits, or out of range
      with(base_line, R"("quantity":2,)", R"("quantity":2.0,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":2e0,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":-2,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":0,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":02,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":99999999999999999999,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":9223372036854775808,)"),
      with(base_line, R"("trial_period_days":3)", R"("trial_period_days":10001)"),
      with(base_line, R"("quantity":2,)", R"("quantity":1e400,)"),
      // trailing content, syntax
      base_line + " x",
      base_line + "}",
      base_line + "{}",
      base_line.substr(0, base_line.size() - 1),
      with(base_line, R"("quantity":2,)", R"("quantity":2,,)"),
      with(base_line, R"("cancel"}]})", R"("cancel"},]})"),
      // bad escapes, bad UTF-8, raw control characters
      with(base_line, R"("sub_1")", R"("sub_\q")"),
      with(base_line, R"("sub_1")", R"("sub_\u00zz")"),
      with(base_line, R"("sub_1")", R"("sub_\ud800")"),
      with(base_line, R"("sub_1")", R"("sub_\udc00")"),
      with(base_line, R"("sub_1")", "\"sub_\xff\""),
      with(base_line, R"("sub_1")", "\"sub_\xc3\""),
      with(base_line, R"("sub_1")", "\"sub_\xed\xa0\x80\""),
      with(base_line, R"("sub_1")", "\"sub_\x01\""),
      // deep nesting under a known member, wrong types, null
      with(base_line, R"("quantity":2,)", "\"quantity\":" + deep + ","),
      with(base_line, R"("quantity":2,)", R"("quantity":"2",)"),
      with(base_line, R"("quantity":2,)", R"("quantity":null,)"),
      with(base_line, R"("quantity":2,)", R"("quantity":true,)"),
      with(base_line, R"("sub_1")", "1"),
      with(base_line, R"("sub_1")", R"("")"),
      with(base_line, R"("sub_1")", "\"" + std::string(257, 'a') + "\""),
      with(base_line, R"("events":[)", R"("events":{"a":[)"),
      with(base_line, R"("tax_rate":"0.0825")", R"("tax_rate":0.0825)"),
      with(base_line, R"("tax_rate":"0.0825")", R"("tax_rate":"8.5")"),
      with(base_line, R"("currency":"USD")", R"("currency":"usd")"),
      with(base_line, R"("created_at":"2026-01-05T10:00:00Z")",
           R"("created_at":"2026-01-05 10:00:00")"),
      with(base_line, R"("created_at":"2026-01-05T10:00:00Z")",
           R"("created_at":"2027-01-05T10:00:00Z")"),
      with(base_line, R"("type":"pause")", R"("type":"Pause")"),
      with(base_line, R"("value":false)", R"("value":0)"),
      with(base_line, R"("prorated_immediately")", R"("prorated")"),
      with(base_line, R"("effective_at":"immediately")", R"("effective_at":"now")"),
      // missing members, events out of order or outside the window
      with(base_line, R"("currency":"USD",)", ""),
      with(base_line, R"("2026-03-01T00:00:00Z")", R"("2026-02-01T00:00:00Z")"),
      with(base_line, R"("2026-03-01T00:00:00Z")", R"("2026-01-01T00:00:00Z")"),
      with(base_line, R"("2026-06-01T00:00:00Z")", R"("2026-04-30T00:00:00Z")"),
      with(base_line, R"("2026-06-01T00:00:00Z")", R"("2027-01-01T00:00:00Z")"),
      with(base_line, R"("type":"change_plan","request":{"product_id":"prod_pro",)",
           R"("type":"change_plan","request":{)"),
      // only the slow path reads these; a usage event on no meter
      with(base_line, R"("cancel_scheduled_change_plan":false)", R"("discount_code":"SAVE")"),
      with(base_line, R"("type":"cancel"})", R"("type":"usage","meter_id":"m","units":"1"})"),
      "[]",
      "",
      "  ",
  };
  for (const std::string& line : declined) check_declined(line);
}

TEST_CASE("subscription line: the reader is reusable after declining") {
  const ps::scenario_header& h = gen_scenario_header();
  ps::subscription_line_reader reader;
  ps::subscription_spec declined;
  CHECK_FALSE(reader.read(base_line + " x", h, "f:2", declined));
  ps::subscription_spec deep;
  CHECK_FALSE(reader.read(std::string(2000, '['), h, "f:3", deep));
  for (int i = 0; i < 3; ++i) {  // the tax rate and currency are then remembered
    ps::subscription_spec spec;
    REQUIRE(reader.read(base_line, h, "f:4", spec));
    CHECK(spec == *slow(base_line, h, "f:4"));
  }
}

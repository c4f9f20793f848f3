// A single-document scenario that fails while replaying writes no row to
// stdout (issue #14): the document is replayed once without writing first.
#include <string>

#include <doctest/doctest.h>

#include "simulator_support.hpp"

using prorata_test::run_program;
using prorata_test::scratch_dir;
using prorata_test::shell_quote;

namespace {

/// 300 good daily subscriptions (more than one batch of 256), then one whose
/// billing period ends after 9999, found only while replaying it.
std::string failing_late_scenario() {
  std::string text =
      R"({"until":"9999-12-31T00:00:00Z","policy":{},"catalog":{"products":[)"
      R"({"product_id":"d","price":{"type":"recurring_price","price":2000,"currency":"USD","payment_frequency_interval":"Day","payment_frequency_count":1}},)"
      R"({"product_id":"m","price":{"type":"recurring_price","price":2000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}}]},)"
      R"("subscriptions":[)";
  for (int i = 0; i < 300; ++i) {
    text += R"({"subscription_id":"s)" + std::to_string(i) +
            R"(","product_id":"d","currency":"USD","created_at":"9999-12-01T00:00:00Z"},)";
  }
  text +=
      R"({"subscription_id":"late","product_id":"m","currency":"USD","created_at":"9999-12-20T00:00:00Z"}]})";
  return text;
}

}  // namespace

TEST_CASE("a document that fails while replaying writes nothing to stdout") {
  const scratch_dir scratch("stdout-failure");
  const auto input = scratch.write("late.json", failing_late_scenario());
  for (const char* threads : {"1", "2"}) {
    CAPTURE(threads);
    const auto r = run_program(
        std::string("simulate -q --threads ") + threads + " -o - " + shell_quote(input.string()),
        scratch);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("/subscriptions/300: found a billing period") != std::string::npos);
  }
}

// The read-only allowlist, id encoding, base URLs, Dodo's error bodies and
// the retry policy: pure functions, no network.
#include <chrono>
#include <concepts>
#include <string>

#include <doctest/doctest.h>

#include "crosscheck/base_url.hpp"
#include "crosscheck/dodo_api.hpp"
#include "crosscheck/endpoint.hpp"
#include "crosscheck/errors.hpp"
#include "crosscheck/http_client.hpp"
#include "crosscheck/retry.hpp"

using namespace prorata::crosscheck;
using std::chrono::milliseconds;

// The client has no way to take a path: only an endpoint value.
static_assert(
    !std::is_invocable_v<decltype(&http_client::exchange), http_client&, std::string, std::string>);
static_assert(!std::is_constructible_v<endpoint, std::string>);

TEST_CASE("the four endpoints build read-only paths") {
  const endpoint all[] = {{endpoint_kind::get_subscription, "sub_1"},
                          {endpoint_kind::get_product, "prod_pro"},
                          {endpoint_kind::get_addon, "adn_seat"},
                          {endpoint_kind::preview_change_plan, "sub_1"}};
  CHECK(path_of(all[0]) == "/subscriptions/sub_1");
  CHECK(path_of(all[1]) == "/products/prod_pro");
  CHECK(path_of(all[2]) == "/addons/adn_seat");
  CHECK(path_of(all[3]) == "/subscriptions/sub_1/change-plan/preview");
  CHECK(method_of(endpoint_kind::preview_change_plan) == "POST");
  for (const endpoint& e : all) {
    CHECK(method_of(e.kind) == (e.kind == endpoint_kind::preview_change_plan ? "POST" : "GET"));
    CHECK(is_read_only_request(method_of(e.kind), path_of(e)));
  }
}

TEST_CASE("an id cannot add a path segment, a query or a relative step") {
  CHECK(percent_encode("sub_1/change-plan") == "sub_1%2Fchange-plan");
  CHECK(percent_encode("a?b#c d") == "a%3Fb%23c%20d");
  CHECK(path_of({endpoint_kind::preview_change_plan, "sub_1/change-plan"}) ==
        "/subscriptions/sub_1%2Fchange-plan/change-plan/preview");
  CHECK(path_of({endpoint_kind::get_subscription, ".."}) == "/subscriptions/%2E%2E");
  for (const char* id :
       {"x/charge", "../products", "x?y=1", "..", ".", "x/update-payment-method"}) {
    for (const endpoint_kind k : {endpoint_kind::get_subscription, endpoint_kind::get_product,
                                  endpoint_kind::get_addon, endpoint_kind::preview_change_plan}) {
      CHECK(is_read_only_request(method_of(k), path_of({k, id})));
    }
  }
  CHECK_THROWS_AS((void)path_of({endpoint_kind::get_product, ""}), config_error);
}

TEST_CASE("every mutating endpoint is outside the allowlist") {
  CHECK_FALSE(is_read_only_request("POST", "/subscriptions/sub_1/change-plan"));
  CHECK_FALSE(is_read_only_request("POST", "/subscriptions/sub_1/charge"));
  CHECK_FALSE(is_read_only_request("POST", "/subscriptions/sub_1/update-payment-method"));
  CHECK_FALSE(is_read_only_request("PATCH", "/subscriptions/sub_1"));
  CHECK_FALSE(is_read_only_request("DELETE", "/subscriptions/sub_1/change-plan/scheduled"));
  CHECK_FALSE(is_read_only_request("POST", "/subscriptions/sub_1"));
  CHECK_FALSE(is_read_only_request("GET", "/subscriptions/sub_1/change-plan/preview"));
  CHECK_FALSE(is_read_only_request("POST", "/checkouts"));
  CHECK_FALSE(is_read_only_request("POST", "/payments"));
  CHECK_FALSE(is_read_only_request("POST", "/customers/cus_1/wallets/ledger-entries"));
  CHECK_FALSE(is_read_only_request("GET", "/subscriptions/"));
  CHECK_FALSE(is_read_only_request("GET", "/subscriptions/a/b"));
  CHECK_FALSE(is_read_only_request("GET", "/subscriptions/.."));
  CHECK_FALSE(is_read_only_request("GET", "/products/x%2"));
  CHECK_FALSE(is_read_only_request("POST", "/subscriptions/a/change-plan/change-plan/preview"));
}

TEST_CASE("base URLs: https anywhere, http only on loopback") {
  CHECK(environment_url("test_mode") == "https://test.dodopayments.com");
  CHECK(environment_url("live_mode") == "https://live.dodopayments.com");
  CHECK_THROWS_AS((void)environment_url("staging"), config_error);
  CHECK(parse_base_url("https://test.dodopayments.com/").text() == "https://test.dodopayments.com");
  CHECK(parse_base_url("http://127.0.0.1:8080").text() == "http://127.0.0.1:8080");
  CHECK(parse_base_url("http://localhost:1").host == "localhost");
  CHECK(parse_base_url("http://[::1]:9").port == "9");
  CHECK(parse_base_url("https://example.com/v1/").prefix == "/v1");
  CHECK_THROWS_AS((void)parse_base_url("http://test.dodopayments.com"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("http://127.0.0.1.evil.com"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("http://10.0.0.1"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("ftp://127.0.0.1"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("https://user:pw@example.com"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("https://example.com/?x=1"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("test.dodopayments.com"), config_error);
  CHECK_THROWS_AS((void)parse_base_url("https://example.com:port"), config_error);
}

TEST_CASE("both of Dodo's error body shapes") {
  const dodo_error flat =
      parse_dodo_error(R"({"code": "NOT_FOUND", "message": "no such product"})");
  CHECK(flat.code == "NOT_FOUND");
  CHECK(flat.message == "no such product");
  const dodo_error nested = parse_dodo_error(
      R"({"error": {"code": "SUBSCRIPTION_NOT_FOUND", "message": "gone", "details": null}})");
  CHECK(nested.code == "SUBSCRIPTION_NOT_FOUND");
  CHECK(nested.message == "gone");
  CHECK(parse_dodo_error("<html>502</html>").code.empty());
}

TEST_CASE("redact replaces every occurrence of the key") {
  CHECK(redact("a KEY b KEYKEY", "KEY") == "a [REDACTED] b [REDACTED][REDACTED]");
  CHECK(redact("nothing", "") == "nothing");
}

TEST_CASE("retry: network errors, 429 and 5xx only") {
  CHECK(is_retryable({true, 0, {}, {}}));
  CHECK(is_retryable({false, 429, {}, {}}));
  CHECK(is_retryable({false, 500, {}, {}}));
  CHECK(is_retryable({false, 503, {}, {}}));
  CHECK_FALSE(is_retryable({false, 400, {}, {}}));
  CHECK_FALSE(is_retryable({false, 401, {}, {}}));
  CHECK_FALSE(is_retryable({false, 404, {}, {}}));
  CHECK_FALSE(is_retryable({false, 409, {}, {}}));
  CHECK_FALSE(is_retryable({false, 422, {}, {}}));
  CHECK_FALSE(is_retryable({false, 200, {}, {}}));
}

TEST_CASE("retry: exponential backoff with jitter, capped") {
  const retry_policy p{5, milliseconds(100), milliseconds(1000), milliseconds(60000)};
  // Before attempt 2 the cap is 100 ms: a delay in [50, 100].
  CHECK(backoff_delay(2, p, 0) == milliseconds(50));
  CHECK(backoff_delay(2, p, 50) == milliseconds(100));
  CHECK(backoff_delay(3, p, 0) == milliseconds(100));
  CHECK(backoff_delay(4, p, 0) == milliseconds(200));
  CHECK(backoff_delay(9, p, 0) == milliseconds(500));  // capped at 1000
  for (std::uint64_t r = 0; r < 1000; r += 7) {
    const milliseconds d = backoff_delay(3, p, r * 2654435761ULL);
    CHECK(d >= milliseconds(100));
    CHECK(d <= milliseconds(200));
  }
}

TEST_CASE("retry: Retry-After and retry-after-ms win, bounded attempts") {
  const auto now = std::chrono::system_clock::from_time_t(1776297600);  // 2026-04-16T00:00:00Z
  const retry_policy p{3, milliseconds(100), milliseconds(1000), milliseconds(5000)};
  attempt_outcome o{false, 429, std::string("2"), {}};
  CHECK(next_delay(o, 1, p, 0, now) == milliseconds(2000));
  o.retry_after_ms = "250";
  CHECK(next_delay(o, 1, p, 0, now) == milliseconds(250));
  CHECK_FALSE(next_delay(o, 3, p, 0, now));  // the third attempt was the last
  o = {false, 503, std::string("Thu, 16 Apr 2026 00:00:03 GMT"), {}};
  CHECK(next_delay(o, 1, p, 0, now) == milliseconds(3000));
  o.retry_after = "Wed, 15 Apr 2026 00:00:00 GMT";  // in the past: at once
  CHECK(next_delay(o, 1, p, 0, now) == milliseconds(0));
  o.retry_after = "120";  // longer than max_retry_after: give up
  CHECK_FALSE(next_delay(o, 1, p, 0, now));
  o.retry_after = "99999999999999999999999";  // too long to parse: still longer, give up
  CHECK_FALSE(next_delay(o, 1, p, 0, now));
  o.retry_after_ms = "99999999999999999999999";
  CHECK_FALSE(next_delay(o, 1, p, 0, now));
  o.retry_after_ms.reset();
  o.retry_after = "soon";  // unreadable: ignored, backoff instead
  CHECK(next_delay(o, 1, p, 0, now) == milliseconds(50));
  CHECK_FALSE(next_delay({false, 404, {}, {}}, 1, p, 0, now));
  CHECK(next_delay({true, 0, {}, {}}, 2, p, 0, now) == milliseconds(100));
}

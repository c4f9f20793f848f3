// The libcurl client against the fake Dodo server on 127.0.0.1: every
// injected fault, retries and their waits, errors with Dodo's code and
// message, the key never in a message, nothing but read-only requests.
#include <chrono>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "crosscheck/dodo_api.hpp"
#include "crosscheck/errors.hpp"
#include "crosscheck/http_client.hpp"
#include "crosscheck/run.hpp"
#include "xc_support.hpp"

using namespace prorata::crosscheck;
using std::chrono::milliseconds;
using xc_test::fake_dodo;
using xc_test::fault;

namespace {

/// A client with fast retries that records its waits instead of sleeping.
struct test_client {
  std::vector<milliseconds> waits;
  std::vector<std::string> notes;
  http_client client;

  explicit test_client(const fake_dodo& server, int attempts = 3,
                       milliseconds timeout = milliseconds(2000),
                       const std::string& key = fake_dodo::api_key)
      : client(options(server, attempts, timeout, key)) {}

  client_options options(const fake_dodo& server, int attempts, milliseconds timeout,
                         const std::string& key) {
    client_options o;
    o.url = parse_base_url(server.base_url());
    o.api_key = key;
    o.connect_timeout = milliseconds(1000);
    o.total_timeout = timeout;
    o.retry.max_attempts = attempts;
    o.retry.base_delay = milliseconds(2);
    o.retry.max_delay = milliseconds(8);
    o.sleep = [this](milliseconds d) { waits.push_back(d); };
    o.random = [] { return std::uint64_t{0}; };
    o.note = [this](const std::string& line) { notes.push_back(line); };
    return o;
  }
};

const endpoint subscription{endpoint_kind::get_subscription, "sub_1"};

/// The remote_error `f` throws (fails the test if it throws none).
template <class F>
remote_error error_of(F&& f) {
  try {
    f();
  } catch (const remote_error& e) {
    return e;
  }
  FAIL("no remote_error");
  return remote_error(remote_failure::network, "");
}

}  // namespace

TEST_CASE("a plain answer, with the key in the Authorization header") {
  fake_dodo server;
  test_client c(server);
  const api_answer a = call_api(c.client, subscription);
  CHECK(a.body["subscription_id"] == "sub_1");
  CHECK(a.response.status == 200);
  CHECK(a.response.attempts == 1);
  CHECK(server.unauthorized_requests() == 0);
  CHECK(server.requests() == std::vector<std::string>{"GET /subscriptions/sub_1"});
}

TEST_CASE("429 with Retry-After: waits as told, then succeeds") {
  fake_dodo server;
  server.inject(fault::rate_limited);
  test_client c(server);
  CHECK(call_api(c.client, subscription).body["subscription_id"] == "sub_1");
  CHECK(c.waits == std::vector<milliseconds>{milliseconds(1000)});
  CHECK(server.requests().size() == 2);
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].find("HTTP 429") != std::string::npos);
}

TEST_CASE("429 with retry-after-ms: waits the milliseconds") {
  fake_dodo server;
  server.inject(fault::rate_limited_ms);
  test_client c(server);
  CHECK(call_api(c.client, subscription).response.attempts == 2);
  CHECK(c.waits == std::vector<milliseconds>{milliseconds(5)});
}

TEST_CASE("500 then success: one backoff") {
  fake_dodo server;
  server.inject(fault::server_error);
  test_client c(server);
  CHECK(call_api(c.client, subscription).response.attempts == 2);
  REQUIRE(c.waits.size() == 1);
  CHECK(c.waits[0] == milliseconds(1));  // half of the 2 ms base: random 0
}

TEST_CASE("500 on every attempt: a bounded number of attempts, then Dodo's error") {
  fake_dodo server;
  server.inject(fault::server_error, 5);
  test_client c(server, 3);
  const remote_error e = error_of([&] { (void)call_api(c.client, subscription); });
  CHECK(e.kind() == remote_failure::http);
  CHECK(e.status() == 500);
  CHECK(e.code() == "INTERNAL_SERVER_ERROR");
  CHECK(std::string(e.what()).find("after 3 attempts") != std::string::npos);
  CHECK(server.requests().size() == 3);
  CHECK(c.waits == std::vector<milliseconds>{milliseconds(1), milliseconds(2)});  // doubling
}

TEST_CASE("a reply slower than the timeout is a timeout, a retry can still succeed") {
  fake_dodo server;
  server.set_slow_delay(milliseconds(1500));
  server.inject(fault::slow);
  {
    test_client c(server, 1, milliseconds(200));
    const remote_error e = error_of([&] { (void)call_api(c.client, subscription); });
    CHECK(e.kind() == remote_failure::timeout);
    CHECK(std::string(e.what()).find("GET /subscriptions/sub_1") != std::string::npos);
  }
  server.inject(fault::slow);
  test_client c(server, 2, milliseconds(200));
  CHECK(call_api(c.client, subscription).response.attempts == 2);
}

TEST_CASE("malformed JSON is a remote failure, not retried") {
  fake_dodo server;
  server.inject(fault::malformed);
  test_client c(server);
  const remote_error e = error_of([&] { (void)call_api(c.client, subscription); });
  CHECK(e.kind() == remote_failure::malformed);
  CHECK(std::string(e.what()).find("not a JSON object") != std::string::npos);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("401 is reported at once with Dodo's code") {
  fake_dodo server;
  test_client c(server, 3, milliseconds(2000), "sk_test_WRONGKEY_0000");
  const remote_error e = error_of([&] { (void)call_api(c.client, subscription); });
  CHECK(e.status() == 401);
  CHECK(e.code() == "UNAUTHORIZED");
  CHECK(e.message() == "invalid API key");
  CHECK(server.requests().size() == 1);
  CHECK(c.waits.empty());
  CHECK(std::string(e.what()).find("WRONGKEY") == std::string::npos);
}

TEST_CASE("404 with the nested error body: code and message, at once") {
  fake_dodo server;
  server.inject(fault::not_found_nested);
  test_client c(server);
  const remote_error e = error_of([&] { (void)call_api(c.client, subscription); });
  CHECK(e.status() == 404);
  CHECK(e.code() == "SUBSCRIPTION_NOT_FOUND");
  CHECK(e.message() == "no such subscription");
  CHECK(std::string(e.what()) ==
        "GET /subscriptions/sub_1: HTTP 404 SUBSCRIPTION_NOT_FOUND: no such subscription");
  CHECK(server.requests().size() == 1);
  // The flat shape, from an unknown product.
  const remote_error flat = error_of([&] {
    (void)call_api(c.client, {endpoint_kind::get_product, "prod_gone"});
  });
  CHECK(flat.code() == "NOT_FOUND");
}

TEST_CASE("a connection reset is retried, on the last attempt it is a network failure") {
  fake_dodo server;
  server.inject(fault::connection_reset);
  {
    test_client c(server);
    CHECK(call_api(c.client, subscription).response.attempts == 2);
    CHECK(c.notes.at(0).find("network error") != std::string::npos);
  }
  server.inject(fault::connection_reset);
  test_client c(server, 1);
  const remote_error e = error_of([&] { (void)call_api(c.client, subscription); });
  CHECK(e.kind() == remote_failure::network);
}

TEST_CASE("nothing reachable: connection refused is a network failure") {
  int port = 0;
  {
    fake_dodo server;
    port = std::stoi(server.base_url().substr(server.base_url().rfind(':') + 1));
  }
  client_options o;
  o.url = parse_base_url("http://127.0.0.1:" + std::to_string(port));
  o.api_key = fake_dodo::api_key;
  o.retry.max_attempts = 2;
  o.sleep = [](milliseconds) {};
  http_client client(o);
  const remote_error e = error_of([&] { (void)call_api(client, subscription); });
  CHECK(e.kind() == remote_failure::network);
  CHECK(std::string(e.what()).find("after 2 attempts") != std::string::npos);
}

TEST_CASE("the key never appears in an error or a note") {
  fake_dodo server;
  std::vector<std::string> texts;
  for (const fault f : {fault::server_error, fault::malformed, fault::unauthorized,
                        fault::not_found_nested, fault::connection_reset, fault::rate_limited}) {
    server.inject(f, 3);
    test_client c(server, 2, milliseconds(1000));
    try {
      (void)call_api(c.client, subscription);
    } catch (const remote_error& e) {
      texts.push_back(e.what());
      texts.push_back(e.message());
    }
    texts.insert(texts.end(), c.notes.begin(), c.notes.end());
  }
  CHECK(texts.size() > 6);
  for (const std::string& t : texts) CHECK(t.find(fake_dodo::api_key) == std::string::npos);
  CHECK_THROWS_AS(test_client(server, 1, milliseconds(100), "bad key\r\nX-Injected: 1"),
                  config_error);
  CHECK_THROWS_AS(test_client(server, 1, milliseconds(100), ""), config_error);
}

TEST_CASE("ids cannot steer a request to a mutating endpoint") {
  fake_dodo server;
  test_client c(server, 1);
  for (const char* id : {"sub_1/change-plan", "sub_1/charge", "../subscriptions/sub_1",
                         "sub_1/update-payment-method?x=1"}) {
    for (const endpoint_kind k : {endpoint_kind::get_subscription, endpoint_kind::get_product,
                                  endpoint_kind::get_addon, endpoint_kind::preview_change_plan}) {
      try {
        (void)call_api(c.client, {k, id}, "{}");
      } catch (const remote_error&) {
        // 404 or 422: the fake server knows no such id
      }
    }
  }
  CHECK(server.requests().size() == 16);
  CHECK(server.mutating_requests() == 0);
}

TEST_CASE("a whole run reads and previews, and changes nothing") {
  fake_dodo server;
  test_client c(server);
  run_options o;
  o.subscription_id = "sub_1";
  o.requests = {xc_test::upgrade_request(), xc_test::seats_request()};
  const run_result r = run_crosscheck(c.client, o);
  CHECK_FALSE(r.any_difference());
  CHECK(server.requests() ==
        std::vector<std::string>{"GET /subscriptions/sub_1", "GET /products/prod_basic",
                                 "GET /products/prod_pro", "GET /addons/adn_seat",
                                 "POST /subscriptions/sub_1/change-plan/preview",
                                 "POST /subscriptions/sub_1/change-plan/preview"});
  CHECK(server.mutating_requests() == 0);
  CHECK(r.results.at(0).now.source == "Dodo's immediate_charge.effective_at");
}

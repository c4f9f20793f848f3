// A fake Dodo API for the crosscheck tests: plain http on 127.0.0.1 with a
// free port, the four read-only endpoints answering in Dodo's exact shapes
// (tests/crosscheck/data/), and faults to inject into the next requests.
#pragma once

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <httplib.h>
#include <iterator>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <vector>

#include "crosscheck/endpoint.hpp"

namespace xc_test {

inline nlohmann::json read_data(const std::string& name) {
  std::ifstream in(std::filesystem::path(PRORATA_CROSSCHECK_DATA) / name, std::ios::binary);
  return nlohmann::json::parse(
      std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
}

enum class fault {
  rate_limited,      ///< 429 with Retry-After: 1 (seconds)
  rate_limited_ms,   ///< 429 with retry-after-ms: 5
  server_error,      ///< 500 with {"code", "message"}
  slow,              ///< the normal answer after slow_delay
  malformed,         ///< 200 with a body that is not JSON
  unauthorized,      ///< 401 {"code": "UNAUTHORIZED", ...}
  not_found_nested,  ///< 404 {"error": {"code": "NOT_FOUND", "message", "details"}}
  connection_reset,  ///< the connection is reset (RST) instead of an answer
  nul_trailer,       ///< 200 with product prod_pro, then a NUL byte and more bytes
};

class fake_dodo {
 public:
  static constexpr const char* api_key = "sk_test_FAKEKEY_0123456789abcdef";

  fake_dodo() {
    subscription_ = read_data("subscription.json");
    products_["prod_basic"] = read_data("product_basic.json");
    products_["prod_pro"] = read_data("product_pro.json");
    addons_["adn_seat"] = read_data("addon_seat.json");
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return pre_route(req, res);
    });
    server_.Get(
        R"(/subscriptions/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
          answer_object(res,
                        req.matches[1] == subscription_["subscription_id"].get<std::string>()
                            ? &subscription_
                            : nullptr,
                        "subscription");
        });
    server_.Get(R"(/products/([^/]+))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  const auto it = products_.find(req.matches[1]);
                  answer_object(res, it == products_.end() ? nullptr : &it->second, "product");
                });
    server_.Get(R"(/addons/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      const auto it = addons_.find(req.matches[1]);
      answer_object(res, it == addons_.end() ? nullptr : &it->second, "addon");
    });
    server_.Post(
        R"(/subscriptions/([^/]+)/change-plan/preview)",
        [this](const httplib::Request& req, httplib::Response& res) { preview(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  fake_dodo(const fake_dodo&) = delete;
  fake_dodo& operator=(const fake_dodo&) = delete;

  ~fake_dodo() { stop(); }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }

  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// The next `times` requests (whose path contains `path_part`) get `f`.
  void inject(fault f, int times = 1, std::string path_part = "") {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < times; ++i) faults_.push_back({f, path_part});
  }

  /// Applied to every preview answer before it is sent.
  void set_preview_mutation(std::function<void(nlohmann::json&)> m) {
    std::lock_guard lock(mutex_);
    mutate_ = std::move(m);
  }

  void set_slow_delay(std::chrono::milliseconds d) { slow_delay_ = d; }

  /// The data file every preview without addons answers with (default
  /// preview_upgrade.json): a recorded exchange shaped like another rule.
  void set_preview_file(std::string name) {
    std::lock_guard lock(mutex_);
    preview_file_ = std::move(name);
  }

  /// "GET /subscriptions/sub_1" (the raw request target), in arrival order.
  [[nodiscard]] std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  /// Requests that are not one of the four read-only endpoints.
  [[nodiscard]] std::size_t mutating_requests() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(requests_.begin(), requests_.end(), [](const std::string& r) {
          const auto space = r.find(' ');
          return !prorata::crosscheck::is_read_only_request(r.substr(0, space),
                                                            r.substr(space + 1));
        }));
  }
  /// Requests that carried a wrong or no Authorization header.
  [[nodiscard]] int unauthorized_requests() const {
    std::lock_guard lock(mutex_);
    return unauthorized_;
  }

  nlohmann::json& subscription() { return subscription_; }

 private:
  struct pending_fault {
    fault kind;
    std::string path_part;
  };

  static void dodo_error(httplib::Response& res, int status, const std::string& code,
                         const std::string& message) {
    res.status = status;
    res.set_content(nlohmann::json{{"code", code}, {"message", message}}.dump(),
                    "application/json");
  }

  static void answer_object(httplib::Response& res, const nlohmann::json* object,
                            const std::string& what) {
    if (object == nullptr) {
      dodo_error(res, 404, "NOT_FOUND", what + " not found");
      return;
    }
    res.set_content(object->dump(), "application/json");
  }

  /// SO_LINGER 0 on the server side of the connection from `remote_port`,
  /// so that closing it sends RST: a connection reset for the client.
  void arm_reset(int remote_port) {
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
      const int fd = std::atoi(entry.path().filename().c_str());
      sockaddr_in local{};
      sockaddr_in peer{};
      socklen_t len = sizeof local;
      if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0 ||
          local.sin_family != AF_INET || ntohs(local.sin_port) != port_) {
        continue;
      }
      len = sizeof peer;
      if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0 ||
          ntohs(peer.sin_port) != remote_port) {
        continue;
      }
      const linger l{1, 0};
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
  }

  httplib::Server::HandlerResponse pre_route(const httplib::Request& req, httplib::Response& res) {
    std::optional<fault> f;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(req.method + " " + req.target);  // raw, not decoded
      if (req.get_header_value("Authorization") != std::string("Bearer ") + api_key) {
        ++unauthorized_;
      }
      for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        if (req.path.find(it->path_part) != std::string::npos) {
          f = it->kind;
          faults_.erase(it);
          break;
        }
      }
    }
    using R = httplib::Server::HandlerResponse;
    if (!prorata::crosscheck::is_read_only_request(req.method, req.target)) {
      dodo_error(res, 405, "METHOD_NOT_ALLOWED", "the fake server serves read-only endpoints only");
      return R::Handled;
    }
    if (req.get_header_value("Authorization") != std::string("Bearer ") + api_key) {
      dodo_error(res, 401, "UNAUTHORIZED", "invalid API key");
      return R::Handled;
    }
    if (!f) return R::Unhandled;
    switch (*f) {
      case fault::rate_limited:
        res.set_header("Retry-After", "1");
        dodo_error(res, 429, "TOO_MANY_REQUESTS", "rate limit exceeded");
        return R::Handled;
      case fault::rate_limited_ms:
        res.set_header("retry-after-ms", "5");
        dodo_error(res, 429, "TOO_MANY_REQUESTS", "rate limit exceeded");
        return R::Handled;
      case fault::server_error:
        dodo_error(res, 500, "INTERNAL_SERVER_ERROR", "something went wrong");
        return R::Handled;
      case fault::slow: {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, slow_delay_, [this] { return stopping_; });
        return R::Unhandled;
      }
      case fault::malformed:
        res.set_content("{\"subscription_id\": \"sub_1\", ", "application/json");
        return R::Handled;
      case fault::nul_trailer: {
        std::string body = products_.at("prod_pro").dump();
        body += '\0';
        body += "{\"ignored\": true}";
        res.set_content(body, "application/json");
        return R::Handled;
      }
      case fault::unauthorized:
        dodo_error(res, 401, "UNAUTHORIZED", "invalid API key");
        return R::Handled;
      case fault::not_found_nested:
        res.status = 404;
        res.set_content(nlohmann::json{{"error",
                                        {{"code", "SUBSCRIPTION_NOT_FOUND"},
                                         {"message", "no such subscription"},
                                         {"details", nullptr}}}}
                            .dump(),
                        "application/json");
        return R::Handled;
      case fault::connection_reset:
        arm_reset(req.remote_port);
        res.set_chunked_content_provider("application/json",
                                         [](std::size_t, httplib::DataSink&) { return false; });
        return R::Handled;
    }
    return R::Unhandled;
  }

  void preview(const httplib::Request& req, httplib::Response& res) {
    const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("product_id") ||
        !body.contains("proration_billing_mode")) {
      dodo_error(res, 422, "INVALID_REQUEST_PARAMETERS",
                 "product_id and proration_billing_mode are required");
      return;
    }
    const bool seats =
        body.contains("addons") && body["addons"].is_array() && !body["addons"].empty();
    std::string file;
    {
      std::lock_guard lock(mutex_);
      file = seats ? "preview_seats.json" : preview_file_;
    }
    nlohmann::json p = read_data(file);
    nlohmann::json plan = subscription_;
    for (const auto& [k, v] : p["new_plan_from_subscription"].items()) plan[k] = v;
    p.erase("new_plan_from_subscription");
    p.erase("comment");
    p["new_plan"] = plan;
    std::function<void(nlohmann::json&)> mutate;
    {
      std::lock_guard lock(mutex_);
      mutate = mutate_;
    }
    if (mutate) mutate(p);
    res.set_header("Date", "Thu, 16 Apr 2026 00:00:01 GMT");
    res.set_content(p.dump(), "application/json");
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::deque<pending_fault> faults_;
  std::vector<std::string> requests_;
  int unauthorized_ = 0;
  std::function<void(nlohmann::json&)> mutate_;
  std::chrono::milliseconds slow_delay_{1500};
  std::string preview_file_ = "preview_upgrade.json";
  nlohmann::json subscription_;
  std::map<std::string, nlohmann::json> products_;
  std::map<std::string, nlohmann::json> addons_;
};

}  // namespace xc_test

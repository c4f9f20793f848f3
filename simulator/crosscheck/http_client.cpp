#include "crosscheck/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <curl/curl.h>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "crosscheck/errors.hpp"

namespace prorata::crosscheck {

namespace {

constexpr std::size_t max_body_bytes = std::size_t{16} << 20U;  // a Subscription is a few KiB

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct easy_deleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

struct transfer {
  std::string body;
  std::map<std::string, std::string> headers;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t n = size * count;
  if (t->body.size() + n > max_body_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer
  }
  t->body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  if (line.substr(0, 5) == "HTTP/") {
    t->headers.clear();  // a new response (e.g. after 100 Continue)
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::find(kept_headers.begin(), kept_headers.end(), name) == kept_headers.end()) return n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->headers[name] = std::string(value);
  return n;
}

bool is_token(const std::string& key) {
  if (key.empty() || key.size() > 4096) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F;
  });
}

std::string status_text(const attempt_outcome& o) {
  return o.network_error ? std::string("a network error") : "HTTP " + std::to_string(o.status);
}

}  // namespace

http_client::http_client(client_options options) : options_(std::move(options)) {
  if (!is_token(options_.api_key)) {
    throw config_error(
        "the API key is empty or contains spaces or control characters "
        "(DODO_PAYMENTS_API_KEY or --api-key-file)");
  }
  if (options_.retry.max_attempts < 1) options_.retry.max_attempts = 1;
  if (!options_.sleep) options_.sleep = [](milliseconds d) { std::this_thread::sleep_for(d); };
  if (!options_.random) {
    auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
    options_.random = [engine] { return (*engine)(); };
  }
  global_init();
}

http_response http_client::exchange(const endpoint& e, const std::string& body) {
  const std::string method(method_of(e.kind));
  const std::string path = path_of(e);
  if (!is_read_only_request(method, path)) {  // unreachable by construction; checked anyway
    throw config_error("refused to send " + redact(method + " " + path, options_.api_key) +
                       ": not one of the four read-only endpoints");
  }
  const std::string url = options_.url.text() + path;
  const std::string what = method + " " + path;
  const bool https = options_.url.scheme == "https";
  for (int attempt = 1;; ++attempt) {
    std::unique_ptr<CURL, easy_deleter> h(curl_easy_init());
    if (!h) throw remote_error(remote_failure::network, what + ": cannot create a curl handle");
    std::unique_ptr<curl_slist, slist_deleter> headers;
    const auto add_header = [&headers](const std::string& line) {
      curl_slist* next = curl_slist_append(headers.get(), line.c_str());
      if (next == nullptr) throw std::bad_alloc();
      (void)headers.release();
      headers.reset(next);
    };
    add_header("Authorization: Bearer " + options_.api_key);
    add_header("Accept: application/json");
    add_header("User-Agent: prorata-crosscheck");
    if (e.kind == endpoint_kind::preview_change_plan) add_header("Content-Type: application/json");
    transfer t;
    char error_buffer[CURL_ERROR_SIZE] = {};
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, https ? "https" : "http");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is answered as is
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    if (e.kind == endpoint_kind::preview_change_plan) {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    const auto sent_at = std::chrono::system_clock::now();
    const CURLcode rc = curl_easy_perform(c);

    attempt_outcome outcome;
    if (rc == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
      outcome.status = status;
      if (const auto it = t.headers.find("retry-after"); it != t.headers.end()) {
        outcome.retry_after = it->second;
      }
      if (const auto it = t.headers.find("retry-after-ms"); it != t.headers.end()) {
        outcome.retry_after_ms = it->second;
      }
    } else {
      outcome.network_error = true;
    }
    const auto delay = next_delay(outcome, attempt, options_.retry, options_.random(),
                                  std::chrono::system_clock::now());
    if (delay) {
      if (options_.note) {
        options_.note(redact("retrying " + what + " in " + std::to_string(delay->count()) +
                                 " ms after " + status_text(outcome) + " (attempt " +
                                 std::to_string(attempt) + " of " +
                                 std::to_string(options_.retry.max_attempts) + ")",
                             options_.api_key));
      }
      options_.sleep(*delay);
      continue;
    }
    if (outcome.network_error) {
      std::string why =
          error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(rc));
      if (t.too_large) why = "the answer is larger than 16 MiB";
      const remote_failure kind =
          rc == CURLE_OPERATION_TIMEDOUT ? remote_failure::timeout : remote_failure::network;
      throw remote_error(kind, redact(what + ": " + why + " (after " + std::to_string(attempt) +
                                          (attempt == 1 ? " attempt)" : " attempts)"),
                                      options_.api_key));
    }
    http_response r;
    r.status = outcome.status;
    r.body = std::move(t.body);
    r.headers = std::move(t.headers);
    r.sent_at = sent_at;
    r.attempts = attempt;
    return r;
  }
}

}  // namespace prorata::crosscheck

#include "crosscheck/store.hpp"

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>

#include <prorata/calendar/instant.hpp>
#include <prorata/error.hpp>

#include "crosscheck/errors.hpp"
#include "crosscheck/json_text.hpp"

namespace prorata::crosscheck {

namespace {

/// FNV-1a 64: a stable name for a request body, not a security measure.
std::string fnv1a_hex(const std::string& text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = digits[h & 0xFU];
    h >>= 4U;
  }
  return out;
}

/// The request body in a canonical form, so that the same request written
/// with other spacing or member order finds the same recording.
std::string canonical(const std::string& body) {
  const nlohmann::json j = parse_or_discarded(body);
  return j.is_discarded() ? body : j.dump();
}

/// Redacts a JSON value's strings (recursively).
void redact_json(nlohmann::json& j, const std::string& secret) {
  if (j.is_string()) {
    j = redact(j.get<std::string>(), secret);
  } else if (j.is_structured()) {
    for (auto& v : j) redact_json(v, secret);
  }
}

}  // namespace

std::string recording_name(const endpoint& e, const std::string& body) {
  std::string name = std::string(to_string(e.kind)) + "-" + percent_encode(e.id);
  if (e.kind == endpoint_kind::preview_change_plan) name += "-" + fnv1a_hex(canonical(body));
  return name + ".json";
}

recording_transport::recording_transport(transport& inner, std::filesystem::path dir,
                                         std::string secret)
    : inner_(inner), dir_(std::move(dir)), secret_(std::move(secret)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    throw io_error("--record " + dir_.string() + ": cannot create the directory: " + ec.message());
  }
}

http_response recording_transport::exchange(const endpoint& e, const std::string& body) {
  http_response r = inner_.exchange(e, body);
  nlohmann::ordered_json j;
  j["method"] = std::string(method_of(e.kind));
  j["path"] = redact(path_of(e), secret_);
  nlohmann::json request = nullptr;
  if (e.kind == endpoint_kind::preview_change_plan) {
    request = parse_or_discarded(body);
    if (request.is_discarded()) request = body;
    redact_json(request, secret_);
  }
  j["request_body"] = request;
  j["status"] = r.status;
  nlohmann::ordered_json headers = nlohmann::ordered_json::object();
  for (const auto& [name, value] : r.headers) headers[name] = redact(value, secret_);
  j["headers"] = headers;
  j["sent_at"] = format_rfc3339(std::chrono::time_point_cast<std::chrono::milliseconds>(r.sent_at));
  j["attempts"] = r.attempts;
  j["body"] = redact(r.body, secret_);
  const std::filesystem::path target = dir_ / recording_name(e, body);
  const std::filesystem::path temp = target.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    out.flush();
    if (!out) {
      throw io_error("--record: cannot write " + temp.string() + ": " + std::strerror(errno));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) throw io_error("--record: cannot rename to " + target.string() + ": " + ec.message());
  return r;
}

replay_transport::replay_transport(std::filesystem::path dir) : dir_(std::move(dir)) {
  if (!std::filesystem::is_directory(dir_)) {
    throw config_error("--replay " + dir_.string() + ": not a directory");
  }
}

http_response replay_transport::exchange(const endpoint& e, const std::string& body) {
  const std::filesystem::path file = dir_ / recording_name(e, body);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw remote_error(remote_failure::replay, describe(e) + ": no recording " + file.string() +
                                                   " (record it with --record)");
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const nlohmann::json j = parse_or_discarded(text);
  const auto bad = [&](const std::string& why) {
    return remote_error(remote_failure::replay, "recording " + file.string() + ": " + why);
  };
  if (!j.is_object()) throw bad("not a JSON object");
  http_response r;
  try {
    r.status = j.at("status").get<long>();
    r.body = j.at("body").get<std::string>();
    for (const auto& [name, value] : j.at("headers").items()) {
      r.headers[name] = value.get<std::string>();
    }
    r.sent_at = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        parse_rfc3339_as<std::chrono::milliseconds>(j.at("sent_at").get<std::string>()));
    r.attempts = j.value("attempts", 1);
  } catch (const nlohmann::json::exception& ex) {
    throw bad(ex.what());
  } catch (const prorata::error& ex) {
    throw bad(ex.what());
  }
  return r;
}

}  // namespace prorata::crosscheck

#pragma once
// The two ways a cross-check fails before it can compare anything: the user
// asked for something impossible (exit 2), or Dodo's API did not answer
// usefully (exit 4), or a local file failed (exit 3). Messages never contain the API key (see
// redact()).

#include <stdexcept>
#include <string>
#include <utility>

namespace prorata::crosscheck {

/// Bad flags, files or configuration (exit 2).
class config_error : public std::runtime_error {
 public:
  explicit config_error(const std::string& what) : std::runtime_error(what) {}
};

/// A local file or directory that cannot be read or written (exit 3).
class io_error : public std::runtime_error {
 public:
  explicit io_error(const std::string& what) : std::runtime_error(what) {}
};

/// Why a remote call failed.
enum class remote_failure {
  network,    ///< connect, TLS, reset, DNS: no HTTP answer
  timeout,    ///< the connect or total timeout expired
  http,       ///< an HTTP error status (4xx, or 5xx/429 after the last retry)
  malformed,  ///< a 2xx answer that is not the JSON object expected
  replay,     ///< --replay has no recorded answer for the request
};

/// A remote API failure (exit 4). `code` and `message` are Dodo's when the
/// error body carried them.
class remote_error : public std::runtime_error {
 public:
  remote_error(remote_failure kind, const std::string& what, long status = 0, std::string code = {},
               std::string message = {})
      : std::runtime_error(what),
        kind_(kind),
        status_(status),
        code_(std::move(code)),
        message_(std::move(message)) {}

  [[nodiscard]] remote_failure kind() const noexcept { return kind_; }
  [[nodiscard]] long status() const noexcept { return status_; }
  [[nodiscard]] const std::string& code() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  remote_failure kind_;
  long status_;
  std::string code_;
  std::string message_;
};

/// `text` with every occurrence of `secret` replaced by "[REDACTED]" (a
/// no-op when `secret` is empty). Applied to every message and saved file.
[[nodiscard]] std::string redact(std::string text, const std::string& secret);

}  // namespace prorata::crosscheck

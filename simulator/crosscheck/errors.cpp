#include "crosscheck/errors.hpp"

namespace prorata::crosscheck {

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + 10)) {
    text.replace(at, secret.size(), "[REDACTED]");
  }
  return text;
}

}  // namespace prorata::crosscheck

#pragma once

#include <string>
#include <string_view>

#include <prorata/error.hpp>

namespace prorata {

/// A request Dodo itself would refuse, carrying Dodo's error code name
/// (api-reference/error-codes.mdx), e.g. INACTIVE_SUBSCRIPTION_PLAN_CHANGE_NOT_SUPPORTED.
class refusal : public error {
 public:
  refusal(std::string_view code, const std::string& message)
      : error(std::string(code) + ": " + message), code_(code) {}
  /// Dodo's error code, e.g. "ON_DEMAND_PLAN_CHANGE_NOT_SUPPORTED".
  [[nodiscard]] const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

}  // namespace prorata

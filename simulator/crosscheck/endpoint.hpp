#pragma once
// The only four requests the adapter can make, all read-only. A request is
// an endpoint value (a closed enum and an id), never a free-form path, so
// no code path can reach change-plan, charge, update-payment-method, PATCH
// or DELETE; is_read_only_request() checks the built path once more before
// anything is sent.

#include <string>
#include <string_view>

namespace prorata::crosscheck {

enum class endpoint_kind {
  get_subscription,     ///< GET  /subscriptions/{id}
  get_product,          ///< GET  /products/{id}
  get_addon,            ///< GET  /addons/{id}
  preview_change_plan,  ///< POST /subscriptions/{id}/change-plan/preview (computes, changes
                        ///< nothing)
};

/// One request: what and for which id (the id is percent-encoded into the path).
struct endpoint {
  endpoint_kind kind;
  std::string id;
};

/// "get_subscription", ... (file names of recordings, messages).
[[nodiscard]] std::string_view to_string(endpoint_kind kind) noexcept;

/// "GET" or "POST".
[[nodiscard]] std::string_view method_of(endpoint_kind kind) noexcept;

/// RFC 3986 percent-encoding of everything but the unreserved characters
/// A-Z a-z 0-9 - . _ ~, so an id can never add a path segment or a query.
[[nodiscard]] std::string percent_encode(std::string_view id);

/// The path of `e`, e.g. "/subscriptions/sub_1/change-plan/preview".
/// Throws config_error for an empty id.
[[nodiscard]] std::string path_of(const endpoint& e);

/// True only for the four shapes above with one non-empty, fully encoded
/// segment as the id: the allowlist every request passes before it is sent.
[[nodiscard]] bool is_read_only_request(std::string_view method, std::string_view path) noexcept;

/// "GET /products/prod_pro" for messages.
[[nodiscard]] std::string describe(const endpoint& e);

}  // namespace prorata::crosscheck

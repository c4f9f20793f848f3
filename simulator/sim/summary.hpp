#pragma once
// Totals over a ledger (`prorata simulate --summary`): per kind and
// currency, and the money collected per calendar month (UTC).

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "ledger_row.hpp"

namespace prorata::sim {

struct kind_totals {
  std::int64_t rows = 0;
  std::int64_t subtotal = 0;
  std::int64_t tax = 0;
  std::int64_t customer_credits = 0;
  std::int64_t settlement_amount = 0;
  std::int64_t credit_change = 0;
};

/// Sums are exact; a sum past the int64 range throws overflow_error.
class ledger_summary {
 public:
  void add(const ledger_row& row);
  /// Adds another summary's totals (of rows that come after this one's).
  void merge(const ledger_summary& other);

  [[nodiscard]] std::int64_t rows() const noexcept { return rows_; }
  [[nodiscard]] std::int64_t subscriptions() const noexcept { return subscriptions_; }
  void count_subscription() { ++subscriptions_; }

  /// Keyed by (currency code, kind).
  [[nodiscard]] const std::map<std::pair<std::string, row_kind>, kind_totals>& by_kind() const {
    return by_kind_;
  }
  /// settlement_amount collected, keyed by (currency code, "YYYY-MM").
  [[nodiscard]] const std::map<std::pair<std::string, std::string>, std::int64_t>& revenue() const {
    return revenue_;
  }

  /// The summary as text: one table per currency, amounts in major units.
  [[nodiscard]] std::string to_text() const;

 private:
  std::int64_t rows_ = 0;
  std::int64_t subscriptions_ = 0;
  std::map<std::pair<std::string, row_kind>, kind_totals> by_kind_;
  std::map<std::pair<std::string, std::string>, std::int64_t> revenue_;
};

}  // namespace prorata::sim

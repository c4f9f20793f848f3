#pragma once
// Ledger rows shaped like `prorata simulate`'s output (bench/simulate.sh's
// scenarios): per subscription a created row, monthly renewals, plan changes
// with their credit rows, realistic ids and instants. Shared by bench_ledger
// and count_ledger.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <sim/ledger_row.hpp>
#include <string>
#include <vector>

namespace prorata_bench {

struct ledger_cases {
  std::vector<std::string> ids;  // the rows' subscription_id views point here
  std::vector<prorata::sim::ledger_row> rows;
};

inline ledger_cases make_ledger_cases(std::size_t subscriptions = 256) {
  using namespace std::chrono;
  using prorata::sim::ledger_row;
  using prorata::sim::row_kind;
  namespace sim = prorata::sim;
  ledger_cases c;
  c.ids.reserve(subscriptions);
  const prorata::instant start = prorata::instant{seconds{1767981600}};  // 2026-01-09T18:00:00Z
  for (std::size_t s = 0; s < subscriptions; ++s) {
    char id[32];
    std::snprintf(id, sizeof id, "sub_%021zu", s * 7919);
    c.ids.emplace_back(id);
  }
  for (std::size_t s = 0; s < subscriptions; ++s) {
    const std::string_view id = c.ids[s];
    const std::string_view product = s % 3 == 0 ? "prod_basic" : "prod_pro";
    const std::int64_t quantity = 1 + static_cast<std::int64_t>(s % 4);
    const std::int64_t price = 9000 * quantity;
    prorata::instant period_start = start + minutes{static_cast<std::int64_t>(s * 37)};
    std::int64_t credit = 0;
    const auto row = [&](row_kind kind, prorata::instant at, std::uint16_t hooks) {
      ledger_row r;
      r.at = at;
      r.subscription_id = id;
      r.kind = kind;
      r.period_start = period_start;
      r.period_end = period_start + days{30};
      r.product_id = product;
      r.quantity = quantity;
      r.webhooks = hooks;
      r.credit_balance = credit;
      return r;
    };
    ledger_row created =
        row(row_kind::created, period_start, sim::payment_succeeded | sim::subscription_active);
    created.subtotal = created.settlement_amount = price;
    c.rows.push_back(created);
    for (int month = 1; month <= 10; ++month) {
      const prorata::instant renewal_at = period_start + days{30};
      if (month == 4) {  // a downgrade mid-period: credit added, then used at renewals
        const prorata::instant at = period_start + days{6} + hours{2} + minutes{9};
        credit = price / 2;
        ledger_row change = row(row_kind::plan_change, at, sim::subscription_plan_changed);
        change.subtotal = -credit;
        change.customer_credits = credit;
        change.detail = "difference_immediately";
        c.rows.push_back(change);
        ledger_row added = row(row_kind::credit_added, at, 0);
        added.credit_change = credit;
        c.rows.push_back(added);
      } else if (month == 7) {  // an upgrade charged now
        ledger_row change = row(row_kind::plan_change, period_start + days{11} + minutes{73},
                                sim::payment_succeeded | sim::subscription_plan_changed);
        change.subtotal = change.settlement_amount = price / 3 + 1;
        change.detail = "prorated_immediately";
        c.rows.push_back(change);
      }
      period_start = renewal_at;
      const std::int64_t used = credit < price ? credit : price;
      credit -= used;
      ledger_row renewal =
          row(row_kind::renewal, renewal_at,
              static_cast<std::uint16_t>((used < price ? sim::payment_succeeded : 0) |
                                         sim::subscription_renewed));
      renewal.subtotal = price;
      renewal.customer_credits = -used;
      renewal.settlement_amount = price - used;
      c.rows.push_back(renewal);
      if (used != 0) {
        ledger_row used_row = row(row_kind::credit_used, renewal_at, 0);
        used_row.credit_change = -used;
        c.rows.push_back(used_row);
      }
    }
  }
  return c;
}

}  // namespace prorata_bench

#include "summary.hpp"

#include <cstdio>
#include <set>
#include <string>

#include <date/date.h>

#include <prorata/detail/checked.hpp>
#include <prorata/money/money.hpp>

namespace prorata::sim {
namespace {

void add_into(std::int64_t& total, std::int64_t v) {
  total = prorata::detail::checked_add(total, v, "ledger summary total");
}

void add_into(kind_totals& t, const kind_totals& o) {
  add_into(t.rows, o.rows);
  add_into(t.subtotal, o.subtotal);
  add_into(t.tax, o.tax);
  add_into(t.customer_credits, o.customer_credits);
  add_into(t.settlement_amount, o.settlement_amount);
  add_into(t.credit_change, o.credit_change);
}

std::string month_of(instant t) {
  const date::year_month_day ymd{date::floor<date::days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return buf;
}

std::string amount(std::int64_t minor, const std::string& code) {
  const money m = money::from_minor(minor, currency::from_code(code, minor_unit_source::dodo));
  return format_scaled(m.minor_units(), m.currency().minor_digits());
}

}  // namespace

void ledger_summary::add(const ledger_row& row) {
  add_into(rows_, 1);
  const std::string code(row.row_currency.code());
  kind_totals& t = by_kind_[{code, row.kind}];
  add_into(t, {1, row.subtotal, row.tax, row.customer_credits, row.settlement_amount,
               row.credit_change});
  if (row.settlement_amount != 0)
    add_into(revenue_[{code, month_of(row.at)}], row.settlement_amount);
}

void ledger_summary::merge(const ledger_summary& other) {
  add_into(rows_, other.rows_);
  add_into(subscriptions_, other.subscriptions_);
  for (const auto& [key, totals] : other.by_kind_) add_into(by_kind_[key], totals);
  for (const auto& [key, value] : other.revenue_) add_into(revenue_[key], value);
}

std::string ledger_summary::to_text() const {
  std::string out = std::to_string(subscriptions_) + " subscriptions, " + std::to_string(rows_) +
                    " ledger rows\n";
  std::set<std::string> currencies;
  for (const auto& entry : by_kind_) currencies.insert(entry.first.first);
  char line[256];
  for (const std::string& code : currencies) {
    out += "\n" + code + " by kind\n";
    std::snprintf(line, sizeof line, "  %-26s %8s %14s %12s %16s %14s %14s\n", "kind", "rows",
                  "subtotal", "tax", "customer_credits", "collected", "credit_change");
    out += line;
    for (const auto& [key, t] : by_kind_) {
      if (key.first != code) continue;
      std::snprintf(line, sizeof line, "  %-26s %8lld %14s %12s %16s %14s %14s\n",
                    std::string(to_string(key.second)).c_str(), static_cast<long long>(t.rows),
                    amount(t.subtotal, code).c_str(), amount(t.tax, code).c_str(),
                    amount(t.customer_credits, code).c_str(),
                    amount(t.settlement_amount, code).c_str(),
                    amount(t.credit_change, code).c_str());
      out += line;
    }
    out += code + " collected per month (UTC)\n";
    for (const auto& [key, value] : revenue_) {
      if (key.first != code) continue;
      std::snprintf(line, sizeof line, "  %-8s %16s\n", key.second.c_str(),
                    amount(value, code).c_str());
      out += line;
    }
  }
  return out;
}

}  // namespace prorata::sim

#pragma once
// A small catalog and subscription shaped like the upgrade/downgrade guide:
// Starter $20, Basic $30, Pro $80, Team $99 monthly; a $10 seat addon; a
// 30-day period 2026-04-01..2026-05-01 so that 2026-04-16 leaves 15 of 30 days.

#include <string>
#include <vector>

#include <prorata/billing.hpp>
#include <prorata/calendar.hpp>
#include <prorata/money/io.hpp>

namespace prorata_test {

using namespace prorata;

inline const currency usd = currency::from_code("USD");

inline money dollars(const char* amount) { return money::parse(amount, usd); }

inline catalog guide_catalog() {
  catalog cat;
  cat.products = {{"starter", "Starter", dollars("20")},
                  {"basic", "Basic", dollars("30")},
                  {"pro", "Pro", dollars("80")},
                  {"team", "Team", dollars("99")}};
  product yearly{"pro_yearly", "Pro yearly", dollars("800")};
  yearly.interval = billing_interval(interval_unit::year, 1);
  cat.products.push_back(yearly);
  product euro{"pro_eur", "Pro EUR", money::parse("80", currency::from_code("EUR"))};
  cat.products.push_back(euro);
  cat.addons = {{"seat", "Extra seat", dollars("10")}};
  discount ten = percentage_discount("TEN", 1000);
  discount five_off = flat_discount("FIVEOFF", dollars("5"), 2);
  cat.discounts = {ten, five_off};
  return cat;
}

inline instant at(const char* rfc3339) { return parse_rfc3339(rfc3339); }

inline subscription_state subscription_on(const std::string& product_id) {
  subscription_state s;
  s.subscription_id = "sub_test";
  s.product_id = product_id;
  s.currency = usd;
  s.previous_billing_date = at("2026-04-01T00:00:00Z");
  s.next_billing_date = at("2026-05-01T00:00:00Z");
  s.billing_anchor = s.previous_billing_date;
  s.credit_balance = money::zero(usd);
  return s;
}

inline change_request change_to(const std::string& product_id, proration_mode mode) {
  change_request r;
  r.product_id = product_id;
  r.mode = mode;
  return r;
}

inline const instant mid_april = at("2026-04-16T00:00:00Z");  // 15 of 30 days left
inline const tax_rate no_tax{};

}  // namespace prorata_test

#pragma once
// The simulator benchmark's scenario (bench/simulate.sh, bench_simulate): a
// header line, then monthly subscriptions created in January 2026, each
// with three plan changes at fixed-seed random instants, simulated until
// 2027-01-01 (the creation charge and 11 renewals: 12 billed cycles).
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace prorata_bench {

inline constexpr const char* scenario_header_line =
    R"({"until":"2027-01-01T00:00:00Z","policy":{},"catalog":{"products":[)"
    R"({"product_id":"prod_starter","name":"Starter","price":{"type":"recurring_price","price":2000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}},)"
    R"({"product_id":"prod_basic","name":"Basic","price":{"type":"recurring_price","price":3000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}},)"
    R"({"product_id":"prod_pro","name":"Pro","price":{"type":"recurring_price","price":8000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}},)"
    R"({"product_id":"prod_team","name":"Team","price":{"type":"recurring_price","price":9900,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}}],)"
    R"("addons":[{"id":"adn_seat","name":"Extra Seat","price":1000,"currency":"USD"}]}})";

/// Subscription lines, one per next() call, from a fixed seed.
class scenario_lines {
 public:
  /// The next line of the sequence, into `out` (without its newline).
  void next(std::string& out) {
    const int created_day = pick(1, 28);
    char buf[2048];
    int n =
        std::snprintf(buf, sizeof buf,
                      R"({"subscription_id":"sub_%021lld","product_id":"%s","quantity":%d,)"
                      R"("currency":"USD","created_at":"2026-01-%02dT%02d:00:00Z","tax_rate":"%s",)"
                      R"("addons":[{"addon_id":"adn_seat","quantity":%d}],"events":[)",
                      static_cast<long long>(index_++), products[pick(0, 3)], pick(1, 5),
                      created_day, pick(0, 23), pick(0, 1) == 0 ? "0" : "0.0825", pick(1, 3));
    out.assign(buf, static_cast<std::size_t>(n));
    // Three changes on distinct days of the year, after creation, in time order.
    int day = 31;
    for (int k = 0; k < 3; ++k) {
      day += pick(1, 100);
      if (day > 364) day = 364;
      int month = 11;
      while (days_before_month[month] >= day) --month;
      n = std::snprintf(
          buf, sizeof buf,
          R"(%s{"at":"2026-%02d-%02dT%02d:%02d:00Z","type":"change_plan","request":)"
          R"({"product_id":"%s","quantity":%d,"proration_billing_mode":"%s","addons":[)"
          R"({"addon_id":"adn_seat","quantity":%d}]}})",
          k == 0 ? "" : ",", month + 1, day - days_before_month[month], 12 + k, pick(0, 59),
          products[pick(0, 3)], pick(1, 5), modes[pick(0, 2)], pick(1, 3));
      out.append(buf, static_cast<std::size_t>(n));
    }
    out += "]}";
  }

 private:
  static constexpr const char* products[] = {"prod_starter", "prod_basic", "prod_pro", "prod_team"};
  static constexpr const char* modes[] = {"prorated_immediately", "difference_immediately",
                                          "full_immediately"};
  static constexpr int days_before_month[] = {0,   31,  59,  90,  120, 151,
                                              181, 212, 243, 273, 304, 334};

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::mt19937_64 rng_{2026};
  std::int64_t index_ = 0;
};

}  // namespace prorata_bench

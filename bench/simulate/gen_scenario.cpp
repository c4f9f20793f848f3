// Writes a JSON Lines scenario for the simulator benchmark: a header line,
// then N monthly subscriptions created in January 2026, each with three plan
// changes at fixed-seed random instants, simulated until 2027-01-01 (the
// creation charge and 11 renewals: 12 billed cycles). Run:
//   build/bench/gen_scenario 1000000 > /tmp/subs.jsonl
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace {

constexpr const char* header =
    R"({"until":"2027-01-01T00:00:00Z","policy":{},"catalog":{"products":[)"
    R"({"product_id":"prod_starter","name":"Starter","price":{"type":"recurring_price","price":2000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}},)"
    R"({"product_id":"prod_basic","name":"Basic","price":{"type":"recurring_price","price":3000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}},)"
    R"({"product_id":"prod_pro","name":"Pro","price":{"type":"recurring_price","price":8000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}},)"
    R"({"product_id":"prod_team","name":"Team","price":{"type":"recurring_price","price":9900,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1}}],)"
    R"("addons":[{"id":"adn_seat","name":"Extra Seat","price":1000,"currency":"USD"}]}})";

constexpr const char* products[] = {"prod_starter", "prod_basic", "prod_pro", "prod_team"};
constexpr const char* modes[] = {"prorated_immediately", "difference_immediately",
                                 "full_immediately"};
constexpr int days_before_month[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1000;
  std::mt19937_64 rng(2026);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::printf("%s\n", header);
  for (long i = 0; i < n; ++i) {
    const int created_day = pick(1, 28);
    std::printf(R"({"subscription_id":"sub_%021ld","product_id":"%s","quantity":%d,)"
                R"("currency":"USD","created_at":"2026-01-%02dT%02d:00:00Z","tax_rate":"%s",)"
                R"("addons":[{"addon_id":"adn_seat","quantity":%d}],"events":[)",
                i, products[pick(0, 3)], pick(1, 5), created_day, pick(0, 23),
                pick(0, 1) == 0 ? "0" : "0.0825", pick(1, 3));
    // Three changes on distinct days of the year, after creation, in time order.
    int day = 31;
    for (int k = 0; k < 3; ++k) {
      day += pick(1, 100);
      if (day > 364) day = 364;
      int month = 11;
      while (days_before_month[month] >= day) --month;
      std::printf(R"(%s{"at":"2026-%02d-%02dT%02d:%02d:00Z","type":"change_plan","request":)"
                  R"({"product_id":"%s","quantity":%d,"proration_billing_mode":"%s","addons":[)"
                  R"({"addon_id":"adn_seat","quantity":%d}]}})",
                  k == 0 ? "" : ",", month + 1, day - days_before_month[month], 12 + k, pick(0, 59),
                  products[pick(0, 3)], pick(1, 5), modes[pick(0, 2)], pick(1, 3));
    }
    std::printf("]}\n");
  }
  return 0;
}

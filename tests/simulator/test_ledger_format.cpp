// The ledger writer (sim/ledger_format.cpp) at the edges of its fast paths:
// instants (days-to-date arithmetic, the per-field memo, the fallback past
// year 9999), JSON escaping and CSV quoting (the block scans), integers,
// webhooks, and the two destinations (std::string, ledger_buffer). Expected
// text comes from independent references: date::format, std::to_string,
// nlohmann::json and plain byte loops.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "sim/ledger_format.hpp"
#include "support/property.hpp"

namespace {

using prorata::instant;
using prorata::sim::ledger_buffer;
using prorata::sim::ledger_row;
using prorata::sim::row_kind;

instant at_seconds(std::int64_t s) { return instant{std::chrono::seconds{s}}; }

/// RFC 3339 by date::format, or prorata's description past year 9999.
std::string reference_instant(std::int64_t s) {
  if (s < -62167219200 || s >= 253402300800) {
    return std::to_string(s) + " s since the Unix epoch";
  }
  return date::format("%FT%TZ", at_seconds(s));
}

/// JSON escaping as the writer documents it: " and \ with a backslash,
/// other bytes below 0x20 as \u00XX, everything else copied.
std::string reference_json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out + '"';
}

/// RFC 4180: quoted, quotes doubled, when the field holds , " CR or LF.
std::string reference_csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

/// The row as JSON, checked to be the same through both destinations.
std::string json_line(const ledger_row& r) {
  std::string s;
  prorata::sim::append_json_line(r, s);
  ledger_buffer b;
  prorata::sim::append_json_line(r, b);
  CHECK(b.view() == s);
  REQUIRE(!s.empty());
  CHECK(s.back() == '\n');
  return s;
}

std::string csv_record(const ledger_row& r) {
  std::string s;
  prorata::sim::append_csv_record(r, s);
  ledger_buffer b;
  prorata::sim::append_csv_record(r, b);
  CHECK(b.view() == s);
  return s;
}

nlohmann::json parsed(const ledger_row& r) { return nlohmann::json::parse(json_line(r)); }

ledger_row row_with_instants(std::int64_t at, std::int64_t start, std::int64_t end) {
  ledger_row r;
  r.at = at_seconds(at);
  r.period_start = at_seconds(start);
  r.period_end = at_seconds(end);
  r.subscription_id = "sub_1";
  r.product_id = "prod_1";
  return r;
}

/// Each instant in each of the three fields (the memo is per field).
void check_instants(const std::vector<std::int64_t>& seconds) {
  for (const std::int64_t s : seconds) {
    const std::string expected = reference_instant(s);
    const nlohmann::json j = parsed(row_with_instants(s, s, s));
    CHECK_MESSAGE(j["at"] == expected, s);
    CHECK_MESSAGE(j["period_start"] == expected, s);
    CHECK_MESSAGE(j["period_end"] == expected, s);
    const std::string csv = csv_record(row_with_instants(s, 0, 0));
    CHECK_MESSAGE(csv.substr(0, csv.find(',')) == expected, s);
  }
}

std::int64_t seconds_of(date::year_month_day d) {
  return std::int64_t{date::sys_days{d}.time_since_epoch().count()} * 86400;
}

/// `strings`, then for each length a clean string of it and one string with
/// each special byte at each position.
std::vector<std::string> with_specials(std::vector<std::string> strings,
                                       std::initializer_list<std::size_t> lengths,
                                       std::initializer_list<char> specials) {
  for (const std::size_t length : lengths) {
    strings.push_back(std::string(length, 'x'));
    for (const char special : specials) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string s(length, 'y');
        s[at] = special;
        strings.push_back(s);
      }
    }
  }
  return strings;
}

}  // namespace

TEST_CASE("ledger instants: years 0000, 0001, 9999, 10000 and before 1970") {
  check_instants({
      -62167219200,  // 0000-01-01T00:00:00Z, the first written as RFC 3339
      -62167219201,  // one second earlier: year -1, described
      -62135596800,  // 0001-01-01T00:00:00Z
      -62135596801,  // 0000-12-31T23:59:59Z
      -62162035201,  // 0000-02-29T23:59:59Z (year 0 is a leap year)
      253402300799,  // 9999-12-31T23:59:59Z, the last
      253402300800,  // 10000-01-01T00:00:00Z, described
      std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min(),
      -1,  // 1969-12-31T23:59:59Z
      -86400, -86401, 0, 1, 86399, 86400,
      1767981600,  // 2026-01-09T18:00:00Z
  });
  const nlohmann::json j = parsed(row_with_instants(-1, -62167219200, 253402300799));
  CHECK(j["at"] == "1969-12-31T23:59:59Z");
  CHECK(j["period_start"] == "0000-01-01T00:00:00Z");
  CHECK(j["period_end"] == "9999-12-31T23:59:59Z");
  CHECK(parsed(row_with_instants(253402300800, 0, 0))["at"] ==
        "253402300800 s since the Unix epoch");
}

TEST_CASE("ledger instants: leap days and every month's end") {
  using namespace date::literals;
  check_instants({
      seconds_of(2024_y / 2 / 29),
      seconds_of(2000_y / 2 / 29),
      seconds_of(2100_y / 3 / 1) - 1,  // 2100-02-28T23:59:59Z: 2100 is not a leap year
      seconds_of(2100_y / 3 / 1),
      seconds_of(1900_y / 3 / 1) - 1,
      seconds_of(1600_y / 2 / 29),
  });
  CHECK(parsed(row_with_instants(seconds_of(2100_y / 3 / 1) - 1, 0, 0))["at"] ==
        "2100-02-28T23:59:59Z");
  std::vector<std::int64_t> month_ends;
  for (const int y : {0, 1, 1969, 1970, 2023, 2024, 2100, 9999}) {
    for (unsigned m = 1; m <= 12; ++m) {
      const date::year_month_day last{date::year{y} / date::month{m} / date::last};
      const std::int64_t end = seconds_of(last);
      month_ends.insert(month_ends.end(), {end, end + 86399, end + 86400, end + 43210});
    }
  }
  check_instants(month_ends);
}

TEST_CASE("ledger instants: a repeated instant, then different ones, in every field") {
  const std::int64_t t1 = 1767981600;  // 2026-01-09T18:00:00Z
  const std::int64_t t2 = t1 + 31 * 86400;
  const std::int64_t t3 = t2 + 28 * 86400;
  const auto check_row = [](std::int64_t a, std::int64_t s, std::int64_t e) {
    const nlohmann::json j = parsed(row_with_instants(a, s, e));
    CHECK(j["at"] == reference_instant(a));
    CHECK(j["period_start"] == reference_instant(s));
    CHECK(j["period_end"] == reference_instant(e));
  };
  check_row(t1, t1, t2);
  check_row(t1, t1, t2);            // all hits
  check_row(t2, t2, t3);            // at and period_start found in period_end's memo
  check_row(t2 + 1, t2, t3);        // one second later
  check_row(t3, t1, t2 - 1);        // every field changes, found in other fields or not
  check_row(253402300800, t3, t3);  // described, then a hit again
  check_row(t3, 253402300800, -1);
  check_row(0, 0, 0);  // the memo's initial value
}

TEST_CASE("ledger strings: JSON escapes at every position of short and long strings") {
  std::vector<std::string> strings = with_specials(
      {"", "a", "\"", "\\", std::string(1, '\0'), "\x1f", "\x7f", "caf\xc3\xa9 \xe2\x82\xac"},
      {1u, 3u, 4u, 5u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 32u, 33u, 47u, 64u, 100u},
      {'"', '\\', '\n', '\x01', '\x1f', '\0'});
  strings.push_back(std::string(400, '"'));  // longer than the stack buffer once escaped
  strings.push_back(std::string(1000, '\x02'));
  for (const std::string& s : strings) {
    ledger_row r = row_with_instants(0, 0, 0);
    r.subscription_id = s;
    r.product_id = s;
    r.detail = s;
    const std::string line = json_line(r);
    const std::string escaped = reference_json_string(s);
    CHECK(line.find("\"subscription_id\":" + escaped + ",") != std::string::npos);
    CHECK(line.find("\"product_id\":" + escaped + ",") != std::string::npos);
    CHECK(line.ends_with("\"detail\":" + escaped + "}\n"));
    const nlohmann::json j = nlohmann::json::parse(line);
    CHECK(j["subscription_id"] == s);
    CHECK(j["product_id"] == s);
    CHECK(j["detail"] == s);
  }
}

TEST_CASE("ledger strings: CSV fields quoted when they hold , \" CR or LF") {
  const std::vector<std::string> strings =
      with_specials({"", "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\r", ",", "\"", "\r\n"},
                    {1u, 4u, 7u, 8u, 9u, 15u, 16u, 17u, 33u}, {',', '"', '\r', '\n'});
  for (const std::string& s : strings) {
    ledger_row r = row_with_instants(0, 0, 0);
    r.subscription_id = s;
    r.product_id = s;
    r.detail = s;
    const std::string csv = csv_record(r);
    const std::string field = reference_csv_field(s);
    CHECK(csv.starts_with("1970-01-01T00:00:00Z," + field + ",updated,USD,"));
    CHECK(csv.find(",1970-01-01T00:00:00Z," + field + ",0,active,,") != std::string::npos);
    CHECK(csv.ends_with("," + field + "\n"));
  }
}

TEST_CASE("ledger integers: every length, both signs, INT64_MIN and INT64_MAX") {
  std::vector<std::int64_t> values{0,
                                   1,
                                   9,
                                   10,
                                   -1,
                                   -9,
                                   -10,
                                   std::numeric_limits<std::int64_t>::min(),
                                   std::numeric_limits<std::int64_t>::max(),
                                   std::numeric_limits<std::int64_t>::min() + 1};
  std::int64_t p = 1;
  for (int digits = 1; digits <= 18; ++digits) {
    p *= 10;
    values.insert(values.end(), {p - 1, p, p + 1, -(p - 1), -p});
    // a typical amount's digits at this length, while it fits int64
    if (p / 10 <= std::numeric_limits<std::int64_t>::max() / 18000)
      values.push_back(18000 * (p / 10));
  }
  for (const std::int64_t v : values) {
    ledger_row r = row_with_instants(0, 0, 0);
    r.subtotal = r.tax = r.customer_credits = r.settlement_amount = r.credit_change =
        r.outstanding = r.credit_balance = r.quantity = v;
    const std::string line = json_line(r);
    const std::string text = std::to_string(v);
    for (const char* key : {"subtotal", "tax", "customer_credits", "settlement_amount",
                            "credit_change", "outstanding", "credit_balance", "quantity"}) {
      CHECK_MESSAGE(line.find("\"" + std::string(key) + "\":" + text + ",") != std::string::npos,
                    key << " " << v);
    }
    const std::string csv = csv_record(r);
    std::string amounts;
    for (int i = 0; i < 7; ++i) amounts += "," + text;
    CHECK(csv.find(",USD" + amounts + ",1970") != std::string::npos);
  }
}

TEST_CASE("ledger webhooks: none, one, all, in bit order; unknown bits ignored") {
  const auto& names = prorata::sim::webhook_names;
  for (const unsigned bits : {0u, 1u, 2u, 0x400u, 0x7ffu, 0xffffu, 0x8001u, 0x155u}) {
    ledger_row r = row_with_instants(0, 0, 0);
    r.webhooks = static_cast<std::uint16_t>(bits);
    nlohmann::json expected = nlohmann::json::array();
    std::string csv_expected;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if ((bits >> i) & 1u) {
        expected.push_back(names[i]);
        csv_expected += (csv_expected.empty() ? "" : " ") + std::string(names[i]);
      }
    }
    CHECK(parsed(r)["webhooks"] == expected);
    CHECK(json_line(r).find("\"webhooks\":" + expected.dump() + ",") != std::string::npos);
    CHECK(csv_record(r).ends_with(",active," + csv_expected + ",\n"));
  }
}

TEST_CASE("ledger rows: exact bytes of a row with every field set") {
  ledger_row r;
  r.at = at_seconds(1770660000);  // 2026-02-09T18:00:00Z
  r.subscription_id = "sub_000000000000000000000";
  r.kind = row_kind::scheduled_change_applied;
  r.row_currency = prorata::currency::from_code("JPY");
  r.subtotal = 18000;
  r.tax = -1;
  r.customer_credits = 25;
  r.settlement_amount = 17975;
  r.credit_change = -8000;
  r.outstanding = 7;
  r.credit_balance = 1234567890123;
  r.period_start = r.at;
  r.period_end = at_seconds(1773078000);  // 2026-03-09T17:40:00Z
  r.product_id = "prod_pro";
  r.quantity = 2;
  r.status = prorata::subscription_status::past_due;
  r.webhooks = prorata::sim::payment_succeeded | prorata::sim::subscription_update_payment_method;
  r.detail = "a \"b\", c";
  CHECK(json_line(r) ==
        "{\"at\":\"2026-02-09T18:00:00Z\",\"subscription_id\":\"sub_000000000000000000000\","
        "\"kind\":\"scheduled_change_applied\",\"currency\":\"JPY\",\"subtotal\":18000,"
        "\"tax\":-1,\"customer_credits\":25,\"settlement_amount\":17975,"
        "\"credit_change\":-8000,\"outstanding\":7,\"credit_balance\":1234567890123,"
        "\"period_start\":\"2026-02-09T18:00:00Z\",\"period_end\":\"2026-03-09T17:40:00Z\","
        "\"product_id\":\"prod_pro\",\"quantity\":2,\"status\":\"past_due\","
        "\"webhooks\":[\"payment.succeeded\",\"subscription.update_payment_method\"],"
        "\"detail\":\"a \\\"b\\\", c\"}\n");
  CHECK(csv_record(r) ==
        "2026-02-09T18:00:00Z,sub_000000000000000000000,scheduled_change_applied,JPY,18000,-1,"
        "25,17975,-8000,7,1234567890123,2026-02-09T18:00:00Z,2026-03-09T17:40:00Z,prod_pro,2,"
        "past_due,payment.succeeded subscription.update_payment_method,\"a \"\"b\"\", c\"\n");
  // Every kind and status by name.
  for (std::size_t k = 0; k < prorata::sim::row_kind_names.size(); ++k) {
    r.kind = static_cast<row_kind>(k);
    CHECK(parsed(r)["kind"] == prorata::sim::row_kind_names[k]);
  }
  for (int s = 0; s < 9; ++s) {
    r.status = static_cast<prorata::subscription_status>(s);
    CHECK(parsed(r)["status"] == prorata::to_string(r.status));
  }
}

TEST_CASE("ledger rows: the default currency is USD without a lookup") {
  const ledger_row r;
  CHECK(r.row_currency == prorata::currency::from_code("USD"));
  static_assert(prorata::currency::constant("JPY").minor_digits() == 0);
  CHECK(prorata::currency::constant("ISK", prorata::minor_unit_source::dodo) ==
        prorata::currency::from_code("ISK", prorata::minor_unit_source::dodo));
}

TEST_CASE("ledger_buffer: grows from empty, keeps its bytes, clears") {
  ledger_buffer b;
  CHECK(b.empty());
  CHECK(b.view().empty());
  std::string s;
  for (int i = 0; i < 2000; ++i) {
    ledger_row r = row_with_instants(1767981600 + 3600 * i, 1767981600, 1767981600 + 86400 * i);
    r.subtotal = i;
    r.detail = std::string(static_cast<std::size_t>(i % 50), '"');
    prorata::sim::append_json_line(r, b);
    prorata::sim::append_json_line(r, s);
  }
  CHECK(b.size() == s.size());
  CHECK(std::string_view(b) == s);
  b.clear();
  CHECK(b.empty());
  prorata::sim::append_csv_record(row_with_instants(0, 0, 0), b);
  CHECK(b.view().starts_with("1970-01-01T00:00:00Z,sub_1,"));
}

TEST_CASE("ledger properties: instants as date::format writes them; strings round-trip") {
  prorata_test::check_property("instant in [0001, 9999] == date::format(%FT%TZ)", [] {
    const auto s = *rc::gen::inRange<std::int64_t>(-62135596800, 253402300800);
    const auto start = *rc::gen::inRange<std::int64_t>(-62135596800, 253402300800);
    const nlohmann::json j = parsed(row_with_instants(s, start, s));
    RC_ASSERT(j["at"].get<std::string>() == date::format("%FT%TZ", at_seconds(s)));
    RC_ASSERT(j["period_start"].get<std::string>() == date::format("%FT%TZ", at_seconds(start)));
    RC_ASSERT(j["period_end"].get<std::string>() == date::format("%FT%TZ", at_seconds(s)));
  });
  prorata_test::check_property("strings round-trip through nlohmann::json::parse", [] {
    // ASCII (control characters included) and multi-byte UTF-8.
    const auto pieces = *rc::gen::container<std::vector<std::string>>(rc::gen::oneOf(
        rc::gen::map(rc::gen::inRange(0, 128),
                     [](int c) { return std::string(1, static_cast<char>(c)); }),
        rc::gen::elementOf(std::vector<std::string>{"\"", "\\", "\xc3\xa9", "\xe2\x82\xac",
                                                    "\xf0\x9f\x98\x80", "abcdefghijklmnopq"})));
    std::string s;
    for (const std::string& p : pieces) s += p;
    ledger_row r = row_with_instants(0, 0, 0);
    r.subscription_id = s;
    r.detail = s;
    const std::string line = json_line(r);
    const nlohmann::json j = nlohmann::json::parse(line);
    RC_ASSERT(j["subscription_id"].get<std::string>() == s);
    RC_ASSERT(j["detail"].get<std::string>() == s);
    RC_ASSERT(line.ends_with("\"detail\":" + reference_json_string(s) + "}\n"));
  });
}

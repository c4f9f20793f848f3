#include "ledger_format.hpp"

#include <charconv>
#include <cstdint>
#include <string_view>

#include <date/date.h>

namespace prorata::sim {
namespace {

void append_int(std::int64_t v, std::string& out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void put_digits(char* at, std::int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

/// RFC 3339 in UTC, whole seconds. Instants come from parsed RFC 3339 text
/// plus billing intervals, so they stay within years 0000..9999 in practice;
/// a year outside that range is written with the sign and digits it has.
void append_instant(instant t, std::string& out) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {
    out += prorata::detail::describe(t);
    return;
  }
  const std::int64_t s = (t - day).count();
  char buf[20];
  put_digits(buf, y, 4);
  buf[4] = '-';
  put_digits(buf + 5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put_digits(buf + 8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put_digits(buf + 11, s / 3600, 2);
  buf[13] = ':';
  put_digits(buf + 14, s / 60 % 60, 2);
  buf[16] = ':';
  put_digits(buf + 17, s % 60, 2);
  buf[19] = 'Z';
  out.append(buf, sizeof buf);
}

/// A JSON string: quotes, backslashes and control characters escaped; other
/// bytes (valid UTF-8, as nlohmann checked on input) copied.
void append_json_string(std::string_view s, std::string& out) {
  out += '"';
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
  out += '"';
}

void append_csv_field(std::string_view s, std::string& out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string instant_text(instant t) {
  std::string s;
  append_instant(t, s);
  return s;
}

}  // namespace

void append_json_line(const ledger_row& r, std::string& out) {
  out += "{\"at\":\"";
  append_instant(r.at, out);
  out += "\",\"subscription_id\":";
  append_json_string(r.subscription_id, out);
  out += ",\"kind\":\"";
  out += to_string(r.kind);
  out += "\",\"currency\":\"";
  out += r.row_currency.code();
  const std::pair<const char*, std::int64_t> amounts[] = {
      {"\",\"subtotal\":", r.subtotal},
      {",\"tax\":", r.tax},
      {",\"customer_credits\":", r.customer_credits},
      {",\"settlement_amount\":", r.settlement_amount},
      {",\"credit_change\":", r.credit_change},
      {",\"outstanding\":", r.outstanding},
      {",\"credit_balance\":", r.credit_balance}};
  for (const auto& [key, value] : amounts) {
    out += key;
    append_int(value, out);
  }
  out += ",\"period_start\":\"";
  append_instant(r.period_start, out);
  out += "\",\"period_end\":\"";
  append_instant(r.period_end, out);
  out += "\",\"product_id\":";
  append_json_string(r.product_id, out);
  out += ",\"quantity\":";
  append_int(r.quantity, out);
  out += ",\"status\":\"";
  out += prorata::to_string(r.status);
  out += "\",\"webhooks\":[";
  bool first = true;
  for (std::size_t i = 0; i < webhook_names.size(); ++i) {
    if ((r.webhooks >> i & 1u) == 0) continue;
    if (!first) out += ',';
    first = false;
    out += '"';
    out += webhook_names[i];
    out += '"';
  }
  out += "],\"detail\":";
  append_json_string(r.detail, out);
  out += "}\n";
}

const std::string& csv_header() {
  static const std::string header =
      "at,subscription_id,kind,currency,subtotal,tax,customer_credits,settlement_amount,"
      "credit_change,outstanding,credit_balance,period_start,period_end,product_id,quantity,"
      "status,webhooks,detail\n";
  return header;
}

void append_csv_record(const ledger_row& r, std::string& out) {
  append_instant(r.at, out);
  out += ',';
  append_csv_field(r.subscription_id, out);
  out += ',';
  out += to_string(r.kind);
  out += ',';
  out += r.row_currency.code();
  for (const std::int64_t v : {r.subtotal, r.tax, r.customer_credits, r.settlement_amount,
                               r.credit_change, r.outstanding, r.credit_balance}) {
    out += ',';
    append_int(v, out);
  }
  out += ',';
  out += instant_text(r.period_start);
  out += ',';
  out += instant_text(r.period_end);
  out += ',';
  append_csv_field(r.product_id, out);
  out += ',';
  append_int(r.quantity, out);
  out += ',';
  out += prorata::to_string(r.status);
  out += ',';
  bool first = true;
  for (std::size_t i = 0; i < webhook_names.size(); ++i) {
    if ((r.webhooks >> i & 1u) == 0) continue;
    if (!first) out += ' ';
    first = false;
    out += webhook_names[i];
  }
  out += ',';
  append_csv_field(r.detail, out);
  out += '\n';
}

}  // namespace prorata::sim

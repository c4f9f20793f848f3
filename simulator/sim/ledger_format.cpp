#include "ledger_format.hpp"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <date/date.h>

namespace prorata::sim {
namespace {

/// Writes into a buffer sized beforehand (ledger rows have a known bound).
class cursor {
 public:
  explicit cursor(char* at) : p_(at) {}
  [[nodiscard]] char* end() const { return p_; }

  void put(char c) { *p_++ = c; }
  void put(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void put_int(std::int64_t v) { p_ = std::to_chars(p_, p_ + 20, v).ptr; }

  /// RFC 3339 in UTC, whole seconds. Instants come from RFC 3339 input plus
  /// billing intervals; a year past 9999 is written as prorata describes it.
  void put_instant(instant t) {
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const int y = static_cast<int>(ymd.year());
    if (y < 0 || y > 9999) {
      put(prorata::detail::describe(t));
      return;
    }
    const auto s = static_cast<unsigned>((t - day).count());
    two(static_cast<unsigned>(y) / 100);
    two(static_cast<unsigned>(y) % 100);
    put('-');
    two(static_cast<unsigned>(ymd.month()));
    put('-');
    two(static_cast<unsigned>(ymd.day()));
    put('T');
    two(s / 3600);
    put(':');
    two(s / 60 % 60);
    put(':');
    two(s % 60);
    put('Z');
  }

  /// A JSON string: quotes, backslashes and control characters escaped;
  /// other bytes (UTF-8 that nlohmann validated on input) copied.
  void put_json_string(std::string_view s) {
    put('"');
    for (const char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        put('\\');
        put(c);
      } else if (u < 0x20) {
        static constexpr char hex[] = "0123456789abcdef";
        put("\\u00");
        put(hex[u >> 4]);
        put(hex[u & 15]);
      } else {
        put(c);
      }
    }
    put('"');
  }

  /// An RFC 4180 field: quoted, with quotes doubled, when it holds , " CR or LF.
  void put_csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      put(s);
      return;
    }
    put('"');
    for (const char c : s) {
      if (c == '"') put('"');
      put(c);
    }
    put('"');
  }

  void put_webhooks(std::uint16_t bits, char separator) {
    bool first = true;
    for (std::size_t i = 0; i < webhook_names.size(); ++i) {
      if (((static_cast<unsigned>(bits) >> i) & 1u) == 0) continue;
      if (!first) put(separator);
      first = false;
      if (separator == ',') put('"');
      put(webhook_names[i]);
      if (separator == ',') put('"');
    }
  }

 private:
  void two(unsigned v) {
    p_[0] = static_cast<char>('0' + v / 10);
    p_[1] = static_cast<char>('0' + v % 10);
    p_ += 2;
  }

  char* p_;
};

/// An upper bound of a row's length: fixed parts, every webhook, and each
/// string escaped at worst (6 bytes per byte).
std::size_t row_bound(const ledger_row& r) {
  return 1024 + 6 * (r.subscription_id.size() + r.product_id.size() + r.detail.size());
}

/// Runs `write` on a cursor into `out`'s tail, then trims to what it wrote.
template <class Write>
void append_with(std::string& out, std::size_t bound, Write&& write) {
  const std::size_t old = out.size();
  out.resize(old + bound);
  cursor c(out.data() + old);
  write(c);
  out.resize(static_cast<std::size_t>(c.end() - out.data()));
}

}  // namespace

void append_json_line(const ledger_row& r, std::string& out) {
  append_with(out, row_bound(r), [&](cursor& c) {
    c.put("{\"at\":\"");
    c.put_instant(r.at);
    c.put("\",\"subscription_id\":");
    c.put_json_string(r.subscription_id);
    c.put(",\"kind\":\"");
    c.put(to_string(r.kind));
    c.put("\",\"currency\":\"");
    c.put(r.row_currency.code());
    c.put("\",\"subtotal\":");
    c.put_int(r.subtotal);
    c.put(",\"tax\":");
    c.put_int(r.tax);
    c.put(",\"customer_credits\":");
    c.put_int(r.customer_credits);
    c.put(",\"settlement_amount\":");
    c.put_int(r.settlement_amount);
    c.put(",\"credit_change\":");
    c.put_int(r.credit_change);
    c.put(",\"outstanding\":");
    c.put_int(r.outstanding);
    c.put(",\"credit_balance\":");
    c.put_int(r.credit_balance);
    c.put(",\"period_start\":\"");
    c.put_instant(r.period_start);
    c.put("\",\"period_end\":\"");
    c.put_instant(r.period_end);
    c.put("\",\"product_id\":");
    c.put_json_string(r.product_id);
    c.put(",\"quantity\":");
    c.put_int(r.quantity);
    c.put(",\"status\":\"");
    c.put(prorata::to_string(r.status));
    c.put("\",\"webhooks\":[");
    c.put_webhooks(r.webhooks, ',');
    c.put("],\"detail\":");
    c.put_json_string(r.detail);
    c.put("}\n");
  });
}

const std::string& csv_header() {
  static const std::string header =
      "at,subscription_id,kind,currency,subtotal,tax,customer_credits,settlement_amount,"
      "credit_change,outstanding,credit_balance,period_start,period_end,product_id,quantity,"
      "status,webhooks,detail\n";
  return header;
}

void append_csv_record(const ledger_row& r, std::string& out) {
  append_with(out, row_bound(r), [&](cursor& c) {
    c.put_instant(r.at);
    c.put(',');
    c.put_csv_field(r.subscription_id);
    c.put(',');
    c.put(to_string(r.kind));
    c.put(',');
    c.put(r.row_currency.code());
    for (const std::int64_t v : {r.subtotal, r.tax, r.customer_credits, r.settlement_amount,
                                 r.credit_change, r.outstanding, r.credit_balance}) {
      c.put(',');
      c.put_int(v);
    }
    c.put(',');
    c.put_instant(r.period_start);
    c.put(',');
    c.put_instant(r.period_end);
    c.put(',');
    c.put_csv_field(r.product_id);
    c.put(',');
    c.put_int(r.quantity);
    c.put(',');
    c.put(prorata::to_string(r.status));
    c.put(',');
    c.put_webhooks(r.webhooks, ' ');
    c.put(',');
    c.put_csv_field(r.detail);
    c.put('\n');
  });
}

}  // namespace prorata::sim

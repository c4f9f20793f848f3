#include "ledger_format.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace prorata::sim {
namespace {

// The writer is on the simulator's hot path (a few hundred instructions a
// row; bench/bench_ledger.cpp). Rows are written with fixed-size copies
// straight into a ledger_buffer's spare capacity, or into a stack buffer then
// appended to a std::string once: neither is zero-filled first.

/// A short name padded to N bytes, so copying it is a fixed-size copy.
template <std::size_t N>
struct padded {
  std::array<char, N> text{};
  std::size_t size = 0;
};

template <std::size_t N>
constexpr padded<N> pad(std::string_view prefix, std::string_view s, std::string_view suffix) {
  padded<N> p;
  for (const std::string_view part : {prefix, s, suffix}) {
    for (const char c : part) p.text[p.size++] = c;
  }
  return p;
}

template <std::size_t N, std::size_t M>
constexpr std::array<padded<N>, M> pad_all(const std::array<std::string_view, M>& names,
                                           std::string_view prefix, std::string_view suffix) {
  std::array<padded<N>, M> out{};
  for (std::size_t i = 0; i < M; ++i) out[i] = pad<N>(prefix, names[i], suffix);
  return out;
}

// Names as each format writes them: in JSON after the key's opening quote.
constexpr auto json_kinds = pad_all<32>(row_kind_names, "", "\"");
constexpr auto csv_kinds = pad_all<32>(row_kind_names, "", "");
// Each webhook ends with its separator; the last separator is taken back.
constexpr auto json_webhooks = pad_all<40>(webhook_names, "\"", "\",");
constexpr auto csv_webhooks = pad_all<40>(webhook_names, "", " ");
constexpr unsigned all_webhooks = (1u << webhook_names.size()) - 1;

constexpr std::size_t status_count = 8;  // pending .. past_due; to_string says "unknown" past them
template <std::size_t N>
constexpr std::array<padded<N>, status_count> pad_statuses(std::string_view suffix) {
  std::array<padded<N>, status_count> out{};
  for (std::size_t i = 0; i < status_count; ++i) {
    out[i] = pad<N>("", prorata::to_string(static_cast<subscription_status>(i)), suffix);
  }
  return out;
}
constexpr auto json_statuses = pad_statuses<16>("\"");  // after the key's opening quote
constexpr auto csv_statuses = pad_statuses<16>("");

/// A column's name as a template argument, so each format's key for it is
/// built at compile time.
template <std::size_t N>
struct column_name {
  constexpr column_name(const char (&s)[N]) {  // NOLINT: implicit from a literal
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
  [[nodiscard]] constexpr std::string_view view() const { return {text, N - 1}; }
  char text[N]{};
};

/// `"name":` after a ',' (or '{' for the first column), then `open`, the
/// value's first byte when it is always the same (a quote, a bracket).
template <column_name Name, bool First, char Open>
constexpr auto json_key = [] {
  std::array<char, Name.view().size() + 4 + (Open ? 1 : 0)> key{};
  const char tail[] = {'"', ':', Open};
  std::size_t n = 0;
  for (const std::string_view part : {std::string_view(First ? "{\"" : ",\""), Name.view(),
                                      std::string_view(tail, Open ? 3 : 2)}) {
    for (const char c : part) key[n++] = c;
  }
  return key;
}();

constexpr std::array<char, 200> digit_pairs = [] {
  std::array<char, 200> out{};
  for (std::size_t i = 0; i < 100; ++i) {
    out[2 * i] = static_cast<char>('0' + i / 10);
    out[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return out;
}();

// RFC 3339 with a four-digit year covers [0000-01-01, 10000-01-01); other
// instants are written as prorata describes them.
constexpr std::int64_t year_0_start = -62167219200;
constexpr std::int64_t year_10000_start = 253402300800;

/// "YYYY-MM-DDThh:mm:ssZ" for `s` seconds since the epoch, year 0..9999.
/// Days to a date by Neri and Schneider's Euclidean affine functions
/// ("Euclidean affine functions and their application to calendar
/// algorithms", 2022; libstdc++ 13 uses them too): unsigned 32-bit, with the
/// epoch shifted 82 eras (400 years each) so every value is non-negative, and
/// no division but by constants.
[[gnu::noinline]] void format_instant(std::int64_t s, char* out) {
  const auto since_year_0 = static_cast<std::uint64_t>(s - year_0_start);
  const auto secs = static_cast<std::uint32_t>(since_year_0 % 86400);
  // Days since 1970-01-01 plus 719468 (to 0000-03-01) plus 82 eras.
  constexpr std::uint32_t shift = 719468 + 146097 * 82;
  constexpr std::uint32_t days_0000_01_01 = 719528;  // before 1970-01-01
  const auto n = static_cast<std::uint32_t>(since_year_0 / 86400) - days_0000_01_01 + shift;
  const std::uint32_t n1 = 4 * n + 3;
  const std::uint32_t century = n1 / 146097;
  const std::uint32_t n2 = n1 % 146097 | 3;  // 4 * (day of century) + 3
  const std::uint64_t p2 = std::uint64_t{2939745} * n2;
  const auto year_of_century = static_cast<std::uint32_t>(p2 >> 32);
  const auto day_of_year = static_cast<std::uint32_t>(p2) / 2939745 / 4;  // from March 1st
  const std::uint32_t n3 = 2141 * day_of_year + 197913;
  const std::uint32_t march_month = n3 >> 16;
  const std::uint32_t day = (n3 & 0xffff) / 2141 + 1;
  const bool next_year = day_of_year >= 306;  // January or February
  const std::uint32_t month = next_year ? march_month - 12 : march_month;
  const std::uint32_t year = 100 * century + year_of_century + (next_year ? 1 : 0) - 400 * 82;

  const auto two = [](char* at, std::uint32_t v) { std::memcpy(at, &digit_pairs[2 * v], 2); };
  two(out, year / 100);
  two(out + 2, year % 100);
  out[4] = '-';
  two(out + 5, month);
  out[7] = '-';
  two(out + 8, day);
  out[10] = 'T';
  two(out + 11, secs / 3600);
  out[13] = ':';
  two(out + 14, secs / 60 % 60);
  out[16] = ':';
  two(out + 17, secs % 60);
  out[19] = 'Z';
}

/// The last instant written in each of a row's three instant fields:
/// consecutive rows of a subscription repeat their period and often `at`.
/// Per thread, as the pipeline's workers each write their own batches.
struct instant_memo {
  std::int64_t seconds = 0;
  std::array<char, 20> text{'1', '9', '7', '0', '-', '0', '1', '-', '0', '1',
                            'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
};
enum instant_field : std::size_t { at_field, period_start_field, period_end_field };
thread_local std::array<instant_memo, 3> instant_memos{};

constexpr std::uint64_t byte_ones = 0x0101010101010101u;
constexpr std::uint64_t byte_highs = 0x8080808080808080u;

/// High bit of each byte of `w` that is zero, and maybe of bytes above one
/// that is (a borrow): callers only ask whether there is any.
constexpr std::uint64_t zero_bytes(std::uint64_t w) { return (w - byte_ones) & ~w & byte_highs; }

std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

std::uint32_t load4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

#if defined(__SSE2__)
__m128i load16(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
#endif

/// Bytes a JSON string escapes: " \ and control characters below 0x20.
struct json_escaped {
  static bool byte(char c) { return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\'; }
  static std::uint64_t word(std::uint64_t w) {
    return ((w - 0x20 * byte_ones) & ~w & byte_highs) | zero_bytes(w ^ ('"' * byte_ones)) |
           zero_bytes(w ^ ('\\' * byte_ones));
  }
#if defined(__SSE2__)
  static __m128i vec(__m128i v) {
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
    return _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  }
#endif
};

/// Bytes that make a CSV field quoted: , " CR LF.
struct csv_quoted {
  static bool byte(char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; }
  static std::uint64_t word(std::uint64_t w) {
    return zero_bytes(w ^ (',' * byte_ones)) | zero_bytes(w ^ ('"' * byte_ones)) |
           zero_bytes(w ^ ('\r' * byte_ones)) | zero_bytes(w ^ ('\n' * byte_ones));
  }
#if defined(__SSE2__)
  static __m128i vec(__m128i v) {
    return _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
  }
#endif
};

/// Whether `s` holds a byte of `Class`: 16 bytes at a time (SSE2), else 8
/// (in a word), the last block overlapping the one before. Strings are
/// usually clean, and then copied whole.
template <class Class>
bool contains_any(std::string_view s) {
  const char* const p = s.data();
  const std::size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 16) {
    __m128i found = Class::vec(load16(p + n - 16));
    for (std::size_t i = 0; i + 16 < n; i += 16)
      found = _mm_or_si128(found, Class::vec(load16(p + i)));
    return _mm_movemask_epi8(found) != 0;
  }
#endif
  if (n >= 8) {
    std::uint64_t found = Class::word(load8(p + n - 8));
    for (std::size_t i = 0; i + 8 < n; i += 8) found |= Class::word(load8(p + i));
    return found != 0;
  }
  if (n >= 4) return Class::word(load4(p) | std::uint64_t{load4(p + n - 4)} << 32) != 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (Class::byte(p[i])) return true;
  }
  return false;
}

constexpr std::array<std::uint64_t, 20> powers_of_10 = [] {
  std::array<std::uint64_t, 20> out{};
  std::uint64_t p = 1;
  for (auto& x : out) {
    x = p;
    p *= 10;
  }
  return out;
}();

/// Digits of `u` in decimal (1..20): log10 from the bit width, then one
/// comparison with a power of ten.
std::size_t decimal_digits(std::uint64_t u) {
  const auto approx = static_cast<std::size_t>(std::bit_width(u | 1) * 1233) >> 12;
  return approx + (u >= powers_of_10[approx] ? 1 : 0);
}

/// Writes into a buffer sized beforehand by row_bound (which leaves room for
/// the fixed-size copies to run past what they keep).
class cursor {
 public:
  explicit cursor(char* at) : p_(at) {}
  [[nodiscard]] char* end() const { return p_; }

  void put(char c) { *p_++ = c; }
  void put(std::string_view s) {
    if (s.empty()) return;  // data() may be null
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  /// A string literal: a copy whose size the compiler knows.
  template <std::size_t N>
  void put_literal(const char (&s)[N]) {
    std::memcpy(p_, s, N - 1);
    p_ += N - 1;
  }
  /// A currency code: three letters.
  void put_code(std::string_view code) {
    if (code.size() != 3) return put(code);
    std::memcpy(p_, code.data(), 3);
    p_ += 3;
  }
  /// Text of a length the compiler knows.
  template <std::size_t N>
  void put(const std::array<char, N>& s) {
    std::memcpy(p_, s.data(), N);
    p_ += N;
  }
  template <std::size_t N>
  void put(const padded<N>& s) {
    std::memcpy(p_, s.text.data(), N);
    p_ += s.size;
  }

  /// Decimal, as std::to_chars writes it: digit pairs from a table, written
  /// back to front once the length is known.
  void put_int(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    if (v < 0) {
      *p_++ = '-';
      u = 0 - u;
    }
    if (u < 10) {  // many amounts are 0, many quantities 1 digit
      *p_++ = static_cast<char>('0' + u);
      return;
    }
    const std::size_t n = decimal_digits(u);
    char* at = p_ + n;
    while (u >= 100) {
      at -= 2;
      std::memcpy(at, &digit_pairs[2 * (u % 100)], 2);
      u /= 100;
    }
    if (u >= 10) {
      std::memcpy(at - 2, &digit_pairs[2 * u], 2);
    } else {
      at[-1] = static_cast<char>('0' + u);
    }
    p_ += n;
  }

  /// Looks in every field's memo (a renewal's `at` is the last period's end
  /// and its period's start); on a miss formats into this field's own.
  [[gnu::always_inline]] void put_instant(instant t, instant_field field) {
    const std::int64_t s = t.time_since_epoch().count();
    auto& memos = instant_memos;
    const instant_memo* hit = &memos[field];
    if (s != hit->seconds) {
      const instant_memo* other = &memos[(field + 1) % 3];
      const instant_memo* third = &memos[(field + 2) % 3];
      if (s == other->seconds) {
        hit = other;
      } else if (s == third->seconds) {
        hit = third;
      } else if (s < year_0_start || s >= year_10000_start) {
        put(prorata::detail::describe(t));
        return;
      } else {
        instant_memo& own = memos[field];
        format_instant(s, own.text.data());
        own.seconds = s;
      }
    }
    std::memcpy(p_, hit->text.data(), 20);
    p_ += 20;
  }

  /// A JSON string: quotes, backslashes and control characters escaped;
  /// other bytes (UTF-8 that nlohmann validated on input) copied.
  void put_json_string(std::string_view s) {
    put('"');
    if (!contains_any<json_escaped>(s)) {
      put(s);
    } else {
      for (const char c : s) {
        if (json_escaped::byte(c)) {
          put_json_escape(c);
        } else {
          put(c);
        }
      }
    }
    put('"');
  }

  /// An RFC 4180 field: quoted, with quotes doubled, when it holds , " CR or LF.
  void put_csv_field(std::string_view s) {
    if (!contains_any<csv_quoted>(s)) {
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

  /// The webhooks of `bits` in bit order, from `names` (each ending with its
  /// separator, the last of which is taken back).
  void put_webhooks(std::uint16_t bits, const std::array<padded<40>, 11>& names) {
    unsigned left = static_cast<unsigned>(bits) & all_webhooks;
    if (left == 0) return;
    for (; left != 0; left &= left - 1)
      put(names[static_cast<std::size_t>(std::countr_zero(left))]);
    --p_;
  }

 private:
  void put_json_escape(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      put_literal("\\u00");
      put(hex[u >> 4]);
      put(hex[u & 15]);
    } else {
      put('\\');
      put(c);
    }
  }

  char* p_;
};

/// An upper bound of a row's length: the fixed parts (853 bytes at most,
/// with every webhook, eight 20-digit integers and three described
/// instants), the up to 40 bytes a padded copy writes past its end, and each
/// string escaped at worst (6 bytes per byte).
std::size_t row_bound(const ledger_row& r) {
  return 1024 + 6 * (r.subscription_id.size() + r.product_id.size() + r.detail.size());
}

/// Runs `write` on a cursor into a stack buffer (a heap one for rows with
/// long strings), then appends what it wrote to `out`.
template <class Write>
void append_with(std::string& out, std::size_t bound, Write&& write) {
  char stack[2048];
  std::unique_ptr<char[]> heap;
  if (bound > sizeof stack) heap = std::make_unique_for_overwrite<char[]>(bound);
  char* const buffer = heap ? heap.get() : stack;
  cursor c(buffer);
  write(c);
  out.append(buffer, static_cast<std::size_t>(c.end() - buffer));
}

/// Runs `write` on a cursor straight into `out`'s spare capacity.
template <class Write>
void append_with(ledger_buffer& out, std::size_t bound, Write&& write) {
  cursor c(out.prepare(bound));
  write(c);
  out.commit(c.end());
}

/// The ledger's columns in order, each through the format's writer for its
/// type: the one list of columns that both formats and the CSV header follow.
template <class Format>
[[gnu::always_inline]] inline void write_row(const ledger_row& r, cursor& c) {
  using F = Format;
  F::template instant<"at", true>(c, r.at, at_field);
  F::template text<"subscription_id">(c, r.subscription_id);
  F::template kind<"kind">(c, r.kind);
  F::template code<"currency">(c, r.row_currency.code());
  F::template integer<"subtotal">(c, r.subtotal);
  F::template integer<"tax">(c, r.tax);
  F::template integer<"customer_credits">(c, r.customer_credits);
  F::template integer<"settlement_amount">(c, r.settlement_amount);
  F::template integer<"credit_change">(c, r.credit_change);
  F::template integer<"outstanding">(c, r.outstanding);
  F::template integer<"credit_balance">(c, r.credit_balance);
  F::template instant<"period_start">(c, r.period_start, period_start_field);
  F::template instant<"period_end">(c, r.period_end, period_end_field);
  F::template text<"product_id">(c, r.product_id);
  F::template integer<"quantity">(c, r.quantity);
  F::template status<"status">(c, r.status);
  F::template webhooks<"webhooks">(c, r.webhooks);
  F::template text<"detail">(c, r.detail);
  F::end(c);
}

/// A JSON object: `{"name":value,...}` and a newline.
struct json_format {
  template <column_name Name, bool First = false, char Open = 0>
  static void key(cursor& c) {
    c.put(json_key<Name, First, Open>);
  }
  template <column_name Name, bool First = false>
  static void instant(cursor& c, prorata::instant t, instant_field field) {
    key<Name, First, '"'>(c);
    c.put_instant(t, field);
    c.put('"');
  }
  template <column_name Name>
  static void text(cursor& c, std::string_view s) {
    key<Name>(c);
    c.put_json_string(s);
  }
  template <column_name Name>
  static void integer(cursor& c, std::int64_t v) {
    key<Name>(c);
    c.put_int(v);
  }
  template <column_name Name>
  static void code(cursor& c, std::string_view currency_code) {
    key<Name, false, '"'>(c);
    c.put_code(currency_code);
    c.put('"');
  }
  template <column_name Name>
  static void kind(cursor& c, row_kind k) {
    key<Name, false, '"'>(c);
    c.put(json_kinds[static_cast<std::size_t>(k)]);
  }
  template <column_name Name>
  static void status(cursor& c, subscription_status s) {
    key<Name, false, '"'>(c);
    if (const auto i = static_cast<std::size_t>(s); i < status_count)
      return c.put(json_statuses[i]);
    c.put(prorata::to_string(s));
    c.put('"');
  }
  template <column_name Name>
  static void webhooks(cursor& c, std::uint16_t bits) {
    key<Name, false, '['>(c);
    c.put_webhooks(bits, json_webhooks);
    c.put(']');
  }
  static void end(cursor& c) { c.put_literal("}\n"); }
};

/// An RFC 4180 record: the values separated by ',' and a newline.
struct csv_format {
  template <column_name Name, bool First = false>
  static void key(cursor& c) {
    if (!First) c.put(',');
  }
  template <column_name Name, bool First = false>
  static void instant(cursor& c, prorata::instant t, instant_field field) {
    key<Name, First>(c);
    c.put_instant(t, field);
  }
  template <column_name Name>
  static void text(cursor& c, std::string_view s) {
    key<Name>(c);
    c.put_csv_field(s);
  }
  template <column_name Name>
  static void integer(cursor& c, std::int64_t v) {
    key<Name>(c);
    c.put_int(v);
  }
  template <column_name Name>
  static void code(cursor& c, std::string_view currency_code) {
    key<Name>(c);
    c.put_code(currency_code);
  }
  template <column_name Name>
  static void kind(cursor& c, row_kind k) {
    key<Name>(c);
    c.put(csv_kinds[static_cast<std::size_t>(k)]);
  }
  template <column_name Name>
  static void status(cursor& c, subscription_status s) {
    key<Name>(c);
    if (const auto i = static_cast<std::size_t>(s); i < status_count) return c.put(csv_statuses[i]);
    c.put(prorata::to_string(s));
  }
  template <column_name Name>
  static void webhooks(cursor& c, std::uint16_t bits) {
    key<Name>(c);
    c.put_webhooks(bits, csv_webhooks);
  }
  static void end(cursor& c) { c.put('\n'); }
};

/// The CSV header: each column's name where a record has its value.
struct csv_header_format {
  template <column_name Name, bool First = false>
  static void name(cursor& c) {
    if (!First) c.put(',');
    c.put(Name.view());
  }
  template <column_name Name, bool First = false>
  static void instant(cursor& c, prorata::instant, instant_field) {
    name<Name, First>(c);
  }
  template <column_name Name>
  static void text(cursor& c, std::string_view) {
    name<Name>(c);
  }
  template <column_name Name>
  static void integer(cursor& c, std::int64_t) {
    name<Name>(c);
  }
  template <column_name Name>
  static void code(cursor& c, std::string_view) {
    name<Name>(c);
  }
  template <column_name Name>
  static void kind(cursor& c, row_kind) {
    name<Name>(c);
  }
  template <column_name Name>
  static void status(cursor& c, subscription_status) {
    name<Name>(c);
  }
  template <column_name Name>
  static void webhooks(cursor& c, std::uint16_t) {
    name<Name>(c);
  }
  static void end(cursor& c) { c.put('\n'); }
};

}  // namespace

void ledger_buffer::grow(std::size_t n) {
  const std::size_t capacity = std::max<std::size_t>({2 * capacity_, size_ + n, 64 * 1024});
  auto data = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ != 0) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = capacity;
}

void append_json_line(const ledger_row& r, std::string& out) {
  append_with(out, row_bound(r), [&](cursor& c) { write_row<json_format>(r, c); });
}

void append_json_line(const ledger_row& r, ledger_buffer& out) {
  append_with(out, row_bound(r), [&](cursor& c) { write_row<json_format>(r, c); });
}

const std::string& csv_header() {
  static const std::string header = [] {
    std::string h;
    const ledger_row none;
    append_with(h, row_bound(none), [&](cursor& c) { write_row<csv_header_format>(none, c); });
    return h;
  }();
  return header;
}

void append_csv_record(const ledger_row& r, std::string& out) {
  append_with(out, row_bound(r), [&](cursor& c) { write_row<csv_format>(r, c); });
}

void append_csv_record(const ledger_row& r, ledger_buffer& out) {
  append_with(out, row_bound(r), [&](cursor& c) { write_row<csv_format>(r, c); });
}

}  // namespace prorata::sim

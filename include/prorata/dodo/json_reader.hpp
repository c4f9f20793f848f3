#pragma once
/// \file
/// Typed, pointer-aware access to parsed JSON: every failure is an
/// input_error naming the JSON pointer, the value found and what was expected.
/// The building blocks of the Dodo object readers.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <prorata/calendar/instant.hpp>
#include <prorata/calendar/interval.hpp>
#include <prorata/calendar/rfc3339_range.hpp>
#include <prorata/detail/quote.hpp>
#include <prorata/dodo/input_error.hpp>
#include <prorata/error.hpp>
#include <prorata/money/currency.hpp>
#include <prorata/money/money.hpp>

namespace prorata::dodo {

/// `base` extended by one object key, escaped per RFC 6901 ("~" -> "~0", "/" -> "~1").
[[nodiscard]] inline std::string pointer_append(std::string_view base, std::string_view key) {
  std::string out(base);
  out += '/';
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

/// `base` extended by one array index.
[[nodiscard]] inline std::string pointer_append(std::string_view base, std::size_t index) {
  return std::string(base) + "/" + std::to_string(index);
}

/// The JSON type name used in messages: "string", "integer" (a number
/// without fraction or exponent), "number", "boolean", "null", "object", "array".
[[nodiscard]] inline std::string json_type_name(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    default:
      return v.type_name();
  }
}

/// A short description of a value for "found ...": `"3" (string)`,
/// `3.5 (number)`, `{"a":1,... (object)`; long texts are cut.
[[nodiscard]] inline std::string describe_value(const nlohmann::json& v) {
  std::string text;
  if (v.is_string()) {
    text = detail::quote(v.get_ref<const std::string&>(), 48);
  } else {
    text = v.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
    if (text.size() > 48) text = text.substr(0, 45) + "...";
  }
  return text + " (" + json_type_name(v) + ")";
}

/// Throws input_error for `value` at `pointer`.
[[noreturn]] inline void fail(const std::string& pointer, const nlohmann::json& value,
                              const std::string& expected) {
  throw input_error(pointer, describe_value(value), expected);
}

/// Throws input_error for a required field that is absent.
[[noreturn]] inline void fail_missing(const std::string& pointer, const std::string& expected) {
  throw input_error(pointer, "nothing", expected);
}

/// The limits every Dodo JSON reader enforces (docs/reliability.md, "Limits"):
/// input beyond them is an input_error, never a crash or an exhausted memory.
namespace limits {
/// Bytes of one `prorata preview` input or scenario header file.
inline constexpr std::size_t max_input_bytes = std::size_t{16} << 20;  // 16 MiB
/// Bytes of one single-document scenario (JSON Lines has no total limit).
inline constexpr std::size_t max_scenario_bytes = std::size_t{64} << 20;  // 64 MiB
/// Bytes of one JSON Lines line.
inline constexpr std::size_t max_line_bytes = std::size_t{1} << 20;  // 1 MiB
/// Arrays and objects nested in one another.
inline constexpr std::size_t max_depth = 64;
/// Bytes of an id, a code or a key such as a product_id or a discount code.
inline constexpr std::size_t max_id_bytes = 256;
/// Addons of one subscription, request or scheduled change; meters; cart entries.
inline constexpr std::size_t max_line_items = 100;
/// Products, addons or discounts in one catalog.
inline constexpr std::size_t max_catalog_entries = 10000;
/// Events of one subscription in a scenario.
inline constexpr std::size_t max_events = 100000;
}  // namespace limits

/// Throws input_error unless the array `value` at `pointer` holds at most
/// `max` elements; `noun` names them ("addons").
inline void check_count(const nlohmann::json& value, const std::string& pointer, std::size_t max,
                        std::string_view noun) {
  if (!value.is_array() || value.size() <= max) return;
  throw input_error(pointer,
                    "an array of " + std::to_string(value.size()) + " " + std::string(noun),
                    "at most " + std::to_string(max) + " " + std::string(noun) + " (a limit)");
}

/// Throws input_error when member `key` of `object` (at `pointer`) is an array
/// of more than `max` elements. Absent members and other types pass (the
/// readers report those).
inline void check_member_count(const nlohmann::json& object, const std::string& pointer,
                               std::string_view key, std::size_t max, std::string_view noun) {
  if (!object.is_object()) return;
  const auto it = object.find(key);
  if (it != object.end()) check_count(*it, pointer_append(pointer, key), max, noun);
}

namespace detail_json {

/// nlohmann's DOM builder with two checks on the way: nesting depth (so no
/// deeply nested document is ever built, dumped or destroyed recursively)
/// and duplicate keys (nlohmann would keep the last silently). Errors are
/// input_error with the JSON pointer of the offending member.
class checked_sax {
 public:
  using json = nlohmann::json;
  checked_sax(json& root, std::size_t max_depth) : dom_(root, true), max_depth_(max_depth) {}

  bool null() { return value(), dom_.null(); }
  bool boolean(bool v) { return value(), dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value(), dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value(), dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return value(), dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return value(), dom_.string(v); }
  bool binary(json::binary_t& v) { return value(), dom_.binary(v); }
  bool start_object(std::size_t n) { return open(true), dom_.start_object(n); }
  bool key(json::string_t& k) {
    frame& f = frames_[depth_ - 1];
    if (f.keys.size() < 16) {
      for (const std::string& seen : f.keys) {
        if (seen == k) duplicate(k);
      }
    } else {
      if (f.many.empty()) f.many.insert(f.keys.begin(), f.keys.end());
      if (!f.many.insert(k).second) duplicate(k);
    }
    f.keys.push_back(k);  // keys.back() names the member being read
    return dom_.key(k);
  }
  bool end_object() { return --depth_, dom_.end_object(); }
  bool start_array(std::size_t n) { return open(false), dom_.start_array(n); }
  bool end_array() { return --depth_, dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    error_byte_ = position;
    error_token_ = token;
    return dom_.parse_error(position, token, e);
  }
  /// Where the last syntax error was found (1-based byte) and its token.
  [[nodiscard]] std::size_t error_byte() const noexcept { return error_byte_; }
  [[nodiscard]] const std::string& error_token() const noexcept { return error_token_; }

 private:
  struct frame {
    bool object = false;
    std::size_t count = 0;                 // array: elements started so far
    std::vector<std::string> keys;         // object: member names so far, in order
    std::unordered_set<std::string> many;  // the same, once there are 16 or more
  };

  /// A value starts in the innermost container.
  void value() {
    if (depth_ > 0 && !frames_[depth_ - 1].object) ++frames_[depth_ - 1].count;
  }
  void open(bool object) {
    value();
    if (depth_ >= max_depth_) {
      throw input_error(pointer(depth_),
                        std::string(object ? "an object" : "an array") + " nested " +
                            std::to_string(depth_ + 1) + " levels deep",
                        "at most " + std::to_string(max_depth_) +
                            " levels of nested arrays and objects (a limit)");
    }
    if (depth_ == frames_.size()) frames_.emplace_back();
    frame& f = frames_[depth_++];
    f.object = object;
    f.count = 0;
    f.keys.clear();
    f.many.clear();
  }
  /// The pointer of the value being read in each of the first `levels` containers.
  [[nodiscard]] std::string pointer(std::size_t levels) const {
    std::string out;
    for (std::size_t i = 0; i < levels; ++i) {
      const frame& f = frames_[i];
      out = f.object ? pointer_append(out, f.keys.back()) : pointer_append(out, f.count - 1);
    }
    return out;
  }
  [[noreturn]] void duplicate(const std::string& k) const {
    throw input_error(pointer_append(pointer(depth_ - 1), k),
                      "a second member " + detail::quote(k, 48) + " in the same object",
                      "each member name at most once in an object");
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  std::vector<frame> frames_;
  std::size_t error_byte_ = 0;
  std::string error_token_;
};

/// nlohmann's description of a syntax error, without raw bytes (control and
/// non-ASCII bytes as \xNN) and cut to a readable length.
[[nodiscard]] inline std::string clean_reason(std::string_view why) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (const char ch : why) {
    if (out.size() >= 200) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace detail_json

/// Parses JSON text. Malformed text throws input_error at "line L, column C
/// (byte B)" with nlohmann's description of the problem (raw bytes escaped).
/// Arrays and objects nested deeper than `max_depth` and a key repeated in
/// one object throw input_error at the JSON pointer of the offending value.
[[nodiscard]] inline nlohmann::json parse_json(std::string_view text,
                                               std::size_t max_depth = limits::max_depth) {
  nlohmann::json out;
  detail_json::checked_sax sax(out, max_depth);
  const auto syntax = [&](std::size_t at, const std::string& why) {
    const std::size_t byte = at == 0 ? 1 : at;
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return input_error::syntax(byte, line, column,
                               "malformed JSON (" + detail_json::clean_reason(why) + ")",
                               "a JSON document");
  };
  try {
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    // nlohmann's lexer takes a NUL byte outside a string for the end of the
    // input (inside one it is an error): what follows it must not be ignored.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
      throw syntax(nul + 1, "a NUL byte after the document; JSON has no raw NUL anywhere");
    }
    return out;
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 2: <why>"
    std::string why = e.what();
    if (const auto at = why.find(": ", why.find("parse error")); at != std::string::npos) {
      why = why.substr(at + 2);
    }
    throw syntax(e.byte, why);
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond the range of a double, such as 1e400 (nlohmann's 406).
    throw syntax(sax.error_byte(),
                 "a number too large for a double: " + detail::quote(sax.error_token(), 48));
  }
}

/// "an integer >= min", or "an integer from min to max" when max is not the int64 maximum.
[[nodiscard]] inline std::string integer_expected(std::int64_t min, std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max()) {
    return "an integer >= " + std::to_string(min);
  }
  return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

/// An integer within [min, max] or input_error ("an integer >= 1").
[[nodiscard]] inline std::int64_t read_integer(
    const nlohmann::json& v, const std::string& pointer, std::int64_t min = 0,
    std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
  const std::string expected = integer_expected(min, max);
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max) || (min > 0 && u < static_cast<std::uint64_t>(min))) {
      fail(pointer, v, expected);
    }
    return static_cast<std::int64_t>(u);
  }
  if (!v.is_number_integer()) fail(pointer, v, expected);
  const auto i = v.get<std::int64_t>();
  if (i < min || i > max) fail(pointer, v, expected);
  return i;
}

/// A string or input_error with `expected` (default "a string").
[[nodiscard]] inline std::string read_string(const nlohmann::json& v, const std::string& pointer,
                                             const std::string& expected = "a string") {
  if (!v.is_string()) fail(pointer, v, expected);
  return v.get<std::string>();
}

/// Whether `s` is a valid id: non-empty and at most limits::max_id_bytes long.
[[nodiscard]] constexpr bool is_valid_id(std::string_view s) noexcept {
  return !s.empty() && s.size() <= limits::max_id_bytes;
}

/// A non-empty string (an id) or input_error.
[[nodiscard]] inline std::string read_id(const nlohmann::json& v, const std::string& pointer) {
  const std::string expected = "a non-empty string";
  std::string s = read_string(v, pointer, expected);
  if (s.empty()) fail(pointer, v, expected);
  if (!is_valid_id(s)) {
    fail(pointer, v,
         "a string of at most " + std::to_string(limits::max_id_bytes) + " bytes (a limit)");
  }
  return s;
}

/// true or false, or input_error.
[[nodiscard]] inline bool read_boolean(const nlohmann::json& v, const std::string& pointer) {
  if (!v.is_boolean()) fail(pointer, v, "true or false");
  return v.get<bool>();
}

/// One of `names`; returns its index. Otherwise input_error listing them.
[[nodiscard]] inline std::size_t read_choice(const nlohmann::json& v, const std::string& pointer,
                                             std::initializer_list<std::string_view> names) {
  std::string expected = "one of ";
  std::size_t i = 0;
  for (const std::string_view n : names) {
    if (i++ > 0) expected += ", ";
    expected += '"';
    expected += n;
    expected += '"';
  }
  if (!v.is_string()) fail(pointer, v, expected);
  const auto& s = v.get_ref<const std::string&>();
  i = 0;
  for (const std::string_view n : names) {
    if (s == n) return i;
    ++i;
  }
  fail(pointer, v, expected);
}

/// An RFC 3339 timestamp (fractional seconds dropped toward the past), or
/// input_error with the parser's reason.
[[nodiscard]] inline instant read_timestamp(const nlohmann::json& v, const std::string& pointer) {
  const std::string expected = "an RFC 3339 timestamp such as \"2026-04-16T00:00:00Z\"";
  const std::string text = read_string(v, pointer, expected);
  try {
    const instant t = parse_rfc3339(text);
    // With its offset applied, a valid text can leave the years RFC 3339 writes.
    if (!in_rfc3339_range(t)) fail(pointer, v, rfc3339_range_text);
    return t;
  } catch (const parse_error& e) {
    std::string why = e.what();
    const std::string prefix = "parse_rfc3339: " + detail::quote(text) + " ";
    if (why.compare(0, prefix.size(), prefix) == 0) why = why.substr(prefix.size());
    fail(pointer, v, expected + " (" + why + ")");
  }
}

/// A currency code with Dodo's minor units (currency::from_code(code,
/// minor_unit_source::dodo)), or input_error.
[[nodiscard]] inline currency read_currency(const nlohmann::json& v, const std::string& pointer) {
  const std::string expected = "an ISO 4217 currency code such as \"USD\"";
  const std::string code = read_string(v, pointer, expected);
  const auto c = currency::find(code, minor_unit_source::dodo);
  if (!c) fail(pointer, v, expected);
  return *c;
}

/// An amount: a JSON integer of minor units >= `min` in currency `cur`.
[[nodiscard]] inline money read_amount(const nlohmann::json& v, const std::string& pointer,
                                       const currency& cur, std::int64_t min = 0) {
  return money::from_minor(read_integer(v, pointer, min), cur);
}

/// A JSON object being read, with the pointer that names it in messages.
/// Unknown members are ignored; a member set to null counts as absent for
/// optional fields (Dodo writes null for "not set").
class json_object {
 public:
  /// Throws input_error unless `value` is an object.
  json_object(const nlohmann::json& value, std::string pointer,
              const std::string& expected = "an object")
      : value_(&value), pointer_(std::move(pointer)) {
    if (!value.is_object()) fail(pointer_, value, expected);
  }

  /// The pointer of this object.
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  /// The pointer of member `key`.
  [[nodiscard]] std::string at(std::string_view key) const { return pointer_append(pointer_, key); }
  /// The underlying JSON value.
  [[nodiscard]] const nlohmann::json& json() const noexcept { return *value_; }

  /// The member `key`, or nullptr when absent or null.
  [[nodiscard]] const nlohmann::json* find(std::string_view key) const {
    const auto it = value_->find(key);
    if (it == value_->end() || it->is_null()) return nullptr;
    return &*it;
  }
  /// The member `key`; input_error ("found nothing") when absent. A null
  /// member is returned as is, so the caller's type check reports it.
  [[nodiscard]] const nlohmann::json& required(std::string_view key,
                                               const std::string& expected) const {
    const auto it = value_->find(key);
    if (it == value_->end()) fail_missing(at(key), expected);
    return *it;
  }

  /// Required integer in [min, max].
  [[nodiscard]] std::int64_t integer(
      std::string_view key, std::int64_t min = 0,
      std::int64_t max = std::numeric_limits<std::int64_t>::max()) const {
    if (const auto v = fast_integer(present(key), min, max)) return *v;
    return read_integer(required(key, integer_expected(min, max)), at(key), min, max);
  }
  /// Optional integer (absent or null: `fallback`).
  [[nodiscard]] std::int64_t integer_or(std::string_view key, std::int64_t fallback,
                                        std::int64_t min = 0) const {
    const nlohmann::json* v = find(key);
    if (!v) return fallback;
    if (const auto i = fast_integer(v, min, std::numeric_limits<std::int64_t>::max())) return *i;
    return read_integer(*v, at(key), min);
  }
  /// Required string.
  [[nodiscard]] std::string string(std::string_view key) const {
    if (const nlohmann::json* v = present(key); v && v->is_string()) return v->get<std::string>();
    return read_string(required(key, "a string"), at(key));
  }
  /// Required non-empty string.
  [[nodiscard]] std::string id(std::string_view key) const {
    if (const nlohmann::json* v = present(key);
        v && v->is_string() && is_valid_id(v->get_ref<const std::string&>())) {
      return v->get<std::string>();
    }
    return read_id(required(key, "a non-empty string"), at(key));
  }
  /// Optional string.
  [[nodiscard]] std::string string_or(std::string_view key, std::string fallback) const {
    const nlohmann::json* v = find(key);
    if (!v) return fallback;
    if (v->is_string()) return v->get<std::string>();
    return read_string(*v, at(key));
  }
  /// Required boolean.
  [[nodiscard]] bool boolean(std::string_view key) const {
    if (const nlohmann::json* v = present(key); v && v->is_boolean()) return v->get<bool>();
    return read_boolean(required(key, "true or false"), at(key));
  }
  /// Optional boolean.
  [[nodiscard]] bool boolean_or(std::string_view key, bool fallback) const {
    const nlohmann::json* v = find(key);
    if (!v) return fallback;
    if (v->is_boolean()) return v->get<bool>();
    return read_boolean(*v, at(key));
  }
  /// Required RFC 3339 timestamp.
  [[nodiscard]] instant timestamp(std::string_view key) const {
    if (const nlohmann::json* v = present(key); v && v->is_string()) {
      try {
        const instant t = parse_rfc3339(v->get_ref<const std::string&>());
        if (in_rfc3339_range(t)) return t;
      } catch (const parse_error&) {  // reported below with the pointer
      }
    }
    return read_timestamp(required(key, "an RFC 3339 timestamp such as \"2026-04-16T00:00:00Z\""),
                          at(key));
  }
  /// Required currency code.
  [[nodiscard]] currency currency_code(std::string_view key) const {
    if (const nlohmann::json* v = present(key); v && v->is_string()) {
      if (const auto c =
              currency::find(v->get_ref<const std::string&>(), minor_unit_source::dodo)) {
        return *c;
      }
    }
    return read_currency(required(key, "an ISO 4217 currency code such as \"USD\""), at(key));
  }
  /// Required choice among `names`; returns the index.
  [[nodiscard]] std::size_t choice(std::string_view key,
                                   std::initializer_list<std::string_view> names) const {
    const auto it = value_->find(key);
    if (it != value_->end() && it->is_string()) {
      const auto& text = it->get_ref<const std::string&>();
      std::size_t i = 0;
      for (const std::string_view n : names) {
        if (text == n) return i;
        ++i;
      }
    }
    if (it == value_->end()) {
      std::string expected = "one of ";
      std::size_t i = 0;
      for (const std::string_view n : names) {
        if (i++ > 0) expected += ", ";
        expected += "\"" + std::string(n) + "\"";
      }
      fail_missing(at(key), expected);
    }
    return read_choice(*it, at(key), names);
  }
  /// Dodo's payment_frequency_interval ("Day".."Year", required) and
  /// payment_frequency_count (>= 1, default 1) as a billing interval.
  [[nodiscard]] billing_interval payment_frequency() const {
    static constexpr interval_unit units[] = {interval_unit::day, interval_unit::week,
                                              interval_unit::month, interval_unit::year};
    const interval_unit unit =
        units[choice("payment_frequency_interval", {"Day", "Week", "Month", "Year"})];
    return billing_interval{unit, integer("payment_frequency_count", 1)};
  }
  /// Required array (input_error unless an array); returns it.
  [[nodiscard]] const nlohmann::json& array(std::string_view key,
                                            const std::string& expected = "an array") const {
    const nlohmann::json& v = required(key, expected);
    if (!v.is_array()) fail(at(key), v, expected);
    return v;
  }
  /// Optional array: nullptr when absent or null, input_error for another type.
  [[nodiscard]] const nlohmann::json* array_or_null(
      std::string_view key, const std::string& expected = "an array") const {
    const nlohmann::json* v = find(key);
    if (v && !v->is_array()) fail(at(key), *v, expected);
    return v;
  }
  /// Required object.
  [[nodiscard]] json_object object(std::string_view key) const {
    return json_object(required(key, "an object"), at(key));
  }

 private:
  /// The member `key` as is (null included), or nullptr when absent.
  [[nodiscard]] const nlohmann::json* present(std::string_view key) const {
    const auto it = value_->find(key);
    return it == value_->end() ? nullptr : &*it;
  }
  /// The integer in `v` when it is one within [min, max]; nullopt otherwise
  /// (the caller then reports the error with its pointer and expectation).
  [[nodiscard]] static std::optional<std::int64_t> fast_integer(const nlohmann::json* v,
                                                                std::int64_t min,
                                                                std::int64_t max) {
    if (!v || !v->is_number_integer()) return std::nullopt;
    if (v->is_number_unsigned()) {
      const auto u = v->get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(max)) return std::nullopt;
      const auto i = static_cast<std::int64_t>(u);
      return i < min ? std::nullopt : std::optional<std::int64_t>(i);
    }
    const auto i = v->get<std::int64_t>();
    if (i < min || i > max) return std::nullopt;
    return i;
  }

  const nlohmann::json* value_;
  std::string pointer_;
};

}  // namespace prorata::dodo

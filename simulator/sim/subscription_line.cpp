#include "subscription_line.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <simdjson.h>
#include <utility>
#include <vector>

#include <prorata/dodo.hpp>

#include "scenario_json.hpp"

namespace prorata::sim {
namespace {

namespace dom = simdjson::dom;
namespace lim = dodo::limits;

constexpr std::int64_t no_max = std::numeric_limits<std::int64_t>::max();

/// The member names of one kind of object: a name's index is its bit in a
/// `seen` mask (so a repeated member is found, as the slow path refuses it).
template <std::size_t N>
using names = std::array<std::string_view, N>;

static_assert(std::size(event_type_names) ==
                  static_cast<std::size_t>(event_kind::one_time_charge) + 1,
              "a type name for each event_kind");

constexpr names<12> subscription_members{
    "subscription_id",   "product_id", "quantity",       "addons",         "currency", "created_at",
    "trial_period_days", "tax_rate",   "credit_balance", "discount_codes", "meters",   "events"};
enum subscription_member : unsigned {
  s_subscription_id,
  s_product_id,
  s_quantity,
  s_addons,
  s_currency,
  s_created_at,
  s_trial_period_days,
  s_tax_rate,
  s_credit_balance,
  s_discount_codes,
  s_meters,
  s_events
};

constexpr names<8> event_members{"at",       "type",  "request",      "value",
                                 "meter_id", "units", "product_cart", "discount_codes"};
enum event_member : unsigned {
  e_at,
  e_type,
  e_request,
  e_value,
  e_meter_id,
  e_units,
  e_product_cart,
  e_discount_codes
};

constexpr names<8> request_members{
    "product_id",   "quantity",       "proration_billing_mode",       "addons",
    "effective_at", "discount_codes", "cancel_scheduled_change_plan", "on_payment_failure"};
enum request_member : unsigned {
  r_product_id,
  r_quantity,
  r_mode,
  r_addons,
  r_effective_at,
  r_discount_codes,
  r_cancel_scheduled,
  r_on_payment_failure
};

constexpr names<5> meter_members{"meter_id", "name", "free_threshold", "price_per_unit",
                                 "units_consumed"};
constexpr names<2> addon_members{"addon_id", "quantity"};
constexpr names<2> cart_members{"product_id", "quantity"};

constexpr proration_mode proration_modes[] = {
    proration_mode::prorated_immediately, proration_mode::difference_immediately,
    proration_mode::full_immediately, proration_mode::do_not_bill};
constexpr std::string_view proration_mode_names[] = {
    to_string(proration_modes[0]), to_string(proration_modes[1]), to_string(proration_modes[2]),
    to_string(proration_modes[3])};

constexpr std::uint32_t bit(unsigned i) { return std::uint32_t{1} << i; }

/// known == text for a non-empty `known`; the first byte is compared
/// inline, so most mismatches of the same length need no call to memcmp.
inline bool same(std::string_view known, std::string_view text) {
  return known.size() == text.size() && known[0] == text[0] &&
         std::memcmp(known.data(), text.data(), known.size()) == 0;
}

/// What earlier lines taught a reader: the values of currency codes and tax
/// rates (the same text reads to the same value, so the slow path's own
/// parser runs once per text) and how many events a line holds.
struct memo {
  static constexpr std::size_t max_entries = 16;  // hostile input cannot grow it
  std::vector<std::pair<std::string, currency>> currencies;
  std::vector<std::pair<std::string, tax_rate>> rates;
  std::size_t events = 4;  // the previous line's count: a reserve hint

  /// The value `parse` gives `text`, parsed once per text; nullopt if none.
  template <class T, class Parse>
  static std::optional<T> lookup(std::vector<std::pair<std::string, T>>& known,
                                 std::string_view text, Parse parse) {
    for (const auto& [k, v] : known) {
      if (k == text) return v;
    }
    std::optional<T> value = parse(text);
    if (value && known.size() < max_entries) known.emplace_back(std::string(text), *value);
    return value;
  }
};

/// Default values, for resetting a reused spec's members without
/// reconstructing them (their strings and vectors keep their storage).
const subscription_spec& fresh_spec() {
  static const subscription_spec s;
  return s;
}
const event& fresh_event() {
  static const event e;
  return e;
}

/// `e` as a default-constructed event, but keeping its storage (its pointer
/// is rewritten by the caller; its request's optional addons and discount
/// codes are set or disengaged by event_object and request).
void reset(event& e) {
  const event& d = fresh_event();
  e.at = d.at;
  e.kind = d.kind;
  e.request.product_id.clear();
  e.request.quantity = d.request.quantity;
  e.request.mode = d.request.mode;
  e.request.effective_at = d.request.effective_at;
  e.request.cancel_scheduled_change_plan = d.request.cancel_scheduled_change_plan;
  e.failure = d.failure;
  e.value = d.value;
  e.meter_id.clear();
  e.units = d.units;
  e.cart.clear();
  e.discount_codes.clear();
}

/// `s` as a default-constructed spec with `source`, keeping its storage
/// (its events are reset one by one as they are reused).
void reset(subscription_spec& s, const std::string& source) {
  const subscription_spec& d = fresh_spec();
  s.subscription_id.clear();
  s.product_id.clear();
  s.quantity = d.quantity;
  s.addons.clear();
  s.billing_currency = d.billing_currency;
  s.created_at = d.created_at;
  s.trial_period_days = d.trial_period_days;
  s.rate = d.rate;
  s.credit_balance = d.credit_balance;
  s.discount_codes.clear();
  s.meters.clear();
  s.pointer.clear();
  s.source = source;
}

/// An engaged, empty `list`, keeping the storage it had.
template <class T>
std::vector<T>& reused(std::optional<std::vector<T>>& list) {
  if (list) {
    list->clear();
    return *list;
  }
  return list.emplace();
}

/// Reads one line's document. Every function returns false to decline.
class line_parser {
 public:
  explicit line_parser(memo& m) : memo_(m) {}

  bool subscription(dom::object root, const scenario_header& header, subscription_spec& s) {
    std::uint32_t seen = 0;
    const bool read =
        each_member(root, subscription_members, seen, [&](unsigned k, dom::element v) {
          bool ok = false;
          switch (k) {
            case s_subscription_id:
              ok = id(v, s.subscription_id);
              break;
            case s_product_id:
              ok = id(v, s.product_id);
              break;
            case s_quantity:
              ok = integer(v, 1, no_max, s.quantity);
              break;
            case s_addons:
              ok = addons(v, s.addons);
              break;
            case s_currency: {
              std::string_view code;
              if (!string(v, code)) return false;
              const auto c = memo::lookup(memo_.currencies, code, [](std::string_view t) {
                return currency::find(t, minor_unit_source::dodo);
              });
              if (!c) return false;
              s.billing_currency = *c;
              ok = true;
              break;
            }
            case s_created_at:
              ok = timestamp(v, s.created_at);
              break;
            case s_trial_period_days:
              ok = integer(v, 0, max_trial_period_days, s.trial_period_days);
              break;
            case s_tax_rate:
              ok = tax(v, s.rate);
              break;
            case s_credit_balance:
              ok = integer(v, 0, no_max, s.credit_balance);
              break;
            case s_discount_codes:
              ok = ids(v, lim::max_line_items, s.discount_codes);
              break;
            case s_meters:
              ok = meters(v, s.meters);
              break;
            case s_events:
              ok = events(v, s.events);
              break;
            default:
              break;
          }
          return ok;
        });
    if (!read) return false;
    constexpr std::uint32_t required =
        bit(s_subscription_id) | bit(s_product_id) | bit(s_currency) | bit(s_created_at);
    if ((seen & required) != required) return false;
    if (!(seen & bit(s_events))) s.events.clear();  // none: drop the previous line's
    return s.created_at < header.until;
  }

 private:
  /// Reads every member of `obj` with read(index in `known`, value); false
  /// at an unknown or repeated name, or when read declines. Names are
  /// compared unescaped, as the slow path compares them.
  template <std::size_t N, class Read>
  static bool each_member(dom::object obj, const names<N>& known, std::uint32_t& seen,
                          Read&& read) {
    for (const dom::key_value_pair member : obj) {
      unsigned k = 0;
      while (k < N && !same(known[k], member.key)) ++k;
      if (k == N || (seen & bit(k))) return false;
      seen |= bit(k);
      if (!read(k, member.value)) return false;
    }
    return true;
  }

  /// An array of at most `max` objects, each read into a new element of
  /// `out` with read(object, element).
  template <class T, class Read>
  static bool each_object(dom::element v, std::size_t max, std::vector<T>& out, Read&& read) {
    dom::array list;
    if (v.get_array().get(list)) return false;
    for (const dom::element e : list) {
      dom::object obj;
      if (e.get_object().get(obj) || out.size() >= max) return false;
      if (!read(obj, out.emplace_back())) return false;
    }
    return true;
  }

  /// A string, unescaped (a view into the parsed document).
  static bool string(dom::element v, std::string_view& out) { return !v.get_string().get(out); }

  /// An id by the slow path's rule (dodo::is_valid_id).
  static bool id(dom::element v, std::string& out) {
    std::string_view text;
    if (!string(v, text) || !dodo::is_valid_id(text)) return false;
    out.assign(text);
    return true;
  }

  /// An integer in [min, max] (min >= 0). The parser types a number
  /// written without fraction or exponent as an integer, as nlohmann does;
  /// 2.0 and 1e2 are doubles here and are declined.
  static bool integer(dom::element v, std::int64_t min, std::int64_t max, std::int64_t& out) {
    if (!v.is_int64() && !v.is_uint64()) return false;
    std::uint64_t u = 0;
    if (v.get_uint64().get(u)) return false;
    if (u < static_cast<std::uint64_t>(min) || u > static_cast<std::uint64_t>(max)) return false;
    out = static_cast<std::int64_t>(u);
    return true;
  }

  static bool boolean(dom::element v, bool& out) { return !v.get_bool().get(out); }

  static bool timestamp(dom::element v, instant& out) {
    std::string_view text;
    if (!string(v, text)) return false;
    try {
      out = parse_rfc3339(text);
      return in_rfc3339_range(out);  // otherwise the slow path reports it
    } catch (const error&) {
      return false;
    }
  }

  bool tax(dom::element v, tax_rate& out) {
    std::string_view text;
    if (!string(v, text)) return false;
    const auto rate =
        memo::lookup(memo_.rates, text, [](std::string_view t) -> std::optional<tax_rate> {
          try {
            return tax_rate::parse(t);
          } catch (const error&) {
            return std::nullopt;
          }
        });
    if (rate) out = *rate;
    return rate.has_value();
  }

  static bool decimal_string(dom::element v, decimal& out) {
    std::string_view text;
    if (!string(v, text)) return false;
    try {
      out = parse_decimal(text);
      return true;
    } catch (const error&) {
      return false;
    }
  }

  /// One of `choices`; its index.
  template <std::size_t N>
  static bool choice(dom::element v, const std::string_view (&choices)[N], std::size_t& index) {
    std::string_view text;
    if (!string(v, text)) return false;
    for (std::size_t i = 0; i < N; ++i) {
      if (same(choices[i], text)) {
        index = i;
        return true;
      }
    }
    return false;
  }

  /// An array of at most `max` ids.
  static bool ids(dom::element v, std::size_t max, std::vector<std::string>& out) {
    dom::array list;
    if (v.get_array().get(list)) return false;
    for (const dom::element e : list) {
      if (out.size() >= max) return false;
      out.emplace_back();
      if (!id(e, out.back())) return false;
    }
    return true;
  }

  /// [{"addon_id", "quantity"}], at most limits::max_line_items.
  bool addons(dom::element v, std::vector<addon_line>& out) {
    return each_object(v, lim::max_line_items, out, [&](dom::object obj, addon_line& a) {
      std::uint32_t seen = 0;
      return each_member(obj, addon_members, seen,
                         [&](unsigned k, dom::element m) {
                           return k == 0 ? id(m, a.addon_id) : integer(m, 1, no_max, a.quantity);
                         }) &&
             seen == 3;  // both required
    });
  }

  /// A non-empty [{"product_id", "quantity"}], at most limits::max_line_items.
  bool cart(dom::element v, std::vector<cart_entry>& out) {
    return each_object(v, lim::max_line_items, out,
                       [&](dom::object obj, cart_entry& c) {
                         std::uint32_t seen = 0;
                         return each_member(obj, cart_members, seen,
                                            [&](unsigned k, dom::element m) {
                                              return k == 0 ? id(m, c.product_id)
                                                            : integer(m, 1, no_max, c.quantity);
                                            }) &&
                                (seen & 1) != 0;  // product_id required
                       }) &&
           !out.empty();
  }

  bool meters(dom::element v, std::vector<meter_usage>& out) {
    if (!meter_list(v, out)) return false;
    // a repeated meter_id is the checking reader's to word (dodo::read_meters)
    for (std::size_t i = 1; i < out.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (out[i].meter_id == out[j].meter_id) return false;
      }
    }
    return true;
  }

  bool meter_list(dom::element v, std::vector<meter_usage>& out) {
    return each_object(v, lim::max_line_items, out, [&](dom::object obj, meter_usage& u) {
      std::uint32_t seen = 0;
      const bool read = each_member(obj, meter_members, seen, [&](unsigned k, dom::element m) {
        std::string_view name;
        bool ok = false;
        switch (k) {
          case 0:
            ok = id(m, u.meter_id);
            break;
          case 1:
            ok = string(m, name);
            u.name.assign(name);
            break;
          case 2:
            ok = integer(m, 0, no_max, u.free_threshold);
            break;
          case 3:
            ok = decimal_string(m, u.price_per_unit);
            break;
          default:
            ok = decimal_string(m, u.units_consumed);
            break;
        }
        return ok;
      });
      return read && (seen & 0b1011) == 0b1011;  // meter_id, name, price_per_unit
    });
  }

  /// A change_plan "request" and its on_payment_failure.
  bool request(dom::element v, change_request& r, on_payment_failure& failure) {
    dom::object obj;
    if (v.get_object().get(obj)) return false;
    std::uint32_t seen = 0;
    const bool read = each_member(obj, request_members, seen, [&](unsigned k, dom::element m) {
      bool ok = false;
      switch (k) {
        case r_product_id:
          ok = id(m, r.product_id);
          break;
        case r_quantity:
          ok = integer(m, 1, no_max, r.quantity);
          break;
        case r_mode: {
          // parse_proration_mode's choices, compared inline
          std::size_t i = 0;
          ok = choice(m, proration_mode_names, i);
          r.mode = proration_modes[i];
          break;
        }
        case r_addons:
          ok = addons(m, reused(r.addons));
          break;
        case r_effective_at: {
          static constexpr std::string_view timings[] = {"immediately", "next_billing_date"};
          std::size_t i = 0;
          ok = choice(m, timings, i);
          r.effective_at =
              i == 0 ? effective_timing::immediately : effective_timing::next_billing_date;
          break;
        }
        case r_discount_codes:
          ok = ids(m, 20, reused(r.discount_codes));  // the request's own limit
          break;
        case r_cancel_scheduled:
          ok = boolean(m, r.cancel_scheduled_change_plan);
          break;
        default: {
          std::size_t i = 0;
          ok = choice(m, on_payment_failure_names, i);
          failure = i == 0 ? on_payment_failure::apply_change : on_payment_failure::prevent_change;
          break;
        }
      }
      return ok;
    });
    if (!read) return false;
    if (!(seen & bit(r_addons))) r.addons.reset();
    if (!(seen & bit(r_discount_codes))) r.discount_codes.reset();
    constexpr std::uint32_t required = bit(r_product_id) | bit(r_quantity) | bit(r_mode);
    return (seen & required) == required;
  }

  bool event_object(dom::element v, event& e) {
    dom::object obj;
    if (v.get_object().get(obj)) return false;
    std::uint32_t seen = 0;
    const bool read = each_member(obj, event_members, seen, [&](unsigned k, dom::element m) {
      bool ok = false;
      switch (k) {
        case e_at:
          ok = timestamp(m, e.at);
          break;
        case e_type: {
          std::size_t i = 0;
          ok = choice(m, event_type_names, i);
          e.kind = static_cast<event_kind>(i);
          break;
        }
        case e_request:
          ok = request(m, e.request, e.failure);
          break;
        case e_value:
          ok = boolean(m, e.value);
          break;
        case e_meter_id:
          ok = id(m, e.meter_id);
          break;
        case e_units:
          // read_units: a decimal string >= 0
          ok = decimal_string(m, e.units) && e.units.coefficient >= 0;
          break;
        case e_product_cart:
          ok = cart(m, e.cart);
          break;
        default:
          ok = ids(m, lim::max_line_items, e.discount_codes);
          break;
      }
      return ok;
    });
    if (!read) return false;
    if (!(seen & bit(e_request))) {  // else request() set them
      e.request.addons.reset();
      e.request.discount_codes.reset();
    }
    // The members each kind reads (the slow path ignores the others; here
    // they are doubts) and those it requires.
    std::uint32_t allowed = bit(e_at) | bit(e_type);
    std::uint32_t required = allowed;
    switch (e.kind) {
      case event_kind::change_plan:
        required |= bit(e_request);
        allowed = required;
        break;
      case event_kind::cancel_at_next_billing_date:
        allowed |= bit(e_value);
        break;
      case event_kind::usage:
        required |= bit(e_meter_id) | bit(e_units);
        allowed = required;
        break;
      case event_kind::one_time_charge:
        required |= bit(e_product_cart);
        allowed = required | bit(e_discount_codes);
        break;
      default:
        break;
    }
    return (seen & required) == required && (seen & ~allowed) == 0;
  }

  bool events(dom::element v, std::vector<event>& out) {
    dom::array list;
    if (v.get_array().get(list)) return false;
    out.reserve(memo_.events);  // events are large: spare the regrowth
    std::size_t n = 0;          // the events read; out's first n are reused
    for (const dom::element e : list) {
      if (n >= lim::max_events) return false;
      event* ev = nullptr;
      if (n < out.size()) {
        ev = &out[n];
        reset(*ev);
      } else {
        ev = &out.emplace_back();
      }
      // dodo::pointer_append("/events", index), without its temporaries
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
      ev->pointer.assign("/events/").append(digits, end);
      ++n;
      if (!event_object(e, *ev)) return false;
    }
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(n), out.end());
    memo_.events = std::max<std::size_t>(n, 1);
    return true;
  }

  memo& memo_;
};

}  // namespace

struct subscription_line_reader::state {
  dom::parser parser;
  memo learned;
  std::vector<char> buffer;  // the line, then SIMDJSON_PADDING bytes
};

subscription_line_reader::subscription_line_reader() : state_(std::make_unique<state>()) {}
subscription_line_reader::~subscription_line_reader() = default;

bool subscription_line_reader::read(std::string_view line, const scenario_header& header,
                                    const std::string& source, subscription_spec& out) {
  std::vector<char>& buf = state_->buffer;
  if (buf.size() < line.size() + simdjson::SIMDJSON_PADDING) {
    buf.resize(line.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(buf.data(), line.data(), line.size());
  std::memset(buf.data() + line.size(), 0, simdjson::SIMDJSON_PADDING);

  // The DOM parser validates the whole line (RFC 8259, UTF-8, nothing
  // after the value) before anything is read from it.
  dom::object root;
  if (state_->parser.parse(buf.data(), line.size(), false).get(root)) return false;
  reset(out, source);  // but its events: events() reuses them
  line_parser p(state_->learned);
  if (!p.subscription(root, header, out)) return false;
  try {
    check_events(out, header);
  } catch (const dodo::input_error&) {
    return false;  // the slow path words it
  }
  return true;
}

void read_subscription_line(subscription_line_reader& reader, std::string_view line,
                            const scenario_header& header, const std::string& source,
                            subscription_spec& out) {
  if (reader.read(line, header, source, out)) return;
  out = read_subscription_spec(dodo::parse_json(line), "", header, source);
}

subscription_spec read_subscription_line(subscription_line_reader& reader, std::string_view line,
                                         const scenario_header& header, const std::string& source) {
  subscription_spec spec;
  read_subscription_line(reader, line, header, source, spec);
  return spec;
}

}  // namespace prorata::sim

#include "crosscheck/engine_input.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include <prorata/error.hpp>

#include "crosscheck/retry.hpp"

namespace prorata::crosscheck {

namespace {

/// A binary64 value as the shortest fixed decimal text, at most 10 places.
std::string fixed_text(double v) {
  std::array<char, 64> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed);
  std::string s(buf.data(), r.ptr);
  if (const auto dot = s.find('.'); dot != std::string::npos && s.size() - dot - 1 > 10) {
    r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, 10);
    s.assign(buf.data(), r.ptr);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

const nlohmann::json* member(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

chosen_tax_rate derive_tax_rate(const nlohmann::json& dodo_preview) {
  const nlohmann::json* charge = member(dodo_preview, "immediate_charge");
  const nlohmann::json* lines = charge ? member(*charge, "line_items") : nullptr;
  if (lines == nullptr || !lines->is_array()) return {"0", "no line items: 0"};
  bool zero_seen = false;
  for (const nlohmann::json& line : *lines) {
    const nlohmann::json* type = member(line, "type");
    const nlohmann::json* rate = member(line, "tax_rate");
    if (type == nullptr || *type == "meter" || rate == nullptr || !rate->is_number()) continue;
    const double x = rate->get<double>();
    if (!(x >= 0) || !std::isfinite(x)) continue;
    if (x == 0) {
      zero_seen = true;  // a zero-rated line (e.g. a credit) says little; look further
      continue;
    }
    static constexpr std::array<std::pair<double, const char*>, 3> units{
        {{1.0, "a fraction"}, {100.0, "a percent"}, {10000.0, "basis points"}}};
    std::size_t pick = x <= 1 ? 0 : (x <= 100 ? 1 : 2);
    const nlohmann::json* tax = member(line, "tax");
    const nlohmann::json* price = member(line, "unit_price");
    const nlohmann::json* qty = member(line, "quantity");
    const nlohmann::json* inclusive = member(line, "tax_inclusive");
    if (tax && tax->is_number_integer() && price && price->is_number_integer() && qty &&
        qty->is_number_integer() && tax->get<std::int64_t>() != 0) {
      // Which unit reproduces the line's tax (float use only to pick a unit).
      const double base = static_cast<double>(price->get<std::int64_t>()) *
                          static_cast<double>(qty->get<std::int64_t>());
      const bool incl = inclusive && inclusive->is_boolean() && inclusive->get<bool>();
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < units.size(); ++i) {
        const double r = x / units[i].first;
        const double expected = incl ? base - base / (1 + r) : base * r;
        const double err = std::fabs(expected - static_cast<double>(tax->get<std::int64_t>()));
        if (err < best) {
          best = err;
          pick = i;
        }
      }
    }
    return {
        fixed_text(x / units[pick].first),
        std::string("Dodo's line tax_rate ") + fixed_text(x) + " read as " + units[pick].second};
  }
  if (zero_seen) return {"0", "Dodo's line tax_rate 0"};
  return {"0", "no line carries a tax_rate: 0"};
}

chosen_now choose_now(const nlohmann::json& request, const nlohmann::json& dodo_preview,
                      const http_response& answer) {
  const nlohmann::json* timing = member(request, "effective_at");
  const bool immediate = timing == nullptr || *timing == "immediately";
  const nlohmann::json* charge = member(dodo_preview, "immediate_charge");
  const nlohmann::json* at = charge ? member(*charge, "effective_at") : nullptr;
  if (immediate && at && at->is_string()) {
    try {
      return {parse_rfc3339(at->get<std::string>()), "Dodo's immediate_charge.effective_at"};
    } catch (const prorata::error&) {
      // fall through to the Date header
    }
  }
  if (const auto it = answer.headers.find("date"); it != answer.headers.end()) {
    if (const auto t = parse_http_date(it->second)) {
      return {std::chrono::floor<std::chrono::seconds>(*t), "the Date header of Dodo's answer"};
    }
  }
  return {std::chrono::floor<std::chrono::seconds>(answer.sent_at),
          "the local clock when the request was sent"};
}

nlohmann::json engine_input_json(const fetched_objects& objects, const nlohmann::json& request,
                                 instant now, const std::string& tax_rate,
                                 std::int64_t credit_balance) {
  nlohmann::json sub = objects.subscription;
  sub["credit_balance"] = credit_balance;
  if (nlohmann::json* meters = sub.contains("meters") ? &sub["meters"] : nullptr;
      meters && meters->is_array()) {
    nlohmann::json kept = nlohmann::json::array();
    for (const nlohmann::json& m : *meters) {
      if (m.is_object() && m.contains("price_per_unit") && !m["price_per_unit"].is_null()) {
        kept.push_back(m);
      }
    }
    *meters = kept;
  }
  nlohmann::json products = nlohmann::json::array();
  for (const auto& [id, p] : objects.products) products.push_back(p);
  nlohmann::json addons = nlohmann::json::array();
  for (const auto& [id, a] : objects.addons) addons.push_back(a);
  nlohmann::json in;
  in["now"] = format_rfc3339(now);
  in["subscription"] = sub;
  in["catalog"] = {{"products", products}, {"addons", addons}};
  in["request"] = request;
  in["tax_rate"] = tax_rate;
  in["policy"] = nlohmann::json::object();
  return in;
}

dodo::preview_input make_engine_input(const fetched_objects& objects, const nlohmann::json& request,
                                      instant now, const std::string& tax_rate,
                                      const engine_settings& settings) {
  dodo::preview_input in = dodo::read_preview_input(
      engine_input_json(objects, request, now, tax_rate, settings.credit_balance));
  in.policy = settings.pol;
  return in;
}

}  // namespace prorata::crosscheck

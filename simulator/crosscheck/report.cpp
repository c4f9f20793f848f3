#include "crosscheck/report.hpp"

#include <sstream>

#include <prorata/calendar/instant.hpp>

namespace prorata::crosscheck {

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string shown(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string describe_request(const json& r) {
  std::string out =
      shown(r.value("product_id", json("?"))) + " x" + shown(r.value("quantity", json(1)));
  if (const auto a = r.find("addons"); a != r.end() && a->is_array()) {
    for (const json& x : *a) {
      out += " + " + shown(x.value("addon_id", json("?"))) + " x" +
             shown(x.value("quantity", json(1)));
    }
  }
  out += ", " + shown(r.value("proration_billing_mode", json("?")));
  out += ", effective " + shown(r.value("effective_at", json("immediately")));
  return out;
}

std::string amounts(const json& preview) {
  const json empty = json::object();
  const json& s =
      preview.contains("immediate_charge") && preview["immediate_charge"].contains("summary")
          ? preview["immediate_charge"]["summary"]
          : empty;
  return "settlement_amount " + shown(s.value("settlement_amount", json("?"))) + " " +
         shown(s.value("currency", json("?"))) + ", customer_credits " +
         shown(s.value("customer_credits", json("?"))) + ", tax " +
         shown(s.value("tax", json(nullptr)));
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

}  // namespace

std::string report_text(const run_result& r) {
  std::ostringstream out;
  std::size_t differing = 0;
  for (const request_result& rr : r.results) differing += rr.differences.empty() ? 0U : 1U;
  out << "prorata crosscheck: subscription " << r.subscription_id << ": " << r.results.size()
      << (r.results.size() == 1 ? " request, " : " requests, ")
      << (differing == 0 ? std::string("all match")
                         : std::to_string(differing) + " with differences")
      << '\n';
  for (std::size_t i = 0; i < r.results.size(); ++i) {
    const request_result& rr = r.results[i];
    out << "\nrequest " << i + 1 << ": " << describe_request(rr.request) << '\n';
    out << "  now:       " << format_rfc3339(rr.now.at) << " (" << rr.now.source << ")\n";
    out << "  tax rate:  " << rr.tax_rate.rate << " (" << rr.tax_rate.source << ")\n";
    out << "  Dodo:      " << amounts(rr.dodo_preview) << '\n';
    if (rr.engine_preview) {
      out << "  engine:    " << amounts(*rr.engine_preview) << '\n';
    } else {
      out << "  engine:    refused: " << rr.engine_refusal << '\n';
    }
    if (rr.differences.empty()) {
      out << "  result:    match (summary, every line item, new plan)\n";
      continue;
    }
    out << "  result:    " << rr.differences.size()
        << (rr.differences.size() == 1 ? " difference\n" : " differences\n");
    for (const difference& d : rr.differences) {
      out << "    " << d.field << '\n';
      out << "      Dodo:   " << shown(d.dodo) << '\n';
      out << "      engine: " << shown(d.engine) << '\n';
      out << "      knob:   " << d.knob << '\n';
    }
  }
  if (r.calibration) {
    const calibration_result& c = *r.calibration;
    out << "\ncalibration: " << c.points_tried << " knob combinations x " << c.cases
        << (c.cases == 1 ? " request, " : " requests, ") << c.reproducing.size()
        << " reproduce every answer\n";
    for (const knob_verdict& v : c.verdicts) {
      out << "  " << v.knob << ": " << v.status() << ": " << join(v.reproducing) << '\n';
    }
    if (!c.reproducing.empty()) {
      out << "  a reproducing policy: " << settings_json(c.reproducing.front()).dump() << '\n';
    } else {
      out << "  closest policy (" << c.fewest_differences
          << " differences in all): " << settings_json(c.closest).dump() << '\n';
    }
  }
  return out.str();
}

ordered_json report_json(const run_result& r) {
  ordered_json j;
  j["subscription_id"] = r.subscription_id;
  j["match"] = !r.any_difference();
  ordered_json requests = ordered_json::array();
  for (const request_result& rr : r.results) {
    ordered_json x;
    x["request"] = rr.request;
    x["now"] = format_rfc3339(rr.now.at);
    x["now_source"] = rr.now.source;
    x["tax_rate"] = rr.tax_rate.rate;
    x["tax_rate_source"] = rr.tax_rate.source;
    x["match"] = rr.differences.empty();
    ordered_json diffs = ordered_json::array();
    for (const difference& d : rr.differences) {
      diffs.push_back(
          {{"field", d.field}, {"dodo", d.dodo}, {"engine", d.engine}, {"knob", d.knob}});
    }
    x["differences"] = diffs;
    x["engine_refusal"] =
        rr.engine_preview ? ordered_json(nullptr) : ordered_json(rr.engine_refusal);
    x["dodo_preview"] = rr.dodo_preview;
    x["engine_preview"] =
        rr.engine_preview ? ordered_json(*rr.engine_preview) : ordered_json(nullptr);
    requests.push_back(x);
  }
  j["requests"] = requests;
  if (r.calibration) {
    const calibration_result& c = *r.calibration;
    ordered_json cal;
    cal["combinations"] = c.points_tried;
    cal["requests"] = c.cases;
    ordered_json verdicts = ordered_json::object();
    for (const knob_verdict& v : c.verdicts) {
      verdicts[v.knob] = {
          {"status", v.status()}, {"reproducing", v.reproducing}, {"values", v.all_values}};
    }
    cal["knobs"] = verdicts;
    ordered_json repro = ordered_json::array();
    for (const auto& s : c.reproducing) repro.push_back(settings_json(s));
    cal["reproducing_policies"] = repro;
    cal["closest_policy"] = settings_json(c.closest);
    cal["closest_differences"] = c.fewest_differences;
    j["calibration"] = cal;
  }
  return j;
}

}  // namespace prorata::crosscheck

#pragma once
/// \file
/// A plan_change_preview -> Dodo's SubscriptionPreviewChangePlanResponse
/// (reference/dodo-preview-schema.md), with keys in a fixed order so the same
/// preview always prints the same bytes.
///
/// Every line item and the summary also carry a "prorata" object, an
/// extension Dodo does not send: the exact signed amounts of the line
/// (amount as listed, net, tax, total) and the exact proration factor as
/// "num/den", so that a reader can check that the lines add up to the summary.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include <prorata/billing/plan_change.hpp>
#include <prorata/calendar/instant.hpp>
#include <prorata/dodo/preview_input.hpp>
#include <prorata/dodo/subscription_json.hpp>
#include <prorata/error.hpp>
#include <prorata/money/exchange.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata::dodo {

/// An exact ratio as Dodo's binary64 number (proration_factor, tax_rate):
/// num / den with the division rounded once to nearest (num and den are
/// exact below 2^53). Only the JSON output layer uses this.
[[nodiscard]] inline double to_binary64(const ratio& r) {
  return static_cast<double>(r.num()) / static_cast<double>(r.den());
}

/// Dodo's line type name: "subscription", "addon" or "meter".
[[nodiscard]] constexpr std::string_view to_string(line_kind k) noexcept {
  switch (k) {
    case line_kind::subscription:
      return "subscription";
    case line_kind::addon:
      return "addon";
    case line_kind::meter:
      return "meter";
  }
  return "unknown";
}

/// The prorata extension of a line: {"amount", "net", "tax", "total",
/// "proration_factor": "num/den"}, signed minor units.
[[nodiscard]] inline nlohmann::ordered_json line_extension_to_json(const line_item& l) {
  nlohmann::ordered_json x;
  x["amount"] = l.amount.minor_units();
  x["net"] = l.net.minor_units();
  x["tax"] = l.tax.minor_units();
  x["total"] = l.total.minor_units();
  x["proration_factor"] = l.proration_factor.to_string();
  return x;
}

/// One preview line in Dodo's LineItemSubscription / LineItemAddon shape
/// (field order as in the schema), plus "prorata". `tax_rate` is the line's
/// own rate (line_item::rate: its tax_category's). `tax` is the un-prorated
/// line tax (line_item::full_tax), `unit_price` the full-cycle price per
/// unit, `proration_factor` the signed share (negative on old-plan credit
/// lines). A meter line is Dodo's LineItemMeter: usage, chargeable units,
/// free threshold and price per unit as in the schema, no proration_factor.
[[nodiscard]] inline nlohmann::ordered_json line_item_to_json(const line_item& l) {
  nlohmann::ordered_json j;
  const std::string cur(l.amount.currency().code());
  const double rate_number = to_binary64(l.rate.as_ratio());  // the line's own category's rate
  const auto name =
      l.name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(l.name);
  j["id"] = l.id;
  j["currency"] = cur;
  switch (l.kind) {
    case line_kind::subscription:
      j["product_id"] = l.id;
      j["proration_factor"] = to_binary64(l.proration_factor);
      j["quantity"] = l.quantity;
      j["tax_inclusive"] = l.tax_inclusive;
      j["type"] = "subscription";
      j["unit_price"] = l.unit_price.minor_units();
      j["name"] = name;
      j["tax"] = l.full_tax.minor_units();
      j["tax_rate"] = rate_number;
      break;
    case line_kind::addon:
      j["name"] = l.name;
      j["proration_factor"] = to_binary64(l.proration_factor);
      j["quantity"] = l.quantity;
      j["tax_category"] = l.tax_category.empty() ? std::string("saas") : l.tax_category;
      j["tax_inclusive"] = l.tax_inclusive;
      j["tax_rate"] = rate_number;
      j["type"] = "addon";
      j["unit_price"] = l.unit_price.minor_units();
      j["tax"] = l.full_tax.minor_units();
      break;
    case line_kind::meter:
      j["chargeable_units"] = to_string(l.chargeable_units);
      j["free_threshold"] = l.free_threshold;
      j["name"] = l.name;
      j["price_per_unit"] = to_string(l.price_per_unit);
      j["subtotal"] = l.net.minor_units();
      j["tax_inclusive"] = l.tax_inclusive;
      j["tax_rate"] = rate_number;
      j["type"] = "meter";
      j["units_consumed"] = to_string(l.units_consumed);
      j["tax"] = l.tax.minor_units();
      break;
  }
  j["prorata"] = line_extension_to_json(l);
  return j;
}

/// The merchant's side of a summary: Dodo's settlement_* fields.
struct settlement_figures {
  currency cur;
  money amount;  ///< settlement_amount
  money tax;     ///< settlement_tax
};

/// The summary's due-now amount and tax in the input's settlement_currency,
/// converted at its fx_rates rate and rounded once each (policy.rounding);
/// without a settlement currency, or in the subscription's, the same figures.
[[nodiscard]] inline settlement_figures settlement_of(const preview_summary& s,
                                                      const preview_input& in) {
  if (!in.settlement_currency || *in.settlement_currency == s.currency) {
    return {s.currency, s.settlement_amount, s.tax};
  }
  const currency to = *in.settlement_currency;
  const std::optional<exact_rate> rate = in.catalog.fx.find(s.currency, to);
  if (!rate) {
    throw invalid_argument("no exchange rate from " + std::string(s.currency.code()) + " to " +
                           std::string(to.code()));
  }
  return {to, convert(s.settlement_amount, to, *rate, in.policy.rounding),
          convert(s.tax, to, *rate, in.policy.rounding)};
}

/// Dodo's Summary: currency, customer_credits (signed), settlement_amount
/// (due now, post-tax, post-credit, in settlement_currency),
/// settlement_currency, settlement_tax, tax (the tax of the lines),
/// total_amount (due now in the customer's currency); plus "prorata":
/// {subtotal, tax, total (before credits), credits_used, credits_added}.
[[nodiscard]] inline nlohmann::ordered_json summary_to_json(const preview_summary& s,
                                                            const settlement_figures& settled) {
  nlohmann::ordered_json j;
  const std::string cur(s.currency.code());
  j["currency"] = cur;
  j["customer_credits"] = s.customer_credits.minor_units();
  j["settlement_amount"] = settled.amount.minor_units();
  j["settlement_currency"] = std::string(settled.cur.code());
  j["settlement_tax"] = settled.tax.minor_units();
  j["tax"] = s.tax.minor_units();
  j["total_amount"] = s.total_amount.minor_units();
  nlohmann::ordered_json x;
  x["subtotal"] = s.subtotal.minor_units();
  x["tax"] = s.tax.minor_units();
  x["total"] = s.total.minor_units();
  x["credits_used"] = s.credits_used.minor_units();
  x["credits_added"] = s.credits_added.minor_units();
  j["prorata"] = x;
  return j;
}

/// The summary settled in its own currency.
[[nodiscard]] inline nlohmann::ordered_json summary_to_json(const preview_summary& s) {
  return summary_to_json(s, {s.currency, s.settlement_amount, s.tax});
}

/// The whole response: {"immediate_charge": {"effective_at", "line_items",
/// "summary"}, "new_plan": subscription_to_json(new state)}. `in` supplies
/// the catalog (names, recurring_pre_tax_amount), the policy and the input
/// JSON whose other fields new_plan passes through.
[[nodiscard]] inline nlohmann::ordered_json preview_to_json(const plan_change_preview& p,
                                                            const preview_input& in) {
  nlohmann::ordered_json lines = nlohmann::ordered_json::array();
  for (const line_item& l : p.line_items) lines.push_back(line_item_to_json(l));
  nlohmann::ordered_json charge;
  charge["effective_at"] = format_rfc3339(p.effective_at);
  charge["line_items"] = lines;
  charge["summary"] = summary_to_json(p.summary, settlement_of(p.summary, in));
  nlohmann::ordered_json j;
  j["immediate_charge"] = charge;
  j["new_plan"] = subscription_to_json(p.new_state, in.catalog, in.policy, in.source());
  return j;
}

/// The response as the program prints it: 2-space indent, a final newline.
[[nodiscard]] inline std::string preview_to_text(const plan_change_preview& p,
                                                 const preview_input& in) {
  return preview_to_json(p, in).dump(2) + "\n";
}

}  // namespace prorata::dodo

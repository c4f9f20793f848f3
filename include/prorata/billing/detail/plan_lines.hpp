#pragma once
// internal: include <prorata/billing.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <prorata/billing/catalog.hpp>
#include <prorata/billing/change_amounts.hpp>
#include <prorata/billing/plan_change.hpp>
#include <prorata/billing/policy.hpp>
#include <prorata/billing/refusal.hpp>
#include <prorata/billing/subscription.hpp>
#include <prorata/money/decimal.hpp>
#include <prorata/money/exchange.hpp>
#include <prorata/money/money.hpp>
#include <prorata/money/ratio.hpp>
#include <prorata/pricing/discount.hpp>
#include <prorata/pricing/meter.hpp>
#include <prorata/pricing/tax.hpp>

namespace prorata::detail {

/// A plan's lines at full-cycle price, before discounts, proration and tax:
/// the product line first, then one line per addon.
struct plan_lines {
  std::vector<line_item> lines;           ///< kind, id, name, quantity, tax_category filled
  std::vector<money> full;                ///< unit price x quantity, same order
  std::int64_t product_discount_bps = 0;  ///< the product price's own discount (line 0)
};

template <class What>
inline void require_quantity(std::int64_t q, What&& what_fn) {
  if (q < 1) [[unlikely]] {
    const std::string what = what_fn();
    throw refusal("INVALID_REQUEST_PARAMETERS",
                  what + " must be at least 1, got " + std::to_string(q));
  }
}

/// The currency a plan is billed in and how a price in another currency
/// reaches it (adaptive currency): at the catalog's exchange rate plus the
/// fee in basis points, rounded once. Made from a bare currency, nothing
/// converts (apply_plan_change's fast path then falls back).
struct billing_currency {
  currency cur;
  const exchange_rates* fx = nullptr;
  rounding_mode rounding = rounding_mode::half_away_from_zero;
  std::int64_t fee_bps = 0;
  billing_currency(currency c) : cur(c) {}  // NOLINT(google-explicit-constructor)
  billing_currency(currency c, const catalog& cat, const policy& pol, bool fees_inclusive)
      : cur(c),
        fx(&cat.fx),
        rounding(pol.rounding),
        fee_bps(fees_inclusive ? 0 : pol.adaptive_currency_fee_bps) {}
};

/// Whether a plan on `p` billed in `cur` is fees-inclusive: a matching
/// localized price forces it (features/localized-pricing.mdx @2aef2bd: the
/// change is fees-inclusive "and that setting governs the new plan's
/// renewals going forward"), else `requested`.
[[nodiscard]] inline bool fees_inclusive_for(const product& p, const currency& cur,
                                             bool requested) {
  return requested || (p.price.currency() != cur && p.price_in(cur).has_value());
}

/// `price` (or the product's localized price) in the billing currency,
/// converted when a rate is known; refusal UNSUPPORTED_BILLING_CURRENCY else.
template <class What>
[[nodiscard]] inline money in_billing_currency(const money& price, const product* p,
                                               const billing_currency& billing, What&& what_fn) {
  if (price.currency() == billing.cur) [[likely]]
    return price;
  if (p != nullptr) {
    if (const std::optional<money> local = p->price_in(billing.cur)) return *local;
  }
  if (billing.fx != nullptr) {
    if (const std::optional<exact_rate> r = billing.fx->find(price.currency(), billing.cur)) {
      return convert(price, billing.cur, *r, billing.rounding, 10000 + billing.fee_bps, 10000);
    }
  }
  const std::string what = what_fn();
  throw refusal("UNSUPPORTED_BILLING_CURRENCY",
                what + " is priced in " + std::string(price.currency().code()) +
                    " but the subscription bills in " + std::string(billing.cur.code()));
}

/// visit_plan for a product already found in `cat`.
template <class Line>
inline void visit_plan_of(const catalog& cat, const product& p, std::int64_t quantity,
                          std::span<const addon_line> addons, const billing_currency& billing,
                          const std::optional<money>& unit_price_override, Line&& line) {
  const std::string& product_id = p.product_id;
  if (p.kind == price_kind::one_time) [[unlikely]] {
    throw refusal("ONE_TIME_PRODUCT_NOT_ALLOWED_FOR_SUBSCRIPTION",
                  "product \"" + product_id + "\" has a one_time_price, not a subscription price");
  }
  if (p.kind == price_kind::usage_based && !addons.empty()) [[unlikely]] {
    throw refusal("ADDONS_IN_USAGE_BASED_BILLING_NOT_SUPPORTED",
                  "product \"" + product_id + "\" has a usage_based_price and takes no addons");
  }
  const money unit =
      unit_price_override
          ? in_billing_currency(*unit_price_override, nullptr, billing,
                                [&] { return "the trial amount of \"" + product_id + "\""; })
          : in_billing_currency(p.price, &p, billing,
                                [&] { return "product \"" + product_id + "\""; });
  require_quantity(quantity, [&] { return "quantity of product \"" + product_id + "\""; });
  line(&p, static_cast<const addon*>(nullptr), quantity, unit * quantity);
  for (const addon_line& a : addons) {
    const addon& ad = cat.find_addon(a.addon_id);
    const money ad_unit = in_billing_currency(ad.price, nullptr, billing,
                                              [&] { return "addon \"" + a.addon_id + "\""; });
    require_quantity(a.quantity, [&] { return "quantity of addon \"" + a.addon_id + "\""; });
    line(&p, &ad, a.quantity, ad_unit * a.quantity);
  }
}

/// Walks a plan's lines in order, the product then each addon, checking
/// each as every pricing function does (a known id, the billing currency, a
/// quantity of at least 1) and calling `line(product*, addon*, quantity,
/// full)` with the line's full-cycle amount (unit price x quantity); the
/// addon pointer is null for the product line. The unit price is
/// `unit_price_override` when given (a paid trial).
template <class Line>
inline void visit_plan(const catalog& cat, const std::string& product_id, std::int64_t quantity,
                       std::span<const addon_line> addons, const billing_currency& billing,
                       const std::optional<money>& unit_price_override, Line&& line) {
  visit_plan_of(cat, cat.find_product(product_id), quantity, addons, billing, unit_price_override,
                std::forward<Line>(line));
}

/// The lines of product `product_id` x `quantity` plus `addons`, priced from
/// the catalog (or at `unit_price_override` per unit, e.g. a paid trial).
[[nodiscard]] inline plan_lines price_plan(const catalog& cat, const std::string& product_id,
                                           std::int64_t quantity,
                                           std::span<const addon_line> addons,
                                           const billing_currency& billing,
                                           const std::optional<money>& unit_price_override = {}) {
  plan_lines out;
  out.lines.reserve(1 + addons.size());
  out.full.reserve(1 + addons.size());
  // A paid trial's amount is what the customer pays: no product discount on it.
  if (!unit_price_override) out.product_discount_bps = cat.find_product(product_id).discount_bps;
  visit_plan(cat, product_id, quantity, addons, billing, unit_price_override,
             [&](const product* p, const addon* ad, std::int64_t q, const money& full) {
               line_item line;
               line.kind = ad ? line_kind::addon : line_kind::subscription;
               line.id = ad ? ad->addon_id : p->product_id;
               line.name = ad ? ad->name : p->name;
               line.quantity = q;
               line.tax_category = ad ? ad->tax_category : p->tax_category;
               out.lines.push_back(std::move(line));
               out.full.push_back(full);
             });
  return out;
}

template <std::size_t... I>
[[nodiscard]] std::array<money, sizeof...(I)> filled(const money& m, std::index_sequence<I...>) {
  return {((void)I, m)...};
}

/// A plan's full-cycle line amounts without ids or names, on the stack: the
/// input of price_change. Holds the product line and up to 15 addons.
struct plan_amounts {
  static constexpr std::size_t capacity = 16;
  explicit plan_amounts(const money& zero)
      : full(filled(zero, std::make_index_sequence<capacity>{})) {}
  std::array<money, capacity> full;
  std::size_t size = 0;
  [[nodiscard]] std::span<const money> lines() const noexcept { return {full.data(), size}; }
};

/// The amounts of product `p` (found in `cat`) x `quantity` plus `addons`
/// into `out`, checked as visit_plan checks them; false when the plan has
/// more lines than plan_amounts holds. Filled in place: the caller's
/// plan_amounts is not copied.
[[nodiscard]] inline bool full_amounts(const catalog& cat, const product& p, std::int64_t quantity,
                                       std::span<const addon_line> addons,
                                       const billing_currency& billing, plan_amounts& out) {
  if (addons.size() >= plan_amounts::capacity) return false;
  out.size = 0;
  visit_plan_of(cat, p, quantity, addons, billing, std::nullopt,
                [&](const product*, const addon*, std::int64_t, const money& full) {
                  out.full[out.size++] = full;
                });
  return true;
}

/// Copies a priced line's amounts into its line item.
inline void set_amounts(line_item& line, const line_amounts& a) {
  line.amount = a.amount;
  line.net = a.net;
  line.tax = a.tax;
  line.total = a.total;
}

/// A plan's full line amounts after the product price's own discount
/// (discount_bps): the product line (line 0) loses round(line x bps /
/// 10000) with `mode`, rounded once on the line. It comes before every
/// discount code, which then works on the discounted price.
[[nodiscard]] inline std::vector<money> product_discounted(const plan_lines& plan,
                                                           rounding_mode mode) {
  std::vector<money> full = plan.full;
  if (plan.product_discount_bps != 0 && !full.empty()) {
    full[0] -= multiply(full[0], ratio(plan.product_discount_bps, 10000), mode);
  }
  return full;
}

/// Prices one side of a change: each line's full amount (after the product
/// price's own discount) discounted by the codes (before or after
/// proration, as the policy says), times `share` rounded once per line,
/// taxed per line, and signed (`credit` lines are negative).
[[nodiscard]] inline std::vector<line_item> bill_lines(const plan_lines& plan,
                                                       std::span<const discount> discounts,
                                                       const ratio& share, bool credit,
                                                       bool tax_inclusive, const tax_rates& rate,
                                                       const policy& pol, const currency& cur) {
  const rounding_mode mode = pol.rounding;
  const std::vector<money> full = product_discounted(plan, mode);
  std::vector<money> base = full;
  if (pol.discounts == discount_timing::before_proration && !discounts.empty()) {
    base = apply_discounts(base, discounts, cur, mode).lines;
  }
  std::vector<money> amounts;
  amounts.reserve(base.size());
  for (const money& b : base) amounts.push_back(multiply(b, share, mode));
  if (pol.discounts == discount_timing::after_proration) {
    money original = money::zero(cur);  // minimum_subtotal looks at the full prices
    for (const money& m : full) original += m;
    amounts = apply_discounts(amounts, discounts, cur, mode, original).lines;
    base = apply_discounts(full, discounts, cur, mode).lines;  // for unit_price and full_tax
  }
  std::vector<line_item> out;
  out.reserve(base.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    line_item line = plan.lines[i];
    line.tax_inclusive = tax_inclusive;
    line.unit_price =
        money::from_minor(divide_rounded(base[i].minor_units(), line.quantity, mode), cur);
    line.proration_factor = credit ? ratio(-share.num(), share.den()) : share;
    const tax_rate& line_rate = rate.of(line.tax_category);  // each line its own category's rate
    line.rate = line_rate;
    line.full_tax = apply_tax(base[i], tax_inclusive, line_rate, mode).tax;
    // the line is already discounted and prorated: price it at share 1
    set_amounts(line, price_line(amounts[i], ratio::one(), credit, tax_inclusive, line_rate, mode));
    out.push_back(std::move(line));
  }
  return out;
}

/// One meter line per meter with its usage so far, billed in arrears
/// (meter_charge: one rounding), taxed like the plan. Meter lines have no
/// proration factor (Dodo sends none); it is 1 here. Meters are usage of the
/// product: `rate` is read for the category "" (the caller passes the
/// product's rate, see preview_plan_change).
[[nodiscard]] inline std::vector<line_item> bill_meters(std::span<const meter_usage> meters,
                                                        bool tax_inclusive, const tax_rates& rate,
                                                        const policy& pol, const currency& cur) {
  std::vector<line_item> out;
  const tax_rate& line_rate = rate.of("");
  out.reserve(meters.size());
  for (const meter_usage& m : meters) {
    const meter_charge_result c =
        meter_charge(m.units_consumed, m.free_threshold, m.price_per_unit, cur, pol.rounding);
    const line_amounts a =
        price_line(c.subtotal, ratio::one(), false, tax_inclusive, line_rate, pol.rounding);
    line_item line;
    line.kind = line_kind::meter;
    line.id = m.meter_id;
    line.name = m.name;
    line.unit_price = money::zero(cur);
    line.tax_inclusive = tax_inclusive;
    line.rate = line_rate;
    line.full_tax = a.tax;
    set_amounts(line, a);
    line.units_consumed = c.units_consumed;
    line.chargeable_units = c.chargeable_units;
    line.free_threshold = c.free_threshold;
    line.price_per_unit = c.price_per_unit;
    out.push_back(std::move(line));
  }
  return out;
}

/// A meter price (decimal minor units of `from`) in the billing currency,
/// converted as in_billing_currency converts, rounded once to 12 decimals
/// (Dodo's precision for price_per_unit).
[[nodiscard]] inline decimal meter_price_in(const decimal& price, const currency& from,
                                            const billing_currency& billing,
                                            const std::string& meter_id) {
  if (from == billing.cur) return price;
  const std::optional<exact_rate> r =
      billing.fx ? billing.fx->find(from, billing.cur) : std::nullopt;
  if (!r) {
    throw refusal("UNSUPPORTED_BILLING_CURRENCY",
                  "meter \"" + meter_id + "\" is priced in " + std::string(from.code()) +
                      " but the subscription bills in " + std::string(billing.cur.code()));
  }
  constexpr int scale = 12;
  big_int num = to_big(price.coefficient) * r->num * (10000 + billing.fee_bps);
  big_int den = r->den * 10000;
  const int shift = billing.cur.minor_digits() - from.minor_digits() + scale - price.scale;
  for (int i = 0; i < shift; ++i) num *= 10;
  for (int i = 0; i > shift; --i) den *= 10;
  return decimal{narrow<int128>(divide_rounded(num, den, billing.rounding), "meter price"), scale};
}

/// The meters of the plan a change enters (docs/preview.md, "Meters on a
/// plan change"). When the catalog gives either product a usage_based_price,
/// the new plan's meters are the target's (none for any other price type),
/// each keeping the unbilled usage of the subscription's meter with the
/// same meter_id; usage on a meter the target lacks is dropped. Otherwise
/// the subscription's meters stay as they are.
inline void enter_meters(std::vector<meter_usage>& meters, const catalog& cat,
                         const std::string& from_id, const product& target,
                         const billing_currency& billing) {
  const auto from = std::find_if(cat.products.begin(), cat.products.end(),
                                 [&](const product& p) { return p.product_id == from_id; });
  const bool from_usage = from != cat.products.end() && from->kind == price_kind::usage_based;
  if (!from_usage && target.kind != price_kind::usage_based) return;
  std::vector<meter_usage> next;
  next.reserve(target.meters.size());
  for (const product_meter& m : target.meters) {
    meter_usage u{m.meter_id, m.name, m.free_threshold,
                  meter_price_in(m.price_per_unit, target.price.currency(), billing, m.meter_id),
                  decimal{0, 0}};
    for (const meter_usage& old : meters) {
      if (old.meter_id == m.meter_id) u.units_consumed = old.units_consumed;
    }
    next.push_back(std::move(u));
  }
  meters = std::move(next);
}

/// Usage starts again at zero (a new period, or billed at a change).
inline void reset_usage(std::vector<meter_usage>& meters) {
  for (meter_usage& m : meters) m.units_consumed = decimal{0, 0};
}

}  // namespace prorata::detail

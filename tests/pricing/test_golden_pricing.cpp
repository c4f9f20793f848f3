// The documented Dodo pricing examples (O3, O4, O5, O7, O8, S6, DC), one JSON data
// file each in tests/golden/pricing/, computed through the library and
// checked to the exact minor unit.
//
// A file is one case, or holds its cases in "cases"; a case reads a field
// from itself first, then from the file (so "rounding" or "currency" can be
// given once per file). Every case names its "kind" and carries every
// "expected_*" field that kind checks: a missing expectation, an unknown
// kind or an unreadable file fails the test.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <prorata/pricing.hpp>

#ifndef PRORATA_GOLDEN_DIR
#error "PRORATA_GOLDEN_DIR must name tests/golden"
#endif

using namespace prorata;
using json = nlohmann::json;

namespace {

struct golden_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A case's field, else the file's, else a golden_error naming it.
const json& field(const json& c, const json& file, const std::string& name) {
  if (c.contains(name)) return c.at(name);
  if (file.contains(name)) return file.at(name);
  throw golden_error("missing field \"" + name + "\"");
}

std::string text(const json& c, const json& file, const std::string& name) {
  const json& v = field(c, file, name);
  if (!v.is_string()) throw golden_error("field \"" + name + "\" is not a string");
  return v.get<std::string>();
}

std::int64_t integer(const json& c, const json& file, const std::string& name) {
  const json& v = field(c, file, name);
  if (!v.is_number_integer()) throw golden_error("field \"" + name + "\" is not an integer");
  return v.get<std::int64_t>();
}

std::vector<discount> read_discounts(const json& c, const json& file) {
  std::vector<discount> out;
  for (const json& d : field(c, file, "discounts")) {
    const std::string type = text(d, d, "type");
    if (type != "percentage" && type != "flat") {
      throw golden_error("unknown discount type \"" + type + "\"");
    }
    discount x;
    x.code = d.value("code", "GOLDEN");
    x.type = type == "flat" ? discount_type::flat : discount_type::percentage;
    x.amount = integer(d, d, "amount");
    if (d.contains("cycles_remaining")) x.cycles_remaining = integer(d, d, "cycles_remaining");
    for (const json& o : d.value("currency_options", json::array())) {
      discount_currency_option row;
      row.cur = currency::from_code(text(o, o, "currency"));
      row.minimum_subtotal = o.value("minimum_subtotal", std::int64_t{0});
      if (o.contains("max_amount_possible")) {
        row.max_amount_possible = integer(o, o, "max_amount_possible");
      }
      x.currency_options.push_back(row);
    }
    out.push_back(x);
  }
  return out;
}

/// Checks one case; returns how many exact numbers it compared.
int check_case(const json& c, const json& file) {
  const std::string kind = text(c, file, "kind");
  const rounding_mode mode = parse_rounding_mode(text(c, file, "rounding"));
  int compared = 0;

  if (kind == "meter") {
    const currency cur = currency::from_code(text(c, file, "currency"));
    const std::int64_t expected_subtotal = integer(c, file, "expected_subtotal");
    const std::string expected_chargeable = text(c, file, "expected_chargeable_units");
    const meter_charge_result r =
        meter_charge(text(c, file, "units_consumed"), integer(c, file, "free_threshold"),
                     text(c, file, "price_per_unit"), cur, mode);
    CHECK(r.subtotal == money::from_minor(expected_subtotal, cur));
    CHECK(to_string(r.chargeable_units) == expected_chargeable);
    compared += 2;
  } else if (kind == "cart") {
    const currency cur = currency::from_code(text(c, file, "currency"));
    std::vector<cart_item> items;
    for (const json& it : field(c, file, "items")) {
      items.push_back(cart_item{text(it, it, "product_id"),
                                money::from_minor(integer(it, it, "unit_price"), cur),
                                integer(it, it, "quantity"), it.value("tax_inclusive", false)});
    }
    const std::vector<discount> discounts = read_discounts(c, file);
    const tax_rate rate = tax_rate::parse(text(c, file, "tax_rate"));
    const money subtotal = money::from_minor(integer(c, file, "expected_subtotal"), cur);
    const money disc = money::from_minor(integer(c, file, "expected_discount"), cur);
    const money tax = money::from_minor(integer(c, file, "expected_tax"), cur);
    const money total = money::from_minor(integer(c, file, "expected_total"), cur);
    const cart_charge r = price_cart(items, discounts, rate, mode);
    CHECK(r.subtotal == subtotal);
    CHECK(r.discount == disc);
    CHECK(r.tax == tax);
    CHECK(r.total == total);
    compared += 4;
  } else if (kind == "discount") {
    const currency cur = currency::from_code(text(c, file, "currency"));
    const money amount = money::from_minor(integer(c, file, "amount"), cur);
    const money expected_discount =
        money::from_minor(integer(c, file, "expected_total_discount"), cur);
    const money expected_net = money::from_minor(integer(c, file, "expected_net"), cur);
    const std::vector<discount> discounts = read_discounts(c, file);
    const discounted_lines r = apply_discounts(amount, discounts, mode);
    CHECK(r.total_discount == expected_discount);
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines[0] == expected_net);
    compared += 2;
  } else if (kind == "rollover") {
    const std::string expected_carried = text(c, file, "expected_carried");
    const std::string expected_forfeited = text(c, file, "expected_forfeited");
    const rollover_result r =
        rollover_credits(text(c, file, "unused"), integer(c, file, "rollover_basis_points"), mode,
                         static_cast<int>(integer(c, file, "scale")));
    CHECK(to_string(r.carried) == expected_carried);
    CHECK(to_string(r.forfeited) == expected_forfeited);
    compared += 2;
  } else {
    throw golden_error("unknown kind \"" + kind + "\"");
  }
  return compared;
}

}  // namespace

TEST_CASE("golden: documented Dodo pricing examples") {
  const std::filesystem::path dir = std::filesystem::path(PRORATA_GOLDEN_DIR) / "pricing";
  REQUIRE_MESSAGE(std::filesystem::is_directory(dir), "no golden directory " << dir);

  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  CHECK_MESSAGE(files.size() >= 6, "expected at least 6 golden files in " << dir);

  std::vector<std::string> examples;
  int cases = 0;
  int numbers = 0;
  for (const std::filesystem::path& path : files) {
    const std::string name = path.filename().string();
    INFO("golden file " << name);
    json file;
    try {
      std::ifstream in(path);
      file = json::parse(in);
    } catch (const std::exception& e) {
      FAIL_CHECK("cannot read " << name << ": " << std::string(e.what()));
      continue;
    }
    try {
      examples.push_back(text(file, file, "example"));
      (void)text(file, file, "source");
      std::vector<json> list;
      if (file.contains("cases")) {
        if (!file.at("cases").is_array() || file.at("cases").empty()) {
          throw golden_error("\"cases\" is not a non-empty array");
        }
        list.assign(file.at("cases").begin(), file.at("cases").end());
      } else {
        list.push_back(file);
      }
      for (std::size_t i = 0; i < list.size(); ++i) {
        INFO("case " << i);
        try {
          numbers += check_case(list[i], file);
          ++cases;
        } catch (const golden_error& e) {
          FAIL_CHECK(name << " case " << i << ": " << std::string(e.what()));
        } catch (const prorata::error& e) {
          FAIL_CHECK(name << " case " << i << ": the library threw: " << std::string(e.what()));
        }
      }
    } catch (const golden_error& e) {
      FAIL_CHECK(name << ": " << std::string(e.what()));
    }
  }
  MESSAGE("golden pricing: " << files.size() << " files, " << cases << " cases, " << numbers
                             << " exact numbers");
  for (const char* id : {"O3", "O4", "O5", "O7", "O8", "S6", "DC"}) {
    CHECK_MESSAGE(std::find(examples.begin(), examples.end(), id) != examples.end(),
                  "no golden file for example " << id);
  }
  CHECK(cases >= 15);
}

TEST_CASE("golden: the reader rejects a missing expectation and an unknown kind") {
  const json file = json::parse(R"({"example": "X", "source": "test", "rounding": "half_even"})");
  const json no_expectation = json::parse(
      R"({"kind": "meter", "currency": "USD", "price_per_unit": "50", "free_threshold": 0,
          "units_consumed": "1", "expected_chargeable_units": "1"})");
  CHECK_THROWS_AS(check_case(no_expectation, file), golden_error);
  const json unknown = json::parse(R"({"kind": "teleport"})");
  CHECK_THROWS_AS(check_case(unknown, file), golden_error);
}

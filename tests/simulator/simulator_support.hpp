#pragma once
// Helpers for the simulator tests: replay a scenario held in a string and
// keep its rows (with owned strings).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <prorata/dodo.hpp>

#include "sim/ledger_format.hpp"
#include "sim/replay.hpp"
#include "sim/scenario_json.hpp"

namespace prorata_test {

/// A ledger row whose strings outlive the replay.
struct owned_row : prorata::sim::ledger_row {
  std::string subscription;
  std::string product;
  std::string kind_name;
};

class collecting_sink final : public prorata::sim::row_sink {
 public:
  void write(const prorata::sim::ledger_row& row) override {
    owned_row r;
    static_cast<prorata::sim::ledger_row&>(r) = row;
    r.subscription = std::string(row.subscription_id);
    r.product = std::string(row.product_id);
    r.kind_name = std::string(to_string(row.kind));
    r.subscription_id = {};
    r.product_id = {};
    rows.push_back(std::move(r));
  }
  std::vector<owned_row> rows;
};

/// Every row of every subscription of a single-document scenario.
inline std::vector<owned_row> replay_rows_owned(std::string_view json) {
  const prorata::sim::scenario s =
      prorata::sim::read_scenario(prorata::dodo::parse_json(json), "test");
  collecting_sink sink;
  for (const auto& spec : s.subscriptions) prorata::sim::replay(s.header, spec, sink);
  return sink.rows;
}

inline std::vector<prorata::sim::ledger_row> replay_rows(std::string_view json) {
  std::vector<prorata::sim::ledger_row> out;
  for (const owned_row& r : replay_rows_owned(json)) out.push_back(r);
  return out;
}

/// The rows whose kind is one of `kinds`, in order.
inline std::vector<prorata::sim::ledger_row> rows_of_kinds(
    const std::vector<prorata::sim::ledger_row>& rows, std::initializer_list<std::string_view> kinds) {
  std::vector<prorata::sim::ledger_row> out;
  for (const auto& r : rows) {
    for (const std::string_view k : kinds) {
      if (to_string(r.kind) == k) out.push_back(r);
    }
  }
  return out;
}

}  // namespace prorata_test

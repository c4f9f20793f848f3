#pragma once
// Writes ledger rows as JSON Lines or CSV (docs/simulator.md, "Ledger").

#include <string>

#include "ledger_row.hpp"

namespace prorata::sim {

enum class ledger_format { json_lines, csv };

/// Appends `row` as one JSON object and a newline.
void append_json_line(const ledger_row& row, std::string& out);

/// The CSV header line (with its newline): the JSON keys in the same order.
[[nodiscard]] const std::string& csv_header();

/// Appends `row` as one CSV record (RFC 4180 quoting) and a newline.
void append_csv_record(const ledger_row& row, std::string& out);

/// Appends `row` in `format`.
inline void append_row(ledger_format format, const ledger_row& row, std::string& out) {
  if (format == ledger_format::csv) {
    append_csv_record(row, out);
  } else {
    append_json_line(row, out);
  }
}

}  // namespace prorata::sim

#pragma once
// Writes ledger rows as JSON Lines or CSV (docs/simulator.md, "Ledger").

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "ledger_row.hpp"

namespace prorata::sim {

enum class ledger_format { json_lines, csv };

/// Bytes of ledger rows, grown geometrically and never zero-filled: the
/// writers format straight into its spare capacity, where a std::string
/// would have to be resized (zero-filled) first or copied into. Converts to
/// std::string_view for output_file::write.
class ledger_buffer {
 public:
  [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }
  operator std::string_view() const noexcept { return view(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// Forgets the bytes, keeping the capacity.
  void clear() noexcept { size_ = 0; }
  /// Room for `n` bytes in all.
  void reserve(std::size_t n) {
    if (capacity_ < n) grow(n - size_);
  }

  /// Room for `n` more bytes: where they go. commit() keeps those written.
  [[nodiscard]] char* prepare(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_.get() + size_;
  }
  /// Keeps the bytes written from prepare()'s pointer up to `end`.
  void commit(const char* end) noexcept { size_ = static_cast<std::size_t>(end - data_.get()); }

 private:
  void grow(std::size_t n);

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Appends `row` as one JSON object and a newline.
void append_json_line(const ledger_row& row, std::string& out);
void append_json_line(const ledger_row& row, ledger_buffer& out);

/// The CSV header line (with its newline): the JSON keys in the same order.
[[nodiscard]] const std::string& csv_header();

/// Appends `row` as one CSV record (RFC 4180 quoting) and a newline.
void append_csv_record(const ledger_row& row, std::string& out);
void append_csv_record(const ledger_row& row, ledger_buffer& out);

/// Appends `row` in `format` (to a std::string or a ledger_buffer).
template <class Out>
void append_row(ledger_format format, const ledger_row& row, Out& out) {
  if (format == ledger_format::csv) {
    append_csv_record(row, out);
  } else {
    append_json_line(row, out);
  }
}

}  // namespace prorata::sim

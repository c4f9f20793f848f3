#pragma once
/// \file
/// The error every Dodo JSON reader throws for bad input: where (a JSON
/// pointer, or a line and column for malformed JSON text), what was found,
/// and what was expected.

#include <cstddef>
#include <string>
#include <utility>

#include <prorata/error.hpp>

namespace prorata::dodo {

/// Bad JSON input. what() is "<where>: found <found>, expected <expected>",
/// e.g. `/subscription/quantity: found "3" (string), expected an integer >= 1`.
/// <where> is the JSON pointer (RFC 6901) of the offending value ("(root)"
/// for the whole document), or "line L, column C (byte B)" for text that is
/// not JSON at all.
class input_error : public error {
 public:
  /// A value at `pointer` ("" is the whole document).
  input_error(std::string pointer, std::string found, std::string expected)
      : input_error(pointer.empty() ? std::string("(root)") : pointer, pointer, std::move(found),
                    std::move(expected)) {}

  /// Malformed JSON text at a 1-based byte offset, line and column.
  [[nodiscard]] static input_error syntax(std::size_t byte, std::size_t line, std::size_t column,
                                          std::string found, std::string expected) {
    return input_error("line " + std::to_string(line) + ", column " + std::to_string(column) +
                           " (byte " + std::to_string(byte) + ")",
                       std::string(), std::move(found), std::move(expected));
  }

  /// The JSON pointer of the offending value; "" for the whole document or a syntax error.
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
  /// The pointer as shown in the message, or "line L, column C (byte B)".
  [[nodiscard]] const std::string& location() const noexcept { return location_; }
  /// What was found, e.g. `"3" (string)` or `nothing` for a missing field.
  [[nodiscard]] const std::string& found() const noexcept { return found_; }
  /// What was expected, e.g. `an integer >= 1`.
  [[nodiscard]] const std::string& expected() const noexcept { return expected_; }

 private:
  input_error(std::string location, std::string pointer, std::string found, std::string expected)
      : error(location + ": found " + found + ", expected " + expected),
        location_(std::move(location)),
        pointer_(std::move(pointer)),
        found_(std::move(found)),
        expected_(std::move(expected)) {}

  std::string location_;
  std::string pointer_;
  std::string found_;
  std::string expected_;
};

}  // namespace prorata::dodo

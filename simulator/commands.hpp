#pragma once
// The `prorata` program's commands and exit codes (README, "Exit codes").

#include <CLI/CLI.hpp>
#include <cstddef>
#include <functional>
#include <string>

namespace prorata::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_io = 3;
inline constexpr int exit_remote = 4;    ///< crosscheck: Dodo's API failed
inline constexpr int exit_mismatch = 5;  ///< crosscheck: a difference was found

/// One line of plain text, whatever the message contains: line breaks become
/// spaces; other control bytes (ESC, BEL, NUL, DEL) become \xNN; C1 controls
/// and the characters that reorder or break a terminal line (U+2028, U+2029,
/// the bidi controls U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) become
/// \uXXXX: input quoted in a message cannot act on the terminal.
inline std::string one_line(const std::string& text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    } else if (c == 0xc2 && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) & 0xe0u) == 0x80u) {
      // A C1 control, U+0080..U+009F (U+009B acts as ESC [ on some terminals).
      out += "\\u00";
      out += hex[(static_cast<unsigned char>(text[i + 1]) >> 4) & 0xfu];
      out += hex[text[i + 1] & 0xf];
      ++i;
    } else if (c == 0xe2 && i + 2 < text.size()) {
      // U+2000..U+2FFF is E2 80..BF xx: decode the code point to test it.
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      const unsigned cp = 0x2000u | ((b1 & 0x3fu) << 6) | (b2 & 0x3fu);
      const bool hostile = (b1 & 0xc0u) == 0x80u && (b2 & 0xc0u) == 0x80u &&
                           (cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
                            (cp >= 0x2066 && cp <= 0x2069));
      if (!hostile) {
        out += static_cast<char>(c);
        continue;
      }
      out += "\\u";
      for (const int shift : {12, 8, 4, 0}) out += hex[(cp >> shift) & 0xfu];
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

/// A subcommand and what runs it once parsed.
struct command {
  CLI::App* app;
  std::function<int()> run;
};

command add_preview_command(CLI::App& app);
command add_simulate_command(CLI::App& app);
#ifdef PRORATA_HAVE_CROSSCHECK
command add_crosscheck_command(CLI::App& app);
#endif

}  // namespace prorata::cli

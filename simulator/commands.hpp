#pragma once
// The `prorata` program's commands and exit codes (README, "Exit codes").

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace prorata::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_io = 3;
inline constexpr int exit_remote = 4;    ///< crosscheck: Dodo's API failed
inline constexpr int exit_mismatch = 5;  ///< crosscheck: a difference was found

/// One line, whatever the message contains.
inline std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
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

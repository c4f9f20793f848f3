// The `prorata` program: `preview` prints the Dodo change-plan preview of one
// JSON input; `simulate` replays billing cycles into a ledger.
//
// Exit codes: 0 ok; 1 internal error; 2 bad input (one line on stderr,
// nothing on stdout), including malformed JSON and changes Dodo itself would
// refuse; 3 an input that cannot be read or an output that cannot be written.
#include <exception>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace prorata::cli;
  CLI::App app{"prorata: exact Dodo Payments previews and billing simulations", "prorata"};
  app.require_subcommand(1);
  const command commands[] = {
      add_preview_command(app),
      add_simulate_command(app),
#ifdef PRORATA_HAVE_CROSSCHECK
      add_crosscheck_command(app),
#endif
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_bad_input;
  }
  try {
    for (const command& c : commands) {
      if (*c.app) return c.run();
    }
  } catch (const std::exception& e) {
    std::cerr << "prorata: internal error: " << one_line(e.what()) << '\n';
    return exit_internal;
  }
  return exit_bad_input;
}

#pragma once
// Helpers for the simulator tests: replay a scenario held in a string and
// keep its rows (with owned strings).

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
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
    const std::vector<prorata::sim::ledger_row>& rows,
    std::initializer_list<std::string_view> kinds) {
  std::vector<prorata::sim::ledger_row> out;
  for (const auto& r : rows) {
    for (const std::string_view k : kinds) {
      if (to_string(r.kind) == k) out.push_back(r);
    }
  }
  return out;
}

// ---- Files, the program, and ledgers compared line by line ----

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh directory for one test, removed with everything in it on scope exit.
class scratch_dir {
 public:
  explicit scratch_dir(const std::string& tag) {
    static int counter = 0;  // one process runs the test cases one at a time
    path_ = std::filesystem::temp_directory_path() /
            ("prorata-test-sim-" + tag + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(++counter));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    const std::filesystem::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// `text` quoted for the POSIX shell.
inline std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

/// What one run of the `prorata` program did.
struct program_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `prorata <args>` (args already quoted) with stdout and stderr captured
/// in files of `scratch`.
inline program_result run_program(const std::string& args, const scratch_dir& scratch) {
#ifndef PRORATA_PROGRAM
#error "PRORATA_PROGRAM (the path of the built prorata program) is not defined"
#endif
  const std::filesystem::path out = scratch.path() / "program.stdout";
  const std::filesystem::path err = scratch.path() / "program.stderr";
  const std::string command = shell_quote(PRORATA_PROGRAM) + " " + args + " >" +
                              shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int status = std::system(command.c_str());
  program_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

/// The lines of `text`, without their '\n'.
inline std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

/// "" when `expected` and `actual` are the same bytes; otherwise the first
/// line (1-based) where they differ, with both versions of it.
inline std::string first_difference(std::string_view expected, std::string_view actual) {
  if (expected == actual) return {};
  const std::vector<std::string_view> e = lines_of(expected);
  const std::vector<std::string_view> a = lines_of(actual);
  for (std::size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
    if (i < e.size() && i < a.size() && e[i] == a[i]) continue;
    return "first difference on line " + std::to_string(i + 1) +
           "\n  expected: " + (i < e.size() ? std::string(e[i]) : "(end of file)") +
           "\n  actual:   " + (i < a.size() ? std::string(a[i]) : "(end of file)");
  }
  return "the files differ only in their final newline";
}

/// The rows of one subscription whose kind is one of `kinds` (all kinds if empty).
inline std::vector<owned_row> rows_of(const std::vector<owned_row>& rows,
                                      std::string_view subscription,
                                      std::initializer_list<std::string_view> kinds = {}) {
  std::vector<owned_row> out;
  for (const owned_row& r : rows) {
    if (r.subscription != subscription) continue;
    if (kinds.size() == 0 ||
        std::find(kinds.begin(), kinds.end(), std::string_view(r.kind_name)) != kinds.end()) {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace prorata_test

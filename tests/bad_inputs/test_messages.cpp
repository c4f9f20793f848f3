// Issue #14: messages never carry raw control bytes, C1 controls, bidi
// overrides or line separators from the input, and a NUL in an id does not
// cut the message short; a read error on stdin is an I/O error (exit 3).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;

#ifndef PRORATA_PROGRAM
#error "PRORATA_PROGRAM is not defined"
#endif

struct result {
  int exit_code = -1;
  std::string err;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Runs `prorata <args>` in a fresh directory holding `input` as in.json.
result run(const std::string& args, const std::string& input) {
  const fs::path dir =
      fs::temp_directory_path() / ("prorata-test-msg-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(std::hash<std::string>{}(args + input)));
  fs::create_directories(dir);
  std::ofstream(dir / "in.json", std::ios::binary) << input;
  const std::string line =
      "cd '" + dir.string() + "' && '" + PRORATA_PROGRAM + "' " + args + " >/dev/null 2>err.txt";
  const int status = std::system(line.c_str());
  result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(dir / "err.txt");
  fs::remove_all(dir);
  return r;
}

nlohmann::json valid(const char* name) {
  return nlohmann::json::parse(read_file(fs::path(PRORATA_BAD_INPUTS_DIR) / "valid" / name));
}

/// No byte below 0x20 but the final '\n', no DEL, no C1 control (C2 80..9F),
/// no U+2028/2029 or bidi control (E2 80 8E/8F/A8..AE, E2 81 A6..A9).
void check_inert(const std::string& err) {
  INFO("stderr: ", err);
  REQUIRE(!err.empty());
  CHECK(err.back() == '\n');
  for (std::size_t i = 0; i + 1 < err.size(); ++i) {
    const auto c = static_cast<unsigned char>(err[i]);
    CHECK(c >= 0x20);
    CHECK(c != 0x7f);
    if (c == 0xc2) CHECK((static_cast<unsigned char>(err[i + 1]) & 0xe0) != 0x80);
    if (c == 0xe2 && i + 2 < err.size()) {
      const auto b1 = static_cast<unsigned char>(err[i + 1]);
      const auto b2 = static_cast<unsigned char>(err[i + 2]);
      CHECK_FALSE((b1 == 0x80 && (b2 == 0x8e || b2 == 0x8f || (b2 >= 0xa8 && b2 <= 0xae))));
      CHECK_FALSE((b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9));
    }
  }
}

const std::string hostile =
    "p\x1b[31m\x07\xe2\x80\xae\xe2\x80\xa8\xc2\x9b" + std::string(1, '\0') + "tail";

}  // namespace

TEST_CASE("an id with ESC, BEL, U+202E, U+2028, a C1 control and a NUL is escaped in messages") {
  nlohmann::json p = valid("preview.json");
  p["request"]["product_id"] = hostile;  // an unknown product: a refusal quoting the id
  auto r = run("preview in.json", p.dump());
  CHECK(r.exit_code == 2);
  check_inert(r.err);
  CHECK(r.err.find("tail") != std::string::npos);  // the NUL did not end the message
  CHECK(r.err.find("\\x1b[31m\\x07\\u202e\\u2028\\u009b") != std::string::npos);

  nlohmann::json s = valid("scenario.json");
  s["subscriptions"][0]["events"].push_back(
      {{"at", "2026-04-20T00:00:00Z"}, {"type", "usage"}, {"meter_id", hostile}, {"units", "5"}});
  r = run("simulate -q -o ledger.jsonl in.json", s.dump());
  CHECK(r.exit_code == 2);
  check_inert(r.err);
  CHECK(r.err.find("tail") != std::string::npos);
}

TEST_CASE("preview - < DIRECTORY is a read error: exit 3") {
  const auto r = run("preview - < .", "{}");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "prorata preview: stdin: cannot read: Is a directory\n");
}

// `prorata simulate -o FILE` (issue #14, docs/reliability.md): a signal
// (SIGINT, SIGTERM, SIGHUP, SIGQUIT) removes the temporary ledger
// FILE.tmp-XXXXXX and the program exits with 128 + the signal; the ledger's
// mode honours the umask; a symlink FILE keeps pointing at the new ledger.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <doctest/doctest.h>

#include "simulator_support.hpp"

namespace {

using prorata_test::run_program;
using prorata_test::scratch_dir;
using prorata_test::shell_quote;
namespace fs = std::filesystem;

/// A JSON Lines scenario that takes the program seconds: `count` monthly
/// subscriptions over a century.
std::string long_scenario(int count) {
  std::string text =
      R"({"until":"2100-01-01T00:00:00Z","policy":{},"catalog":{"products":[{"product_id":"p","name":"P","price":{"type":"recurring_price","price":2000,"currency":"USD","payment_frequency_interval":"Month","payment_frequency_count":1,"tax_inclusive":false}}],"addons":[]}})"
      "\n";
  for (int i = 0; i < count; ++i) {
    text +=
        R"({"subscription_id":"s)" + std::to_string(i) +
        R"(","product_id":"p","quantity":1,"currency":"USD","created_at":"2000-01-31T00:00:00Z"})"
        "\n";
  }
  return text;
}

bool has_temp_file(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a signal during simulate -o FILE removes the temporary ledger and exits 128 + signal") {
  const scratch_dir scratch("signals");
  const fs::path input = scratch.write("big.jsonl", long_scenario(20000));
  const fs::path ledger = scratch.path() / "ledger.jsonl";
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    CAPTURE(sig);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      if (!std::freopen("/dev/null", "w", stdout) || !std::freopen("/dev/null", "w", stderr)) {
        ::_exit(127);
      }
      ::execl(PRORATA_PROGRAM, PRORATA_PROGRAM, "simulate", "-q", "--threads", "1", "-o",
              ledger.c_str(), input.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!has_temp_file(scratch.path()) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(has_temp_file(scratch.path()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // rows are being written
    ::kill(pid, sig);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 128 + sig);
    CHECK_FALSE(has_temp_file(scratch.path()));
    CHECK_FALSE(fs::exists(ledger));
  }
}

TEST_CASE("the ledger's mode is 0666 less the umask") {
  const scratch_dir scratch("umask");
  const fs::path input = scratch.write("s.jsonl", long_scenario(1));
  const fs::path ledger = scratch.path() / "ledger.jsonl";
  for (const mode_t mask : {mode_t{022}, mode_t{077}, mode_t{002}}) {
    CAPTURE(mask);
    fs::remove(ledger);
    const mode_t old = ::umask(mask);
    const auto r = run_program(
        "simulate -q -o " + shell_quote(ledger.string()) + " " + shell_quote(input.string()),
        scratch);
    ::umask(old);
    REQUIRE(r.exit_code == 0);
    struct stat st {};
    REQUIRE(::stat(ledger.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == (0666 & ~mask));
  }
}

TEST_CASE("-o through a symlink replaces the file it points to and keeps the link") {
  const scratch_dir scratch("symlink");
  const fs::path input = scratch.write("s.jsonl", long_scenario(1));
  const fs::path target = scratch.write("real-ledger.jsonl", "old\n");
  const fs::path link = scratch.path() / "ledger.jsonl";
  fs::create_symlink(target, link);
  const auto r = run_program(
      "simulate -q -o " + shell_quote(link.string()) + " " + shell_quote(input.string()), scratch);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::is_symlink(link));
  const std::string written = prorata_test::read_text(target);
  CHECK(written.find("\"kind\":\"created\"") != std::string::npos);
  CHECK_FALSE(has_temp_file(scratch.path()));
}

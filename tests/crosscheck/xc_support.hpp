// Shared helpers of the crosscheck tests: requests, a scratch directory,
// and running `prorata crosscheck` against the fake server.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_dodo.hpp"

namespace xc_test {

/// U1's request: Basic -> Pro, prorated, no addons.
inline nlohmann::json upgrade_request() {
  return {{"product_id", "prod_pro"},
          {"quantity", 1},
          {"proration_billing_mode", "prorated_immediately"},
          {"addons", nlohmann::json::array()},
          {"effective_at", "immediately"}};
}

/// U6's request: Basic -> Pro with 3 seats.
inline nlohmann::json seats_request() {
  nlohmann::json r = upgrade_request();
  r["addons"] = nlohmann::json::array({{{"addon_id", "adn_seat"}, {"quantity", 3}}});
  return r;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh scratch directory for one test case.
inline std::filesystem::path scratch(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("prorata-test-crosscheck-" + std::to_string(::getpid())) /
                                    name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `[env] prorata crosscheck <args>` through the shell.
inline run_result run_crosscheck(const std::string& env, const std::string& args,
                                 const std::string& name = "run") {
  const std::filesystem::path dir = scratch("program-" + name);
  const std::string command = env + " '" + std::string(PRORATA_PROGRAM) + "' crosscheck " + args +
                              " >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() +
                              "'";
  const int status = std::system(command.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(dir / "out");
  r.err = read_text(dir / "err");
  return r;
}

/// The environment of a run against `server` with the right key.
inline std::string env_for(const fake_dodo& server, const std::string& key = fake_dodo::api_key) {
  return "env -u DODO_PAYMENTS_API_KEY DODO_PAYMENTS_API_KEY='" + key +
         "' DODO_PAYMENTS_BASE_URL='" + server.base_url() + "'";
}

/// Fast retries and timeouts for the tests.
inline const char* fast_flags =
    " --backoff 1 --max-backoff 5 --connect-timeout 1000 --timeout 2000";

}  // namespace xc_test

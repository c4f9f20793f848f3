// Shared helpers of the Dodo JSON tests: a valid input object to start from,
// the error text of a bad one, golden files, and running the program.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <prorata/dodo.hpp>

namespace dodo_test {

/// The preview of an input object, as `prorata preview` writes it.
inline nlohmann::ordered_json preview_of(const nlohmann::json& input) {
  const prorata::dodo::preview_input in = prorata::dodo::read_preview_input(input);
  return prorata::dodo::preview_to_json(prorata::dodo::preview(in), in);
}

/// U1 of dodo-domain.md: Basic $30 -> Pro $80, prorated, 15 of 30 days left.
inline nlohmann::json base_input() {
  return nlohmann::json::parse(R"({
    "now": "2026-04-16T00:00:00Z",
    "subscription": {"subscription_id": "sub_1", "product_id": "prod_basic", "quantity": 1,
      "currency": "USD", "addons": [], "previous_billing_date": "2026-04-01T00:00:00Z",
      "next_billing_date": "2026-05-01T00:00:00Z", "payment_frequency_interval": "Month",
      "payment_frequency_count": 1, "tax_inclusive": false, "status": "active",
      "credit_balance": 0},
    "catalog": {"products": [
        {"product_id": "prod_basic", "name": "Basic", "price": {"type": "recurring_price",
         "price": 3000, "currency": "USD", "payment_frequency_interval": "Month",
         "payment_frequency_count": 1, "tax_inclusive": false}},
        {"product_id": "prod_pro", "name": "Pro", "price": {"type": "recurring_price",
         "price": 8000, "currency": "USD", "payment_frequency_interval": "Month",
         "payment_frequency_count": 1, "tax_inclusive": false}}],
      "addons": [{"id": "adn_seat", "name": "Seat", "price": 1000, "currency": "USD",
                  "tax_category": "saas"}]},
    "request": {"product_id": "prod_pro", "quantity": 1,
                "proration_billing_mode": "prorated_immediately", "addons": [],
                "effective_at": "immediately"},
    "tax_rate": "0",
    "policy": {}
  })");
}

/// The message of the input_error that reading `input` throws, or "no error".
inline std::string error_of(const nlohmann::json& input) {
  try {
    (void)prorata::dodo::read_preview_input(input);
  } catch (const prorata::dodo::input_error& e) {
    return e.what();
  }
  return "no error";
}

/// The golden preview files, sorted by name.
inline std::vector<std::filesystem::path> golden_files() {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path dir = std::filesystem::path(PRORATA_GOLDEN_DIR) / "preview";
  if (std::filesystem::is_directory(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".json") out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline nlohmann::json read_json(const std::filesystem::path& p) {
  return nlohmann::json::parse(read_text(p));
}

/// A scratch directory for this process, created on first use.
inline std::filesystem::path scratch_dir() {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("prorata-test-dodo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::filesystem::path write_scratch(const std::string& name, const std::string& text) {
  const std::filesystem::path p = scratch_dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

/// What one run of the program did.
struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `<program> <args>` through the shell (args are inserted as given).
inline run_result run_program(const std::string& args) {
#ifdef PRORATA_PROGRAM
  const std::filesystem::path out = scratch_dir() / "stdout.txt";
  const std::filesystem::path err = scratch_dir() / "stderr.txt";
  const std::string command = std::string("'") + PRORATA_PROGRAM + "' " + args + " >'" +
                              out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
#else
  (void)args;
  return {};
#endif
}

inline std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace dodo_test

// The catalogue of bad inputs (tests/bad_inputs/, docs/reliability.md): every
// file is refused by `prorata preview` or `prorata simulate` with the exit
// code and the one-line message in expected.json, nothing on stdout and no
// ledger left behind. Then the hostile inputs too large to check in (10 MB
// strings, deep nesting), generated here, and each documented limit: just
// below passes, just above fails with its message.
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <prorata/dodo/json_reader.hpp>

#ifndef PRORATA_PROGRAM
#error "PRORATA_PROGRAM (the path of the built prorata program) is not defined"
#endif
#ifndef PRORATA_BAD_INPUTS_DIR
#error "PRORATA_BAD_INPUTS_DIR (tests/bad_inputs) is not defined"
#endif

namespace {

namespace fs = std::filesystem;
namespace lim = prorata::dodo::limits;
using nlohmann::json;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh directory, removed on scope exit.
class scratch_dir {
 public:
  explicit scratch_dir(const std::string& tag) {
    static int counter = 0;
    path_ =
        fs::temp_directory_path() / ("prorata-test-bad-" + tag + "-" + std::to_string(::getpid()) +
                                     "-" + std::to_string(++counter));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  fs::path write(const std::string& name, std::string_view text) const {
    const fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  fs::path path_;
};

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct program_result {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool ledger_left = false;
};

/// Runs `prorata preview FILE` or `prorata simulate FILE -o <ledger>` from
/// `dir` (so messages name the file as given).
program_result run(const std::string& command, const fs::path& dir, const std::string& file,
                   const scratch_dir& scratch) {
  const fs::path out = scratch.path() / "program.stdout";
  const fs::path err = scratch.path() / "program.stderr";
  const fs::path ledger = scratch.path() / "ledger.jsonl";
  std::string args = command + " " + shell_quote(file);
  if (command == "simulate") args += " -o " + shell_quote(ledger.string()) + " -q --threads 2";
  const std::string line = "cd " + shell_quote(dir.string()) + " && " +
                           shell_quote(PRORATA_PROGRAM) + " " + args + " >" +
                           shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int status = std::system(line.c_str());
  program_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  for (const auto& entry : fs::directory_iterator(scratch.path())) {
    const std::string name = entry.path().filename().string();
    if (name != "program.stdout" && name != "program.stderr" && name.rfind("in-", 0) != 0) {
      r.ledger_left = true;
    }
  }
  return r;
}

/// A refusal: exit 2 (unless told), nothing on stdout, no ledger, and exactly
/// one line "prorata <command>: <message>" (the message starts with the file).
void check_refused(const std::string& command, const fs::path& dir, const std::string& file,
                   const std::string& message, int exit_code = 2) {
  const scratch_dir scratch("run");
  const program_result r = run(command, dir, file, scratch);
  INFO("file: ", file);
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == exit_code);
  CHECK(r.out.empty());
  CHECK_FALSE(r.ledger_left);
  CHECK(r.err == "prorata " + command + ": " + message + "\n");
}

/// Exit 0 and some output.
void check_accepted(const std::string& command, const fs::path& dir, const std::string& file) {
  const scratch_dir scratch("run");
  const program_result r = run(command, dir, file, scratch);
  INFO("file: ", file);
  INFO("stderr: ", r.err.substr(0, 500));
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  if (command == "preview") CHECK(!r.out.empty());
}

json preview_base() {
  return json::parse(read_text(fs::path(PRORATA_BAD_INPUTS_DIR) / "valid" / "preview.json"));
}
json scenario_base() {
  return json::parse(read_text(fs::path(PRORATA_BAD_INPUTS_DIR) / "valid" / "scenario.json"));
}

/// `depth` arrays nested in one another: "[[...]]".
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("every catalogued bad input is refused with its exit code and message") {
  const fs::path dir = PRORATA_BAD_INPUTS_DIR;
  const json expected = json::parse(read_text(dir / "expected.json"));
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".json" || ext == ".jsonl") && name != "expected.json") {
      files.insert(name);
    }
  }
  CHECK(files.size() >= 120);  // issue #14 asked for at least 120
  CHECK(files.size() == expected.size());
  for (const auto& [name, e] : expected.items()) {
    INFO("catalogue entry: ", name);
    CHECK(files.count(name) == 1);
    check_refused(e.at("command").get<std::string>(), dir, name, e.at("message").get<std::string>(),
                  e.at("exit").get<int>());
  }
}

TEST_CASE("the valid bases of the generated inputs are accepted") {
  const scratch_dir scratch("in-base");
  scratch.write("in-preview.json", preview_base().dump());
  scratch.write("in-scenario.json", scenario_base().dump());
  check_accepted("preview", scratch.path(), "in-preview.json");
  check_accepted("simulate", scratch.path(), "in-scenario.json");
}

TEST_CASE("10 MB strings are refused without echoing them") {
  const scratch_dir scratch("in-big-string");
  const std::string big(10'000'000, 'x');
  json p = preview_base();
  p["subscription"]["subscription_id"] = big;
  scratch.write("in-id.json", p.dump());
  check_refused("preview", scratch.path(), "in-id.json",
                "in-id.json: /subscription/subscription_id: found \"" + std::string(48, 'x') +
                    "\"... (10000000 bytes) (string), expected a string of at most 256 bytes "
                    "(a limit)");

  // In a member nobody reads, a 10 MB string is just 10 MB of input.
  json q = preview_base();
  q["description"] = big;
  scratch.write("in-ignored.json", q.dump());
  check_accepted("preview", scratch.path(), "in-ignored.json");

  // A 10 MB line of JSON Lines is over the line limit.
  json s = scenario_base();
  json header = {{"until", s["until"]}, {"catalog", s["catalog"]}};
  json sub = s["subscriptions"][0];
  sub["subscription_id"] = big;
  scratch.write("in-big.jsonl", header.dump() + "\n" + sub.dump() + "\n");
  check_refused("simulate", scratch.path(), "in-big.jsonl",
                "in-big.jsonl:2: a line longer than 1048576 bytes (1 MiB), the limit for one "
                "JSON Lines line");

  // An invalid byte at the end of a 10 MB string: the message stays short.
  std::string text = p.dump();
  text.replace(text.find(big) + big.size() - 1, 1, "\xff");
  scratch.write("in-utf8.json", text);
  const program_result r = run("preview", scratch.path(), "in-utf8.json", scratch);
  CHECK(r.exit_code == 2);
  CHECK(r.err.size() < 600);
  CHECK(r.err.find("ill-formed UTF-8 byte") != std::string::npos);
}

TEST_CASE("limit: nesting depth") {
  const scratch_dir scratch("in-depth");
  // The root object is level 1, so "x" may hold max_depth - 1 nested arrays.
  json p = preview_base();
  std::string text = p.dump();
  text.insert(1, "\"x\": " + nested(lim::max_depth - 1) + ", ");
  scratch.write("in-64.json", text);
  check_accepted("preview", scratch.path(), "in-64.json");

  text = p.dump();
  text.insert(1, "\"x\": " + nested(lim::max_depth) + ", ");
  scratch.write("in-65.json", text);
  std::string pointer = "/x";
  for (std::size_t i = 0; i + 1 < lim::max_depth; ++i) pointer += "/0";
  check_refused("preview", scratch.path(), "in-65.json",
                "in-65.json: " + pointer +
                    ": found an array nested 65 levels deep, expected at most 64 levels of "
                    "nested arrays and objects (a limit)");

  // A million levels: refused at level 65, no stack overflow anywhere.
  scratch.write("in-deep.json", nested(1'000'000));
  pointer.clear();
  for (std::size_t i = 0; i < lim::max_depth; ++i) pointer += "/0";
  check_refused("preview", scratch.path(), "in-deep.json",
                "in-deep.json: " + pointer +
                    ": found an array nested 65 levels deep, expected at most 64 levels of "
                    "nested arrays and objects (a limit)");
  scratch.write("in-deep-objects.json", [] {
    std::string t;
    for (int i = 0; i < 100'000; ++i) t += "{\"a\":";
    return t + "1" + std::string(100'000, '}');
  }());
  pointer.clear();
  for (std::size_t i = 0; i < lim::max_depth; ++i) pointer += "/a";
  check_refused("simulate", scratch.path(), "in-deep-objects.json",
                "in-deep-objects.json: " + pointer +
                    ": found an object nested 65 levels deep, expected at most 64 levels of "
                    "nested arrays and objects (a limit)");
  scratch.write("in-deep.jsonl", nested(100'000) + "\n");
  pointer.clear();
  for (std::size_t i = 0; i < lim::max_depth; ++i) pointer += "/0";
  check_refused("simulate", scratch.path(), "in-deep.jsonl",
                "in-deep.jsonl:1: " + pointer +
                    ": found an array nested 65 levels deep, expected at most 64 levels of "
                    "nested arrays and objects (a limit)");
}

TEST_CASE("limit: preview input size") {
  const scratch_dir scratch("in-size");
  const std::string text = preview_base().dump();
  scratch.write("in-max.json", text + std::string(lim::max_input_bytes - text.size(), ' '));
  check_accepted("preview", scratch.path(), "in-max.json");
  scratch.write("in-over.json", text + std::string(lim::max_input_bytes + 1 - text.size(), ' '));
  check_refused(
      "preview", scratch.path(), "in-over.json",
      "in-over.json: input larger than 16777216 bytes (16 MiB), the limit for one preview input");
}

TEST_CASE("limit: scenario document size") {
  const scratch_dir scratch("in-doc-size");
  const std::string text = scenario_base().dump();
  scratch.write("in-max.json", text + std::string(lim::max_scenario_bytes - text.size(), ' '));
  check_accepted("simulate", scratch.path(), "in-max.json");
  scratch.write("in-over.json", text + std::string(lim::max_scenario_bytes + 1 - text.size(), ' '));
  check_refused("simulate", scratch.path(), "in-over.json",
                "in-over.json: input larger than 67108864 bytes (64 MiB), the limit for one "
                "scenario document (use JSON Lines)");
}

TEST_CASE("limit: JSON Lines line length") {
  const scratch_dir scratch("in-line");
  const json s = scenario_base();
  const json header = {{"until", s["until"]}, {"catalog", s["catalog"]}};
  const std::string sub = s["subscriptions"][0].dump();
  const std::string pad(lim::max_line_bytes - sub.size(), ' ');
  scratch.write("in-max.jsonl", header.dump() + "\n" + sub + pad + "\r\n");
  check_accepted("simulate", scratch.path(), "in-max.jsonl");
  scratch.write("in-over.jsonl", header.dump() + "\n" + sub + pad + " \n");
  check_refused("simulate", scratch.path(), "in-over.jsonl",
                "in-over.jsonl:2: a line longer than 1048576 bytes (1 MiB), the limit for one "
                "JSON Lines line");
  // The last line, without a newline.
  scratch.write("in-over-last.jsonl", header.dump() + "\n" + sub + pad + " ");
  check_refused("simulate", scratch.path(), "in-over-last.jsonl",
                "in-over-last.jsonl:2: a line longer than 1048576 bytes (1 MiB), the limit for "
                "one JSON Lines line");
}

TEST_CASE("limit: id length") {
  const scratch_dir scratch("in-id");
  json p = preview_base();
  p["subscription"]["subscription_id"] = std::string(lim::max_id_bytes, 's');
  scratch.write("in-max.json", p.dump());
  check_accepted("preview", scratch.path(), "in-max.json");
  p["subscription"]["subscription_id"] = std::string(lim::max_id_bytes + 1, 's');
  scratch.write("in-over.json", p.dump());
  check_refused("preview", scratch.path(), "in-over.json",
                "in-over.json: /subscription/subscription_id: found \"" + std::string(48, 's') +
                    "\"... (257 bytes) (string), expected a string of at most 256 bytes (a "
                    "limit)");
}

TEST_CASE("limit: addons per request and subscription") {
  const scratch_dir scratch("in-addons");
  json p = preview_base();
  json catalog_addons = json::array();
  json lines = json::array();
  for (std::size_t i = 0; i <= lim::max_line_items; ++i) {
    const std::string id = "adn_" + std::to_string(i);
    catalog_addons.push_back(
        {{"id", id}, {"name", id}, {"price", 100}, {"currency", "USD"}, {"tax_category", "saas"}});
    lines.push_back({{"addon_id", id}, {"quantity", 1}});
  }
  p["catalog"]["addons"] = catalog_addons;
  json at_limit = lines;
  at_limit.erase(at_limit.size() - 1);
  p["request"]["addons"] = at_limit;
  p["subscription"]["addons"] = at_limit;
  scratch.write("in-max.json", p.dump());
  check_accepted("preview", scratch.path(), "in-max.json");
  p["request"]["addons"] = lines;
  scratch.write("in-over.json", p.dump());
  check_refused(
      "preview", scratch.path(), "in-over.json",
      "in-over.json: /request/addons: found an array of 101 addons, expected at most 100 addons (a "
      "limit)");
  p["request"]["addons"] = at_limit;
  p["subscription"]["addons"] = lines;
  scratch.write("in-over-sub.json", p.dump());
  check_refused(
      "preview", scratch.path(), "in-over-sub.json",
      "in-over-sub.json: /subscription/addons: found an array of 101 addons, expected at most 100 "
      "addons (a limit)");

  json s = scenario_base();
  s["catalog"]["addons"] = catalog_addons;
  s["subscriptions"][0]["addons"] = at_limit;
  scratch.write("in-max-scenario.json", s.dump());
  check_accepted("simulate", scratch.path(), "in-max-scenario.json");
  s["subscriptions"][0]["addons"] = lines;
  scratch.write("in-over-scenario.json", s.dump());
  check_refused("simulate", scratch.path(), "in-over-scenario.json",
                "in-over-scenario.json: /subscriptions/0/addons: found an array of 101 addons, "
                "expected at most 100 addons (a limit)");
}

TEST_CASE("limit: catalog entries") {
  const scratch_dir scratch("in-catalog");
  json p = preview_base();
  json products = p["catalog"]["products"];
  while (products.size() < lim::max_catalog_entries) {
    json extra = products[0];
    extra["product_id"] = "prod_" + std::to_string(products.size());
    products.push_back(extra);
  }
  p["catalog"]["products"] = products;
  scratch.write("in-max.json", p.dump());
  check_accepted("preview", scratch.path(), "in-max.json");
  products.push_back(products[2]);
  p["catalog"]["products"] = products;
  scratch.write("in-over.json", p.dump());
  check_refused(
      "preview", scratch.path(), "in-over.json",
      "in-over.json: /catalog/products: found an array of 10001 products, expected at most 10000 "
      "products (a limit)");
  json s = scenario_base();
  s["catalog"]["products"] = products;
  scratch.write("in-over-scenario.json", s.dump());
  check_refused("simulate", scratch.path(), "in-over-scenario.json",
                "in-over-scenario.json: /catalog/products: found an array of 10001 products, "
                "expected at most 10000 products (a limit)");
}

TEST_CASE("limit: events per subscription") {
  const scratch_dir scratch("in-events");
  json s = scenario_base();
  json events = json::array();
  const json e = {{"at", "2026-04-20T00:00:00Z"}, {"type", "payment_method_updated"}};
  for (std::size_t i = 0; i < lim::max_events; ++i) events.push_back(e);
  s["subscriptions"][0]["events"] = events;
  scratch.write("in-max.json", s.dump());
  check_accepted("simulate", scratch.path(), "in-max.json");
  s["subscriptions"][0]["events"].push_back(e);
  scratch.write("in-over.json", s.dump());
  check_refused("simulate", scratch.path(), "in-over.json",
                "in-over.json: /subscriptions/0/events: found an array of 100001 events, "
                "expected at most 100000 events (a limit)");
  // Top-level events count towards the same limit.
  s["subscriptions"][0]["events"] = events;
  s["events"] = json::array(
      {{{"subscription_id", "sub_1"}, {"at", "2026-04-21T00:00:00Z"}, {"type", "cancel"}}});
  scratch.write("in-over-top.json", s.dump());
  check_refused("simulate", scratch.path(), "in-over-top.json",
                "in-over-top.json: /events/0/subscription_id: found \"sub_1\" (string), "
                "expected a subscription with fewer than 100000 events (a limit): this is its "
                "event number 100001");
}

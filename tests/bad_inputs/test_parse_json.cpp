// prorata::dodo::parse_json's own checks (docs/reliability.md, "Limits"):
// nesting depth, duplicate keys (also when spelt with escapes, and in objects
// with many members), numbers beyond a double, and messages without raw bytes.
#include <cstddef>
#include <string>

#include <doctest/doctest.h>

#include <prorata/dodo/json_reader.hpp>

namespace {

using prorata::dodo::input_error;
using prorata::dodo::parse_json;

std::string message_of(const std::string& text, std::size_t max_depth = 64) {
  try {
    (void)parse_json(text, max_depth);
  } catch (const input_error& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("parse_json: nesting depth is counted over arrays and objects together") {
  CHECK(message_of(R"({"a":[{"b":[1]}]})", 4) == "accepted");
  CHECK(message_of(R"({"a":[{"b":[[1]]}]})", 4) ==
        "/a/0/b/0: found an array nested 5 levels deep, expected at most 4 levels of nested "
        "arrays and objects (a limit)");
  CHECK(message_of(R"([1,2,{"x":{}}])", 2) ==
        "/2/x: found an object nested 3 levels deep, expected at most 2 levels of nested arrays "
        "and objects (a limit)");
  CHECK(message_of(std::string(64, '[') + std::string(64, ']')) == "accepted");
  // Siblings do not add up: depth is the deepest path, not the number of containers.
  std::string wide = "[";
  for (int i = 0; i < 1000; ++i) wide += (i ? ",[[]]" : "[[]]");
  CHECK(message_of(wide + "]", 3) == "accepted");
}

TEST_CASE("parse_json: a key repeated in one object is an error naming it") {
  CHECK(message_of(R"({"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]})") == "accepted");
  CHECK(message_of(R"({"a":1,"b":{"c":1,"c":2}})") ==
        "/b/c: found a second member \"c\" in the same object, expected each member name at "
        "most once in an object");
  // The same name spelt with an escape is the same name.
  CHECK(message_of(R"({"a":1,"\u0061":2})") ==
        "/a: found a second member \"a\" in the same object, expected each member name at most "
        "once in an object");
  // In an array element, with "/" and "~" escaped in the pointer.
  CHECK(message_of(R"({"x/y":[0,{"m~n":1,"m~n":2}]})") ==
        "/x~1y/1/m~0n: found a second member \"m~n\" in the same object, expected each member "
        "name at most once in an object");
  // Objects with many members (a set past 16 keys).
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  CHECK(message_of(many + "\"k99\":0}") == "accepted");
  CHECK(message_of(many + "\"k3\":0}") ==
        "/k3: found a second member \"k3\" in the same object, expected each member name at most "
        "once in an object");
  CHECK(message_of(many + "\"k39\":0}") ==
        "/k39: found a second member \"k39\" in the same object, expected each member name at "
        "most once in an object");
}

TEST_CASE("parse_json: a number beyond a double is bad input, not an internal error") {
  // nlohmann throws out_of_range (406) here, which used to escape as exit 1.
  CHECK(message_of(R"({"now": 1e400})") ==
        "line 1, column 13 (byte 13): found malformed JSON (a number too large for a double: "
        "\"1e400\"), expected a JSON document");
  CHECK(message_of("[1,\n-1e999]") ==
        "line 2, column 6 (byte 10): found malformed JSON (a number too large for a double: "
        "\"-1e999\"), expected a JSON document");
  CHECK(message_of("[1e308, 18446744073709551616, -9223372036854775809]") == "accepted");
}

TEST_CASE("parse_json: syntax errors show no raw bytes and stay short") {
  const std::string m = message_of("{\"a\":\"\xff\xfe\"}");
  CHECK(m.find('\xff') == std::string::npos);
  CHECK(m.find("\\xff") != std::string::npos);
  const std::string long_token = message_of("[\"" + std::string(100000, 'x') + "\x01\"]");
  CHECK(long_token.size() < 400);
  CHECK(long_token.find("...") != std::string::npos);
}

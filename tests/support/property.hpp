#pragma once
// RapidCheck properties driven from doctest: each property is checked inside a
// TEST_CASE and a counterexample fails that test case (RapidCheck prints it).

#include <string>
#include <utility>

#include <doctest/doctest.h>
#include <rapidcheck.h>

namespace prorata_test {

template <class Property>
void check_property(const std::string& description, Property&& property) {
  const bool held = rc::check(description, std::forward<Property>(property));
  CHECK_MESSAGE(held, "property failed: " << description);
}

}  // namespace prorata_test

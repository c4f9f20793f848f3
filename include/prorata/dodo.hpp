#pragma once
/// \file
/// The Dodo JSON layer (target prorata::dodo, needs nlohmann_json): Dodo's
/// objects and prorata's preview input <-> the library's types.

#include <prorata/dodo/catalog_json.hpp>
#include <prorata/dodo/change_request_json.hpp>
#include <prorata/dodo/input_error.hpp>
#include <prorata/dodo/json_reader.hpp>
#include <prorata/dodo/policy_json.hpp>
#include <prorata/dodo/preview_input.hpp>
#include <prorata/dodo/preview_json.hpp>
#include <prorata/dodo/subscription_json.hpp>

#pragma once
/// \file
/// Repeated ids in Dodo objects are bad input. Dodo's ids and codes are
/// unique, so resolving a repeat silently (the first wins, or a code stacks
/// with itself) would price something the API never would.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include <prorata/dodo/json_reader.hpp>

namespace prorata::dodo {

/// input_error at `pointer_of(i)` for the first item whose `id_of(item)`
/// an earlier item already has, naming where that one is. Linear time.
template <class Range, class IdOf, class PointerOf>
inline void require_unique_ids(const Range& items, IdOf&& id_of, PointerOf&& pointer_of,
                               std::string_view what) {
  std::unordered_map<std::string_view, std::size_t> first;
  first.reserve(items.size());
  std::size_t i = 0;
  for (const auto& item : items) {
    const std::string& id = id_of(item);
    const auto [earlier, fresh] = first.emplace(id, i);
    if (!fresh) {
      fail(pointer_of(i), nlohmann::json(id),
           std::string(what) + " that no earlier entry has (" + pointer_of(earlier->second) +
               " has it)");
    }
    ++i;
  }
}

}  // namespace prorata::dodo

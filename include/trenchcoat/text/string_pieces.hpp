#pragma once
// Small byte-level string helpers used across the layers: joining with a separator, splitting on one
// separator byte (tab-separated fields, comma lists) and ASCII-only lower-casing (field and option
// names; never user text, whose case mapping is Python's: see python_string.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::text {

// The items with `separator` between each two: join({"a","b"}, ", ") == "a, b".
template <class Range>
std::string join(const Range& items, std::string_view separator = ", ") {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += separator;
    out += std::string_view(item);
    first = false;
  }
  return out;
}

// The fields of s between occurrences of `separator`, as views into s; at most max_splits splits are
// made (the last field keeps the rest, separators included), as Python's str.split(sep, maxsplit).
// An empty s gives one empty field.
std::vector<std::string_view> split(std::string_view s, char separator,
                                    std::size_t max_splits = std::string_view::npos);

// split(line, '\t'): the fields of a tab-separated line.
inline std::vector<std::string_view> split_tabs(std::string_view line,
                                                std::size_t max_splits = std::string_view::npos) {
  return split(line, '\t', max_splits);
}

// s with A-Z mapped to a-z and every other byte kept.
std::string ascii_lower(std::string_view s);

}  // namespace trenchcoat::text

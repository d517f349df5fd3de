#pragma once
// Comma-separated option values (--systems A,B,C): split, skipping empty entries, and joined back.
#include <string>
#include <vector>

#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::cli {

inline std::vector<std::string> split_comma_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    const std::size_t comma = s.find(',', start);
    const std::size_t end = comma == std::string::npos ? s.size() : comma;
    if (end > start) out.push_back(s.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

inline std::string join_comma_list(const std::vector<std::string>& items, const std::string& separator = ", ") {
  return text::join(items, separator);
}

}  // namespace trenchcoat::cli

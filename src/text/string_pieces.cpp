#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::text {

std::vector<std::string_view> split(std::string_view s, char separator, std::size_t max_splits) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (fields.size() < max_splits) {
    const std::size_t at = s.find(separator, start);
    if (at == std::string_view::npos) break;
    fields.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  fields.push_back(s.substr(start));
  return fields;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace trenchcoat::text

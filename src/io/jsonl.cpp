#include "trenchcoat/io/jsonl.hpp"

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::io {

std::vector<JsonRow> read_jsonl(const std::string& path) {
  const TextLines lines = read_text_lines(path, Newlines::lf_only);
  std::vector<JsonRow> rows;
  rows.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = text::strip(lines[i]);
    if (line.empty()) continue;
    nlohmann::json value = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) throw Error(lines.name(), i + 1, "not valid JSON");
    if (!value.is_object()) throw Error(lines.name(), i + 1, "expected a JSON object");
    rows.push_back({i + 1, std::move(value)});
  }
  return rows;
}

}  // namespace trenchcoat::io

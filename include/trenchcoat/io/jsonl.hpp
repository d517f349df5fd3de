#pragma once
// JSON Lines: one JSON object per line. Blank lines are skipped; anything else that is not a JSON
// object is an error naming the file and line.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace trenchcoat::io {

struct JsonRow {
  std::size_t line = 0;  // 1-based line in the file, for messages
  nlohmann::json value;  // an object
};

// Reads a .jsonl file (".gz" decompressed); "-" reads standard input.
std::vector<JsonRow> read_jsonl(const std::string& path);

}  // namespace trenchcoat::io

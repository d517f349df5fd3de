// Finding and reading the files of a released model (see model_files.hpp).
#include "model_files.hpp"

#include <fstream>
#include <sstream>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural::detail {

std::string find_model_file(const std::filesystem::path& dir, std::initializer_list<const char*> names,
                            const std::string& what, const std::string& explicit_path) {
  std::error_code ec;
  if (!explicit_path.empty()) {
    if (!std::filesystem::is_regular_file(explicit_path, ec)) throw Error(explicit_path, 0, what + " not found");
    return explicit_path;
  }
  std::string looked;
  for (const char* name : names) {
    const auto candidate = dir / name;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    looked += (looked.empty() ? "" : ", ") + std::string(name);
  }
  throw Error(dir.string(), 0, "no " + what + " (looked for " + looked + ")");
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot open file");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1;
    const std::string s = text.str();
    for (std::size_t i = 0; i < e.byte && i < s.size(); ++i) line += s[i] == '\n';
    throw Error(path, line, "invalid JSON");
  }
}

}  // namespace trenchcoat::neural::detail

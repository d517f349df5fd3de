#pragma once
// Internal: finding the files of a released model in its directory, with one clear error when absent.
#include <filesystem>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace trenchcoat::neural::detail {

// The first of `names` (relative to `dir`) that exists as a file; Error "<dir>: no <what> (looked for
// a, b, c)" when none does. `explicit_path`, when not empty, wins and must exist.
std::string find_model_file(const std::filesystem::path& dir, std::initializer_list<const char*> names,
                            const std::string& what, const std::string& explicit_path = "");

// A JSON file (config.json); Error naming the file and line for invalid JSON.
nlohmann::json read_json_file(const std::string& path);

}  // namespace trenchcoat::neural::detail

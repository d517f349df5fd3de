// YAML files as JSON values (see yaml_file.hpp).
#include "trenchcoat/neural/yaml_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {
namespace {

nlohmann::json plain_scalar(const std::string& s) {
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s.empty() || s == "~" || lower == "null") return nullptr;
  if (lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "no" || lower == "off") return false;
  const char* begin = s.c_str();
  char* end = nullptr;
  const bool looks_numeric = std::isdigit(static_cast<unsigned char>(s.back())) &&
                             s.find_first_not_of("+-0123456789.eE_") == std::string::npos;
  if (looks_numeric) {
    if (s.find_first_of(".eE") == std::string::npos) {
      const long long v = std::strtoll(begin, &end, 10);
      if (end && *end == '\0') return v;
    } else {
      const double v = std::strtod(begin, &end);
      if (end && *end == '\0') return v;
    }
  }
  return s;
}

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return node.Tag() == "!" ? nlohmann::json(node.Scalar()) : plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& child : node) out.push_back(to_json(child));
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = to_json(kv.second);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

nlohmann::json read_yaml_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(path, 0, "file not found");
  try {
    return to_json(YAML::LoadFile(path));
  } catch (const YAML::Exception& e) {
    throw Error(path, e.mark.is_null() ? 0 : static_cast<std::size_t>(e.mark.line) + 1, "invalid YAML: " + e.msg);
  }
}

}  // namespace trenchcoat::neural

#pragma once
// Typed reads of a bibliographic record's optional fields: absent or null gives the empty value, a value
// of another type is an error naming the field.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "trenchcoat/error.hpp"

namespace trenchcoat::citations {

inline const nlohmann::json* optional_field(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

inline std::string string_field(const nlohmann::json& object, const char* key, const std::string& path) {
  const auto* v = optional_field(object, key);
  if (!v) return {};
  if (!v->is_string()) throw Error("'" + path + "' is not a string");
  return v->get<std::string>();
}

inline std::optional<int> year_field(const nlohmann::json& object, const char* key) {
  const auto* v = optional_field(object, key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) throw Error("'" + std::string(key) + "' is not a whole number");
  const auto year = v->get<long long>();
  if (year < 0 || year > 9999) throw Error("'" + std::string(key) + "' " + std::to_string(year) + " is not a year");
  return static_cast<int>(year);
}

inline const nlohmann::json* array_field(const nlohmann::json& object, const char* key) {
  const auto* v = optional_field(object, key);
  if (v && !v->is_array()) throw Error("'" + std::string(key) + "' is not a list");
  return v;
}

}  // namespace trenchcoat::citations

#include "trenchcoat/io/row_values.hpp"

#include <charconv>
#include <cmath>

#include "trenchcoat/error.hpp"

namespace trenchcoat::io {

std::optional<double> row_number(const Dataset& dataset, const DatasetRow& row, const std::string& field,
                                 const RowNumberRules& rules) {
  const auto it = row.value.find(field);
  auto missing = [&]() -> std::optional<double> {
    if (rules.allow_missing) return std::nullopt;
    throw Error(dataset.name, row.line, "no number in field '" + field + "'");
  };
  if (it == row.value.end() || it->is_null()) return missing();
  double v = 0;
  if (it->is_number()) {
    v = it->get<double>();
  } else if (rules.allow_bool && it->is_boolean()) {
    v = it->get<bool>() ? 1.0 : 0.0;
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (s.empty() || s == "None" || s == "null" || s == "NaN" || s == "nan") return missing();
    if (rules.allow_bool && (s == "true" || s == "True")) return 1.0;
    if (rules.allow_bool && (s == "false" || s == "False")) return 0.0;
    const char* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end)
      throw Error(dataset.name, row.line, "field '" + field + "' is not a number: '" + s + "'");
  } else {
    throw Error(dataset.name, row.line, "field '" + field + "' is not a number");
  }
  if (std::isnan(v)) return missing();
  if (std::isinf(v)) throw Error(dataset.name, row.line, "field '" + field + "' is not a finite number");
  return v;
}

std::string row_text(const DatasetRow& row, const std::string& field) {
  const auto it = row.value.find(field);
  if (it == row.value.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace trenchcoat::io

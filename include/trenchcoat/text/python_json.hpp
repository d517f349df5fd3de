#pragma once
// JSON written byte for byte as Python's json.dumps(value, indent=N, ensure_ascii=B) writes it, for
// outputs that must match Python tools exactly (sacreBLEU's). Objects keep insertion order.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace trenchcoat::text {

struct PyJson {
  using Object = std::vector<std::pair<std::string, PyJson>>;
  using Array = std::vector<PyJson>;
  std::variant<std::string, double, Object, Array> value;

  PyJson(std::string s) : value(std::move(s)) {}
  PyJson(const char* s) : value(std::string(s)) {}
  PyJson(double d) : value(d) {}
  PyJson(Object o) : value(std::move(o)) {}
  PyJson(Array a) : value(std::move(a)) {}
};

// indent < 0: compact (", " and ": " separators, as json.dumps without indent).
std::string python_json_dumps(const PyJson& value, int indent, bool ensure_ascii);

// A JSON string literal with Python's escaping.
std::string python_json_string(const std::string& s, bool ensure_ascii);

}  // namespace trenchcoat::text

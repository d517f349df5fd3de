#include "trenchcoat/registry/scorer_spec.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::registry {

ScorerSpec parse_scorer_spec(std::string_view spec_text) {
  const std::string spec(spec_text);
  const auto fail = [&](const std::string& problem) { return Error("scorer spec '" + spec + "': " + problem); };
  ScorerSpec out;
  const std::size_t colon = spec.find(':');
  out.name = spec.substr(0, colon);
  if (out.name.empty()) throw fail("no scorer name");
  if (colon == std::string::npos) return out;
  const std::string rest = spec.substr(colon + 1);
  bool column_given = false;
  std::size_t i = 0;
  while (i < rest.size()) {
    const std::size_t eq = rest.find('=', i);
    const std::size_t comma = rest.find(',', i);
    if (eq == std::string::npos || (comma != std::string::npos && comma < eq))
      throw fail("'" + rest.substr(i, comma == std::string::npos ? std::string::npos : comma - i) +
                 "' is not key=value");
    const std::string key = rest.substr(i, eq - i);
    if (key.empty()) throw fail("an option without a name");
    std::string value;
    i = eq + 1;
    if (i < rest.size() && (rest[i] == '"' || rest[i] == '\'')) {
      const std::size_t close = rest.find(rest[i], i + 1);
      if (close == std::string::npos) throw fail("unterminated quote in option " + key);
      value = rest.substr(i + 1, close - i - 1);
      i = close + 1;
      if (i < rest.size() && rest[i] != ',') throw fail("expected ',' after the quoted value of " + key);
    } else {
      const std::size_t end = rest.find(',', i);
      value = rest.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? rest.size() : end;
    }
    if (i < rest.size()) ++i;  // the comma
    if (key == "as") {
      if (column_given) throw fail("option as given twice");
      column_given = true;
      out.column = value;
    } else if (!out.options.emplace(key, value).second) {
      throw fail("option " + key + " given twice");
    }
  }
  return out;
}

std::string format_scorer_spec(const ScorerSpec& spec) {
  std::string out = spec.name;
  char separator = ':';
  const auto add = [&](const std::string& key, const std::string& value) {
    std::string v = value;
    if (v.find(',') != std::string::npos || (!v.empty() && (v[0] == '"' || v[0] == '\'')))
      v = v.find('\'') == std::string::npos ? "'" + v + "'" : "\"" + v + "\"";
    out += separator + key + "=" + v;
    separator = ',';
  };
  for (const auto& [key, value] : spec.options) add(key, value);
  if (!spec.column.empty()) add("as", spec.column);
  return out;
}

}  // namespace trenchcoat::registry

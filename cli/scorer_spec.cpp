#include "scorer_spec.hpp"

#include "exit_error.hpp"

namespace trenchcoat::cli {

ScorerSpec parse_scorer_spec(const std::string& spec) {
  ScorerSpec out;
  const std::size_t colon = spec.find(':');
  out.name = spec.substr(0, colon);
  if (out.name.empty()) throw ExitError(2, "--scorer '" + spec + "': no scorer name");
  if (colon == std::string::npos) return out;
  const std::string rest = spec.substr(colon + 1);
  std::size_t i = 0;
  while (i < rest.size()) {
    const std::size_t eq = rest.find('=', i);
    const std::size_t comma = rest.find(',', i);
    if (eq == std::string::npos || (comma != std::string::npos && comma < eq))
      throw ExitError(2, "--scorer '" + spec + "': '" +
                             rest.substr(i, comma == std::string::npos ? std::string::npos : comma - i) +
                             "' is not key=value");
    const std::string key = rest.substr(i, eq - i);
    if (key.empty()) throw ExitError(2, "--scorer '" + spec + "': an option without a name");
    std::string value;
    i = eq + 1;
    if (i < rest.size() && (rest[i] == '"' || rest[i] == '\'')) {
      const std::size_t close = rest.find(rest[i], i + 1);
      if (close == std::string::npos)
        throw ExitError(2, "--scorer '" + spec + "': unterminated quote in option " + key);
      value = rest.substr(i + 1, close - i - 1);
      i = close + 1;
      if (i < rest.size() && rest[i] != ',')
        throw ExitError(2, "--scorer '" + spec + "': expected ',' after the quoted value of " + key);
    } else {
      const std::size_t end = rest.find(',', i);
      value = rest.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? rest.size() : end;
    }
    if (i < rest.size()) ++i;  // the comma
    if (key == "as") out.column = value;
    else if (!out.options.emplace(key, value).second)
      throw ExitError(2, "--scorer '" + spec + "': option " + key + " given twice");
  }
  return out;
}

}  // namespace trenchcoat::cli

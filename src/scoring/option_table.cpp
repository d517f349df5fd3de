#include "trenchcoat/scoring/option_table.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "trenchcoat/error.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::scoring {
namespace {

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// "", " of at least 1", " from 1 to 20", " of at most 5".
std::string range_text(const OptionInfo& o) {
  if (o.minimum && o.maximum) return " from " + number_text(*o.minimum) + " to " + number_text(*o.maximum);
  if (o.minimum) return " of at least " + number_text(*o.minimum);
  if (o.maximum) return " of at most " + number_text(*o.maximum);
  return "";
}

bool in_range(const OptionInfo& o, double v) {
  return (!o.minimum || v >= *o.minimum) && (!o.maximum || v <= *o.maximum);
}

// Option names compared without case, hyphens and underscores: the hint for a misspelt name.
std::string loose_name(std::string_view name) {
  std::string out;
  for (char c : text::ascii_lower(name))
    if (c != '-' && c != '_') out += c;
  return out;
}

OptionInfo row(std::string name, OptionType type, std::string default_value, std::string description) {
  OptionInfo o;
  o.name = std::move(name);
  o.type = type;
  o.default_value = std::move(default_value);
  o.description = std::move(description);
  return o;
}

}  // namespace

std::string_view option_type_name(OptionType type) {
  switch (type) {
    case OptionType::string:
      return "string";
    case OptionType::path:
      return "path";
    case OptionType::integer:
      return "integer";
    case OptionType::number:
      return "number";
    case OptionType::boolean:
      return "boolean";
    case OptionType::choice:
      return "choice";
  }
  return "string";
}

OptionInfo OptionInfo::string(std::string name, std::string default_value, std::string description) {
  return row(std::move(name), OptionType::string, std::move(default_value), std::move(description));
}
OptionInfo OptionInfo::path(std::string name, std::string default_value, std::string description) {
  return row(std::move(name), OptionType::path, std::move(default_value), std::move(description));
}
OptionInfo OptionInfo::integer(std::string name, std::string default_value, std::string description) {
  return row(std::move(name), OptionType::integer, std::move(default_value), std::move(description));
}
OptionInfo OptionInfo::number(std::string name, std::string default_value, std::string description) {
  return row(std::move(name), OptionType::number, std::move(default_value), std::move(description));
}
OptionInfo OptionInfo::boolean(std::string name, std::string default_value, std::string description) {
  return row(std::move(name), OptionType::boolean, std::move(default_value), std::move(description));
}
OptionInfo OptionInfo::choice(std::string name, std::string default_value, std::vector<std::string> choices,
                              std::string description) {
  OptionInfo o = row(std::move(name), OptionType::choice, std::move(default_value), std::move(description));
  o.choices = std::move(choices);
  return o;
}

OptionInfo OptionInfo::at_least(double low) const {
  OptionInfo o = *this;
  o.minimum = low;
  return o;
}
OptionInfo OptionInfo::between(double low, double high) const {
  OptionInfo o = *this;
  o.minimum = low;
  o.maximum = high;
  return o;
}
OptionInfo OptionInfo::needed() const {
  OptionInfo o = *this;
  o.required = true;
  o.default_value.clear();
  return o;
}
OptionInfo OptionInfo::when_unset(std::string unset_text) const {
  OptionInfo o = *this;
  o.default_value.clear();
  o.unset = std::move(unset_text);
  return o;
}
OptionInfo OptionInfo::alias(std::string spelling, std::string value) const {
  OptionInfo o = *this;
  o.aliases.emplace_back(std::move(spelling), std::move(value));
  return o;
}

std::string OptionInfo::type_text() const {
  std::string out(option_type_name(type));
  if (type == OptionType::choice) return out + ": " + text::join(choices, ", ");
  if (type == OptionType::integer || type == OptionType::number) {
    if (minimum && maximum) out += " from " + number_text(*minimum) + " to " + number_text(*maximum);
    else if (minimum) out += " >= " + number_text(*minimum);
    else if (maximum) out += " <= " + number_text(*maximum);
  }
  return out;
}

std::string OptionInfo::default_text() const {
  if (required) return "required";
  if (!default_value.empty()) return default_value;
  return unset.empty() ? "none" : unset;
}

std::string option_error(std::string_view scorer, std::string_view option, std::string_view problem) {
  return "scorer " + quoted(scorer) + ": option " + quoted(option) + ": " + std::string(problem);
}

OptionValue parse_option_value(std::string_view scorer, const OptionInfo& o, const std::string& value) {
  OptionValue out;
  out.text = value;
  const auto refuse = [&](const std::string& what) -> Error {
    return Error(option_error(scorer, o.name, quoted(value) + " is not " + what));
  };
  switch (o.type) {
    case OptionType::string:
    case OptionType::path:
      break;
    case OptionType::boolean: {
      const std::string v = text::ascii_lower(value);
      if (v == "true" || v == "yes" || v == "1") out.boolean = true;
      else if (v == "false" || v == "no" || v == "0") out.boolean = false;
      else throw refuse("true or false");
      out.text = out.boolean ? "true" : "false";
      break;
    }
    case OptionType::integer: {
      std::size_t i = value.size() > 1 && value[0] == '-' ? 1 : 0;
      bool digits = i < value.size();
      for (; i < value.size(); ++i) digits = digits && value[i] >= '0' && value[i] <= '9';
      errno = 0;
      const long long x = digits ? std::strtoll(value.c_str(), nullptr, 10) : 0;
      // Integers are those an int holds, whatever the row's range says.
      if (!digits || errno == ERANGE || x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max() ||
          !in_range(o, static_cast<double>(x)))
        throw refuse("a whole number" + range_text(o));
      out.number = static_cast<double>(x);
      break;
    }
    case OptionType::number: {
      char* end = nullptr;
      const double x = value.empty() ? 0.0 : std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(x) || !in_range(o, x))
        throw refuse("a number" + range_text(o));
      out.number = x;
      break;
    }
    case OptionType::choice: {
      bool found = false;
      for (const auto& c : o.choices) found = found || c == value;
      for (const auto& [spelling, canonical] : o.aliases)
        if (!found && spelling == value) {
          out.text = canonical;
          found = true;
        }
      if (!found) throw refuse("one of " + text::join(o.choices, ", "));
      break;
    }
  }
  return out;
}

OptionValues validate_options(std::string_view scorer, const std::vector<OptionInfo>& table,
                              const ScorerOptions& options) {
  std::map<std::string, OptionValue, std::less<>> values;
  for (const auto& [key, value] : options) {
    const OptionInfo* o = nullptr;
    for (const auto& candidate : table)
      if (candidate.name == key) o = &candidate;
    if (!o) {
      std::vector<std::string> names;
      std::string hint;
      for (const auto& candidate : table) {
        names.push_back(candidate.name);
        if (loose_name(candidate.name) == loose_name(key)) hint = candidate.name;
      }
      throw Error("scorer " + quoted(scorer) + " takes no option " + quoted(key) + " (" +
                  (names.empty() ? std::string("it takes none") : "it takes: " + text::join(names, ", ")) +
                  (hint.empty() ? std::string() : "; did you mean " + quoted(hint) + "?") + ")");
    }
    if (o->required && value.empty())
      throw Error("scorer " + quoted(scorer) + ": option " + quoted(key) + " is required (" + o->description + ")");
    OptionValue v = parse_option_value(scorer, *o, value);
    v.given = true;
    values.emplace(key, std::move(v));
  }
  for (const auto& o : table) {
    if (values.count(o.name)) continue;
    if (o.required)
      throw Error("scorer " + quoted(scorer) + ": option " + quoted(o.name) + " is required (" + o.description + ")");
    if (!o.default_value.empty()) values.emplace(o.name, parse_option_value(scorer, o, o.default_value));
  }
  return OptionValues(std::string(scorer), table, std::move(values));
}

const OptionInfo& OptionValues::row(std::string_view name) const {
  for (const auto& o : table_)
    if (o.name == name) return o;
  throw std::logic_error("scorer '" + scorer_ + "' has no option '" + std::string(name) + "' in its table");
}

const OptionValue* OptionValues::find(std::string_view name) const {
  row(name);
  const auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

bool OptionValues::given(std::string_view name) const {
  const OptionValue* v = find(name);
  return v && v->given;
}

bool OptionValues::has(std::string_view name) const { return find(name) != nullptr; }

const std::string& OptionValues::text(std::string_view name) const {
  static const std::string none;
  const OptionValue* v = find(name);
  return v ? v->text : none;
}

long long OptionValues::integer(std::string_view name) const {
  const OptionValue* v = find(name);
  if (!v || row(name).type != OptionType::integer)
    throw std::logic_error("option '" + std::string(name) + "' of '" + scorer_ + "' read as an integer");
  return static_cast<long long>(v->number);
}

double OptionValues::number(std::string_view name) const {
  const OptionValue* v = find(name);
  const OptionType t = row(name).type;
  if (!v || (t != OptionType::number && t != OptionType::integer))
    throw std::logic_error("option '" + std::string(name) + "' of '" + scorer_ + "' read as a number");
  return v->number;
}

bool OptionValues::boolean(std::string_view name) const {
  const OptionValue* v = find(name);
  if (!v || row(name).type != OptionType::boolean)
    throw std::logic_error("option '" + std::string(name) + "' of '" + scorer_ + "' read as a boolean");
  return v->boolean;
}

}  // namespace trenchcoat::scoring

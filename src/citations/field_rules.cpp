#include "trenchcoat/citations/field_rules.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "trenchcoat/citations/paper_id.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/text_lines.hpp"

namespace trenchcoat::citations {
namespace {

constexpr const char* kReservedNames[] = {"both", "multiple", "neither", "outside"};

std::vector<std::string> string_list(const nlohmann::json& field, const char* key, const std::string& where) {
  std::vector<std::string> out;
  const auto it = field.find(key);
  if (it == field.end()) return out;
  if (!it->is_array()) throw Error(where + "." + key + ": not a list of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) throw Error(where + "." + key + "[" + std::to_string(i) + "]: not a string");
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

std::vector<TextPattern> patterns(const nlohmann::json& field, const char* key, const std::string& where) {
  std::vector<TextPattern> out;
  const auto list = string_list(field, key, where);
  for (std::size_t i = 0; i < list.size(); ++i) {
    try {
      out.emplace_back(list[i]);
    } catch (const Error& e) {
      throw Error(where + "." + key + "[" + std::to_string(i) + "]: " + e.message());
    }
  }
  return out;
}

FieldRule field_rule(const nlohmann::json& field, const std::string& where) {
  if (!field.is_object()) throw Error(where + ": not an object");
  for (const auto& [key, value] : field.items()) {
    static const std::vector<std::string> known = {"name",   "description", "seeds",
                                                   "venues", "keywords",    "title_keywords"};
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw Error(where + ": unknown key '" + key +
                  "' (known: name, description, seeds, venues, keywords, title_keywords)");
  }
  FieldRule rule;
  const auto name = field.find("name");
  if (name == field.end() || !name->is_string() || name->get<std::string>().empty())
    throw Error(where + ".name: every field needs a name (a non-empty string)");
  rule.name = name->get<std::string>();
  for (const char* reserved : kReservedNames)
    if (rule.name == reserved) throw Error(where + ".name: '" + rule.name + "' is reserved for a group of papers");
  if (const auto d = field.find("description"); d != field.end()) {
    if (!d->is_string()) throw Error(where + ".description: not a string");
    rule.description = d->get<std::string>();
  }
  const auto seeds = string_list(field, "seeds", where);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    const auto id = normalize_paper_id(seeds[i]);
    if (!id)
      throw Error(where + ".seeds[" + std::to_string(i) + "]: '" + seeds[i] +
                  "' is not a paper id (an OpenAlex W-id, a Semantic Scholar paperId, a DOI, an arXiv id, "
                  "acl:, corpusid: or mag:)");
    rule.seeds.push_back(*id);
    for (const auto& alias : paper_id_aliases(*id)) rule.seeds.push_back(alias);
  }
  rule.venues = patterns(field, "venues", where);
  rule.keywords = patterns(field, "keywords", where);
  rule.title_keywords = patterns(field, "title_keywords", where);
  return rule;
}

}  // namespace

FieldRules parse_field_rules(const std::string& json_text, const std::string& source) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t offset = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, json_text.size());
    const auto line = 1 + std::count(json_text.begin(), json_text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    throw Error(source, static_cast<std::size_t>(line), "field rules are not valid JSON");
  }
  FieldRules rules;
  rules.source = source;
  try {
    if (!config.is_object()) throw Error("field rules are a JSON object with a 'fields' list");
    for (const auto& [key, value] : config.items())
      if (key != "fields" && key != "description")
        throw Error("unknown key '" + key + "' (known: description, fields)");
    if (const auto d = config.find("description"); d != config.end()) {
      if (!d->is_string()) throw Error("description: not a string");
      rules.description = d->get<std::string>();
    }
    const auto fields = config.find("fields");
    if (fields == config.end() || !fields->is_array()) throw Error("no 'fields' list");
    for (std::size_t i = 0; i < fields->size(); ++i) {
      rules.fields.push_back(field_rule((*fields)[i], "fields[" + std::to_string(i) + "]"));
      for (std::size_t j = 0; j + 1 < rules.fields.size(); ++j)
        if (rules.fields[j].name == rules.fields.back().name)
          throw Error("fields[" + std::to_string(i) + "].name: '" + rules.fields.back().name + "' is given twice");
    }
    if (rules.fields.size() < 2)
      throw Error("'fields' names " + std::to_string(rules.fields.size()) +
                  " field(s); a citation analysis between fields needs at least two");
  } catch (const Error& e) {
    throw Error(source, 0, e.message());
  }
  return rules;
}

FieldRules read_field_rules(const std::string& path) {
  const io::TextLines lines = io::read_text_lines(path, io::Newlines::lf_only);
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) text += '\n';
    text += lines[i];
  }
  return parse_field_rules(text, path);
}

FieldRules default_field_rules() { return parse_field_rules(default_field_rules_json(), "built-in default"); }

}  // namespace trenchcoat::citations

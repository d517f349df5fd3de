#include "trenchcoat/citations/openalex_work.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "json_fields.hpp"
#include "trenchcoat/citations/paper_id.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::citations {
namespace {

std::string normalized_or_throw(const std::string& value, const std::string& field, const char* expected) {
  const auto id = normalize_paper_id(value);
  if (!id || id->rfind(expected, 0) != 0) throw Error("'" + field + "' '" + value + "' is not " + expected + " id");
  return *id;
}

}  // namespace

std::string abstract_from_inverted_index(const nlohmann::json& index) {
  if (!index.is_object()) throw Error("'abstract_inverted_index' is not an object");
  std::vector<std::pair<std::uint64_t, std::size_t>> placed;  // (position, order of the word in the index)
  std::vector<std::string> words;
  for (const auto& [word, positions] : index.items()) {
    if (!positions.is_array()) throw Error("'abstract_inverted_index' entry '" + word + "' is not a list of positions");
    for (const auto& p : positions) {
      if (!p.is_number_unsigned() && !(p.is_number_integer() && p.get<long long>() >= 0))
        throw Error("'abstract_inverted_index' entry '" + word + "' has a position that is not a whole number >= 0");
      placed.emplace_back(p.get<std::uint64_t>(), words.size());
    }
    words.push_back(word);
  }
  std::stable_sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string text;
  for (const auto& [position, word] : placed) {
    if (!text.empty()) text += ' ';
    text += words[word];
  }
  return text;
}

PaperRecord openalex_work(const nlohmann::json& work) {
  if (!work.is_object()) throw Error("an OpenAlex work is a JSON object");
  PaperRecord r;
  r.source = RecordSource::openalex;
  const std::string id = string_field(work, "id", "id");
  if (id.empty()) throw Error("OpenAlex work without 'id'");
  add_paper_id(r.ids, normalized_or_throw(id, "id", "openalex:"));
  if (const std::string d = string_field(work, "doi", "doi"); !d.empty())
    add_paper_id(r.ids, normalized_or_throw(d, "doi", "doi:"));
  if (const auto* ids = optional_field(work, "ids")) {
    if (!ids->is_object()) throw Error("'ids' is not an object");
    if (const std::string d = string_field(*ids, "doi", "ids.doi"); !d.empty())
      add_paper_id(r.ids, normalized_or_throw(d, "ids.doi", "doi:"));
  }
  r.title = string_field(work, "title", "title");
  if (r.title.empty()) r.title = string_field(work, "display_name", "display_name");
  r.year = year_field(work, "publication_year");
  if (const auto* index = optional_field(work, "abstract_inverted_index"))
    r.abstract = abstract_from_inverted_index(*index);
  if (const auto* location = optional_field(work, "primary_location")) {
    if (const auto* source = optional_field(*location, "source"))
      r.venue = string_field(*source, "display_name", "primary_location.source.display_name");
  }
  if (r.venue.empty())
    if (const auto* host = optional_field(work, "host_venue"))
      r.venue = string_field(*host, "display_name", "host_venue.display_name");
  if (const auto* refs = array_field(work, "referenced_works")) {
    for (std::size_t i = 0; i < refs->size(); ++i) {
      const auto& ref = (*refs)[i];
      const std::string field = "referenced_works[" + std::to_string(i) + "]";
      if (!ref.is_string()) throw Error("'" + field + "' is not a string");
      std::vector<std::string> ids;
      add_paper_id(ids, normalized_or_throw(ref.get<std::string>(), field, "openalex:"));
      r.references.push_back(std::move(ids));
    }
  }
  return r;
}

}  // namespace trenchcoat::citations

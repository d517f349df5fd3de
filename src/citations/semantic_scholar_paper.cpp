#include "trenchcoat/citations/semantic_scholar_paper.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "json_fields.hpp"
#include "trenchcoat/citations/paper_id.hpp"
#include "trenchcoat/error.hpp"

namespace trenchcoat::citations {
namespace {

// The external ids Semantic Scholar gives, with the prefix each takes in normalize_paper_id.
constexpr std::pair<const char*, const char*> kExternalIds[] = {
    {"DOI", "doi:"}, {"ArXiv", "arxiv:"}, {"ACL", "acl:"}, {"MAG", "mag:"}, {"CorpusId", "corpusid:"}};

// The normalized ids of one paper object (a record or an entry of its references): paperId first.
std::vector<std::string> paper_ids(const nlohmann::json& paper, const std::string& where) {
  std::vector<std::string> ids;
  const std::string paper_id = string_field(paper, "paperId", where + "paperId");
  if (!paper_id.empty()) {
    const auto id = normalize_paper_id("s2:" + paper_id);
    if (!id)
      throw Error("'" + where + "paperId' '" + paper_id + "' is not a Semantic Scholar paper id (40 hex digits)");
    add_paper_id(ids, *id);
  }
  if (const auto* external = optional_field(paper, "externalIds")) {
    if (!external->is_object()) throw Error("'" + where + "externalIds' is not an object");
    for (const auto& [key, prefix] : kExternalIds) {
      const auto* v = optional_field(*external, key);
      if (!v) continue;
      if (!v->is_string() && !v->is_number_unsigned() && !v->is_number_integer())
        throw Error("'" + where + "externalIds." + key + "' is not a string or a number");
      const std::string value = v->is_string() ? v->get<std::string>() : std::to_string(v->get<long long>());
      const auto id = normalize_paper_id(prefix + value);
      if (!id) throw Error("'" + where + "externalIds." + key + "' '" + value + "' is not a valid id");
      add_paper_id(ids, *id);
    }
  }
  if (const auto* corpus = optional_field(paper, "corpusId")) {
    if (!corpus->is_number_integer() || corpus->get<long long>() < 0)
      throw Error("'" + where + "corpusId' is not a whole number");
    add_paper_id(ids, "corpusid:" + std::to_string(corpus->get<long long>()));
  }
  return ids;
}

std::vector<std::vector<std::string>> linked_papers(const nlohmann::json& paper, const char* key) {
  std::vector<std::vector<std::string>> out;
  const auto* list = array_field(paper, key);
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string where = std::string(key) + "[" + std::to_string(i) + "].";
    const auto& entry = (*list)[i];
    if (!entry.is_object()) throw Error("'" + std::string(key) + "[" + std::to_string(i) + "]' is not an object");
    out.push_back(paper_ids(entry, where));
  }
  return out;
}

}  // namespace

PaperRecord semantic_scholar_paper(const nlohmann::json& paper) {
  if (!paper.is_object()) throw Error("a Semantic Scholar paper is a JSON object");
  PaperRecord r;
  r.source = RecordSource::semantic_scholar;
  r.ids = paper_ids(paper, "");
  if (r.ids.empty()) throw Error("Semantic Scholar paper without 'paperId' or 'externalIds'");
  r.title = string_field(paper, "title", "title");
  r.abstract = string_field(paper, "abstract", "abstract");
  r.year = year_field(paper, "year");
  if (const auto* venue = optional_field(paper, "publicationVenue"))
    r.venue = string_field(*venue, "name", "publicationVenue.name");
  if (r.venue.empty()) r.venue = string_field(paper, "venue", "venue");
  r.references = linked_papers(paper, "references");
  r.cited_by = linked_papers(paper, "citations");
  return r;
}

}  // namespace trenchcoat::citations

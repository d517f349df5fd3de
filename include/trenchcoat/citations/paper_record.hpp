#pragma once
// One paper as one bibliographic source describes it (an OpenAlex work, a Semantic Scholar paper), in
// the fields the citation analysis uses. Ids are normalized (citations/paper_id.hpp).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace trenchcoat::citations {

enum class RecordSource { openalex, semantic_scholar };

// "openalex" or "s2".
const char* record_source_name(RecordSource source);

struct PaperRecord {
  RecordSource source = RecordSource::openalex;
  std::vector<std::string> ids;  // normalized; the first is the source's own id (an OpenAlex W-id, a paperId)
  std::string title;
  std::string abstract;  // OpenAlex's inverted index rebuilt as text
  std::string venue;
  std::optional<int> year;
  // The papers it cites, each as the normalized ids the source gives for it (empty: the source names the
  // reference without an id, as Semantic Scholar does for references it could not match).
  std::vector<std::vector<std::string>> references;
  // Papers that cite it (Semantic Scholar's `citations`), in the same form.
  std::vector<std::vector<std::string>> cited_by;
};

}  // namespace trenchcoat::citations

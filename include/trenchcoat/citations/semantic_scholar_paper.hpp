#pragma once
// Semantic Scholar Graph API paper records (https://api.semanticscholar.org/api-docs/graph) as paper
// records: `paperId`, `externalIds` (DOI, ArXiv, ACL, MAG, CorpusId), `corpusId`, `title`, `abstract`,
// `year`, `publicationVenue.name` or else `venue`, `references` (papers it cites) and `citations`
// (papers citing it), each a list of paper objects with `paperId` and optionally `externalIds`
// (a reference with neither is kept as a reference without an id). A record without `paperId` is
// accepted when its `externalIds` name it.
#include <nlohmann/json.hpp>

#include "trenchcoat/citations/paper_record.hpp"

namespace trenchcoat::citations {

// Throws trenchcoat::Error (message only; the reader adds file and line) for a record without any id
// or with a field of the wrong type.
PaperRecord semantic_scholar_paper(const nlohmann::json& paper);

}  // namespace trenchcoat::citations

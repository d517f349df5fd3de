#pragma once
// `cite` as a library call: bibliographic exports (OpenAlex works, Semantic Scholar papers) read and
// merged into one citation corpus, its papers labelled by a field rule set, and how the fields cite each
// other (citations/citation_analysis.hpp).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/citations/citation_analysis.hpp"

namespace trenchcoat::runs {

struct CiteRequest {
  std::vector<std::string> inputs;  // JSON / JSONL exports, merged in this order
  std::string format = "auto";      // auto (per record), openalex or s2
  std::string fields;               // field rules file; empty: the built-in default
  std::size_t top = 10;             // bridge papers kept
};

struct CiteInput {
  std::string path;
  std::size_t records = 0, openalex = 0, semantic_scholar = 0, null_records = 0;
};

struct CiteResult {
  std::vector<CiteInput> inputs;
  std::size_t records = 0, papers = 0, duplicates_merged = 0, citations_from_outside = 0;
  std::string rules_source, rules_description;
  std::vector<std::string> paper_ids, paper_titles;  // per corpus paper, for the listing
  std::vector<std::optional<int>> paper_years;
  citations::CitationAnalysis analysis;
  std::vector<std::string> notes;
};

// Throws RequestError for an unknown format, top 0 or no input; trenchcoat::Error naming the file and
// line or record for bad input or bad rules, and when the inputs hold no record at all.
CiteResult run_cite(const CiteRequest& request);

}  // namespace trenchcoat::runs

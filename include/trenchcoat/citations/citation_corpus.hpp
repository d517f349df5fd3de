#pragma once
// The papers of one or more bibliographic exports, merged and linked: records that share any
// normalized id (the same OpenAlex id, paperId, DOI, arXiv id, ...) are one paper, and each reference
// either points to a paper of the corpus or stays an "outside" reference.
//
// Merging is deterministic: papers are ordered by their first record (files in the order given, records
// in file order); a merged paper's id is its first record's own id, and its title, abstract, venue and
// year are those of the first of its records that has one. Its references are the union of its records'
// references: an in-corpus reference counts once per cited paper (however many ids or records name it),
// a paper citing itself (two records of it citing each other) is dropped, and an outside reference
// counts once per outside paper: the ids of unresolved references are merged as records are (one
// reference giving two ids joins them) and the outside paper is keyed by the id seen first; one outside
// paper that two sources name by unrelated ids (an OpenAlex W-id, a paperId) counts twice, and a
// reference without an id counts once per record naming it. Semantic Scholar's
// `citations` add the citing paper's reference when the citing paper is in the corpus; citations from
// outside the corpus are not references of any corpus paper and are only counted.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/citations/paper_record.hpp"

namespace trenchcoat::citations {

struct CorpusPaper {
  std::string id;                // the first record's own id (normalized)
  std::vector<std::string> ids;  // every id of its records, sorted
  std::string title, abstract, venue;
  std::optional<int> year;
  std::size_t records = 0;             // records merged into it
  std::vector<std::size_t> cited;      // in-corpus papers it cites (indices, ascending)
  std::vector<std::string> outside;    // outside papers it cites (their keys, sorted, unique)
  std::size_t outside_without_id = 0;  // outside references with no id at all
  std::size_t outside_references() const { return outside.size() + outside_without_id; }
  std::size_t references() const { return cited.size() + outside_references(); }
};

struct CitationCorpus {
  std::vector<CorpusPaper> papers;
  std::size_t records = 0;                 // records read
  std::size_t duplicates_merged = 0;       // records - papers
  std::size_t citations_from_outside = 0;  // Semantic Scholar `citations` entries not in the corpus
};

CitationCorpus build_citation_corpus(const std::vector<PaperRecord>& records);

}  // namespace trenchcoat::citations

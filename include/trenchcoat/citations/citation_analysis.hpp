#pragma once
// How the fields of a rule set cite each other in a citation corpus: statistics as plain functions of
// the corpus and the rules.
//
// Groups. Every paper is in exactly one group: the field it alone is labelled with, "both" (with two
// fields; "multiple" with more) when it is labelled with several, or "neither". A paper of several
// fields is its own group: its row and column in the matrix are its own, and it counts in no field's
// shares, trends or bridge counts (the inclusive share below counts references to it as crossing).
//
// Cross-citation matrix. observed[i][j] = in-corpus references from papers of group i to papers of
// group j. Expected counts under random mixing: each reference keeps its citing group and is pointed at
// a cited group drawn independently with the cited groups' overall shares, so
//   expected[i][j] = row_i * column_j / total
// (row_i: references made by group i, column_j: references received by group j, total: all in-corpus
// references; the independence model of a chi-square test of the table), and ratio = observed /
// expected (none when expected is 0). A ratio below 1 off the diagonal: the groups cite each other less
// than random mixing would.
//
// Field shares, per field F (its own group's papers only):
//   to_other      in-corpus references to papers of another single field;
//   inclusive     in-corpus references to any paper labelled with a field other than F (another field's
//                 group or both/multiple);
//   share_in_corpus = to_other / in-corpus references; share_all = to_other / all references (in-corpus
//                 and outside); share_in_corpus_inclusive = inclusive / in-corpus references;
//   papers_citing_other = papers of F with at least one in-corpus reference to another single field's
//                 paper, and its share of all of F's papers.
//   Shares with a zero denominator are none.
// Per-year trends: papers per group per year and, per field, share_in_corpus over the references of the
// field's papers of that year (by the citing paper's year; papers without a year are left out and counted).
// Cited-set overlap, per pair of fields: the Jaccard index of the sets of papers (in-corpus or outside)
// that each field's papers cite.
// Bridge papers: papers (in-corpus or outside) cited by papers of at least two fields. citations[f] =
// the number of papers of field f's group citing it; score = the second-largest of these (with two
// fields: the smaller side, min(c_1, c_2)); ranked by score, then by the sum over the fields, then by id
// (ascending, as a byte string); the first top_k are kept.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/citations/citation_corpus.hpp"
#include "trenchcoat/citations/field_rules.hpp"

namespace trenchcoat::citations {

struct LabelledPaper {
  std::size_t group = 0;
  std::vector<bool> fields;
  std::vector<std::string> reasons;
};

struct GroupSummary {
  std::string name;
  std::size_t papers = 0;
  std::size_t references = 0;  // in-corpus + outside
  std::size_t in_corpus = 0;
  std::size_t outside = 0;
  std::size_t cited_by_corpus = 0;  // in-corpus references its papers receive
};

struct CrossCitationMatrix {
  std::vector<std::vector<std::size_t>> observed;  // [citing group][cited group]
  std::vector<std::size_t> row_totals, column_totals;
  std::size_t total = 0;
  std::vector<std::vector<double>> expected;
  std::vector<std::vector<std::optional<double>>> ratio;
};

struct FieldCrossShare {
  std::string field;
  std::size_t papers = 0, references = 0, in_corpus = 0, outside = 0;
  std::size_t to_other = 0, to_other_inclusive = 0;
  std::optional<double> share_in_corpus, share_all, share_in_corpus_inclusive;
  std::size_t papers_citing_other = 0;
  std::optional<double> papers_citing_other_share;
  std::vector<std::optional<double>> share_to_group;  // in-corpus references to each group / in_corpus
};

struct YearTrend {
  int year = 0;
  std::vector<std::size_t> papers;                 // per group
  std::vector<std::size_t> in_corpus, to_other;    // per field
  std::vector<std::optional<double>> cross_share;  // per field: to_other / in_corpus
};

struct CitedSetOverlap {
  std::size_t field_a = 0, field_b = 0;
  std::size_t cited_a = 0, cited_b = 0, shared = 0;
  std::optional<double> jaccard;
};

struct BridgePaper {
  std::string id;
  bool in_corpus = false;
  std::string title;  // empty for an outside paper
  std::optional<int> year;
  std::string group;                   // the cited paper's group; "outside" for an outside paper
  std::vector<std::size_t> citations;  // per field
  std::size_t score = 0, total = 0;
};

struct CitationAnalysis {
  std::vector<std::string> fields;
  std::vector<std::string> groups;    // the fields, then "both" / "multiple", then "neither"
  std::vector<LabelledPaper> papers;  // one per corpus paper, in corpus order
  std::vector<GroupSummary> group_summaries;
  CrossCitationMatrix matrix;
  std::vector<FieldCrossShare> shares;
  std::vector<YearTrend> years;  // ascending
  std::size_t papers_without_year = 0;
  std::vector<CitedSetOverlap> overlaps;
  std::vector<BridgePaper> bridges;   // the first top_k
  std::size_t bridge_candidates = 0;  // all papers cited by at least two fields
  std::size_t top_k = 0;
};

// "both" with two fields, "multiple" with more.
std::string multiple_fields_group(std::size_t fields);

CitationAnalysis analyze_citations(const CitationCorpus& corpus, const FieldRules& rules, std::size_t top_k);

}  // namespace trenchcoat::citations

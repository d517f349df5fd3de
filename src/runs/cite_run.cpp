#include "trenchcoat/runs/cite_run.hpp"

#include "trenchcoat/citations/bibliography_file.hpp"
#include "trenchcoat/citations/citation_corpus.hpp"
#include "trenchcoat/citations/field_rules.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::runs {

CiteResult run_cite(const CiteRequest& request) {
  const auto format = citations::parse_record_format(request.format);
  if (!format) throw RequestError("--format must be auto, openalex or s2, not '" + request.format + "'");
  if (request.top == 0) throw RequestError("--top must be at least 1");
  if (request.inputs.empty()) throw RequestError("no input file");
  // The rules first: a bad rules file fails before large inputs are read.
  const citations::FieldRules rules =
      request.fields.empty() ? citations::default_field_rules() : citations::read_field_rules(request.fields);

  CiteResult result;
  std::vector<citations::PaperRecord> records;
  for (const auto& path : request.inputs) {
    citations::BibliographyFile file = citations::read_bibliography_file(path, *format);
    result.inputs.push_back({path, file.records.size(), file.openalex, file.semantic_scholar, file.null_records});
    if (file.null_records > 0)
      result.notes.push_back(path + ": " + std::to_string(file.null_records) +
                             " null record(s) skipped (a batch response's unknown ids)");
    for (auto& r : file.records) records.push_back(std::move(r));
  }
  if (records.empty()) throw Error("no paper record in the input file(s)");
  const citations::CitationCorpus corpus = citations::build_citation_corpus(records);
  result.records = corpus.records;
  result.papers = corpus.papers.size();
  result.duplicates_merged = corpus.duplicates_merged;
  result.citations_from_outside = corpus.citations_from_outside;
  result.rules_source = rules.source;
  result.rules_description = rules.description;
  for (const auto& p : corpus.papers) {
    result.paper_ids.push_back(p.id);
    result.paper_titles.push_back(p.title);
    result.paper_years.push_back(p.year);
  }
  result.analysis = citations::analyze_citations(corpus, rules, request.top);
  std::size_t in_corpus = result.analysis.matrix.total;
  if (in_corpus == 0)
    result.notes.push_back("no reference links two papers of the corpus: the matrix and the shares are empty");
  if (result.analysis.papers_without_year > 0)
    result.notes.push_back(std::to_string(result.analysis.papers_without_year) +
                           " paper(s) without a year are left out of the per-year trends");
  return result;
}

}  // namespace trenchcoat::runs

#pragma once
// Bibliographic export files: OpenAlex works and Semantic Scholar papers, as
//   JSON   one record, an array of records, an OpenAlex API page {"results": [...]} or a Semantic
//          Scholar page {"data": [...]} (records of the references/citations endpoints,
//          {"citedPaper": {...}} or {"citingPaper": {...}}, are unwrapped);
//   JSONL  one record (or one page) per line: a file named *.jsonl or *.ndjson, or a file that is not
//          one JSON value but whose first line is one.
// Strict UTF-8; `.gz` files are decompressed. Each record's source is detected from its fields (an `id`
// that is an OpenAlex work id, https://openalex.org/W... or W..., or `referenced_works` / `abstract_inverted_index` /
// `publication_year`: OpenAlex; `paperId` or `externalIds`: Semantic Scholar) or fixed by the caller.
// null records (what a Semantic Scholar batch request returns for an unknown id) are counted, not read.
// Errors name the file and the line (JSONL, or where a JSON file fails to parse) or the record's index.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/citations/paper_record.hpp"

namespace trenchcoat::citations {

enum class RecordFormat { detect, openalex, semantic_scholar };

// "auto", "openalex" or "s2"; nullopt for anything else.
std::optional<RecordFormat> parse_record_format(std::string_view name);

struct BibliographyFile {
  std::string path;
  std::vector<PaperRecord> records;  // in file order
  std::size_t openalex = 0, semantic_scholar = 0;
  std::size_t null_records = 0;
};

BibliographyFile read_bibliography_file(const std::string& path, RecordFormat format = RecordFormat::detect);

}  // namespace trenchcoat::citations

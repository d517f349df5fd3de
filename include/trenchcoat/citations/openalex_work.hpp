#pragma once
// OpenAlex works (https://docs.openalex.org, "Work object") as paper records: `id`
// (https://openalex.org/W...), `doi`, `ids.doi`, `title` or else `display_name`, `publication_year`,
// `abstract_inverted_index`, the venue from `primary_location.source.display_name` or else the
// deprecated `host_venue.display_name`, and `referenced_works` (OpenAlex ids).
#include <nlohmann/json.hpp>
#include <string>

#include "trenchcoat/citations/paper_record.hpp"

namespace trenchcoat::citations {

// Throws trenchcoat::Error (message only; the reader adds file and line) for a work without a valid
// OpenAlex id or with a field of the wrong type.
PaperRecord openalex_work(const nlohmann::json& work);

// The abstract from OpenAlex's inverted index {"word": [positions...]}: the words in position order
// joined by single spaces (a gap in the positions leaves no mark; words sharing a position keep the
// order of the index). Throws trenchcoat::Error when it is not an object of arrays of non-negative
// integers.
std::string abstract_from_inverted_index(const nlohmann::json& index);

}  // namespace trenchcoat::citations

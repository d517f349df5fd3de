#pragma once
// A small bibliographic export the citation tests write: seven OpenAlex works (an API page) and three
// Semantic Scholar papers (JSON Lines, with a null line as a batch response gives), two fields (rm,
// metric), and the expected values computed by hand in cite_analysis_test.cpp.
//
// Papers (corpus order) and their in-corpus references:
//   0 W1   rm (title)              2020  -> W2, W5; outside W9
//   1 W2   rm (abstract)           2019  -> W4; outside W9
//   2 W3   metric (title)          2020  -> W5, W4; the S2 copy (same DOI) adds -> B and one reference
//                                        without an id; C's `citations` add -> C
//   3 W4   metric (regex "bleu")   2019  -> outside W9
//   4 W5   both                    2021  -> W4, W3
//   5 W6   neither (display_name)  2021  -> W1, W3
//   6 W100 rm (seed)               2021  -> W4
//   7 B    metric (venue WMT)      2021  -> W1 (by DOI), W4 (by DOI); outside cccc
//   8 C    rm (title), no year           -> B; outside cccc; cited by W3 and by ffff (outside)
#include <nlohmann/json.hpp>
#include <string>

namespace trenchcoat::testing {

inline std::string hex40(char c) { return std::string(40, c); }

inline std::string cite_openalex_page() {
  return R"({"meta": {"count": 7, "page": 1},
 "results": [
  {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.1/W1", "title": "Reward models for dialogue",
   "publication_year": 2020, "primary_location": {"source": {"display_name": "Dialogue Conference"}},
   "referenced_works": ["https://openalex.org/W2", "https://openalex.org/W5", "https://openalex.org/W9"]},
  {"id": "https://openalex.org/W2", "title": "A study of preference learning", "publication_year": 2019,
   "abstract_inverted_index": {"We": [0], "train": [1], "a": [2, 6], "reward": [3], "model": [4], "as": [5],
                               "baseline": [7]},
   "referenced_works": ["https://openalex.org/W9", "https://openalex.org/W4"]},
  {"id": "https://openalex.org/W3", "doi": "https://doi.org/10.1/DUP", "title": "Automatic evaluation metrics revisited",
   "publication_year": 2020, "primary_location": {"source": null},
   "referenced_works": ["https://openalex.org/W5", "https://openalex.org/W4"]},
  {"id": "https://openalex.org/W4", "doi": "https://doi.org/10.1/W4", "title": "BLEU scores considered harmful",
   "publication_year": 2019, "referenced_works": ["https://openalex.org/W9"]},
  {"id": "https://openalex.org/W5", "title": "Evaluation metrics for reward models", "publication_year": 2021,
   "referenced_works": ["https://openalex.org/W4", "https://openalex.org/W3"]},
  {"id": "https://openalex.org/W6", "display_name": "Unrelated survey", "publication_year": 2021,
   "host_venue": {"display_name": "Journal Z"},
   "referenced_works": ["https://openalex.org/W1", "https://openalex.org/W3"]},
  {"id": "https://openalex.org/W100", "title": "A method paper", "publication_year": 2021,
   "referenced_works": ["https://openalex.org/W4"]}
 ]}
)";
}

inline std::string cite_s2_lines() {
  using nlohmann::json;
  auto id = [](char c) { return json{{"paperId", hex40(c)}}; };
  const json a = {{"paperId", hex40('a')},
                  {"externalIds", {{"DOI", "10.1/dup"}}},
                  {"title", "Automatic Evaluation Metrics Revisited (S2 copy)"},
                  {"year", 2020},
                  {"references", {id('b'), {{"paperId", nullptr}, {"title", "A paper S2 could not match"}}}}};
  const json b = {{"paperId", hex40('b')},
                  {"title", "Learned metrics for translation"},
                  {"year", 2021},
                  {"venue", "WMT"},
                  {"publicationVenue", nullptr},
                  {"references",
                   {id('c'),
                    {{"paperId", hex40('d')}, {"externalIds", {{"DOI", "10.1/W1"}}}},
                    {{"paperId", nullptr}, {"externalIds", {{"DOI", "10.1/w4"}}}}}}};
  const json c = {{"paperId", hex40('e')},
                  {"title", "Reward modelling at scale"},
                  {"references", {id('b'), id('c')}},
                  {"citations", {id('f'), id('a')}}};
  return a.dump() + "\nnull\n" + b.dump() + "\n" + c.dump() + "\n";
}

inline std::string cite_fields() {
  return R"({"fields": [
  {"name": "rm", "seeds": ["W100"], "keywords": ["reward model*"]},
  {"name": "metric", "venues": ["wmt"], "keywords": ["evaluation metric*", "re:\\bbleu\\b"]}
]}
)";
}

}  // namespace trenchcoat::testing

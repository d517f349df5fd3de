// Bibliographic readers (OpenAlex works, Semantic Scholar papers; JSON, pages, JSON Lines), paper ids,
// text patterns and the field rules' errors.
#include <gtest/gtest.h>

#include "cite_test_export.hpp"
#include "test_support.hpp"
#include "trenchcoat/citations/bibliography_file.hpp"
#include "trenchcoat/citations/field_rules.hpp"
#include "trenchcoat/citations/openalex_work.hpp"
#include "trenchcoat/citations/paper_id.hpp"
#include "trenchcoat/citations/text_pattern.hpp"

namespace {

using namespace trenchcoat::citations;
using trenchcoat::testing::error_of;
using trenchcoat::testing::hex40;

TEST(PaperId, EveryFormNormalizes) {
  EXPECT_EQ(normalize_paper_id("https://openalex.org/W2101105183"), "openalex:W2101105183");
  EXPECT_EQ(normalize_paper_id("w42"), "openalex:W42");
  EXPECT_EQ(normalize_paper_id("https://doi.org/10.3115/1073083.1073135"), "doi:10.3115/1073083.1073135");
  EXPECT_EQ(normalize_paper_id("DOI:10.18653/V1/2020.ACL-MAIN.704"), "doi:10.18653/v1/2020.acl-main.704");
  EXPECT_EQ(normalize_paper_id("arXiv:2203.02155v3"), "arxiv:2203.02155");
  EXPECT_EQ(normalize_paper_id("2203.02155"), "arxiv:2203.02155");
  EXPECT_EQ(normalize_paper_id("arxiv:hep-th/9901001"), "arxiv:hep-th/9901001");
  EXPECT_EQ(normalize_paper_id(std::string(40, 'A')), "s2:" + std::string(40, 'a'));
  EXPECT_EQ(normalize_paper_id("ACL:W04-1013"), "acl:w04-1013");
  EXPECT_EQ(normalize_paper_id("CorpusId:215416146"), "corpusid:215416146");
  EXPECT_EQ(normalize_paper_id("not an id"), std::nullopt);
  EXPECT_EQ(normalize_paper_id("https://openalex.org/A123"), std::nullopt);  // an author, not a work
  EXPECT_EQ(paper_id_aliases("arxiv:2203.02155"), (std::vector<std::string>{"doi:10.48550/arxiv.2203.02155"}));
  EXPECT_EQ(paper_id_aliases("doi:10.48550/arxiv.2203.02155"), (std::vector<std::string>{"arxiv:2203.02155"}));
}

TEST(TextPattern, PhrasesAtWordBoundariesAndRegexes) {
  const auto t = normalize_match_text("  BLEURT and  Reward\nModelling, not bleu-like;  RMSprop ");
  EXPECT_EQ(t, "bleurt and reward modelling, not bleu-like; rmsprop");
  EXPECT_TRUE(TextPattern("bleu").matches(t));          // "bleu-like": '-' is a boundary
  EXPECT_FALSE(TextPattern("bleu").matches("bleurt"));  // no boundary after "bleu"
  EXPECT_TRUE(TextPattern("Reward Model*").matches(t));
  EXPECT_FALSE(TextPattern("reward model").matches(t));  // "modelling" continues the word
  EXPECT_FALSE(TextPattern("rm").matches(t));
  EXPECT_TRUE(TextPattern("re:\\brmsprop$").matches(t));
  EXPECT_FALSE(TextPattern("re:^bleu\\b").matches(t));
  EXPECT_TRUE(TextPattern("re:\\bBLEU-like").matches(t));  // regexes ignore case too
  EXPECT_NE(error_of([] { TextPattern("re:(unclosed"); }).find("not a valid regular expression"), std::string::npos);
  EXPECT_NE(error_of([] { TextPattern("a*b"); }).find("only at the end"), std::string::npos);
  EXPECT_NE(error_of([] { TextPattern("  "); }).find("empty pattern"), std::string::npos);
}

TEST(OpenAlexWork, AbstractFromTheInvertedIndex) {
  const auto index = nlohmann::json::parse(R"({"We": [0], "train": [1], "a": [2, 6], "reward": [3],
                                                 "model": [4], "as": [5], "baseline": [7]})");
  EXPECT_EQ(abstract_from_inverted_index(index), "We train a reward model as a baseline");
  EXPECT_EQ(abstract_from_inverted_index(nlohmann::json::object()), "");
  EXPECT_NE(error_of([] {
              abstract_from_inverted_index(nlohmann::json::parse(R"({"a": [-1]})"));
            }).find("not a whole number >= 0"),
            std::string::npos);
  const auto w = openalex_work(nlohmann::json::parse(
      R"({"id": "https://openalex.org/W7", "doi": "https://doi.org/10.48550/arXiv.2203.02155", "display_name": "T",
          "publication_year": 2022, "host_venue": {"display_name": "NeurIPS"},
          "abstract_inverted_index": {"b": [1], "a": [0]}, "referenced_works": ["https://openalex.org/W8"]})"));
  EXPECT_EQ(w.ids, (std::vector<std::string>{"openalex:W7", "doi:10.48550/arxiv.2203.02155", "arxiv:2203.02155"}));
  EXPECT_EQ(w.title, "T");
  EXPECT_EQ(w.venue, "NeurIPS");
  EXPECT_EQ(w.abstract, "a b");
  EXPECT_EQ(w.year, 2022);
  EXPECT_EQ(w.references, (std::vector<std::vector<std::string>>{{"openalex:W8"}}));
}

class BibliographyFiles : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(BibliographyFiles, PagesListsSingleRecordsAndJsonLines) {
  const auto page = read_bibliography_file(write("works.json", trenchcoat::testing::cite_openalex_page()));
  EXPECT_EQ(page.records.size(), 7u);
  EXPECT_EQ(page.openalex, 7u);
  EXPECT_EQ(page.records[1].abstract, "We train a reward model as a baseline");
  EXPECT_EQ(page.records[5].title, "Unrelated survey");  // display_name
  EXPECT_EQ(page.records[5].venue, "Journal Z");         // host_venue
  EXPECT_EQ(page.records[0].venue, "Dialogue Conference");

  const auto lines = read_bibliography_file(write("papers.jsonl", trenchcoat::testing::cite_s2_lines()));
  EXPECT_EQ(lines.semantic_scholar, 3u);
  EXPECT_EQ(lines.null_records, 1u);
  EXPECT_EQ(lines.records[0].ids, (std::vector<std::string>{"s2:" + hex40('a'), "doi:10.1/dup"}));
  EXPECT_EQ(lines.records[0].references.size(), 2u);
  EXPECT_TRUE(lines.records[0].references[1].empty());  // no id
  EXPECT_EQ(lines.records[2].cited_by.size(), 2u);

  // A Semantic Scholar page, references endpoint entries ({"citedPaper": ...}), a single record, a list,
  // and a JSON Lines file without the .jsonl name.
  const std::string s2 = R"({"paperId": ")" + hex40('a') +
                         R"(", "title": "X", "year": 2020, "publicationVenue": {"name": "ACL"}, "venue": "x", )"
                         R"("abstract": "An abstract.", "externalIds": {"ArXiv": "2001.00001", "CorpusId": 12}})";
  const auto data = read_bibliography_file(write(
      "page.json", "{\"total\": 2, \"data\": [" + s2 + ", {\"citedPaper\": {\"paperId\": \"" + hex40('b') + "\"}}]}"));
  ASSERT_EQ(data.records.size(), 2u);
  EXPECT_EQ(data.records[0].venue, "ACL");  // publicationVenue.name first
  EXPECT_EQ(data.records[0].abstract, "An abstract.");
  EXPECT_EQ(data.records[0].ids, (std::vector<std::string>{"s2:" + hex40('a'), "arxiv:2001.00001",
                                                           "doi:10.48550/arxiv.2001.00001", "corpusid:12"}));
  EXPECT_EQ(data.records[1].ids, (std::vector<std::string>{"s2:" + hex40('b')}));
  EXPECT_EQ(read_bibliography_file(write("one.json", s2)).records.size(), 1u);
  // An OpenAlex id in its short form is detected as OpenAlex too.
  const auto short_id = read_bibliography_file(write("short.json", R"({"id": "W5", "title": "t"})"));
  EXPECT_EQ(short_id.openalex, 1u);
  EXPECT_EQ(short_id.records[0].ids, (std::vector<std::string>{"openalex:W5"}));
  EXPECT_EQ(read_bibliography_file(write("list.json", "[" + s2 + ", null]")).null_records, 1u);
  EXPECT_EQ(read_bibliography_file(write("lines.json", s2 + "\n" + s2 + "\n")).records.size(), 2u);
}

TEST_F(BibliographyFiles, BadInputNamesFileAndLineOrRecord) {
  const std::string good = R"({"id": "https://openalex.org/W1", "title": "t"})";
  auto e = error_of([&] { read_bibliography_file(write("bad.jsonl", good + "\n{\"id\": \n")); });
  EXPECT_NE(e.find("bad.jsonl:2: not valid JSON"), std::string::npos) << e;
  e = error_of([&] { read_bibliography_file(write("bad2.jsonl", good + "\n\n{\"title\": \"no id\"}\n")); });
  EXPECT_NE(e.find("bad2.jsonl:3: neither an OpenAlex work"), std::string::npos) << e;
  e = error_of([&] { read_bibliography_file(write("list.json", "[" + good + ",\n {\"paperId\": \"xyz\"}]")); });
  EXPECT_NE(e.find("list.json: record 2: 'paperId' 'xyz' is not a Semantic Scholar paper id"), std::string::npos) << e;
  e = error_of([&] { read_bibliography_file(write("broken.json", "[\n" + good + ",\n {\"id\": }\n]")); });
  EXPECT_NE(e.find("broken.json:3: not valid JSON"), std::string::npos) << e;
  e = error_of([&] {
    read_bibliography_file(write("year.json", R"({"id": "https://openalex.org/W1", "publication_year": "2020"})"));
  });
  EXPECT_NE(e.find("year.json: 'publication_year' is not a whole number"), std::string::npos) << e;
  e = error_of([&] {
    read_bibliography_file(write("refs.json", R"({"id": "https://openalex.org/W1",
                                                                 "referenced_works": ["W2", 3]})"));
  });
  EXPECT_NE(e.find("'referenced_works[1]' is not a string"), std::string::npos) << e;
  // A forced format applies to every record.
  e = error_of([&] { read_bibliography_file(write("forced.json", good), RecordFormat::semantic_scholar); });
  EXPECT_NE(e.find("without 'paperId' or 'externalIds'"), std::string::npos) << e;
  e = error_of([&] { read_bibliography_file(write("empty.json", "\n")); });
  EXPECT_NE(e.find("empty.json: empty file"), std::string::npos) << e;
  e = error_of([&] { read_bibliography_file(dir_.string() + "/missing.json"); });
  EXPECT_NE(e.find("missing.json"), std::string::npos) << e;
}

TEST_F(BibliographyFiles, FieldRuleErrors) {
  auto rules_error = [&](const std::string& text) {
    return error_of([&] { read_field_rules(write("rules.json", text)); });
  };
  const std::string second = R"({"name": "b", "keywords": ["x"]})";
  EXPECT_NE(rules_error(R"({"fields": [{"name": "a"}]})").find("rules.json: 'fields' names 1 field(s)"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"name": "a", "keyword": ["x"]}, )" + second + "]}")
                .find("rules.json: fields[0]: unknown key 'keyword'"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"name": "a", "seeds": ["W1", "nope"]}, )" + second + "]}")
                .find("fields[0].seeds[1]: 'nope' is not a paper id"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"name": "a", "keywords": ["re:("]}, )" + second + "]}")
                .find("fields[0].keywords[0]: 're:(' is not a valid regular expression"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"name": "b"}, )" + second + "]}").find("fields[1].name: 'b' is given twice"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"name": "neither"}, )" + second + "]}").find("reserved"), std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"keywords": ["x"]}, )" + second + "]}").find("needs a name"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"fields": [{"name": "a", "venues": "x"}, )" + second + "]}")
                .find("fields[0].venues: not a list of strings"),
            std::string::npos);
  EXPECT_NE(rules_error("{\"fields\": [\n{\"name\": \"a\",}\n]}").find("rules.json:2: field rules are not valid JSON"),
            std::string::npos);
  EXPECT_NE(rules_error(R"({"field": []})").find("unknown key 'field'"), std::string::npos);
}

TEST(DefaultFieldRules, ShippedFileIsTheBuiltInRules) {
  const std::string shipped =
      trenchcoat::testing::read_file(std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/cite/default-fields.json");
  EXPECT_EQ(nlohmann::json::parse(shipped), nlohmann::json::parse(default_field_rules_json()));
  const auto rules = default_field_rules();
  ASSERT_EQ(rules.fields.size(), 3u);
  EXPECT_EQ(rules.fields[0].name, "reward-modeling");
  EXPECT_EQ(rules.fields[1].name, "evaluation-metrics");
  EXPECT_EQ(rules.fields[2].name, "llm-as-a-judge");
}

}  // namespace

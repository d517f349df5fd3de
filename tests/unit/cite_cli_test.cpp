// `trenchcoat cite` end to end: the export of cite_test_export.hpp as JSON (with the result figures)
// and as text, the shipped example with the default rules, help, and bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "cite_test_export.hpp"
#include "test_support.hpp"

namespace {

class CiteCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult cite(std::vector<std::string> args) {
    write("works.json", trenchcoat::testing::cite_openalex_page());
    write("papers.jsonl", trenchcoat::testing::cite_s2_lines());
    write("fields.json", trenchcoat::testing::cite_fields());
    args.insert(args.begin(), "cite");
    return trenchcoat(args);
  }
};

const std::string kExamples = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/cite/";

TEST_F(CiteCli, JsonHasTheResultAndItsFigures) {
  const auto r = cite({"works.json", "papers.jsonl", "--fields", "fields.json", "--top", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["kind"], "cite");
  EXPECT_EQ(j["papers"], 9);  // 10 records, the S2 copy of W3 merged (cite_analysis_test)
  EXPECT_EQ(j["matrix"]["observed"], nlohmann::json::parse("[[1,3,1,0],[2,3,1,0],[0,2,0,0],[1,1,0,0]]"));
  EXPECT_EQ(j["matrix"]["ratio"][0][3], nullptr);                  // expected 0: no ratio
  EXPECT_EQ(j["matrix"]["ratio"][1][0], 2 / 1.6);                  // 2 / (6 * 4 / 15)
  EXPECT_EQ(j["field_shares"][0]["share_of_in_corpus"], 3.0 / 5);  // rm: W2->W4, W100->W4, C->B of 5
  EXPECT_EQ(j["field_shares"][1]["share_of_all"], 2.0 / 9);        // metric: W3->C, B->W1 of 9
  EXPECT_EQ(j["years"][1]["cross_share"]["metric"], 0.25);         // 2020: W3, 1 of 4
  EXPECT_EQ(j["years"][0]["cross_share"]["metric"], nullptr);      // 2019: W4 cites nothing in the corpus
  EXPECT_EQ(j["bridges"]["papers"][0]["id"], "openalex:W4");
  EXPECT_EQ(j["bridges"]["candidates"], 5);
  EXPECT_EQ(j["paper_labels"][4]["group"], "both");  // W5
  // Figures in the result-figures shape: tables, the heatmap of observed / expected, two lines figures.
  std::vector<std::string> types;
  for (const auto& f : j["figures"]) types.push_back(f["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"table", "heatmap", "table", "table", "lines", "lines", "table", "table",
                                             "table"}));
  const auto& heatmap = j["figures"][1];
  EXPECT_EQ(heatmap["values"], j["matrix"]["ratio"]);
  EXPECT_EQ(heatmap["rows"].size(), 4u);
  EXPECT_EQ(heatmap["labels"][0][1], "3 / 3.00");
  const auto& papers_per_year = j["figures"][4];
  EXPECT_EQ(papers_per_year["series"][0]["x"], nlohmann::json::parse("[2019, 2020, 2021]"));
  EXPECT_EQ(papers_per_year["series"][0]["y"], nlohmann::json::parse("[1, 1, 1]"));
  const auto& shares = j["figures"][5];
  EXPECT_EQ(shares["series"][1]["x"], nlohmann::json::parse("[2020, 2021]"));  // 2019 has no metric share
  EXPECT_EQ(shares["series"][1]["y"], nlohmann::json::parse("[0.25, 0.5]"));
  for (const auto& f : j["figures"]) {
    if (f["type"] != "table") continue;
    for (const auto& row : f["rows"]) EXPECT_EQ(row.size(), f["columns"].size()) << f["title"];
  }
}

TEST_F(CiteCli, TextTables) {
  const auto r = cite({"works.json", "papers.jsonl", "--fields", "fields.json", "-f", "text", "--papers"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto& t = r.stdout_text;
  EXPECT_EQ(t.rfind("10 records from 2 file(s): 9 papers (1 duplicate records merged), 15 in-corpus references", 0), 0u)
      << t;
  EXPECT_NE(t.find("Cross-citation matrix"), std::string::npos);
  EXPECT_NE(t.find("3 (3.00) [1.00]"), std::string::npos) << t;    // rm -> metric: observed 3, expected 5 * 9 / 15
  EXPECT_NE(t.find("60.0%"), std::string::npos);                   // rm's share of in-corpus references
  EXPECT_NE(t.find("rm: seed openalex:W100"), std::string::npos);  // --papers
  EXPECT_NE(t.find("note: 1 paper(s) without a year"), std::string::npos);
  const auto csv = cite({"works.json", "papers.jsonl", "--fields", "fields.json", "-f", "csv"});
  EXPECT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.stdout_text.rfind("group,papers,references,in corpus,outside,cited by corpus\r\n", 0), 0u)
      << csv.stdout_text;
}

TEST_F(CiteCli, ShippedExampleWithTheDefaultRules) {
  const auto r = trenchcoat({"cite", kExamples + "papers.json"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["groups"], nlohmann::json::parse(
                             R"(["reward-modeling", "evaluation-metrics", "llm-as-a-judge", "multiple", "neither"])"));
  std::map<std::string, std::string> group;
  for (const auto& p : j["paper_labels"]) group[p["title"]] = p["group"];
  EXPECT_EQ(group["Reward Models are Metrics in a Trench Coat"], "multiple");
  EXPECT_EQ(group["BLEU: a Method for Automatic Evaluation of Machine Translation"], "evaluation-metrics");
  EXPECT_EQ(group["Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena"], "llm-as-a-judge");
  EXPECT_EQ(group["Training language models to follow instructions with human feedback"], "reward-modeling");
  EXPECT_EQ(group["A Preference-driven Paradigm for Enhanced Translation with Large Language Models"], "neither");
  EXPECT_EQ(j["bridges"]["papers"][0]["title"], "BLEU: a Method for Automatic Evaluation of Machine Translation");
}

TEST_F(CiteCli, HelpAndErrors) {
  const auto top = trenchcoat({"--help"});
  EXPECT_NE(top.stdout_text.find("\n  cite "), std::string::npos) << top.stdout_text;
  const auto help = trenchcoat({"cite", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.stdout_text.find("expected[i][j] = row_total[i] * column_total[j] / total"), std::string::npos);

  write("bad.jsonl", "{\"paperId\": \"" + std::string(40, 'a') + "\"}\n{\"paperId\": 5}\n");
  auto r = trenchcoat({"cite", "bad.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text.rfind("trenchcoat cite: error: ", 0), 0u) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("bad.jsonl:2: 'paperId' is not a string"), std::string::npos) << r.stderr_text;
  r = cite({"works.json", "--fields", "missing-rules.json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("missing-rules.json"), std::string::npos) << r.stderr_text;
  r = cite({"works.json", "--input-format", "bibtex"});
  EXPECT_EQ(r.exit_code, 2);
  r = cite({"works.json", "--top", "0"});
  EXPECT_EQ(r.exit_code, 2);
  r = trenchcoat({"cite"});
  EXPECT_EQ(r.exit_code, 2);
  // The shipped example read as OpenAlex: every record is refused, naming the first.
  r = trenchcoat({"cite", kExamples + "papers.json", "--input-format", "openalex"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("papers.json: record 1: OpenAlex work without 'id'"), std::string::npos)
      << r.stderr_text;
}

}  // namespace

// io::read_attribution_data: rows with configurable fields and labels, SEAHORSE's quoted and escaped
// TSV with its Unsure and empty labels, the articles join, QAGS's majority-vote labels, and bad input
// named by file and line.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "trenchcoat/io/attribution_data.hpp"

namespace {

using namespace trenchcoat::io;
using trenchcoat::testing::error_of;

class AttributionData : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(AttributionData, RowsWithLabelsInEveryForm) {
  const auto path = write("rows.jsonl", R"({"id": "a", "article": "A1", "summary": "S1", "label": "Yes"})"
                                        "\n"
                                        R"({"id": "b", "article": "A2", "summary": "S2", "label": "no"})"
                                        "\n"
                                        R"({"id": "c", "article": "A3", "summary": "S3", "label": 1})"
                                        "\n"
                                        R"({"id": "d", "article": "A4", "summary": "S4", "label": false})"
                                        "\n"
                                        R"({"id": "e", "article": "A5", "summary": "S5", "label": "Unsure"})"
                                        "\n"
                                        R"({"id": "f", "article": "A6", "summary": "S6", "label": null})"
                                        "\n"
                                        R"({"id": "g", "article": "A7", "summary": "S7", "label": ""})"
                                        "\n");
  const auto d = read_attribution_data(path, std::nullopt, {});
  EXPECT_EQ(d.format, AttributionFormat::rows);
  EXPECT_EQ(d.rows, 7u);
  EXPECT_EQ(d.unsure, 1u);
  EXPECT_EQ(d.unlabelled, 2u);
  ASSERT_EQ(d.examples.size(), 4u);
  EXPECT_EQ(d.examples[0].label, 1.0);
  EXPECT_EQ(d.examples[1].label, 0.0);
  EXPECT_EQ(d.examples[2].label, 1.0);
  EXPECT_EQ(d.examples[3].label, 0.0);
  EXPECT_EQ(d.examples[3].id, "d");
  EXPECT_EQ(d.examples[3].line, 4u);
  EXPECT_EQ(d.examples[0].article, "A1");
  EXPECT_EQ(d.examples[0].summary, "S1");
}

TEST_F(AttributionData, NumericLabelsNeedAThresholdAndFieldsAreConfigurable) {
  const auto path = write("rows.tsv", "doc\tsumm\tscore\nA1\tS1\t0.7\nA2\tS2\t0.2\n");
  EXPECT_EQ(error_of([&] {
              read_attribution_data(path, std::nullopt, {.article = "doc", .summary = "summ", .label = "score"});
            }),
            path + ":2: label 'score' = 0.7 is neither 0 nor 1 (give --threshold X to read label = [value >= X])");
  const auto d = read_attribution_data(path, std::nullopt,
                                       {.article = "doc", .summary = "summ", .label = "score", .threshold = 0.5});
  ASSERT_EQ(d.examples.size(), 2u);
  EXPECT_EQ(d.examples[0].label, 1.0);
  EXPECT_EQ(d.examples[1].label, 0.0);
  EXPECT_EQ(d.label_rule, "label = [score >= 0.5]");
  // A column the header lacks is named.
  EXPECT_EQ(error_of([&] { read_attribution_data(path, std::nullopt, {.article = "doc", .summary = "summary"}); }),
            path + ":1: no column 'summary' in the header");
}

TEST_F(AttributionData, SeahorseQuotingEscapesAndLabels) {
  // Rows as SEAHORSE's ASCII release writes them: a CSV-quoted field with "" for a quote and JSON escapes
  // inside (\" and \u00fc), an Unsure and an empty question4.
  const std::string header =
      "gem_id\tworker_lang\tsummary\tmodel\tquestion1\tquestion2\tquestion3\tquestion4\tquestion5\tquestion6\n";
  const auto path =
      write("validation.tsv",
            header +
                "g1\tde\t\"Das j\\u00fcngste \\\"\"Man\\u00f6ver\\\"\"\"\tt5_xxl\tYes\tYes\tYes\tYes\tYes\tYes\n"
                "g2\ten-US\tplain\treference\tYes\tYes\tYes\tNo\tYes\tNo\n"
                "g3\ten-US\tunsure one\treference\tYes\tYes\tYes\tUnsure\tYes\tNo\n"
                "g4\ten-US\tno q1\treference\tNo\t\t\t\t\t\n");
  const auto articles = write("articles.jsonl", R"({"gem_id": "g1", "article": "Artikel"})"
                                                "\n"
                                                R"({"gem_id": "g2", "article": "Article two"})"
                                                "\n");
  EXPECT_EQ(detect_attribution_format(path), AttributionFormat::seahorse);
  // Without articles: the one line that says how to give them.
  EXPECT_EQ(error_of([&] { read_attribution_data(path, std::nullopt, {}); }),
            path +
                ":2: no article field 'article' (SEAHORSE files carry no article text: give --articles FILE, JSON "
                "Lines with 'gem_id' and 'article')");
  const auto d = read_attribution_data(path, std::nullopt, {.articles = articles});
  EXPECT_EQ(d.format, AttributionFormat::seahorse);
  EXPECT_EQ(d.label_field, "question4");
  EXPECT_EQ(d.rows, 4u);
  EXPECT_EQ(d.unsure, 1u);
  EXPECT_EQ(d.unlabelled, 1u);
  EXPECT_EQ(d.joined_articles, 2u);
  ASSERT_EQ(d.examples.size(), 2u);
  // json.loads('"' + field + '"') of the CSV-decoded field: Das jüngste "Manöver".
  EXPECT_EQ(d.examples[0].summary, "Das j\xC3\xBCngste \"Man\xC3\xB6ver\"");
  EXPECT_EQ(d.examples[0].article, "Artikel");
  EXPECT_EQ(d.examples[0].id, "g1");
  EXPECT_EQ(d.examples[0].label, 1.0);
  EXPECT_EQ(d.examples[1].label, 0.0);
  // An id the articles file lacks.
  const auto few = write("few.jsonl", R"({"gem_id": "g1", "article": "Artikel"})"
                                      "\n");
  EXPECT_EQ(error_of([&] { read_attribution_data(path, std::nullopt, {.articles = few}); }),
            path + ":3: 'gem_id' g2 is not in the articles file " + few);
}

TEST_F(AttributionData, JsonRowsWithGemIdJoinTheirArticles) {
  const auto path = write("rows.jsonl", R"({"gem_id": "g1", "summary": "S1", "question4": "Yes"})"
                                        "\n"
                                        R"({"gem_id": "g2", "summary": "S2", "question4": "No"})"
                                        "\n");
  const auto articles = write("articles.jsonl", R"({"gem_id": "g1", "article": "A1"})"
                                                "\n"
                                                R"({"gem_id": "g2", "article": "A2"})"
                                                "\n"
                                                R"({"gem_id": "g2", "article": "other"})"
                                                "\n");
  EXPECT_EQ(error_of([&] { read_attribution_data(path, std::nullopt, {.label = "question4", .articles = articles}); }),
            articles + ":3: 'gem_id' g2 has two different articles");
  const auto good = write("good.jsonl", R"({"gem_id": "g1", "article": "A1"})"
                                        "\n"
                                        R"({"gem_id": "g2", "article": "A2"})"
                                        "\n");
  const auto d = read_attribution_data(path, std::nullopt, {.label = "question4", .articles = good});
  EXPECT_EQ(d.id_field, "gem_id");
  ASSERT_EQ(d.examples.size(), 2u);
  EXPECT_EQ(d.examples[1].article, "A2");
  EXPECT_EQ(d.joined_articles, 2u);
}

TEST_F(AttributionData, SeahorseEscapeErrors) {
  EXPECT_EQ(decode_seahorse_escapes("a\\u00e9\\ud83d\\ude00", "f", 1), "a\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(error_of([] { decode_seahorse_escapes("bad \\x", "f.tsv", 5); }), "f.tsv:5: unknown escape \\x");
  EXPECT_EQ(error_of([] { decode_seahorse_escapes("\\u12", "f.tsv", 5); }),
            "f.tsv:5: a \\u escape needs four hex digits");
  EXPECT_EQ(error_of([] { decode_seahorse_escapes("\\udc00", "f.tsv", 5); }), "f.tsv:5: a lone \\u low surrogate");
  const auto path = write("bad.tsv", "gem_id\tsummary\tquestion4\ng1\t\"open\tYes\n");
  EXPECT_EQ(error_of([&] { read_attribution_data(path, std::nullopt, {}); }),
            path + ":2: a quoted field is not closed before the end of the file");
  const auto bad_label = write("label.tsv", "gem_id\tsummary\tquestion4\tarticle\ng1\ts\tMaybe\ta\n");
  EXPECT_EQ(error_of([&] { read_attribution_data(bad_label, std::nullopt, {}); }),
            bad_label + ":2: label 'question4' = 'Maybe' is not Yes/No, true/false, a number or Unsure");
}

TEST_F(AttributionData, QagsMajorityVotePerSentence) {
  // Summary 1: sentence 1 yes/yes/no (faithful), sentence 2 no/no/yes (not): score 1/2, label 0.
  // Summary 2: one sentence yes/yes/yes: score 1, label 1.
  const auto path = write(
      "mturk.jsonl",
      R"({"article": "Art one.", "summary_sentences": [{"sentence": "First.", "responses": [{"worker_id": 0, "response": "yes"}, {"worker_id": 1, "response": "yes"}, {"worker_id": 2, "response": "no"}]}, {"sentence": "Second.", "responses": [{"worker_id": 0, "response": "no"}, {"worker_id": 1, "response": "no"}, {"worker_id": 2, "response": "yes"}]}]})"
      "\n"
      R"({"article": "Art two.", "summary_sentences": [{"sentence": "Only.", "responses": [{"worker_id": 0, "response": "yes"}, {"worker_id": 1, "response": "yes"}, {"worker_id": 2, "response": "yes"}]}]})"
      "\n");
  EXPECT_EQ(detect_attribution_format(path), AttributionFormat::qags);
  const auto d = read_attribution_data(path, std::nullopt, {});
  ASSERT_EQ(d.examples.size(), 2u);
  EXPECT_EQ(d.examples[0].summary, "First. Second.");
  EXPECT_EQ(d.examples[0].article, "Art one.");
  EXPECT_EQ(*d.examples[0].human_score, 0.5);
  EXPECT_EQ(d.examples[0].label, 0.0);
  EXPECT_EQ(*d.examples[1].human_score, 1.0);
  EXPECT_EQ(d.examples[1].label, 1.0);
  // A response other than yes/no, and a row without sentences, are named with their line.
  const auto bad = write(
      "bad.jsonl", R"({"article": "A", "summary_sentences": [{"sentence": "S", "responses": [{"response": "yes"}]}]})"
                   "\n"
                   R"({"article": "A", "summary_sentences": [{"sentence": "S", "responses": [{"response": "maybe"}]}]})"
                   "\n");
  EXPECT_EQ(error_of([&] { read_attribution_data(bad, AttributionFormat::qags, {}); }),
            bad + ":2: sentence 1 has a response other than yes or no: {\"response\":\"maybe\"}");
  const auto empty = write("empty.jsonl", R"({"article": "A", "summary_sentences": []})"
                                          "\n");
  EXPECT_EQ(error_of([&] { read_attribution_data(empty, AttributionFormat::qags, {}); }),
            empty + ":1: 'summary_sentences' is not a non-empty list");
  EXPECT_NE(
      error_of([&] { read_attribution_data(path, AttributionFormat::qags, {.label = "x"}); }).find("do not apply"),
      std::string::npos);
}

}  // namespace

// ROUGE as rouge-score computes it: NLTK Porter stemmer, default tokenizer, ROUGE-N / L / Lsum, score_multi,
// and the "rouge" scorer. Expected values: tests/fixtures/rouge_vectors.json (rouge-score + NLTK 3.8, computed
// with google-research rouge/ at 61ce9f0) and rouge-score's own rouge_scorer_test.py cases.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/rouge.hpp"
#include "trenchcoat/scoring/rouge_scorer.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/porter_stemmer.hpp"
#include "trenchcoat/text/rouge_tokenizer.hpp"

using namespace trenchcoat;
using metrics::Rouge;
using metrics::RougeScore;
using metrics::RougeType;

namespace {

const nlohmann::json& vectors() {
  static const nlohmann::json parsed = trenchcoat::testing::load_json_fixture("rouge_vectors.json");
  return parsed;
}

RougeScore score_of(const nlohmann::json& triple) {
  return {triple.at(0).get<double>(), triple.at(1).get<double>(), triple.at(2).get<double>()};
}

std::string describe(const RougeScore& s) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "(%.17g, %.17g, %.17g)", s.precision, s.recall, s.fmeasure);
  return buf;
}

std::vector<RougeType> all_vector_types() {
  return {RougeType::parse("rouge1"), RougeType::parse("rouge2"), RougeType::parse("rouge3"),
          RougeType::parse("rougeL"), RougeType::parse("rougeLsum")};
}

scoring::Item item(std::string candidate, std::vector<std::string> references) {
  scoring::Item it;
  it.candidate = std::move(candidate);
  it.references = std::move(references);
  return it;
}

}  // namespace

TEST(PorterStemmer, MatchesEveryNltkVectorStem) {
  const nlohmann::json& stems = vectors().at("porter_stems");
  ASSERT_EQ(stems.size(), 136u);  // rouge_vectors.json: 136 stems from NLTK 3.8 PorterStemmer().stem
  for (const auto& [word, stem] : stems.items()) EXPECT_EQ(text::porter_stem(word), stem.get<std::string>()) << word;
}

TEST(PorterStemmer, NltkEdgeCases) {
  // NLTK 3.8 PorterStemmer().stem, run on these words.
  EXPECT_EQ(text::porter_stem("ab"), "ab");        // length <= 2: unchanged
  EXPECT_EQ(text::porter_stem("AB"), "ab");        // ... but lowercased
  EXPECT_EQ(text::porter_stem("SKIES"), "ski");    // the irregular table is looked up before lowercasing
  EXPECT_EQ(text::porter_stem("skies"), "sky");    // irregular form
  EXPECT_EQ(text::porter_stem("dies"), "die");     // NLTK step 1a: four-letter "ies" -> "ie"
  EXPECT_EQ(text::porter_stem("spied"), "spi");    // NLTK step 1b: "ied" -> "i"
  EXPECT_EQ(text::porter_stem("enjoy"), "enjoy");  // NLTK step 1c: y after a vowel stays
  EXPECT_EQ(text::porter_stem("1990s"), "1990");   // digits are consonants
  EXPECT_EQ(text::porter_stem("yyy"), "yyy");      // y at the start is a consonant, then alternates
  std::string out = "previous content";
  text::porter_stem("meetings", out);
  EXPECT_EQ(out, "meet");
}

TEST(RougeTokenizer, MatchesEveryVectorTokenization) {
  for (const auto& c : vectors().at("pairs")) {
    const text::RougeTokenizer tokenizer(c.at("use_stemmer").get<bool>());
    EXPECT_EQ(tokenizer.tokenize(c.at("target").get<std::string>()),
              c.at("target_tokens").get<std::vector<std::string>>())
        << c.at("target");
    EXPECT_EQ(tokenizer.tokenize(c.at("prediction").get<std::string>()),
              c.at("prediction_tokens").get<std::vector<std::string>>())
        << c.at("prediction");
  }
}

TEST(RougeTokenizer, RougeScoreTestCases) {
  // rouge-score tokenizers_test / tokenize_test: newlines are separators, and stemming.
  using V = std::vector<std::string>;
  EXPECT_EQ(text::RougeTokenizer(false).tokenize("one\n Two \nthree"), (V{"one", "two", "three"}));
  EXPECT_EQ(text::RougeTokenizer(true).tokenize("the friends had a meeting"), (V{"the", "friend", "had", "a", "meet"}));
  // rouge-score 0.1.2 lowercases with Python's str.lower and keeps [a-z0-9] runs: U+212A KELVIN SIGN
  // lowercases to "k" and continues the word; U+0130 gives "i" + U+0307, which ends it; other
  // non-ASCII characters separate; no tokens from CJK.
  EXPECT_EQ(text::RougeTokenizer(false).tokenize("\xE2\x84\xAA"
                                                 "elvin \xC4\xB0stanbul"),
            (V{"kelvin", "i", "stanbul"}));
  EXPECT_EQ(text::RougeTokenizer(false).tokenize("\xE4\xB8\xAD\xE6\x96\x87"), V{});
  EXPECT_EQ(text::RougeTokenizer(false).tokenize("a\xFF"
                                                 "b"),
            (V{"a", "b"}));  // an invalid byte separates
}

TEST(Rouge, MatchesEveryVectorPairExactly) {
  const nlohmann::json& pairs = vectors().at("pairs");
  ASSERT_EQ(pairs.size(), 32u);  // rouge_vectors.json: 32 pair cases
  for (const auto& c : pairs) {
    const bool stem = c.at("use_stemmer").get<bool>();
    const std::string target = c.at("target").get<std::string>(), prediction = c.at("prediction").get<std::string>();
    Rouge all(all_vector_types(), stem);
    const std::vector<RougeScore> together = all.score(target, prediction);
    for (std::size_t k = 0; k < all.types().size(); ++k) {
      const std::string name = all.types()[k].name();
      const RougeScore expected = score_of(c.at("scores").at(name));
      EXPECT_EQ(together[k], expected) << name << " stem=" << stem << " target=" << c.at("target")
                                       << " prediction=" << c.at("prediction") << " got " << describe(together[k]);
      Rouge alone({all.types()[k]}, stem);  // one type at a time (rouge-score skips whole-text tokens for rougeLsum)
      EXPECT_EQ(alone.score(target, prediction).at(0), expected) << name;
    }
  }
}

TEST(Rouge, ScoresDoNotDependOnEarlierCalls) {
  // The scorer keeps a vocabulary between calls; ids must not leak into results.
  const nlohmann::json& pairs = vectors().at("pairs");
  Rouge shared(all_vector_types(), true);
  for (int round = 0; round < 2; ++round)
    for (const auto& c : pairs) {
      if (!c.at("use_stemmer").get<bool>()) continue;
      const auto got = shared.score(c.at("target").get<std::string>(), c.at("prediction").get<std::string>());
      for (std::size_t k = 0; k < got.size(); ++k)
        EXPECT_EQ(got[k], score_of(c.at("scores").at(shared.types()[k].name())));
    }
}

TEST(Rouge, RougeScoreModuleFunctionCases) {
  // rouge_scorer_test.py testLcsTable, testUnionLcs, testSummaryLevelLcs.
  using Ids = std::vector<std::uint32_t>;
  const Ids ref{1, 2, 3, 4, 5};
  EXPECT_EQ(metrics::lcs_length(ref, Ids{2, 5, 3, 4}), 3u);
  EXPECT_EQ(metrics::lcs_indices(ref, Ids{2, 5, 3, 4}), (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(metrics::lcs_length(ref, Ids{8, 9}), 0u);
  EXPECT_TRUE(metrics::lcs_indices(ref, Ids{8, 9}).empty());
  // Union LCS of ref with [1,2,6,7,8] (lcs 1 2) and [1,3,8,9,5] (lcs 1 3 5): values 1 2 3 5 = indices 0 1 2 4.
  EXPECT_EQ(metrics::union_lcs_indices(ref, {{1, 2, 6, 7, 8}, {1, 3, 8, 9, 5}}),
            (std::vector<std::size_t>{0, 1, 2, 4}));
  const RougeScore lsum = metrics::rouge_lsum({ref}, {{1, 2, 6, 7, 8}, {1, 3, 8, 9, 5}});
  EXPECT_EQ(lsum.recall, 0.8);     // 4 / 5
  EXPECT_EQ(lsum.precision, 0.4);  // 4 / 10
  EXPECT_NEAR(lsum.fmeasure, 0.5333, 1e-4);
  EXPECT_EQ(metrics::rouge_lsum({{7}}, {{}}), RougeScore{});  // the tokenizer may leave a sentence empty
  // testRouge2 / testRougeLConsecutive on ids: "testing one two" vs "testing one".
  EXPECT_EQ(metrics::rouge_n(Ids{1, 2, 3}, Ids{1, 2}, 2), (RougeScore{1.0, 0.5, 2.0 / 3.0}));
  EXPECT_EQ(metrics::rouge_l(Ids{1, 2, 3}, Ids{1, 2}), (RougeScore{1.0, 2.0 / 3.0, 0.8}));
  EXPECT_EQ(metrics::rouge_l(Ids{}, Ids{1}), RougeScore{});
  // Large ids are fine (they are compared, never used as indices).
  EXPECT_EQ(metrics::rouge_n(Ids{4000000000u, 7}, Ids{7, 4000000000u}, 1), (RougeScore{1.0, 1.0, 1.0}));
  EXPECT_THROW(metrics::rouge_n(Ids{1}, Ids{1}, 0), Error);
}

TEST(Rouge, BitParallelLcsLengthAgreesWithTheTable) {
  // lcs_length is bit-parallel; lcs_indices reads the LCS back from the full DP table, so its size is the
  // textbook LCS length. Lengths up to 300 cross several 64-bit words; small alphabets make long LCSs.
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t la = rng() % 300, lb = rng() % 300, alphabet = 1 + rng() % (round % 3 == 0 ? 3 : 40);
    std::vector<std::uint32_t> a(la), b(lb);
    for (auto& x : a) x = static_cast<std::uint32_t>(rng() % alphabet) * 1000003u;
    for (auto& x : b) x = static_cast<std::uint32_t>(rng() % alphabet) * 1000003u;
    ASSERT_EQ(metrics::lcs_length(a, b), metrics::lcs_indices(a, b).size()) << la << " x " << lb;
    ASSERT_EQ(metrics::lcs_length(b, a), metrics::lcs_indices(a, b).size());
  }
}

TEST(Rouge, RougeLsumSplitsSentencesAtNewlinesOnly) {
  // The rouge-score test's sentence example as text (rouge_scorer_test.py testRougeLsum).
  Rouge lsum({RougeType::parse("rougeLsum")});
  const RougeScore s = lsum.score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5").at(0);
  EXPECT_EQ(s.recall, 0.8);
  EXPECT_EQ(s.precision, 0.4);
  // Only "\n" breaks sentences (rouge-score's text.split("\n"), run with the reference code): "\r" is a
  // word separator inside one sentence. Empty and blank lines add no tokens.
  EXPECT_EQ(lsum.score("a b", "b\na").at(0), (RougeScore{1.0, 1.0, 1.0}));
  EXPECT_EQ(lsum.score("a b", "b\ra").at(0), (RougeScore{0.5, 0.5, 0.5}));
  EXPECT_EQ(lsum.score("a b", "b\n\n  \na").at(0), (RougeScore{1.0, 1.0, 1.0}));
}

TEST(Rouge, ScoreMultiTakesTheFirstTargetWithTheHighestF) {
  // rouge_vectors.json score_multi: rouge1 and rougeL (0.5, 1.0, 2/3). The vector file does not carry its
  // inputs; this case has those scores: prediction "first second" against the target "first".
  Rouge rouge({RougeType::parse("rouge1"), RougeType::parse("rougeL")});
  const std::vector<std::string> targets{"nothing here", "first"};
  const auto best = rouge.score_multi(targets, "first second");
  const nlohmann::json& expected = vectors().at("score_multi");
  EXPECT_EQ(best.at(0), score_of(expected.at("rouge1")));
  EXPECT_EQ(best.at(1), score_of(expected.at("rougeL")));
  // Equal F (both 1/3, computed as 0.25 / 0.75) with different P and R: np.argmax takes the first.
  Rouge r1({RougeType::parse("rouge1")});
  const std::string a = "w1 x", b = "w1 w2 x x x x x x", prediction = "w1 w2 w3 w4";
  EXPECT_EQ(r1.score_multi(std::vector<std::string>{a, b}, prediction).at(0).precision, 0.25);  // 1 / 4
  EXPECT_EQ(r1.score_multi(std::vector<std::string>{b, a}, prediction).at(0).precision, 0.5);   // 2 / 4
  EXPECT_EQ(r1.score(a, prediction).at(0).fmeasure, r1.score(b, prediction).at(0).fmeasure);
  EXPECT_THROW(r1.score_multi(std::vector<std::string>{}, prediction), Error);
}

TEST(Rouge, TypeNamesAreRougeScores) {
  // rouge_scorer_test.py testValidRougeTypes / testInvalidRougeTypes.
  for (const char* name : {"rouge1", "rouge9", "rougeL", "rougeLsum"}) EXPECT_EQ(RougeType::parse(name).name(), name);
  for (const char* name : {"rougen", "rouge0", "rouge10", "rougel", "ROUGEL", ""})
    EXPECT_THROW(RougeType::parse(name), Error) << name;
  EXPECT_EQ(metrics::rouge_fmeasure(0.0, 0.0), 0.0);
}

TEST(RougeScorer, DefaultsToRougeLFmeasureWithoutStemming) {
  const auto scorer = scoring::make_rouge_scorer();
  EXPECT_EQ(scorer->info().name, "rouge");
  EXPECT_EQ(scorer->info().direction, scoring::Direction::higher_is_better);
  EXPECT_EQ(scorer->info().required_fields, (std::vector<std::string>{"candidate", "references"}));
  EXPECT_EQ(scorer->signature().rfind("ROUGE|type:rougeL|stem:no|measure:f|version:", 0), 0u) << scorer->signature();
  // README example (rouge_vectors.json pair 14): rougeL (0.625, 0.5555555555555556, 0.5882352941176471).
  const std::vector<scoring::Item> items{
      item("The quick brown dog jumps on the log.", {"The quick brown fox jumps over the lazy dog"}),
      item("", {"testing one two"})};
  const scoring::ScoreResult r = scorer->score(items);
  ASSERT_EQ(r.item_scores.size(), 2u);
  EXPECT_EQ(r.item_scores[0], 0.5882352941176471);
  EXPECT_EQ(r.item_scores[1], 0.0);  // empty prediction: 0 (testRougeEmpty)
  ASSERT_TRUE(r.corpus_score.has_value());
  EXPECT_EQ(*r.corpus_score, (0.5882352941176471 + 0.0) / 2);  // plain mean of the items
  EXPECT_TRUE(r.issues.empty());
}

TEST(RougeScorer, OptionsSelectTypeStemmingAndMeasure) {
  // rouge_vectors.json, "the friends had a meeting" / "the friend has meetings" with stemming:
  // rouge1 (0.75, 0.6, 0.6666666666666665); without: rouge1 (0.25, 0.2, 0.22222222222222224).
  const nlohmann::json& pairs = vectors().at("pairs");
  const nlohmann::json& stemmed = pairs.at(17);
  const nlohmann::json& plain = pairs.at(16);
  ASSERT_TRUE(stemmed.at("use_stemmer").get<bool>());
  ASSERT_EQ(stemmed.at("target").get<std::string>(), "the friends had a meeting");
  const std::vector<scoring::Item> items{
      item(stemmed.at("prediction").get<std::string>(), {stemmed.at("target").get<std::string>()})};
  const RougeScore with_stem = score_of(stemmed.at("scores").at("rouge1"));
  const RougeScore without = score_of(plain.at("scores").at("rouge1"));
  EXPECT_EQ(scoring::make_rouge_scorer({{"type", "rouge1"}, {"stem", "true"}})->score(items).item_scores[0],
            with_stem.fmeasure);
  EXPECT_EQ(
      scoring::make_rouge_scorer({{"type", "rouge1"}, {"stem", "true"}, {"measure", "p"}})->score(items).item_scores[0],
      with_stem.precision);
  EXPECT_EQ(
      scoring::make_rouge_scorer({{"type", "rouge1"}, {"stem", "true"}, {"measure", "r"}})->score(items).item_scores[0],
      with_stem.recall);
  EXPECT_EQ(scoring::make_rouge_scorer({{"type", "rouge1"}})->score(items).item_scores[0], without.fmeasure);
  const RougeScore lsum = score_of(stemmed.at("scores").at("rougeLsum"));
  EXPECT_EQ(scoring::make_rouge_scorer({{"type", "rougeLsum"}, {"stem", "true"}})->score(items).item_scores[0],
            lsum.fmeasure);
  EXPECT_EQ(scoring::make_rouge_scorer({{"type", "rouge2"}, {"stem", "true"}, {"measure", "r"}})
                ->signature()
                .rfind("ROUGE|type:rouge2|stem:yes|measure:r|version:", 0),
            0u);
}

TEST(RougeScorer, SeveralReferencesUseTheBestByF) {
  // score_multi: the measure comes from the reference with the highest F, even when another has a higher
  // precision (same numbers as Rouge.ScoreMultiTakesTheFirstTargetWithTheHighestF).
  const auto precision = scoring::make_rouge_scorer({{"type", "rouge1"}, {"measure", "p"}});
  const std::vector<scoring::Item> items{item("w1 w2 w3 w4", {"w1 x", "w1 w2 x x x x x x"}),
                                         item("first second", {"nothing here", "first"})};
  const auto r = precision->score(items);
  EXPECT_EQ(r.item_scores[0], 0.25);  // first of two equal F values
  EXPECT_EQ(r.item_scores[1], 0.5);   // score_multi vector: precision 0.5
}

TEST(RougeScorer, RejectsBadOptionsAndItems) {
  EXPECT_THROW(scoring::make_rouge_scorer({{"type", "rouge0"}}), Error);
  EXPECT_THROW(scoring::make_rouge_scorer({{"type", "bleu"}}), Error);
  EXPECT_THROW(scoring::make_rouge_scorer({{"stem", "maybe"}}), Error);
  EXPECT_THROW(scoring::make_rouge_scorer({{"measure", "g"}}), Error);
  EXPECT_THROW(scoring::make_rouge_scorer({{"lowercase", "true"}}), Error);
  const auto scorer = scoring::make_rouge_scorer();
  EXPECT_THROW(scorer->score(std::vector<scoring::Item>{item("a", {})}), Error);
  EXPECT_THROW(scorer->score(std::vector<scoring::Item>{item("a\xFF", {"a"})}), Error);
  EXPECT_THROW(scorer->score(std::vector<scoring::Item>{item("a", {"a", "\xC3"})}), Error);
  try {
    scorer->score(std::vector<scoring::Item>{item("a", {"a"}), item("b", {})});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("item 2"), std::string::npos) << e.what();
  }
  const scoring::ScoreResult empty = scorer->score(std::vector<scoring::Item>{});
  EXPECT_TRUE(empty.item_scores.empty());
  EXPECT_FALSE(empty.corpus_score.has_value());
}

TEST(RougeScorer, IsInTheRegistry) {
  const registry::ScorerEntry& entry = registry::find_scorer("ROUGE");
  EXPECT_EQ(entry.name, "rouge");
  EXPECT_EQ(entry.display_name, "ROUGE");
  EXPECT_EQ(registry::option_names(entry), (std::vector<std::string>{"type", "stem", "measure"}));
  const auto scorer = registry::make_scorer("rouge", {{"type", "rouge2"}});
  // rouge_vectors.json pair 4: "testing one two" / "testing one" rouge2 F = 2/3.
  EXPECT_EQ(scorer->score(std::vector<scoring::Item>{item("testing one", {"testing one two"})}).item_scores[0],
            score_of(vectors().at("pairs").at(4).at("scores").at("rouge2")).fmeasure);
}

// String metrics through the item-level Scorer interface.
#include <gtest/gtest.h>

#include "sacrebleu_cases.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/scoring/string_metric_scorer.hpp"

using namespace trenchcoat::scoring;

namespace {

std::vector<Item> items_from(const trenchcoat::testing::SacrebleuCase& c) {
  std::vector<Item> items;
  for (std::size_t i = 0; i < c.hyps.size(); ++i) {
    Item it;
    it.candidate = c.hyps[i];
    it.references = c.refs[i];
    items.push_back(it);
  }
  return items;
}

}  // namespace

TEST(StringMetricScorer, BleuCorpusAndItemScores) {
  const auto items = items_from(trenchcoat::testing::readme_corpus());
  const auto bleu = make_bleu_scorer();
  const ScoreResult r = bleu->score(items);
  // sacreBLEU 2.6.0 test_bleu.py: corpus BLEU of the README corpus
  ASSERT_TRUE(r.corpus_score.has_value());
  EXPECT_EQ(*r.corpus_score, 48.530827009929865);
  // sacreBLEU 2.6.0 `sacrebleu ref1.txt ref2.txt -i hyp.txt --sentence-level -w 3` (transcripts.txt):
  // 100.000, 14.794, 29.072 -- item scores are sentence BLEU with effective order.
  ASSERT_EQ(r.item_scores.size(), 3u);
  EXPECT_NEAR(r.item_scores[0], 100.0, 1e-9);  // exp(log(100)) is 100.00000000000004 in Python too
  EXPECT_NEAR(r.item_scores[1], 14.794, 5e-4);
  EXPECT_NEAR(r.item_scores[2], 29.072, 5e-4);
  EXPECT_EQ(bleu->info().direction, Direction::higher_is_better);
  const std::string sig = bleu->signature();
  EXPECT_EQ(sig.rfind("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|order:4|item-eff:yes|version:", 0), 0u) << sig;
}

TEST(StringMetricScorer, SentenceBleuMatchesSacrebleuSentenceBleu) {
  // sacreBLEU 2.6.0 test_sentence_bleu.py: sentence_bleu(SYS, [REF]) = 8.493098745313148
  Item it;
  it.candidate = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
  it.references = {"producţia de zahăr brut se exprimă în zahăr alb;"};
  EXPECT_EQ(make_bleu_scorer()->score(std::vector<Item>{it}).item_scores[0], 8.493098745313148);
}

TEST(StringMetricScorer, TerIsLowerIsBetterAndChrfHasOptions) {
  const auto items = items_from(trenchcoat::testing::readme_corpus());
  const auto ter = make_ter_scorer();
  EXPECT_EQ(ter->info().direction, Direction::lower_is_better);
  const auto r = ter->score(items);
  EXPECT_EQ(r.item_scores.size(), 3u);
  EXPECT_EQ(r.item_scores[0], 0.0);  // identical to its first reference
  auto chrf_pp = make_chrf_scorer({.word_order = 2});
  EXPECT_NE(chrf_pp->signature().find("nw:2"), std::string::npos);
  EXPECT_EQ(chrf_pp->signature().rfind("chrF2++|", 0), 0u);
}

TEST(StringMetricScorer, MissingReferencesIsAnErrorNamingTheItem) {
  std::vector<Item> items(2);
  items[0].candidate = "a";
  items[0].references = {"a"};
  items[1].candidate = "b";
  items[1].id = "row-7";
  try {
    make_bleu_scorer()->score(items);
    FAIL() << "no error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_NE(std::string(e.what()).find("item 2 (id row-7)"), std::string::npos) << e.what();
  }
}

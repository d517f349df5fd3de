// Corpus scores summed across batches (CorpusAccumulator): the same, bit for bit, as one call over all
// items and as the string metrics' corpus_score (sacreBLEU's), whatever the batch size; one score per
// group. And scorers called from several threads at once give what sequential calls give.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/metrics/string_metric.hpp"
#include "trenchcoat/metrics/ter.hpp"
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace {

using namespace trenchcoat;
using scoring::CorpusAccumulator;
using scoring::Item;

// Generated sentence pairs (a fixed linear congruential stream): a reference of 3 to 17 words from a
// small vocabulary, and a hypothesis that drops, replaces or swaps some of its words. Every third item
// has a second reference, so TER's statistics hold fractional average reference lengths.
std::vector<Item> generated_items(std::size_t n, std::uint64_t seed = 12345) {
  static const char* kWords[] = {"the",  "a",     "cat",  "dog",    "sat",   "on",    "mat",   "house",  "red",
                                 "blue", "quick", "fox",  "jumps",  "over",  "lazy",  "river", "bank",   "money",
                                 "tree", "green", "runs", "slowly", "today", "night", "Paris", "Berlin", "is",
                                 "was",  "and",   "but",  "not",    "very",  "old",   "new",   ",",      "."};
  constexpr std::size_t kVocabulary = sizeof(kWords) / sizeof(kWords[0]);
  std::uint64_t state = seed;
  auto next = [&](std::size_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % bound);
  };
  std::vector<Item> items(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> ref(3 + next(15));
    for (auto& w : ref) w = kWords[next(kVocabulary)];
    std::vector<std::string> hyp;
    for (std::size_t k = 0; k < ref.size(); ++k) {
      const std::size_t r = next(10);
      if (r == 0) continue;                                        // dropped
      hyp.push_back(r == 1 ? kWords[next(kVocabulary)] : ref[k]);  // replaced or kept
      if (r == 2 && hyp.size() > 1) std::swap(hyp[hyp.size() - 1], hyp[hyp.size() - 2]);
    }
    auto join = [](const std::vector<std::string>& words) {
      std::string s;
      for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
      return s;
    };
    items[i].candidate = join(hyp);
    items[i].references = {join(ref)};
    if (i % 3 == 0) {
      std::vector<std::string> second(ref.begin(), ref.begin() + static_cast<std::ptrdiff_t>(1 + ref.size() / 2));
      items[i].references.push_back(join(second));
    }
    items[i].system = "sys" + std::to_string(i % 3);
    items[i].id = std::to_string(i + 1);
  }
  return items;
}

// Corpus scores of every item, added in batches of `batch` items, per system when `grouped`.
std::vector<scoring::CorpusScore> batched(const scoring::Scorer& scorer, const std::vector<Item>& items,
                                          std::size_t batch, bool grouped) {
  CorpusAccumulator acc(scorer.corpus_aggregate());
  for (std::size_t begin = 0; begin < items.size(); begin += batch) {
    const std::size_t count = std::min(batch, items.size() - begin);
    const auto span = std::span<const Item>(items.data() + begin, count);
    std::vector<std::string> groups;
    if (grouped)
      for (const Item& it : span) groups.push_back(it.system);
    acc.add(scorer.score(span), groups);
  }
  return acc.scores();
}

// sacreBLEU's corpus_score of the given items (the library function `trenchcoat sacrebleu` prints).
double reference_corpus_score(const metrics::StringMetric& metric, const std::vector<Item>& items) {
  std::vector<std::string_view> hyps;
  metrics::SegmentReferences refs;
  for (const Item& it : items) {
    hyps.push_back(it.candidate);
    refs.emplace_back(it.references.begin(), it.references.end());
  }
  return metrics::corpus_score(metric, hyps, refs).score;
}

struct MetricCase {
  const char* scorer;
  std::shared_ptr<const metrics::StringMetric> metric;  // with the scorer's default options
};

std::vector<MetricCase> metric_cases() {
  return {{"bleu", std::make_shared<metrics::Bleu>()},
          {"chrf", std::make_shared<metrics::Chrf>()},
          {"chrf++", std::make_shared<metrics::Chrf>(metrics::ChrfOptions{.word_order = 2})},
          {"ter", std::make_shared<metrics::Ter>()}};
}

TEST(CorpusAccumulator, StringMetricCorpusScoreIsTheSameForEveryBatchSize) {
  const auto items = generated_items(600);
  for (const auto& c : metric_cases()) {
    SCOPED_TRACE(c.scorer);
    const auto scorer = registry::make_scorer(c.scorer);
    // Expected: the metric's corpus_score over all 600 items in one pass (sacreBLEU's sum_of_lists).
    const double expected = reference_corpus_score(*c.metric, items);
    EXPECT_EQ(*scorer->score(items).corpus_score, expected);
    for (const std::size_t batch : {1u, 7u, 256u, 1000u}) {
      const auto scores = batched(*scorer, items, batch, false);
      ASSERT_EQ(scores.size(), 1u);
      EXPECT_EQ(scores[0].group, "");
      EXPECT_EQ(scores[0].items, 600u);
      ASSERT_TRUE(scores[0].score.has_value());
      EXPECT_EQ(*scores[0].score, expected) << "batch size " << batch;
    }
  }
}

TEST(CorpusAccumulator, OneCorpusScorePerGroupEqualToThatGroupAlone) {
  const auto items = generated_items(300);
  for (const auto& c : metric_cases()) {
    SCOPED_TRACE(c.scorer);
    const auto scorer = registry::make_scorer(c.scorer);
    const auto scores = batched(*scorer, items, 7, true);
    ASSERT_EQ(scores.size(), 3u);
    for (std::size_t g = 0; g < 3; ++g) {
      EXPECT_EQ(scores[g].group, "sys" + std::to_string(g));  // first-appearance order
      std::vector<Item> own;
      for (const Item& it : items)
        if (it.system == scores[g].group) own.push_back(it);
      EXPECT_EQ(scores[g].items, own.size());
      EXPECT_EQ(*scores[g].score, reference_corpus_score(*c.metric, own));  // the group's lines alone
    }
  }
}

TEST(CorpusAccumulator, MeansAreSumOverCountAcrossBatches) {
  const auto items = generated_items(100);
  for (const char* name : {"rouge", "length", "sentbleu"}) {
    SCOPED_TRACE(name);
    const auto scorer = registry::make_scorer(name);
    const auto all = scorer->score(items);
    // Expected: the item scores summed in item order, divided by their number (a hand computation
    // of the mean from the scorer's own item scores).
    double sum = 0.0;
    for (const double v : all.item_scores) sum += v;
    const double expected = sum / 100.0;
    for (const std::size_t batch : {3u, 100u}) {
      const auto scores = batched(*scorer, items, batch, false);
      ASSERT_EQ(scores.size(), 1u);
      EXPECT_EQ(*scores[0].score, expected);
    }
    EXPECT_EQ(scorer->corpus_aggregate()->name(), "mean");
  }
}

TEST(CorpusAccumulator, ItemsWithoutAScoreAreLeftOutAndCounted) {
  scoring::ScoreResult r;
  r.item_scores = {1.0, std::nan(""), 3.0};  // a hand-made batch: the middle item failed
  CorpusAccumulator acc(scoring::mean_aggregate());
  const std::vector<std::string> groups = {"a", "a", "b"};
  acc.add(r, groups);
  const auto scores = acc.scores();
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].items, 1u);
  EXPECT_EQ(scores[0].without, 1u);
  EXPECT_EQ(*scores[0].score, 1.0);
  EXPECT_EQ(*scores[1].score, 3.0);
  EXPECT_THROW(acc.add(r, std::vector<std::string>{"a"}), trenchcoat::Error);  // groups must match the batch
}

TEST(CorpusAccumulator, ScorersWithoutAggregateHaveNoCorpusScores) {
  CorpusAccumulator acc(nullptr);
  scoring::ScoreResult r;
  r.item_scores = {1.0};
  acc.add(r);
  EXPECT_FALSE(acc.defined());
  EXPECT_TRUE(acc.scores().empty());
}

// Scorers are const objects shared by threads: 8 threads each score every batch at once and must get
// exactly the sequential results (scores, statistics, corpus scores) and the same signature.
TEST(ScorerThreadSafety, ConcurrentCallsGiveTheSequentialResults) {
  const auto items = generated_items(240);
  constexpr std::size_t kBatch = 30, kThreads = 8;
  for (const char* name : {"bleu", "chrf", "chrf++", "ter", "sentbleu", "rouge", "length"}) {
    SCOPED_TRACE(name);
    const auto scorer = registry::make_scorer(name);
    std::vector<scoring::ScoreResult> sequential;
    for (std::size_t begin = 0; begin < items.size(); begin += kBatch)
      sequential.push_back(scorer->score(std::span<const Item>(items.data() + begin, kBatch)));
    const std::string signature = scorer->signature();

    std::vector<std::vector<scoring::ScoreResult>> concurrent(kThreads);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        // Each thread starts at a different batch, so different batches run at the same time.
        concurrent[t].resize(sequential.size());
        for (std::size_t k = 0; k < sequential.size(); ++k) {
          const std::size_t b = (k + t) % sequential.size();
          concurrent[t][b] = scorer->score(std::span<const Item>(items.data() + b * kBatch, kBatch));
        }
      });
    for (auto& th : threads) th.join();
    for (std::size_t t = 0; t < kThreads; ++t)
      for (std::size_t b = 0; b < sequential.size(); ++b) {
        EXPECT_EQ(concurrent[t][b].item_scores, sequential[b].item_scores) << "thread " << t << " batch " << b;
        EXPECT_EQ(concurrent[t][b].item_stats, sequential[b].item_stats);
        EXPECT_TRUE(concurrent[t][b].corpus_score == sequential[b].corpus_score);
      }
    EXPECT_EQ(scorer->signature(), signature);
  }
}

TEST(ScorerThreadSafety, NrefsInTheSignatureCoversEveryScoredItem) {
  // nrefs as sacreBLEU's signature: the common number of references, "var" when it varies.
  const auto bleu = registry::make_scorer("bleu");
  const auto items = generated_items(6);  // items 1 and 4 have two references, the others one
  bleu->score(std::span<const Item>(items.data() + 1, 2));
  EXPECT_NE(bleu->signature().find("nrefs:1|"), std::string::npos) << bleu->signature();
  bleu->score(std::span<const Item>(items.data(), 1));
  EXPECT_NE(bleu->signature().find("nrefs:var|"), std::string::npos) << bleu->signature();
  bleu->score(std::span<const Item>(items.data() + 1, 2));  // a later batch does not undo it
  EXPECT_NE(bleu->signature().find("nrefs:var|"), std::string::npos) << bleu->signature();
}

}  // namespace

// String-metric statistics on several threads equal the one-thread statistics bit for bit (compared
// with ==), on 3,000 generated segments with one to three references, for BLEU, chrF, chrF++ and TER;
// and `trenchcoat sacrebleu --threads N` prints the same bytes for every N.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/metrics/parallel_segment_stats.hpp"
#include "trenchcoat/metrics/ter.hpp"

using namespace trenchcoat::metrics;

namespace {

// Deterministic MT-like segments: words from a small list with punctuation, numbers, accents and CJK,
// the hypothesis a perturbed copy of the first reference. Lengths vary from empty to ~60 words so
// that chunks of segments take very different times.
struct GeneratedCorpus {
  std::vector<std::string> hyps;
  std::vector<std::vector<std::string>> refs;  // refs[i]: segment i's references (1 to 3)
};

GeneratedCorpus generate(std::size_t segments) {
  static const std::vector<std::string> words = {"the",        "a",    "of",    "house", "Haus", "größer",    "café",
                                                 "naïve",      "3.14", "1,000", "(see",  "it)",  "\"quote\"", "don't",
                                                 "well-known", "U.S.", "$20",   "42%",   "東京", "你好",      "mañana",
                                                 "Straße",     "end.", "why?",  "--",    "x"};
  std::uint64_t state = 12345;
  const auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  };
  GeneratedCorpus corpus;
  for (std::size_t i = 0; i < segments; ++i) {
    const std::size_t length = next(10) == 0 ? next(3) : 5 + next(55);
    std::vector<std::string> ref_words;
    for (std::size_t w = 0; w < length; ++w) ref_words.push_back(words[next(words.size())]);
    std::string hyp, ref;
    for (std::size_t w = 0; w < ref_words.size(); ++w) {
      ref += (w ? " " : "") + ref_words[w];
      const std::uint64_t edit = next(10);
      if (edit == 0) continue;  // dropped
      const std::string& word = edit == 1 ? words[next(words.size())] : ref_words[w];
      hyp += (hyp.empty() ? "" : " ") + word;
    }
    std::vector<std::string> refs{ref};
    for (std::uint64_t extra = next(3); extra > 0; --extra)
      refs.push_back(ref_words.empty() ? "" : ref_words.back() + " " + ref);
    corpus.hyps.push_back(hyp);
    corpus.refs.push_back(std::move(refs));
  }
  return corpus;
}

struct Views {
  std::vector<std::string_view> hyps;
  SegmentReferences refs;
  explicit Views(const GeneratedCorpus& corpus) {
    for (const auto& h : corpus.hyps) hyps.push_back(h);
    for (const auto& r : corpus.refs) refs.emplace_back(r.begin(), r.end());
  }
};

void expect_identical_on_threads(const StringMetric& metric, const Views& v) {
  const std::vector<std::span<const std::string_view>> systems{v.hyps, v.hyps};
  const auto one = segment_stats(metric, systems, v.refs);
  for (unsigned threads : {0u, 2u, 3u, 8u}) {
    const auto many = parallel_segment_stats(metric, systems, v.refs, threads);
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t s = 0; s < one.size(); ++s) {
      ASSERT_EQ(many[s].size(), one[s].size());
      for (std::size_t k = 0; k < one[s].size(); ++k)
        ASSERT_EQ(many[s][k], one[s][k]) << metric.name() << " threads " << threads << " system " << s << " value "
                                         << k;
    }
    const MetricScore corpus_one = corpus_score(metric, v.hyps, v.refs);
    const MetricScore corpus_many = parallel_corpus_score(metric, v.hyps, v.refs, threads);
    EXPECT_EQ(corpus_many.score, corpus_one.score) << metric.name();
    EXPECT_EQ(corpus_many.verbose, corpus_one.verbose) << metric.name();
  }
  const auto sentences_one = sentence_scores(metric, v.hyps, v.refs);
  const auto sentences_many = parallel_sentence_scores(metric, v.hyps, v.refs, 3);
  ASSERT_EQ(sentences_many.size(), sentences_one.size());
  for (std::size_t i = 0; i < sentences_one.size(); ++i)
    ASSERT_EQ(sentences_many[i].score, sentences_one[i].score) << i;
}

}  // namespace

TEST(ParallelSegmentStats, BleuIdenticalToOneThread) {
  const GeneratedCorpus corpus = generate(3000);
  const Views v(corpus);
  expect_identical_on_threads(Bleu(BleuOptions{}), v);
  BleuOptions lowercase;
  lowercase.lowercase = true;
  expect_identical_on_threads(Bleu(lowercase), v);
}

TEST(ParallelSegmentStats, ChrfIdenticalToOneThread) {
  const GeneratedCorpus corpus = generate(3000);
  const Views v(corpus);
  expect_identical_on_threads(Chrf(ChrfOptions{}), v);
  ChrfOptions plus;
  plus.word_order = 2;
  expect_identical_on_threads(Chrf(plus), v);
}

TEST(ParallelSegmentStats, TerIdenticalToOneThread) {
  const GeneratedCorpus corpus = generate(1000);
  const Views v(corpus);
  expect_identical_on_threads(Ter(TerOptions{}), v);
}

TEST(ParallelSegmentStats, ErrorIsTheOneThreadError) {
  const GeneratedCorpus corpus = generate(1000);
  Views v(corpus);
  v.refs[700].clear();
  v.refs[900].clear();
  const Bleu bleu(BleuOptions{});
  try {
    parallel_segment_stats(bleu, {v.hyps}, v.refs, 4);
    FAIL() << "no error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_NE(std::string(e.what()).find("segment 701 has no reference"), std::string::npos) << e.what();
  }
}

TEST(ParallelSegmentStats, ResolvesThreadCount) {
  EXPECT_EQ(resolve_thread_count(3), 3u);
  EXPECT_GE(resolve_thread_count(0), 1u);
}

class SacrebleuThreadsCli : public trenchcoat::testing::SacrebleuCliFixture {};

TEST_F(SacrebleuThreadsCli, SameOutputForEveryThreadCount) {
  const GeneratedCorpus corpus = generate(3000);
  std::string hyp, ref;
  for (std::size_t i = 0; i < corpus.hyps.size(); ++i) {
    hyp += corpus.hyps[i] + "\n";
    ref += corpus.refs[i].front() + "\n";
  }
  write("hyp.txt", hyp);
  write("ref.txt", ref);
  const auto one = run({"ref.txt", "-i", "hyp.txt", "-m", "bleu", "chrf", "ter", "--threads", "1"});
  ASSERT_EQ(one.exit_code, 0) << one.stderr_text;
  for (const char* threads : {"2", "5", "0"}) {
    const auto many = run({"ref.txt", "-i", "hyp.txt", "-m", "bleu", "chrf", "ter", "--threads", threads});
    EXPECT_EQ(many.exit_code, 0) << many.stderr_text;
    EXPECT_EQ(many.stdout_text, one.stdout_text) << "--threads " << threads;
  }
  const auto from_env = run({"ref.txt", "-i", "hyp.txt", "-m", "bleu", "chrf", "ter"}, "", {"TRENCHCOAT_THREADS=3"});
  EXPECT_EQ(from_env.stdout_text, one.stdout_text);
  const auto sentences_one = run({"ref.txt", "-i", "hyp.txt", "-m", "chrf", "-sl", "--threads", "1"});
  const auto sentences_many = run({"ref.txt", "-i", "hyp.txt", "-m", "chrf", "-sl", "--threads", "4"});
  EXPECT_EQ(sentences_many.stdout_text, sentences_one.stdout_text);
}

TEST_F(SacrebleuThreadsCli, RejectsABadThreadCountInTheEnvironment) {
  write("hyp.txt", "a b c\n");
  write("ref.txt", "a b c\n");
  const auto result = run({"ref.txt", "-i", "hyp.txt"}, "", {"TRENCHCOAT_THREADS=many"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.stderr_text.find("TRENCHCOAT_THREADS='many' is not a thread count"), std::string::npos)
      << result.stderr_text;
}

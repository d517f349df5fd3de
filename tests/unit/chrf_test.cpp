// chrF / chrF++ against sacrebleu_vectors.json "chrf" (sacreBLEU 2.6.0): 450 cases over beta, word
// order, whitespace, eps smoothing and lowercase. Scores compared with ==.
#include <gtest/gtest.h>

#include "sacrebleu_cases.hpp"
#include "test_support.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/text/number_format.hpp"

using namespace trenchcoat::metrics;

TEST(Chrf, SacrebleuVectors) {
  const auto vectors = trenchcoat::testing::load_json_fixture("sacrebleu_vectors.json");
  int checked = 0;
  for (const auto& v : vectors["chrf"]) {
    ChrfOptions o;
    o.word_order = v["word_order"];
    o.beta = v["beta"];
    o.whitespace = v["whitespace"];
    o.eps_smoothing = v["eps_smoothing"];
    o.lowercase = v["lowercase"];
    const Chrf chrf(o);
    const auto c = trenchcoat::testing::sacrebleu_case(v);
    const auto refs = c.segment_references();
    const MetricScore s = corpus_score(chrf, c.hyp_views(), refs);
    const std::string label = v.dump().substr(0, 300);
    EXPECT_EQ(s.score, v["score"].get<double>()) << label;
    if (v.contains("text")) {
      const std::string text =
          s.name + "|" + make_signature(chrf, refs).format(false) + " = " + trenchcoat::text::format_fixed(s.score, 2);
      EXPECT_EQ(text, v["text"].get<std::string>()) << label;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 450);
}

// Empty references against hypotheses with characters outside the first code point table (CJK):
// values from sacreBLEU 2.6.0 (CHRF().corpus_score(['中文 abc'], [['']]) and friends).
TEST(Chrf, EmptyReferencesAgainstNonLatinHypotheses) {
  const Chrf chrf;
  const SegmentReferences empty_ref{{""}};
  const std::vector<std::string_view> hyp{"中文 abc"};
  EXPECT_EQ(corpus_score(chrf, hyp, empty_ref).score, 0.0);
  const Chrf chrf_pp({.word_order = 2});
  const SegmentReferences refs{{""}, {"中文"}};
  const std::vector<std::string_view> hyps{"中文 abc", ""};
  EXPECT_EQ(corpus_score(chrf_pp, hyps, refs).score, 0.0);
  EXPECT_EQ(corpus_score(chrf, std::vector<std::string_view>{""}, empty_ref).score, 0.0);
}

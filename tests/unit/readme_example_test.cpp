// The library example of README.md, compiled and run, so that the README stays true.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "trenchcoat/metrics/bleu.hpp"

TEST(ReadmeExample, LibrarySnippetCompilesAndScores) {
  const std::vector<std::string_view> hypotheses{"The dog bit the man.", "It wasn't surprising.",
                                                 "The man had just bitten him."};
  const std::vector<std::string_view> ref_stream_a{"The dog bit the man.", "It was not unexpected.",
                                                   "The man bit him first."};
  const std::vector<std::string_view> ref_stream_b{"The dog had bit the man.", "No one was surprised.",
                                                   "The man had bitten the dog."};
  // --- as in README.md ---
  trenchcoat::metrics::Bleu bleu({.tokenize = "intl"});
  auto refs = trenchcoat::metrics::references_by_segment({ref_stream_a, ref_stream_b});
  auto score = trenchcoat::metrics::corpus_score(bleu, hypotheses, refs);  // score.score, score.verbose
  // ---
  EXPECT_EQ(score.score, 43.91623493336995);  // sacreBLEU 2.6.0 test_bleu.py, tokenize='intl'
  EXPECT_FALSE(score.verbose.empty());
}

// The length scorer (scoring/length_scorer.hpp): characters, bytes and Python str.split() words.
#include <gtest/gtest.h>

#include "trenchcoat/error.hpp"
#include "trenchcoat/scoring/length_scorer.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace {

using namespace trenchcoat::scoring;
using trenchcoat::registry::make_scorer;

Item item(const std::string& candidate, const std::string& id = "") {
  Item i;
  i.candidate = candidate;
  i.id = id;
  return i;
}

std::vector<double> lengths(const ScorerOptions& options, const std::vector<std::string>& texts) {
  std::vector<Item> items;
  for (const auto& t : texts) items.push_back(item(t));
  return make_length_scorer(options)->score(items).item_scores;
}

TEST(LengthScorer, CountsCodePointsBytesAndWords) {
  // "naïve café" : 10 code points (Python len), 12 UTF-8 bytes (ï and é take two), 2 words.
  const std::vector<std::string> texts{"naïve café", "", "  a\u3000b\tc \u00a0 ", "\u200bx"};
  // Expected values: Python 3 len(t), len(t.encode()) and len(t.split()) of the same strings.
  EXPECT_EQ(lengths({}, texts), (std::vector<double>{10, 0, 10, 2}));
  EXPECT_EQ(lengths({{"unit", "bytes"}}, texts), (std::vector<double>{12, 0, 13, 4}));
  // str.split(): U+3000 and U+00A0 are whitespace; U+200B (zero width space) is not.
  EXPECT_EQ(lengths({{"unit", "words"}}, texts), (std::vector<double>{2, 0, 3, 1}));
}

TEST(LengthScorer, InfoSignatureAndRegistry) {
  const auto scorer = make_scorer("LENGTH", {{"unit", "words"}});
  EXPECT_EQ(scorer->info().name, "length");
  EXPECT_EQ(scorer->info().required_fields, std::vector<std::string>{"candidate"});
  EXPECT_EQ(scorer->info().kind, ScorerKind::pointwise);
  EXPECT_EQ(scorer->signature().rfind("length|unit:words|version:", 0), 0u);
  // The corpus score is the mean length: (2 + 1) / 2 words (hand computation).
  EXPECT_EQ(scorer->score(std::vector<Item>{item("a b"), item("c")}).corpus_score.value_or(-1.0), 1.5);
  EXPECT_THROW(make_scorer("length", {{"unit", "lines"}}), trenchcoat::Error);
  EXPECT_THROW(make_scorer("length", {{"units", "words"}}), trenchcoat::Error);
}

TEST(LengthScorer, InvalidUtf8IsAnErrorNamingTheItem) {
  std::vector<Item> items{item("ok"), item("\xC3", "b7")};
  try {
    make_length_scorer({})->score(items);
    FAIL() << "no error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_STREQ(e.what(), "item 2 (id b7): the candidate is not valid UTF-8");
  }
  EXPECT_EQ(make_length_scorer({{"unit", "bytes"}})->score(items).item_scores[1], 1.0);  // bytes need no decoding
}

}  // namespace

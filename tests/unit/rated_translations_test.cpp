// The readers of rated translations and M-RewardBench translation rows (io/rated_translations.hpp,
// io/m_rewardbench_translation.hpp) on small files written here; expected values follow from the
// files' contents as noted at each check.
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"
#include "trenchcoat/io/m_rewardbench_translation.hpp"
#include "trenchcoat/io/rated_translations.hpp"

namespace {

using trenchcoat::testing::error_of;

class RatedTranslations : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(RatedTranslations, MRewardBenchSubsetNamesSourcesAndReferences) {
  const std::string path = write(
      "mrb.jsonl",
      R"({"id": 7, "prompt": "Translate: Hallo", "chosen": "Hello", "rejected": "Hi", "subset": "MAPLE_HARD_de_en"})"
      "\n"
      R"({"prompt": "p", "chosen": "c", "rejected": "r", "source": "translation-easy-en-zh"})"
      "\n"
      R"({"prompt": "p", "chosen": "c", "rejected": "r", "subset": "translation-easy-zh-en", "source": "src text",)"
      R"( "reference": "ref text"})"
      "\n");
  const auto rows = trenchcoat::io::read_m_rewardbench_translation(path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].id, "7");             // a number id as text
  EXPECT_EQ(rows[0].direction, "de-en");  // any case, '_' or '-'
  EXPECT_EQ(rows[0].difficulty, "hard");
  EXPECT_TRUE(rows[0].source_from_prompt);  // no source field: the prompt
  EXPECT_EQ(rows[0].source, "Translate: Hallo");
  EXPECT_EQ(rows[1].id, "2");             // no id: the line
  EXPECT_EQ(rows[1].direction, "en-zh");  // the subset from `source`
  EXPECT_TRUE(rows[1].source_from_prompt);
  EXPECT_EQ(rows[2].source, "src text");  // `source` is text when `subset` names the subset
  EXPECT_EQ(rows[2].reference, "ref text");
  EXPECT_FALSE(rows[2].source_from_prompt);
  const std::string bad = write("bad.jsonl", R"({"prompt": "p", "chosen": 3, "rejected": "r", "subset": "x"})"
                                             "\n");
  EXPECT_NE(error_of([&] { trenchcoat::io::read_m_rewardbench_translation(bad); }).find("bad.jsonl:1:"),
            std::string::npos);
}

TEST_F(RatedTranslations, MapleRowsByDirectionAndSourceWithAnOptionalReference) {
  // Two directions in one file; de-en has one source with three systems, en-de one with two.
  const std::string path =
      write("maple.jsonl", R"({"lp": "de-en", "source": "s1", "translation": "a", "system": "sample1", "score": 4.5})"
                           "\n"
                           R"({"lp": "en-de", "source": "t1", "translation": "x", "system": "sample1", "score": 2})"
                           "\n"
                           R"({"lp": "de-en", "source": "s1", "translation": "b", "system": "beam", "score": 3})"
                           "\n"
                           R"({"lp": "de-en", "source": "s1", "translation": "ref", "system": "reference", "score": 5})"
                           "\n"
                           R"({"lp": "en-de", "source": "t1", "translation": "y", "system": "reference", "score": 6})"
                           "\n");
  const auto all = trenchcoat::io::read_maple_rated_translations(path, "", {});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].direction, "de-en");  // order of first appearance
  ASSERT_EQ(all[0].segments.size(), 1u);
  EXPECT_EQ(all[0].segments[0].outputs.size(), 3u);  // the reference is a candidate by default
  EXPECT_EQ(all[0].segments[0].outputs[0].score, 4.5);
  trenchcoat::io::RatedTranslationOptions with_reference;
  with_reference.reference_system = "reference";
  const auto referenced = trenchcoat::io::read_maple_rated_translations(path, "", with_reference);
  EXPECT_EQ(referenced[0].segments[0].reference, "ref");
  EXPECT_EQ(referenced[0].segments[0].outputs.size(), 2u);
  EXPECT_EQ(referenced[1].segments[0].reference, "y");
  const std::string twice = write("twice.jsonl", R"({"source": "s", "translation": "a", "system": "x", "score": 1})"
                                                 "\n"
                                                 R"({"source": "s", "translation": "b", "system": "x", "score": 2})"
                                                 "\n");
  EXPECT_NE(error_of([&] { trenchcoat::io::read_maple_rated_translations(twice, "de-en", {}); }).find("twice.jsonl:2:"),
            std::string::npos);
}

TEST(RatedTranslationNames, HumanSystemRule) {
  EXPECT_TRUE(trenchcoat::io::looks_like_human_system("ref"));      // TED's reference A
  EXPECT_TRUE(trenchcoat::io::looks_like_human_system("refB"));     // TED zh-en's reference B
  EXPECT_TRUE(trenchcoat::io::looks_like_human_system("Human-A"));  // newstest2020
  EXPECT_TRUE(trenchcoat::io::looks_like_human_system("ref-C"));    // newstest2021
  EXPECT_FALSE(trenchcoat::io::looks_like_human_system("Facebook-AI"));
  EXPECT_FALSE(trenchcoat::io::looks_like_human_system("metricsystem1"));
}

}  // namespace

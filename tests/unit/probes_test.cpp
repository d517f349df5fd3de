// Probes: the variant generators of `trenchcoat probe` (include/trenchcoat/probes/probe.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "probes/probe_random.hpp"
#include "probes/probe_text.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/probes/probe.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

using namespace trenchcoat::probes;

namespace {

ProbeOutcome run_probe(std::string_view name, std::string candidate, std::string language, std::uint64_t seed = 1,
                       std::string source = "") {
  ProbeInput input;
  input.candidate = std::move(candidate);
  input.language = std::move(language);
  input.source = std::move(source);
  return make_probe(name)->apply(input, seed);
}

std::string variant_of(std::string_view name, std::string candidate, std::string language, std::uint64_t seed = 1,
                       std::string source = "") {
  const ProbeOutcome outcome = run_probe(name, std::move(candidate), std::move(language), seed, std::move(source));
  EXPECT_TRUE(outcome.variant.has_value()) << name << ": " << outcome.skip_reason;
  return outcome.variant.value_or("");
}

std::string skip_reason_of(std::string_view name, std::string candidate, std::string language,
                           std::string source = "") {
  const ProbeOutcome outcome = run_probe(name, std::move(candidate), std::move(language), 1, std::move(source));
  EXPECT_FALSE(outcome.variant.has_value()) << name << " gave: " << outcome.variant.value_or("");
  EXPECT_FALSE(outcome.skip_reason.empty());
  return outcome.skip_reason;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  for (const std::string_view w : trenchcoat::text::split_whitespace(s)) out.emplace_back(w);
  return out;
}

std::vector<std::string> tokens_of(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& t : detail::word_tokens(s)) out.emplace_back(t.text);
  return out;
}

std::size_t count_of(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// The distinct variants over 50 items of a run seeded 7 (item seeds from probe_item_seed).
std::set<std::string> variants_over_items(std::string_view name, const std::string& candidate,
                                          const std::string& language, const std::string& source = "") {
  std::set<std::string> variants;
  for (std::uint64_t i = 0; i < 50; ++i) {
    const ProbeOutcome outcome = run_probe(name, candidate, language, probe_item_seed(7, name, i), source);
    if (outcome.variant) variants.insert(*outcome.variant);
  }
  return variants;
}

// Entities: Alice, Bob, Carol, Berlin (Yesterday, Then, Now start sentences); sites for every probe.
const std::string kMixed =
    "Yesterday Alice said the sky is blue. Then Bob was born in 1984! Now Carol can see 25 birds near Berlin.";

}  // namespace

TEST(ProbeRegistry, NamesInDocumentedOrder) {
  // The order of the list at the top of probe.hpp.
  const std::vector<std::string> expected{
      "truncation",  "word-shuffle", "sentence-repetition", "fluff",       "negation", "number-change",
      "entity-swap", "source-copy",  "sycophancy",          "format-only", "empty"};
  EXPECT_EQ(probe_names(), expected);
  for (const std::string& name : expected) EXPECT_EQ(make_probe(name)->info().name, name);
  EXPECT_TRUE(make_probe("source-copy")->info().needs_source);
  EXPECT_EQ(make_probe("negation")->info().languages, (std::vector<std::string>{"en", "de", "zh"}));
}

TEST(ProbeRegistry, UnknownProbeListsTheNames) {
  try {
    make_probe("typo");
    FAIL() << "no error";
  } catch (const trenchcoat::Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'typo'"), std::string::npos) << what;
    for (const std::string& name : probe_names()) EXPECT_NE(what.find(name), std::string::npos) << name;
  }
}

TEST(ProbeRegistry, ItemSeedsAreIndependent) {
  EXPECT_EQ(probe_item_seed(1, "fluff", 3), probe_item_seed(1, "fluff", 3));  // a function of its arguments
  std::set<std::uint64_t> seeds;
  for (const std::string& name : probe_names())
    for (std::uint64_t i = 0; i < 200; ++i) seeds.insert(probe_item_seed(42, name, i));
  EXPECT_EQ(seeds.size(), 11u * 200u);                                        // every (name, index) its own seed
  EXPECT_NE(probe_item_seed(1, "fluff", 0), probe_item_seed(2, "fluff", 0));  // the run seed matters
  EXPECT_NE(probe_item_seed(1, "fluff", 1), probe_item_seed(1, "empty", 1));
}

TEST(ProbeRandom, BoundedDrawsStayInRangeAndRepeat) {
  detail::ProbeRandom a(5), b(5);
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) {
    const std::size_t x = a.below(7);
    ASSERT_LT(x, 7u);
    ASSERT_EQ(x, b.below(7));
    ++seen[x];
  }
  for (int count : seen) EXPECT_GT(count, 800);  // about 1000 each; 800 is > 6 standard deviations below
  EXPECT_EQ(a.below(1), 0u);
  EXPECT_EQ(a.below(0), 0u);
}

TEST(ProbeText, LanguageCodesAndWordUnits) {
  EXPECT_EQ(detail::language_code("en-US"), "en");
  EXPECT_EQ(detail::language_code("ZH_Hans"), "zh");
  const auto en = detail::word_units("  the cat  sat ", "en");
  EXPECT_FALSE(en.spaceless);
  EXPECT_EQ(en.units, (std::vector<std::string_view>{"the", "cat", "sat"}));
  const auto zh = detail::word_units("我喜欢 猫", "zh");
  EXPECT_TRUE(zh.spaceless);
  EXPECT_EQ(zh.units, (std::vector<std::string_view>{"我", "喜", "欢", "猫"}));
  // No whitespace: characters; a combining mark stays with its letter (e + U+0301), a ZWJ emoji
  // sequence (man, ZWJ, laptop) is one unit.
  const auto spaceless = detail::word_units("ae\xCC\x81\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB", "en");
  EXPECT_TRUE(spaceless.spaceless);
  EXPECT_EQ(spaceless.units,
            (std::vector<std::string_view>{"a", "e\xCC\x81", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB"}));
}

TEST(ProbeText, Sentences) {
  EXPECT_EQ(detail::split_sentences("One. Two!  Three? Four"),
            (std::vector<std::string_view>{"One.", "Two!", "Three?", "Four"}));
  // No split inside 3.14 or e.g. without a following space; a closing quote stays with its sentence.
  EXPECT_EQ(detail::split_sentences("Pi is 3.14. He said \"yes.\" Then"),
            (std::vector<std::string_view>{"Pi is 3.14.", "He said \"yes.\"", "Then"}));
  EXPECT_EQ(detail::split_sentences("今天很好。明天呢？好！"),
            (std::vector<std::string_view>{"今天很好。", "明天呢？", "好！"}));
  EXPECT_EQ(detail::split_sentences("line one\n\nline two"), (std::vector<std::string_view>{"line one", "line two"}));
  EXPECT_TRUE(detail::split_sentences(" \n\t").empty());
}

TEST(ProbeTruncation, KeepsTheFirstHalfOfTheWords) {
  // 7 words: floor(7/2) = 3 kept.
  EXPECT_EQ(variant_of("truncation", "The cat sat on the mat today.", "en"), "The cat sat");
  // 2 words: 1 kept; the leading whitespace is part of the prefix, the trailing is trimmed.
  EXPECT_EQ(variant_of("truncation", "  Guten Tag  ", "de"), "  Guten");
  // zh: 6 characters, 3 kept.
  EXPECT_EQ(variant_of("truncation", "我喜欢吃苹果", "zh"), "我喜欢");
  const std::string original = "Alice is in Paris and Bob is in Berlin.";
  const std::string variant = variant_of("truncation", original, "en");
  EXPECT_LT(variant.size(), original.size());
  EXPECT_TRUE(original.starts_with(variant));
}

TEST(ProbeTruncation, SkipsTextsOfOneUnit) {
  EXPECT_NE(skip_reason_of("truncation", "a", "en").find("fewer than 2"), std::string::npos);
  EXPECT_NE(skip_reason_of("truncation", "猫", "zh").find("fewer than 2 characters"), std::string::npos);
  // One word without whitespace counts its characters: "Hello" has 5, 2 kept.
  EXPECT_EQ(variant_of("truncation", "Hello", "en"), "He");
}

TEST(ProbeWordShuffle, DifferentPermutationOfTheSameWords) {
  const std::string original = "the quick brown fox jumps over the lazy dog";
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const std::string variant = variant_of("word-shuffle", original, "en", seed);
    auto a = words_of(original), b = words_of(variant);
    EXPECT_NE(a, b);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b);  // the same multiset
  }
  // Two distinct words: the only different order is the swap.
  EXPECT_EQ(variant_of("word-shuffle", "hello world", "en"), "world hello");
  // zh: characters, joined without a separator.
  const std::string zh = variant_of("word-shuffle", "我喜欢猫", "zh");
  EXPECT_NE(zh, "我喜欢猫");
  EXPECT_EQ(trenchcoat::text::code_point_count(zh), 4u);
  EXPECT_EQ(zh.find(' '), std::string::npos);
}

TEST(ProbeWordShuffle, SkipsWithoutTwoDistinctWords) {
  EXPECT_NE(skip_reason_of("word-shuffle", "the the the", "en").find("distinct"), std::string::npos);
  EXPECT_NE(skip_reason_of("word-shuffle", "aaa", "en").find("distinct"), std::string::npos);
}

TEST(ProbeSentenceRepetition, RepeatsOneSentence) {
  const std::string original = "Alpha is first. Beta is second. Gamma is third.";
  std::set<std::string> variants;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    const std::string variant = variant_of("sentence-repetition", original, "en", seed);
    EXPECT_GT(variant.size(), original.size());
    int repeated = 0;
    for (const char* sentence : {"Alpha is first.", "Beta is second.", "Gamma is third."})
      repeated += count_of(variant, std::string(sentence) + " " + sentence) == 1;
    EXPECT_EQ(repeated, 1) << variant;
    variants.insert(variant);
  }
  EXPECT_EQ(variants.size(), 3u);  // each of the 3 sentences is chosen by some seed of 30
  EXPECT_EQ(variant_of("sentence-repetition", "Just one sentence", "en"), "Just one sentence Just one sentence");
  // zh: no separator.
  EXPECT_EQ(variant_of("sentence-repetition", "今天很好。", "zh"), "今天很好。今天很好。");
}

TEST(ProbeFluff, AddsAnOpeningAndAClosing) {
  const std::string original = "Water boils at 100 degrees.";
  const std::string variant = variant_of("fluff", original, "en");
  const std::size_t at = variant.find(original);
  ASSERT_NE(at, std::string::npos);
  EXPECT_GT(at, 0u);                                // an opening before
  EXPECT_GT(variant.size(), at + original.size());  // and a closing after
  const std::string de = variant_of("fluff", "Wasser kocht bei 100 Grad.", "de");
  EXPECT_NE(de.find(" Wasser kocht bei 100 Grad. "), std::string::npos);
  const std::string zh = variant_of("fluff", "水在一百度沸腾。", "zh");
  EXPECT_NE(zh.find("。水在一百度沸腾。"), std::string::npos);  // no separator in zh
  EXPECT_NE(skip_reason_of("fluff", original, "fr").find("'fr'"), std::string::npos);
  EXPECT_NE(skip_reason_of("fluff", original, "").find("unknown language"), std::string::npos);
}

TEST(ProbeNegation, English) {
  EXPECT_EQ(variant_of("negation", "The sky is blue.", "en"), "The sky is not blue.");
  EXPECT_EQ(variant_of("negation", "She can swim.", "en"), "She cannot swim.");
  EXPECT_EQ(variant_of("negation", "Is it raining?", "en"), "Is not it raining?");  // case kept
  EXPECT_EQ(variant_of("negation", "IT WILL RAIN", "en"), "IT WILL NOT RAIN");
  // The only sites are already negated or contracted: skipped. "island" is not "is".
  EXPECT_NE(skip_reason_of("negation", "It is not red and it can't fly to the island.", "en").find("no negatable"),
            std::string::npos);
  // Two sites: "is" and "will"; the seed picks one, both occur over seeds.
  std::set<std::string> variants = variants_over_items("negation", "It is late and we will go.", "en");
  EXPECT_EQ(variants, (std::set<std::string>{"It is not late and we will go.", "It is late and we will not go."}));
}

TEST(ProbeNegation, GermanAndChinese) {
  EXPECT_EQ(variant_of("negation", "Das Haus ist alt.", "de"), "Das Haus ist nicht alt.");
  EXPECT_EQ(variant_of("negation", "Wir können schwimmen.", "de"), "Wir können nicht schwimmen.");
  EXPECT_EQ(variant_of("negation", "他是学生。", "zh"), "他不是学生。");
  EXPECT_EQ(variant_of("negation", "我有一本书。", "zh"), "我没有一本书。");
  EXPECT_EQ(variant_of("negation", "你可以走。", "zh"), "你不可以走。");
  // 不是 is already negated, 但是 and 所有 are other words: no site.
  EXPECT_FALSE(run_probe("negation", "他不是学生，但是所有人都来了。", "zh").variant.has_value());
  EXPECT_NE(skip_reason_of("negation", "Le ciel est bleu.", "fr").find("'fr'"), std::string::npos);
}

TEST(ProbeNumberChange, ChangesExactlyOneDigit) {
  const std::string original = "Bob was born in 1984 and has 3 cats.";
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    const std::string variant = variant_of("number-change", original, "en", seed);
    ASSERT_EQ(variant.size(), original.size());
    std::size_t differences = 0;
    for (std::size_t i = 0; i < original.size(); ++i) {
      if (variant[i] == original[i]) continue;
      ++differences;
      EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(original[i])) &&
                  std::isdigit(static_cast<unsigned char>(variant[i])));
    }
    EXPECT_EQ(differences, 1u);
    EXPECT_NE(variant.substr(16, 1), "0");  // the 1 of 1984 never becomes a leading zero
  }
  EXPECT_EQ(variants_over_items("number-change", "7", "").size(),
            9u);  // 9 other digits; 50 draws hit all (miss chance < 0.05)
  EXPECT_NE(skip_reason_of("number-change", "No numbers here, only seven.", "en").find("no digit"), std::string::npos);
}

TEST(ProbeEntitySwap, SwapsTwoEntities) {
  // Entities: Alice, Bob, Paris ("Yesterday" starts the sentence, "I" is on the stoplist).
  const std::string original = "Yesterday Alice met Bob in Paris, and I was there.";
  const std::vector<std::string> entities{"Alice", "Bob", "Paris"};
  std::set<std::string> variants;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    const std::string variant = variant_of("entity-swap", original, "en", seed);
    const auto before = tokens_of(original), after = tokens_of(variant);
    ASSERT_EQ(before.size(), after.size());
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < before.size(); ++i)
      if (before[i] != after[i]) changed.push_back(i);
    ASSERT_EQ(changed.size(), 2u) << variant;
    EXPECT_EQ(before[changed[0]], after[changed[1]]);  // swapped
    EXPECT_EQ(before[changed[1]], after[changed[0]]);
    for (std::size_t i : changed) EXPECT_NE(std::find(entities.begin(), entities.end(), before[i]), entities.end());
    variants.insert(variant);
  }
  EXPECT_EQ(variants.size(), 3u);  // the 3 pairs of 3 entities
}

TEST(ProbeEntitySwap, RenamesTheOnlyEntity) {
  const std::string original = "The report was written by Smith, and Smith signed it.";
  const std::string variant = variant_of("entity-swap", original, "en");
  const auto before = tokens_of(original), after = tokens_of(variant);
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i] == "Smith") EXPECT_NE(after[i], "Smith");
    else EXPECT_EQ(before[i], after[i]);
  }
  EXPECT_EQ(after[5], after[7]);  // both occurrences get the same name
}

TEST(ProbeEntitySwap, GermanNeedsTheSourceAndSkips) {
  // German capitalises nouns: only words also in the source count (Angela, Berlin; not Präsidenten).
  const std::string source = "Yesterday Angela met the president in Berlin.";
  EXPECT_EQ(variant_of("entity-swap", "Gestern traf Angela den Präsidenten in Berlin.", "de", 1, source),
            "Gestern traf Berlin den Präsidenten in Angela.");
  EXPECT_NE(skip_reason_of("entity-swap", "Gestern traf Angela den Präsidenten.", "de").find("no source"),
            std::string::npos);
  EXPECT_NE(skip_reason_of("entity-swap", "北京是中国的首都。", "zh").find("'zh'"), std::string::npos);
  EXPECT_NE(skip_reason_of("entity-swap", "The cat sat on the mat. It was happy.", "en").find("no entity"),
            std::string::npos);
}

TEST(ProbeSourceCopy, CopiesTheSource) {
  EXPECT_EQ(variant_of("source-copy", "Der Hund bellt.", "de", 1, "The dog barks."), "The dog barks.");
  EXPECT_NE(skip_reason_of("source-copy", "Der Hund bellt.", "de").find("no source"), std::string::npos);
  EXPECT_NE(skip_reason_of("source-copy", "OK", "de", "OK").find("equals"), std::string::npos);
}

TEST(ProbeSycophancy, PrependsAnAgreeingOpening) {
  const std::string original = "The answer is 42.";
  const std::string variant = variant_of("sycophancy", original, "en");
  EXPECT_TRUE(variant.ends_with(" " + original));
  EXPECT_GT(variant.size(), original.size() + 1);
  EXPECT_TRUE(variant_of("sycophancy", "Die Antwort ist 42.", "de").ends_with("! Die Antwort ist 42."));
  const std::string zh = variant_of("sycophancy", "答案是42。", "zh");
  EXPECT_TRUE(zh.ends_with("！答案是42。"));  // no separator in zh
  EXPECT_NE(skip_reason_of("sycophancy", original, "ja").find("'ja'"), std::string::npos);
}

TEST(ProbeFormatOnly, MarkdownOfTheSameSentences) {
  EXPECT_EQ(variant_of("format-only", "First point. Second point!", "en"),
            "## Answer\n- First point.\n- Second point!");
  EXPECT_EQ(variant_of("format-only", "Erster Punkt.", "de"), "## Antwort\n- Erster Punkt.");
  EXPECT_EQ(variant_of("format-only", "第一点。第二点。", "zh"), "## 回答\n- 第一点。\n- 第二点。");
  EXPECT_EQ(variant_of("format-only", "Premier point. Second point.", "fr"), "- Premier point.\n- Second point.");
  // Removing the markup (the header line, the "- " of each bullet) gives back the original sentences.
  const std::string original = "Alice is here. Bob? Yes!\nA new line without a stop";
  const std::string variant = variant_of("format-only", original, "en");
  std::vector<std::string_view> lines = detail::split_sentences(original);
  std::vector<std::string> unmarked;
  std::size_t start = 0;
  while (start <= variant.size()) {
    const std::size_t end = std::min(variant.find('\n', start), variant.size());
    const std::string line = variant.substr(start, end - start);
    if (!line.starts_with("## ")) {
      EXPECT_TRUE(line.starts_with("- ")) << line;
      unmarked.push_back(line.substr(2));
    }
    start = end + 1;
  }
  EXPECT_EQ(unmarked, (std::vector<std::string>(lines.begin(), lines.end())));
  EXPECT_EQ(unmarked.size(), 4u);
}

TEST(ProbeEmpty, WhitespaceOnly) {
  std::set<std::string> variants = variants_over_items("empty", "A real answer.", "en");
  EXPECT_EQ(variants, (std::set<std::string>{"", " ", "\n", " \n\t"}));  // the 4 choices, each hit in 50 draws
  for (const std::string& v : variants) EXPECT_TRUE(detail::is_blank(v));
  EXPECT_NE(skip_reason_of("empty", " \n", "en").find("whitespace"), std::string::npos);
}

TEST(ProbeDeterminism, SameSeedSameVariantAndSeedsMatter) {
  const std::string source = "Gestern sah Alice Bob in Berlin.";
  for (const std::string& name : probe_names()) {
    for (std::uint64_t i = 0; i < 5; ++i) {
      const std::uint64_t seed = probe_item_seed(3, name, i);
      const ProbeOutcome a = run_probe(name, kMixed, "en", seed, source);
      const ProbeOutcome b = run_probe(name, kMixed, "en", seed, source);
      EXPECT_EQ(a.variant, b.variant) << name;
      EXPECT_TRUE(a.variant.has_value()) << name << ": " << a.skip_reason;  // kMixed has something for every probe
    }
  }
  // The random probes: at least two different variants over 50 items.
  for (const char* name : {"word-shuffle", "sentence-repetition", "fluff", "negation", "number-change", "entity-swap",
                           "sycophancy", "empty"})
    EXPECT_GE(variants_over_items(name, kMixed, "en").size(), 2u) << name;
}

TEST(ProbeRobustness, OddInputsNeverThrow) {
  std::string long_text;
  for (int i = 0; i < 10000; ++i)
    long_text += (i % 17 == 0 ? "Word" : "word") + std::to_string(i % 13) + (i % 11 == 10 ? ". " : " ");
  const std::vector<std::string> inputs{
      "",
      " ",
      " \n\t ",
      "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",  // emoji, one with a skin-tone modifier
      "e\xCC\x81\xCC\x81 \xCC\x81x",                       // combining marks, one at a word start
      "\xCC\x81",                                          // a lone combining mark
      "?!... ,;: --",                                      // only punctuation
      "...",
      "0",
      "A",
      "Ist.",
      "是",
      "x\n\n\ny",
      "\xE2\x80\x8D\xE2\x80\x8D",  // zero-width joiners only
      "Mr. Dr. I. May. Sie.",
      long_text,
  };
  const std::vector<std::string> languages{"", "en", "de", "zh", "ja", "th", "fr", "en-US", "x"};
  for (const std::string& name : probe_names()) {
    const auto probe = make_probe(name);
    for (const std::string& input_text : inputs) {
      for (const std::string& language : languages) {
        for (std::uint64_t seed = 0; seed < (input_text.size() > 1000 ? 1u : 4u); ++seed) {
          ProbeInput input;
          input.candidate = input_text;
          input.language = language;
          input.source = seed % 2 ? "Alice met Bob." : "";
          ProbeOutcome outcome;
          ASSERT_NO_THROW(outcome = probe->apply(input, seed)) << name;
          if (outcome.variant) {
            EXPECT_FALSE(trenchcoat::text::find_invalid_utf8(*outcome.variant).has_value()) << name;
            EXPECT_NE(*outcome.variant, input_text) << name;
          } else {
            EXPECT_FALSE(outcome.skip_reason.empty()) << name;
          }
        }
      }
    }
  }
  // Invalid UTF-8 is a skip, not a crash.
  EXPECT_NE(skip_reason_of("truncation", "ab \xFF cd", "en").find("UTF-8"), std::string::npos);
}

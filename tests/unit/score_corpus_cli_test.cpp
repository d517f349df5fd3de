// `trenchcoat score` corpus scores: the same as `trenchcoat sacrebleu` on the same lines whatever the
// batch size, and one per system (--by) when rows name their system.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

// Generated translations (a fixed linear congruential stream): a reference of 3 to 17 words and a
// hypothesis that drops, replaces or swaps some of them; the system cycles through sys0..sys2.
struct Lines {
  std::vector<std::string> hyps, refs, systems;
};

Lines generated_lines(std::size_t n) {
  static const char* kWords[] = {"the", "a",    "cat",  "dog",   "sat",  "on",    "mat",  "house", "red",  "blue",
                                 "fox", "over", "lazy", "river", "bank", "money", "tree", "green", "runs", "slowly",
                                 "is",  "was",  "and",  "but",   "not",  "very",  "old",  "new",   ",",    "."};
  constexpr std::size_t kVocabulary = sizeof(kWords) / sizeof(kWords[0]);
  std::uint64_t state = 2024;
  auto next = [&](std::size_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % bound);
  };
  Lines out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string ref, hyp;
    const std::size_t words = 3 + next(15);
    for (std::size_t k = 0; k < words; ++k) {
      const std::string w = kWords[next(kVocabulary)];
      ref += (ref.empty() ? "" : " ") + w;
      const std::size_t r = next(8);
      if (r == 0) continue;
      hyp += (hyp.empty() ? "" : " ") + (r == 1 ? std::string(kWords[next(kVocabulary)]) : w);
    }
    out.hyps.push_back(hyp);
    out.refs.push_back(ref);
    out.systems.push_back("sys" + std::to_string(i % 3));
  }
  return out;
}

std::string lines_text(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// The number after "<scorer>: ...; corpus score " in a summary line that starts with `prefix`.
std::string summary_score(const std::string& stderr_text, const std::string& prefix,
                          const std::string& label = "corpus score ") {
  const std::size_t line = stderr_text.find(prefix);
  if (line == std::string::npos) return "(no line '" + prefix + "')";
  const std::size_t end = stderr_text.find('\n', line);
  const std::string text = stderr_text.substr(line, end - line);
  const std::size_t at = text.find(label);
  if (at == std::string::npos) return "(no corpus score in '" + text + "')";
  const std::size_t start = at + label.size();
  return text.substr(start, text.find_first_of("; (", start) - start);
}

class ScoreCorpusCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  // `trenchcoat sacrebleu REF -i HYP -m METRIC -b -w 4`: the corpus score with 4 decimals, as the
  // score summary prints it.
  std::string sacrebleu(const std::string& ref, const std::string& hyp, const std::string& metric) const {
    const auto r = trenchcoat({"sacrebleu", ref, "-i", hyp, "-m", metric, "-b", "-w", "4"});
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    std::string s = r.stdout_text;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }
  // Rows {"mt", "ref"} (and "system" when with_system) as JSON Lines.
  void write_rows(const Lines& lines, bool with_system) const {
    std::string rows;
    for (std::size_t i = 0; i < lines.hyps.size(); ++i) {
      nlohmann::ordered_json row;
      if (with_system) row["system"] = lines.systems[i];
      row["mt"] = lines.hyps[i];
      row["ref"] = lines.refs[i];
      rows += row.dump() + "\n";
    }
    write("rows.jsonl", rows);
  }
};

TEST_F(ScoreCorpusCli, CorpusScoresEqualSacrebleuWhateverTheBatchSize) {
  const Lines lines = generated_lines(512);  // two default batches of 256
  write_rows(lines, false);
  write("hyp.txt", lines_text(lines.hyps));
  write("ref.txt", lines_text(lines.refs));
  for (const std::vector<std::string>& batch :
       {std::vector<std::string>{}, std::vector<std::string>{"--batch-size", "7"},
        std::vector<std::string>{"--batch-size", "1000"}}) {
    std::vector<std::string> args = {"score", "--data",   "rows.jsonl", "--scorer", "bleu",        "--scorer",
                                     "chrf",  "--scorer", "ter",        "--out",    "scored.jsonl"};
    args.insert(args.end(), batch.begin(), batch.end());
    std::filesystem::remove(dir_ / "scored.jsonl");
    const auto r = trenchcoat(args);
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    SCOPED_TRACE(batch.empty() ? "default batch size" : "--batch-size " + batch[1]);
    EXPECT_EQ(summary_score(r.stderr_text, "trenchcoat score: bleu: 512 rows"),
              sacrebleu("ref.txt", "hyp.txt", "bleu"));
    EXPECT_EQ(summary_score(r.stderr_text, "trenchcoat score: chrf: 512 rows"),
              sacrebleu("ref.txt", "hyp.txt", "chrf"));
    EXPECT_EQ(summary_score(r.stderr_text, "trenchcoat score: ter: 512 rows"), sacrebleu("ref.txt", "hyp.txt", "ter"));
  }
}

TEST_F(ScoreCorpusCli, RowsWithASystemGetOneCorpusScorePerSystem) {
  const Lines lines = generated_lines(300);
  write_rows(lines, true);
  write("ref.txt", lines_text(lines.refs));
  write("hyp.txt", lines_text(lines.hyps));
  for (const std::string sys : {"sys0", "sys1", "sys2"}) {
    std::vector<std::string> hyps, refs;
    for (std::size_t i = 0; i < lines.hyps.size(); ++i)
      if (lines.systems[i] == sys) {
        hyps.push_back(lines.hyps[i]);
        refs.push_back(lines.refs[i]);
      }
    write(sys + ".hyp", lines_text(hyps));
    write(sys + ".ref", lines_text(refs));
  }
  for (const std::string batch : {"256", "7"}) {
    SCOPED_TRACE("--batch-size " + batch);
    const auto r = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--scorer", "chrf", "--batch-size",
                               batch, "--out", "scored.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    std::filesystem::remove(dir_ / "scored.jsonl");
    EXPECT_NE(r.stderr_text.find("trenchcoat score: bleu: 300 rows"), std::string::npos) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("corpus score per system below"), std::string::npos) << r.stderr_text;
    for (const std::string sys : {"sys0", "sys1", "sys2"})
      for (const std::string metric : {"bleu", "chrf"})
        EXPECT_EQ(summary_score(r.stderr_text, "trenchcoat score: " + metric + ": system " + sys + ": "),
                  sacrebleu(sys + ".ref", sys + ".hyp", metric))
            << metric << " " << sys << "\n"
            << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("trenchcoat score: bleu: system sys0: corpus score "), std::string::npos);
    EXPECT_NE(r.stderr_text.find(" (100 items)"), std::string::npos);  // 300 rows, systems in turn
  }
  // --by none: one pooled score over all rows.
  const auto pooled =
      trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--by", "none", "--out", "scored.jsonl"});
  ASSERT_EQ(pooled.exit_code, 0) << pooled.stderr_text;
  EXPECT_EQ(summary_score(pooled.stderr_text, "trenchcoat score: bleu: 300 rows"),
            sacrebleu("ref.txt", "hyp.txt", "bleu"));
  EXPECT_EQ(pooled.stderr_text.find("system sys0"), std::string::npos) << pooled.stderr_text;
}

TEST_F(ScoreCorpusCli, ExampleSegmentsGetOneScorePerSystem) {
  // examples/translation/segments.tsv: 10 segments of system-1 and of system-2 with reference A
  // (system-1.de, system-2.de and ref.A.de hold the same lines).
  const std::string examples = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/translation/";
  const auto r = trenchcoat({"score", "--data", examples + "segments.tsv", "--scorer", "bleu", "--out", "scored.tsv"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const std::string sys : {"system-1", "system-2"})
    EXPECT_EQ(summary_score(r.stderr_text, "trenchcoat score: bleu: system " + sys + ": "),
              sacrebleu(examples + "ref.A.de", examples + sys + ".de", "bleu"))
        << r.stderr_text;
}

TEST_F(ScoreCorpusCli, ByAnyColumnAndMeansPerGroup) {
  write("rows.jsonl", R"({"mt": "a b c", "ref": "a b c", "domain": "news"})"
                      "\n"
                      R"({"mt": "a", "ref": "a b", "domain": "chat"})"
                      "\n"
                      R"({"mt": "a b c d e", "ref": "a", "domain": "news"})"
                      "\n");
  const auto r = trenchcoat(
      {"score", "--data", "rows.jsonl", "--scorer", "length:unit=words", "--by", "domain", "--batch-size", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  // Mean word counts: news (3 + 5) / 2 = 4, chat 1 (hand computation).
  EXPECT_NE(r.stderr_text.find("trenchcoat score: length: domain news: mean 4.0000 (2 items)"), std::string::npos)
      << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("trenchcoat score: length: domain chat: mean 1.0000 (1 item)"), std::string::npos)
      << r.stderr_text;
  const auto none = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "length:unit=words", "--batch-size", "2"});
  ASSERT_EQ(none.exit_code, 0) << none.stderr_text;
  EXPECT_NE(none.stderr_text.find("; mean 3.0000"), std::string::npos) << none.stderr_text;  // (3 + 1 + 5) / 3
}

TEST_F(ScoreCorpusCli, ByAFieldThatRowsLackIsAnError) {
  write("rows.jsonl", R"({"mt": "a", "ref": "a", "system": "s1"})"
                      "\n"
                      R"({"mt": "b", "ref": "b"})"
                      "\n");
  const auto missing = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--out", "scored.jsonl"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.stderr_text.find("rows.jsonl:2: no 'system' value"), std::string::npos) << missing.stderr_text;
  EXPECT_NE(missing.stderr_text.find("--by none"), std::string::npos) << missing.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "scored.jsonl"));
  const auto unknown = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--by", "lp"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.stderr_text.find("--by lp: there is no field 'lp'"), std::string::npos) << unknown.stderr_text;
}

}  // namespace

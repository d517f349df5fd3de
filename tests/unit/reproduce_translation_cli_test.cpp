// `trenchcoat reproduce translation` end to end on small inputs written here: an error-level MQM TSV
// (pairs worked out by hand below), M-RewardBench rows, MAPLE rows; the scored pairs file; and bad input
// as one line naming the file (and line) with exit 1, or a usage error with exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

// Segment 1: A No-error (0), B Minor (-1), C Major (-5), D two Minors (-2): EASY (A, C); the rest B -1,
// D -2, gap 1 >= 0.5: HARD (B, D). Segment 2: A Major (-5), B and C No-error (0, tied best: one drawn),
// D Minor (-1): EASY (B or C, A); HARD (the other of B and C, D). Segment 3: every system 0: no pair.
// `ref` is the reference; `refB` a human translation, left out by the ref* rule.
// Lengths (code points): segment 1 A 22 > C 7 (EASY right), B 20 < D 26 (HARD wrong); segment 2 B 17
// and C 18 > A 3 and D 10 (both right): the length baseline scores 1 on EASY, 1/2 on HARD, 3/4 overall.
std::string synthetic_mqm() {
  const std::string header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n";
  std::string t = header;
  auto row = [&](const std::string& system, int seg, const std::string& target, const std::string& category,
                 const std::string& severity) {
    t += system + "\tdoc1\t1\t" + std::to_string(seg) + "\trater1\tsource " + std::to_string(seg) + "\t" + target +
         "\t" + category + "\t" + severity + "\n";
  };
  const std::vector<std::vector<std::string>> texts = {
      {"the cat sat on the mat", "the cat sat on a mat", "cat mat", "the cat is on the mat now!"},
      {"dog", "the dog runs fast", "the dog is running", "a dog runs"},
      {"a bird", "one bird", "the bird", "birds"}};
  const std::vector<std::string> systems = {"A", "B", "C", "D"};
  for (int seg = 1; seg <= 3; ++seg) {
    row("ref", seg, "reference " + std::to_string(seg), "No-error", "No-error");
    row("refB", seg, "second reference " + std::to_string(seg), "No-error", "No-error");
  }
  row("A", 1, texts[0][0], "No-error", "No-error");
  row("B", 1, "<v>" + texts[0][1] + "</v>", "Accuracy/Mistranslation", "Minor");
  row("C", 1, texts[0][2], "Accuracy/Omission", "Major");
  row("D", 1, texts[0][3], "Fluency/Grammar", "Minor");
  row("D", 1, texts[0][3], "Accuracy/Mistranslation", "Minor");
  row("A", 2, texts[1][0], "Accuracy/Omission", "Major");
  row("B", 2, texts[1][1], "No-error", "No-error");
  row("C", 2, texts[1][2], "No-error", "No-error");
  row("D", 2, texts[1][3], "Fluency/Grammar", "Minor");
  for (std::size_t s = 0; s < 4; ++s) row(systems[s], 3, texts[2][s], "No-error", "No-error");
  return t;
}

class ReproduceTranslationCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult reproduce(std::vector<std::string> args) const {
    args.insert(args.begin(), {"reproduce", "translation"});
    return trenchcoat(args);
  }
  const nlohmann::json& scorer(const nlohmann::json& j, const std::string& column) {
    for (const auto& s : j["scorers"])
      if (s["column"] == column) return s;
    throw std::runtime_error("no scorer " + column);
  }
};

TEST_F(ReproduceTranslationCli, PairsFromMqmRatingsScoredWithTheLengthBaseline) {
  write("mqm.tsv", synthetic_mqm());
  const auto r = reproduce({"--mqm", "en-de=mqm.tsv", "--scorer", "chrf", "--bootstrap", "200", "--folds", "2",
                            "--pairs-out", "pairs.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["kind"], "reproduce translation");
  const auto& d = j["directions"][0];
  EXPECT_EQ(d["direction"], "en-de");
  EXPECT_EQ(d["reference_system"], "ref");
  EXPECT_EQ(d["human_systems_left_out"], nlohmann::json::array({"refB"}));
  EXPECT_EQ(d["candidates"], nlohmann::json::array({"A", "B", "C", "D"}));
  EXPECT_EQ(d["easy_pairs"], 2);  // segments 1 and 2 (see synthetic_mqm)
  EXPECT_EQ(d["hard_pairs"], 2);
  EXPECT_EQ(j["subsets"], nlohmann::json::array({"translation-easy-en-de", "translation-hard-en-de"}));
  ASSERT_EQ(j["scorers"].size(), 2u);
  EXPECT_EQ(j["scorers"][1]["column"], "length");  // the baseline, added
  const auto& length = scorer(j, "length");
  EXPECT_EQ(length["overall"]["accuracy"], 0.75);  // hand computation in synthetic_mqm
  EXPECT_EQ(length["subsets"][0]["accuracy"], 1.0);
  EXPECT_EQ(length["subsets"][1]["accuracy"], 0.5);
  EXPECT_EQ(length["cell_mean"], 0.75);
  EXPECT_EQ(j["comparisons"].size(), 1u);
  // Figures for the report: the accuracy table first, then the bars with one series per scorer.
  ASSERT_GE(j["figures"].size(), 3u);
  EXPECT_EQ(j["figures"][0]["type"], "table");
  EXPECT_EQ(j["figures"][1]["type"], "bars");
  EXPECT_EQ(j["figures"][1]["series"].size(), 2u);
  // The scored pairs: preference rows `meta pairs` reads, with the human scores and systems beside.
  const std::string pairs = trenchcoat::testing::read_file((dir_ / "pairs.jsonl").string());
  std::vector<nlohmann::json> rows;
  for (std::size_t at = 0, nl; (nl = pairs.find('\n', at)) != std::string::npos; at = nl + 1)
    rows.push_back(nlohmann::json::parse(pairs.substr(at, nl - at)));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["id"], "en-de-easy-1");
  EXPECT_EQ(rows[0]["chosen_system"], "A");
  EXPECT_EQ(rows[0]["rejected_system"], "C");
  EXPECT_EQ(rows[0]["chosen_human_score"], 0.0);
  EXPECT_EQ(rows[0]["rejected_human_score"], -5.0);
  EXPECT_EQ(rows[0]["reference"], "reference 1");
  EXPECT_EQ(rows[0]["prompt"], "Translate the following English text into German.\n\nsource 1");
  EXPECT_EQ(rows[2]["id"], "en-de-hard-1");
  EXPECT_EQ(rows[2]["chosen_system"], "B");
  EXPECT_EQ(rows[2]["rejected_system"], "D");
  EXPECT_TRUE(rows[0].contains("chrf.chosen"));
  EXPECT_TRUE(rows[0].contains("length.rejected"));
  // `meta pairs` on the file gives the same length accuracy.
  const auto mp = trenchcoat({"meta", "pairs", "--data", "pairs.jsonl", "--scorer", "length", "--bootstrap", "200"});
  ASSERT_EQ(mp.exit_code, 0) << mp.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(mp.stdout_text)["score"], length["overall"]["accuracy"]);
  // An existing --pairs-out is refused without --overwrite and left as it was.
  const auto again = reproduce({"--mqm", "en-de=mqm.tsv", "--pairs-out", "pairs.jsonl"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.stderr_text.find("--overwrite"), std::string::npos) << again.stderr_text;
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "pairs.jsonl").string()), pairs);
  // Text output: the tables.
  const auto text = reproduce({"--mqm", "en-de=mqm.tsv", "--bootstrap", "100", "--folds", "2", "-f", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("EASY en-de"), std::string::npos);
  EXPECT_NE(text.stdout_text.find("human translations left out: refB"), std::string::npos);
  // With --include-human, refB is a candidate.
  const auto human = reproduce({"--mqm", "en-de=mqm.tsv", "--include-human", "--bootstrap", "0", "--folds", "2"});
  ASSERT_EQ(human.exit_code, 0) << human.stderr_text;
  EXPECT_EQ(nlohmann::json::parse(human.stdout_text)["directions"][0]["candidates"].size(), 5u);
}

TEST_F(ReproduceTranslationCli, MRewardBenchRowsGetThePublishedRows) {
  std::string rows;
  for (const char* subset : {"translation-easy-de-en", "translation-hard-de-en", "maple-easy-en-zh"})
    for (int i = 0; i < 3; ++i)
      rows += nlohmann::json{{"id", std::string(subset) + std::to_string(i)},
                             {"prompt", "Translate: Hallo Welt " + std::to_string(i)},
                             {"chosen", "Hello world, a longer answer " + std::to_string(i)},
                             {"rejected", "Hi " + std::to_string(i)},
                             {"source", subset}}
                  .dump() +
              "\n";
  write("mrb.jsonl", rows);
  const auto r = reproduce({"--m-rewardbench", "mrb.jsonl", "--bootstrap", "0", "--folds", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_TRUE(j["m_rewardbench_data"].get<bool>());
  // M-RewardBench's column order: de-en before en-zh.
  EXPECT_EQ(j["subsets"], nlohmann::json::array({"translation-easy-de-en", "translation-hard-de-en",
                                                 "translation-easy-en-zh", "translation-hard-en-zh"}));
  EXPECT_EQ(scorer(j, "length")["overall"]["accuracy"], 1.0);  // every chosen is the longer
  EXPECT_TRUE(j["directions"][0]["source_from_prompt"].get<bool>());
  EXPECT_EQ(j["figures"].back()["rows"][0][0], "GPT-4o (gpt-4o-2024-08-06, generative)");
  // No reference in these rows: a reference-based metric is a usage error naming the direction.
  const auto bleu = reproduce({"--m-rewardbench", "mrb.jsonl", "--scorer", "bleu"});
  EXPECT_EQ(bleu.exit_code, 2);
  EXPECT_NE(bleu.stderr_text.find("reads a reference"), std::string::npos) << bleu.stderr_text;
  // A subset that is not a translation subset: file and line.
  write("other.jsonl", "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\", \"subset\": \"chat\"}\n");
  const auto other = reproduce({"--m-rewardbench", "other.jsonl"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.stderr_text.find("other.jsonl:1:"), std::string::npos) << other.stderr_text;
}

TEST_F(ReproduceTranslationCli, MapleRowsGroupedBySource) {
  // One source, five translations scored 1-6 (MAPLE): best 5.5 (s1), worst 2.0 (beam): EASY gap 3.5;
  // the rest 4.0, 3.5, 3.0: the closest pair at least 0.5 apart is (4.0, 3.5) or (3.5, 3.0), one drawn.
  std::string rows;
  const std::vector<std::pair<std::string, double>> systems = {
      {"sample1", 5.5}, {"sample2", 4.0}, {"sample3", 3.5}, {"beam", 2.0}, {"reference", 3.0}};
  for (const auto& [system, score] : systems)
    rows += nlohmann::json{{"source", "Guten Morgen"},
                           {"translation", "Good morning from " + system},
                           {"system", system},
                           {"score", score},
                           {"lp", "de-en"}}
                .dump() +
            "\n";
  write("maple.jsonl", rows);
  const auto r = reproduce({"--maple", "maple.jsonl", "--bootstrap", "0", "--folds", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["directions"][0]["direction"], "de-en");
  EXPECT_EQ(j["directions"][0]["easy_pairs"], 1);
  EXPECT_EQ(j["directions"][0]["hard_pairs"], 1);
  EXPECT_EQ(j["directions"][0]["candidates"].size(), 5u);  // MAPLE's reference is a candidate by default
  EXPECT_FALSE(j["m_rewardbench_data"].get<bool>());
}

TEST_F(ReproduceTranslationCli, BadInputIsOneLine) {
  write("mqm.tsv", synthetic_mqm() + "A\tdoc1\t1\t4\trater1\tsrc\ttgt\tAccuracy\tSevere\n");
  const auto bad = reproduce({"--mqm", "en-de=mqm.tsv"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.stderr_text.find("trenchcoat reproduce translation: error: mqm.tsv:"), std::string::npos)
      << bad.stderr_text;
  write("good.tsv", synthetic_mqm());
  const auto no_lp = reproduce({"--mqm", "good.tsv"});
  EXPECT_EQ(no_lp.exit_code, 2);
  EXPECT_NE(no_lp.stderr_text.find("LP=PATH"), std::string::npos) << no_lp.stderr_text;
  const auto no_ref = reproduce({"--mqm", "en-de=good.tsv", "--reference-system", "nobody"});
  EXPECT_EQ(no_ref.exit_code, 1);
  EXPECT_NE(no_ref.stderr_text.find("good.tsv"), std::string::npos) << no_ref.stderr_text;
  const auto twice = reproduce({"--mqm", "en-de=good.tsv", "--mqm", "en-de=good.tsv"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(reproduce({}).exit_code, 2);  // no input
  write("maple.jsonl", "{\"source\": \"s\", \"translation\": \"t\", \"system\": \"x\", \"score\": 1}\n");
  const auto maple = reproduce({"--maple", "maple.jsonl"});
  EXPECT_EQ(maple.exit_code, 1);
  EXPECT_NE(maple.stderr_text.find("maple.jsonl:1:"), std::string::npos) << maple.stderr_text;
}

TEST_F(ReproduceTranslationCli, MtmeDirectoryGivesTheSamePairsAsTheMqmFile) {
  // The MQM file imported into an mt-metrics-eval directory (ref as reference refA, refB as a second
  // reference, i.e. a human system): the same candidates, scores and segments, so the same pairs.
  write("mqm.tsv", synthetic_mqm());
  const auto imported = trenchcoat({"mtme", "import-mqm", "--tsv", "mqm.tsv", "--root", "mt", "--lp", "en-de",
                                    "--reference", "ref=refA", "--reference", "refB=refB"});
  ASSERT_EQ(imported.exit_code, 0) << imported.stderr_text;
  const auto several = reproduce({"--mtme", "en-de=mt"});
  EXPECT_EQ(several.exit_code, 1);  // two references and none chosen
  EXPECT_NE(several.stderr_text.find("--reference-system"), std::string::npos) << several.stderr_text;
  const auto a = reproduce({"--mtme", "en-de=mt", "--reference-system", "refA", "--bootstrap", "0", "--folds", "2",
                            "--pairs-out", "a.jsonl"});
  ASSERT_EQ(a.exit_code, 0) << a.stderr_text;
  const auto ja = nlohmann::json::parse(a.stdout_text);
  EXPECT_EQ(ja["directions"][0]["human_systems_left_out"], nlohmann::json::array({"refB"}));
  EXPECT_EQ(ja["directions"][0]["candidates"], nlohmann::json::array({"A", "B", "C", "D"}));
  const auto b = reproduce({"--mqm", "en-de=mqm.tsv", "--bootstrap", "0", "--folds", "2", "--pairs-out", "b.jsonl"});
  ASSERT_EQ(b.exit_code, 0) << b.stderr_text;
  const std::string ra = trenchcoat::testing::read_file((dir_ / "a.jsonl").string());
  const std::string rb = trenchcoat::testing::read_file((dir_ / "b.jsonl").string());
  EXPECT_EQ(ra, rb);
}

}  // namespace

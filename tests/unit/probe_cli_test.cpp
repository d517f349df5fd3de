// `trenchcoat probe` end to end: variants scored against their originals, failure rates by the
// scorer's direction, skips counted per reason, determinism under --seed, and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge_test_server.hpp"
#include "trenchcoat/build_options.hpp"
#include "test_support.hpp"

namespace {

class ProbeCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    write("refs.tsv",
          "source\tmt\tref\n"
          "Das ist gut.\tThe house is old. It was built long ago.\tThe house is old. It was built long ago.\n"
          "Wir sind hier.\tWe are here and we will stay.\tWe are here and we will stay.\n"
          "Anna wohnt in Paris.\tAnna lives in Paris with Tom.\tAnna lives in Paris with Tom.\n");
  }
  trenchcoat::testing::CommandResult probe(std::vector<std::string> args) const {
    args.insert(args.begin(), "probe");
    return trenchcoat(args);
  }
  static const nlohmann::json& result(const nlohmann::json& j, const std::string& probe, const std::string& scorer) {
    for (const auto& p : j["probes"])
      if (p["probe"] == probe)
        for (const auto& r : p["results"])
          if (r["scorer"] == scorer) return r;
    throw std::runtime_error("no result " + probe + "/" + scorer);
  }
};

TEST_F(ProbeCli, FailureRatesFollowTheScorersDirection) {
  const auto r = probe({"--data", "refs.tsv", "--scorer", "length", "--scorer", "ter", "--scorer", "bleu", "--probes",
                        "truncation,sycophancy,empty", "--language", "en", "--bootstrap", "200"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["items"], 3);
  // length prefers longer: a truncated answer never passes as at least as good; a sycophantic
  // opening always does (it only adds words).
  EXPECT_EQ(result(j, "truncation", "length")["failure_rate"].get<double>(), 0.0);
  EXPECT_EQ(result(j, "sycophancy", "length")["failure_rate"].get<double>(), 1.0);
  EXPECT_GT(result(j, "sycophancy", "length")["mean_shift"].get<double>(), 0.0);
  // TER is lower-is-better: the original equals its reference (TER 0), every variant scores worse.
  EXPECT_EQ(result(j, "empty", "ter")["failure_rate"].get<double>(), 0.0);
  EXPECT_GT(result(j, "empty", "ter")["mean_shift"].get<double>(), 0.0);
  // mt == ref: sentence BLEU 100 up to rounding (sacreBLEU's exp of summed logs gives 100 +- 1e-13).
  EXPECT_NEAR(result(j, "empty", "bleu")["mean_original"].get<double>(), 100.0, 1e-9);
  EXPECT_EQ(result(j, "empty", "bleu")["failures"], 0);
  const auto& ci = result(j, "sycophancy", "length")["mean_shift_interval"];
  EXPECT_LE(ci[0].get<double>(), ci[1].get<double>());
}

TEST_F(ProbeCli, SkipsAreCountedWithTheirReason) {
  const auto r = probe({"--data", "refs.tsv", "--scorer", "length", "--probes", "number-change,fluff"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  for (const auto& p : j["probes"]) {
    EXPECT_EQ(p["applicable"], 0) << p.dump();  // no digits; fluff needs a known language (none given)
    std::size_t skipped = 0;
    for (const auto& [reason, count] : p["skipped"].items()) skipped += count.get<std::size_t>();
    EXPECT_EQ(skipped, 3u);
    EXPECT_EQ(p["results"][0]["items"], 0);
    EXPECT_FALSE(p["results"][0].contains("failure_rate"));  // nothing measured: no number, no NaN
  }
}

TEST_F(ProbeCli, DeterministicUnderTheSeedAndVariantsWritten) {
  const std::vector<std::string> args = {"--data", "refs.tsv", "--scorer", "chrf",       "--language",
                                         "en",     "--seed",   "5",        "--variants", "variants.jsonl"};
  auto again = args;
  again.push_back("--overwrite");  // the second run replaces the first run's variants file
  const auto a = probe(args), b = probe(again);
  ASSERT_EQ(a.exit_code, 0) << a.stderr_text;
  EXPECT_EQ(a.stdout_text, b.stdout_text);
  const std::string variants = trenchcoat::testing::read_file((dir_ / "variants.jsonl").string());
  EXPECT_NE(variants.find("\"probe\":\"word-shuffle\""), std::string::npos);
  EXPECT_NE(variants.find("\"original\":\"We are here and we will stay.\""), std::string::npos);
  const auto text = probe({"--data", "refs.tsv", "--scorer", "chrf", "--language", "en", "-f", "text"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  EXPECT_NE(text.stdout_text.find("source-copy"), std::string::npos);
  EXPECT_NE(text.stdout_text.find("failure rate"), std::string::npos);
}

TEST_F(ProbeCli, PairwiseScorersCompareTheVariantWithItsOriginal) {
  if (!TRENCHCOAT_WITH_JUDGES) GTEST_SKIP() << "this build has no judge scorers (TRENCHCOAT_WITH_JUDGES=OFF)";
  // A pairwise LLM judge (scripted endpoint) that always prefers the longer response: it fails every
  // probe that only adds words and passes every one that removes them.
  auto response = [](const std::string& text, const std::string& who) {
    const std::string start = "[Start of assistant " + who + "'s response]\n",
                      end = "\n[End of assistant " + who + "'s response]";
    const std::size_t a = text.find(start), b = text.find(end);
    return a == std::string::npos || b == std::string::npos ? std::string()
                                                            : text.substr(a + start.size(), b - a - start.size());
  };
  trenchcoat::testing::JudgeTestServer server([&](const trenchcoat::testing::JudgeCall& call, httplib::Response& res) {
    const std::string text = trenchcoat::testing::last_message(call.body);
    const bool a_longer = response(text, "A").size() > response(text, "B").size();
    res.set_content(trenchcoat::testing::completion_json(a_longer ? "[[A]]" : "[[B]]"), "application/json");
  });
  const std::string data = std::string(TRENCHCOAT_FIXTURES_DIR) + "/../../examples/preferences/pairs.jsonl";
  const auto r = probe({"--data", data, "--scorer", "judge:url=" + server.url() + ",model=test-judge,mode=pairwise",
                        "--probes", "truncation,sycophancy", "--language", "en", "--bootstrap", "100"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["scorers"][0]["kind"], "pairwise");
  const auto& truncation = result(j, "truncation", "judge");
  EXPECT_GT(truncation["items"].get<int>(), 0);
  EXPECT_EQ(truncation["failure_rate"].get<double>(), 0.0);  // P(variant preferred) = 0 < 1/2 every time
  EXPECT_EQ(truncation["mean_shift"].get<double>(), -0.5);   // P - 1/2
  EXPECT_EQ(result(j, "sycophancy", "judge")["failure_rate"].get<double>(), 1.0);
}

TEST_F(ProbeCli, BadInput) {
  auto r = probe({"--data", "refs.tsv", "--scorer", "length", "--probes", "paraphrase"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.stderr_text.find("unknown probe 'paraphrase'"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("truncation"), std::string::npos);
  write("hyps.tsv", "mt\nA sentence.\n");
  r = probe({"--data", "hyps.tsv", "--scorer", "bleu"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("reads 'references'"), std::string::npos) << r.stderr_text;
  r = probe({"--data", "refs.tsv", "--scorer", "length", "--bootstrap", "0"});
  EXPECT_EQ(r.exit_code, 2);
  write("bad.jsonl", "{\"mt\": \"fine\"}\n{\"mt\": \n");
  r = probe({"--data", "bad.jsonl", "--scorer", "length"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("bad.jsonl:2"), std::string::npos) << r.stderr_text;
}

}  // namespace

namespace {

// --variants never replaces a file silently, nor the --data file even with --overwrite.
TEST_F(ProbeCli, AnExistingVariantsFileIsRefusedUnlessOverwrite) {
  write("variants.jsonl", "previous\n");
  const std::vector<std::string> args = {"--data",   "refs.tsv",     "--scorer",   "length",
                                         "--probes", "word-shuffle", "--variants", "variants.jsonl"};
  auto r = probe(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text, "trenchcoat probe: error: variants.jsonl exists; pass --overwrite to replace it\n");
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "variants.jsonl").string()), "previous\n");
  auto with_overwrite = args;
  with_overwrite.push_back("--overwrite");
  r = probe(with_overwrite);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(trenchcoat::testing::read_file((dir_ / "variants.jsonl").string()).find("\"probe\":\"word-shuffle\""),
            std::string::npos);
  const std::string data = trenchcoat::testing::read_file((dir_ / "refs.tsv").string());
  r = probe({"--data", "refs.tsv", "--scorer", "length", "--variants", "refs.tsv", "--overwrite"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text, "trenchcoat probe: error: refs.tsv is also an input (--data); choose another output\n");
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "refs.tsv").string()), data);
}

}  // namespace

namespace {

// probe streams its rows in windows of --window rows: every output (each -f format and the --variants
// file) is the same byte for byte whatever the window size, since counts and sums accumulate in row
// order and the bootstrap sees the same per-item values.
TEST_F(ProbeCli, EveryOutputIsTheSameWhateverTheWindow) {
  // 7 rows with numbers, names and two languages (the lp column gives each row's output language), so
  // that several probes apply to some rows and skip others.
  write("mixed.jsonl",
        "{\"lp\": \"de-en\", \"source\": \"Das Haus ist alt.\", \"mt\": \"The house is 120 years old. Anna lives "
        "there.\", \"ref\": \"The house is 120 years old. Anna lives there.\"}\n"
        "{\"lp\": \"en-de\", \"source\": \"We are here.\", \"mt\": \"Wir sind nicht hier.\", \"ref\": \"Wir sind "
        "hier.\"}\n"
        "{\"lp\": \"de-en\", \"source\": \"Er kam um 9 Uhr.\", \"mt\": \"He came at 9 o'clock. It was late.\", "
        "\"ref\": \"He arrived at 9. It was late.\"}\n"
        "{\"lp\": \"de-en\", \"source\": \"Paris ist groß.\", \"mt\": \"Paris is big and Tom likes it.\", \"ref\": "
        "\"Paris is large.\"}\n"
        "{\"lp\": \"en-de\", \"source\": \"It costs 5 euros.\", \"mt\": \"Es kostet 5 Euro.\", \"ref\": \"Es "
        "kostet fünf Euro.\"}\n"
        "{\"lp\": \"de-en\", \"source\": \"Ja.\", \"mt\": \"Yes.\", \"ref\": \"Yes.\"}\n"
        "{\"lp\": \"de-en\", \"source\": \"Wir bleiben.\", \"mt\": \"We stay. We will always stay here.\", \"ref\": "
        "\"We are staying.\"}\n");
  const std::vector<std::string> args = {"--data",   "mixed.jsonl", "--scorer", "chrf", "--scorer",    "length",
                                         "--scorer", "ter",         "--seed",   "3",    "--bootstrap", "50"};
  for (const std::string format : {"json", "text", "csv", "markdown", "latex"}) {
    std::string whole_variants;
    std::string whole;
    for (const std::string window : {"8192", "1", "2", "3"}) {
      auto run_args = args;
      for (const std::string& a : {std::string("-f"), format, std::string("--window"), window,
                                   std::string("--variants"), "variants." + window + ".jsonl"})
        run_args.push_back(a);
      const auto r = probe(run_args);
      ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
      const std::string variants = trenchcoat::testing::read_file((dir_ / ("variants." + window + ".jsonl")).string());
      std::filesystem::remove(dir_ / ("variants." + window + ".jsonl"));
      if (window == "8192") {
        whole = r.stdout_text;
        whole_variants = variants;
        continue;
      }
      EXPECT_EQ(r.stdout_text, whole) << format << " --window " << window;
      EXPECT_EQ(variants, whole_variants) << "--window " << window;
    }
    if (format == "json") {
      const auto j = nlohmann::json::parse(whole);
      EXPECT_EQ(j["items"], 7);
      // The variants file lists them probe by probe (a probe's lines never resume after another's), in
      // row order within a probe, and some probe has variants of rows in different windows.
      std::vector<std::string> finished;
      std::string current;
      std::size_t last_line = 0;
      bool spans_windows = false;
      std::istringstream lines(whole_variants);
      for (std::string line; std::getline(lines, line);) {
        const auto v = nlohmann::json::parse(line);
        const std::string name = v["probe"];
        const std::size_t row_line = v["line"];
        if (name != current) {
          EXPECT_EQ(std::find(finished.begin(), finished.end(), name), finished.end()) << name;
          if (!current.empty()) finished.push_back(current);
          current = name;
        } else {
          EXPECT_GT(row_line, last_line) << name;
          spans_windows = true;
        }
        last_line = row_line;
      }
      EXPECT_TRUE(spans_windows);
      EXPECT_GT(finished.size(), 2u);
    }
  }
}

// A bad row in a later window stops the run with the row's line and leaves no variants file and no
// temporary file behind, although earlier windows' variants were already written.
TEST_F(ProbeCli, AnErrorInALaterWindowLeavesNoVariantsFile) {
  write("late.jsonl",
        "{\"mt\": \"The house is old.\", \"ref\": \"The house is old.\"}\n"
        "{\"mt\": \"We are here.\", \"ref\": \"We are here.\"}\n"
        "{\"mt\": \"Anna lives in Paris.\", \"ref\": \"Anna lives in Paris.\"}\n"
        "{\"mt\": \n");
  const auto r = probe({"--data", "late.jsonl", "--scorer", "chrf", "--window", "1", "--variants", "variants.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("late.jsonl:4"), std::string::npos) << r.stderr_text;
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) left.push_back(entry.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"late.jsonl", "refs.tsv"}));
}

}  // namespace

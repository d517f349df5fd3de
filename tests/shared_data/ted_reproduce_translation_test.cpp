// `reproduce translation` on the WMT21 TED talks MQM files (en-de, zh-en) with BLEU, chrF and TER: every
// accuracy, interval and calibration figure it prints equals (==) what the same pairs give when scored by
// hand with `trenchcoat score` and evaluated with `trenchcoat meta pairs` and `trenchcoat meta calib`.
// The pairs are taken from its --pairs-out file with every score column removed, so the hand path
// scores them again from the texts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared_data.hpp"
#include "test_support.hpp"

namespace {

using trenchcoat::testing::shared_data_path;

class TedReproduceTranslation : public trenchcoat::testing::TempDirectoryTest {
 protected:
  nlohmann::json run_json(const std::vector<std::string>& args) {
    const auto r = trenchcoat(args);
    EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
    return r.exit_code == 0 ? nlohmann::json::parse(r.stdout_text) : nlohmann::json{};
  }
};

TEST_F(TedReproduceTranslation, EqualsScoreMetaPairsAndMetaCalibByHand) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv");
  TRENCHCOAT_REQUIRE_SHARED_DATA("wmt-mqm-human-evaluation/ted/zhen/mqm_ted_zhen.tsv");
  const std::string ende = shared_data_path("wmt-mqm-human-evaluation/ted/ende/mqm_ted_ende.tsv");
  const std::string zhen = shared_data_path("wmt-mqm-human-evaluation/ted/zhen/mqm_ted_zhen.tsv");
  const auto j = run_json({"reproduce", "translation", "--mqm", "en-de=" + ende, "--mqm", "zh-en=" + zhen, "--scorer",
                           "bleu", "--scorer", "chrf", "--scorer", "ter", "--pairs-out", "pairs.jsonl"});
  ASSERT_FALSE(j.is_null());
  ASSERT_EQ(j["directions"].size(), 2u);
  for (const auto& d : j["directions"]) {
    EXPECT_EQ(d["reference_system"], "ref");  // the TED files' reference A
    EXPECT_EQ(d["easy_pairs"], 100);          // M-RewardBench's 100 per subset: TED has more eligible segments
    EXPECT_EQ(d["hard_pairs"], 100);
  }
  EXPECT_EQ(j["directions"][1]["human_systems_left_out"], nlohmann::json::array({"refB"}));

  // The pairs alone: every scorer column (NAME.chosen, NAME.rejected) removed.
  std::ifstream in(dir_ / "pairs.jsonl");
  std::ostringstream bare;
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line); ++rows) {
    auto row = nlohmann::ordered_json::parse(line);
    for (auto it = row.begin(); it != row.end();) it = it.key().find('.') != std::string::npos ? row.erase(it) : ++it;
    bare << row.dump() << "\n";
  }
  EXPECT_EQ(rows, 400u);
  write("bare.jsonl", bare.str());
  const auto scored = trenchcoat({"score", "--data", "bare.jsonl", "--scorer", "bleu", "--scorer", "chrf", "--scorer",
                                  "ter", "--scorer", "length", "--out", "scored.jsonl"});
  ASSERT_EQ(scored.exit_code, 0) << scored.stderr_text;

  std::size_t checked = 0;
  for (const auto& s : j["scorers"]) {
    const std::string name = s["column"];
    std::vector<std::string> direction;
    if (s["direction"] == "lower") direction = {"--direction", "lower"};
    std::vector<std::string> pairs_args{"meta", "pairs", "--data", "scored.jsonl", "--scorer", name};
    pairs_args.insert(pairs_args.end(), direction.begin(), direction.end());
    const auto p = run_json(pairs_args);
    ASSERT_FALSE(p.is_null());
    EXPECT_EQ(p["tie_policy"], "strict");
    EXPECT_EQ(p["accuracy"], s["overall"]["accuracy"]) << name;
    EXPECT_EQ(p["accuracy_interval"], s["overall"]["interval"]) << name;
    ASSERT_EQ(p["subsets"].size(), 4u);
    for (const auto& mine : s["subsets"]) {
      bool found = false;
      for (const auto& theirs : p["subsets"]) {
        if (theirs["subset"] != mine["subset"]) continue;
        found = true;
        EXPECT_EQ(theirs["accuracy"], mine["accuracy"]) << name << " " << mine["subset"];
        EXPECT_EQ(theirs["interval"], mine["interval"]) << name << " " << mine["subset"];
        EXPECT_EQ(theirs["examples"], mine["pairs"]);
      }
      EXPECT_TRUE(found) << mine["subset"];
    }
    std::vector<std::string> calib_args{"meta", "calib", "--data", "scored.jsonl", "--scorer", name};
    calib_args.insert(calib_args.end(), direction.begin(), direction.end());
    const auto c = run_json(calib_args);
    ASSERT_FALSE(c.is_null());
    for (const auto& mine : s["calibration"]) {
      for (const auto& theirs : c["scorers"][0]["methods"]) {
        if (theirs["method"] != mine["method"]) continue;
        if (!mine["measured"].get<bool>()) continue;
        EXPECT_EQ(theirs["overall"]["ece"], mine["ece"]) << name << " " << mine["method"];
        EXPECT_EQ(theirs["overall"]["brier"], mine["brier"]) << name << " " << mine["method"];
        if (mine.contains("temperature")) {
          EXPECT_EQ(theirs["fit_on_all"]["temperature"], mine["temperature"]);
        }
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 4u * 2u);  // raw and temperature at least, for bleu, chrf, ter and length
}

}  // namespace

// `reproduce attribution` on the QAGS annotations (CNN/DM and XSum): the labels, the length baseline's ROC
// AUC and Pearson against values computed independently in Python, and ROUGE's ROC AUC against the AUC
// of the scores `trenchcoat score` gives the same summaries, counted pair by pair here.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "shared_data.hpp"
#include "test_support.hpp"

namespace {

using trenchcoat::testing::shared_data_path;

class QagsAttribution : public trenchcoat::testing::TempDirectoryTest {
 protected:
  static const nlohmann::json& scorer(const nlohmann::json& j, const std::string& name) {
    for (const auto& s : j["scorers"])
      if (s["name"] == name) return s;
    throw std::runtime_error("no scorer " + name);
  }

  // The QAGS file as rows for `trenchcoat score` (ref = article, hyp = the sentences joined by a space)
  // and the labels by QAGS's rule, written out here independently of the library's reader.
  std::vector<double> write_rows(const std::string& qags, const std::string& out) const {
    std::ifstream in(qags);
    std::ofstream rows(dir_ / out);
    std::vector<double> labels;
    std::string line;
    while (std::getline(in, line)) {
      const auto d = nlohmann::json::parse(line);
      std::string summary;
      bool all_faithful = true;
      for (const auto& s : d["summary_sentences"]) {
        int yes = 0, n = 0;
        for (const auto& r : s["responses"]) {
          yes += r["response"] == "yes";
          ++n;
        }
        all_faithful = all_faithful && 2 * yes > n;
        summary += (summary.empty() ? "" : " ") + s["sentence"].get<std::string>();
      }
      labels.push_back(all_faithful ? 1.0 : 0.0);
      rows << nlohmann::json{{"ref", d["article"]}, {"hyp", summary}}.dump() << "\n";
    }
    return labels;
  }

  // ROC AUC by counting every positive-negative pair (ties 1/2).
  static double auc_by_pairs(const std::vector<double>& scores, const std::vector<double>& labels) {
    double wins = 0, pairs = 0;
    for (std::size_t i = 0; i < scores.size(); ++i)
      for (std::size_t k = 0; k < scores.size(); ++k)
        if (labels[i] == 1 && labels[k] == 0) {
          wins += scores[i] > scores[k] ? 1.0 : scores[i] == scores[k] ? 0.5 : 0.0;
          ++pairs;
        }
    return wins / pairs;
  }

  void check(const std::string& file, std::size_t items, std::size_t positives, double length_auc,
             double length_pearson, double length_pearson_with_score) {
    const std::string path = shared_data_path("qags/data/" + file);
    const auto r = trenchcoat({"reproduce", "attribution", "--data", path, "--scorer", "rouge", "--bootstrap", "200"});
    ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
    const auto j = nlohmann::json::parse(r.stdout_text);
    EXPECT_EQ(j["data"]["format"], "qags");
    EXPECT_EQ(j["items"], items);
    EXPECT_EQ(j["positives"], positives);
    EXPECT_EQ(scorer(j, "length")["auc"]["value"].get<double>(), length_auc);
    EXPECT_NEAR(scorer(j, "length")["pearson"]["value"].get<double>(), length_pearson, 1e-14);
    EXPECT_NEAR(scorer(j, "length")["pearson_with_human_score"].get<double>(), length_pearson_with_score, 1e-14);

    const std::vector<double> labels = write_rows(path, "rows.jsonl");
    ASSERT_EQ(labels.size(), items);
    const auto s = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "rouge", "--out", "scored.jsonl", "-q"});
    ASSERT_EQ(s.exit_code, 0) << s.stderr_text;
    std::vector<double> rouge;
    std::istringstream scored(trenchcoat::testing::read_file((dir_ / "scored.jsonl").string()));
    std::string line;
    while (std::getline(scored, line)) rouge.push_back(nlohmann::json::parse(line)["rouge"].get<double>());
    ASSERT_EQ(rouge.size(), items);
    EXPECT_EQ(scorer(j, "rouge")["auc"]["value"].get<double>(), auc_by_pairs(rouge, labels));
  }
};

// Expected values from Python 3.11.2 with numpy 1.24.2, reading the files with json: label = every
// sentence has more "yes" than "no" responses; length = len(" ".join(sentences)) (code points); AUC =
// sum over positives of (#negatives below + 0.5 #ties) / (#positives * #negatives); Pearson =
// np.corrcoef(length, label)[0, 1]; with the human score (the share of sentences with more "yes" than
// "no"), np.corrcoef(length, score)[0, 1].
TEST_F(QagsAttribution, CnnDm) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("qags/data/mturk_cnndm.jsonl");
  check("mturk_cnndm.jsonl", 235, 113, 8763.5 / 13786, 0.24177445434980896, 0.32491303217086215);
}

TEST_F(QagsAttribution, XSum) {
  TRENCHCOAT_REQUIRE_SHARED_DATA("qags/data/mturk_xsum.jsonl");
  // XSum summaries have one sentence each, so the human score is the label.
  check("mturk_xsum.jsonl", 239, 116, 6391.5 / 14268, -0.08166440666242762, -0.08166440666242762);
}

}  // namespace

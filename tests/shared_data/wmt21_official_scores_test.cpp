// Conformance on real data: the WMT21 news task's official sacreBLEU scores
// (automatic-scores.tsv in the wmt21-news-systems data, computed by the organisers with
// sacreBLEU defaults: BLEU 13a and chrF2) are recomputed from the system outputs and references beside
// them, and must be equal as doubles. 206 values: en-de against refs A, C, D and all three together,
// zh-en against ref A (its "-all" rows include ref B, which is not in the data).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "shared_data.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/text/python_string.hpp"

using namespace trenchcoat;

namespace {

constexpr const char* kRoot = "wmt21-news-systems";

struct OfficialScore {
  std::string pair, system, metric;
  double score;
};

std::vector<OfficialScore> load_official_scores() {
  std::ifstream in(trenchcoat::testing::shared_data_path(std::string(kRoot) + "/scores/automatic-scores.tsv"));
  std::vector<OfficialScore> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    OfficialScore s;
    std::string id, constrained, score;
    std::getline(fields, s.pair, '\t');
    std::getline(fields, s.system, '\t');
    std::getline(fields, id, '\t');
    std::getline(fields, constrained, '\t');
    std::getline(fields, s.metric, '\t');
    std::getline(fields, score, '\t');
    s.score = std::strtod(score.c_str(), nullptr);  // Python repr of a double: strtod reads it back exactly
    out.push_back(s);
  }
  return out;
}

// sacreBLEU's command line strips each line on the right.
std::vector<std::string_view> rstripped(const io::TextLines& lines) {
  std::vector<std::string_view> out;
  for (auto l : lines.lines()) out.push_back(text::rstrip(l));
  return out;
}

}  // namespace

TEST(Wmt21OfficialScores, BleuAndChrfReproducedExactly) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  const auto official = load_official_scores();
  const std::string txt = trenchcoat::testing::shared_data_path(std::string(kRoot) + "/txt/");
  struct PairInfo {
    std::string target;
    std::vector<std::string> ref_names;
    bool has_all;
  };
  const std::map<std::string, PairInfo> pairs = {{"en-de", {"de", {"A", "C", "D"}, true}},
                                                 {"zh-en", {"en", {"A"}, false}}};
  const metrics::Bleu bleu;
  const metrics::Chrf chrf;
  int compared = 0;
  for (const auto& [pair, info] : pairs) {
    std::map<std::string, io::TextLines> ref_files;
    std::map<std::string, std::vector<std::string_view>> ref_lines;
    for (const auto& r : info.ref_names) {
      ref_files[r] = io::read_text_lines(txt + "references/newstest2021." + pair + ".ref." + r + "." + info.target);
      ref_lines[r] = rstripped(ref_files[r]);
    }
    std::map<std::string, std::vector<std::vector<std::string_view>>> ref_sets;  // metric suffix -> streams
    for (const auto& r : info.ref_names) ref_sets[r] = {ref_lines[r]};
    if (info.has_all)
      for (const auto& r : info.ref_names) ref_sets["all"].push_back(ref_lines[r]);

    for (const auto& [suffix, streams] : ref_sets) {
      const auto refs = metrics::references_by_segment(streams);
      for (const auto& s : official) {
        if (s.pair != pair || (s.metric != "bleu-" + suffix && s.metric != "chrf-" + suffix)) continue;
        const auto hyp_file =
            io::read_text_lines(txt + "system-outputs/newstest2021." + pair + ".hyp." + s.system + "." + info.target);
        const auto hyps = rstripped(hyp_file);
        const metrics::StringMetric& metric =
            s.metric[0] == 'b' ? static_cast<const metrics::StringMetric&>(bleu) : chrf;
        EXPECT_EQ(metrics::corpus_score(metric, hyps, refs).score, s.score)
            << pair << " " << s.system << " " << s.metric;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 206);
}

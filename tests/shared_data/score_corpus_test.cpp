// `trenchcoat score` corpus scores on real data: the 20 WMT21 en-de news systems, scored as rows with a
// system field, give per system the corpus BLEU and chrF2 the organisers computed with sacreBLEU
// (the organisers' automatic-scores.tsv in the wmt21-news-systems data, reference A), with the default batch
// size of 256 (each system has 1002 segments, so its score spans batches).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shared_data.hpp"
#include "test_support.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/python_string.hpp"

using namespace trenchcoat;

namespace {

constexpr const char* kRoot = "wmt21-news-systems";

// (system, metric) -> the official score, for en-de and reference A ("bleu-A", "chrf-A").
std::map<std::pair<std::string, std::string>, double> official_scores() {
  std::ifstream in(trenchcoat::testing::shared_data_path(std::string(kRoot) + "/scores/automatic-scores.tsv"));
  std::map<std::pair<std::string, std::string>, double> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string pair, system, id, constrained, metric, score;
    std::getline(fields, pair, '\t');
    std::getline(fields, system, '\t');
    std::getline(fields, id, '\t');
    std::getline(fields, constrained, '\t');
    std::getline(fields, metric, '\t');
    std::getline(fields, score, '\t');
    if (pair == "en-de" && (metric == "bleu-A" || metric == "chrf-A"))
      out[{system, metric.substr(0, 4)}] = std::strtod(score.c_str(), nullptr);  // Python repr: read back exactly
  }
  return out;
}

class ScoreCorpusSharedData : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(ScoreCorpusSharedData, Wmt21EnDePerSystemCorpusScoresEqualTheOfficialOnes) {
  TRENCHCOAT_REQUIRE_SHARED_DATA(kRoot);
  const auto official = official_scores();
  const std::string txt = trenchcoat::testing::shared_data_path(std::string(kRoot) + "/txt/");
  const auto ref_file = io::read_text_lines(txt + "references/newstest2021.en-de.ref.A.de");
  std::vector<scoring::Item> items;
  std::string rows;
  std::vector<std::string> systems;
  for (const auto& [key, score] : official)
    if (key.second == "bleu") systems.push_back(key.first);
  ASSERT_EQ(systems.size(), 20u);
  for (const auto& system : systems) {
    const auto hyp_file = io::read_text_lines(txt + "system-outputs/newstest2021.en-de.hyp." + system + ".de");
    ASSERT_EQ(hyp_file.lines().size(), ref_file.lines().size());
    for (std::size_t i = 0; i < hyp_file.lines().size(); ++i) {
      // sacreBLEU's command line strips each line on the right.
      scoring::Item item;
      item.candidate = std::string(text::rstrip(hyp_file.lines()[i]));
      item.references = {std::string(text::rstrip(ref_file.lines()[i]))};
      item.system = system;
      nlohmann::ordered_json row = {{"system", system}, {"mt", item.candidate}, {"ref", item.references[0]}};
      rows += row.dump() + "\n";
      items.push_back(std::move(item));
    }
  }

  // The library: batches of 256 summed per system, compared as doubles.
  for (const std::string metric : {"bleu", "chrf"}) {
    const auto scorer = registry::make_scorer(metric);
    scoring::CorpusAccumulator acc(scorer->corpus_aggregate());
    for (std::size_t begin = 0; begin < items.size(); begin += 256) {
      const std::size_t count = std::min<std::size_t>(256, items.size() - begin);
      std::vector<std::string> groups;
      for (std::size_t i = begin; i < begin + count; ++i) groups.push_back(items[i].system);
      acc.add(scorer->score(std::span<const scoring::Item>(items.data() + begin, count)), groups);
    }
    const auto scores = acc.scores();
    ASSERT_EQ(scores.size(), 20u);
    for (const auto& s : scores) EXPECT_EQ(*s.score, official.at({s.group, metric})) << metric << " " << s.group;
  }

  // The command line: one summary line per system and metric, with 4 decimals.
  write("rows.jsonl", rows);
  const auto r =
      trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu", "--scorer", "chrf", "--out", "scored.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const auto& system : systems)
    for (const std::string metric : {"bleu", "chrf"}) {
      const std::string expected = "trenchcoat score: " + metric + ": system " + system + ": corpus score " +
                                   text::format_fixed(official.at({system, metric}), 4) + " (1002 items)\n";
      EXPECT_NE(r.stderr_text.find(expected), std::string::npos) << expected;
    }
}

}  // namespace

// BLEU against sacrebleu_vectors.json "bleu" (sacreBLEU 2.6.0): corpus, sentence, edge and
// compute_bleu cases. Doubles are compared with ==.
#include <gtest/gtest.h>

#include "sacrebleu_cases.hpp"
#include "test_support.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/text/number_format.hpp"

using namespace trenchcoat::metrics;
using trenchcoat::testing::SacrebleuCase;

namespace {

BleuOptions options_from(const nlohmann::json& v) {
  BleuOptions o;
  const nlohmann::json& k = v.contains("kwargs") ? v["kwargs"] : v;
  if (k.contains("tokenize") && !k["tokenize"].is_null()) o.tokenize = k["tokenize"];
  if (k.contains("lowercase")) o.lowercase = k["lowercase"];
  if (k.contains("smooth_method")) o.smooth_method = parse_bleu_smoothing(k["smooth_method"]);
  if (k.contains("smooth_value") && !k["smooth_value"].is_null()) o.smooth_value = k["smooth_value"].get<double>();
  if (k.contains("effective_order")) o.effective_order = k["effective_order"];
  if (k.contains("max_ngram_order")) o.max_ngram_order = k["max_ngram_order"];
  return o;
}

void expect_result(const BleuResult& r, const nlohmann::json& v, const std::string& label) {
  EXPECT_EQ(r.score, v["score"].get<double>()) << label;
  EXPECT_EQ(r.bp, v["bp"].get<double>()) << label;
  ASSERT_EQ(r.precisions.size(), v["precisions"].size()) << label;
  for (std::size_t i = 0; i < r.precisions.size(); ++i)
    EXPECT_EQ(r.precisions[i], v["precisions"][i].get<double>()) << label << " p" << i;
  EXPECT_EQ(r.sys_len, v["sys_len"].get<double>()) << label;
  EXPECT_EQ(r.ref_len, v["ref_len"].get<double>()) << label;
  if (v.contains("counts")) {
    for (std::size_t i = 0; i < r.counts.size(); ++i) EXPECT_EQ(r.counts[i], v["counts"][i].get<double>()) << label;
    for (std::size_t i = 0; i < r.totals.size(); ++i) EXPECT_EQ(r.totals[i], v["totals"][i].get<double>()) << label;
  }
}

}  // namespace

TEST(Bleu, SacrebleuVectors) {
  const auto vectors = trenchcoat::testing::load_json_fixture("sacrebleu_vectors.json");
  int checked = 0;
  for (const auto& v : vectors["bleu"]) {
    const std::string label = v.dump().substr(0, 200);
    if (v.contains("correct")) {  // compute_bleu on given statistics
      std::vector<double> correct = v["correct"].get<std::vector<double>>(),
                          total = v["total"].get<std::vector<double>>();
      std::optional<double> sv;
      if (!v["smooth_value"].is_null()) sv = v["smooth_value"].get<double>();
      const auto r = compute_bleu(correct, total, v["sys_len"], v["ref_len"], parse_bleu_smoothing(v["smooth_method"]),
                                  sv, v["effective_order"], static_cast<int>(correct.size()));
      expect_result(r, v, label);
      ++checked;
      continue;
    }
    const Bleu bleu(options_from(v));
    const SacrebleuCase c = trenchcoat::testing::sacrebleu_case(v);
    const auto refs = c.segment_references();
    const auto stats = segment_stats(bleu, {c.hyp_views()}, refs);
    const auto sums = sum_stats(stats[0], bleu.stats_size());
    expect_result(bleu.result_from_stats(sums), v, label);
    // The formatted strings of sacreBLEU's Score.format (width 2, and width 4 with short signature).
    const std::string sig = make_signature(bleu, refs).format(false);
    const std::string text = "BLEU|" + sig + " = " +
                             trenchcoat::text::format_fixed(bleu.result_from_stats(sums).score, 2) + " " +
                             bleu.result_from_stats(sums).verbose();
    EXPECT_EQ(text, v["text"].get<std::string>()) << label;
    ++checked;
  }
  EXPECT_EQ(checked, 140);
}

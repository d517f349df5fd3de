// `trenchcoat meta winrate` end to end: the spec's LC vector through rows (tests/fixtures/
// lc_bon_vectors.json, AE.LC.*: AlpacaEval length_controlled_v1, unpenalised variant), lengths from
// texts, the difficulty term dropped when the data has none, and bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "trenchcoat/meta/length_controlled_win_rate.hpp"

namespace {

class MetaWinrateCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::testing::CommandResult winrate(std::vector<std::string> args) const {
    args.insert(args.begin(), {"meta", "winrate"});
    return trenchcoat(args);
  }
};

TEST_F(MetaWinrateCli, LengthControlledVectorThroughRows) {
  const auto v = trenchcoat::testing::load_json_fixture("lc_bon_vectors.json");
  const auto& in = v.at("AE.LC.input");
  const auto lb = in.at("len_output_1_baseline").get<std::vector<double>>();
  const auto lm = in.at("len_output_2_model").get<std::vector<double>>();
  const auto y = in.at("y(pref-1)").get<std::vector<double>>();
  const auto d = in.at("instruction_difficulty").get<std::vector<double>>();
  std::string rows;
  for (std::size_t i = 0; i < lb.size(); ++i)
    rows += nlohmann::json({{"lb", lb[i]}, {"lm", lm[i]}, {"preference", 1 + y[i]}, {"instruction_difficulty", d[i]}})
                .dump() +
            "\n";
  write("rows.jsonl", rows);
  const auto r = winrate({"--data", "rows.jsonl", "--len-baseline", "lb", "--len-model", "lm", "--previous", "50"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  const auto& lc = j["length_controlled"];
  // The library's result on the same input, exactly (its agreement with the vector is
  // length_controlled_win_rate_test). The rows hold pref = 1 + y, read back as pref - 1, which may differ
  // from y in the last bit (1.1 - 1 = 0.10000000000000009), so the library gets the same round trip.
  std::vector<double> y_read;
  for (double v : y) y_read.push_back((1 + v) - 1);
  const auto want = trenchcoat::meta::length_controlled_win_rate({lb, lm, y_read, d});
  EXPECT_EQ(lc["lc_win_rate"].get<double>(), want.lc_win_rate);
  EXPECT_NEAR(lc["lc_win_rate"].get<double>(), v.at("AE.LC.lc_win_rate").get<double>(),
              1e-6);  // AE.LC.lc_win_rate 27.12446099716918
  EXPECT_EQ(lc["sd_delta_len"].get<double>(), v.at("AE.LC.std_delta_len(ddof=1)").get<double>());  // 281.09633849474363
  EXPECT_FALSE(lc["difficulty_term_dropped"].get<bool>());
  EXPECT_TRUE(lc["extreme_change_from_previous"].get<bool>());  // 27.1 < min(50 - 12.5, 50 - 10)
  // Raw win rate: 100 mean y = AE.LC.raw_win_rate 53.333333333333336 (to 1e-12: the 1 + y round trip).
  EXPECT_NEAR(j["win_rate"]["win_rate"].get<double>(), v.at("AE.LC.raw_win_rate").get<double>(), 1e-12);
}

TEST_F(MetaWinrateCli, TextLengthsAndNoDifficulty) {
  // Lengths counted in characters (code points): "é" is one. No difficulty column: the term is dropped.
  write("rows.jsonl",
        "{\"output_1\": \"short\", \"output_2\": \"a much longer answer\", \"preference\": 2}\n"
        "{\"output_1\": \"a long baseline answer here\", \"output_2\": \"tiny\", \"preference\": 1}\n"
        "{\"output_1\": \"b\", \"output_2\": \"ééééé\", \"preference\": 1.5}\n"
        "{\"output_1\": \"quite long baseline\", \"output_2\": \"long model output\", \"preference\": 2}\n"
        "{\"output_1\": \"x\", \"output_2\": \"yy\", \"preference\": null}\n");
  const auto r = winrate({"--data", "rows.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["win_rate"]["n_total"], 4);  // the null preference is not annotated
  EXPECT_EQ(j["win_rate"]["n_draws"], 1);
  EXPECT_EQ(j["win_rate"]["win_rate"].get<double>(), 100.0 * (1 + 0 + 0.5 + 1) / 4);  // 62.5
  EXPECT_TRUE(j["length_controlled"]["difficulty_term_dropped"].get<bool>());
  EXPECT_EQ(j["length_controlled"]["rows"], 5);
  EXPECT_NE(j["notes"][0].get<std::string>().find("difficulty term is dropped"), std::string::npos);
  const auto text = winrate({"--data", "rows.jsonl", "-f", "text"});
  EXPECT_NE(text.stdout_text.find("length-controlled win rate"), std::string::npos) << text.stdout_text;
}

TEST_F(MetaWinrateCli, BadInputAndUnfittableData) {
  write("bad.jsonl", "{\"output_1\": \"a\", \"output_2\": \"b\", \"preference\": 3}\n");
  auto r = winrate({"--data", "bad.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("bad.jsonl:1"), std::string::npos) << r.stderr_text;
  write("notext.jsonl", "{\"output_1\": \"a\", \"preference\": 2}\n");
  r = winrate({"--data", "notext.jsonl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("'output_2'"), std::string::npos) << r.stderr_text;
  // The model wins everything: the unpenalised GLM has no optimum; the raw win rate is still reported.
  write("sep.jsonl",
        "{\"output_1\": \"a\", \"output_2\": \"bb\", \"preference\": 2}\n"
        "{\"output_1\": \"aaa\", \"output_2\": \"b\", \"preference\": 2}\n"
        "{\"output_1\": \"aa\", \"output_2\": \"bbbb\", \"preference\": 2}\n");
  r = winrate({"--data", "sep.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["win_rate"]["win_rate"].get<double>(), 100.0);
  EXPECT_NE(j["length_controlled"]["error"].get<std::string>().find("separable"), std::string::npos);
}

}  // namespace

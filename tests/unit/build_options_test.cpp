// The optional parts of the build (CMake options TRENCHCOAT_WITH_JUDGES and TRENCHCOAT_WITH_NEURAL):
// the registry holds exactly the scorers the build has, and a spec naming a scorer the build was
// configured without says so and names the option, in the library and on the command line. The same
// tests run in every configuration; the expected values follow the build's options.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "trenchcoat/build_options.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace {

using trenchcoat::registry::left_out_scorers;
using trenchcoat::registry::scorer_names;
using trenchcoat::testing::error_of;
using trenchcoat::testing::run_trenchcoat;

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The scorers each option builds (the registry's rows under each option).
const std::vector<std::string> kJudgeScorers = {"judge", "cmd"};
const std::vector<std::string> kNeuralScorers = {"comet", "cometkiwi", "rm"};

}  // namespace

TEST(BuildOptions, TheRegistryHoldsExactlyTheScorersOfThisBuild) {
  const auto names = scorer_names();
  std::vector<std::string> left_out;
  for (const auto& l : left_out_scorers()) left_out.push_back(l.name);
  for (const auto& name : kJudgeScorers) {
    EXPECT_EQ(has(names, name), TRENCHCOAT_WITH_JUDGES == 1) << name;
    EXPECT_EQ(has(left_out, name), TRENCHCOAT_WITH_JUDGES == 0) << name;
  }
  for (const auto& name : kNeuralScorers) {
    EXPECT_EQ(has(names, name), TRENCHCOAT_WITH_NEURAL == 1) << name;
    EXPECT_EQ(has(left_out, name), TRENCHCOAT_WITH_NEURAL == 0) << name;
  }
  // The string metrics, ROUGE and length are in every build.
  for (const char* name : {"bleu", "sentbleu", "chrf", "chrf++", "ter", "rouge", "length"})
    EXPECT_TRUE(has(names, name)) << name;
}

TEST(BuildOptions, ASpecNamingALeftOutScorerNamesTheOption) {
  for (const auto& l : left_out_scorers())
    EXPECT_EQ(error_of([&] { trenchcoat::registry::make_scorer(l.name, {}); }),
              "scorer '" + l.name + "' is not in this build: trenchcoat was configured with -D" + l.option +
                  "=OFF (configure with -D" + l.option + "=ON to build it)");
  if (left_out_scorers().empty()) GTEST_SKIP() << "this build has every scorer (both options ON)";
}

TEST(BuildOptions, TheCommandLineListsWhatRemainsAndSaysWhatIsLeftOut) {
  const auto r = run_trenchcoat({"scorers"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const auto& name : scorer_names()) EXPECT_NE(r.stdout_text.find("│ " + name + " "), std::string::npos) << name;
  for (const auto& l : left_out_scorers()) {
    EXPECT_NE(r.stdout_text.find("not in this build: " + l.name + " (configured with -D" + l.option + "=OFF)"),
              std::string::npos)
        << r.stdout_text;
    const auto score = run_trenchcoat({"score", "--data", "rows.jsonl", "--scorer", l.name});
    EXPECT_EQ(score.exit_code, 1);
    EXPECT_NE(score.stderr_text.find("trenchcoat score: error: scorer '" + l.name + "' is not in this build"),
              std::string::npos)
        << score.stderr_text;
  }
  if (left_out_scorers().empty()) {
    EXPECT_EQ(r.stdout_text.find("not in this build"), std::string::npos) << r.stdout_text;
  }
}

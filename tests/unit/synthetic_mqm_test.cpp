// The quick start's data: examples/translation-mqm/make_synthetic_mqm.py writes the same bytes on every
// run, in the layout `reproduce translation` reads, with enough pairs for M-RewardBench's 100 per cell.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = fs::path(TRENCHCOAT_FIXTURES_DIR).parent_path().parent_path();

class SyntheticMqm : public trenchcoat::testing::TempDirectoryTest {
 protected:
  int generate(const std::string& args) const {
    const std::string command = "/usr/bin/python3 '" +
                                (kSourceDir / "examples/translation-mqm/make_synthetic_mqm.py").string() + "' " + args +
                                " >/dev/null 2>&1";
    return std::system(command.c_str());
  }
};

TEST_F(SyntheticMqm, WrittenTheSameEveryTimeAndReadByReproduceTranslation) {
  if (!fs::exists("/usr/bin/python3"))
    GTEST_SKIP() << "/usr/bin/python3 is not installed (scripts/install-deps installs it)";
  const std::string out = (dir_ / "mqm").string();
  ASSERT_EQ(generate("'" + out + "'"), 0);
  EXPECT_EQ(generate("--check '" + out + "'"), 0);  // a second run writes the same bytes
  write("mqm/mqm_synthetic_ende.tsv", trenchcoat::testing::read_file(out + "/mqm_synthetic_ende.tsv") +
                                          "sys-A\tx\t1\t1\trater1\ts\tt\tNo-error\tNo-error\n");
  EXPECT_NE(generate("--check '" + out + "'"), 0);  // and --check sees a changed file

  ASSERT_EQ(generate("'" + out + "'"), 0);
  const auto r = trenchcoat({"reproduce", "translation", "--mqm", "en-de=mqm/mqm_synthetic_ende.tsv", "--mqm",
                             "de-en=mqm/mqm_synthetic_deen.tsv", "--scorer", "chrf", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const auto j = nlohmann::json::parse(r.stdout_text);
  EXPECT_EQ(j["kind"], "reproduce translation");
  ASSERT_TRUE(j.contains("figures"));
  // 240 segments, six systems and a reference per direction: every direction and difficulty has the
  // 100 pairs M-RewardBench draws (the output says how many segments were eligible).
  const std::string text = trenchcoat({"reproduce", "translation", "--mqm", "en-de=mqm/mqm_synthetic_ende.tsv", "--mqm",
                                       "de-en=mqm/mqm_synthetic_deen.tsv", "-q", "-f", "text"})
                               .stdout_text;
  for (const char* lp : {"en-de", "de-en"}) {
    const auto at = text.find(std::string(lp) + ": mqm/mqm_synthetic_");
    ASSERT_NE(at, std::string::npos) << text;
    const std::string line = text.substr(at, text.find('\n', at) - at);
    EXPECT_NE(line.find("6 candidate systems, 240 segments; EASY 100 pairs of"), std::string::npos) << line;
    EXPECT_NE(line.find("HARD 100 of"), std::string::npos) << line;
  }
}

}  // namespace

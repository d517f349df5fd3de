// Help that is complete: `trenchcoat scorers` lists every option of every registered scorer with its
// type, default (or "required") and meaning, top-level and group --help name every command, and errors name
// the full subcommand (`trenchcoat meta pairs: error: ...`), including CLI11's own parse errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "trenchcoat/build_options.hpp"
#include "test_support.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace {

using trenchcoat::testing::run_trenchcoat;

// Every command of the executable, as its full name after `trenchcoat`.
const std::vector<std::string> kCommands = {"sacrebleu",       "meta corr",
                                            "meta pairs",      "meta calib",
                                            "meta bon",        "meta winrate",
                                            "mtme score",      "mtme eval",
                                            "mtme import-mqm", "probe",
                                            "score",           "scorers",
                                            "merge",           "reproduce translation",
                                            "report",          "cite"};

std::vector<std::string> words_of(const std::string& command) {
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t space; (space = command.find(' ', start)) != std::string::npos; start = space + 1)
    words.push_back(command.substr(start, space - start));
  words.push_back(command.substr(start));
  return words;
}

}  // namespace

TEST(CliHelp, ScorersListsEveryOptionOfEveryScorerWithItsDefault) {
  const auto text = run_trenchcoat({"scorers"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  const auto json = run_trenchcoat({"scorers", "-f", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  const auto listed = nlohmann::json::parse(json.stdout_text);
  const auto& registry = trenchcoat::registry::scorer_registry();
  ASSERT_EQ(listed.size(), registry.size());
  const std::string options_section = text.stdout_text.substr(text.stdout_text.find("\noptions"));
  for (std::size_t s = 0; s < registry.size(); ++s) {
    const auto& entry = registry[s];
    const auto& scorer = listed[s];
    EXPECT_EQ(scorer["name"], entry.name);
    ASSERT_EQ(scorer["options"].size(), entry.options.size()) << entry.name;
    // The text listing: the scorer's heading line, then one line per option.
    const std::size_t heading = options_section.find("\n  " + entry.name + "\n");
    if (!entry.options.empty()) {
      ASSERT_NE(heading, std::string::npos) << entry.name << " has no options heading";
    }
    for (std::size_t o = 0; o < entry.options.size(); ++o) {
      const auto& option = entry.options[o];
      EXPECT_FALSE(option.description.empty()) << entry.name << " option " << option.name << " has no meaning";
      EXPECT_EQ(scorer["options"][o]["name"], option.name);
      EXPECT_EQ(scorer["options"][o]["default"], option.default_value);
      EXPECT_EQ(scorer["options"][o]["required"], option.required);
      EXPECT_EQ(scorer["options"][o]["type"], std::string(trenchcoat::scoring::option_type_name(option.type)));
      EXPECT_EQ(scorer["options"][o]["choices"], nlohmann::json(option.choices));
      // "    name (TYPE; default VALUE): meaning", TYPE with its choices or range.
      const std::string line = "\n    " + option.name + " (" + option.type_text() + "; " +
                               (option.required ? "required" : "default " + option.default_text()) +
                               "): " + option.description + "\n";
      EXPECT_NE(options_section.find(line, heading), std::string::npos)
          << entry.name << ": no line '" << line.substr(1, line.size() - 2) << "' in\n"
          << text.stdout_text;
    }
  }
}

TEST(CliHelp, NeuralAndJudgeScorersShowDefaultsThoughTheyCannotBeBuiltWithoutOptions) {
  if (!TRENCHCOAT_WITH_NEURAL) GTEST_SKIP() << "this build has no neural scorers (TRENCHCOAT_WITH_NEURAL=OFF)";
  if (!TRENCHCOAT_WITH_JUDGES) GTEST_SKIP() << "this build has no judge scorers (TRENCHCOAT_WITH_JUDGES=OFF)";
  // comet, cometkiwi and rm need path=, judge needs url= and model=: their options were listed without
  // defaults when the defaults came from a built scorer.
  const auto r = run_trenchcoat({"scorers"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const char* line : {"    batch-size (integer from 1 to 1048576; default 16): sequences per encoder call\n",
                           "    path (path; required): the model directory (or COMET .ckpt file)\n",
                           "    concurrency (integer from 1 to 1024; default 8): requests at once\n",
                           "    url (string; required): endpoint up to the API version"})
    EXPECT_NE(r.stdout_text.find(line), std::string::npos) << line << "\n" << r.stdout_text;
}

TEST(CliHelp, SpecsAreCheckedAgainstTheSameOptionTable) {
  if (!TRENCHCOAT_WITH_NEURAL) GTEST_SKIP() << "this build has no neural scorers (TRENCHCOAT_WITH_NEURAL=OFF)";
  for (const auto& entry : trenchcoat::registry::scorer_registry())
    for (const auto& option : entry.options) EXPECT_TRUE(trenchcoat::registry::takes_option(entry, option.name));
  const auto r = run_trenchcoat({"score", "--data", "x.jsonl", "--scorer", "comet:path=m,batchsize=4"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("scorer 'comet' takes no option 'batchsize' (it takes: path, batch-size,"),
            std::string::npos)
      << r.stderr_text;
}

TEST(CliHelp, TopLevelHelpNamesEveryCommand) {
  const auto r = run_trenchcoat({"--help"});
  ASSERT_EQ(r.exit_code, 0);
  for (const auto& command : kCommands) {
    // A line that starts with the command's full name and goes on with a description.
    bool listed = false;
    std::istringstream lines(r.stdout_text);
    for (std::string line; std::getline(lines, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (line.rfind(command + " ", 0) != 0) continue;
      const std::string description = line.substr(command.size());
      listed = description.find_first_not_of(' ') != std::string::npos &&
               description.size() - description.find_first_not_of(' ') > 10;
      if (listed) break;
    }
    EXPECT_TRUE(listed) << "`trenchcoat --help` does not list '" << command << "' with a description:\n"
                        << r.stdout_text;
  }
}

TEST(CliHelp, GroupHelpNamesEveryCommandOfTheGroup) {
  for (const std::string group : {"meta", "mtme", "reproduce"}) {
    const auto r = run_trenchcoat({group, "--help"});
    ASSERT_EQ(r.exit_code, 0);
    for (const auto& command : kCommands) {
      if (command.rfind(group + " ", 0) != 0) continue;
      const std::string name = command.substr(group.size() + 1);
      EXPECT_NE(r.stdout_text.find("\n  " + name + " "), std::string::npos)
          << "`trenchcoat " << group << " --help` does not list '" << name << "':\n"
          << r.stdout_text;
    }
  }
}

TEST(CliHelp, EveryListedCommandHasItsOwnHelp) {
  for (const auto& command : kCommands) {
    auto args = words_of(command);
    args.push_back("--help");
    const auto r = run_trenchcoat(args);
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.stderr_text;
    EXPECT_FALSE(r.stdout_text.empty()) << command;
  }
}

TEST(CliErrors, AParseErrorNamesTheFullSubcommand) {
  // CLI11's own error for an unknown flag of a nested command: was "trenchcoat meta: error: ...".
  const auto r = run_trenchcoat({"meta", "pairs", "--data", "x.jsonl", "--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.stderr_text.rfind("trenchcoat meta pairs: error: ", 0), 0u) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("--no-such-flag"), std::string::npos) << r.stderr_text;
  const auto m = run_trenchcoat({"mtme", "eval"});  // a required flag missing
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_EQ(m.stderr_text.rfind("trenchcoat mtme eval: error: --root is required", 0), 0u) << m.stderr_text;
}

TEST(CliErrors, AnInputErrorNamesTheFullSubcommand) {
  const auto r = run_trenchcoat({"meta", "pairs", "--data", "no-such-file.jsonl"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.stderr_text.rfind("trenchcoat meta pairs: error: ", 0), 0u) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("no-such-file.jsonl"), std::string::npos) << r.stderr_text;
  const auto c = run_trenchcoat({"meta", "calib", "--data", "no-such-file.jsonl", "--scorer", "rm"});
  EXPECT_NE(c.exit_code, 0);
  EXPECT_EQ(c.stderr_text.rfind("trenchcoat meta calib: error: ", 0), 0u) << c.stderr_text;
}

TEST(CliErrors, TopLevelAndGroupErrorsKeepTheirNames) {
  const auto s = run_trenchcoat({"score", "--no-such-flag"});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.stderr_text.rfind("trenchcoat score: error: ", 0), 0u) << s.stderr_text;
  const auto g = run_trenchcoat({"meta", "nope"});
  EXPECT_EQ(g.exit_code, 2);
  EXPECT_EQ(g.stderr_text.rfind("trenchcoat meta: error: unknown meta command 'nope'", 0), 0u) << g.stderr_text;
}

// The cmd scorer (judges/command_scorer.hpp): items as JSON Lines to a program, one score per line
// back; crashes, short answers and non-numbers are errors naming the row. The programs are /bin/sh
// and awk (present on every Debian system), so that no Python is needed.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/judges/command_scorer.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace {

using namespace trenchcoat;
using scoring::Item;

Item item(const std::string& candidate, const std::string& id = "") {
  Item i;
  i.candidate = candidate;
  i.id = id;
  return i;
}

std::vector<Item> two_items() { return {item("first", "a"), item("second", "b")}; }

std::string error_of(const scoring::ScorerOptions& options, const std::vector<Item>& items) {
  try {
    judges::make_command_scorer(options)->score(items);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(CommandWords, SplitLikeAShellWordList) {
  using judges::split_command_words;
  using V = std::vector<std::string>;
  EXPECT_EQ(split_command_words("python3  rm.py --model x"), (V{"python3", "rm.py", "--model", "x"}));
  EXPECT_EQ(split_command_words(R"(awk '{print $1, "x"}' a\ b "c \"d\" \$e" f"g"h)"),
            (V{"awk", R"({print $1, "x"})", "a b", R"(c "d" $e)", "fgh"}));
  EXPECT_EQ(split_command_words("''"), V{""});
  EXPECT_EQ(split_command_words("   "), V{});
  EXPECT_THROW(split_command_words("echo 'open"), Error);
  EXPECT_THROW(split_command_words("echo \"open"), Error);
  EXPECT_THROW(split_command_words("echo \\"), Error);
}

TEST(CommandScorer, ReadsOneNumberPerRow) {
  const auto scorer = registry::make_scorer("cmd", {{"run", "awk '{print NR * 1.5}'"}});
  const auto r = scorer->score(two_items());
  EXPECT_EQ(r.item_scores, (std::vector<double>{1.5, 3.0}));
  EXPECT_TRUE(r.issues.empty());
  EXPECT_EQ(scorer->info().kind, scoring::ScorerKind::pointwise);
  EXPECT_EQ(scorer->signature().rfind("cmd|run:awk '{print NR * 1.5}'|shell:no|version:", 0), 0u);
}

TEST(CommandScorer, ScoreObjectsNullsAndBlankLines) {
  // {"score": x} is verl's dict form; null is "no score" (TRL's None): NaN and a reported issue.
  std::vector<Item> items = two_items();
  items.push_back(item("third", "c"));
  const auto r = judges::make_command_scorer(
                     {{"run", R"(printf '{"score": 2, "extra": 1}\nnull\n\n  \n-7e-1')"}, {"shell", "true"}})
                     ->score(items);
  ASSERT_EQ(r.item_scores.size(), 3u);
  EXPECT_EQ(r.item_scores[0], 2.0);
  EXPECT_TRUE(std::isnan(r.item_scores[1]));
  EXPECT_EQ(r.item_scores[2], -0.7);  // a last line without a newline counts
  ASSERT_EQ(r.issues.size(), 1u);
  EXPECT_EQ(r.issues[0].item, 1u);
  EXPECT_EQ(r.issues[0].message, "the program gave no score (null)");
}

class CommandScorerFiles : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(CommandScorerFiles, TheProgramGetsEveryFieldAsJsonLines) {
  const std::string seen = (dir_ / "seen.jsonl").string();
  std::vector<Item> items{item("c\n\"q\"", "7")};
  items[0].source = "s";
  items[0].references = {"r1", "r2"};
  items[0].prompt = "p";
  items[0].alternative = "alt";
  const auto r =
      judges::make_command_scorer({{"run", "cat > '" + seen + "'; echo 1"}, {"shell", "true"}})->score(items);
  EXPECT_EQ(r.item_scores, std::vector<double>{1.0});
  const auto line = nlohmann::ordered_json::parse(trenchcoat::testing::read_file(seen));
  EXPECT_EQ(
      line.dump(),
      R"({"id":"7","prompt":"p","candidate":"c\n\"q\"","references":["r1","r2"],"source":"s","alternative":"alt"})");
}

TEST(CommandScorer, ACrashNamesTheRowAndTheStatus) {
  EXPECT_EQ(error_of({{"run", "echo 1; exit 3"}, {"shell", "true"}}, two_items()),
            "cmd 'echo 1; exit 3': the program exited with status 3 after answering 1 of 2 rows (at row 2 (id b))");
  // A failure after a full answer is still a failure.
  EXPECT_EQ(error_of({{"run", "echo 1; echo 2; exit 1"}, {"shell", "true"}}, two_items()),
            "cmd 'echo 1; echo 2; exit 1': the program exited with status 1 after answering 2 of 2 rows");
  EXPECT_EQ(
      error_of({{"run", "kill -9 $$"}, {"shell", "true"}}, two_items()),
      "cmd 'kill -9 $$': the program was killed by signal 9 (Killed) after answering 0 of 2 rows (at row 1 (id a))");
}

TEST(CommandScorer, AShortAnswerNamesTheFirstRowWithoutOne) {
  EXPECT_EQ(error_of({{"run", "echo 0.5"}}, two_items()),
            "cmd 'echo 0.5': the program answered 1 of 2 rows: no answer for row 2 (id b)");
}

TEST(CommandScorer, ANonNumberNamesTheRow) {
  EXPECT_EQ(error_of({{"run", R"(awk '{print (NR == 2 ? "\"high\"" : 1)}')"}}, two_items()),
            R"(cmd 'awk '{print (NR == 2 ? "\"high\"" : 1)}'': row 2 (id b): the answer is not a number: '"high"')");
  EXPECT_EQ(error_of({{"run", "echo 1; echo 2; echo 3"}, {"shell", "true"}}, two_items()),
            "cmd 'echo 1; echo 2; echo 3': answered more lines than the 2 rows it was given: '3'");
}

TEST(CommandScorer, AMissingProgramOrRunOptionIsAnError) {
  const std::string msg = error_of({{"run", "/nonexistent/scorer --x"}}, two_items());
  EXPECT_EQ(msg.rfind("cmd '/nonexistent/scorer --x': cannot run '/nonexistent/scorer': ", 0), 0u) << msg;
  EXPECT_EQ(error_of({}, two_items()),
            "cmd: no program to run: give one with run=\"PROGRAM ARGS\" (e.g. cmd:run=python3 rm.py)");
  EXPECT_THROW(judges::make_command_scorer({{"shell", "maybe"}}), Error);
  EXPECT_THROW(judges::make_command_scorer({{"kind", "listwise"}}), Error);
}

TEST(CommandScorer, BigInputsDoNotDeadlock) {
  // 20 MB in while answers come out: the items are written from a second thread while the answers
  // are read, so neither pipe can fill up and block both sides.
  std::vector<Item> items(100'000);
  for (std::size_t i = 0; i < items.size(); ++i) items[i].candidate = std::string(150 + i % 50, 'x');
  const auto r = judges::make_command_scorer({{"run", "awk '{print length($0)}'"}})->score(items);
  ASSERT_EQ(r.item_scores.size(), items.size());
  // Each JSON line is the candidate plus the same fixed fields, so lengths differ as the candidates do.
  EXPECT_EQ(r.item_scores[1] - r.item_scores[0], 1.0);
  EXPECT_EQ(r.item_scores[50] - r.item_scores[0], 0.0);
}

TEST(CommandScorer, PairwiseKindNeedsTheAlternative) {
  const auto scorer = judges::make_command_scorer({{"run", "true"}, {"kind", "pairwise"}, {"direction", "higher"}});
  EXPECT_EQ(scorer->info().kind, scoring::ScorerKind::pairwise);
  EXPECT_EQ(scorer->info().required_fields, (std::vector<std::string>{"candidate", "alternative"}));
}

TEST(CommandScorer, AProgramThatIgnoresItsInputStillWorks) {
  // The program exits without reading: writing ends with EPIPE, which must not end this process.
  std::vector<Item> items(20'000, item(std::string(1000, 'y')));
  const std::string msg = error_of({{"run", "echo 1"}}, items);
  EXPECT_EQ(msg, "cmd 'echo 1': the program answered 1 of 20000 rows: no answer for row 2");
}

}  // namespace

namespace {

// Progress: every answer line tells one finished item; a scorer without its own progress (length)
// tells the whole batch once, when it is done.
TEST(CommandScorer, ProgressIsToldForEveryAnswer) {
  const std::vector<Item> items = {item("a"), item("b"), item("c")};
  std::vector<std::size_t> told;
  const auto result =
      registry::make_scorer("cmd", {{"run", "awk '{print NR}'"}})->score_with_progress(items, [&](std::size_t n) {
        told.push_back(n);
      });
  EXPECT_EQ(result.item_scores, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(told, (std::vector<std::size_t>{1, 1, 1}));
  told.clear();
  registry::make_scorer("length", {})->score_with_progress(items, [&](std::size_t n) { told.push_back(n); });
  EXPECT_EQ(told, (std::vector<std::size_t>{3}));
}

}  // namespace

// The LLM judge scorer against a scripted chat-completions server on loopback: pointwise ratings,
// pairwise verdicts in both orders (MT-Bench's reconciliation), logprob preference (AlpacaEval's),
// unparseable and malformed answers, retries, timeouts, the persistent cache, and a run killed half
// way that resumes. Expected behaviour: include/trenchcoat/judges/llm_judge.hpp, judge_verdict.hpp,
// judge_templates.hpp (following the OpenAI chat-completions API and MT-Bench's verdict formats).
#include "trenchcoat/judges/llm_judge.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>

#include "judge_test_server.hpp"
#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/judges/judge_templates.hpp"
#include "trenchcoat/judges/judge_verdict.hpp"
#include "trenchcoat/judges/response_cache.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

using namespace trenchcoat::judges;
using trenchcoat::scoring::Item;
using trenchcoat::testing::completion_json;
using trenchcoat::testing::JudgeCall;
using trenchcoat::testing::JudgeTestServer;
using trenchcoat::testing::last_message;

namespace {

// A judge that rates "score=N" in the response as N, and prefers the response containing GOOD over
// the one containing BAD wherever they are shown; "TIE" in both gives [[C]].
void simulated_judge(const JudgeCall& call, httplib::Response& res) {
  const std::string text = last_message(call.body);
  std::string answer = "I could not judge this.";
  if (const auto p = text.find("score="); p != std::string::npos) {
    const auto end = text.find_first_not_of("0123456789.", p + 6);
    answer = "The response is adequate. Rating: [[" + text.substr(p + 6, end - (p + 6)) + "]]";
  } else if (text.find("GOOD") != std::string::npos && text.find("BAD") != std::string::npos) {
    answer = text.find("GOOD") < text.find("BAD") ? "Assistant A is better. [[A]]" : "Assistant B is better. [[B]]";
  } else if (text.find("TIE") != std::string::npos) {
    answer = "Both are equally good. [[C]]";
  }
  res.set_content(completion_json(answer), "application/json");
}

Item pointwise_item(const std::string& prompt, const std::string& candidate) {
  Item it;
  it.prompt = prompt;
  it.candidate = candidate;
  return it;
}

Item pair_item(const std::string& prompt, const std::string& candidate, const std::string& alternative) {
  Item it = pointwise_item(prompt, candidate);
  it.alternative = alternative;
  return it;
}

class LlmJudgeTest : public trenchcoat::testing::TempDirectoryTest {
 protected:
  std::string cache_path() const { return (dir_ / "judge-cache.sqlite").string(); }
  LlmJudgeOptions options(const JudgeTestServer& server, JudgeMode mode = JudgeMode::pointwise) const {
    LlmJudgeOptions o;
    o.client.url = server.url();
    o.client.model = "test-judge";
    o.client.timeout_seconds = 10;
    o.client.retries = 3;
    o.client.initial_backoff_seconds = 0.01;
    o.mode = mode;
    o.cache_path = cache_path();
    return o;
  }
};

// top_logprobs entries {token, logprob} from (token, probability) pairs.
nlohmann::json alternatives(std::initializer_list<std::pair<const char*, double>> probs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [token, p] : probs) out.push_back({{"token", token}, {"logprob", std::log(p)}});
  return out;
}

// Logprob content for "Because. [[X]]" with `alts` at the letter.
nlohmann::json verdict_tokens(const char* letter, const nlohmann::json& alts) {
  return nlohmann::json::array({
      {{"token", "Because."}, {"logprob", -0.1}, {"top_logprobs", nlohmann::json::array()}},
      {{"token", " [["}, {"logprob", -0.01}, {"top_logprobs", nlohmann::json::array()}},
      {{"token", letter}, {"logprob", -0.2}, {"top_logprobs", alts}},
      {{"token", "]]"}, {"logprob", -0.01}, {"top_logprobs", nlohmann::json::array()}},
  });
}

}  // namespace

// ---- verdict parsing (no server) ----

TEST(JudgeVerdict, RatingsAsMtBenchParsesThem) {
  // ecosystem.md 2.3: regex \[\[(\d+\.?\d*)\]\], fallback \[(\d+\.?\d*)\], first match
  EXPECT_EQ(parse_rating("Good answer. Rating: [[7]]"), 7.0);
  EXPECT_EQ(parse_rating("Rating: [[8.5]] and later [[2]]"), 8.5);
  EXPECT_EQ(parse_rating("Rating: [9]"), 9.0);
  EXPECT_EQ(parse_rating("[[x]] then [[10]]"), 10.0);
  EXPECT_EQ(parse_rating("[3] but [[6]]"), 6.0);  // the double-bracket form is looked for first
  EXPECT_FALSE(parse_rating("Rating: 7/10").has_value());
  EXPECT_FALSE(parse_rating("Rating: [[ 7 ]]").has_value());
  EXPECT_FALSE(parse_rating("").has_value());
}

TEST(JudgeVerdict, PairVerdictsAsMtBenchParsesThem) {
  // ecosystem.md 2.3: substring tests [[A]], then [[B]], then [[C]] (tie)
  EXPECT_EQ(parse_pair_verdict("so [[B]]"), PairVerdict::b);
  EXPECT_EQ(parse_pair_verdict("[[C]]"), PairVerdict::tie);
  EXPECT_EQ(parse_pair_verdict("not [[B]] but [[A]]"), PairVerdict::a);  // [[A]] is tested first
  EXPECT_EQ(parse_pair_verdict(" A\n"), PairVerdict::a);                 // single-token answers (judge_verdict.hpp)
  EXPECT_FALSE(parse_pair_verdict("Assistant A is better").has_value());
  EXPECT_FALSE(parse_pair_verdict("[[D]]").has_value());
}

TEST(JudgeVerdict, ProbabilityOfAFromTopLogprobs) {
  // AlpacaEval (ecosystem.md 2.1): exp(lp(A) - logsumexp(lp(A), lp(B))); other tokens ignored.
  const nlohmann::json r = nlohmann::json::parse(
      completion_json("Because. [[A]]", verdict_tokens("A", alternatives({{"A", 0.6}, {"B", 0.15}, {"C", 0.25}}))));
  EXPECT_NEAR(*verdict_probability_a(r), 0.8, 1e-12);  // 0.6 / (0.6 + 0.15)
  // Only A among the alternatives: B counts as -inf, so P(A) = 1.
  const nlohmann::json only_a = nlohmann::json::parse(
      completion_json("Because. [[A]]", verdict_tokens("A", alternatives({{"A", 0.9}, {"C", 0.1}}))));
  EXPECT_NEAR(*verdict_probability_a(only_a), 1.0, 1e-12);
  // " B" and "B" are the same letter: summed (judge_verdict.hpp).
  const nlohmann::json spaced = nlohmann::json::parse(
      completion_json("Because. [[B]]", verdict_tokens("B", alternatives({{"B", 0.4}, {" B", 0.2}, {"A", 0.2}}))));
  EXPECT_NEAR(*verdict_probability_a(spaced), 0.25, 1e-12);  // 0.2 / (0.2 + 0.6)
  // A token that holds the brackets too: "[[A" against "[[B".
  const nlohmann::json merged = nlohmann::json::parse(completion_json(
      "[[A]]",
      nlohmann::json::array({{{"token", "[[A"},
                              {"logprob", std::log(0.75)},
                              {"top_logprobs", alternatives({{"[[A", 0.75}, {"[[B", 0.25}})}},
                             {{"token", "]]"}, {"logprob", 0.0}, {"top_logprobs", nlohmann::json::array()}}})));
  EXPECT_NEAR(*verdict_probability_a(merged), 0.75, 1e-12);
  // A single-token answer (AlpacaEval's max_tokens=1 style).
  const nlohmann::json single = nlohmann::json::parse(completion_json(
      "B",
      nlohmann::json::array(
          {{{"token", "B"}, {"logprob", std::log(0.9)}, {"top_logprobs", alternatives({{"B", 0.9}, {"A", 0.1}})}}})));
  EXPECT_NEAR(*verdict_probability_a(single), 0.1, 1e-12);
  // No logprobs, or no verdict token, or neither letter: nullopt (the judge falls back to the text).
  EXPECT_FALSE(verdict_probability_a(nlohmann::json::parse(completion_json("[[A]]"))).has_value());
  EXPECT_FALSE(verdict_probability_a(
                   nlohmann::json::parse(completion_json("x", verdict_tokens("x", alternatives({{"A", 0.5}})))))
                   .has_value());
  EXPECT_FALSE(verdict_probability_a(nlohmann::json::parse(completion_json(
                                         "[[C]]", verdict_tokens("C", alternatives({{"C", 0.9}, {"D", 0.1}})))))
                   .has_value());
}

// ---- templates ----

TEST(JudgeTemplates, DefaultsAskForTheMtBenchFormats) {
  const JudgeTemplate pointwise = default_template(JudgeMode::pointwise);
  EXPECT_NE(pointwise.user.find("Rating: [[N]]"), std::string::npos);
  EXPECT_TRUE(template_uses(pointwise, "prompt"));
  EXPECT_TRUE(template_uses(pointwise, "response"));
  const JudgeTemplate pairwise = default_template(JudgeMode::pairwise);
  for (const char* verdict : {"[[A]]", "[[B]]", "[[C]]"}) EXPECT_NE(pairwise.user.find(verdict), std::string::npos);
  EXPECT_TRUE(template_uses(pairwise, "response_a"));
  EXPECT_TRUE(template_uses(pairwise, "response_b"));
}

TEST(JudgeTemplates, PlaceholdersAreFilledInOnePass) {
  TemplateValues v;
  v.prompt = "say {response}";
  v.response = "R";
  v.reference = "REF";
  // Text inserted for {prompt} is not scanned again; unknown braces stay.
  EXPECT_EQ(fill_template("{prompt} / {response} / {reference} / {\"rating\": 5} / {other}", v),
            "say {response} / R / REF / {\"rating\": 5} / {other}");
}

TEST(JudgeTemplates, FilesWithSystemAndUserParts) {
  const JudgeTemplate t = parse_template(
      "[system]\nYou grade.\n\n[user]\nQ: {prompt}\nA: {response}\nGold: {reference}\n", "t.txt", JudgeMode::pointwise);
  EXPECT_EQ(t.system, "You grade.");
  EXPECT_EQ(t.user, "Q: {prompt}\nA: {response}\nGold: {reference}");
  const JudgeTemplate plain = parse_template("{response_a} vs {response_b}\r\n", "p.txt", JudgeMode::pairwise);
  EXPECT_EQ(plain.system, "");
  EXPECT_EQ(plain.user, "{response_a} vs {response_b}");
}

TEST(JudgeTemplates, WrongPlaceholdersAreErrorsNamingTheFile) {
  try {
    parse_template("Rate {prompt}", "mine.txt", JudgeMode::pointwise);
    FAIL() << "expected trenchcoat::Error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_EQ(e.file(), "mine.txt");
    EXPECT_NE(std::string(e.what()).find("{response}"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_template("{response}", "p.txt", JudgeMode::pairwise), trenchcoat::Error);
  EXPECT_THROW(parse_template("{response_a} {response_b} {response}", "p.txt", JudgeMode::pairwise), trenchcoat::Error);
  EXPECT_THROW(parse_template("{response_a} {response_b}", "p.txt", JudgeMode::pointwise), trenchcoat::Error);
  EXPECT_THROW(parse_template("[system]\nno user part {response}", "s.txt", JudgeMode::pointwise), trenchcoat::Error);
  EXPECT_THROW(load_template("/nonexistent/template.txt", JudgeMode::pointwise), trenchcoat::Error);
}

// ---- the scorer against the server ----

TEST_F(LlmJudgeTest, PointwiseScoresAreTheParsedRatings) {
  JudgeTestServer server(simulated_judge);
  const LlmJudgeScorer judge(options(server));
  EXPECT_EQ(judge.info().kind, trenchcoat::scoring::ScorerKind::pointwise);
  EXPECT_EQ(judge.info().required_fields, (std::vector<std::string>{"prompt", "candidate"}));
  const std::vector<Item> items = {pointwise_item("Q1", "answer score=7"), pointwise_item("Q2", "answer score=3"),
                                   pointwise_item("Q3", "answer score=9.5")};
  const JudgeRun run = judge.run(items);
  // simulated_judge answers "Rating: [[N]]" for score=N
  EXPECT_EQ(run.result.item_scores, (std::vector<double>{7.0, 3.0, 9.5}));
  EXPECT_TRUE(run.result.issues.empty());
  EXPECT_EQ(run.stats.requests, 3u);
  EXPECT_EQ(run.stats.sent, 3u);
  EXPECT_EQ(run.stats.scored, 3u);

  // The request: the default template filled in, temperature 0, max_tokens 1024, the model.
  const auto calls = server.calls();
  ASSERT_EQ(calls.size(), 3u);
  // Requests arrive in any order (8 at once): take the one for Q1.
  const auto q1 = std::find_if(calls.begin(), calls.end(),
                               [](const JudgeCall& c) { return last_message(c.body).find("Q1") != std::string::npos; });
  ASSERT_NE(q1, calls.end());
  const auto& body = q1->body;
  EXPECT_EQ(body["model"], "test-judge");
  EXPECT_EQ(body["temperature"], 0.0);
  EXPECT_EQ(body["max_tokens"], 1024);
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][1]["role"], "user");
  const std::string user = body["messages"][1]["content"];
  EXPECT_NE(user.find("[User request]\nQ1\n"), std::string::npos) << user;
  EXPECT_NE(user.find("answer score=7"), std::string::npos) << user;
}

TEST_F(LlmJudgeTest, PairwiseAsksBothOrdersAndReconcilesThem) {
  JudgeTestServer server(simulated_judge);
  const LlmJudgeScorer judge(options(server, JudgeMode::pairwise));
  EXPECT_EQ(judge.info().kind, trenchcoat::scoring::ScorerKind::pairwise);
  EXPECT_EQ(judge.info().required_fields, (std::vector<std::string>{"prompt", "candidate", "alternative"}));
  const std::vector<Item> items = {pair_item("Q1", "GOOD one", "BAD one"), pair_item("Q2", "BAD two", "GOOD two"),
                                   pair_item("Q3", "TIE a", "TIE b")};
  const JudgeRun run = judge.run(items);
  // MT-Bench (ecosystem.md 2.3): the same winner in both orders -> 1 or 0; tie in both -> 0.5
  EXPECT_EQ(run.result.item_scores, (std::vector<double>{1.0, 0.0, 0.5}));
  // Each order's verdict is kept beside the score: 1 / 0 / 0.5 for the candidate shown first and second.
  ASSERT_EQ(run.result.item_details.size(), 2u);
  EXPECT_EQ(run.result.item_details[0].name, "preference_ab");
  EXPECT_EQ(run.result.item_details[0].values, (std::vector<double>{1.0, 0.0, 0.5}));
  EXPECT_EQ(run.result.item_details[1].name, "preference_ba");
  EXPECT_EQ(run.result.item_details[1].values, (std::vector<double>{1.0, 0.0, 0.5}));
  EXPECT_EQ(run.stats.requests, 6u);
  EXPECT_EQ(run.stats.inconsistent, 0u);
  EXPECT_EQ(server.requests(), 6u);
  // Both orders were asked: the candidate once as A, once as B.
  std::size_t candidate_first = 0, candidate_second = 0;
  for (const auto& call : server.calls()) {
    const std::string user = last_message(call.body);
    if (user.find("GOOD one") == std::string::npos) continue;
    (user.find("GOOD one") < user.find("BAD one") ? candidate_first : candidate_second)++;
  }
  EXPECT_EQ(candidate_first, 1u);
  EXPECT_EQ(candidate_second, 1u);
}

TEST_F(LlmJudgeTest, PositionBiasedVerdictsAreInconsistentAndCountAsTies) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    res.set_content(completion_json("The first one. [[A]]"), "application/json");
  });
  const LlmJudgeScorer judge(options(server, JudgeMode::pairwise));
  const JudgeRun run = judge.run(std::vector<Item>{pair_item("Q", "GOOD", "BAD"), pair_item("Q", "x", "y")});
  // MT-Bench: g1 winner != g2 winner -> "inconsistent", counted as a tie (ecosystem.md 2.3)
  EXPECT_EQ(run.result.item_scores, (std::vector<double>{0.5, 0.5}));
  // The orders disagree: the candidate wins when shown first, loses when shown second.
  ASSERT_EQ(run.result.item_details.size(), 2u);
  EXPECT_EQ(run.result.item_details[0].values, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(run.result.item_details[1].values, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(run.stats.inconsistent, 2u);
  EXPECT_TRUE(run.result.issues.empty());
}

TEST_F(LlmJudgeTest, LogprobPreferenceIsAveragedOverBothOrders) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    const std::string text = last_message(call.body);
    if (text.find("NOLOGPROBS") != std::string::npos) {  // a server that ignores logprobs
      res.set_content(completion_json(text.find("GOOD") < text.find("BAD") ? "[[A]]" : "[[B]]"), "application/json");
    } else if (text.find("GOOD") < text.find("BAD")) {
      res.set_content(
          completion_json("Because. [[A]]", verdict_tokens("A", alternatives({{"A", 0.6}, {"B", 0.15}, {"C", 0.25}}))),
          "application/json");
    } else {
      res.set_content(
          completion_json("Because. [[B]]", verdict_tokens("B", alternatives({{"B", 0.56}, {"A", 0.24}, {"C", 0.2}}))),
          "application/json");
    }
  });
  LlmJudgeOptions o = options(server, JudgeMode::pairwise);
  o.logprobs = true;
  const LlmJudgeScorer judge(o);
  const JudgeRun run = judge.run(std::vector<Item>{pair_item("Q", "GOOD", "BAD"), pair_item("Q", "BAD", "GOOD"),
                                                   pair_item("NOLOGPROBS", "GOOD", "BAD")});
  // Candidate first: P(A) = 0.6/(0.6+0.15) = 0.8; candidate second: P(B) = 0.56/(0.56+0.24) = 0.7;
  // mean 0.75 (AlpacaEval's normalisation over A/B, ecosystem.md 2.1; averaged over orders, llm_judge.hpp).
  ASSERT_EQ(run.result.item_scores.size(), 3u);
  EXPECT_NEAR(run.result.item_scores[0], 0.75, 1e-12);
  EXPECT_NEAR(run.result.item_scores[1], 0.25, 1e-12);  // the same judgments, candidate and alternative swapped
  EXPECT_EQ(run.result.item_scores[2], 1.0);            // no logprobs: the text verdicts, counted
  EXPECT_EQ(run.stats.logprob_fallbacks, 2u);
  const auto calls = server.calls();
  const auto& body = calls.at(0).body;
  EXPECT_EQ(body["logprobs"], true);
  EXPECT_EQ(body["top_logprobs"], 5);  // AlpacaEval's weighted config uses 5 (ecosystem.md 2.1)
}

TEST_F(LlmJudgeTest, UnparseableAnswersAreCountedReportedAndNaN) {
  JudgeTestServer server(simulated_judge);
  const LlmJudgeScorer judge(options(server));
  const JudgeRun run = judge.run(std::vector<Item>{
      pointwise_item("Q", "score=4"), pointwise_item("Q", "no number here"), pointwise_item("Q", "score=6")});
  ASSERT_EQ(run.result.item_scores.size(), 3u);
  EXPECT_EQ(run.result.item_scores[0], 4.0);
  EXPECT_TRUE(std::isnan(run.result.item_scores[1]));
  EXPECT_EQ(run.result.item_scores[2], 6.0);
  EXPECT_EQ(run.stats.unparseable, 1u);
  ASSERT_EQ(run.result.issues.size(), 1u);
  EXPECT_EQ(run.result.issues[0].item, 1u);
  EXPECT_EQ(run.result.issues[0].message, "judge: unparseable answer (no [[rating]]): \"I could not judge this.\"");

  // Pairwise: an unparseable order makes the item NaN, naming the order.
  JudgeTestServer pairwise_server([](const JudgeCall& call, httplib::Response& res) {
    const std::string text = last_message(call.body);
    res.set_content(completion_json(text.find("GOOD") < text.find("BAD") ? "[[A]]" : "hmm"), "application/json");
  });
  LlmJudgeOptions o = options(pairwise_server, JudgeMode::pairwise);
  o.cache_path = "";
  const JudgeRun pair_run = LlmJudgeScorer(o).run(std::vector<Item>{pair_item("Q", "GOOD", "BAD")});
  EXPECT_TRUE(std::isnan(pair_run.result.item_scores[0]));
  ASSERT_EQ(pair_run.result.issues.size(), 1u);
  EXPECT_NE(pair_run.result.issues[0].message.find("(candidate shown second)"), std::string::npos)
      << pair_run.result.issues[0].message;
  EXPECT_EQ(pair_run.stats.unparseable, 1u);
  // The order that was answered keeps its verdict; the other is NaN.
  ASSERT_EQ(pair_run.result.item_details.size(), 2u);
  EXPECT_EQ(pair_run.result.item_details[0].values[0], 1.0);
  EXPECT_TRUE(std::isnan(pair_run.result.item_details[1].values[0]));
}

TEST_F(LlmJudgeTest, MalformedJsonIsAnIssueAndIsNotCached) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (last_message(call.body).find("BROKEN") != std::string::npos)
      res.set_content("{\"choices\": [", "application/json");
    else simulated_judge(call, res);
  });
  const std::vector<Item> items = {pointwise_item("Q", "BROKEN score=5"), pointwise_item("Q", "score=8")};
  const JudgeRun first = LlmJudgeScorer(options(server)).run(items);
  EXPECT_TRUE(std::isnan(first.result.item_scores[0]));
  EXPECT_EQ(first.result.item_scores[1], 8.0);
  ASSERT_EQ(first.result.issues.size(), 1u);
  EXPECT_NE(first.result.issues[0].message.find("malformed response (not JSON)"), std::string::npos)
      << first.result.issues[0].message;
  EXPECT_EQ(first.stats.failed, 1u);
  // The rerun asks again for the malformed one only (failures are not cached, llm_judge.hpp).
  const std::size_t before = server.requests();
  const JudgeRun second = LlmJudgeScorer(options(server)).run(items);
  EXPECT_EQ(server.requests() - before, 1u);
  EXPECT_EQ(second.stats.cache_hits, 1u);
}

TEST_F(LlmJudgeTest, CacheMakesARerunCostNoRequests) {
  JudgeTestServer server(simulated_judge);
  const std::vector<Item> items = {pair_item("Q1", "GOOD", "BAD"), pair_item("Q2", "BAD", "GOOD")};
  const JudgeRun first = LlmJudgeScorer(options(server, JudgeMode::pairwise)).run(items);
  EXPECT_EQ(server.requests(), 4u);
  // A new scorer on the same file: every answer from the cache, the same scores.
  const JudgeRun second = LlmJudgeScorer(options(server, JudgeMode::pairwise)).run(items);
  EXPECT_EQ(server.requests(), 4u);
  EXPECT_EQ(second.stats.cache_hits, 4u);
  EXPECT_EQ(second.stats.sent, 0u);
  EXPECT_EQ(second.result.item_scores, first.result.item_scores);
  // Another parameter is another request (the key holds every parameter).
  LlmJudgeOptions warmer = options(server, JudgeMode::pairwise);
  warmer.temperature = 0.5;
  LlmJudgeScorer(warmer).run(items);
  EXPECT_EQ(server.requests(), 8u);
  EXPECT_EQ(ResponseCache(cache_path()).size(), 8u);
}

TEST_F(LlmJudgeTest, IdenticalRequestsInABatchAreSentOnce) {
  JudgeTestServer server(simulated_judge);
  const JudgeRun run = LlmJudgeScorer(options(server))
                           .run(std::vector<Item>{pointwise_item("Q", "score=2"), pointwise_item("Q", "score=2"),
                                                  pointwise_item("Q", "score=2")});
  EXPECT_EQ(run.result.item_scores, (std::vector<double>{2.0, 2.0, 2.0}));
  EXPECT_EQ(run.stats.requests, 1u);
  EXPECT_EQ(server.requests(), 1u);
}

TEST_F(LlmJudgeTest, RateLimitsAndServerErrorsAreRetriedAndRecover) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (call.attempt == 1) {
      res.status = 429;
      res.set_header("Retry-After", "0");
      return;
    }
    if (call.attempt == 2) {
      res.status = 500;
      return;
    }
    simulated_judge(call, res);
  });
  LlmJudgeOptions o = options(server);
  o.client.concurrency = 4;
  std::vector<Item> items;
  for (int i = 1; i <= 8; ++i) items.push_back(pointwise_item("Q" + std::to_string(i), "score=" + std::to_string(i)));
  const JudgeRun run = LlmJudgeScorer(o).run(items);
  EXPECT_EQ(run.result.item_scores, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_TRUE(run.result.issues.empty());
  EXPECT_EQ(run.stats.failed, 0u);
  EXPECT_EQ(server.requests(), 24u);  // 429, 500, then the answer, for each
}

TEST_F(LlmJudgeTest, PersistentFailuresAndTimeoutsAreIssues) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    const std::string text = last_message(call.body);
    if (text.find("SLOW") != std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    if (text.find("DOWN") != std::string::npos) {
      res.status = 500;
      res.set_content(R"({"error": {"message": "backend down"}})", "application/json");
      return;
    }
    simulated_judge(call, res);
  });
  LlmJudgeOptions o = options(server);
  o.client.retries = 1;
  o.client.timeout_seconds = 0.3;
  const JudgeRun run = LlmJudgeScorer(o).run(std::vector<Item>{
      pointwise_item("Q", "DOWN"), pointwise_item("Q", "SLOW score=3"), pointwise_item("Q", "score=9")});
  EXPECT_TRUE(std::isnan(run.result.item_scores[0]));
  EXPECT_TRUE(std::isnan(run.result.item_scores[1]));
  EXPECT_EQ(run.result.item_scores[2], 9.0);
  ASSERT_EQ(run.result.issues.size(), 2u);
  EXPECT_EQ(run.result.issues[0].message, "judge: request failed: HTTP 500 after 2 attempts: backend down");
  EXPECT_EQ(run.result.issues[1].message, "judge: request failed: timed out after 0.3 s (2 attempts)");
  EXPECT_EQ(run.stats.failed, 2u);
}

TEST_F(LlmJudgeTest, UnauthorizedStopsTheRunWithAnError) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    res.status = 401;
    res.set_content(R"({"error": {"message": "Incorrect API key provided"}})", "application/json");
  });
  LlmJudgeOptions o = options(server);
  o.client.concurrency = 1;
  std::vector<Item> items(5, pointwise_item("Q", "score=1"));
  for (std::size_t i = 0; i < items.size(); ++i) items[i].prompt += std::to_string(i);
  try {
    LlmJudgeScorer(o).run(items);
    FAIL() << "expected trenchcoat::Error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 401: Incorrect API key provided"), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.requests(), 1u);
}

TEST_F(LlmJudgeTest, UnreachableServerStopsTheRunWithAnError) {
  LlmJudgeOptions o;
  {
    JudgeTestServer gone(simulated_judge);  // a port that was just free, and is free again
    o = options(gone);
  }
  o.client.retries = 1;
  try {
    LlmJudgeScorer(o).run(std::vector<Item>{pointwise_item("Q", "score=1"), pointwise_item("Q", "score=2")});
    FAIL() << "expected trenchcoat::Error";
  } catch (const trenchcoat::Error& e) {
    EXPECT_NE(std::string(e.what()).find("(2 attempts)"), std::string::npos) << e.what();
  }
}

TEST_F(LlmJudgeTest, TemplateFromFileWithReference) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    res.set_content(completion_json(last_message(call.body).find("Gold: 42") != std::string::npos ? "[[10]]" : "[[1]]"),
                    "application/json");
  });
  LlmJudgeOptions o = options(server);
  o.prompt_template =
      load_template(write("tpl.txt", "[system]\nStrict grader.\n[user]\nQ={prompt}\nA={response}\nGold: {reference}\n"),
                    JudgeMode::pointwise);
  const LlmJudgeScorer judge(o);
  EXPECT_EQ(judge.info().required_fields, (std::vector<std::string>{"prompt", "candidate", "references"}));
  Item item = pointwise_item("What is 6*7?", "42");
  item.references = {"42"};
  EXPECT_EQ(judge.score(std::vector<Item>{item}).item_scores, std::vector<double>{10.0});
  const auto calls = server.calls();
  const auto& body = calls.at(0).body;
  EXPECT_EQ(body["messages"][0]["content"], "Strict grader.");
  EXPECT_EQ(body["messages"][1]["content"], "Q=What is 6*7?\nA=42\nGold: 42");
}

TEST_F(LlmJudgeTest, RegistryRowAndOptions) {
  JudgeTestServer server(simulated_judge);
  const std::string cache = cache_path();
  auto judge = trenchcoat::registry::make_scorer("judge", {{"url", server.url()},
                                                           {"model", "test-judge"},
                                                           {"mode", "pairwise"},
                                                           {"cache", cache},
                                                           {"api-key-env", "TRENCHCOAT_TEST_NO_SUCH_KEY"},
                                                           {"concurrency", "2"},
                                                           {"max-tokens", "64"}});
  EXPECT_EQ(judge->info().kind, trenchcoat::scoring::ScorerKind::pairwise);
  EXPECT_EQ(judge->score(std::vector<Item>{pair_item("Q", "GOOD", "BAD")}).item_scores, std::vector<double>{1.0});
  EXPECT_EQ(server.calls()[0].body["max_tokens"], 64);
  const std::string sig = judge->signature();
  EXPECT_EQ(sig.rfind("judge|url:" + server.url() +
                          "/chat/completions|model:test-judge|mode:pairwise|tpl:default|t:0|max-tokens:64|version:",
                      0),
            0u)
      << sig;

  using trenchcoat::registry::make_scorer;
  EXPECT_THROW(make_scorer("judge", {{"model", "m"}}), trenchcoat::Error);         // no url
  EXPECT_THROW(make_scorer("judge", {{"url", server.url()}}), trenchcoat::Error);  // no model
  const trenchcoat::scoring::ScorerOptions base = {{"url", server.url()}, {"model", "m"}, {"cache", "none"}};
  auto with = [&](const std::string& key, const std::string& value) {
    auto o = base;
    o[key] = value;
    return o;
  };
  EXPECT_THROW(make_scorer("judge", with("mode", "listwise")), trenchcoat::Error);
  EXPECT_THROW(make_scorer("judge", with("logprobs", "true")), trenchcoat::Error);  // pointwise: no logprobs
  EXPECT_THROW(make_scorer("judge", with("temperature", "warm")), trenchcoat::Error);
  EXPECT_THROW(make_scorer("judge", with("concurrency", "0")), trenchcoat::Error);
  EXPECT_THROW(make_scorer("judge", with("top-logprobs", "21")), trenchcoat::Error);
  EXPECT_THROW(make_scorer("judge", with("seed", "1")), trenchcoat::Error);  // not an option of judge
  EXPECT_NO_THROW(make_scorer("judge", with("timeout", "2.5")));
}

// ---- kill and resume ----

#if defined(__SANITIZE_THREAD__)
#define SKIP_UNDER_THREAD_SANITIZER() GTEST_SKIP() << "fork() of a multi-threaded process: not under ThreadSanitizer"
#else
#define SKIP_UNDER_THREAD_SANITIZER() (void)0
#endif
// The concurrent kill test forks while the test server's threads run and then starts worker threads
// in the child; AddressSanitizer's allocator can be left locked by a parent thread at fork(), so the
// child may hang. The sequential kill test still runs under ASan.
#if defined(__SANITIZE_ADDRESS__)
#define SKIP_UNDER_ADDRESS_SANITIZER() GTEST_SKIP() << "fork() with threads on both sides: not under AddressSanitizer"
#else
#define SKIP_UNDER_ADDRESS_SANITIZER() (void)0
#endif

namespace {

// A server that answers the first `answered` requests and holds every later one until released,
// while a child process scores; then answers normally.
struct HoldingJudge {
  std::size_t answered = 0;
  std::mutex mutex;
  std::condition_variable cv;
  bool released = false;

  void handle(const JudgeCall& call, httplib::Response& res) {
    {
      std::unique_lock lock(mutex);
      if (!released && call.index > answered) {
        cv.wait(lock, [&] { return released; });
        res.status = 503;  // to a client that is gone
        return;
      }
    }
    simulated_judge(call, res);
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      released = true;
    }
    cv.notify_all();
  }
};

// Forks a child that runs `judge` with `options` over `items`; once the server has received
// `requests_before_kill` requests, kills it with SIGKILL. Returns false when that never happened.
// The child starts threads after fork() in a multi-threaded parent (the server's): fine with glibc,
// but ThreadSanitizer refuses it, so these tests skip themselves under TSan.
bool score_in_child_and_kill(const LlmJudgeOptions& options, const std::vector<Item>& items,
                             const JudgeTestServer& server, std::size_t requests_before_kill) {
  const pid_t child = fork();
  if (child == 0) {
    try {
      LlmJudgeScorer(options).run(items);
    } catch (...) {
      _exit(3);
    }
    _exit(0);
  }
  if (child < 0) return false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server.requests() < requests_before_kill && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) return false;  // finished or failed without being killed
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  return server.requests() >= requests_before_kill && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace

TEST_F(LlmJudgeTest, KilledRunResumesWithoutRedoingFinishedItems) {
  SKIP_UNDER_THREAD_SANITIZER();
  HoldingJudge holder;
  holder.answered = 4;
  JudgeTestServer server([&](const JudgeCall& call, httplib::Response& res) { holder.handle(call, res); });
  LlmJudgeOptions o = options(server);
  o.client.concurrency = 1;  // one at a time: exactly the 4 answered requests are committed
  std::vector<Item> items;
  for (int i = 0; i < 10; ++i)
    items.push_back(pointwise_item("Q" + std::to_string(i), "score=" + std::to_string(i + 1)));

  ASSERT_TRUE(score_in_child_and_kill(o, items, server, 5));  // killed while request 5 is held
  holder.release();
  EXPECT_EQ(ResponseCache(cache_path()).size(), 4u);  // every finished response was committed

  const std::size_t before = server.requests();
  const JudgeRun resumed = LlmJudgeScorer(o).run(items);
  EXPECT_EQ(server.requests() - before, 6u);  // only the 6 missing requests
  EXPECT_EQ(resumed.stats.cache_hits, 4u);
  EXPECT_EQ(resumed.result.item_scores, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_TRUE(resumed.result.issues.empty());
}

TEST_F(LlmJudgeTest, KilledConcurrentPairwiseRunResumes) {
  SKIP_UNDER_THREAD_SANITIZER();
  SKIP_UNDER_ADDRESS_SANITIZER();
  HoldingJudge holder;
  holder.answered = 10;
  JudgeTestServer server([&](const JudgeCall& call, httplib::Response& res) { holder.handle(call, res); });
  LlmJudgeOptions o = options(server, JudgeMode::pairwise);
  o.client.concurrency = 4;
  std::vector<Item> items;
  std::vector<double> expected;
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    items.push_back(i % 2 ? pair_item("Q" + n, "BAD " + n, "GOOD " + n) : pair_item("Q" + n, "GOOD " + n, "BAD " + n));
    expected.push_back(i % 2 ? 0.0 : 1.0);
  }
  // 24 requests; 10 answered, then all 4 workers held: each has committed everything it received
  // before sending its held request, so exactly 10 responses are in the cache.
  ASSERT_TRUE(score_in_child_and_kill(o, items, server, 14));
  holder.release();
  EXPECT_EQ(ResponseCache(cache_path()).size(), 10u);

  const std::size_t before = server.requests();
  const JudgeRun resumed = LlmJudgeScorer(o).run(items);
  EXPECT_EQ(server.requests() - before, 14u);
  EXPECT_EQ(resumed.result.item_scores, expected);
  // And once more: nothing left to ask.
  LlmJudgeScorer(o).run(items);
  EXPECT_EQ(server.requests() - before, 14u);
}

// Progress: each item is told as soon as all its requests are settled, not when the batch ends. One
// request at a time, in order: pair i is finished by its second request, so the callback runs after
// requests 2, 4 and 6 have reached the server. Failed requests settle their items too, and a rerun
// from the cache tells every item again.
TEST_F(LlmJudgeTest, ProgressIsToldPerItemAsItsRequestsFinish) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (last_message(call.body).find("DOWN") != std::string::npos) {
      res.status = 500;
      return;
    }
    simulated_judge(call, res);
  });
  LlmJudgeOptions o = options(server, JudgeMode::pairwise);
  o.client.concurrency = 1;
  o.client.retries = 0;
  const std::vector<Item> items = {pair_item("Q1", "GOOD", "BAD"), pair_item("Q2", "BAD", "DOWN"),
                                   pair_item("Q3", "GOOD", "BAD")};
  std::vector<std::size_t> told, requests_then;
  const auto record = [&](std::size_t finished) {
    told.push_back(finished);
    requests_then.push_back(server.requests());
  };
  const auto result = LlmJudgeScorer(o).score_with_progress(items, record);
  EXPECT_EQ(told, (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_EQ(requests_then, (std::vector<std::size_t>{2, 4, 6}));
  EXPECT_TRUE(std::isnan(result.item_scores[1]));  // failed, and still told
  told.clear();
  LlmJudgeScorer(o).score_with_progress(items, record);  // Q1 and Q3 from the cache, Q2 sent again
  std::size_t sum = 0;
  for (std::size_t n : told) sum += n;
  EXPECT_EQ(sum, 3u);
}

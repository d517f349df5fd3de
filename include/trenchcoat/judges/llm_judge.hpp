#pragma once
// The LLM judge as a Scorer: asks a chat model, over any OpenAI-compatible endpoint, to rate a response
// (pointwise) or to choose between two (pairwise), with a persistent response cache. Requests
// and logprobs follow the OpenAI chat-completions API; verdicts and position bias follow MT-Bench's
// judges.
//
// Pointwise (kind pointwise; needs prompt, candidate): one request per item with the template filled
// with {prompt} and {response} = candidate; the score is the rating parsed from the answer
// (judge_verdict.hpp: "[[N]]"), higher is better.
//
// Pairwise (kind pairwise; needs prompt, candidate, alternative): two requests per item, one in each
// order: candidate as A and alternative as B, then alternative as A and candidate as B (position bias,
// as MT-Bench). The score is the probability that the candidate is preferred:
//   - text verdicts (logprobs=false): the same winner in both orders gives 1 (candidate) or 0
//     (alternative); a tie in both, or verdicts that disagree ("inconsistent"), gives 0.5 (MT-Bench's
//     rule, where an inconsistent pair counts as a tie);
//   - logprobs=true: in each order, P(candidate's letter) from the verdict token's top_logprobs,
//     normalised over the A and B tokens (AlpacaEval); the score is the mean of the two orders. An
//     order whose answer carries no usable logprobs falls back to its text verdict (1, 0 or 0.5) and
//     is counted (JudgeRunStats::logprob_fallbacks).
// Beside the score, each order's value (1, 0 or 0.5; with logprobs the order's probability) is kept in
// ScoreResult::item_details as "preference_ab" (candidate shown first, as A) and "preference_ba"
// (candidate shown second), NaN for an order without an answer or verdict, so that position bias can be
// measured afterwards (meta/positional_agreement.hpp).
//
// Every item gets a score or NaN. NaN only with a ScoreResult::issues entry naming why: a request that
// failed (after retries), or an answer without a rating / verdict ("unparseable", counted); a pairwise
// item is NaN when either order is. A fatal failure (HTTP 401/403/404, a url curl cannot use, a server
// unreachable after every retry; chat_client.hpp) stops the run with a trenchcoat::Error; the answers
// received so far are in the cache, so a rerun resumes.
//
// Cache: every request is looked up in the ResponseCache first (key: endpoint + request body, i.e.
// model, messages, temperature, max_tokens, logprobs; never the API key) and every successful answer is
// committed the moment it arrives, so rerunning sends no requests and a killed run resumes where it
// stopped. Identical requests within a batch are sent once. Failed answers are not cached.
// The default cache file is "trenchcoat-judge-cache.sqlite" in the working directory; cache=none turns
// the cache off.
//
// Options of make_judge_scorer (scorer spec `judge:url=...,model=...`):
//   url          (required) endpoint base up to the API version, e.g. http://127.0.0.1:8080/v1
//   model        (required) the model name sent in each request
//   api-key-env  environment variable holding the API key (default OPENAI_API_KEY; unset: no key sent)
//   mode         pointwise (default) or pairwise
//   template     a template file (judge_templates.hpp); default: the built-in one for the mode
//   temperature  default 0
//   max-tokens   default 1024; 0 leaves max_tokens out of the request
//   logprobs     true|false (default false); pairwise only
//   top-logprobs alternatives per token when logprobs=true, 1..20 (default 5, as AlpacaEval)
//   concurrency  requests at once (default 8)
//   timeout      seconds per request (default 120)
//   retries      further attempts on 429/5xx/timeouts/connection errors (default 4)
//   backoff      seconds before the first retry, doubled each time, capped at 60 (default 1)
//   cache        path of the SQLite cache (default trenchcoat-judge-cache.sqlite), or none
// A bad value is a trenchcoat::Error naming the scorer and the option (scoring/option_table.hpp).
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "trenchcoat/judges/chat_client.hpp"
#include "trenchcoat/judges/judge_templates.hpp"
#include "trenchcoat/judges/response_cache.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::judges {

inline constexpr const char* kDefaultJudgeCachePath = "trenchcoat-judge-cache.sqlite";

struct LlmJudgeOptions {
  ChatClientOptions client;  // url, model, api key, timeout, retries, backoff, concurrency
  JudgeMode mode = JudgeMode::pointwise;
  JudgeTemplate prompt_template;  // empty user text: default_template(mode)
  double temperature = 0.0;
  int max_tokens = 1024;
  bool logprobs = false;
  int top_logprobs = 5;
  std::string cache_path = kDefaultJudgeCachePath;  // empty: no cache
};

struct JudgeRunStats {
  std::size_t requests = 0;           // distinct requests the batch needed
  std::size_t cache_hits = 0;         // of those, answered from the cache
  std::size_t sent = 0;               // sent to the server (each counted once, however many attempts)
  std::size_t failed = 0;             // of those sent, without an answer
  std::size_t unparseable = 0;        // answers without a rating or verdict (each order of a pair counted)
  std::size_t inconsistent = 0;       // pairwise items whose two orders disagree
  std::size_t logprob_fallbacks = 0;  // orders scored from the text because logprobs were unusable
  std::size_t scored = 0;             // items with a score
};

struct JudgeRun {
  scoring::ScoreResult result;
  JudgeRunStats stats;
};

class LlmJudgeScorer : public scoring::Scorer {
 public:
  // Opens the cache and reads nothing else; throws trenchcoat::Error for bad options or cache file.
  explicit LlmJudgeScorer(LlmJudgeOptions options);

  const scoring::ScorerInfo& info() const override { return info_; }
  scoring::ScoreResult score(std::span<const scoring::Item> items) const override;
  // Reports each item as soon as all its requests are answered (from the cache or the server) or failed.
  scoring::ScoreResult score_with_progress(std::span<const scoring::Item> items,
                                           const scoring::ScoreProgress& progress) const override;
  std::string signature() const override;

  // score(), with counts of what happened; `progress` (when set) as for score_with_progress.
  JudgeRun run(std::span<const scoring::Item> items, const scoring::ScoreProgress& progress = {}) const;

  // The response cache file; empty when the cache is off.
  const std::string& cache_path() const { return options_.cache_path; }

  const ChatClient& client() const { return client_; }

 private:
  LlmJudgeOptions options_;
  ChatClient client_;
  std::unique_ptr<ResponseCache> cache_;
  scoring::ScorerInfo info_;
};

// The options make_judge_scorer takes: its option table (scoring/option_table.hpp; `trenchcoat scorers`
// lists it and make_judge_scorer checks specs against it).
std::vector<scoring::OptionInfo> judge_option_info();

std::unique_ptr<scoring::Scorer> make_judge_scorer(const scoring::ScorerOptions& options);

}  // namespace trenchcoat::judges

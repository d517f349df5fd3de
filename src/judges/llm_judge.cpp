#include "trenchcoat/judges/llm_judge.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trenchcoat/error.hpp"
#include "trenchcoat/judges/judge_verdict.hpp"
#include "trenchcoat/version.hpp"

namespace trenchcoat::judges {
namespace {

using scoring::Item;
using scoring::ScorerOptions;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string snippet(std::string_view text, std::size_t limit = 80) {
  std::string out;
  for (char c : text.substr(0, limit)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (text.size() > limit) out += "...";
  return "\"" + out + "\"";
}

// A fingerprint of a template file's text for the signature (FNV-1a, 64 bits); not a cache key.
std::string fingerprint(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

std::string join_references(const std::vector<std::string>& references) {
  std::string out;
  for (const auto& r : references) out += (out.empty() ? "" : "\n\n") + r;
  return out;
}

// One answer: its text and parsed JSON, or why there is none.
struct Answer {
  bool ok = false;
  nlohmann::json json;
  std::string text;
  std::string problem;   // when !ok: the request failure
  bool cut_off = false;  // finish_reason "length"
};

Answer read_answer(const std::string& body) {
  Answer a;
  a.json = nlohmann::json::parse(body, nullptr, false);
  if (a.json.is_discarded()) {
    a.problem = "malformed response (not JSON)";
    return a;
  }
  const auto text = response_text(a.json);
  if (!text) {
    a.problem = "response without choices[0].message.content";
    return a;
  }
  a.ok = true;
  a.text = *text;
  try {
    a.cut_off = a.json.at("choices").at(0).value("finish_reason", std::string()) == "length";
  } catch (const nlohmann::json::exception&) {}
  return a;
}

std::string unparseable_message(const Answer& a, const char* expected, const char* order) {
  std::string m = std::string("judge: unparseable answer") + order + " (no " + expected + "): " + snippet(a.text);
  if (a.cut_off) m += " (the answer was cut off at max-tokens)";
  return m;
}

}  // namespace

LlmJudgeScorer::LlmJudgeScorer(LlmJudgeOptions options) : options_(std::move(options)), client_(options_.client) {
  if (options_.prompt_template.user.empty()) options_.prompt_template = default_template(options_.mode);
  if (options_.logprobs && options_.mode != JudgeMode::pairwise)
    throw Error("judge: logprobs=true applies to mode=pairwise only");
  if (options_.logprobs && (options_.top_logprobs < 1 || options_.top_logprobs > 20))
    throw Error("judge: top-logprobs must be from 1 to 20");
  if (options_.max_tokens < 0) throw Error("judge: max-tokens must be 0 or more");

  const bool pairwise = options_.mode == JudgeMode::pairwise;
  info_.name = "judge";
  info_.description = pairwise ? "LLM judge, pairwise: probability that the candidate is preferred (both orders)"
                               : "LLM judge, pointwise: the judge's 1-10 rating of the candidate";
  info_.required_fields = pairwise ? std::vector<std::string>{"prompt", "candidate", "alternative"}
                                   : std::vector<std::string>{"prompt", "candidate"};
  if (template_uses(options_.prompt_template, "reference")) info_.required_fields.push_back("references");
  info_.direction = scoring::Direction::higher_is_better;
  info_.kind = pairwise ? scoring::ScorerKind::pairwise : scoring::ScorerKind::pointwise;
  info_.options = judge_option_info();
  if (!options_.cache_path.empty()) cache_ = std::make_unique<ResponseCache>(options_.cache_path);
}

std::string LlmJudgeScorer::signature() const {
  const bool pairwise = options_.mode == JudgeMode::pairwise;
  std::string sig = "judge|url:" + client_.endpoint() + "|model:" + options_.client.model +
                    "|mode:" + (pairwise ? "pairwise" : "pointwise") + "|tpl:";
  const JudgeTemplate& t = options_.prompt_template;
  const JudgeTemplate d = default_template(options_.mode);
  sig += (t.system == d.system && t.user == d.user) ? "default" : fingerprint(t.system + "\n[user]\n" + t.user);
  sig += "|t:" + number_text(options_.temperature);
  sig += "|max-tokens:" + std::to_string(options_.max_tokens);
  if (options_.logprobs) sig += "|logprobs:" + std::to_string(options_.top_logprobs);
  sig += std::string("|version:") + kVersion;
  return sig;
}

scoring::ScoreResult LlmJudgeScorer::score(std::span<const Item> items) const { return run(items).result; }

scoring::ScoreResult LlmJudgeScorer::score_with_progress(std::span<const Item> items,
                                                         const scoring::ScoreProgress& progress) const {
  return run(items, progress).result;
}

JudgeRun LlmJudgeScorer::run(std::span<const Item> items, const scoring::ScoreProgress& progress) const {
  const bool pairwise = options_.mode == JudgeMode::pairwise;
  const std::size_t per_item = pairwise ? 2 : 1;
  const JudgeTemplate& tpl = options_.prompt_template;

  // 1. Every request, deduplicated by its cache key.
  std::vector<std::string> keys;          // distinct; each holds its request body
  keys.reserve(items.size() * per_item);  // never reallocated: key_index views its strings
  std::unordered_map<std::string_view, std::size_t> key_index;
  std::vector<std::size_t> request_of(items.size() * per_item);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    for (std::size_t order = 0; order < per_item; ++order) {
      TemplateValues v;
      v.prompt = item.prompt;
      v.reference = join_references(item.references);
      if (!pairwise) {
        v.response = item.candidate;
      } else if (order == 0) {
        v.response_a = item.candidate;
        v.response_b = item.alternative;
      } else {
        v.response_a = item.alternative;
        v.response_b = item.candidate;
      }
      ChatRequest request;
      if (!tpl.system.empty()) request.messages.push_back({"system", fill_template(tpl.system, v)});
      request.messages.push_back({"user", fill_template(tpl.user, v)});
      request.temperature = options_.temperature;
      request.max_tokens = options_.max_tokens;
      request.top_logprobs = options_.logprobs ? options_.top_logprobs : 0;
      std::string key = client_.cache_key(request);
      if (const auto it = key_index.find(key); it != key_index.end()) {
        request_of[i * per_item + order] = it->second;
      } else {
        keys.push_back(std::move(key));
        key_index.emplace(keys.back(), keys.size() - 1);
        request_of[i * per_item + order] = keys.size() - 1;
      }
    }
  }

  JudgeRun out;
  out.stats.requests = keys.size();

  // Progress: an item is finished when every distinct request it needs is settled.
  std::vector<std::vector<std::size_t>> items_of_key(keys.size());
  std::vector<std::size_t> unsettled(items.size(), 0);
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t order = 0; order < per_item; ++order) {
      const std::size_t k = request_of[i * per_item + order];
      if (order == 1 && request_of[i * per_item] == k) continue;  // both orders send the same request
      items_of_key[k].push_back(i);
      ++unsettled[i];
    }
  const auto settle = [&](std::size_t k) {
    std::size_t finished = 0;
    for (std::size_t i : items_of_key[k])
      if (--unsettled[i] == 0) ++finished;
    if (finished > 0 && progress) progress(finished);
  };

  // 2. The cache, then the server for what it lacks; each answer committed as it arrives.
  std::vector<std::optional<std::string>> answers(keys.size());
  std::vector<std::string> failures(keys.size());
  std::vector<std::size_t> to_send;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (cache_) answers[k] = cache_->get(keys[k]);
    if (answers[k]) {
      ++out.stats.cache_hits;
      settle(k);
    } else {
      to_send.push_back(k);
    }
  }
  std::vector<std::string> send_bodies;
  send_bodies.reserve(to_send.size());
  for (std::size_t k : to_send) send_bodies.push_back(ChatClient::body_of_cache_key(keys[k]));
  std::string fatal;
  client_.send_all(send_bodies, [&](std::size_t s, const ChatResponse& r) {
    const std::size_t k = to_send[s];
    ++out.stats.sent;
    if (r.status == ChatStatus::ok) {
      if (cache_) cache_->put(keys[k], r.body);
      answers[k] = r.body;
    } else {
      ++out.stats.failed;
      failures[k] = r.error;
      if (r.status == ChatStatus::fatal && fatal.empty()) fatal = r.error;
    }
    settle(k);
    return true;
  });
  if (!fatal.empty())
    throw Error("judge: " + fatal + " (" + client_.endpoint() + ", model " + options_.client.model + ")");

  // 3. Scores.
  scoring::ScoreResult& result = out.result;
  result.item_scores.assign(items.size(), kNaN);
  // Pairwise: P(candidate preferred) in each order (the verdict 1 / 0 / 0.5, or the logprob probability).
  std::vector<double> ab(pairwise ? items.size() : 0, kNaN), ba(pairwise ? items.size() : 0, kNaN);
  const auto answer_for = [&](std::size_t i, std::size_t order, const char* order_name,
                              std::string& problem) -> std::optional<Answer> {
    const std::size_t k = request_of[i * per_item + order];
    if (!answers[k]) {
      problem = "judge: request" + std::string(order_name) +
                " failed: " + (failures[k].empty() ? std::string("not sent") : failures[k]);
      return std::nullopt;
    }
    Answer a = read_answer(*answers[k]);
    if (!a.ok) {
      problem = "judge: " + a.problem + std::string(order_name);
      return std::nullopt;
    }
    return a;
  };

  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string problem;
    if (!pairwise) {
      const auto a = answer_for(i, 0, "", problem);
      if (a) {
        if (const auto rating = parse_rating(a->text)) {
          result.item_scores[i] = *rating;
        } else {
          ++out.stats.unparseable;
          problem = unparseable_message(*a, "[[rating]]", "");
        }
      }
    } else {
      // Order 0: candidate is A. Order 1: candidate is B. p = P(candidate preferred) in each order.
      // Both orders are read even when one fails, so that each order's verdict reaches the output.
      const char* names[2] = {" (candidate shown first)", " (candidate shown second)"};
      std::optional<PairVerdict> verdicts[2];
      double p[2] = {kNaN, kNaN};
      bool usable = true;
      for (std::size_t order = 0; order < 2; ++order) {
        std::string order_problem;
        const auto a = answer_for(i, order, names[order], order_problem);
        if (!a) {
          if (usable) problem = order_problem;
          usable = false;
          continue;
        }
        verdicts[order] = parse_pair_verdict(a->text);
        const bool candidate_is_a = order == 0;
        if (options_.logprobs) {
          if (const auto pa = verdict_probability_a(a->json)) {
            p[order] = candidate_is_a ? *pa : 1.0 - *pa;
            continue;
          }
          if (verdicts[order]) ++out.stats.logprob_fallbacks;
        }
        if (!verdicts[order]) {
          ++out.stats.unparseable;
          if (usable) problem = unparseable_message(*a, "[[A]], [[B]] or [[C]]", names[order]);
          usable = false;
          continue;
        }
        const PairVerdict v = *verdicts[order];
        p[order] = v == PairVerdict::tie ? 0.5 : ((v == PairVerdict::a) == candidate_is_a ? 1.0 : 0.0);
      }
      ab[i] = p[0];
      ba[i] = p[1];
      if (usable) {
        // The winner in each order, in terms of the items' own texts: +1 candidate, -1 alternative, 0 tie.
        int winner[2] = {0, 0};
        bool both_parsed = verdicts[0] && verdicts[1];
        for (std::size_t order = 0; order < 2 && both_parsed; ++order) {
          const PairVerdict v = *verdicts[order];
          winner[order] = v == PairVerdict::tie ? 0 : ((v == PairVerdict::a) == (order == 0) ? 1 : -1);
        }
        const bool consistent = !both_parsed || winner[0] == winner[1];
        if (!consistent) ++out.stats.inconsistent;
        if (options_.logprobs) result.item_scores[i] = 0.5 * (p[0] + p[1]);
        else result.item_scores[i] = consistent ? (winner[0] == 0 ? 0.5 : (winner[0] > 0 ? 1.0 : 0.0)) : 0.5;
      }
    }
    if (std::isnan(result.item_scores[i])) {
      if (problem.empty()) problem = "judge: no score";
      result.issues.push_back({i, std::move(problem)});
    } else {
      ++out.stats.scored;
    }
  }
  if (pairwise) {
    result.item_details.push_back({"preference_ab", std::move(ab)});
    result.item_details.push_back({"preference_ba", std::move(ba)});
  }
  return out;
}

std::vector<scoring::OptionInfo> judge_option_info() {
  using scoring::OptionInfo;
  return {
      OptionInfo::string("url", "", "endpoint up to the API version, e.g. http://127.0.0.1:8080/v1").needed(),
      OptionInfo::string("model", "", "model name sent with each request").needed(),
      OptionInfo::string("api-key-env", "OPENAI_API_KEY", "environment variable with the API key (unset: no key sent)"),
      OptionInfo::choice("mode", "pointwise", {"pointwise", "pairwise"},
                         "pointwise (1-10 rating) or pairwise (preference, asked in both orders)"),
      OptionInfo::path("template", "",
                       "prompt template file with {prompt} {response} or {response_a} {response_b}, {reference}")
          .when_unset("built in"),
      OptionInfo::number("temperature", "0", "sampling temperature").at_least(0),
      OptionInfo::integer("max-tokens", "1024", "max_tokens of each answer (0: not sent)").between(0, 1 << 30),
      OptionInfo::boolean("logprobs", "false", "pairwise: verdict probability from top_logprobs (AlpacaEval)"),
      OptionInfo::integer("top-logprobs", "5", "alternatives per token with logprobs=true").between(1, 20),
      OptionInfo::integer("concurrency", "8", "requests at once").between(1, 1024),
      OptionInfo::number("timeout", "120", "seconds per request").at_least(0.001),
      OptionInfo::integer("retries", "4", "retries on 429/5xx/timeouts/connection errors, with exponential backoff")
          .between(0, 100),
      OptionInfo::number("backoff", "1", "seconds before the first retry (doubled each time, at most 60)").at_least(0),
      OptionInfo::path("cache", kDefaultJudgeCachePath, "SQLite response cache file, or none (also empty): no cache"),
  };
}

std::unique_ptr<scoring::Scorer> make_judge_scorer(const ScorerOptions& options) {
  const scoring::OptionValues v = scoring::validate_options("judge", judge_option_info(), options);
  LlmJudgeOptions o;
  o.client.url = v.text("url");
  o.client.model = v.text("model");
  o.client.api_key = api_key_from_environment(v.text("api-key-env"));
  o.mode = v.text("mode") == "pairwise" ? JudgeMode::pairwise : JudgeMode::pointwise;
  if (!v.text("template").empty()) o.prompt_template = load_template(v.text("template"), o.mode);
  o.temperature = v.number("temperature");
  o.max_tokens = static_cast<int>(v.integer("max-tokens"));
  o.logprobs = v.boolean("logprobs");
  o.top_logprobs = static_cast<int>(v.integer("top-logprobs"));
  o.client.concurrency = static_cast<std::size_t>(v.integer("concurrency"));
  o.client.timeout_seconds = v.number("timeout");
  o.client.retries = static_cast<int>(v.integer("retries"));
  o.client.initial_backoff_seconds = v.number("backoff");
  o.cache_path = v.text("cache") == "none" ? std::string() : v.text("cache");  // "cache=" too: no cache
  return std::make_unique<LlmJudgeScorer>(std::move(o));
}

}  // namespace trenchcoat::judges

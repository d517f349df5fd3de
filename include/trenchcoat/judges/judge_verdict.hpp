#pragma once
// Reading a judge's answer: the rating of a pointwise judgment, the verdict of a pairwise one, and the
// verdict's probability from token logprobs: the OpenAI chat-completions logprob shape, AlpacaEval's
// probability and MT-Bench's verdict formats.
//
// parse_rating, as MT-Bench's single-answer grading: the number in the first "[[N]]" (N = digits, then
// optionally '.' and more digits), else the number in the first "[N]"; nothing else is a rating.
// No range check (a custom template may use another scale).
//
// parse_pair_verdict, as MT-Bench's pairwise grading: "[[A]]" anywhere in the answer is A; else
// "[[B]]" is B; else "[[C]]" is a tie. Also accepted: an answer that is only the letter A, B or C
// (after trimming white space), for templates that ask for a single token. Anything else: no verdict.
//
// verdict_probability_a, AlpacaEval's way (weighted_alpaca_eval): the probability of A over B at the
// verdict token, exp(lp(A) - logsumexp(lp(A), lp(B))), with a letter missing from the token's
// top_logprobs counted as -inf. The verdict token is the one holding the letter of the first
// "[[A]]", "[[B]]" or "[[C]]" in the generated tokens (choices[0].logprobs.content, tokens
// concatenated), or the letter itself when the tokens spell only "A", "B" or "C". Alternatives are the
// token's top_logprobs entries (and the token itself) that differ from it in that letter only, after
// trimming white space; several alternatives for the same letter (" A" and "A") are summed. No
// logprobs, no verdict token, or neither A nor B among the alternatives: nullopt.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace trenchcoat::judges {

enum class PairVerdict { a, b, tie };

std::optional<double> parse_rating(std::string_view answer);
std::optional<PairVerdict> parse_pair_verdict(std::string_view answer);
std::optional<double> verdict_probability_a(const nlohmann::json& response);

// choices[0].message.content of a chat-completions response, when it is a string.
std::optional<std::string> response_text(const nlohmann::json& response);

}  // namespace trenchcoat::judges

#include "trenchcoat/judges/judge_verdict.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <vector>

namespace trenchcoat::judges {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number "\d+\.?\d*" starting at `pos`, when `text` has one there followed by `close`.
std::optional<double> number_before(std::string_view text, std::size_t pos, std::string_view close) {
  std::size_t i = pos;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == pos) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
  }
  if (text.substr(i, close.size()) != close) return std::nullopt;
  return std::strtod(std::string(text.substr(pos, i - pos)).c_str(), nullptr);
}

std::optional<double> first_bracketed_number(std::string_view text, std::string_view open, std::string_view close) {
  for (std::size_t p = text.find(open); p != std::string_view::npos; p = text.find(open, p + 1))
    if (auto n = number_before(text, p + open.size(), close)) return n;
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

double log_add(double a, double b) {
  if (a == -std::numeric_limits<double>::infinity()) return b;
  if (b == -std::numeric_limits<double>::infinity()) return a;
  const double m = std::max(a, b);
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

// The letter that `alternative` puts where `token` has its verdict letter (at offset k), or 0.
char letter_of(std::string_view alternative, std::string_view token, std::size_t k) {
  std::string_view alt = alternative;
  std::string_view tok = token;
  if (alt.size() == tok.size() && alt.substr(0, k) == tok.substr(0, k) && alt.substr(k + 1) == tok.substr(k + 1))
    return alt[k];
  // The same up to white space around the letter: " A" for "A", "A" for " A".
  alt = trim(alt);
  const std::string_view before = trim(tok.substr(0, k));
  const std::string_view after = trim(tok.substr(k + 1));
  if (alt.size() == before.size() + 1 + after.size() && alt.substr(0, before.size()) == before &&
      alt.substr(before.size() + 1) == after)
    return alt[before.size()];
  return 0;
}

}  // namespace

std::optional<double> parse_rating(std::string_view answer) {
  if (auto n = first_bracketed_number(answer, "[[", "]]")) return n;
  return first_bracketed_number(answer, "[", "]");
}

std::optional<PairVerdict> parse_pair_verdict(std::string_view answer) {
  if (answer.find("[[A]]") != std::string_view::npos) return PairVerdict::a;
  if (answer.find("[[B]]") != std::string_view::npos) return PairVerdict::b;
  if (answer.find("[[C]]") != std::string_view::npos) return PairVerdict::tie;
  const std::string_view bare = trim(answer);
  if (bare == "A") return PairVerdict::a;
  if (bare == "B") return PairVerdict::b;
  if (bare == "C") return PairVerdict::tie;
  return std::nullopt;
}

std::optional<std::string> response_text(const nlohmann::json& response) {
  if (!response.is_object()) return std::nullopt;
  const auto choices = response.find("choices");
  if (choices == response.end() || !choices->is_array() || choices->empty()) return std::nullopt;
  const auto& choice = (*choices)[0];
  if (!choice.is_object()) return std::nullopt;
  const auto message = choice.find("message");
  if (message == choice.end() || !message->is_object()) return std::nullopt;
  const auto content = message->find("content");
  if (content == message->end() || !content->is_string()) return std::nullopt;
  return content->get<std::string>();
}

std::optional<double> verdict_probability_a(const nlohmann::json& response) {
  const nlohmann::json* content = nullptr;
  try {
    const auto& lp = response.at("choices").at(0).at("logprobs");
    if (lp.is_object() && lp.contains("content") && lp["content"].is_array()) content = &lp["content"];
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  if (!content || content->empty()) return std::nullopt;

  // The generated text, and where each token starts in it.
  std::string text;
  std::vector<std::size_t> starts;
  for (const auto& entry : *content) {
    starts.push_back(text.size());
    if (entry.is_object() && entry.contains("token") && entry["token"].is_string())
      text += entry["token"].get<std::string>();
  }
  std::size_t letter_at = std::string::npos;
  for (const char* marker : {"[[A]]", "[[B]]", "[[C]]"}) {
    const std::size_t p = text.find(marker);
    if (p != std::string::npos && (letter_at == std::string::npos || p + 2 < letter_at)) letter_at = p + 2;
  }
  if (letter_at == std::string::npos) {
    const std::string_view bare = trim(text);
    if (bare == "A" || bare == "B" || bare == "C") letter_at = static_cast<std::size_t>(bare.data() - text.data());
  }
  if (letter_at == std::string::npos) return std::nullopt;

  std::size_t j = starts.size() - 1;
  while (j > 0 && starts[j] > letter_at) --j;
  const auto& entry = (*content)[j];
  if (!entry.is_object() || !entry.contains("token") || !entry["token"].is_string()) return std::nullopt;
  const std::string token = entry["token"].get<std::string>();
  const std::size_t k = letter_at - starts[j];

  constexpr double minus_inf = -std::numeric_limits<double>::infinity();
  double lp_a = minus_inf, lp_b = minus_inf;
  std::set<std::string> seen;
  const auto consider = [&](const nlohmann::json& alt) {
    if (!alt.is_object() || !alt.contains("token") || !alt["token"].is_string()) return;
    if (!alt.contains("logprob") || !alt["logprob"].is_number()) return;
    const std::string s = alt["token"].get<std::string>();
    if (!seen.insert(s).second) return;
    const double lp = alt["logprob"].get<double>();
    const char letter = letter_of(s, token, k);
    if (letter == 'A') lp_a = log_add(lp_a, lp);
    if (letter == 'B') lp_b = log_add(lp_b, lp);
  };
  if (entry.contains("top_logprobs") && entry["top_logprobs"].is_array())
    for (const auto& alt : entry["top_logprobs"]) consider(alt);
  consider(entry);
  if (lp_a == minus_inf && lp_b == minus_inf) return std::nullopt;
  return std::exp(lp_a - log_add(lp_a, lp_b));
}

}  // namespace trenchcoat::judges

#include "trenchcoat/judges/judge_templates.hpp"

#include <fstream>
#include <sstream>

#include "trenchcoat/error.hpp"

namespace trenchcoat::judges {
namespace {

constexpr const char* kPointwiseSystem =
    "You are a careful and impartial evaluator of answers written by AI assistants.";

constexpr const char* kPointwiseUser =
    R"(Judge how well the AI assistant's response below answers the user's request. Consider whether it does what was asked, and how helpful, relevant, accurate and thorough it is. Neither the length of the response nor its style should sway you. Start with a short, objective explanation of your assessment. Then rate the response from 1 (worst) to 10 (best), written exactly in this form: "Rating: [[N]]", for example "Rating: [[6]]".

[User request]
{prompt}

[Start of the assistant's response]
{response}
[End of the assistant's response])";

constexpr const char* kPairwiseSystem =
    "You are a careful and impartial evaluator comparing answers written by AI assistants.";

constexpr const char* kPairwiseUser =
    R"(Compare the two AI assistant responses below to the same user request and decide which one answers it better: the one that does what was asked more faithfully and is more helpful, relevant, accurate and thorough. Neither the order in which the responses are shown, nor their length, nor their style should influence you. Start with a short, objective explanation of your comparison. Then give your verdict exactly in this form: "[[A]]" if assistant A's response is better, "[[B]]" if assistant B's response is better, or "[[C]]" if they are equally good.

[User request]
{prompt}

[Start of assistant A's response]
{response_a}
[End of assistant A's response]

[Start of assistant B's response]
{response_b}
[End of assistant B's response])";

std::string_view drop_trailing_newlines(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The next line of `text` from `pos` (without its terminator); advances `pos` past it.
std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t end = text.find('\n', pos);
  std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
  pos = end == std::string_view::npos ? text.size() : end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void check_placeholders(const JudgeTemplate& t, JudgeMode mode) {
  const auto fail = [&](const std::string& message) { throw Error(t.origin, 0, "judge template: " + message); };
  if (mode == JudgeMode::pointwise) {
    if (!template_uses(t, "response")) fail("a pointwise template must contain {response}");
    if (template_uses(t, "response_a") || template_uses(t, "response_b"))
      fail("a pointwise template uses {response}, not {response_a} or {response_b} (use mode=pairwise for those)");
  } else {
    if (!template_uses(t, "response_a") || !template_uses(t, "response_b"))
      fail("a pairwise template must contain {response_a} and {response_b}");
    if (template_uses(t, "response")) fail("a pairwise template uses {response_a} and {response_b}, not {response}");
  }
}

}  // namespace

JudgeTemplate default_template(JudgeMode mode) {
  if (mode == JudgeMode::pointwise) return {kPointwiseSystem, kPointwiseUser, "default pointwise"};
  return {kPairwiseSystem, kPairwiseUser, "default pairwise"};
}

JudgeTemplate parse_template(std::string_view text, std::string origin, JudgeMode mode) {
  JudgeTemplate t;
  t.origin = std::move(origin);
  std::size_t pos = 0;
  if (next_line(text, pos) == "[system]") {
    const std::size_t system_begin = pos;
    bool found_user = false;
    while (pos < text.size()) {
      const std::size_t line_begin = pos;
      if (next_line(text, pos) == "[user]") {
        t.system = std::string(drop_trailing_newlines(text.substr(system_begin, line_begin - system_begin)));
        t.user = std::string(drop_trailing_newlines(text.substr(pos)));
        found_user = true;
        break;
      }
    }
    if (!found_user) throw Error(t.origin, 0, "judge template: a [system] part must be followed by a line [user]");
  } else {
    t.user = std::string(drop_trailing_newlines(text));
  }
  check_placeholders(t, mode);
  return t;
}

JudgeTemplate load_template(const std::string& path, JudgeMode mode) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot read the judge template");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw Error(path, 0, "cannot read the judge template");
  return parse_template(content.str(), path, mode);
}

bool template_uses(const JudgeTemplate& t, std::string_view placeholder) {
  const std::string token = "{" + std::string(placeholder) + "}";
  return t.system.find(token) != std::string::npos || t.user.find(token) != std::string::npos;
}

std::string fill_template(std::string_view text, const TemplateValues& values) {
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"{prompt}", &values.prompt},         {"{response}", &values.response},   {"{response_a}", &values.response_a},
      {"{response_b}", &values.response_b}, {"{reference}", &values.reference},
  };
  std::string out;
  out.reserve(text.size() + values.prompt.size() + values.response.size() + values.response_a.size() +
              values.response_b.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [token, value] : fields) {
        if (text.substr(i, token.size()) == token) {
          out += *value;
          i += token.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace trenchcoat::judges

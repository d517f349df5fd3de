#pragma once
// The prompts an LLM judge is asked with: a default for each mode compiled in, or a user's file with
// placeholders. The defaults ask for MT-Bench's judge verdict formats; their wording is trenchcoat's own.
//
//   pointwise: the judge rates one response from 1 to 10 and ends with "Rating: [[N]]".
//   pairwise:  the judge compares responses A and B and ends with "[[A]]", "[[B]]" or "[[C]]" (tie).
//
// Placeholders, replaced in one pass (text inserted for one placeholder is never scanned again):
//   {prompt}       Item::prompt
//   {response}     Item::candidate                      (pointwise only)
//   {response_a}   the response shown first             (pairwise only)
//   {response_b}   the response shown second            (pairwise only)
//   {reference}    Item::references, joined by a blank line (a template that uses it makes
//                  "references" a required field)
// Any other brace text ({"rating": 5}, {name}) is left as it is.
//
// Template files: UTF-8 text, the user message. A file whose first line is exactly `[system]` holds a
// system message first, ending at a line that is exactly `[user]`; the rest is the user message.
// Trailing line breaks of each part are dropped. A pointwise template must use {response}; a pairwise
// one {response_a} and {response_b} and not {response}; else trenchcoat::Error names the file (so does
// a file that cannot be read, or `[system]` without `[user]`).
#include <string>
#include <string_view>

namespace trenchcoat::judges {

enum class JudgeMode { pointwise, pairwise };

struct JudgeTemplate {
  std::string system;  // empty: no system message is sent
  std::string user;
  std::string origin;  // "default pointwise", "default pairwise", or the file path
};

struct TemplateValues {
  std::string prompt, response, response_a, response_b, reference;
};

JudgeTemplate default_template(JudgeMode mode);
// Parses template text (the file format above); `origin` names it in errors.
JudgeTemplate parse_template(std::string_view text, std::string origin, JudgeMode mode);
JudgeTemplate load_template(const std::string& path, JudgeMode mode);

// True when `placeholder` ("reference", without braces) occurs in the system or user text.
bool template_uses(const JudgeTemplate& t, std::string_view placeholder);

std::string fill_template(std::string_view text, const TemplateValues& values);

}  // namespace trenchcoat::judges

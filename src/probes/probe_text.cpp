// Text helpers of the probes (see probe_text.hpp).
#include "probe_text.hpp"

#include <unicode/uchar.h>

#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::probes::detail {
namespace {

bool is_line_break(char32_t c) {
  return c == U'\n' || c == U'\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
}

// Code points that belong to the character before them: combining marks, variation selectors, emoji
// skin-tone modifiers and the zero-width joiner (the character after a joiner is joined as well).
bool is_extending(char32_t c) {
  if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0100 && c <= 0xE01EF))
    return true;
  const auto type = u_charType(static_cast<UChar32>(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

bool is_spaced_terminator(char32_t c) { return c == U'.' || c == U'!' || c == U'?' || c == 0x2026; }
bool is_cjk_terminator(char32_t c) { return c == 0x3002 || c == 0xFF01 || c == 0xFF1F; }  // 。！？
bool is_closer(char32_t c) {
  return c == U'"' || c == U'\'' || c == U')' || c == U']' || c == 0x201D || c == 0x2019 || c == 0x00BB ||
         c == 0x300D || c == 0x300F || c == 0xFF09 || c == 0x300B;  // ” ’ » 」 』 ） 》
}

}  // namespace

std::string language_code(std::string_view language) {
  std::string code;
  for (char c : language) {
    if (c == '-' || c == '_') break;
    code += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return code;
}

bool is_spaceless_language(std::string_view language) {
  const std::string code = language_code(language);
  return code == "zh" || code == "ja" || code == "th";
}

bool is_blank(std::string_view text) { return text::strip(text).empty(); }

bool is_word_character(char32_t c) {
  if (c < 0x80) return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
  if (u_isalnum(static_cast<UChar32>(c))) return true;
  const auto type = u_charType(static_cast<UChar32>(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

WordUnits word_units(std::string_view text, std::string_view language) {
  WordUnits result;
  result.units = text::split_whitespace(text);
  if (!is_spaceless_language(language) && result.units.size() != 1) return result;
  result.units.clear();
  result.spaceless = true;
  std::size_t pos = 0;
  bool join_next = false;  // the previous code point was a zero-width joiner
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t c = text::next_code_point(text, pos);
    if (text::is_space(c)) {
      join_next = false;
      continue;
    }
    const bool attaches = !result.units.empty() && (join_next || is_extending(c)) &&
                          result.units.back().data() + result.units.back().size() == text.data() + start;
    if (attaches) {
      std::string_view& last = result.units.back();
      last = std::string_view(last.data(), last.size() + (pos - start));
    } else {
      result.units.push_back(text.substr(start, pos - start));
    }
    join_next = c == 0x200D;
  }
  return result;
}

std::vector<std::string_view> split_sentences(std::string_view text) {
  std::vector<std::string_view> sentences;
  auto add = [&](std::size_t begin, std::size_t end) {
    const std::string_view s = text::strip(text.substr(begin, end - begin));
    if (!s.empty()) sentences.push_back(s);
  };
  std::size_t begin = 0, pos = 0;
  while (pos < text.size()) {
    const std::size_t at = pos;
    const char32_t c = text::next_code_point(text, pos);
    if (is_line_break(c)) {
      add(begin, at);
      begin = pos;
      continue;
    }
    const bool cjk = is_cjk_terminator(c);
    if (!cjk && !is_spaced_terminator(c)) continue;
    // Take the run of terminators and closers after it.
    std::size_t end = pos;
    bool run_cjk = cjk;
    while (end < text.size()) {
      std::size_t next = end;
      const char32_t d = text::next_code_point(text, next);
      if (!is_spaced_terminator(d) && !is_cjk_terminator(d) && !is_closer(d)) break;
      run_cjk = run_cjk || is_cjk_terminator(d);
      end = next;
    }
    if (run_cjk || end == text.size() || text::whitespace_length_at(text, end) > 0) {
      add(begin, end);
      begin = end;
    }
    pos = end;
  }
  add(begin, text.size());
  return sentences;
}

std::vector<WordToken> word_tokens(std::string_view text) {
  std::vector<WordToken> tokens;
  std::size_t pos = 0;
  std::size_t start = std::string_view::npos;
  while (pos < text.size()) {
    const std::size_t at = pos;
    const char32_t c = text::next_code_point(text, pos);
    if (is_word_character(c)) {
      if (start == std::string_view::npos) start = at;
    } else if (start != std::string_view::npos) {
      tokens.push_back({text.substr(start, at - start), start});
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) tokens.push_back({text.substr(start), start});
  return tokens;
}

}  // namespace trenchcoat::probes::detail

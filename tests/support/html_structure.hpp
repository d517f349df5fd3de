#pragma once
// A small checker of the HTML the report writes (tests only): every element closed in order (void
// elements and SVG's self-closing elements allowed), character references well formed, raw text of
// <style> skipped; counts of each element, the <title> text of each <svg>, the figure captions, and the
// class of each element in document order.
#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace trenchcoat::testing {

struct HtmlStructure {
  std::string error;                            // empty when well formed
  std::map<std::string, std::size_t> elements;  // tag name -> start tags
  std::vector<std::string> svg_titles;          // the <title> of each <svg>, in order
  std::vector<std::string> captions;            // each <figcaption>'s text
  std::vector<std::string> h2;                  // each <h2>'s text (tags removed)
};

inline HtmlStructure inspect_html(const std::string& html) {
  static const std::vector<std::string> kVoid = {"meta", "link", "br",    "hr",     "img",   "input", "area",
                                                 "base", "col",  "embed", "source", "track", "wbr"};
  HtmlStructure out;
  std::vector<std::string> open;
  std::size_t line = 1;
  auto fail = [&](const std::string& what) {
    if (out.error.empty()) out.error = "line " + std::to_string(line) + ": " + what;
  };
  // Text captured for the element on top of the stack (title in svg, figcaption, h2).
  std::string captured;
  bool capturing = false;
  std::string capture_kind;
  std::size_t capture_depth = 0;
  std::size_t i = 0;
  while (i < html.size() && out.error.empty()) {
    const char c = html[i];
    if (c == '\n') ++line;
    if (c == '&') {
      std::size_t j = i + 1;
      if (j < html.size() && html[j] == '#') ++j;
      while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
      if (j == i + 1 || j >= html.size() || html[j] != ';') fail("'&' that starts no character reference");
      if (capturing) captured += html.substr(i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (c != '<') {
      if (c == '>') fail("a bare '>'");
      if (capturing) captured += c;
      ++i;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      const auto end = html.find("-->", i);
      if (end == std::string::npos) return fail("an unclosed comment"), out;
      i = end + 3;
      continue;
    }
    if (html.compare(i, 2, "<!") == 0) {
      i = html.find('>', i) + 1;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < html.size() && (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '-')) name += html[j++];
    if (name.empty()) return fail("a '<' that starts no tag"), out;
    // Attributes: up to the '>' outside quotes.
    char quote = 0;
    while (j < html.size() && (quote || html[j] != '>')) {
      if (html[j] == '\n') ++line;
      if (quote && html[j] == quote) {
        quote = 0;
      } else if (!quote && (html[j] == '"' || html[j] == '\'')) {
        quote = html[j];
      } else if (!quote && html[j] == '<') {
        fail("'<' inside the tag <" + name + ">");
      }
      ++j;
    }
    if (j >= html.size()) return fail("an unclosed tag <" + name + ">"), out;
    const bool self_closing = html[j - 1] == '/';
    i = j + 1;
    if (closing) {
      if (open.empty() || open.back() != name)
        return fail("</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">")), out;
      open.pop_back();
      if (capturing && open.size() == capture_depth) {
        capturing = false;
        if (capture_kind == "svg-title") out.svg_titles.push_back(captured);
        if (capture_kind == "figcaption") out.captions.push_back(captured);
        if (capture_kind == "h2") out.h2.push_back(captured);
      }
      continue;
    }
    ++out.elements[name];
    bool is_void = self_closing;
    for (const auto& v : kVoid) is_void = is_void || v == name;
    if (is_void) continue;
    if (name == "style" || name == "script") {
      const auto end = html.find("</" + name + ">", i);
      if (end == std::string::npos) return fail("an unclosed <" + name + ">"), out;
      for (std::size_t k = i; k < end; ++k) line += html[k] == '\n';
      i = end + name.size() + 3;
      continue;
    }
    if (!capturing &&
        ((name == "title" && !open.empty() && open.back() == "svg") || name == "figcaption" || name == "h2")) {
      capturing = true;
      captured.clear();
      capture_kind = name == "title" ? "svg-title" : name;
      capture_depth = open.size();
    }
    open.push_back(name);
  }
  if (out.error.empty() && !open.empty()) fail("<" + open.back() + "> is never closed");
  return out;
}

// How often `needle` occurs in `text`.
inline std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace trenchcoat::testing

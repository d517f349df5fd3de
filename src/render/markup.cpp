#include "trenchcoat/render/markup.hpp"

#include <cmath>

#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// "-0", "-0.0", "-0.00", ...: a negative value that rounds to zero.
bool negative_zero(const std::string& s) {
  if (s.empty() || s[0] != '-') return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] != '0' && s[i] != '.') return false;
  return true;
}

}  // namespace

std::string svg_number(double value) {
  if (!std::isfinite(value)) return "0";
  std::string s = text::format_fixed(value, 1);
  if (s.size() >= 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return negative_zero(s) ? "0" : s;
}

std::string shown_number(double value, int decimals) {
  if (std::isnan(value)) return "n/a";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string s = text::format_fixed(value, decimals);
  return negative_zero(s) ? s.substr(1) : s;
}

}  // namespace trenchcoat::render

#include "trenchcoat/citations/paper_id.hpp"

#include <algorithm>
#include <cctype>

#include "trenchcoat/text/python_string.hpp"

namespace trenchcoat::citations {
namespace {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Removes `prefix` (compared case-insensitively) from the front of s; false when s does not start with it.
bool take_prefix(std::string_view& s, std::string_view prefix) {
  if (s.size() < prefix.size() || ascii_lower(s.substr(0, prefix.size())) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::optional<std::string> openalex(std::string_view s) {
  if (s.size() < 2 || (s[0] != 'W' && s[0] != 'w') || !all_digits(s.substr(1))) return std::nullopt;
  return "openalex:W" + std::string(s.substr(1));
}

std::optional<std::string> doi(std::string_view s) {
  if (s.size() < 4 || s.substr(0, 3) != "10." || s.find('/') == std::string_view::npos) return std::nullopt;
  return "doi:" + ascii_lower(s);
}

// A modern (YYMM.NNNNN) or old-style (archive/NNNNNNN) arXiv id, without its version suffix.
std::optional<std::string> arxiv(std::string_view s) {
  const auto v = s.rfind('v');
  if (v != std::string_view::npos && v + 1 < s.size() && all_digits(s.substr(v + 1)) && v > 0 &&
      std::isdigit(static_cast<unsigned char>(s[v - 1])))
    s = s.substr(0, v);
  const auto dot = s.find('.');
  const bool modern = dot == 4 && all_digits(s.substr(0, 4)) && s.size() >= 9 && all_digits(s.substr(5));
  const auto slash = s.find('/');
  const bool old = slash != std::string_view::npos && slash > 0 && all_digits(s.substr(slash + 1));
  if (!modern && !old) return std::nullopt;
  return "arxiv:" + ascii_lower(s);
}

}  // namespace

std::optional<std::string> normalize_paper_id(std::string_view id) {
  std::string_view s = text::strip(id);
  if (s.empty()) return std::nullopt;
  if (take_prefix(s, "https://openalex.org/") || take_prefix(s, "http://openalex.org/") || take_prefix(s, "openalex:"))
    return openalex(s);
  if (take_prefix(s, "https://doi.org/") || take_prefix(s, "http://doi.org/") ||
      take_prefix(s, "https://dx.doi.org/") || take_prefix(s, "http://dx.doi.org/") || take_prefix(s, "doi:"))
    return doi(s);
  if (take_prefix(s, "https://arxiv.org/abs/") || take_prefix(s, "http://arxiv.org/abs/") || take_prefix(s, "arxiv:"))
    return arxiv(s);
  if (take_prefix(s, "s2:")) return s.size() == 40 && all_hex(s) ? std::optional("s2:" + ascii_lower(s)) : std::nullopt;
  if (take_prefix(s, "corpusid:")) return all_digits(s) ? std::optional("corpusid:" + std::string(s)) : std::nullopt;
  if (take_prefix(s, "mag:")) return all_digits(s) ? std::optional("mag:" + std::string(s)) : std::nullopt;
  if (take_prefix(s, "acl:")) return s.empty() ? std::nullopt : std::optional("acl:" + ascii_lower(s));
  if (auto w = openalex(s)) return w;
  if (auto d = doi(s)) return d;
  if (s.size() == 40 && all_hex(s)) return "s2:" + ascii_lower(s);
  if (s.find('/') == std::string_view::npos)
    if (auto a = arxiv(s)) return a;
  return std::nullopt;
}

std::vector<std::string> paper_id_aliases(const std::string& normalized) {
  constexpr std::string_view arxiv_doi = "doi:10.48550/arxiv.";
  if (normalized.rfind(arxiv_doi, 0) == 0) {
    if (auto a = normalize_paper_id("arxiv:" + normalized.substr(arxiv_doi.size()))) return {*a};
    return {};
  }
  if (normalized.rfind("arxiv:", 0) == 0) return {std::string(arxiv_doi) + normalized.substr(6)};
  return {};
}

void add_paper_id(std::vector<std::string>& ids, const std::string& normalized) {
  if (std::find(ids.begin(), ids.end(), normalized) == ids.end()) ids.push_back(normalized);
  for (const auto& alias : paper_id_aliases(normalized))
    if (std::find(ids.begin(), ids.end(), alias) == ids.end()) ids.push_back(alias);
}

}  // namespace trenchcoat::citations

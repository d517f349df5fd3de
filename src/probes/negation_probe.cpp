// negation: one statement negated at a site from a per-language rule table (see probe.hpp).
#include <array>
#include <string>
#include <vector>

#include "probe_factories.hpp"
#include "probe_random.hpp"
#include "probe_text.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::probes::detail {
namespace {

// A site: replace text[offset, offset + length) by `replacement`.
struct Site {
  std::size_t offset = 0, length = 0;
  std::string replacement;
};

struct WordRule {
  std::string_view word;    // lower case
  std::string_view suffix;  // appended to the word as written ("can" + "not")
};

constexpr std::array<WordRule, 14> kEnglish{{{"is", " not"},
                                             {"are", " not"},
                                             {"was", " not"},
                                             {"were", " not"},
                                             {"can", "not"},
                                             {"will", " not"},
                                             {"should", " not"},
                                             {"could", " not"},
                                             {"would", " not"},
                                             {"has", " not"},
                                             {"have", " not"},
                                             {"does", " not"},
                                             {"did", " not"},
                                             {"must", " not"}}};
constexpr std::array<std::string_view, 3> kEnglishNegators{"not", "never", "no"};

constexpr std::array<WordRule, 11> kGerman{{{"ist", " nicht"},
                                            {"sind", " nicht"},
                                            {"war", " nicht"},
                                            {"waren", " nicht"},
                                            {"kann", " nicht"},
                                            {"können", " nicht"},
                                            {"wird", " nicht"},
                                            {"werden", " nicht"},
                                            {"hat", " nicht"},
                                            {"haben", " nicht"},
                                            {"muss", " nicht"}}};
constexpr std::array<std::string_view, 6> kGermanNegators{"nicht", "kein", "keine", "keinen", "keinem", "nie"};

bool is_all_upper(std::string_view word) {
  bool upper = false;
  for (char c : word) {
    if (c >= 'a' && c <= 'z') return false;
    upper = upper || (c >= 'A' && c <= 'Z');
  }
  return upper && word.size() > 1;
}

template <std::size_t N, std::size_t M>
std::vector<Site> word_sites(std::string_view text, const std::array<WordRule, N>& rules,
                             const std::array<std::string_view, M>& negators) {
  std::vector<Site> sites;
  const std::vector<WordToken> tokens = word_tokens(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string lower = text::lower(tokens[i].text);
    for (const WordRule& rule : rules) {
      if (lower != rule.word) continue;
      const std::size_t end = tokens[i].offset + tokens[i].text.size();
      // Not a contraction (can't, isn't is one token and never matches) and not already negated.
      if (end < text.size() && (text[end] == '\'' || text.substr(end).starts_with("\u2019"))) break;
      if (i + 1 < tokens.size()) {
        const std::string next = text::lower(tokens[i + 1].text);
        bool negated = false;
        for (const std::string_view negator : negators) negated = negated || next == negator;
        if (negated) break;
      }
      std::string suffix(rule.suffix);
      if (is_all_upper(tokens[i].text))  // CAN -> CANNOT, IS -> IS NOT
        for (char& c : suffix)
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      std::string replacement(tokens[i].text);
      replacement += suffix;
      sites.push_back({tokens[i].offset, tokens[i].text.size(), std::move(replacement)});
      break;
    }
  }
  return sites;
}

// Chinese: the trigger, what is put before it, and the characters that may not come right before
// or after it (they make it part of another word: 但是, 所有, 社会, 功能, 能力 ...).
struct ChineseRule {
  std::u32string_view trigger;
  std::u32string_view negator;
  std::u32string_view not_after;
  std::u32string_view not_before;
};

const std::array<ChineseRule, 5> kChinese{{
    {U"可以", U"不", U"不没", U""},
    {U"是", U"不", U"不没但于只还可或要若凡总就倒", U""},
    {U"有", U"没", U"不没所具拥占享含只还", U"些的点效关"},
    {U"会", U"不", U"不没社机学开大宴约", U"议员计场长话"},
    {U"能", U"不", U"不没可功才技本体智性职潜动", U"力源量"},
}};

std::vector<Site> chinese_sites(std::string_view text) {
  const std::u32string cps = text::to_code_points(text);
  std::vector<std::size_t> offsets;  // byte offset of each code point, and the end
  for (std::size_t pos = 0; pos < text.size();) {
    offsets.push_back(pos);
    pos += text::sequence_length(static_cast<unsigned char>(text[pos]));
  }
  offsets.push_back(text.size());
  std::vector<Site> sites;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    for (const ChineseRule& rule : kChinese) {
      if (std::u32string_view(cps).substr(i, rule.trigger.size()) != rule.trigger) continue;
      if (i > 0 && rule.not_after.find(cps[i - 1]) != std::u32string_view::npos) continue;
      const std::size_t after = i + rule.trigger.size();
      if (after < cps.size() && rule.not_before.find(cps[after]) != std::u32string_view::npos) continue;
      std::u32string replacement(rule.negator);
      replacement += rule.trigger;
      sites.push_back({offsets[i], offsets[after] - offsets[i], text::to_utf8(replacement)});
      i = after - 1;
      break;
    }
  }
  return sites;
}

class NegationProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const std::string& text = input.candidate;
    const std::string code = language_code(input.language);
    std::vector<Site> sites;
    if (code == "en") sites = word_sites(text, kEnglish, kEnglishNegators);
    else if (code == "de") sites = word_sites(text, kGerman, kGermanNegators);
    else if (code == "zh") sites = chinese_sites(text);
    if (sites.empty()) return skip("no negatable verb");
    ProbeRandom random(seed);
    const Site& site = sites[random.below(sites.size())];
    std::string variant = text.substr(0, site.offset);
    variant += site.replacement;
    variant += text.substr(site.offset + site.length);
    return make_variant(std::move(variant));
  }

 private:
  ProbeInfo info_{"negation", "one statement negated (a rule table per language)", {"en", "de", "zh"}, false};
};

}  // namespace

std::unique_ptr<Probe> make_negation_probe() { return std::make_unique<NegationProbe>(); }

}  // namespace trenchcoat::probes::detail

// entity-swap: capitalised words taken for named entities, two swapped or one renamed (see probe.hpp).
// A heuristic without named-entity recognition.
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "probe_factories.hpp"
#include "probe_random.hpp"
#include "probe_text.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"

namespace trenchcoat::probes::detail {
namespace {

// Capitalised words that are not entities (titles, pronouns, days, months; en and de).
constexpr std::array<std::string_view, 62> kStoplist{
    "I",        "Mr",       "Mrs",     "Ms",        "Dr",       "Prof",       "Sir",      "St",        "Jr",
    "Sr",       "Monday",   "Tuesday", "Wednesday", "Thursday", "Friday",     "Saturday", "Sunday",    "January",
    "February", "March",    "April",   "May",       "June",     "July",       "August",   "September", "October",
    "November", "December", "Herr",    "Frau",      "Sie",      "Ihr",        "Ihre",     "Ihnen",     "Ihrer",
    "Ihren",    "Ihrem",    "Montag",  "Dienstag",  "Mittwoch", "Donnerstag", "Freitag",  "Samstag",   "Sonntag",
    "Januar",   "Februar",  "März",    "Mai",       "Juni",     "Juli",       "Oktober",  "Dezember",  "OK",
    "Mon",      "Tue",      "Wed",     "Thu",       "Fri",      "Sat",        "Sun",      "Jan"};

// The names an only entity is renamed to.
constexpr std::array<std::string_view, 12> kNames{"Anna",  "Boris", "Clara", "Daniel", "Elena", "Felix",
                                                  "Greta", "Henry", "Irene", "Jonas",  "Karla", "Lukas"};

bool is_capitalised_latin(std::string_view word) {
  std::size_t pos = 0;
  const auto c = static_cast<UChar32>(text::next_code_point(word, pos));
  UErrorCode status = U_ZERO_ERROR;
  return u_isupper(c) && uscript_getScript(c, &status) == USCRIPT_LATIN && U_SUCCESS(status);
}

bool is_opener(char32_t c) {
  return c == U'"' || c == U'\'' || c == U'(' || c == U'[' || c == 0x201C || c == 0x2018 || c == 0x201E ||
         c == 0x00AB || c == U'-' || c == U'*' || c == U'#';
}

// True when the word at `offset` starts a sentence: nothing but whitespace and openers before it
// since the start of the text, a line break, or a . ! ? … (with closers).
bool is_sentence_initial(std::string_view text, std::size_t offset) {
  std::size_t end = offset;
  while (end > 0) {
    std::size_t start = end - 1;  // back to the lead byte of the code point before `end`
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::size_t pos = start;
    const char32_t c = text::next_code_point(text, pos);
    end = start;
    if (c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029) return true;
    if (text::is_space(c) || is_opener(c)) continue;
    if (c == U')' || c == U']' || c == 0x201D || c == 0x2019 || c == 0x00BB) continue;  // closers
    return c == U'.' || c == U'!' || c == U'?' || c == 0x2026 || c == U':';
  }
  return true;
}

class EntitySwapProbe final : public Probe {
 public:
  const ProbeInfo& info() const override { return info_; }

  ProbeOutcome apply(const ProbeInput& input, std::uint64_t seed) const override {
    const std::string& text = input.candidate;
    const std::string code = language_code(input.language);
    if (code == "zh" || code == "ja" || code == "th") return skip("no capitalised words in language '" + code + "'");
    const bool german = code == "de";
    if (german && input.source.empty()) return skip("no source (German entities must also occur in it)");
    std::set<std::string_view> source_words;
    if (german)
      for (const WordToken& token : word_tokens(input.source)) source_words.insert(token.text);

    // The entities in order of first occurrence, with the offsets of their occurrences.
    std::vector<std::string_view> entities;
    std::vector<std::vector<std::size_t>> occurrences;
    std::map<std::string_view, std::size_t> index;  // entity -> its place in `entities`
    for (const WordToken& token : word_tokens(text)) {
      if (!is_capitalised_latin(token.text)) continue;
      if (std::find(kStoplist.begin(), kStoplist.end(), token.text) != kStoplist.end()) continue;
      if (german && !source_words.contains(token.text)) continue;
      if (is_sentence_initial(text, token.offset)) continue;
      const auto [found, added] = index.try_emplace(token.text, entities.size());
      if (added) {
        entities.push_back(token.text);
        occurrences.push_back({token.offset});
      } else {
        occurrences[found->second].push_back(token.offset);
      }
    }
    if (entities.empty()) return skip("no entity (capitalised word not starting a sentence)");

    ProbeRandom random(seed);
    if (entities.size() >= 2) {
      std::size_t a = random.below(entities.size());
      std::size_t b = random.below(entities.size() - 1);
      if (b >= a) ++b;
      std::size_t at_a = occurrences[a][random.below(occurrences[a].size())];
      std::size_t at_b = occurrences[b][random.below(occurrences[b].size())];
      if (at_a > at_b) {
        std::swap(a, b);
        std::swap(at_a, at_b);
      }
      std::string variant = text.substr(0, at_a);
      variant += entities[b];
      variant += text.substr(at_a + entities[a].size(), at_b - at_a - entities[a].size());
      variant += entities[a];
      variant += text.substr(at_b + entities[b].size());
      return make_variant(std::move(variant));
    }
    std::vector<std::string_view> names;
    for (const std::string_view name : kNames)
      if (name != entities[0] && text.find(name) == std::string::npos) names.push_back(name);
    if (names.empty()) return skip("no replacement name left");
    const std::string_view name = names[random.below(names.size())];
    std::string variant;
    std::size_t copied = 0;
    for (const std::size_t at : occurrences[0]) {
      variant += text.substr(copied, at - copied);
      variant += name;
      copied = at + entities[0].size();
    }
    variant += text.substr(copied);
    return make_variant(std::move(variant));
  }

 private:
  ProbeInfo info_{
      "entity-swap", "two named entities swapped, or the only one renamed (capitalised words; no NER)", {}, false};
};

}  // namespace

std::unique_ptr<Probe> make_entity_swap_probe() { return std::make_unique<EntitySwapProbe>(); }

}  // namespace trenchcoat::probes::detail

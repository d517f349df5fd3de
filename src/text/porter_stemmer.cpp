#include "trenchcoat/text/porter_stemmer.hpp"

#include <array>
#include <cstddef>

namespace trenchcoat::text {
namespace {

// All positions and lengths refer to the word being stemmed, which is edited in place: every rule
// only shortens it or replaces a suffix.

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Porter's consonant: not a vowel, and a 'y' is a consonant at the start or after a vowel (NLTK's
// recursive definition, unrolled: walk back over a run of 'y's, flipping once per 'y').
bool is_consonant(const std::string& w, std::size_t i) {
  if (w[i] != 'y') return !is_vowel(w[i]);
  bool flip = false;
  while (i > 0 && w[i] == 'y') {
    --i;
    flip = !flip;
  }
  const bool base = w[i] == 'y' ? true : !is_vowel(w[i]);  // w[i] == 'y' only at index 0
  return flip ? !base : base;
}

// m: the number of vowel-consonant transitions in the first `len` characters.
int measure(const std::string& w, std::size_t len) {
  int m = 0;
  bool previous_consonant = true;  // no transition into the first character
  for (std::size_t i = 0; i < len; ++i) {
    const char c = w[i];
    const bool consonant = is_vowel(c) ? false : (c != 'y' || i == 0 ? true : !previous_consonant);
    if (consonant && !previous_consonant) ++m;
    previous_consonant = consonant;
  }
  return m;
}

bool contains_vowel(const std::string& w, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i)
    if (!is_consonant(w, i)) return true;
  return false;
}

// *d: ends with a double consonant.
bool ends_double_consonant(const std::string& w) {
  const std::size_t n = w.size();
  return n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1);
}

// *o: the first `len` characters end consonant-vowel-consonant, the last not w, x or y; NLTK also
// accepts a two-letter vowel-consonant word.
bool ends_cvc(const std::string& w, std::size_t len) {
  if (len >= 3)
    return is_consonant(w, len - 3) && !is_consonant(w, len - 2) && is_consonant(w, len - 1) && w[len - 1] != 'w' &&
           w[len - 1] != 'x' && w[len - 1] != 'y';
  return len == 2 && !is_consonant(w, 0) && is_consonant(w, 1);
}

enum class Condition { measure_positive, measure_above_one, ion, logi };

struct Rule {
  std::string_view suffix;
  std::string_view replacement;
  Condition condition;
};

bool holds(const std::string& w, std::size_t stem_len, Condition c) {
  switch (c) {
    case Condition::measure_positive:
      return measure(w, stem_len) > 0;
    case Condition::measure_above_one:
      return measure(w, stem_len) > 1;
    case Condition::ion:
      return measure(w, stem_len) > 1 && stem_len > 0 && (w[stem_len - 1] == 's' || w[stem_len - 1] == 't');
    case Condition::logi:
      return measure(w, stem_len + 1) > 0;  // the 'l' stays with the stem (NLTK)
  }
  return false;
}

// NLTK's _apply_rule_list: the first rule whose suffix matches decides; if its condition fails the word
// stays as it is.
template <std::size_t N>
void apply_rules(std::string& w, const std::array<Rule, N>& rules) {
  for (const Rule& r : rules) {
    if (!w.ends_with(r.suffix)) continue;
    const std::size_t stem_len = w.size() - r.suffix.size();
    if (holds(w, stem_len, r.condition)) {
      w.resize(stem_len);
      w.append(r.replacement);
    }
    return;
  }
}

void step1a(std::string& w) {
  if (w.size() == 4 && w.ends_with("ies")) {  // NLTK: "dies" -> "die"
    w.pop_back();
    return;
  }
  if (w.ends_with("sses")) {
    w.resize(w.size() - 2);
  } else if (w.ends_with("ies")) {
    w.resize(w.size() - 2);
  } else if (w.ends_with("ss")) {
    // unchanged
  } else if (w.ends_with("s")) {
    w.pop_back();
  }
}

void step1b(std::string& w) {
  if (w.ends_with("ied")) {  // NLTK: "died" -> "die", "spied" -> "spi"
    w.resize(w.size() == 4 ? w.size() - 1 : w.size() - 2);
    return;
  }
  if (w.ends_with("eed")) {
    if (measure(w, w.size() - 3) > 0) w.pop_back();
    return;
  }
  std::size_t stem_len = 0;
  if (w.ends_with("ed") && contains_vowel(w, w.size() - 2)) {
    stem_len = w.size() - 2;
  } else if (w.ends_with("ing") && contains_vowel(w, w.size() - 3)) {
    stem_len = w.size() - 3;
  } else {
    return;
  }
  w.resize(stem_len);
  if (w.ends_with("at") || w.ends_with("bl") || w.ends_with("iz")) {
    w.push_back('e');
  } else if (ends_double_consonant(w)) {
    const char last = w.back();
    if (last != 'l' && last != 's' && last != 'z') w.pop_back();
  } else if (measure(w, w.size()) == 1 && ends_cvc(w, w.size())) {
    w.push_back('e');
  }
}

void step1c(std::string& w) {
  // NLTK: y -> i when preceded by a consonant that is not the whole stem.
  if (w.ends_with("y") && w.size() - 1 > 1 && is_consonant(w, w.size() - 2)) w.back() = 'i';
}

void step2(std::string& w) {
  // NLTK applies "alli" -> "al" first and then runs step 2 again.
  while (w.ends_with("alli") && measure(w, w.size() - 4) > 0) w.resize(w.size() - 2);
  constexpr Condition m0 = Condition::measure_positive;
  static constexpr std::array<Rule, 22> rules{{{"ational", "ate", m0}, {"tional", "tion", m0},
                                               {"enci", "ence", m0},   {"anci", "ance", m0},
                                               {"izer", "ize", m0},    {"bli", "ble", m0},
                                               {"alli", "al", m0},     {"entli", "ent", m0},
                                               {"eli", "e", m0},       {"ousli", "ous", m0},
                                               {"ization", "ize", m0}, {"ation", "ate", m0},
                                               {"ator", "ate", m0},    {"alism", "al", m0},
                                               {"iveness", "ive", m0}, {"fulness", "ful", m0},
                                               {"ousness", "ous", m0}, {"aliti", "al", m0},
                                               {"iviti", "ive", m0},   {"biliti", "ble", m0},
                                               {"fulli", "ful", m0},   {"logi", "log", Condition::logi}}};
  apply_rules(w, rules);
}

void step3(std::string& w) {
  constexpr Condition m0 = Condition::measure_positive;
  static constexpr std::array<Rule, 7> rules{{{"icate", "ic", m0},
                                              {"ative", "", m0},
                                              {"alize", "al", m0},
                                              {"iciti", "ic", m0},
                                              {"ical", "ic", m0},
                                              {"ful", "", m0},
                                              {"ness", "", m0}}};
  apply_rules(w, rules);
}

void step4(std::string& w) {
  constexpr Condition m1 = Condition::measure_above_one;
  static constexpr std::array<Rule, 19> rules{{{"al", "", m1},
                                               {"ance", "", m1},
                                               {"ence", "", m1},
                                               {"er", "", m1},
                                               {"ic", "", m1},
                                               {"able", "", m1},
                                               {"ible", "", m1},
                                               {"ant", "", m1},
                                               {"ement", "", m1},
                                               {"ment", "", m1},
                                               {"ent", "", m1},
                                               {"ion", "", Condition::ion},
                                               {"ou", "", m1},
                                               {"ism", "", m1},
                                               {"ate", "", m1},
                                               {"iti", "", m1},
                                               {"ous", "", m1},
                                               {"ive", "", m1},
                                               {"ize", "", m1}}};
  apply_rules(w, rules);
}

void step5a(std::string& w) {
  if (!w.ends_with("e")) return;
  const std::size_t stem_len = w.size() - 1;
  const int m = measure(w, stem_len);
  if (m > 1 || (m == 1 && !ends_cvc(w, stem_len))) w.pop_back();
}

void step5b(std::string& w) {
  if (w.ends_with("ll") && measure(w, w.size() - 1) > 1) w.pop_back();
}

// NLTK's irregular forms: word -> stem.
std::string_view irregular_form(std::string_view word) {
  struct Entry {
    std::string_view word, stem;
  };
  static constexpr std::array<Entry, 16> table{{{"sky", "sky"},
                                                {"skies", "sky"},
                                                {"dying", "die"},
                                                {"lying", "lie"},
                                                {"tying", "tie"},
                                                {"news", "news"},
                                                {"innings", "inning"},
                                                {"inning", "inning"},
                                                {"outings", "outing"},
                                                {"outing", "outing"},
                                                {"cannings", "canning"},
                                                {"canning", "canning"},
                                                {"howe", "howe"},
                                                {"proceed", "proceed"},
                                                {"exceed", "exceed"},
                                                {"succeed", "succeed"}}};
  if (word.size() < 3 || word.size() > 8) return {};
  for (const Entry& e : table)
    if (e.word == word) return e.stem;
  return {};
}

}  // namespace

void porter_stem(std::string_view word, std::string& out) {
  if (const std::string_view irregular = irregular_form(word); !irregular.empty()) {
    out.assign(irregular);
    return;
  }
  out.assign(word);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (out.size() <= 2) return;
  step1a(out);
  step1b(out);
  step1c(out);
  step2(out);
  step3(out);
  step4(out);
  step5a(out);
  step5b(out);
}

std::string porter_stem(std::string_view word) {
  std::string out;
  porter_stem(word, out);
  return out;
}

}  // namespace trenchcoat::text

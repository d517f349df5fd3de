#pragma once
// rouge-score's default tokenizer (DefaultTokenizer / tokenize.tokenize, rouge-score 0.1.2): Python
// lower(), every run of characters other than [a-z0-9] becomes a separator, optional Porter stemming of
// the words longer than 3 characters, empty tokens dropped.
// The stemmer is text/porter_stemmer.hpp.
//
// Behaviour, on UTF-8 text:
//   * A word is a maximal run of ASCII letters and digits after Unicode lowercasing. The only
//     non-ASCII characters whose lowercase contains [a-z0-9] are U+212A KELVIN SIGN (-> "k", so it
//     continues a word) and U+0130 (-> "i" followed by U+0307, a separator, so it ends a word); every
//     other non-ASCII character separates words ("Café" -> "caf", "straße" -> "stra" "e"; CJK text
//     yields no tokens at all).
//   * Newlines are ordinary separators here (ROUGE-Lsum splits sentences before tokenizing).
//   * Bytes that are not valid UTF-8 are separators (Python would have rejected such text earlier).
//   * With stemming, words of more than 3 characters are replaced by their NLTK Porter stem.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::text {

namespace rouge_detail {
// Byte classes: 0 separator, 1 [a-z0-9], 2 [A-Z], 3 a lead byte that may start U+212A or U+0130.
inline constexpr std::uint8_t kSeparator = 0, kWordByte = 1, kUpperByte = 2, kSpecialLead = 3;
struct ByteClasses {
  std::uint8_t of[256] = {};
  constexpr ByteClasses() {
    for (int c = '0'; c <= '9'; ++c) of[c] = kWordByte;
    for (int c = 'a'; c <= 'z'; ++c) of[c] = kWordByte;
    for (int c = 'A'; c <= 'Z'; ++c) of[c] = kUpperByte;
    of[0xE2] = kSpecialLead;  // U+212A = E2 84 AA
    of[0xC4] = kSpecialLead;  // U+0130 = C4 B0
  }
};
inline constexpr ByteClasses kByteClasses{};
}  // namespace rouge_detail

// Calls sink(std::string_view word) for every word of `text` as rouge-score's tokenizer finds them
// before stemming (lowercased, [a-z0-9]+). The view points into `text` when the word is spelt there as
// it is, otherwise into `scratch`; it is valid during the call only.
template <class Sink>
void for_each_rouge_word(std::string_view text, std::string& scratch, Sink&& sink) {
  using namespace rouge_detail;
  const std::size_t n = text.size();
  const char* const p = text.data();
  std::size_t start = 0;
  bool in_word = false, copied = false;
  // Switches the current word to `scratch` (started at `at` when no word is open).
  auto to_scratch = [&](std::size_t at) {
    if (!in_word) {
      in_word = true;
      start = at;
      scratch.clear();
    } else if (!copied) {
      scratch.assign(p + start, at - start);
    }
    copied = true;
  };
  auto finish = [&](std::size_t end) {
    if (!in_word) return;
    sink(copied ? std::string_view(scratch) : std::string_view(p + start, end - start));
    in_word = copied = false;
  };
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    switch (kByteClasses.of[c]) {
      case kWordByte:
        if (!in_word) {
          in_word = true;
          start = i;
        } else if (copied) {
          scratch.push_back(static_cast<char>(c));
        }
        ++i;
        continue;
      case kUpperByte:
        to_scratch(i);
        scratch.push_back(static_cast<char>(c - 'A' + 'a'));
        ++i;
        continue;
      case kSpecialLead:
        if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(p[i + 1]) == 0x84 &&
            static_cast<unsigned char>(p[i + 2]) == 0xAA) {
          to_scratch(i);
          scratch.push_back('k');
          i += 3;
          continue;
        }
        if (c == 0xC4 && i + 1 < n && static_cast<unsigned char>(p[i + 1]) == 0xB0) {
          to_scratch(i);
          scratch.push_back('i');
          finish(i);
          i += 2;
          continue;
        }
        [[fallthrough]];
      default:
        finish(i);
        ++i;
    }
  }
  finish(n);
}

// Whether rouge-score stems a word: only words longer than 3 characters.
inline bool rouge_stems_word(std::string_view word) { return word.size() > 3; }

class RougeTokenizer {
 public:
  explicit RougeTokenizer(bool use_stemmer = false) : use_stemmer_(use_stemmer) {}
  bool use_stemmer() const { return use_stemmer_; }
  // The tokens of `text`, in order.
  std::vector<std::string> tokenize(std::string_view text) const;

 private:
  bool use_stemmer_;
};

}  // namespace trenchcoat::text

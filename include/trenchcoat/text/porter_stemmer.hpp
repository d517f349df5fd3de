#pragma once
// The Porter stemmer exactly as NLTK's `PorterStemmer()` in its default mode NLTK_EXTENSIONS (NLTK 3.8;
// the algorithm has not changed since NLTK 3.2.5), the stemmer rouge-score uses with use_stemmer=True.
// This is neither Snowball "english" nor Martin
// Porter's reference C implementation; they stem some words differently.
//
// Behaviour:
//   * ASCII A-Z are lowercased first. The irregular-form table (skies -> sky, dying -> die, news, ...)
//     is looked up with the word as given, as NLTK does, so "SKIES" is not found there and stems by
//     the rules instead.
//   * Words of at most 2 characters are returned (lowercased) unchanged.
//   * Otherwise steps 1a, 1b, 1c, 2, 3, 4, 5a and 5b run with NLTK's extensions (the "ies"/"ied" rules
//     for four-letter words, the y -> i condition, the "alli" pre-rule and the "fulli" and "logi" rules
//     of step 2, the two-letter cvc form). Digits count as consonants.
//   * Defined on ASCII words, which is all rouge-score's tokenizer produces ([a-z0-9]+). Any other byte
//     is treated as one consonant letter; for non-ASCII words this differs from NLTK, which works on
//     code points and lowercases all of Unicode.
// Stemming never fails and never allocates when `out` already has enough capacity.
#include <string>
#include <string_view>

namespace trenchcoat::text {

// The stem of `word`, written to `out` (its previous content is replaced).
void porter_stem(std::string_view word, std::string& out);

// The stem of `word`.
std::string porter_stem(std::string_view word);

}  // namespace trenchcoat::text

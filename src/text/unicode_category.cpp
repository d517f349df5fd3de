#include "trenchcoat/text/unicode_category.hpp"

#include <unicode/uchar.h>

#include <array>
#include <cstdint>

namespace trenchcoat::text {
namespace {

constexpr std::uint8_t kPunctuation = 1, kSymbol = 2, kNumber = 4;

std::uint8_t classify(char32_t c) {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_CONNECTOR_PUNCTUATION:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
      return kPunctuation;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return kSymbol;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return kNumber;
    default:
      return 0;
  }
}

// Latin-1 is looked up in a table built once; the rest asks ICU.
const std::array<std::uint8_t, 256>& latin1_table() {
  static const std::array<std::uint8_t, 256> table = [] {
    std::array<std::uint8_t, 256> t{};
    for (char32_t c = 0; c < 256; ++c) t[c] = classify(c);
    return t;
  }();
  return table;
}

std::uint8_t category_bits(char32_t c) { return c < 256 ? latin1_table()[c] : classify(c); }

}  // namespace

bool is_punctuation(char32_t c) { return category_bits(c) & kPunctuation; }
bool is_symbol(char32_t c) { return category_bits(c) & kSymbol; }
bool is_number(char32_t c) { return category_bits(c) & kNumber; }

}  // namespace trenchcoat::text

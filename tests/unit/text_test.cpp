// Text layer: UTF-8, Python string semantics, number formatting, tokenizers.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/tokenizer.hpp"
#include "trenchcoat/text/utf8.hpp"

using namespace trenchcoat::text;

TEST(Utf8, FindsInvalidBytes) {
  EXPECT_FALSE(find_invalid_utf8("plain ascii").has_value());
  EXPECT_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x91\x8D").has_value());
  EXPECT_EQ(find_invalid_utf8("ab\xFF").value(), 2u);            // 0xFF never occurs in UTF-8
  EXPECT_EQ(find_invalid_utf8("a\xC3").value(), 1u);             // truncated sequence
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF").value(), 0u);          // overlong
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80").value(), 1u);     // surrogate U+D800 (Python: invalid)
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80").value(), 0u);  // above U+10FFFF
}

TEST(PythonString, IsSpaceMatchesPython) {
  // Python 3.11: [c for c in range(0x110000) if chr(c).isspace()]
  const char32_t spaces[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x1C,   0x1D,   0x1E,   0x1F,   0x20,
                             0x85,   0xA0,   0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                             0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  std::size_t count = 0;
  for (char32_t c = 0; c < 0x110000; ++c) count += is_space(c);
  EXPECT_EQ(count, std::size(spaces));
  for (char32_t c : spaces) {
    EXPECT_TRUE(is_space(c)) << std::hex << static_cast<unsigned>(c);
    std::string s;
    append_utf8(s, c);
    EXPECT_EQ(whitespace_length_at(s, 0), s.size());
  }
  EXPECT_FALSE(is_space(0x200B));
  EXPECT_FALSE(is_space(0x180E));
  EXPECT_FALSE(is_space(0xFEFF));
}

TEST(PythonString, SplitStripJoin) {
  // Python: "  a\u00a0b\tc \u3000".split() == ['a', 'b', 'c']
  const std::string s = "  a\u00a0b\tc \u3000";
  const auto parts = split_whitespace(s);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[2], "c");
  EXPECT_EQ(join_whitespace(s), "a b c");
  EXPECT_EQ(rstrip("x \u2009\n"), "x");
  EXPECT_EQ(strip("\u00a0 x y \u0085"), "x y");
  EXPECT_EQ(rstrip("\u200b"), "\u200b");  // ZWSP is not whitespace in Python
}

TEST(PythonString, LowerMatchesPython) {
  // Python 3.11 str.lower()
  EXPECT_EQ(lower("ABC def"), "abc def");
  EXPECT_EQ(lower("\u0130"), "i\u0307");  // İ -> i + combining dot
  EXPECT_EQ(lower("\u03a3\u0391\u03a3 \u03a3\u0391\u03a3."), "\u03c3\u03b1\u03c2 \u03c3\u03b1\u03c2.");  // final sigma
  EXPECT_EQ(lower("\u212a"), "k");                                                                       // KELVIN SIGN
  EXPECT_EQ(lower("\u00c9T\u00c9"), "\u00e9t\u00e9");
}

TEST(NumberFormat, FixedAndRepr) {
  // Python: f"{x:.1f}" and repr(x)
  EXPECT_EQ(format_fixed(48.530827009929865, 1), "48.5");
  EXPECT_EQ(format_fixed(0.125, 2), "0.12");  // round half to even on the exact binary value
  EXPECT_EQ(format_fixed(0.375, 2), "0.38");
  EXPECT_EQ(format_fixed(2.675, 2), "2.67");  // 2.675 is below the midpoint in binary
  EXPECT_EQ(python_float_repr(48.5), "48.5");
  EXPECT_EQ(python_float_repr(100.0), "100.0");
  EXPECT_EQ(python_float_repr(0.0), "0.0");
  EXPECT_EQ(python_float_repr(1e-05), "1e-05");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(python_float_repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(python_float_repr(-2.5), "-2.5");
  EXPECT_EQ(python_float_repr(1.5e-07), "1.5e-07");
}

// sacrebleu_vectors.json "tokenizers": 21 inputs, outputs of sacreBLEU 2.6.0's tokenizers.
TEST(Tokenizers, MatchSacrebleuVectors) {
  const auto vectors = trenchcoat::testing::load_json_fixture("sacrebleu_vectors.json");
  int checked = 0;
  for (const auto& v : vectors["tokenizers"]) {
    const std::string input = v["input"];
    EXPECT_EQ(tokenize_13a(input), v["13a"].get<std::string>()) << input;
    EXPECT_EQ(tokenize_intl(input), v["intl"].get<std::string>()) << input;
    EXPECT_EQ(tokenize_zh(input), v["zh"].get<std::string>()) << input;
    EXPECT_EQ(tokenize_char(input), v["char"].get<std::string>()) << input;
    EXPECT_EQ(tokenize_13a(std::string(rstrip(input))), v["bleu13a_pre"].get<std::string>()) << input;
    checked += 5;
  }
  EXPECT_EQ(checked, 21 * 5);
}

TEST(Tokenizers, RegistryErrors) {
  EXPECT_THROW(make_tokenizer("nope"), trenchcoat::Error);
  EXPECT_THROW(make_tokenizer("ja-mecab"), trenchcoat::Error);
  EXPECT_EQ(make_tokenizer("13a")->signature(), "13a");
  EXPECT_EQ(make_tokenizer("none")->tokenize("a  b"), "a  b");
}

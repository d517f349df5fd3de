// The shared byte-level string helpers; expected values follow Python 3's str.split(sep, maxsplit),
// str.join and ASCII-only lower-casing, checked by hand.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/text/string_pieces.hpp"

using trenchcoat::text::ascii_lower;
using trenchcoat::text::join;
using trenchcoat::text::split;
using trenchcoat::text::split_tabs;
using Views = std::vector<std::string_view>;

TEST(StringPieces, SplitKeepsEmptyFieldsLikePython) {
  EXPECT_EQ(split_tabs("a\tb\t\tc"), (Views{"a", "b", "", "c"}));  // 'a\tb\t\tc'.split('\t')
  EXPECT_EQ(split_tabs(""), (Views{""}));                          // ''.split('\t') == ['']
  EXPECT_EQ(split_tabs("\t"), (Views{"", ""}));                    // '\t'.split('\t')
  EXPECT_EQ(split("a,b,c", ','), (Views{"a", "b", "c"}));
}

TEST(StringPieces, SplitStopsAfterMaxSplits) {
  EXPECT_EQ(split_tabs("a\tb\tc", 1), (Views{"a", "b\tc"}));  // 'a\tb\tc'.split('\t', 1)
  EXPECT_EQ(split_tabs("a\tb\tc", 0), (Views{"a\tb\tc"}));    // maxsplit=0 keeps the string whole
}

TEST(StringPieces, JoinAnyRangeOfStrings) {
  EXPECT_EQ(join(std::vector<std::string>{"x", "y", "z"}), "x, y, z");  // ', '.join(['x','y','z'])
  EXPECT_EQ(join(Views{"x"}, "|"), "x");
  EXPECT_EQ(join(std::vector<std::string>{}), "");
}

TEST(StringPieces, AsciiLowerLeavesOtherBytesAlone) {
  EXPECT_EQ(ascii_lower("MQM-Score_X"), "mqm-score_x");
  EXPECT_EQ(ascii_lower("\xC3\x84"
                        "B"),
            "\xC3\x84"
            "b");  // U+00C4 stays: ASCII only
}

// The render layer: one Document drawn as text, CSV, Markdown and LaTeX, with each format's special
// characters escaped. Expected strings are written by hand from the format rules (RFC 4180 for CSV,
// GitHub-flavoured Markdown pipe tables, LaTeX's ten special characters as tabulate escapes them).
#include <gtest/gtest.h>

#include "trenchcoat/error.hpp"
#include "trenchcoat/render/document.hpp"

namespace {

using trenchcoat::io::Align;
using trenchcoat::render::Document;
using trenchcoat::render::Format;
using trenchcoat::render::render_document;

Document sample() {
  Document d;
  d.line("2 systems x 3 items, pearson");
  d.table({{"metric", "value"}, {Align::left, Align::right}, {{"A", "0.5000"}, {"B", "-0.2500"}}});
  d.line("a note");
  return d;
}

TEST(RenderDocument, FormatNames) {
  EXPECT_EQ(trenchcoat::render::parse_format("markdown"), Format::markdown);
  EXPECT_EQ(trenchcoat::render::parse_format("latex"), Format::latex);
  EXPECT_EQ(trenchcoat::render::parse_format("csv"), Format::csv);
  EXPECT_FALSE(trenchcoat::render::parse_format("html"));
  EXPECT_EQ(trenchcoat::render::format_names().size(), 5u);
}

TEST(RenderDocument, TextIsLinesAndFancyGridTables) {
  // The table as tabulate 0.8.9 draws it with tablefmt="fancy_grid" (columns at least header + 2 wide).
  EXPECT_EQ(render_document(sample(), Format::text),
            "2 systems x 3 items, pearson\n"
            "╒══════════╤═════════╕\n"
            "│ metric   │   value │\n"
            "╞══════════╪═════════╡\n"
            "│ A        │  0.5000 │\n"
            "├──────────┼─────────┤\n"
            "│ B        │ -0.2500 │\n"
            "╘══════════╧═════════╛\n"
            "a note\n");
}

TEST(RenderDocument, CsvHasTheTablesOnlyWithRfc4180Quoting) {
  Document d = sample();
  d.table({{"name", "interval"}, {Align::left, Align::right}, {{"say \"hi\"", "[0.1, 0.2]"}, {"two\nlines", "x"}}});
  // A cell with a comma, a quote or a line break is quoted, quotes doubled; rows end in CRLF; tables are
  // separated by an empty line; lines of text are left out.
  EXPECT_EQ(render_document(d, Format::csv),
            "metric,value\r\nA,0.5000\r\nB,-0.2500\r\n"
            "\r\n"
            "name,interval\r\n\"say \"\"hi\"\"\",\"[0.1, 0.2]\"\r\n\"two\nlines\",x\r\n");
}

TEST(RenderDocument, MarkdownEscapesPipes) {
  Document d;
  d.line("title | with pipe");
  d.line("");  // spacing in the text: Markdown separates blocks anyway
  d.table({{"metric", "a|b", "c"}, {Align::left, Align::right, Align::center}, {{"x|y", "1", "two\nlines"}}});
  EXPECT_EQ(render_document(d, Format::markdown),
            "title \\| with pipe\n"
            "\n"
            "| metric | a\\|b | c |\n"
            "|:---|---:|:---:|\n"
            "| x\\|y | 1 | two<br>lines |\n");
}

TEST(RenderDocument, LatexEscapesSpecialCharacters) {
  Document d;
  d.line("50% of A_B & C #1 {x} ~ ^ $ \\");
  d.table({{"metric", "% tied"}, {Align::left, Align::right}, {{"BLEU_refA", "99.0 !"}}});
  // Cells are padded as tabulate's latex_booktabs pads them, then escaped.
  EXPECT_EQ(render_document(d, Format::latex),
            "50\\% of A\\_B \\& C \\#1 \\{x\\} \\textasciitilde{} \\^{} \\$ \\textbackslash{}\n"
            "\n"
            "\\begin{tabular}{lr}\n"
            "\\toprule\n"
            " metric    &   \\% tied \\\\\n"
            "\\midrule\n"
            " BLEU\\_refA &   99.0 ! \\\\\n"
            "\\bottomrule\n"
            "\\end{tabular}\n");
}

TEST(RenderDocument, RefusesJsonAndRaggedTables) {
  EXPECT_THROW(render_document(sample(), Format::json), trenchcoat::Error);
  Document d;
  d.table({{"a", "b"}, {Align::left, Align::left}, {{"only one"}}});
  EXPECT_THROW(render_document(d, Format::csv), trenchcoat::Error);
}

}  // namespace

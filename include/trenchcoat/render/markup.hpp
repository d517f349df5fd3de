#pragma once
// Text and numbers as the HTML report writes them: text escaped for HTML and SVG (the same five
// characters in both), and numbers formatted deterministically (the same bytes on every machine and
// for every run, from the binary value; never locale-dependent, never "-0").
#include <string>
#include <string_view>

namespace trenchcoat::render {

// & < > " ' as character references; every other character as it is (the text is UTF-8).
std::string escape_markup(std::string_view text);

// An SVG coordinate or length: rounded to 0.1, trailing ".0" left out, "-0" written as "0"
// (e.g. 12.34 -> "12.3", 7.0 -> "7", -0.04 -> "0").
std::string svg_number(double value);

// A number shown to a reader: `decimals` digits after the point (Python's f"{x:.Nf}"), "-0.00" as
// "0.00", NaN as "n/a" and infinities as "inf" / "-inf".
std::string shown_number(double value, int decimals);

}  // namespace trenchcoat::render

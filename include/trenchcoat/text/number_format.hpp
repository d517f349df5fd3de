#pragma once
// Number formatting as Python prints it.
#include <string>

namespace trenchcoat::text {

// f"{x:.{decimals}f}": correctly rounded from the binary value (round half to even on the exact value).
std::string format_fixed(double x, int decimals);

// repr(x) for a float: the shortest string that reads back to x, in fixed notation when the decimal
// exponent is in [-4, 16), scientific otherwise ("1e-05", "1e+16"); integral values keep ".0".
// Infinities and NaN print as Python's json.dumps prints them (Infinity, -Infinity, NaN).
std::string python_float_repr(double x);

}  // namespace trenchcoat::text

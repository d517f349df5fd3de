#pragma once
// Unicode general categories as the `regex` module's \p{P}, \p{S} and \p{N} see them (Unicode 15,
// through ICU).
namespace trenchcoat::text {

bool is_punctuation(char32_t c);  // Pc Pd Ps Pe Pi Pf Po
bool is_symbol(char32_t c);       // Sm Sc Sk So
bool is_number(char32_t c);       // Nd Nl No

}  // namespace trenchcoat::text

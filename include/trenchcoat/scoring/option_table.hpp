#pragma once
// Scorer options as one typed table per scorer: each row names an option, its type (string, path,
// integer, number, boolean, choice), its default (a valid value of that type) or whether it is required,
// the values a choice allows, the range a number must lie in, and its meaning. validate_options checks a
// spec's options (`bleu:smooth-method=floor,max-ngram-order=3`) against the table and converts them, so
// that every scorer family reads typed values and every bad option reads the same way:
//   scorer 'bleu': option 'smooth-method': 'foo' is not one of none, floor, add-k, exp
//   scorer 'chrf': option 'char-order': '-1' is not a whole number of at least 0
//   scorer 'judge': option 'url' is required (endpoint up to the API version, ...)
//   scorer 'bleu' takes no option 'smooth_method' (it takes: ...; did you mean 'smooth-method'?)
// Option names are hyphenated (sacreBLEU's command-line spelling); the underscore spelling of a name is
// refused with the hyphenated one as a hint. The registry, `trenchcoat scorers` and the Python module read
// the same table.
//
// Values as text: a boolean is true/false, yes/no or 1/0 (any case); an integer is decimal digits with
// an optional '-' that an int holds; a number is what strtod reads, finite; a choice is one of its values exactly, or
// one of its aliases (another spelling of a value, e.g. length's unit=characters for chars). An empty value is an empty
// string or path (a required one counts as not given) and an error for the other types.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trenchcoat::scoring {

// Options by name, as given in a scorer spec (`rouge:type=rougeL,stem=true`).
using ScorerOptions = std::map<std::string, std::string>;

enum class OptionType { string, path, integer, number, boolean, choice };

// "string", "path", "integer", "number", "boolean", "choice".
std::string_view option_type_name(OptionType type);

struct OptionInfo {
  std::string name;  // hyphenated, e.g. "smooth-method"
  OptionType type = OptionType::string;
  // The value used when the option is not given, valid under `type`; empty: none (see `required` and
  // `unset`).
  std::string default_value;
  std::string description;
  bool required = false;  // a spec without it (or with an empty value) is refused
  // Without a default: what happens when the option is not given (e.g. "found in the model directory").
  std::string unset;
  std::vector<std::string> choices;                          // choice: the allowed values
  std::vector<std::pair<std::string, std::string>> aliases;  // choice: another spelling -> its value
  std::optional<double> minimum, maximum;                    // integer, number: the range, inclusive

  // Rows of a table, with their type and default; the modifiers below return a changed copy.
  static OptionInfo string(std::string name, std::string default_value, std::string description);
  static OptionInfo path(std::string name, std::string default_value, std::string description);
  static OptionInfo integer(std::string name, std::string default_value, std::string description);
  static OptionInfo number(std::string name, std::string default_value, std::string description);
  static OptionInfo boolean(std::string name, std::string default_value, std::string description);
  static OptionInfo choice(std::string name, std::string default_value, std::vector<std::string> choices,
                           std::string description);
  OptionInfo at_least(double low) const;
  OptionInfo between(double low, double high) const;
  OptionInfo needed() const;                       // required, no default
  OptionInfo when_unset(std::string unset) const;  // no default; what happens instead
  OptionInfo alias(std::string spelling, std::string value) const;

  // For listings: the type with its range or choices, e.g. "integer >= 1", "number from 0 to 1",
  // "choice: f32, int8"; and the default: the value, "required", or the `unset` text.
  std::string type_text() const;
  std::string default_text() const;
};

// An option's checked value: its text (a choice's canonical value; a boolean's "true"/"false") and, for
// the numeric and boolean types, the converted value.
struct OptionValue {
  std::string text;
  double number = 0;  // integer and number
  bool boolean = false;
  bool given = false;  // in the spec (else: the default)
};

// The options of one scorer after validate_options: every option given or with a default. Reading an
// option that is not in the table, or reading it as another type, is a programming error
// (std::logic_error).
class OptionValues {
 public:
  OptionValues() = default;
  OptionValues(std::string scorer, std::vector<OptionInfo> table,
               std::map<std::string, OptionValue, std::less<>> values)
      : scorer_(std::move(scorer)), table_(std::move(table)), values_(std::move(values)) {}

  const std::string& scorer() const { return scorer_; }
  bool given(std::string_view name) const;  // in the spec
  bool has(std::string_view name) const;    // given, or with a default
  // The value's text ("" when the option has none).
  const std::string& text(std::string_view name) const;
  long long integer(std::string_view name) const;
  double number(std::string_view name) const;
  bool boolean(std::string_view name) const;

 private:
  const OptionInfo& row(std::string_view name) const;
  const OptionValue* find(std::string_view name) const;

  std::string scorer_;
  std::vector<OptionInfo> table_;
  std::map<std::string, OptionValue, std::less<>> values_;
};

// Checks every option against `table` and converts them; fills in defaults. Throws trenchcoat::Error in
// the style above for an option the table lacks, a value its type refuses, or a required option missing.
OptionValues validate_options(std::string_view scorer, const std::vector<OptionInfo>& table,
                              const ScorerOptions& options);

// One value checked against its row; throws as validate_options. Used by the consistency test of the
// tables (every default valid under its own type) as well.
OptionValue parse_option_value(std::string_view scorer, const OptionInfo& option, const std::string& value);

// The one error style: "scorer 'SCORER': option 'OPTION': PROBLEM".
std::string option_error(std::string_view scorer, std::string_view option, std::string_view problem);

}  // namespace trenchcoat::scoring

// Scorer options: one typed table per scorer (scoring/option_table.hpp) checks and converts every
// family's options with one set of rules and one error style; scorer specs are parsed by the library
// (registry/scorer_spec.hpp), which the command line and the Python module both use.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "test_support.hpp"
#include "trenchcoat/build_options.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/registry/scorer_spec.hpp"
#include "trenchcoat/scoring/option_table.hpp"

namespace {

using namespace trenchcoat;
using scoring::OptionInfo;
using scoring::OptionType;
using scoring::validate_options;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// A table with one row of every type (written for this test).
std::vector<OptionInfo> sample_table() {
  return {OptionInfo::string("label", "x", "a label"),
          OptionInfo::path("model", "", "the model").needed(),
          OptionInfo::integer("order", "4", "an order").between(1, 9),
          OptionInfo::number("weight", "0.5", "a weight").at_least(0),
          OptionInfo::boolean("stem", "false", "stemming"),
          OptionInfo::choice("unit", "chars", {"chars", "bytes"}, "the unit").alias("characters", "chars"),
          OptionInfo::path("cache", "", "a cache").when_unset("none")};
}

TEST(ScorerOptionTable, ConvertsValuesAndFillsInDefaults) {
  const auto v =
      validate_options("s", sample_table(), {{"model", "m"}, {"order", "7"}, {"stem", "YES"}, {"unit", "characters"}});
  EXPECT_EQ(v.text("label"), "x");  // default
  EXPECT_FALSE(v.given("label"));
  EXPECT_TRUE(v.given("model"));
  EXPECT_EQ(v.text("model"), "m");
  EXPECT_EQ(v.integer("order"), 7);
  EXPECT_EQ(v.number("weight"), 0.5);  // the default "0.5", read by strtod
  EXPECT_TRUE(v.boolean("stem"));
  EXPECT_EQ(v.text("stem"), "true");
  EXPECT_EQ(v.text("unit"), "chars");  // the alias's value
  EXPECT_FALSE(v.has("cache"));        // no default
  EXPECT_EQ(v.text("cache"), "");
  // Reading an option the table lacks, or as another type, is a programming error.
  EXPECT_THROW(v.integer("nosuch"), std::logic_error);
  EXPECT_THROW(v.boolean("order"), std::logic_error);
}

TEST(ScorerOptionTable, RefusesTypesChoicesRangesAndMissingRequiredOptionsInOneStyle) {
  const auto table = sample_table();
  const auto with = [&](const std::string& key, const std::string& value) {
    return error_of([&] { validate_options("s", table, {{"model", "m"}, {key, value}}); });
  };
  EXPECT_EQ(with("order", "x"), "scorer 's': option 'order': 'x' is not a whole number from 1 to 9");
  EXPECT_EQ(with("order", "10"), "scorer 's': option 'order': '10' is not a whole number from 1 to 9");
  EXPECT_EQ(with("order", "4.0"), "scorer 's': option 'order': '4.0' is not a whole number from 1 to 9");
  EXPECT_EQ(with("order", ""), "scorer 's': option 'order': '' is not a whole number from 1 to 9");
  EXPECT_EQ(with("weight", "-1"), "scorer 's': option 'weight': '-1' is not a number of at least 0");
  EXPECT_EQ(with("weight", "inf"), "scorer 's': option 'weight': 'inf' is not a number of at least 0");
  EXPECT_EQ(with("weight", "1x"), "scorer 's': option 'weight': '1x' is not a number of at least 0");
  EXPECT_EQ(with("stem", "maybe"), "scorer 's': option 'stem': 'maybe' is not true or false");
  EXPECT_EQ(with("unit", "words"), "scorer 's': option 'unit': 'words' is not one of chars, bytes");
  EXPECT_EQ(with("unit", "Chars"), "scorer 's': option 'unit': 'Chars' is not one of chars, bytes");
  EXPECT_EQ(error_of([&] { validate_options("s", table, {}); }), "scorer 's': option 'model' is required (the model)");
  EXPECT_EQ(error_of([&] {
              validate_options("s", table, {{"model", ""}});
            }),
            "scorer 's': option 'model' is required (the model)");
  EXPECT_EQ(with("colour", "red"),
            "scorer 's' takes no option 'colour' (it takes: label, model, order, weight, stem, unit, cache)");
  EXPECT_EQ(error_of([&] {
              validate_options("s", {}, {{"a", "1"}});
            }),
            "scorer 's' takes no option 'a' (it takes none)");
  // Integers are those an int holds.
  EXPECT_NE(error_of([&] {
              validate_options("s", {OptionInfo::integer("n", "0", "n")}, {{"n", "4294967296"}});
            }).find("is not a whole number"),
            std::string::npos);
}

// The option named twice: sacreBLEU's command line says --smooth-method, its Python API smooth_method.
// Spec names are hyphenated; the underscore spelling is refused with the hyphenated one as a hint
// (Python keyword arguments map _ to - before the spec is checked).
TEST(ScorerOptionTable, UnderscoreSpellingIsRefusedWithTheHyphenatedName) {
  EXPECT_EQ(error_of([] {
              registry::make_scorer("bleu", {{"smooth_method", "floor"}});
            }),
            "scorer 'bleu' takes no option 'smooth_method' (it takes: tokenize, smooth-method, smooth-value, "
            "lowercase, effective-order, max-ngram-order; did you mean 'smooth-method'?)");
  EXPECT_NE(error_of([] {
              registry::make_scorer("chrf", {{"word_order", "2"}});
            }).find("did you mean 'word-order'?"),
            std::string::npos);
  EXPECT_NO_THROW(registry::make_scorer("bleu", {{"smooth-method", "floor"}}));
}

// Before the tables each family parsed its own options: rouge and cmd took only lower-case booleans
// while the string metrics took any case, and messages came in four styles. Now one rule and one style.
TEST(ScorerOptionTable, EveryFamilyFollowsTheSameRulesAndMessages) {
  EXPECT_NO_THROW(registry::make_scorer("rouge", {{"stem", "TRUE"}}));
  EXPECT_NO_THROW(registry::make_scorer("bleu", {{"lowercase", "Yes"}}));
  EXPECT_EQ(error_of([] {
              registry::make_scorer("bleu", {{"smooth-method", "foo"}});
            }),
            "scorer 'bleu': option 'smooth-method': 'foo' is not one of exp, floor, add-k, none");
  EXPECT_EQ(error_of([] {
              registry::make_scorer("chrf", {{"char-order", "-1"}});
            }),
            "scorer 'chrf': option 'char-order': '-1' is not a whole number of at least 0");
  EXPECT_EQ(error_of([] {
              registry::make_scorer("chrf++", {{"char-order", "0"}, {"word-order", "0"}});
            }),
            "scorer 'chrf++': options 'char-order' and 'word-order' cannot both be 0");
  EXPECT_EQ(error_of([] {
              registry::make_scorer("rouge", {{"stem", "maybe"}});
            }),
            "scorer 'rouge': option 'stem': 'maybe' is not true or false");
  EXPECT_EQ(error_of([] {
              registry::make_scorer("rouge", {{"type", "rouge0"}});
            }),
            "scorer 'rouge': option 'type': 'rouge0' is not one of rouge1, rouge2, rouge3, rouge4, rouge5, rouge6, "
            "rouge7, rouge8, rouge9, rougeL, rougeLsum");
  EXPECT_EQ(error_of([] {
              registry::make_scorer("length", {{"unit", "lines"}});
            }),
            "scorer 'length': option 'unit': 'lines' is not one of chars, bytes, words");
  EXPECT_EQ(error_of([] {
              registry::make_scorer("ter", {{"normalized", "2"}});
            }),
            "scorer 'ter': option 'normalized': '2' is not true or false");
  if (TRENCHCOAT_WITH_JUDGES) {
    EXPECT_NO_THROW(registry::make_scorer("cmd", {{"shell", "Yes"}}));
    EXPECT_EQ(error_of([] {
                registry::make_scorer("cmd", {{"kind", "listwise"}});
              }),
              "scorer 'cmd': option 'kind': 'listwise' is not one of pointwise, pairwise");
    EXPECT_EQ(
        error_of([] {
          registry::make_scorer("judge", {{"url", "http://127.0.0.1:1/v1"}, {"model", "m"}, {"top-logprobs", "21"}});
        }),
        "scorer 'judge': option 'top-logprobs': '21' is not a whole number from 1 to 20");
    EXPECT_EQ(error_of([] {
                registry::make_scorer("judge", {{"model", "m"}});
              }),
              "scorer 'judge': option 'url' is required (endpoint up to the API version, e.g. "
              "http://127.0.0.1:8080/v1)");
  }
  if (TRENCHCOAT_WITH_NEURAL) {
    EXPECT_EQ(error_of([] {
                registry::make_scorer("rm", {{"path", "x"}, {"batch-size", "0"}});
              }),
              "scorer 'rm': option 'batch-size': '0' is not a whole number from 1 to 1048576");
  }
}

// Every registered scorer's table: names hyphenated and unique, a meaning for each, defaults valid under
// their own type, choices with their default among them, aliases naming a choice, ranges in order, and
// the table a built scorer reports the registry's.
TEST(ScorerOptionTable, EveryRegisteredTableIsConsistent) {
  for (const auto& entry : registry::scorer_registry()) {
    std::set<std::string> names;
    bool any_required = false;
    for (const auto& o : entry.options) {
      SCOPED_TRACE(entry.name + " option " + o.name);
      EXPECT_TRUE(names.insert(o.name).second) << "named twice";
      EXPECT_EQ(o.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos)
          << "not lower-case and hyphenated";
      EXPECT_FALSE(o.description.empty());
      if (!o.default_value.empty()) {
        EXPECT_NO_THROW(scoring::parse_option_value(entry.name, o, o.default_value));
      }
      EXPECT_FALSE(o.required && !o.default_value.empty()) << "required with a default";
      if (o.default_value.empty() && !o.required) {
        EXPECT_FALSE(o.unset.empty()) << "no default and no unset text";
      }
      any_required = any_required || o.required;
      if (o.type == OptionType::choice) {
        EXPECT_FALSE(o.choices.empty());
        EXPECT_NE(std::find(o.choices.begin(), o.choices.end(), o.default_value), o.choices.end());
      } else {
        EXPECT_TRUE(o.choices.empty());
        EXPECT_TRUE(o.aliases.empty());
      }
      for (const auto& [spelling, value] : o.aliases)
        EXPECT_NE(std::find(o.choices.begin(), o.choices.end(), value), o.choices.end()) << spelling;
      if (o.minimum || o.maximum) {
        EXPECT_TRUE(o.type == OptionType::integer || o.type == OptionType::number) << "a range on a non-number";
      }
      if (o.minimum && o.maximum) {
        EXPECT_LE(*o.minimum, *o.maximum);
      }
    }
    if (any_required) continue;  // judge, comet, cometkiwi, rm: not buildable without options
    std::unique_ptr<scoring::Scorer> scorer;
    ASSERT_NO_THROW(scorer = entry.make({})) << entry.name;
    ASSERT_EQ(scorer->info().options.size(), entry.options.size()) << entry.name;
    for (std::size_t i = 0; i < entry.options.size(); ++i)
      EXPECT_EQ(scorer->info().options[i].name, entry.options[i].name) << entry.name;
  }
}

TEST(ScorerSpec, SplitsNameOptionsQuotesAndColumn) {
  auto s = registry::parse_scorer_spec("bleu");
  EXPECT_EQ(s.name, "bleu");
  EXPECT_TRUE(s.options.empty());
  EXPECT_EQ(s.column, "");
  s = registry::parse_scorer_spec("cmd:run='python3 rm.py --a 1,2',shell=true,as=rm");
  EXPECT_EQ(s.name, "cmd");
  EXPECT_EQ(s.column, "rm");
  EXPECT_EQ(s.options, (scoring::ScorerOptions{{"run", "python3 rm.py --a 1,2"}, {"shell", "true"}}));
  s = registry::parse_scorer_spec("judge:url=http://h:8/v1,template=\"a,'b'.txt\"");
  EXPECT_EQ(s.options.at("url"), "http://h:8/v1");  // a colon after the first is part of a value
  EXPECT_EQ(s.options.at("template"), "a,'b'.txt");
  s = registry::parse_scorer_spec("length:unit=,as=n");  // an empty value is kept (the table judges it)
  EXPECT_EQ(s.options.at("unit"), "");
  EXPECT_EQ(s.column, "n");
}

TEST(ScorerSpec, MalformedSpecsAreErrorsNamingTheSpec) {
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec(":a=1"); }), "scorer spec ':a=1': no scorer name");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("bleu:tokenize"); }),
            "scorer spec 'bleu:tokenize': 'tokenize' is not key=value");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("bleu:a,b=1"); }),
            "scorer spec 'bleu:a,b=1': 'a' is not key=value");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("bleu:=1"); }),
            "scorer spec 'bleu:=1': an option without a name");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("cmd:run='a,b"); }),
            "scorer spec 'cmd:run='a,b': unterminated quote in option run");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("cmd:run='a'b"); }),
            "scorer spec 'cmd:run='a'b': expected ',' after the quoted value of run");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("bleu:lowercase=1,lowercase=0"); }),
            "scorer spec 'bleu:lowercase=1,lowercase=0': option lowercase given twice");
  EXPECT_EQ(error_of([] { registry::parse_scorer_spec("bleu:as=a,as=b"); }),
            "scorer spec 'bleu:as=a,as=b': option as given twice");
}

TEST(ScorerSpec, FormatReadsBackAsTheSameSpec) {
  const registry::ScorerSpec spec{"cmd", "rm", {{"run", "python3 rm.py 1,2"}, {"shell", "false"}, {"x", "'q"}}};
  const std::string text = registry::format_scorer_spec(spec);
  EXPECT_EQ(text, "cmd:run='python3 rm.py 1,2',shell=false,x=\"'q\",as=rm");
  const auto again = registry::parse_scorer_spec(text);
  EXPECT_EQ(again.name, spec.name);
  EXPECT_EQ(again.column, spec.column);
  EXPECT_EQ(again.options, spec.options);
  EXPECT_EQ(registry::format_scorer_spec({"chrf", "", {}}), "chrf");
}

class ScorerOptionsCli : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(ScorerOptionsCli, BadValuesSpecsAndSpellingsAreOneLineErrors) {
  write("rows.jsonl", R"({"mt": "a b", "ref": "a c"})"
                      "\n");
  auto r = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu:smooth-method=foo"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.stderr_text,
            "trenchcoat score: error: scorer 'bleu': option 'smooth-method': 'foo' is not one of exp, floor, add-k, "
            "none\n");
  r = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu:smooth_method=floor"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("did you mean 'smooth-method'?"), std::string::npos) << r.stderr_text;
  r = trenchcoat({"score", "--data", "rows.jsonl", "--scorer", "bleu:tokenize"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.stderr_text, "trenchcoat score: error: --scorer 'bleu:tokenize': 'tokenize' is not key=value\n");
}

TEST_F(ScorerOptionsCli, ScorersListsTypesChoicesRangesAndDefaults) {
  const auto text = trenchcoat({"scorers"});
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  for (const char* line : {"    smooth-method (choice: exp, floor, add-k, none; default exp): the smoothing method\n",
                           "    max-ngram-order (integer >= 1; default 4): largest n-gram order\n",
                           "    smooth-value (number; default the method's: floor 0.1, add-k 1): the smoothing value "
                           "of floor and add-k\n",
                           "    stem (boolean; default false): Porter stemming"})
    EXPECT_NE(text.stdout_text.find(line), std::string::npos) << line << "\n" << text.stdout_text;
  const auto json = trenchcoat({"scorers", "-f", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.stderr_text;
  const auto listed = nlohmann::json::parse(json.stdout_text);
  ASSERT_EQ(listed[0]["name"], "bleu");
  const auto& smooth = listed[0]["options"][1];
  EXPECT_EQ(smooth["name"], "smooth-method");
  EXPECT_EQ(smooth["type"], "choice");
  EXPECT_EQ(smooth["default"], "exp");
  EXPECT_EQ(smooth["required"], false);
  EXPECT_EQ(smooth["choices"], nlohmann::json::array({"exp", "floor", "add-k", "none"}));
  const auto& order = listed[0]["options"][5];
  EXPECT_EQ(order["type"], "integer");
  EXPECT_EQ(order["minimum"], 1.0);
  EXPECT_TRUE(order["maximum"].is_null());
}

}  // namespace

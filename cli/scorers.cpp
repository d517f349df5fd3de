// trenchcoat scorers: the scorers `trenchcoat score` knows, the fields each reads, its direction and
// kind, and every option of each from its option table: type, allowed values or range, default (or
// required) and meaning.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parse_arguments.hpp"
#include "subcommands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::cli {
namespace {

using text::join;

struct ScorerListing {
  std::string name, description, direction = "-", kind = "-";
  std::string unbuilt;  // why the scorer cannot be built without options (then inputs etc. depend on them)
  std::vector<std::string> inputs;
  std::vector<scoring::OptionInfo> options;
};

// The listing of one registry entry. Its options, defaults and meanings are the registry's (the
// table make_scorer checks specs against); inputs, direction and kind come from a scorer built without
// options. A scorer that cannot be built without options is listed from its registry row alone.
ScorerListing listing_of(const registry::ScorerEntry& entry) {
  ScorerListing l;
  l.name = entry.name;
  l.description = entry.summary;
  l.options = entry.options;
  try {
    const auto scorer = entry.make({});
    const auto& info = scorer->info();
    l.inputs = info.required_fields;
    l.direction = info.direction == scoring::Direction::higher_is_better ? "higher" : "lower";
    l.kind = info.kind == scoring::ScorerKind::pairwise ? "pairwise" : "pointwise";
  } catch (const std::exception& e) {
    l.unbuilt = e.what();
    l.inputs = {"(set by its options)"};
  }
  return l;
}

// "    name (TYPE; default VALUE): meaning", e.g.
// "    smooth-method (choice: exp, floor, add-k, none; default exp): the smoothing method".
std::string option_line(const scoring::OptionInfo& o) {
  return "    " + o.name + " (" + o.type_text() + "; " + (o.required ? "required" : "default " + o.default_text()) +
         ")" + (o.description.empty() ? "" : ": " + o.description) + "\n";
}

nlohmann::ordered_json option_json(const scoring::OptionInfo& o) {
  nlohmann::ordered_json j;
  j["name"] = o.name;
  j["type"] = std::string(scoring::option_type_name(o.type));
  j["default"] = o.default_value;  // "" when there is none
  j["required"] = o.required;
  if (o.default_value.empty() && !o.unset.empty()) j["unset"] = o.unset;  // what happens without it
  j["choices"] = o.choices;
  nlohmann::ordered_json aliases = nlohmann::ordered_json::object();
  for (const auto& [spelling, value] : o.aliases) aliases[spelling] = value;
  j["aliases"] = aliases;
  j["minimum"] = o.minimum ? nlohmann::ordered_json(*o.minimum) : nlohmann::ordered_json(nullptr);
  j["maximum"] = o.maximum ? nlohmann::ordered_json(*o.maximum) : nlohmann::ordered_json(nullptr);
  j["description"] = o.description;
  return j;
}

}  // namespace

int run_scorers(int argc, char** argv) {
  CLI::App app{
      "trenchcoat scorers: the scorers `trenchcoat score --scorer NAME[:key=value,...]` accepts: the fields each\n"
      "one reads (candidate, references, source, prompt, alternative), which way its scores point, whether it\n"
      "scores one candidate (pointwise) or prefers one of two (pairwise), and every option with its type\n"
      "(string, path, integer, number, boolean, choice), allowed values or range, default (or \"required\")\n"
      "and meaning. Option names are hyphenated (smooth-method, not smooth_method).\n"
      "\n"
      "Examples:\n"
      "  trenchcoat scorers\n"
      "  trenchcoat scorers -f json\n",
      "trenchcoat scorers"};
  std::string format = "text";
  app.add_option("-f,--format", format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat scorers")) return 0;

  std::vector<ScorerListing> listings;
  for (const auto& entry : registry::scorer_registry()) listings.push_back(listing_of(entry));

  std::string out;
  if (format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& l : listings) {
      nlohmann::ordered_json s;
      s["name"] = l.name;
      s["description"] = l.description;
      if (!l.unbuilt.empty()) s["needs_options"] = l.unbuilt;
      s["inputs"] = l.inputs;
      s["direction"] = l.direction;
      s["kind"] = l.kind;
      s["options"] = nlohmann::ordered_json::array();
      for (const auto& o : l.options) s["options"].push_back(option_json(o));
      j.push_back(s);
    }
    out = j.dump(2) + "\n";
  } else {
    io::TextTable table{{"scorer", "inputs", "better", "kind", "description"},
                        {io::Align::left, io::Align::left, io::Align::left, io::Align::left, io::Align::left},
                        {}};
    for (const auto& l : listings)
      table.rows.push_back({l.name, join(l.inputs, ", "), l.direction, l.kind, l.description});
    out = io::render_table(table, io::TableStyle::fancy_grid) + "\n";
    for (const auto& l : listings)
      if (!l.unbuilt.empty())
        out += l.name + ": inputs, direction and kind depend on its options (" + l.unbuilt + ")\n";
    out += "\noptions (NAME:key=value,...; as=COLUMN names the output column):\n";
    for (const auto& l : listings) {
      if (l.options.empty()) continue;
      out += "  " + l.name + "\n";
      for (const auto& o : l.options) out += option_line(o);
    }
    // A build configured without judges or neural scorers says which scorers it lacks and why.
    for (const auto& l : registry::left_out_scorers())
      out += "\nnot in this build: " + l.name + " (configured with -D" + l.option + "=OFF)";
    if (!registry::left_out_scorers().empty()) out += "\n";
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli

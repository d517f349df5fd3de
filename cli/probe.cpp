// trenchcoat probe: does a scorer prefer a good output to a deliberately worse variant of it?
// (truncation, shuffles, repetition, padding, negation, numbers, entities,
// untranslated source, sycophancy, formatting, empty answers).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "scorer_spec.hpp"
#include "subcommands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/bootstrap_mean.hpp"
#include "trenchcoat/probes/probe.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat probe: make a worse variant of every good output with each probe, score original and variant\n"
    "with each scorer, and report how often the scorer fails to prefer the original.\n"
    "\n"
    "Data: as `trenchcoat score` reads it (JSONL, JSON, TSV, CSV; --fields maps columns). The good output is the\n"
    "candidate of pointwise rows (e.g. a reference translation in the mt column, scored against another\n"
    "reference) or the chosen completion of preference rows. The source (translation) and prompt (dialogue) are\n"
    "passed to the probes and the scorers. --language (or a 'language' / 'lang' column, or an 'lp' column such as\n"
    "en-de, whose target side is taken) tells language-specific probes the output's language.\n"
    "\n"
    "Probes (--probes, comma-separated; default all):\n"
    "%PROBES%"
    "A probe that does not apply to an item (no number to change, no rules for its language, no source) skips it;\n"
    "skips are counted per reason, never counted as passes.\n"
    "\n"
    "Per probe and scorer: failure rate = share of items whose variant scores at least as well as the original\n"
    "(by the scorer's direction; for a pairwise scorer, P(variant preferred over original) >= 1/2), the mean\n"
    "score shift (variant - original, in the scorer's units; pairwise: P - 1/2), and percentile bootstrap\n"
    "intervals of both (items resampled, --bootstrap resamples, --seed). Items a scorer could not score (NaN\n"
    "with an issue) are counted as unscored and left out of its figures.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat probe --data refs.tsv --scorer bleu --scorer chrf --scorer ter --scorer length --language de -f "
    "text\n"
    "  trenchcoat probe --data pairs.jsonl --scorer 'rm:path=models/deberta-rm' --probes "
    "sycophancy,format-only,empty\n";

std::string description() {
  std::string list;
  for (const auto& name : probes::probe_names()) {
    const auto probe = probes::make_probe(name);
    std::string line = "  " + name;
    line.resize(std::max<std::size_t>(line.size() + 1, 23), ' ');
    line += probe->info().description;
    if (!probe->info().languages.empty()) line += " [" + join_comma_list(probe->info().languages, ", ") + "]";
    if (probe->info().needs_source) line += " [translation data]";
    list += line + "\n";
  }
  std::string text = kDescription;
  text.replace(text.find("%PROBES%"), 8, list);
  return text;
}

// The output language of a row: --language, else a language / lang column, else the target of an lp column.
std::string row_language(const io::DatasetRow& row, const std::string& fixed, const std::string& field) {
  if (!fixed.empty()) return fixed;
  auto text_of = [&](const std::string& name) -> std::string {
    const auto it = row.value.find(name);
    return it != row.value.end() && it->is_string() ? it->get<std::string>() : "";
  };
  if (!field.empty()) return text_of(field);
  for (const char* name : {"language", "lang"})
    if (auto v = text_of(name); !v.empty()) return v;
  const std::string lp = text_of("lp");
  const std::size_t dash = lp.find('-');
  return dash == std::string::npos ? "" : lp.substr(dash + 1);
}

struct ScorerRun {
  ScorerSpec spec;
  std::unique_ptr<scoring::Scorer> scorer;
  std::vector<double> original;  // per item (pointwise scorers); NaN where unscored
};

// Scores items with a scorer; NaN for items with an issue. Errors name the scorer.
std::vector<double> score_items(const ScorerRun& run, const std::vector<scoring::Item>& items,
                                const std::string& what) {
  if (items.empty()) return {};
  scoring::ScoreResult result;
  try {
    result = run.scorer->score(items);
  } catch (const Error& e) {
    throw Error("scorer '" + run.spec.column + "' on " + what + ": " + e.what());
  }
  if (result.item_scores.size() != items.size())
    throw Error("scorer '" + run.spec.column + "' gave " + std::to_string(result.item_scores.size()) + " scores for " +
                std::to_string(items.size()) + " items");
  for (const auto& issue : result.issues)
    if (issue.item < items.size()) result.item_scores[issue.item] = std::nan("");
  return result.item_scores;
}

struct ProbeScore {
  std::string scorer;
  std::size_t items = 0, unscored = 0, failures = 0;
  meta::MeanInterval failure_rate, shift;
  double mean_original = 0, mean_variant = 0;
};

struct ProbeReport {
  std::string name, description;
  std::size_t applicable = 0;
  std::map<std::string, std::size_t> skipped;  // reason -> items
  std::vector<ProbeScore> scores;
};

nlohmann::ordered_json interval_json(const meta::MeanInterval& m) { return {m.interval.lower, m.interval.upper}; }

}  // namespace

int run_probe(int argc, char** argv) {
  CLI::App app{description(), "trenchcoat probe"};
  std::string data, fields_spec, probes_arg, language, language_field, variants_path, format = "json";
  std::vector<std::string> scorer_args;
  std::uint64_t seed = 0;
  std::size_t bootstrap = 1000;
  double confidence = 0.95;
  bool overwrite = false;
  app.add_option("--data", data, "The dataset: .jsonl (.gz), .json, .tsv or .csv")->required();
  app.add_option("--scorer", scorer_args, "NAME[:key=value,...], repeatable (see `trenchcoat scorers`)")
      ->required()
      ->expected(1, -1);
  app.add_option("--probes", probes_arg, "Probes to run, comma-separated (default: all)");
  app.add_option("--seed", seed, "Seed of the probes' random choices and of the bootstrap")->capture_default_str();
  app.add_option("--language", language, "The outputs' language (ISO 639-1, e.g. en, de, zh) for every row");
  app.add_option("--language-field", language_field, "Column holding each row's output language");
  app.add_option("--fields", fields_spec, "Column names: NAME=COLUMN,... as for `trenchcoat score`");
  app.add_option("--bootstrap", bootstrap, "Bootstrap resamples for the intervals")->capture_default_str();
  app.add_option("--confidence", confidence, "Confidence level of the intervals")->capture_default_str();
  app.add_option("--variants", variants_path,
                 "Also write every variant (JSON Lines: probe, line, id, original, variant)");
  app.add_flag("--overwrite", overwrite, "Replace an existing --variants file (never the --data file)");
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat probe")) return 0;
  if (bootstrap == 0) throw ExitError(2, "--bootstrap must be at least 1");
  if (!(confidence > 0 && confidence < 1)) throw ExitError(2, "--confidence must lie between 0 and 1");
  io::check_output_files({variants_path}, {{"--data", data}}, overwrite);  // before any work

  std::vector<std::unique_ptr<probes::Probe>> probe_list;
  try {
    for (const auto& name : probes_arg.empty() ? probes::probe_names() : split_comma_list(probes_arg))
      probe_list.push_back(probes::make_probe(name));
  } catch (const Error& e) {
    throw ExitError(2, std::string("--probes: ") + e.what());
  }
  if (probe_list.empty()) throw ExitError(2, "--probes names no probe");

  const io::Dataset dataset = io::read_dataset(data);
  if (dataset.rows.empty()) throw ExitError(1, Error(dataset.name, 0, "no rows"));
  const auto layout = scoring::detect_layout(dataset, scoring::parse_field_overrides(fields_spec));
  std::vector<scoring::Item> originals;
  std::vector<std::string> languages;
  for (const auto& row : dataset.rows) {
    scoring::Item item = scoring::map_row(dataset, row, layout).chosen;
    item.alternative.clear();
    originals.push_back(std::move(item));
    languages.push_back(row_language(row, language, language_field));
  }
  auto available = layout.available_fields();
  available.push_back("alternative");  // a pairwise scorer compares the variant with its original

  std::vector<ScorerRun> runs;
  for (const auto& arg : scorer_args) {
    ScorerRun run{parse_scorer_spec(arg), nullptr, {}};
    if (run.spec.column.empty()) run.spec.column = run.spec.name;
    run.scorer = registry::make_scorer(run.spec.name, run.spec.options);
    for (const auto& field : run.scorer->info().required_fields)
      if (std::find(available.begin(), available.end(), field) == available.end())
        throw ExitError(1, Error(dataset.name, 0,
                                 "scorer '" + run.spec.column + "' reads '" + field + "', which the data (" +
                                     layout.describe() + ") does not have"));
    if (run.scorer->info().kind == scoring::ScorerKind::pointwise)
      run.original = score_items(run, originals, "the originals");
    runs.push_back(std::move(run));
  }

  std::vector<ProbeReport> reports;
  std::string variants_text;
  for (std::size_t p = 0; p < probe_list.size(); ++p) {
    const auto& probe = *probe_list[p];
    ProbeReport report{probe.info().name, probe.info().description, 0, {}, {}};
    std::vector<std::size_t> rows;
    std::vector<scoring::Item> variants;
    for (std::size_t i = 0; i < originals.size(); ++i) {
      const probes::ProbeInput input{originals[i].candidate, originals[i].source, originals[i].prompt, languages[i]};
      const probes::ProbeOutcome outcome = probe.apply(input, probes::probe_item_seed(seed, report.name, i));
      if (!outcome.variant) {
        ++report.skipped[outcome.skip_reason.empty() ? "not applicable" : outcome.skip_reason];
        continue;
      }
      rows.push_back(i);
      scoring::Item variant = originals[i];
      variant.candidate = *outcome.variant;
      variants.push_back(std::move(variant));
      if (!variants_path.empty()) {
        nlohmann::ordered_json v = {{"probe", report.name},
                                    {"line", dataset.rows[i].line},
                                    {"id", originals[i].id},
                                    {"original", originals[i].candidate},
                                    {"variant", *outcome.variant}};
        variants_text += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
      }
    }
    report.applicable = rows.size();
    for (const auto& run : runs) {
      ProbeScore score{run.spec.column, 0, 0, 0, {}, {}, 0, 0};
      const bool pairwise = run.scorer->info().kind == scoring::ScorerKind::pairwise;
      const double sign = run.scorer->info().direction == scoring::Direction::higher_is_better ? 1.0 : -1.0;
      std::vector<scoring::Item> batch = variants;
      if (pairwise)
        for (std::size_t k = 0; k < batch.size(); ++k) batch[k].alternative = originals[rows[k]].candidate;
      const std::vector<double> variant_scores = score_items(run, batch, "the " + report.name + " variants");
      std::vector<double> failed, shift;
      double sum_original = 0, sum_variant = 0;
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const double original = pairwise ? 0.5 : run.original[rows[k]];
        const double variant = variant_scores[k];
        if (!std::isfinite(original) || !std::isfinite(variant)) {
          ++score.unscored;
          continue;
        }
        const bool fail = sign * (variant - original) >= 0.0;
        failed.push_back(fail ? 1.0 : 0.0);
        shift.push_back(variant - original);
        score.failures += fail ? 1 : 0;
        sum_original += original;
        sum_variant += variant;
      }
      score.items = failed.size();
      if (!failed.empty()) {
        const auto intervals = meta::bootstrap_mean_intervals({failed, shift}, bootstrap, confidence, seed);
        score.failure_rate = intervals[0];
        score.shift = intervals[1];
        score.mean_original = sum_original / static_cast<double>(failed.size());
        score.mean_variant = sum_variant / static_cast<double>(failed.size());
      }
      report.scores.push_back(score);
    }
    reports.push_back(std::move(report));
  }
  if (!variants_path.empty()) io::write_file_atomically(variants_path, variants_text);

  if (format == "json") {
    nlohmann::ordered_json out;
    out["data"] = dataset.name;
    out["layout"] = layout.describe();
    out["items"] = originals.size();
    out["seed"] = seed;
    out["bootstrap"] = {
        {"resamples", bootstrap}, {"confidence", confidence}, {"method", "percentile, items resampled"}};
    out["failure"] =
        "the variant scores at least as well as the original (pairwise scorers: P(variant preferred) >= 1/2)";
    out["scorers"] = nlohmann::ordered_json::array();
    for (const auto& run : runs)
      out["scorers"].push_back(
          {{"name", run.spec.column},
           {"signature", run.scorer->signature()},
           {"direction", run.scorer->info().direction == scoring::Direction::higher_is_better ? "higher is better"
                                                                                              : "lower is better"},
           {"kind", run.scorer->info().kind == scoring::ScorerKind::pairwise ? "pairwise" : "pointwise"}});
    out["probes"] = nlohmann::ordered_json::array();
    for (const auto& r : reports) {
      nlohmann::ordered_json pj = {{"probe", r.name}, {"description", r.description}, {"applicable", r.applicable}};
      pj["skipped"] = nlohmann::ordered_json::object();
      for (const auto& [reason, count] : r.skipped) pj["skipped"][reason] = count;
      pj["results"] = nlohmann::ordered_json::array();
      for (const auto& s : r.scores) {
        nlohmann::ordered_json sj = {{"scorer", s.scorer}, {"items", s.items}, {"unscored", s.unscored}};
        if (s.items > 0) {
          sj["failures"] = s.failures;
          sj["failure_rate"] = s.failure_rate.mean;
          sj["failure_rate_interval"] = interval_json(s.failure_rate);
          sj["mean_shift"] = s.shift.mean;
          sj["mean_shift_interval"] = interval_json(s.shift);
          sj["mean_original"] = s.mean_original;
          sj["mean_variant"] = s.mean_variant;
        }
        pj["results"].push_back(sj);
      }
      out["probes"].push_back(pj);
    }
    std::fputs((out.dump(2) + "\n").c_str(), stdout);
    return 0;
  }
  auto f = [](double v) { return text::format_fixed(v, 3); };
  std::string text = dataset.name + ": " + std::to_string(originals.size()) + " items (" + layout.describe() +
                     "), seed " + std::to_string(seed) +
                     "; failure = the variant scores at least as well as the original; " +
                     text::format_fixed(confidence * 100, 0) + "% bootstrap intervals over " +
                     std::to_string(bootstrap) + " resamples\n";
  io::TextTable t{{"probe", "scorer", "items", "failure rate", "interval", "mean shift", "interval"},
                  {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::left,
                   io::Align::right, io::Align::left},
                  {}};
  std::string notes;
  for (const auto& r : reports) {
    for (const auto& s : r.scores) {
      if (s.items == 0) {
        t.rows.push_back({r.name, s.scorer, "0", "", "", "", ""});
        continue;
      }
      t.rows.push_back({r.name, s.scorer,
                        std::to_string(s.items) + (s.unscored ? " (+" + std::to_string(s.unscored) + " unscored)" : ""),
                        f(s.failure_rate.mean),
                        "[" + f(s.failure_rate.interval.lower) + ", " + f(s.failure_rate.interval.upper) + "]",
                        f(s.shift.mean), "[" + f(s.shift.interval.lower) + ", " + f(s.shift.interval.upper) + "]"});
    }
    for (const auto& [reason, count] : r.skipped)
      notes += r.name + ": skipped " + std::to_string(count) + " item" + (count == 1 ? "" : "s") + ": " + reason + "\n";
  }
  text += io::render_table(t, io::TableStyle::fancy_grid) + "\n" + notes;
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace trenchcoat::cli

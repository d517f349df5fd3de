// trenchcoat meta calib: how well a scorer's scores, read as probabilities, are calibrated, before and
// after cross-fitted recalibration (temperature, Platt, isotonic).
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "score_file_inputs.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/runs/preference_rows.hpp"
#include "trenchcoat/io/row_values.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/meta/cross_fitted_calibration.hpp"
#include "trenchcoat/render/calib_render.hpp"
#include "trenchcoat/runs/calib_run.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat meta calib: calibration of a scorer read as a probability, measured out of sample.\n"
    "\n"
    "Three inputs:\n"
    "  pairs from rows (`trenchcoat score` output on preference data, or any rows with chosen/rejected scores):\n"
    "      P(chosen better) = sigmoid((s_chosen - s_rejected) / T) (Bradley-Terry); --scorer NAME, repeatable\n"
    "  pairs of systems from mt-metrics-eval score files (--gold and --metric NAME=FILE, as `meta corr`): for each\n"
    "      segment every pair of systems, the human preference from the gold scores (equal gold: a tie)\n"
    "  pointwise rows: --score FIELD read as P(label = 1) against --label FIELD (0/1, true/false, or a number\n"
    "      made binary with --threshold X: label = [value >= X])\n"
    "Pairs are symmetrised (each pair also counts as its mirror: score -d, label 1 - y), so the order of a pair\n"
    "does not matter. A human tie is the label 1/2 (--ties half: the Bradley-Terry reading of a tie) or is left\n"
    "out (--ties drop); the count is reported either way. A missing scorer score (null in rows, None in a metric\n"
    "file: e.g. a judge that failed) is an error unless --missing drop (the pair or row is left out) or --missing\n"
    "tie (pairs only: the scorer is read as having no preference, difference 0); the count is reported.\n"
    "\n"
    "Methods: raw (pairs: sigmoid(d), i.e. T = 1; pointwise: the score itself when it lies in [0, 1]),\n"
    "temperature (sigmoid(d / T)), platt (1 / (1 + exp(A d + B))), isotonic (PAVA, linear between knots). Each\n"
    "recalibration is cross-fitted: samples are dealt into --folds folds by group (a segment's pairs, a row's\n"
    "pair, or --group-field), each fold's probabilities come from a map fitted on the other folds; the map fitted\n"
    "on all samples is reported too. Metrics: ECE with B equal-width bins, right-closed (bin 0 = [0, 1/B],\n"
    "bin k = (k/B, (k+1)/B], sklearn's 'uniform'), ECE with equal-mass bins (numpy array_split of the sorted\n"
    "probabilities, a boundary never splitting equal probabilities: a constant predictor fills one bin), MCE,\n"
    "RMSCE, Brier with its Murphy decomposition (reliability REL, resolution RES, uncertainty UNC over the\n"
    "equal-width bins: Brier = REL - RES + UNC + within-bin spread), the base rate (mean label), the ROC AUC\n"
    "(Mann-Whitney, ties 1/2: discrimination, which ECE cannot see: a constant predictor at the base rate has\n"
    "ECE 0, RES 0 and AUC 0.5), log loss (p clipped to [2.2e-16, 1 - 2.2e-16]), and the reliability diagram (bin\n"
    "edges, counts, mean confidence, mean label), overall and per subset. Temperature scaling has no offset:\n"
    "when scores rank the labels rightly but sit on the wrong side of 0 for the base rate, it says 'offset'\n"
    "and Platt scaling (which fits one) is the method to read.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat meta calib --data scored.jsonl --scorer rm -f text\n"
    "  trenchcoat meta calib --gold human-scores/en-de.mqm.seg.score --metric "
    "BLEU=metric-scores/en-de/BLEU-refA.seg.score \\\n"
    "      --metric TER=metric-scores/en-de/TER-refA.seg.score --exclude refA -f text\n"
    "  trenchcoat meta calib --data qags.jsonl --score factcc --label faithful --group-field article_id\n";

struct PointwiseFields {
  std::string score, label, group, subset;
  std::optional<double> threshold;
  meta::MissingPolicy missing = meta::MissingPolicy::error;  // error or drop (tie is refused for pointwise rows)
};

meta::CalibrationData read_pointwise(const std::string& path, const PointwiseFields& f) {
  const io::Dataset dataset = io::read_dataset(path);
  if (dataset.rows.empty()) throw ExitError(1, Error(dataset.name, 0, "no rows"));
  meta::CalibrationData data;
  data.reading = meta::CalibrationReading::pointwise;
  data.missing_policy = f.missing;
  std::map<std::string, std::size_t> group_ids;
  for (std::size_t r = 0; r < dataset.rows.size(); ++r) {
    const auto& row = dataset.rows[r];
    const auto score = io::row_number(dataset, row, f.score, {.allow_missing = true, .allow_bool = false});
    if (!score) {
      if (f.missing == meta::MissingPolicy::error)
        throw ExitError(1, Error(dataset.name, row.line,
                                 "'" + f.score +
                                     "' is missing (null): give --missing drop to "
                                     "leave such rows out"));
      ++data.missing_scores;
      continue;
    }
    data.scores.push_back(*score);
    double label = *io::row_number(dataset, row, f.label, {.allow_missing = false, .allow_bool = true});
    if (f.threshold) {
      label = label >= *f.threshold ? 1.0 : 0.0;
    } else if (!(label >= 0.0 && label <= 1.0)) {
      throw ExitError(1, Error(dataset.name, row.line,
                               "label '" + f.label + "' = " + text::python_float_repr(label) +
                                   " is not in [0, 1] (give --threshold to make it binary)"));
    }
    data.labels.push_back(label);
    if (f.group.empty()) {
      data.groups.push_back(r);
    } else {
      const auto [it, added] = group_ids.emplace(io::row_text(row, f.group), group_ids.size());
      data.groups.push_back(it->second);
    }
    data.subsets.push_back(f.subset.empty() ? "" : io::row_text(row, f.subset));
  }
  return data;
}

}  // namespace

int run_meta_calib(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat meta calib"};
  std::string data, gold_path, systems_arg, exclude_arg, methods_arg = "raw,temperature,platt,isotonic",
                                                         ties_name = "half", format = "json";
  std::vector<std::string> scorers, metric_args;
  runs::PreferenceFields fields;
  PointwiseFields pointwise;
  double threshold = 0;
  bool reliability = false;
  std::string direction = "higher";
  const meta::CalibrationStudyOptions defaults;
  std::size_t folds = defaults.folds, bins = defaults.bins;
  std::uint64_t seed = defaults.seed;
  app.add_option("--data", data,
                 "Rows: scored preference pairs, or pointwise rows with --score and --label (JSONL, JSON, TSV, CSV)");
  app.add_option("--scorer", scorers,
                 "Pairs: the scorer column NAME (NAME.chosen / NAME.rejected of `trenchcoat score`), repeatable");
  app.add_option("--chosen", fields.chosen, "Pairs: field of the chosen score (with --rejected)");
  app.add_option("--rejected", fields.rejected, "Pairs: field of the rejected score");
  app.add_option("--tie-field", fields.tie, "Pairs: boolean field, true when the human calls the pair a tie")
      ->capture_default_str();
  app.add_option("--subset-field", fields.subset, "Field naming the subset (results per subset)")
      ->capture_default_str();
  app.add_option("--direction", direction,
                 "Pairs from rows: higher or lower (lower-is-better scores, e.g. TER: differences are negated)")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->capture_default_str();
  app.add_option("--gold", gold_path,
                 "mt-metrics-eval human scores (e.g. human-scores/en-de.mqm.seg.score): pairs of systems per segment");
  app.add_option(
      "--metric", metric_args,
      "With --gold: NAME=FILE, repeatable (higher-is-better files, as mt-metrics-eval's; TER files hold -TER)");
  app.add_option("--systems", systems_arg, "With --gold: only these systems, comma-separated");
  app.add_option("--exclude", exclude_arg, "With --gold: leave out these systems (e.g. the reference scored against)");
  std::string documents_path, subset_by = "domain";
  app.add_option("--documents", documents_path,
                 "With --gold: documents/LP.docs ('DOMAIN DOCNAME' per segment): results per subset");
  app.add_option("--subset-by", subset_by, "With --documents: domain or document")
      ->check(CLI::IsMember({"domain", "document"}))
      ->capture_default_str();
  app.add_option("--score", pointwise.score, "Pointwise: the score field, read as P(label = 1)");
  app.add_option("--label", pointwise.label,
                 "Pointwise: the human label field (0/1, true/false, or a number with --threshold)");
  auto* threshold_option = app.add_option("--threshold", threshold, "Pointwise: label = [value >= X]");
  app.add_option("--group-field", pointwise.group,
                 "Pointwise: rows with the same value stay in one fold (e.g. the document)");
  app.add_option("--ties", ties_name, "Human ties in pairs: half (label 1/2) or drop")
      ->check(CLI::IsMember({"half", "drop"}))
      ->capture_default_str();
  app.add_option("--method", methods_arg, "Methods, comma-separated: raw, temperature, platt, isotonic")
      ->capture_default_str();
  app.add_option("--folds", folds, "Cross-fitting folds (at least 2)")->capture_default_str();
  app.add_option("--seed", seed, "Seed of the fold assignment")->capture_default_str();
  app.add_option("--bins", bins, "Bins of the ECE and the reliability diagram")->capture_default_str();
  std::string missing_name = "error";
  app.add_option("--missing", missing_name,
                 "A missing (null / None) scorer score: error; drop (the pair or row is left out); tie (pairs only: "
                 "the scorer has no preference, score difference 0, P = 1/2); the count is reported")
      ->capture_default_str();
  app.add_flag("--reliability", reliability, "Text format: print the reliability-diagram bins of every method");
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta calib")) return 0;

  const bool lower_is_better = direction == "lower";
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  try {
    missing = meta::parse_missing_policy(missing_name);
  } catch (const Error& e) {
    throw ExitError(2, std::string("--missing: ") + e.what());
  }
  runs::CalibRequest request;
  meta::CalibrationStudyOptions& options = request.options;
  options.folds = folds;
  options.seed = seed;
  options.bins = bins;
  if (options.folds < 2) throw ExitError(2, "--folds must be at least 2");
  if (options.bins < 1) throw ExitError(2, "--bins must be at least 1");
  options.methods.clear();
  for (const auto& name : split_comma_list(methods_arg)) {
    try {
      options.methods.push_back(meta::parse_recalibration_method(name));
    } catch (const Error& e) {
      throw ExitError(2, std::string("--method: ") + e.what());
    }
  }
  if (options.methods.empty()) throw ExitError(2, "--method names no method");
  const auto ties = ties_name == "drop" ? meta::TieHandling::drop : meta::TieHandling::half;
  request.ties = ties;
  runs::CalibInput& input = request.input;
  const bool from_gold = !gold_path.empty(), from_pointwise = !pointwise.label.empty() || !pointwise.score.empty();
  if (from_gold && from_pointwise)
    throw ExitError(2, "give either --gold with --metric, or --data with --score and --label, or --data with pairs");
  if (from_gold) {
    if (!data.empty()) throw ExitError(2, "--gold reads score files: --data does not apply");
    if (metric_args.empty()) throw ExitError(2, "--gold needs at least one --metric NAME=FILE");
    const GoldAndMetrics inputs = read_gold_and_metrics(gold_path, metric_args, systems_arg, exclude_arg, missing);
    input.kind = runs::CalibInput::Kind::system_pairs;
    input.gold = gold_path;
    input.systems = inputs.gold.systems();
    input.items = inputs.gold.num_items();
    input.systems_without_gold = inputs.without_gold;
    std::vector<std::string> subset_of_item;
    if (!documents_path.empty()) {
      const io::TextLines docs = io::read_text_lines(documents_path);
      if (docs.size() != inputs.gold.num_items())
        throw ExitError(1, Error(documents_path, 0,
                                 std::to_string(docs.size()) + " lines, but the score files have " +
                                     std::to_string(inputs.gold.num_items()) + " segments"));
      for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string line(docs[i]);
        const std::size_t space = line.find_first_of(" \t");
        if (space == std::string::npos || space == 0 || space + 1 >= line.size())
          throw ExitError(1, Error(documents_path, i + 1, "expected 'DOMAIN DOCNAME'"));
        subset_of_item.push_back(subset_by == "domain" ? line.substr(0, space) : line.substr(space + 1));
      }
      input.subsets_from = documents_path + " (" + subset_by + ")";
    }
    for (const auto& m : inputs.metrics) {
      runs::CalibScorerData s{m.name, {}};
      try {
        s.data = meta::calibration_pairs_from_tables(m.table, inputs.gold, ties, subset_of_item, missing);
      } catch (const Error& e) {
        throw ExitError(1, Error(m.path, 0, e.what()));
      }
      request.scorers.push_back(std::move(s));
    }
  } else {
    if (data.empty()) throw ExitError(2, "--data is required (or --gold with --metric)");
    if (!metric_args.empty() || !systems_arg.empty() || !exclude_arg.empty() || !documents_path.empty())
      throw ExitError(2, "--metric, --systems, --exclude and --documents go with --gold");
    if (from_pointwise) {
      if (pointwise.score.empty() || pointwise.label.empty())
        throw ExitError(2, "pointwise data needs both --score and --label");
      if (!scorers.empty() || !fields.chosen.empty() || lower_is_better)
        throw ExitError(2, "--scorer, --chosen and --direction are for pairs, not pointwise rows");
      if (threshold_option->count() > 0) pointwise.threshold = threshold;
      if (missing == meta::MissingPolicy::tie)
        throw ExitError(2,
                        "--missing tie is for pairs (no preference: difference 0); a pointwise score has nothing to "
                        "tie with: use --missing drop");
      pointwise.missing = missing;
      pointwise.subset = fields.subset;
      input.kind = runs::CalibInput::Kind::pointwise;
      input.data = data;
      input.score = pointwise.score;
      input.label = pointwise.label;
      input.threshold = pointwise.threshold;
      input.group_field = pointwise.group;
      request.scorers.push_back({pointwise.score, read_pointwise(data, pointwise)});
    } else {
      input.kind = runs::CalibInput::Kind::preference_pairs;
      input.data = data;
      input.lower_is_better = lower_is_better;
      std::vector<std::string> names = scorers;
      if (names.empty()) names.push_back("");
      for (const auto& name : names) {
        runs::PreferenceFields f = fields;
        f.scorer = name;
        f.subset_required = false;
        f.allow_missing_scores = true;  // nulls go to the --missing policy, which names the flag on error
        const auto examples = runs::read_preference_rows(data, f);
        try {
          request.scorers.push_back({name.empty() ? "scores" : name, meta::calibration_pairs_from_preferences(
                                                                         examples, ties, lower_is_better, missing)});
        } catch (const Error& e) {
          throw ExitError(1, Error(data, 0, e.what()));
        }
      }
    }
  }
  const runs::CalibResult result = runs::run_calib(std::move(request));
  print_result(
      format, [&] { return render::calib_json(result); }, [&] { return render::calib_document(result, reliability); },
      &json_output);
  return 0;
}

}  // namespace trenchcoat::cli

// trenchcoat meta calib: how well a scorer's scores, read as probabilities, are calibrated, before and
// after cross-fitted recalibration (temperature, Platt, isotonic).
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "score_file_inputs.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/runs/preference_rows.hpp"
#include "trenchcoat/io/row_values.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/meta/cross_fitted_calibration.hpp"
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

nlohmann::ordered_json metrics_json(const meta::CalibrationMetrics& m) {
  nlohmann::ordered_json j;
  j["samples"] = m.samples;
  j["ece"] = m.ece;
  j["ece_equal_mass"] = m.ece_equal_mass;
  j["mce"] = m.mce;
  j["rmsce"] = m.rmsce;
  j["brier"] = m.brier;
  j["brier_decomposition"] = {{"reliability", m.brier_parts.reliability},
                              {"resolution", m.brier_parts.resolution},
                              {"uncertainty", m.brier_parts.uncertainty},
                              {"within_bin", m.brier_parts.within_bin}};
  j["base_rate"] = m.base_rate;
  j["auc"] = m.auc ? nlohmann::ordered_json(*m.auc) : nlohmann::ordered_json();
  j["log_loss"] = m.log_loss;
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (const auto& b : m.reliability.bins)
    bins.push_back({{"index", b.index},
                    {"lower", b.lower},
                    {"upper", b.upper},
                    {"count", b.count},
                    {"confidence", b.confidence},
                    {"accuracy", b.accuracy}});
  j["reliability"] = {{"edges", m.reliability.edges}, {"counts", m.reliability.counts}, {"bins", bins}};
  if (m.top_label) {
    nlohmann::ordered_json tbins = nlohmann::ordered_json::array();
    for (const auto& b : m.top_label->diagram.bins)
      tbins.push_back({{"index", b.index},
                       {"lower", b.lower},
                       {"upper", b.upper},
                       {"count", b.count},
                       {"confidence", b.confidence},
                       {"accuracy", b.accuracy}});
    j["top_label"] = {
        {"ece", m.top_label->ece}, {"mce", m.top_label->mce}, {"rmsce", m.top_label->rmsce}, {"bins", tbins}};
  }
  return j;
}

nlohmann::ordered_json parameters_json(meta::RecalibrationMethod method, const meta::RecalibrationParameters& p) {
  switch (method) {
    case meta::RecalibrationMethod::temperature:
      return {{"temperature", p.temperature}};
    case meta::RecalibrationMethod::platt:
      return {{"a", p.a}, {"b", p.b}};
    case meta::RecalibrationMethod::isotonic:
      return {{"knots", p.knots}};
    case meta::RecalibrationMethod::raw:
      break;
  }
  return nlohmann::ordered_json::object();
}

std::string parameters_text(meta::RecalibrationMethod method, const meta::RecalibrationParameters& p) {
  switch (method) {
    case meta::RecalibrationMethod::temperature:
      return "T = " + text::format_fixed(p.temperature, 4);
    case meta::RecalibrationMethod::platt:
      return "A = " + text::format_fixed(p.a, 4) + ", B = " + text::format_fixed(p.b, 4);
    case meta::RecalibrationMethod::isotonic:
      return std::to_string(p.knots) + " knots";
    case meta::RecalibrationMethod::raw:
      break;
  }
  return "";
}

struct ScorerStudy {
  std::string name;
  meta::CalibrationData data;
  meta::CalibrationStudy study;
};

nlohmann::ordered_json study_json(const ScorerStudy& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j[s.study.reading == meta::CalibrationReading::pairwise ? "pairs" : "samples"] = s.study.units;
  j["groups"] = s.study.groups;
  j["folds"] = s.study.folds;
  j["labels"] = {{"positive", s.study.positives}, {"negative", s.study.negatives}, {"soft", s.study.ties}};
  if (s.study.reading == meta::CalibrationReading::pairwise)
    j["ties"] = {{"count", s.data.ties}, {"dropped", s.data.dropped_ties}};
  if (s.data.missing > 0) j["pairs_without_gold"] = s.data.missing;
  j["missing_scores"] = {{"policy", meta::missing_policy_name(s.data.missing_policy)},
                         {"count", s.data.missing_scores}};
  j["methods"] = nlohmann::ordered_json::array();
  for (const auto& m : s.study.methods) {
    nlohmann::ordered_json mj;
    mj["method"] = meta::recalibration_method_name(m.method);
    mj["measured"] = m.measured;
    if (!m.reason.empty()) mj["reason"] = m.reason;
    if (!m.note.empty()) mj["note"] = m.note;
    if (m.fit_on_all) mj["fit_on_all"] = parameters_json(m.method, *m.fit_on_all);
    if (!m.fold_fits.empty()) {
      mj["fold_fits"] = nlohmann::ordered_json::array();
      for (const auto& f : m.fold_fits) mj["fold_fits"].push_back(parameters_json(m.method, f));
    }
    if (m.measured) {
      mj["overall"] = metrics_json(m.overall);
      if (!m.subsets.empty()) {
        mj["subsets"] = nlohmann::ordered_json::object();
        for (const auto& [name, metrics] : m.subsets)
          mj["subsets"][name.empty() ? "(none)" : name] = metrics_json(metrics);
      }
    }
    j["methods"].push_back(mj);
  }
  return j;
}

std::string study_text(const ScorerStudy& s, bool reliability) {
  const auto& st = s.study;
  const bool pairs = st.reading == meta::CalibrationReading::pairwise;
  std::string out = "== " + s.name + ": " + std::to_string(st.units) + (pairs ? " pairs" : " samples") + " (" +
                    std::to_string(st.positives) + " labelled 1, " + std::to_string(st.negatives) + " labelled 0, " +
                    std::to_string(st.ties) + " soft)";
  if (pairs)
    out +=
        ", " + std::to_string(s.data.ties) + " human ties" + (s.data.dropped_ties > 0 ? " (dropped)" : " (label 1/2)");
  if (s.data.missing > 0) out += ", " + std::to_string(s.data.missing) + " pairs without a gold score skipped";
  out += "; " + std::to_string(st.folds) + " folds over " + std::to_string(st.groups) + " groups\n";
  if (s.data.missing_scores > 0)
    out +=
        std::to_string(s.data.missing_scores) + (pairs ? " pairs" : " rows") + " with a missing score: " +
        (s.data.missing_policy == meta::MissingPolicy::drop ? "dropped (--missing drop)"
                                                            : "read as no preference, difference 0 (--missing tie)") +
        "\n";
  for (const auto& m : st.methods)
    if (m.measured) {
      out += "base rate (mean label" + std::string(pairs ? ", symmetrised: always 1/2" : "") + ") " +
             text::format_fixed(m.overall.base_rate, 4) + "\n";
      break;
    }
  io::TextTable t{
      {"method", "fit on all", "ECE", "ECE (mass)", "MCE", "RMSCE", "Brier", "REL", "RES", "UNC", "AUC", "log loss"},
      {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right,
       io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
      {}};
  bool top_label = false;
  for (const auto& m : st.methods) top_label = top_label || (m.measured && m.overall.top_label);
  if (top_label) {
    t.headers.push_back("top-label ECE");
    t.aligns.push_back(io::Align::right);
  }
  std::string notes;
  for (const auto& m : st.methods) {
    const std::string name = meta::recalibration_method_name(m.method);
    if (!m.measured) {
      notes += name + ": not measured: " + m.reason + "\n";
      continue;
    }
    if (!m.reason.empty()) notes += name + ": " + m.reason + "\n";
    if (!m.note.empty()) notes += name + ": " + m.note + "\n";
    const auto& o = m.overall;
    auto f = [](double v) { return text::format_fixed(v, 4); };
    t.rows.push_back({name, m.fit_on_all ? parameters_text(m.method, *m.fit_on_all) : "", f(o.ece), f(o.ece_equal_mass),
                      f(o.mce), f(o.rmsce), f(o.brier), f(o.brier_parts.reliability), f(o.brier_parts.resolution),
                      f(o.brier_parts.uncertainty), o.auc ? f(*o.auc) : "n/a", f(o.log_loss)});
    if (top_label) t.rows.back().push_back(o.top_label ? f(o.top_label->ece) : "");
  }
  out += io::render_table(t, io::TableStyle::fancy_grid) + "\n" +
         "REL - RES + UNC = Brier (Murphy; equal-width bins, within-bin spread in the JSON); AUC: ROC AUC, ties 1/2\n" +
         notes;
  bool has_subsets = false;
  for (const auto& m : st.methods) has_subsets = has_subsets || !m.subsets.empty();
  if (has_subsets) {
    io::TextTable sub{
        {"subset", "method", "samples", "ECE", "Brier", "log loss"},
        {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
        {}};
    for (const auto& m : st.methods)
      for (const auto& [name, o] : m.subsets)
        sub.rows.push_back({name.empty() ? "(none)" : name, meta::recalibration_method_name(m.method),
                            std::to_string(o.samples), text::format_fixed(o.ece, 4), text::format_fixed(o.brier, 4),
                            text::format_fixed(o.log_loss, 4)});
    out += io::render_table(sub, io::TableStyle::fancy_grid) + "\n";
  }
  if (reliability)
    for (const auto& m : st.methods) {
      if (!m.measured) continue;
      out += "reliability, " + meta::recalibration_method_name(m.method) + ":\n";
      io::TextTable r{{"bin", "count", "confidence", "accuracy", "gap"},
                      {io::Align::left, io::Align::right, io::Align::right, io::Align::right, io::Align::right},
                      {}};
      for (const auto& b : m.overall.reliability.bins)
        r.rows.push_back(
            {(b.index == 0 ? "[" : "(") + text::format_fixed(b.lower, 2) + ", " + text::format_fixed(b.upper, 2) + "]",
             std::to_string(b.count), text::format_fixed(b.confidence, 4), text::format_fixed(b.accuracy, 4),
             text::format_fixed(b.accuracy - b.confidence, 4)});
      out += io::render_table(r, io::TableStyle::fancy_grid) + "\n";
    }
  return out;
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
  meta::CalibrationStudyOptions options;
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
  app.add_option("--folds", options.folds, "Cross-fitting folds (at least 2)")->capture_default_str();
  app.add_option("--seed", options.seed, "Seed of the fold assignment")->capture_default_str();
  app.add_option("--bins", options.bins, "Bins of the ECE and the reliability diagram")->capture_default_str();
  std::string missing_name = "error";
  app.add_option("--missing", missing_name,
                 "A missing (null / None) scorer score: error; drop (the pair or row is left out); tie (pairs only: "
                 "the scorer has no preference, score difference 0, P = 1/2); the count is reported")
      ->capture_default_str();
  app.add_flag("--reliability", reliability, "Text format: print the reliability-diagram bins of every method");
  app.add_option("-f,--format", format, "json or text")->check(CLI::IsMember({"json", "text"}))->capture_default_str();
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta calib")) return 0;

  const bool lower_is_better = direction == "lower";
  meta::MissingPolicy missing = meta::MissingPolicy::error;
  try {
    missing = meta::parse_missing_policy(missing_name);
  } catch (const Error& e) {
    throw ExitError(2, std::string("--missing: ") + e.what());
  }
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

  std::vector<ScorerStudy> studies;
  nlohmann::ordered_json input;
  const bool from_gold = !gold_path.empty(), from_pointwise = !pointwise.label.empty() || !pointwise.score.empty();
  if (from_gold && from_pointwise)
    throw ExitError(2, "give either --gold with --metric, or --data with --score and --label, or --data with pairs");
  if (from_gold) {
    if (!data.empty()) throw ExitError(2, "--gold reads score files: --data does not apply");
    if (metric_args.empty()) throw ExitError(2, "--gold needs at least one --metric NAME=FILE");
    const GoldAndMetrics inputs = read_gold_and_metrics(gold_path, metric_args, systems_arg, exclude_arg, missing);
    input = {{"kind", "system pairs per segment (mt-metrics-eval score files)"},
             {"gold", gold_path},
             {"systems", inputs.gold.systems()},
             {"items", inputs.gold.num_items()}};
    if (!inputs.without_gold.empty()) input["systems_without_gold"] = inputs.without_gold;
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
      input["subsets_from"] = documents_path + " (" + subset_by + ")";
    }
    for (const auto& m : inputs.metrics) {
      ScorerStudy s{m.name, {}, {}};
      try {
        s.data = meta::calibration_pairs_from_tables(m.table, inputs.gold, ties, subset_of_item, missing);
      } catch (const Error& e) {
        throw ExitError(1, Error(m.path, 0, e.what()));
      }
      studies.push_back(std::move(s));
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
      input = {{"kind", "pointwise"}, {"data", data}, {"score", pointwise.score}, {"label", pointwise.label}};
      if (pointwise.threshold) input["threshold"] = *pointwise.threshold;
      if (!pointwise.group.empty()) input["group_field"] = pointwise.group;
      studies.push_back({pointwise.score, read_pointwise(data, pointwise), {}});
    } else {
      input = {{"kind", "preference pairs"}, {"data", data}, {"lower_is_better", lower_is_better}};
      std::vector<std::string> names = scorers;
      if (names.empty()) names.push_back("");
      for (const auto& name : names) {
        runs::PreferenceFields f = fields;
        f.scorer = name;
        f.subset_required = false;
        f.allow_missing_scores = true;  // nulls go to the --missing policy, which names the flag on error
        const auto examples = runs::read_preference_rows(data, f);
        try {
          studies.push_back({name.empty() ? "scores" : name,
                             meta::calibration_pairs_from_preferences(examples, ties, lower_is_better, missing),
                             {}});
        } catch (const Error& e) {
          throw ExitError(1, Error(data, 0, e.what()));
        }
      }
    }
  }
  for (auto& s : studies) {
    if (s.data.scores.empty())
      throw ExitError(
          1, s.name + ": no samples to calibrate" + (s.data.dropped_ties > 0 ? " (every pair is a tie, dropped)" : ""));
    s.study = meta::study_calibration(s.data, options);
  }

  const bool pairs = studies.front().data.reading == meta::CalibrationReading::pairwise;
  const std::string tie_meaning = ties == meta::TieHandling::half
                                      ? "a human tie is the label 1/2 (both orders equally likely under Bradley-Terry)"
                                      : "human ties are left out";
  const std::string binning =
      "equal width, right-closed: bin 0 = [0, 1/B], bin k = (k/B, (k+1)/B] (sklearn 'uniform'); "
      "ece_equal_mass: B chunks of the sorted probabilities (numpy array_split), each boundary "
      "moved past equal probabilities so that tied values share a bin";
  if (format == "json") {
    nlohmann::ordered_json out;
    out["input"] = input;
    out["reading"] = pairs ? "pairwise: P(a better than b) = sigmoid((s_a - s_b) / T), pairs symmetrised"
                           : "pointwise: the score read as P(label = 1)";
    if (pairs) out["ties"] = {{"handling", ties_name}, {"meaning", tie_meaning}};
    out["folds"] = options.folds;
    out["seed"] = options.seed;
    out["bins"] = options.bins;
    out["binning"] = binning;
    out["log_loss_clip"] = meta::kLogLossEpsAuto;
    out["scorers"] = nlohmann::ordered_json::array();
    for (const auto& s : studies) out["scorers"].push_back(study_json(s));
    std::fputs((out.dump(2) + "\n").c_str(), stdout);
  } else {
    std::string text =
        std::string(pairs ? "pairwise: P(a better than b) = sigmoid((s_a - s_b) / T), pairs symmetrised; "
                          : "pointwise: score read as P(label = 1); ") +
        (pairs ? tie_meaning + "; " : "") + std::to_string(options.folds) + "-fold cross-fitting, seed " +
        std::to_string(options.seed) + "; " + std::to_string(options.bins) + " bins, " + binning + "\n";
    for (const auto& s : studies) text += study_text(s, reliability);
    std::fputs(text.c_str(), stdout);
  }
  return 0;
}

}  // namespace trenchcoat::cli

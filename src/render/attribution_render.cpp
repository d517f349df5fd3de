#include "trenchcoat/render/attribution_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

using nlohmann::ordered_json;

constexpr const char* kDash = "-";

std::string number(double x) { return text::format_fixed(x, 3); }

std::string with_interval(const meta::LabelStatistic& s) {
  if (!s.value) return kDash;
  std::string out = number(*s.value);
  if (s.interval) out += " [" + number(s.interval->lower) + ", " + number(s.interval->upper) + "]";
  return out;
}

ordered_json optional_number(const std::optional<double>& x) { return x ? ordered_json(*x) : ordered_json(); }

ordered_json statistic_json(const meta::LabelStatistic& s) {
  ordered_json j;
  j["value"] = optional_number(s.value);
  j["low"] = s.interval ? ordered_json(s.interval->lower) : ordered_json();
  j["high"] = s.interval ? ordered_json(s.interval->upper) : ordered_json();
  j["undefined_resamples"] = s.undefined_draws;
  if (!s.reason.empty()) j["reason"] = s.reason;
  return j;
}

// A threshold in the scorer's own units (the study's are oriented: negated for lower-is-better).
ordered_json threshold_json(double oriented, bool lower_is_better) {
  if (!std::isfinite(oriented)) return ordered_json();
  return lower_is_better ? -oriented : oriented;
}

// 95 for 0.95, 99.9 for 0.999: the level as people write it.
std::string percent(double level) {
  std::string s = text::python_float_repr(level * 100.0);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

// A threshold shown with four significant digits (JSON keeps the exact value).
std::string short_number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

}  // namespace

std::string attribution_threshold_rule(const runs::AttributionScorer& scorer) {
  if (scorer.spec.empty()) return "";
  const double t = scorer.agreement.threshold;
  if (t == -INFINITY) return "every summary attributable";
  if (t == INFINITY) return "no summary attributable";
  return scorer.lower_is_better ? "score <= " + short_number(-t) : "score >= " + short_number(t);
}

io::TextTable attribution_table(const runs::AttributionResult& result) {
  const std::string level = percent(result.options.confidence_level) + "%";
  io::TextTable t{{"scorer", "family", "ROC AUC [" + level + "]", "Pearson [" + level + "]",
                   "balanced accuracy [" + level + "]", "threshold", "n", "positives"},
                  {io::Align::left, io::Align::left, io::Align::right, io::Align::right, io::Align::right,
                   io::Align::left, io::Align::right, io::Align::right},
                  {}};
  for (const auto& s : result.scorers)
    t.rows.push_back({s.name, s.family, with_interval(s.agreement.auc), with_interval(s.agreement.pearson),
                      with_interval(s.agreement.balanced_accuracy),
                      s.spec.empty() ? kDash : attribution_threshold_rule(s), std::to_string(result.items),
                      std::to_string(result.positives)});
  for (const auto& p : result.published)
    t.rows.push_back({p.name, p.family, p.auc ? number(*p.auc) : kDash, p.pearson ? number(*p.pearson) : kDash, kDash,
                      kDash, "test set", kDash});
  return t;
}

nlohmann::ordered_json attribution_json(const runs::AttributionResult& result) {
  const io::AttributionData& d = result.data;
  ordered_json j;
  j["kind"] = "reproduce attribution";
  j["data"] = {{"file", d.name},
               {"format", io::attribution_format_name(d.format)},
               {"article_field", d.article_field},
               {"summary_field", d.summary_field},
               {"label_field", d.label_field},
               {"id_field", d.id_field},
               {"label_rule", d.label_rule},
               {"rows", d.rows},
               {"unsure", d.unsure},
               {"unlabelled", d.unlabelled},
               {"joined_articles", d.joined_articles},
               {"unscored_dropped", result.unscored_dropped}};
  j["items"] = result.items;
  j["positives"] = result.positives;
  j["bootstrap"] = {{"resamples", result.options.resamples},
                    {"confidence", result.options.confidence_level},
                    {"seed", result.options.seed}};
  j["folds"] = result.options.folds;
  j["reference"] = result.reference ? ordered_json(*result.reference) : ordered_json();
  ordered_json scorers = ordered_json::array();
  for (const auto& s : result.scorers) {
    ordered_json e;
    e["name"] = s.name;
    e["family"] = s.family;
    e["spec"] = s.spec.empty() ? ordered_json() : ordered_json(s.spec);
    e["signature"] = s.signature.empty() ? ordered_json() : ordered_json(s.signature);
    e["lower_is_better"] = s.lower_is_better;
    e["auc"] = statistic_json(s.agreement.auc);
    e["pearson"] = statistic_json(s.agreement.pearson);
    e["balanced_accuracy"] = statistic_json(s.agreement.balanced_accuracy);
    if (s.pearson_with_human_score) e["pearson_with_human_score"] = *s.pearson_with_human_score;
    e["threshold"] = s.spec.empty() ? ordered_json() : threshold_json(s.agreement.threshold, s.lower_is_better);
    e["threshold_rule"] = s.spec.empty() ? ordered_json() : ordered_json(attribution_threshold_rule(s));
    ordered_json folds = ordered_json::array();
    for (const double t : s.agreement.fold_thresholds) folds.push_back(threshold_json(t, s.lower_is_better));
    e["fold_thresholds"] = folds;
    if (s.agreement.auc_difference) {
      const auto& a = *s.agreement.auc_difference;
      e["auc_difference"] = {{"against", result.reference ? *result.reference : std::string()},
                             {"value", a.value},
                             {"low", a.interval.lower},
                             {"high", a.interval.upper},
                             {"p_value", a.p_value}};
    } else {
      e["auc_difference"] = nullptr;
    }
    scorers.push_back(std::move(e));
  }
  j["scorers"] = scorers;
  ordered_json published = ordered_json::array();
  for (const auto& p : result.published)
    published.push_back({{"name", p.name},
                         {"family", p.family},
                         {"pearson", optional_number(p.pearson)},
                         {"auc", optional_number(p.auc)}});
  j["published"] = published;
  j["published_note"] = result.published_note.empty() ? ordered_json() : ordered_json(result.published_note);

  // Figures, drawn from the same table and results.
  const io::TextTable table = attribution_table(result);
  ordered_json rows = ordered_json::array();
  for (const auto& r : table.rows) rows.push_back(r);
  ordered_json table_figure = {{"type", "table"},
                               {"title", "Attribution: agreement with human labels (" + d.name + ")"},
                               {"columns", table.headers},
                               {"rows", rows}};
  if (!result.published_note.empty()) table_figure["note"] = result.published_note;
  ordered_json categories = ordered_json::array(), values = ordered_json::array(), low = ordered_json::array(),
               high = ordered_json::array();
  for (const auto& s : result.scorers) {
    categories.push_back(s.name);
    values.push_back(optional_number(s.agreement.auc.value));
    low.push_back(s.agreement.auc.interval ? ordered_json(s.agreement.auc.interval->lower) : ordered_json());
    high.push_back(s.agreement.auc.interval ? ordered_json(s.agreement.auc.interval->upper) : ordered_json());
  }
  for (const auto& p : result.published) {
    categories.push_back(p.name);
    values.push_back(optional_number(p.auc));
    low.push_back(nullptr);
    high.push_back(nullptr);
  }
  ordered_json bars = {
      {"type", "bars"},
      {"title",
       "ROC AUC per scorer, " + percent(result.options.confidence_level) + "% bootstrap intervals (0.5 = chance)"},
      {"y_label", "ROC AUC"},
      {"categories", categories},
      {"series", ordered_json::array({{{"name", "ROC AUC"}, {"values", values}, {"low", low}, {"high", high}}})},
      {"reference_line", 0.5}};
  j["figures"] = ordered_json::array({table_figure, bars});
  return j;
}

Document attribution_document(const runs::AttributionResult& result) {
  const io::AttributionData& d = result.data;
  Document doc;
  std::string left_out;
  if (d.unsure) left_out += ", " + std::to_string(d.unsure) + " Unsure left out";
  if (d.unlabelled) left_out += ", " + std::to_string(d.unlabelled) + " unlabelled left out";
  if (result.unscored_dropped) left_out += ", " + std::to_string(result.unscored_dropped) + " unscored left out";
  doc.line("Attribution: " + d.name + " (" + io::attribution_format_name(d.format) + ", " + std::to_string(d.rows) +
           " rows" + left_out + "): " + std::to_string(result.items) + " summaries, " +
           std::to_string(result.positives) + " attributable");
  doc.line("Label: " + d.label_rule);
  if (d.joined_articles) doc.line("Articles joined on '" + d.id_field + "': " + std::to_string(d.joined_articles));
  doc.line("Intervals: percentile bootstrap, " + std::to_string(result.options.resamples) + " resamples, seed " +
           std::to_string(result.options.seed) + "; balanced accuracy at a threshold cross-fitted over " +
           std::to_string(result.options.folds) + " folds (the threshold shown is fitted on all summaries)");
  doc.line("");
  doc.table(attribution_table(result));
  if (!result.published_note.empty()) doc.line(result.published_note);
  if (result.reference) {
    io::TextTable diff{
        {"scorer", "ROC AUC - " + *result.reference + " [" + percent(result.options.confidence_level) + "%]",
         "p (difference <= 0)"},
        {io::Align::left, io::Align::right, io::Align::right},
        {}};
    for (const auto& s : result.scorers)
      if (s.agreement.auc_difference) {
        const auto& a = *s.agreement.auc_difference;
        diff.rows.push_back({s.name,
                             text::format_fixed(a.value, 3) + " [" + text::format_fixed(a.interval.lower, 3) + ", " +
                                 text::format_fixed(a.interval.upper, 3) + "]",
                             text::format_fixed(a.p_value, 3)});
      }
    if (!diff.rows.empty()) {
      doc.line("");
      doc.line("Paired bootstrap: ROC AUC of each scorer minus " + *result.reference + "'s");
      doc.table(std::move(diff));
    }
  }
  std::string human;
  for (const auto& s : result.scorers)
    if (s.pearson_with_human_score)
      human += (human.empty() ? "" : ", ") + s.name + " " + text::format_fixed(*s.pearson_with_human_score, 3);
  if (!human.empty())
    doc.line("Pearson with the summary's share of faithful sentences (QAGS's human score; no interval): " + human);
  for (const auto& s : result.scorers) {
    for (const auto* st : {&s.agreement.auc, &s.agreement.pearson, &s.agreement.balanced_accuracy}) {
      if (!st->reason.empty() && s.spec.empty()) continue;  // the majority baseline's undefined Pearson is expected
      if (!st->reason.empty()) doc.line("note: " + s.name + ": " + st->reason);
    }
    const std::size_t undefined = std::max({s.agreement.auc.undefined_draws, s.agreement.pearson.undefined_draws,
                                            s.agreement.balanced_accuracy.undefined_draws});
    if (undefined > 0)
      doc.line("note: " + s.name + ": " + std::to_string(undefined) +
               " resamples left out of an interval (a single class or constant scores)");
  }
  return doc;
}

}  // namespace trenchcoat::render

#include "trenchcoat/runs/attribution_run.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/correlation.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/runs/request_error.hpp"
#include "trenchcoat/scoring/scorer.hpp"

namespace trenchcoat::runs {
namespace {

constexpr std::size_t kBatch = 256;

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct ScorerRun {
  AttributionScorer shown;
  std::unique_ptr<scoring::Scorer> scorer;  // null: the majority baseline
  std::vector<double> scores;               // oriented: higher = more likely attributable
};

// One scorer's scores of every item, oriented by its direction; NaN where it gave an issue.
std::vector<double> score_all(const ScorerRun& run, const std::vector<scoring::Item>& items, Progress& progress) {
  std::vector<double> out;
  out.reserve(items.size());
  const double sign = run.shown.lower_is_better ? -1.0 : 1.0;
  progress.start("scoring with " + run.shown.name, items.size(), "items");
  std::atomic<std::size_t> done{0};
  for (std::size_t start = 0; start < items.size(); start += kBatch) {
    const std::span<const scoring::Item> batch(items.data() + start, std::min(kBatch, items.size() - start));
    scoring::ScoreResult result;
    try {
      result = run.scorer->score_with_progress(batch, [&](std::size_t finished) { progress.set(done += finished); });
    } catch (const Error& e) {
      progress.finish();
      throw Error(e.file(), e.line(), "scorer '" + run.shown.name + "': " + e.what());
    }
    if (result.item_scores.size() != batch.size())
      throw Error("scorer '" + run.shown.name + "' gave " + std::to_string(result.item_scores.size()) + " scores for " +
                  std::to_string(batch.size()) + " items");
    for (const auto& issue : result.issues)
      if (issue.item < batch.size()) result.item_scores[issue.item] = std::nan("");
    for (const double s : result.item_scores) out.push_back(std::isfinite(s) ? sign * s : std::nan(""));
  }
  progress.finish();
  return out;
}

}  // namespace

std::string scorer_family(const std::string& name) {
  const std::string n = lower_ascii(name);
  if (n == "judge") return "judge";
  if (n == "bleu" || n == "sentbleu" || n == "chrf" || n == "chrf++" || n == "ter" || n == "rouge") return "lexical";
  if (n == "length") return "baseline";
  return "dedicated metric";
}

std::vector<PublishedAttributionRow> seahorse_published_rows() {
  // The SEAHORSE README's leaderboard (google-research-datasets/seahorse, commit d57af43), question 4
  // (attribution), Pearson / ROC AUC on the test set. The majority class has no Pearson (constant).
  return {
      {"mT5-seahorse (published)", "dedicated metric", 0.59, 0.85},
      {"mT5-XNLI (published)", "NLI", 0.43, 0.78},
      {"ROUGE-L (published)", "lexical", 0.13, 0.55},
      {"majority class (published)", "baseline", std::nullopt, 0.5},
  };
}

AttributionResult run_attribution(const AttributionRequest& request, Progress& progress) {
  AttributionResult result;
  result.data = io::read_attribution_data(request.data, request.format, request.fields);
  io::AttributionData& data = result.data;
  if (data.examples.empty())
    throw RequestError(request.data + ": no labelled summary (" + std::to_string(data.rows) + " rows, " +
                       std::to_string(data.unsure) + " Unsure, " + std::to_string(data.unlabelled) + " unlabelled)");

  std::vector<scoring::Item> items;
  items.reserve(data.examples.size());
  for (const auto& e : data.examples) {
    scoring::Item item;
    item.candidate = e.summary;
    item.source = e.article;
    item.prompt = e.article;
    item.references = {e.article};
    item.id = e.id;
    items.push_back(std::move(item));
  }

  std::vector<ScorerRun> runs;
  bool has_length = false;
  for (const auto& spec : request.scorers) {
    ScorerRun run;
    run.shown.name = spec.column.empty() ? spec.name : spec.column;
    for (const auto& other : runs)
      if (other.shown.name == run.shown.name)
        throw RequestError("two scorers are shown as '" + run.shown.name + "': name one with as=COLUMN");
    run.shown.spec = registry::format_scorer_spec(spec);
    run.scorer = registry::make_scorer(spec.name, spec.options);
    if (run.scorer->info().kind == scoring::ScorerKind::pairwise)
      throw RequestError("scorer '" + run.shown.name + "' is pairwise; attribution needs a pointwise scorer");
    run.shown.family = scorer_family(spec.name);
    run.shown.signature = run.scorer->signature();
    run.shown.lower_is_better = run.scorer->info().direction == scoring::Direction::lower_is_better;
    has_length |= lower_ascii(spec.name) == "length";
    runs.push_back(std::move(run));
  }
  const std::size_t given = runs.size();
  if (request.length_baseline && !has_length) {
    ScorerRun run;
    run.shown.name = "length";
    run.shown.spec = "length";
    run.scorer = registry::make_scorer("length");
    run.shown.family = "baseline";
    run.shown.signature = run.scorer->signature();
    runs.push_back(std::move(run));
  }
  for (const auto& [column, family] : request.families) {
    const auto it = std::find_if(runs.begin(), runs.end(), [&](const ScorerRun& r) { return r.shown.name == column; });
    if (it == runs.end()) throw RequestError("--family names '" + column + "', which is no scorer's column");
    it->shown.family = family;
  }
  for (auto& run : runs) run.scores = score_all(run, items, progress);

  // Items some scorer could not score.
  std::vector<bool> keep(items.size(), true);
  for (const auto& run : runs)
    for (std::size_t i = 0; i < items.size(); ++i)
      if (std::isnan(run.scores[i])) {
        if (!request.drop_unscored)
          throw Error(data.name, data.examples[i].line,
                      "scorer '" + run.shown.name +
                          "' gave no score for this summary (give --missing drop to leave "
                          "such summaries out for every scorer)");
        keep[i] = false;
      }
  std::vector<double> labels;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (keep[i]) labels.push_back(data.examples[i].label);
    else ++result.unscored_dropped;
  if (labels.size() < 2) throw RequestError("fewer than two scored summaries are left");

  if (request.majority_baseline) {
    ScorerRun run;
    run.shown.name = "majority class";
    run.shown.family = "baseline";
    run.scores.assign(items.size(), 0.0);
    runs.push_back(std::move(run));
  }
  std::vector<std::vector<double>> series;
  for (const auto& run : runs) {
    std::vector<double> kept;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (keep[i]) kept.push_back(run.scores[i]);
    series.push_back(std::move(kept));
  }
  meta::BinaryLabelOptions options = request.options;
  options.reference = given > 0 ? std::optional<std::size_t>(0) : std::nullopt;
  if (given > 0) result.reference = runs.front().shown.name;
  const meta::BinaryLabelStudy study = meta::study_binary_labels(series, labels, options);
  result.items = study.items;
  result.positives = study.positives;
  result.options = study.options;
  std::vector<double> human_scores;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (keep[i] && data.examples[i].human_score) human_scores.push_back(*data.examples[i].human_score);
  const bool with_human_scores = human_scores.size() == labels.size();
  for (std::size_t s = 0; s < runs.size(); ++s) {
    runs[s].shown.agreement = study.scorers[s];
    if (with_human_scores) {
      const double r = meta::pearson(series[s], human_scores).statistic;
      if (std::isfinite(r)) runs[s].shown.pearson_with_human_score = r;
    }
    result.scorers.push_back(std::move(runs[s].shown));
  }
  if (data.format == io::AttributionFormat::seahorse && data.label_field == "question4") {
    result.published = seahorse_published_rows();
    result.published_note =
        "published: SEAHORSE leaderboard, question 4 (attribution), on the SEAHORSE test set (README of "
        "google-research-datasets/seahorse, commit d57af43); not comparable with results on other splits";
  }
  for (auto& e : data.examples) {
    e.article.clear();
    e.summary.clear();
  }
  return result;
}

}  // namespace trenchcoat::runs

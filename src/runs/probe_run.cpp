#include "trenchcoat/runs/probe_run.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/probes/probe.hpp"
#include "trenchcoat/runs/request_error.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace trenchcoat::runs {
namespace {

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
  ProbeScorerSpec spec;
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

}  // namespace

ProbeResult run_probe(const ProbeRequest& q) {
  if (q.bootstrap == 0) throw RequestError("--bootstrap must be at least 1");
  if (!(q.confidence > 0 && q.confidence < 1)) throw RequestError("--confidence must lie between 0 and 1");
  std::vector<std::unique_ptr<probes::Probe>> probe_list;
  try {
    for (const auto& name : q.probes.empty() ? probes::probe_names() : q.probes)
      probe_list.push_back(probes::make_probe(name));
  } catch (const Error& e) {
    throw RequestError(std::string("--probes: ") + e.what());
  }
  if (probe_list.empty()) throw RequestError("--probes names no probe");
  ProbeResult result;
  const io::Dataset dataset = io::read_dataset(q.data);
  if (dataset.rows.empty()) throw Error(dataset.name, 0, "no rows");
  const auto layout = scoring::detect_layout(dataset, scoring::parse_field_overrides(q.fields));
  std::vector<scoring::Item> originals;
  std::vector<std::string> languages;
  for (const auto& row : dataset.rows) {
    scoring::Item item = scoring::map_row(dataset, row, layout).chosen;
    item.alternative.clear();
    originals.push_back(std::move(item));
    languages.push_back(row_language(row, q.language, q.language_field));
  }
  auto available = layout.available_fields();
  available.push_back("alternative");  // a pairwise scorer compares the variant with its original

  std::vector<ScorerRun> scorer_runs;
  for (const auto& spec : q.scorers) {
    ScorerRun run{spec, nullptr, {}};
    if (run.spec.column.empty()) run.spec.column = run.spec.name;
    run.scorer = registry::make_scorer(run.spec.name, run.spec.options);
    for (const auto& field : run.scorer->info().required_fields)
      if (std::find(available.begin(), available.end(), field) == available.end())
        throw Error(dataset.name, 0,
                    "scorer '" + run.spec.column + "' reads '" + field + "', which the data (" + layout.describe() +
                        ") does not have");
    if (run.scorer->info().kind == scoring::ScorerKind::pointwise)
      run.original = score_items(run, originals, "the originals");
    scorer_runs.push_back(std::move(run));
  }

  for (std::size_t p = 0; p < probe_list.size(); ++p) {
    const auto& probe = *probe_list[p];
    ProbeReport report{probe.info().name, probe.info().description, 0, {}, {}};
    std::vector<std::size_t> rows;
    std::vector<scoring::Item> variants;
    for (std::size_t i = 0; i < originals.size(); ++i) {
      const probes::ProbeInput input{originals[i].candidate, originals[i].source, originals[i].prompt, languages[i]};
      const probes::ProbeOutcome outcome = probe.apply(input, probes::probe_item_seed(q.seed, report.name, i));
      if (!outcome.variant) {
        ++report.skipped[outcome.skip_reason.empty() ? "not applicable" : outcome.skip_reason];
        continue;
      }
      rows.push_back(i);
      scoring::Item variant = originals[i];
      variant.candidate = *outcome.variant;
      variants.push_back(std::move(variant));
      if (q.keep_variants)
        result.variants.push_back(
            {report.name, dataset.rows[i].line, originals[i].id, originals[i].candidate, *outcome.variant});
    }
    report.applicable = rows.size();
    for (const auto& run : scorer_runs) {
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
        const auto intervals = meta::bootstrap_mean_intervals({failed, shift}, q.bootstrap, q.confidence, q.seed);
        score.failure_rate = intervals[0];
        score.shift = intervals[1];
        score.mean_original = sum_original / static_cast<double>(failed.size());
        score.mean_variant = sum_variant / static_cast<double>(failed.size());
      }
      report.scores.push_back(score);
    }
    result.probes.push_back(std::move(report));
  }
  result.data = dataset.name;
  result.layout = layout.describe();
  result.items = originals.size();
  result.seed = q.seed;
  result.bootstrap = q.bootstrap;
  result.confidence = q.confidence;
  for (const auto& run : scorer_runs)
    result.scorers.push_back({run.spec.column, run.scorer->signature(),
                              run.scorer->info().direction == scoring::Direction::higher_is_better,
                              run.scorer->info().kind == scoring::ScorerKind::pairwise});
  return result;
}

}  // namespace trenchcoat::runs

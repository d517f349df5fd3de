#include "trenchcoat/runs/reproduce_translation.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/m_rewardbench_translation.hpp"
#include "trenchcoat/meta/bootstrap_mean.hpp"
#include "trenchcoat/meta/calibration_data.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/runs/calib_run.hpp"
#include "trenchcoat/runs/pairs_run.hpp"
#include "trenchcoat/runs/preference_rows.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::runs {
namespace {

using json = nlohmann::ordered_json;

// English names of the language codes of the WMT and MAPLE directions; other codes stay codes.
std::string language_name(const std::string& code) {
  static const std::map<std::string, std::string> names = {
      {"en", "English"},  {"de", "German"},    {"zh", "Chinese"}, {"ja", "Japanese"},  {"ru", "Russian"},
      {"cs", "Czech"},    {"fr", "French"},    {"es", "Spanish"}, {"he", "Hebrew"},    {"uk", "Ukrainian"},
      {"pl", "Polish"},   {"ta", "Tamil"},     {"km", "Khmer"},   {"ps", "Pashto"},    {"iu", "Inuktitut"},
      {"hr", "Croatian"}, {"is", "Icelandic"}, {"ha", "Hausa"},   {"liv", "Livonian"}, {"sah", "Yakut"}};
  const auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string make_prompt(const std::string& pattern, const std::string& direction, const std::string& source) {
  const std::size_t dash = direction.find('-');
  const std::string from = dash == std::string::npos ? direction : direction.substr(0, dash);
  const std::string to = dash == std::string::npos ? direction : direction.substr(dash + 1);
  std::string out = pattern;
  replace_all(out, "{source_language}", language_name(from));
  replace_all(out, "{target_language}", language_name(to));
  replace_all(out, "{source}", source);
  return out;
}

std::string subset_name(const std::string& difficulty, const std::string& direction) {
  return "translation-" + difficulty + "-" + direction;
}

// A directory of its own under the system's temporary directory, removed with everything in it.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "trenchcoat-reproduce-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw Error(pattern, 0, "cannot create a temporary directory");
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  std::string file(const std::string& name) const { return (std::filesystem::path(path_) / name).string(); }

 private:
  std::string path_;
};

struct PairRows {
  std::vector<json> rows;
  std::vector<TranslationDirection> directions;
  std::vector<std::string> subsets;
};

void add_rated_direction(PairRows& out, TranslationInputKind kind, const io::RatedTranslations& rated,
                         const ReproduceTranslationRequest& request) {
  const meta::TranslationPairSet set = meta::build_translation_pairs(rated.segments, rated.direction, request.pairs);
  TranslationDirection d;
  d.direction = rated.direction;
  d.kind = kind;
  d.origin = rated.origin;
  d.reference_system = rated.reference_system;
  d.human_systems_left_out = rated.human_systems_left_out;
  d.candidates = rated.candidates;
  d.segments = set.segments;
  d.segments_without_reference = rated.segments_without_reference;
  d.too_few_outputs = set.too_few_outputs;
  d.easy_eligible = set.easy_eligible;
  d.hard_eligible = set.hard_eligible;
  d.easy = set.easy.size();
  d.hard = set.hard.size();
  for (const auto* pairs : {&set.easy, &set.hard}) {
    for (const auto& p : *pairs) {
      const meta::RatedSegment& s = rated.segments[p.segment];
      const std::string difficulty = meta::pair_difficulty_name(p.difficulty);
      json row;
      row["id"] = rated.direction + "-" + difficulty + "-" + s.id;
      row["subset"] = subset_name(difficulty, rated.direction);
      row["direction"] = rated.direction;
      row["difficulty"] = difficulty;
      row["segment"] = s.id;
      row["prompt"] = make_prompt(request.prompt_template, rated.direction, s.source);
      row["source"] = s.source;
      if (!rated.reference_system.empty()) row["reference"] = s.reference;
      row["chosen"] = s.outputs[p.chosen].text;
      row["rejected"] = s.outputs[p.rejected].text;
      row["chosen_system"] = s.outputs[p.chosen].system;
      row["rejected_system"] = s.outputs[p.rejected].system;
      row["chosen_human_score"] = s.outputs[p.chosen].score + 0.0;  // + 0.0: MQM's -0 written as 0
      row["rejected_human_score"] = s.outputs[p.rejected].score + 0.0;
      out.rows.push_back(std::move(row));
    }
  }
  out.subsets.push_back(subset_name("easy", rated.direction));
  out.subsets.push_back(subset_name("hard", rated.direction));
  out.directions.push_back(std::move(d));
}

void add_m_rewardbench(PairRows& out, const std::string& path) {
  const auto rows = io::read_m_rewardbench_translation(path);
  std::vector<std::string> directions;  // M-RewardBench's column order first, then others as they come
  for (const auto& d : published_m_rewardbench_directions())
    for (const auto& r : rows)
      if (r.direction == d) {
        directions.push_back(d);
        break;
      }
  for (const auto& r : rows)
    if (std::find(directions.begin(), directions.end(), r.direction) == directions.end())
      directions.push_back(r.direction);
  for (const auto& direction : directions) {
    TranslationDirection d;
    d.direction = direction;
    d.kind = TranslationInputKind::m_rewardbench;
    d.origin = path + " (M-RewardBench translation rows)";
    bool has_reference = true;
    for (const auto& r : rows)
      if (r.direction == direction) has_reference = has_reference && !r.reference.empty();
    for (const char* difficulty : {"easy", "hard"}) {
      for (const auto& r : rows) {
        if (r.direction != direction || r.difficulty != difficulty) continue;
        json row;
        row["id"] = r.id;
        row["subset"] = subset_name(difficulty, direction);
        row["direction"] = direction;
        row["difficulty"] = difficulty;
        row["line"] = r.line;
        row["prompt"] = r.prompt;
        row["source"] = r.source;
        if (has_reference) row["reference"] = r.reference;
        row["chosen"] = r.chosen;
        row["rejected"] = r.rejected;
        out.rows.push_back(std::move(row));
        ++(std::string(difficulty) == "easy" ? d.easy : d.hard);
        d.source_from_prompt = d.source_from_prompt || r.source_from_prompt;
      }
      out.subsets.push_back(subset_name(difficulty, direction));
    }
    if (has_reference) d.reference_system = "reference";
    out.directions.push_back(std::move(d));
  }
}

std::size_t tie_count(const std::vector<meta::PreferenceExample>& examples, const std::string& subset) {
  std::size_t ties = 0;
  for (const auto& e : examples)
    if ((subset.empty() || e.subset == subset) && e.scores.size() == 2 && e.scores[0] == e.scores[1]) ++ties;
  return ties;
}

}  // namespace

std::string translation_input_kind_name(TranslationInputKind kind) {
  switch (kind) {
    case TranslationInputKind::mqm_tsv:
      return "mqm";
    case TranslationInputKind::mtme:
      return "mtme";
    case TranslationInputKind::maple:
      return "maple";
    case TranslationInputKind::m_rewardbench:
      return "m-rewardbench";
  }
  return "";
}

// M-RewardBench (Gureja et al. 2025, arXiv 2410.15522), Table 4 ("Top ten reward models based on their
// performance in the translation task") and the translation columns of Table 10, accuracy in %; Avg is
// the mean of the eight cells.
std::vector<PublishedTranslationRow> published_m_rewardbench_translation_rows() {
  return {
      {"GPT-4o (gpt-4o-2024-08-06, generative)", 82.5, {87.0, 95.0, 91.0, 98.0}, {71.0, 61.0, 77.0, 80.0}},
      {"GPT-4 Turbo (2024-04-09, generative)", 82.2, {87.0, 95.0, 94.0, 97.0}, {62.5, 66.0, 72.0, 84.0}},
      {"Eurus RM 7B", 80.0, {85.0, 91.0, 92.0, 96.0}, {59.0, 61.0, 74.0, 82.0}},
      {"URM LLaMa 3.1 8B", 79.8, {89.0, 92.0, 90.0, 94.0}, {67.0, 60.0, 72.0, 74.0}},
      {"Llama 3.1 70B", 79.1, {81.0, 93.0, 92.0, 97.0}, {56.0, 61.0, 67.5, 85.0}},
      {"BTRM Qwen 2 7B", 79.0, {81.0, 89.0, 92.0, 97.0}, {67.0, 58.0, 72.0, 76.0}},
      {"Llama 3 70B", 77.1, {80.5, 88.0, 92.0, 96.0}, {56.0, 63.0, 58.0, 83.0}},
      {"Gemma 2 9B", 76.9, {80.5, 93.0, 84.0, 97.0}, {57.5, 66.0, 52.0, 85.0}},
      {"Tulu 2.5 13B RM", 75.8, {80.0, 82.0, 88.0, 96.0}, {60.0, 55.0, 68.0, 77.0}},
      {"Aya 23 35B", 74.8, {75.0, 89.0, 84.0, 95.0}, {55.0, 66.0, 54.0, 80.0}},
      {"Command R+", 74.6, {81.0, 88.0, 83.0, 94.0}, {54.0, 66.0, 63.0, 68.0}},
      {"Mistral 7B DPO", 73.1, {77.0, 80.0, 84.0, 88.0}, {55.0, 60.0, 65.0, 76.0}},
      {"Zephyr 7B Beta", 72.8, {76.0, 79.0, 82.0, 86.0}, {55.0, 59.0, 72.0, 73.0}},
      {"Command R", 71.2, {71.0, 81.5, 80.5, 94.0}, {51.0, 60.0, 54.0, 78.0}},
      {"Tulu 2 13B DPO", 71.0, {67.0, 75.0, 77.0, 89.0}, {57.0, 61.0, 56.0, 86.0}},
      {"Aya 23 8B", 69.7, {60.0, 81.0, 79.0, 94.0}, {61.0, 58.0, 58.5, 66.0}},
      {"Llama 3.1 8B", 69.0, {73.5, 74.0, 75.5, 84.0}, {54.5, 63.5, 56.5, 70.5}},
      {"Llama 3 8B", 65.8, {70.5, 70.0, 82.5, 77.0}, {50.5, 64.5, 49.5, 62.0}},
      {"StableLM Zephyr 3B", 63.6, {66.0, 64.0, 65.0, 78.0}, {52.0, 51.0, 61.0, 72.0}},
      {"Qwen1.5 4B Chat", 60.6, {49.0, 52.0, 60.0, 86.0}, {47.0, 57.0, 59.0, 75.0}},
      {"Mistral 7B v0.3", 60.5, {65.5, 62.5, 74.0, 60.0}, {51.5, 48.5, 60.0, 62.0}},
      {"Mistral 7B v0.2", 58.5, {61.5, 59.5, 66.5, 65.5}, {47.0, 50.0, 59.0, 59.0}},
      {"Gemma 1.1 7B", 57.4, {63.0, 64.0, 68.0, 62.0}, {49.0, 50.0, 51.0, 52.0}},
  };
}

std::vector<std::string> published_m_rewardbench_directions() { return {"de-en", "en-de", "zh-en", "en-zh"}; }

ReproduceTranslationResult reproduce_translation(const ReproduceTranslationRequest& request,
                                                 const ScoreRunCallbacks& callbacks) {
  if (request.inputs.empty()) throw RequestError("no input: give --mqm, --mtme, --maple or --m-rewardbench");
  if (!(request.confidence > 0.0 && request.confidence < 1.0))
    throw RequestError("--confidence must lie strictly between 0 and 1");
  if (request.calibration.folds < 2) throw RequestError("--folds must be at least 2");
  std::vector<io::NamedInput> named_inputs;
  for (const auto& in : request.inputs) named_inputs.push_back({"--" + translation_input_kind_name(in.kind), in.path});
  io::check_output_files({request.pairs_out}, named_inputs, request.overwrite);

  // The scorers, each made once here for what it declares (direction, kind, fields), before any data work.
  std::vector<ScorerRequest> scorers = request.scorers;
  for (auto& s : scorers)
    if (s.column.empty()) s.column = registry::find_scorer(s.name).name;
  if (std::none_of(scorers.begin(), scorers.end(), [](const ScorerRequest& s) { return s.column == "length"; }))
    scorers.push_back({"length", "length", {}});
  std::set<std::string> columns;
  std::vector<scoring::ScorerInfo> infos;
  for (const auto& s : scorers) {
    if (!columns.insert(s.column).second)
      throw RequestError("two scorers write column '" + s.column + "': name one with as=COLUMN");
    infos.push_back(registry::make_scorer(s.name, s.options)->info());
  }

  ReproduceTranslationResult result;
  result.pairs = request.pairs;
  result.tie = request.tie;
  result.missing = request.missing;
  result.bootstrap = request.bootstrap;
  result.confidence = request.confidence;
  result.seed = request.seed;
  result.calibration = request.calibration;
  result.prompt_template = request.prompt_template;

  PairRows built;
  result.m_rewardbench_data = true;
  for (const auto& in : request.inputs) {
    result.m_rewardbench_data = result.m_rewardbench_data && in.kind == TranslationInputKind::m_rewardbench;
    switch (in.kind) {
      case TranslationInputKind::mqm_tsv:
        add_rated_direction(built, in.kind, io::read_mqm_rated_translations(in.path, in.direction, request.rated),
                            request);
        break;
      case TranslationInputKind::mtme:
        add_rated_direction(built, in.kind, io::read_mtme_rated_translations(in.path, in.direction, request.rated),
                            request);
        break;
      case TranslationInputKind::maple:
        for (const auto& rated : io::read_maple_rated_translations(in.path, in.direction, request.rated))
          add_rated_direction(built, in.kind, rated, request);
        break;
      case TranslationInputKind::m_rewardbench:
        add_m_rewardbench(built, in.path);
        break;
    }
  }
  std::set<std::string> seen;
  for (const auto& d : built.directions)
    if (!seen.insert(d.direction).second)
      throw RequestError("direction " + d.direction + " is given twice (each direction once)");
  if (built.rows.empty()) throw Error(request.inputs.front().path, 0, "no pair could be built from the inputs");
  for (std::size_t s = 0; s < scorers.size(); ++s) {
    const auto& fields = infos[s].required_fields;
    if (std::find(fields.begin(), fields.end(), "references") == fields.end()) continue;
    for (const auto& d : built.directions)
      if (d.reference_system.empty())
        throw RequestError("scorer " + scorers[s].column + " reads a reference, but the " + d.direction +
                           " pairs have none (" + d.origin + "): " +
                           (d.kind == TranslationInputKind::m_rewardbench
                                ? std::string("the rows have no reference field; use reference-free scorers")
                                : std::string("name a reference with --reference-system, or use reference-free "
                                              "scorers")));
  }
  result.directions = built.directions;
  result.subsets = built.subsets;

  // The pairs as rows, scored as `trenchcoat score` scores them.
  TemporaryDirectory temporary;
  const std::string unscored = temporary.file("pairs.jsonl");
  io::write_dataset_rows(unscored, built.rows, io::DatasetFormat::jsonl);
  const std::string scored = request.pairs_out.empty() ? temporary.file("scored.jsonl") : request.pairs_out;
  ScoreDatasetRequest score_request;
  score_request.data = unscored;
  score_request.data_format = io::DatasetFormat::jsonl;
  score_request.scorers = scorers;
  score_request.batch_size = request.batch_size;
  score_request.out = scored;
  score_request.out_format = io::DatasetFormat::jsonl;
  score_request.overwrite = request.overwrite;
  const ScoreDatasetResult score_result = score_dataset(score_request, callbacks);
  result.pairs_out = request.pairs_out;

  // Each scorer as `meta pairs --scheme plain` and `meta calib --scorer NAME` read it.
  std::vector<std::vector<meta::PreferenceExample>> examples;
  std::vector<double> margins;
  for (std::size_t s = 0; s < scorers.size(); ++s) {
    const bool lower = infos[s].direction == scoring::Direction::lower_is_better;
    PairsRequest pairs;
    pairs.data = scored;
    pairs.scorers = {scorers[s].column};
    pairs.fields.missing = request.missing;
    pairs.scheme = meta::PreferenceScheme::plain;
    pairs.tie = request.tie;
    pairs.bootstrap = request.bootstrap;
    pairs.confidence = request.confidence;
    pairs.seed = request.seed;
    pairs.lower_is_better = lower;
    PairsResult pr = run_pairs(pairs);
    ScorerPairsResult& r = pr.scorers.front();

    TranslationScorerResult out;
    out.column = scorers[s].column;
    out.name = scorers[s].name;
    out.signature = score_result.scorers[s].signature;
    out.lower_is_better = lower;
    out.length_baseline = scorers[s].name == "length";
    const auto& ex = r.rows.examples;
    out.overall.accuracy = r.report.score;
    out.overall.pairs = r.report.examples;
    out.overall.ties = tie_count(ex, "");
    if (r.intervals) out.overall.interval = r.intervals->overall.interval;
    double sum = 0;
    std::size_t cells = 0;
    for (const auto& name : result.subsets) {
      TranslationAccuracy a;
      a.subset = name;
      for (const auto& d : result.directions)
        for (const char* difficulty : {"easy", "hard"})
          if (subset_name(difficulty, d.direction) == name) {
            a.direction = d.direction;
            a.difficulty = difficulty;
          }
      for (const auto& sr : r.report.subsets)
        if (sr.name == name) {
          a.accuracy = sr.accuracy;
          a.pairs = sr.examples;
        }
      if (r.intervals)
        for (const auto& iv : r.intervals->subsets)
          if (iv.subset == name) a.interval = iv.interval;
      a.ties = tie_count(ex, name);
      if (a.pairs > 0) {
        sum += a.accuracy;
        ++cells;
      }
      out.subsets.push_back(std::move(a));
    }
    out.cell_mean = cells > 0 ? sum / static_cast<double>(cells) : 0.0;

    PreferenceFields f;
    f.scorer = scorers[s].column;
    f.subset_required = false;
    f.allow_missing_scores = true;
    const auto calib_examples = read_preference_rows(scored, f);
    CalibRequest calib;
    calib.input.kind = CalibInput::Kind::preference_pairs;
    calib.input.data = scored;
    calib.input.lower_is_better = lower;
    calib.ties = meta::TieHandling::half;
    calib.options = request.calibration;
    calib.scorers.push_back({scorers[s].column, meta::calibration_pairs_from_preferences(
                                                    calib_examples, meta::TieHandling::half, lower, request.missing)});
    const CalibResult cr = run_calib(std::move(calib));
    for (const auto& m : cr.scorers.front().study.methods) {
      TranslationCalibration c;
      c.method = m.method;
      c.measured = m.measured;
      c.reason = m.reason;
      c.ece = m.overall.ece;
      c.brier = m.overall.brier;
      c.auc = m.overall.auc;
      if (m.method == meta::RecalibrationMethod::temperature && m.fit_on_all) c.temperature = m.fit_on_all->temperature;
      out.calibration.push_back(std::move(c));
    }
    examples.push_back(ex);
    margins.push_back(r.report.tie_margin.value_or(0.0));
    result.scorers.push_back(std::move(out));
  }

  // Every two scorers on the pairs both scored: the mean difference of their credits, paired bootstrap.
  if (request.bootstrap > 0) {
    for (std::size_t a = 0; a < scorers.size(); ++a) {
      std::map<std::size_t, double> credit_a;
      for (const auto& e : examples[a])
        credit_a[e.line] = meta::best_of_n_result(e.scores, request.tie, margins[a], e.gold_tie);
      for (std::size_t b = a + 1; b < scorers.size(); ++b) {
        std::vector<double> difference;
        for (const auto& e : examples[b]) {
          const auto it = credit_a.find(e.line);
          if (it == credit_a.end()) continue;
          difference.push_back(meta::best_of_n_result(e.scores, request.tie, margins[b], e.gold_tie) - it->second);
        }
        if (difference.empty()) continue;
        const auto iv =
            meta::bootstrap_mean_intervals({difference}, request.bootstrap, request.confidence, request.seed).front();
        TranslationComparison c;
        c.a = scorers[a].column;
        c.b = scorers[b].column;
        c.delta = iv.mean;
        c.interval = iv.interval;
        c.significant = iv.interval.lower > 0 || iv.interval.upper < 0;
        c.p_value = std::min(1.0, 2 * std::min(iv.share_at_most_zero, iv.share_at_least_zero));
        c.pairs = difference.size();
        result.comparisons.push_back(std::move(c));
      }
    }
  }
  return result;
}

}  // namespace trenchcoat::runs

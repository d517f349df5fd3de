#include "trenchcoat/runs/probe_run.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/atomic_file_writer.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/probes/probe.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/runs/request_error.hpp"
#include "trenchcoat/runs/row_windows.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"

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
  bool pairwise = false;
  double sign = 1.0;  // +1 for higher-is-better, -1 for lower-is-better
};

// What a probe and scorer accumulate over the windows: counts and sums in row order, and the score
// shift (variant - original) of every scored item, which the bootstrap resamples. An item failed when
// sign * shift >= 0, the test it was counted by, so the shifts alone give the failure series.
struct ScoreTally {
  std::size_t unscored = 0, failures = 0;
  double sum_original = 0, sum_variant = 0;
  std::vector<double> shift;
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

// A probe's variant lines until the end of the run: a temporary file beside the variants file,
// unlinked at once so that it goes away with the process whatever happens, read back once.
class ScratchFile {
 public:
  explicit ScratchFile(std::string beside) : beside_(std::move(beside)) {
    std::string pattern = beside_ + ".tmp.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) fail("cannot create a temporary file beside it");
    ::unlink(name.data());
    file_ = ::fdopen(fd, "w+b");
    if (file_ == nullptr) {
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail("cannot open a temporary file beside it");
    }
  }
  ~ScratchFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  void append(std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("write failed");
  }
  void copy_to(io::AtomicFileWriter& out) {
    if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) fail("write failed");
    std::vector<char> buffer(std::size_t{1} << 16);
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file_)) > 0) out.append({buffer.data(), n});
    if (std::ferror(file_)) fail("read failed");
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw Error(beside_, 0, std::string(what) + ": " + std::strerror(errno));
  }
  std::string beside_;
  std::FILE* file_ = nullptr;
};

std::string variant_line(const std::string& probe, std::size_t line, const std::string& id, const std::string& original,
                         const std::string& variant) {
  const nlohmann::ordered_json j = {
      {"probe", probe}, {"line", line}, {"id", id}, {"original", original}, {"variant", variant}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
}

}  // namespace

ProbeResult run_probe(const ProbeRequest& q) {
  if (q.bootstrap == 0) throw RequestError("--bootstrap must be at least 1");
  if (!(q.confidence > 0 && q.confidence < 1)) throw RequestError("--confidence must lie between 0 and 1");
  io::check_output_files({q.variants_out}, {{"--data", q.data}}, q.overwrite);  // before any work
  std::vector<std::unique_ptr<probes::Probe>> probe_list;
  try {
    for (const auto& name : q.probes.empty() ? probes::probe_names() : q.probes)
      probe_list.push_back(probes::make_probe(name));
  } catch (const Error& e) {
    throw RequestError(std::string("--probes: ") + e.what());
  }
  if (probe_list.empty()) throw RequestError("--probes names no probe");

  io::DatasetRowReader reader(q.data);
  RowWindowReader windows(reader, q.window_rows);
  if (windows.empty_input()) throw Error(reader.name(), 0, "no rows");
  const StreamedLayout streamed = streamed_layout(reader, windows.first(), q.fields);
  const io::Dataset& shell = streamed.shell;
  const scoring::DatasetLayout& layout = streamed.layout;
  auto available = layout.available_fields();
  available.push_back("alternative");  // a pairwise scorer compares the variant with its original

  std::vector<ScorerRun> scorer_runs;
  for (const auto& spec : q.scorers) {
    ScorerRun run{spec, nullptr};
    if (run.spec.column.empty()) run.spec.column = run.spec.name;
    run.scorer = registry::make_scorer(run.spec.name, run.spec.options);
    for (const auto& field : run.scorer->info().required_fields)
      if (std::find(available.begin(), available.end(), field) == available.end())
        throw Error(shell.name, 0,
                    "scorer '" + run.spec.column + "' reads '" + field + "', which the data (" + layout.describe() +
                        ") does not have");
    run.pairwise = run.scorer->info().kind == scoring::ScorerKind::pairwise;
    run.sign = run.scorer->info().direction == scoring::Direction::higher_is_better ? 1.0 : -1.0;
    scorer_runs.push_back(std::move(run));
  }

  ProbeResult result;
  for (const auto& probe : probe_list)
    result.probes.push_back({probe->info().name, probe->info().description, 0, {}, {}});
  std::vector<std::vector<ScoreTally>> tallies(probe_list.size(), std::vector<ScoreTally>(scorer_runs.size()));
  // The variants file: the first probe's lines go to it directly, the others' to scratch files.
  std::optional<io::AtomicFileWriter> variants_file;
  std::vector<std::unique_ptr<ScratchFile>> scratch(probe_list.size());
  if (!q.variants_out.empty()) {
    variants_file.emplace(q.variants_out);
    for (std::size_t p = 1; p < probe_list.size(); ++p) scratch[p] = std::make_unique<ScratchFile>(q.variants_out);
  }

  RowWindow window;
  while (windows.next(window)) {
    std::vector<scoring::Item> originals;
    std::vector<std::string> languages;
    originals.reserve(window.rows.size());
    for (const auto& row : window.rows) {
      scoring::Item item = scoring::map_row(shell, row, layout).chosen;
      item.alternative.clear();
      originals.push_back(std::move(item));
      languages.push_back(row_language(row, q.language, q.language_field));
    }
    std::vector<std::vector<double>> original_scores(scorer_runs.size());  // pointwise scorers, per row
    for (std::size_t s = 0; s < scorer_runs.size(); ++s)
      if (!scorer_runs[s].pairwise) original_scores[s] = score_items(scorer_runs[s], originals, "the originals");

    for (std::size_t p = 0; p < probe_list.size(); ++p) {
      const auto& probe = *probe_list[p];
      ProbeReport& report = result.probes[p];
      std::vector<std::size_t> rows;  // in the window
      std::vector<scoring::Item> variants;
      for (std::size_t i = 0; i < originals.size(); ++i) {
        const probes::ProbeInput input{originals[i].candidate, originals[i].source, originals[i].prompt, languages[i]};
        const probes::ProbeOutcome outcome =
            probe.apply(input, probes::probe_item_seed(q.seed, report.name, window.index[i]));
        if (!outcome.variant) {
          ++report.skipped[outcome.skip_reason.empty() ? "not applicable" : outcome.skip_reason];
          continue;
        }
        rows.push_back(i);
        scoring::Item variant = originals[i];
        variant.candidate = *outcome.variant;
        variants.push_back(std::move(variant));
        if (variants_file) {
          const std::string line =
              variant_line(report.name, window.rows[i].line, originals[i].id, originals[i].candidate, *outcome.variant);
          if (p == 0) variants_file->append(line);
          else scratch[p]->append(line);
        }
      }
      report.applicable += rows.size();
      for (std::size_t s = 0; s < scorer_runs.size(); ++s) {
        const ScorerRun& run = scorer_runs[s];
        ScoreTally& tally = tallies[p][s];
        std::vector<scoring::Item> batch = variants;
        if (run.pairwise)
          for (std::size_t k = 0; k < batch.size(); ++k) batch[k].alternative = originals[rows[k]].candidate;
        const std::vector<double> variant_scores = score_items(run, batch, "the " + report.name + " variants");
        for (std::size_t k = 0; k < rows.size(); ++k) {
          const double original = run.pairwise ? 0.5 : original_scores[s][rows[k]];
          const double variant = variant_scores[k];
          if (!std::isfinite(original) || !std::isfinite(variant)) {
            ++tally.unscored;
            continue;
          }
          const double shift = variant - original;
          tally.failures += run.sign * shift >= 0.0 ? 1 : 0;
          tally.shift.push_back(shift);
          tally.sum_original += original;
          tally.sum_variant += variant;
        }
      }
    }
    result.items += window.rows.size();
  }

  for (std::size_t p = 0; p < probe_list.size(); ++p)
    for (std::size_t s = 0; s < scorer_runs.size(); ++s) {
      ScoreTally& tally = tallies[p][s];
      ProbeScore score{scorer_runs[s].spec.column, tally.shift.size(), tally.unscored, tally.failures, {}, {}, 0, 0};
      if (!tally.shift.empty()) {
        std::vector<std::vector<double>> series(2);
        series[0].reserve(tally.shift.size());
        for (const double shift : tally.shift) series[0].push_back(scorer_runs[s].sign * shift >= 0.0 ? 1.0 : 0.0);
        series[1] = std::move(tally.shift);
        const auto intervals = meta::bootstrap_mean_intervals(series, q.bootstrap, q.confidence, q.seed);
        score.failure_rate = intervals[0];
        score.shift = intervals[1];
        score.mean_original = tally.sum_original / static_cast<double>(score.items);
        score.mean_variant = tally.sum_variant / static_cast<double>(score.items);
      }
      tally = ScoreTally{};  // its shifts are no longer needed
      result.probes[p].scores.push_back(score);
    }
  if (variants_file) {
    for (std::size_t p = 1; p < probe_list.size(); ++p) scratch[p]->copy_to(*variants_file);
    variants_file->commit();
  }
  result.data = shell.name;
  result.layout = layout.describe();
  result.seed = q.seed;
  result.bootstrap = q.bootstrap;
  result.confidence = q.confidence;
  for (const auto& run : scorer_runs)
    result.scorers.push_back({run.spec.column, run.scorer->signature(), run.sign > 0, run.pairwise});
  return result;
}

}  // namespace trenchcoat::runs

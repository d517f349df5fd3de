// Scoring a dataset in windows of rows (see score_dataset.hpp).
#include "trenchcoat/runs/score_dataset.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <utility>

#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/file_hash.hpp"
#include "trenchcoat/io/row_values.hpp"
#include "trenchcoat/build_options.hpp"
#if TRENCHCOAT_WITH_JUDGES
#include "trenchcoat/judges/llm_judge.hpp"
#endif
#include "trenchcoat/runs/row_windows.hpp"
#include "trenchcoat/runs/score_shards.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::runs {
namespace {

using ordered_json = nlohmann::ordered_json;

// "test" for "data/test.jsonl.gz": the default subset of preference rows that name none.
std::string file_stem(const std::string& path) {
  if (path == "-") return "stdin";
  std::string name = std::filesystem::path(path).filename().string();
  const std::size_t dot = name.find('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

std::string seconds_text(double s) { return text::format_fixed(s, s < 10 ? 3 : 1); }

// Where an item of a scorer's window came from: a row of the window, and which completion.
struct ItemOrigin {
  std::size_t row = 0;
  int slot = 0;  // 0: the row's item / chosen, 1: rejected
};

struct ScorerState {
  ScorerRequest request;
  std::unique_ptr<scoring::Scorer> scorer;
#if TRENCHCOAT_WITH_JUDGES
  const judges::LlmJudgeScorer* judge = nullptr;  // an LLM judge: its runs count cache hits and requests
#endif
  std::shared_ptr<const scoring::CorpusAggregate> aggregate;
  scoring::CorpusAccumulator corpus{nullptr};
  ScorerRunSummary summary;
};

void check_required_fields(const std::vector<ScorerState>& scorers, const scoring::DatasetLayout& layout,
                           const std::string& data_name) {
  const auto available = layout.available_fields();
  for (const auto& s : scorers)
    for (const auto& field : s.scorer->info().required_fields)
      if (std::find(available.begin(), available.end(), field) == available.end()) {
        std::string hint;
        if (field == "references") hint = "; map a column with --fields ref=COLUMN";
        else if (field == "source") hint = "; map a column with --fields src=COLUMN";
        else if (field == "prompt") hint = "; map a column with --fields prompt=COLUMN";
        else if (field == "alternative")
          hint = "; a pairwise scorer needs preference rows (chosen, rejected) or --fields alternative=COLUMN";
        throw Error(data_name, 0,
                    "scorer '" + s.request.name + "' needs the field '" + field +
                        "', which this dataset does not have (layout: " + layout.describe() + hint + ")");
      }
}

// The --by field (empty: ungrouped); `refused` says why a run cannot group as asked.
struct GroupField {
  std::string field, refused;
};

GroupField group_field_of(const std::string& by, const scoring::DatasetLayout& layout) {
  if (by == "none" || (by.empty() && layout.system.empty())) return {};
  if (by.empty() || by == "system") {
    if (layout.system.empty())
      return {"",
              "--by system: the rows have no system field (name its column with --fields system=COLUMN, or --by "
              "none)"};
    return {layout.system, ""};
  }
  return {by, ""};
}

}  // namespace

ScoreDatasetResult score_dataset(const ScoreDatasetRequest& request, const ScoreRunCallbacks& callbacks) {
  const bool sharded = request.shard.has_value();
  std::vector<std::string> outputs = {request.out};
  if (sharded) {
    check_shard_request(request);
    outputs.push_back(shard_statistics_path(request.out));
  }
  io::check_output_files(outputs, {{"--data", request.data}}, request.overwrite);  // before any work

  // Scorers first: an unknown name or option is refused before the data is read.
  std::vector<ScorerState> scorers;
  for (const auto& r : request.scorers) {
    ScorerState s;
    s.request = r;
    if (s.request.column.empty()) s.request.column = registry::find_scorer(r.name).name;
    s.scorer = registry::make_scorer(r.name, r.options);
#if TRENCHCOAT_WITH_JUDGES
    s.judge = dynamic_cast<const judges::LlmJudgeScorer*>(s.scorer.get());
#endif
    s.aggregate = s.scorer->corpus_aggregate();
    s.corpus = scoring::CorpusAccumulator(s.aggregate);
    s.summary.name = r.name;
    s.summary.column = s.request.column;
    s.summary.signature = s.scorer->signature();
#if TRENCHCOAT_WITH_JUDGES
    s.summary.judge = s.judge != nullptr;
    if (s.judge) s.summary.cache_path = s.judge->cache_path();
#endif
    if (s.aggregate) s.summary.corpus_name = s.aggregate->name();
    scorers.push_back(std::move(s));
  }

  io::DatasetRowReader reader(request.data, request.data_format);
  RowWindowReader windows(reader, request.window_rows, request.shard ? request.shard->index : 0,
                          request.shard ? request.shard->count : 1);
  if (windows.empty_input()) throw Error(reader.name(), 0, "no rows to score");
  const StreamedLayout streamed = streamed_layout(reader, windows.first(), request.fields);
  const io::Dataset& shell = streamed.shell;  // name and header, for the rows and messages; no rows
  const scoring::DatasetLayout& layout = streamed.layout;
  check_required_fields(scorers, layout, shell.name);

  ScoreDatasetResult result;
  result.data_name = shell.name;
  result.layout = layout.describe();
  result.out = request.out;
  result.shard = request.shard;
  result.empty = request.empty;
  result.missing = request.missing;
  result.subset_given = !request.subset.empty();
  result.subset_name = request.subset.empty() ? file_stem(request.data) : request.subset;
  result.subset_column = layout.subset.empty() ? "subset" : layout.subset;

  const io::DatasetFormat out_format = request.out_format   ? *request.out_format
                                       : request.out == "-" ? io::DatasetFormat::jsonl
                                                            : io::dataset_format_from_name(request.out);
  io::DatasetRowWriter writer(request.out, out_format);
  std::unique_ptr<ShardStatisticsWriter> statistics;
  if (sharded) statistics = std::make_unique<ShardStatisticsWriter>(shard_statistics_path(request.out));

  // Groups are read when a scorer has a corpus score or --by is given, so rows without the field trouble
  // no other run.
  const bool any_corpus = std::any_of(scorers.begin(), scorers.end(), [](const auto& s) { return s.aggregate; });
  const bool want_groups = any_corpus || !request.by.empty();

  const GroupField groups = want_groups ? group_field_of(request.by, layout) : GroupField{};
  bool group_field_present = false;  // in a row of the first window
  const auto see_row = [&](const io::DatasetRow& row) {
    if (!group_field_present && !groups.field.empty()) group_field_present = row.value.contains(groups.field);
  };

  RowWindow window;
  bool first_window = true;
  while (windows.next(window, first_window ? see_row : std::function<void(const io::DatasetRow&)>())) {
    const bool whole_input = first_window && windows.done();
    std::vector<scoring::RowItems> row_items;
    row_items.reserve(window.rows.size());
    for (const auto& row : window.rows) row_items.push_back(scoring::map_row(shell, row, layout));
    if (first_window) {
      if (!groups.refused.empty()) throw ScoreRequestError(groups.refused);
      if (!groups.field.empty() && !group_field_present)
        throw Error(shell.name, 0, "--by " + request.by + ": there is no field '" + groups.field + "' in the rows");
      result.group_field = groups.field;
    }
    std::vector<std::string> row_groups;
    if (!result.group_field.empty()) {
      row_groups.reserve(window.rows.size());
      for (const auto& row : window.rows) {
        row_groups.push_back(io::row_text(row, result.group_field));
        if (row_groups.back().empty())
          throw Error(shell.name, row.line,
                      "no '" + result.group_field + "' value, which gives the row's corpus-score group (--by " +
                          (request.by.empty() ? std::string("system, the default") : request.by) +
                          "; --by none pools all rows)");
      }
    }
    std::vector<ordered_json> rows;
    rows.reserve(window.rows.size());
    for (auto& row : window.rows) rows.push_back(std::move(row.value));
    io::check_dataset_rows_writable(rows, out_format, result.rows + 1);  // a TSV that cannot hold the texts

    // Shards: each row's items' corpus statistics, per scorer.
    std::vector<ordered_json> row_statistics;
    if (sharded) {
      row_statistics.resize(rows.size());
      for (std::size_t r = 0; r < rows.size(); ++r)
        row_statistics[r] = ordered_json::array({window.index[r], row_groups.empty() ? std::string() : row_groups[r]});
    }

    for (auto& state : scorers) {
      const auto& scorer = *state.scorer;
      const auto& info = scorer.info();
      ScorerRunSummary& summary = state.summary;
      const std::string& column = state.request.column;
      const bool pairwise = info.kind == scoring::ScorerKind::pairwise;
      const bool two_per_row = layout.is_preference() && !pairwise;
      // The batch: every row's item (chosen and rejected interleaved for a pointwise scorer on pairs).
      std::vector<scoring::Item> items;
      std::vector<ItemOrigin> origins;
      for (std::size_t r = 0; r < row_items.size(); ++r)
        for (int slot = 0; slot < (two_per_row ? 2 : 1); ++slot) {
          const scoring::Item& item = slot == 0 ? row_items[r].chosen : row_items[r].rejected;
          const auto& absent = slot == 0 ? row_items[r].chosen_missing : row_items[r].rejected_missing;
          std::string lacking;
          for (const auto& field : info.required_fields)
            if (std::find(absent.begin(), absent.end(), field) != absent.end()) lacking = field;
          if (!lacking.empty()) {
            ++summary.missing_fields;
            if (request.missing == MissingFieldPolicy::error)
              throw Error(
                  shell.name, window.rows[r].line,
                  std::string(two_per_row ? (slot == 0 ? "the chosen completion's " : "the rejected completion's ")
                                          : "") +
                      "'" + lacking + "' is missing (absent or null; scorer '" + state.request.name +
                      "' reads it; --missing skip or empty to go on)");
            if (request.missing == MissingFieldPolicy::skip) continue;
            items.push_back(item);  // --missing empty: scored as the empty text it now holds
            origins.push_back({r, slot});
            continue;
          }
          std::string missing;
          for (const auto& field : info.required_fields)
            if (!scoring::has_text(item, field)) missing = field;
          if (!missing.empty()) {
            ++summary.empty_texts;
            if (request.empty == EmptyTextPolicy::error)
              throw Error(
                  shell.name, window.rows[r].line,
                  std::string(two_per_row ? (slot == 0 ? "the chosen completion's " : "the rejected completion's ")
                                          : "") +
                      "'" + missing + "' is empty (scorer '" + state.request.name +
                      "' reads it; --empty score or skip to go on)");
            if (request.empty == EmptyTextPolicy::skip) continue;
          }
          items.push_back(item);
          origins.push_back({r, slot});
        }

      std::vector<double> scores(items.size(), std::nan(""));
      std::map<std::string, std::vector<double>> details;  // ScoreResult::item_details, over every batch
      std::vector<std::string> item_groups;
      if (!row_groups.empty())
        for (const auto& o : origins) item_groups.push_back(row_groups[o.row]);
      // Shards: the items' statistics (null: the item has none).
      std::vector<ordered_json> item_statistics;
      std::vector<double> stats_row(state.aggregate ? state.aggregate->stats_size() : 0);
      const std::size_t step =
          (request.batch_size == 0 || info.name == "cmd") ? std::max<std::size_t>(items.size(), 1) : request.batch_size;
      const auto started = std::chrono::steady_clock::now();
      if (callbacks.start)
        callbacks.start(whole_input
                            ? column
                            : column + " (rows " + std::to_string(window.index.empty() ? 0 : window.index.front() + 1) +
                                  "-" + std::to_string(window.index.empty() ? 0 : window.index.back() + 1) + ")",
                        items.size());
      for (std::size_t begin = 0; begin < items.size(); begin += step) {
        const std::size_t count = std::min(step, items.size() - begin);
        scoring::ScoreResult batch_result;
        try {
          const std::span<const scoring::Item> batch(items.data() + begin, count);
#if TRENCHCOAT_WITH_JUDGES
          if (state.judge) {
            judges::JudgeRun run = state.judge->run(batch, callbacks.add);
            batch_result = std::move(run.result);
            summary.cache_hits += run.stats.cache_hits;
            summary.requests += run.stats.requests;
          } else
#endif
          {
            batch_result = scorer.score_with_progress(batch, callbacks.add);
          }
        } catch (const Error& e) {
          if (callbacks.finish) callbacks.finish();
          throw Error("scorer '" + column + "' on " + shell.name + ": " + e.what());
        }
        if (batch_result.item_scores.size() != count)
          throw Error("scorer '" + column + "' gave " + std::to_string(batch_result.item_scores.size()) +
                      " scores for " + std::to_string(count) + " items");
        for (std::size_t i = 0; i < count; ++i) scores[begin + i] = batch_result.item_scores[i];
        for (const auto& detail : batch_result.item_details) {
          auto& values = details[detail.name];
          values.resize(items.size(), std::nan(""));
          for (std::size_t i = 0; i < count && i < detail.values.size(); ++i) values[begin + i] = detail.values[i];
        }
        for (const auto& issue : batch_result.issues) {
          ++summary.issues;
          if (summary.issue_messages.size() < 5 && issue.item < count) {
            const ItemOrigin& o = origins[begin + issue.item];
            summary.issue_messages.push_back({window.index[o.row], o.slot,
                                              shell.name + ":" + std::to_string(window.rows[o.row].line) + ": " +
                                                  (two_per_row ? (o.slot == 0 ? "chosen: " : "rejected: ") : "") +
                                                  issue.message});
          }
        }
        state.corpus.add(batch_result, item_groups.empty()
                                           ? std::span<const std::string>()
                                           : std::span<const std::string>(item_groups.data() + begin, count));
        if (sharded && state.aggregate)
          for (std::size_t i = 0; i < count; ++i) {
            if (!state.aggregate->item_statistics(batch_result, i, stats_row)) {
              item_statistics.emplace_back(nullptr);
              continue;
            }
            ordered_json values = ordered_json::array();
            for (const double v : stats_row) values.push_back(v);
            item_statistics.push_back(std::move(values));
          }
        if (callbacks.set) callbacks.set(begin + count);
      }
      if (callbacks.finish) callbacks.finish();
      summary.items += items.size();

      // The columns.
      std::vector<std::string> names;
      if (!layout.is_preference()) names = {column};
      else if (pairwise) names = {column + ".preference"};
      else names = {column + ".chosen", column + ".rejected"};
      if (result.rows == 0 && !rows.empty())
        for (const auto& name : names)
          if (rows.front().contains(name)) summary.replaced_columns.push_back(name);
      for (auto& row : rows)
        for (const auto& name : names) row[name] = nullptr;
      for (std::size_t i = 0; i < items.size(); ++i)
        if (!std::isnan(scores[i])) rows[origins[i].row][names[static_cast<std::size_t>(origins[i].slot)]] = scores[i];
      // Further values per item (a pairwise judge's verdict in each order: NAME.preference_ab / _ba), one
      // item per row only.
      if (!two_per_row)
        for (const auto& [key, values] : details) {
          const std::string name = column + "." + key;
          for (auto& row : rows) row[name] = nullptr;
          for (std::size_t i = 0; i < items.size(); ++i)
            if (!std::isnan(values[i])) rows[origins[i].row][name] = values[i];
        }
      summary.unscored +=
          static_cast<std::size_t>(std::count_if(scores.begin(), scores.end(), [](double v) { return std::isnan(v); }));
      if (sharded) {
        for (auto& line : row_statistics) line.push_back(ordered_json::array());
        if (state.aggregate)
          for (std::size_t i = 0; i < items.size(); ++i)
            row_statistics[origins[i].row].back().push_back(std::move(item_statistics[i]));
      }
      summary.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }

    if (layout.is_preference())
      for (auto& row : rows) {
        const auto it = row.find(result.subset_column);
        if (it == row.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
          row[result.subset_column] = result.subset_name;
          ++result.subset_filled;
        }
      }
    for (const auto& row : rows) writer.write(row);
    if (sharded)
      for (const auto& line : row_statistics) statistics->add_row(line);
    result.rows += rows.size();
    first_window = false;
  }

  for (auto& state : scorers) {
    state.summary.corpus = state.corpus.scores();
    // A shard leaves the decision to the merge, which applies --allow-failures to all items: a shard
    // that failed by it would stop a job array's dependent merge.
    state.summary.failed =
        !sharded && state.summary.unscored > 0 &&
        static_cast<double>(state.summary.unscored) > request.allow_failures * static_cast<double>(state.summary.items);
    result.scorers.push_back(std::move(state.summary));
  }
  writer.finish();
  if (sharded)
    statistics->finish(
        shard_trailer(request, result, reader.content_hash(), windows.rows_read(), io::file_hash(request.out)));
  return result;
}

std::vector<std::string> score_summary_lines(const ScoreDatasetResult& result, const std::string& prefix) {
  std::vector<std::string> lines;
  const std::size_t rows = result.rows;
  for (const auto& s : result.scorers) {
    std::string summary = prefix + ": " + s.column + ": " + std::to_string(rows) + " rows";
    if (s.items != rows) summary += " (" + std::to_string(s.items) + " items)";
    summary += " in " + seconds_text(s.seconds) + " s, " +
               text::format_fixed(s.seconds > 0 ? static_cast<double>(rows) / s.seconds : 0.0, 1) + " rows/s";
    if (result.group_field.empty() && !s.corpus.empty() && s.corpus.front().score)
      summary += "; " + s.corpus_name + " " + text::format_fixed(*s.corpus.front().score, 4);
    else if (!result.group_field.empty() && !s.corpus_name.empty() && rows > 0)
      summary += "; " + s.corpus_name + " per " + result.group_field + " below";
    if (s.empty_texts > 0)
      summary += "; " + std::to_string(s.empty_texts) + (s.empty_texts == 1 ? " empty text" : " empty texts") +
                 (result.empty == EmptyTextPolicy::skip ? " skipped (null)" : " scored as empty");
    if (s.missing_fields > 0)
      summary += "; " + std::to_string(s.missing_fields) + (s.missing_fields == 1 ? " item" : " items") +
                 " with a missing field " +
                 (result.missing == MissingFieldPolicy::skip ? "skipped (null)" : "scored as empty");
    if (s.judge)
      summary += "; cache " + std::to_string(s.cache_hits) + " hits, " + std::to_string(s.requests - s.cache_hits) +
                 " misses" + (s.cache_path.empty() ? std::string(" (cache off)") : " (" + s.cache_path + ")");
    if (s.issues > 0 || s.unscored > 0)
      summary += "; " + std::to_string(std::max(s.issues, s.unscored)) + " items without a score (null)";
    lines.push_back(summary);
    if (!result.group_field.empty())
      for (const auto& c : s.corpus)
        lines.push_back(prefix + ": " + s.column + ": " + result.group_field + " " + c.group + ": " + s.corpus_name +
                        " " + (c.score ? text::format_fixed(*c.score, 4) : "none") + " (" + std::to_string(c.items) +
                        (c.items == 1 ? " item)" : " items)"));
  }
  if (result.subset_filled > 0 && !result.subset_given)
    lines.push_back(prefix + ": " + std::to_string(result.subset_filled) + " rows had no " + result.subset_column +
                    "; wrote '" + result.subset_name + "' (choose it with --subset NAME)");
  return lines;
}

std::vector<std::string> failed_scorer_notes(const ScoreDatasetResult& result) {
  std::vector<std::string> notes;
  for (const auto& s : result.scorers)
    if (s.failed)
      notes.push_back(s.column + ": " + std::to_string(s.unscored) + " of " + std::to_string(s.items) + " items");
  return notes;
}

}  // namespace trenchcoat::runs

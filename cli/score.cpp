// trenchcoat score: every row of a dataset scored by every scorer, written back with one column per
// scorer.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "progress_display.hpp"
#include "scorer_spec.hpp"
#include "subcommands.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/row_values.hpp"
#include "trenchcoat/build_options.hpp"
#if TRENCHCOAT_WITH_JUDGES
#include "trenchcoat/judges/llm_judge.hpp"
#endif
#include "trenchcoat/scoring/corpus_accumulator.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"
#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat score: score every row of a dataset with one or more scorers (metrics, `length`, LLM judges, your\n"
    "own program) and write the rows back, each with one added column per scorer.\n"
    "\n"
    "Input: JSON Lines (.jsonl, .gz allowed), a JSON list of objects (.json), TSV or CSV with a header line.\n"
    "Layouts are recognised from the field names: pointwise rows (src/mt/ref, source/hypothesis/reference(s),\n"
    "prompt/response), preference rows (prompt, chosen, rejected, subset, id: RewardBench and TRL; chosen and\n"
    "rejected may be chat message lists, whose shared leading messages are the prompt and whose last assistant\n"
    "messages are the completions; Anthropic HH transcripts are split after the last \"Assistant:\"), and LLMBar\n"
    "rows (input, output_1, output_2, label). --fields maps trenchcoat's names to your columns.\n"
    "\n"
    "Output columns: NAME (pointwise rows); NAME.chosen and NAME.rejected (preference rows, pointwise scorer);\n"
    "NAME.preference, the probability that chosen is preferred (preference rows, pairwise scorer); a pairwise\n"
    "judge adds NAME.preference_ab and NAME.preference_ba, that probability (its verdict 1, 0 or 0.5) from the\n"
    "request showing chosen first (as A) and from the one showing it second (as B). NAME is the\n"
    "scorer's name, or as=COLUMN. A score the scorer could not give is null, counted and reported. Preference\n"
    "rows without a subset get one (--subset), so the output goes straight into `trenchcoat meta pairs`.\n"
    "The output is written whole at the end (temporary file + rename): an error or an interrupted run leaves\n"
    "no partial file. An existing --out is refused unless --overwrite; the --data file never is an output.\n"
    "\n"
    "Missing fields (a field a scorer reads that a row lacks or holds null, e.g. a preference row without\n"
    "`rejected`) stop the run with an error naming the file and line, unless --missing says otherwise: skip\n"
    "(the item's score is null) or empty (scored as an empty text). Empty texts (a field that is \"\") are\n"
    "counted and reported; --empty says what happens to them: score (default: scored as the empty text they\n"
    "are; the length of an empty answer is 0), skip (the score is null) or error (the first one stops the run,\n"
    "naming its line). The summary counts what each policy did.\n"
    "\n"
    "Exit status: 0 when every item got a score; 3 when a scorer could not score some items (a failed judge\n"
    "request, an unparseable answer, a program answering null) and their share is above --allow-failures\n"
    "(default 0): the output is still written, with those scores null; 1 for errors (nothing is written),\n"
    "2 for bad arguments.\n"
    "\n"
    "Scorers get the items in batches of --batch-size; `cmd` gets all items in one call, so its program starts\n"
    "once per run. A scorer that needs a field the dataset lacks is refused before any work. On a terminal,\n"
    "stderr shows a progress line (done/total, rate, ETA) redrawn every second, counting items as they finish\n"
    "for judges and `cmd`; at the end one summary line per scorer (rows, seconds, rows/s; for judges the\n"
    "cache hits and misses and the cache file).\n"
    "\n"
    "Corpus scores: scorers that define one (bleu, chrf, ter: sacreBLEU's corpus score from the summed\n"
    "statistics of the items; rouge, length, sentbleu, comet, rm: the mean of the item scores) get it in the\n"
    "summary, the same whatever --batch-size. With --by FIELD (default: system, when the rows have a system\n"
    "field) there is one corpus score per value of FIELD, each equal to the score of that value's rows alone\n"
    "(for bleu, `trenchcoat sacrebleu` on those lines); --by none pools all rows.\n"
    "\n"
    "Scorer specs: NAME[:key=value,...], e.g. bleu:tokenize=intl, length:unit=words,\n"
    "cmd:run=\"python3 rm.py --batch 8\" (quote a value with \"...\" or '...' to hold commas). `trenchcoat scorers`\n"
    "lists the scorers, the fields they read and their options.\n"
    "\n"
    "Examples:\n"
    "  trenchcoat score --data pairs.jsonl --scorer length --out scored.jsonl --overwrite\n"
    "  trenchcoat meta pairs --data scored.jsonl -f text\n"
    "  trenchcoat score --data mt.tsv --fields src=source,mt=hyp,ref=reference --scorer bleu --scorer chrf --out "
    "mt.scored.tsv\n"
    "  trenchcoat score --data dataset.json --subset Natural --scorer 'cmd:run=python3 my_rm.py,as=rm'\n";

// "test" for "data/test.jsonl.gz": the default subset of preference rows that name none.
std::string file_stem(const std::string& path) {
  if (path == "-") return "stdin";
  std::string name = std::filesystem::path(path).filename().string();
  const std::size_t dot = name.find('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

std::string seconds_text(double s) { return text::format_fixed(s, s < 10 ? 3 : 1); }

// Where an item of a scorer's batch came from: a data row, and which completion.
struct ItemOrigin {
  std::size_t row = 0;
  int slot = 0;  // 0: the row's item / chosen, 1: rejected
};

enum class EmptyPolicy { score, skip, error };
enum class MissingPolicy { error, skip, empty };

// Exit status when items are left without a score beyond --allow-failures.
constexpr int kExitUnscoredItems = 3;

// The group of every row for corpus scores (--by): the field's value per row; none when ungrouped.
struct CorpusGroups {
  std::string field;
  std::vector<std::string> of_row;
};

CorpusGroups corpus_groups(const io::Dataset& dataset, const scoring::DatasetLayout& layout, const std::string& by) {
  CorpusGroups groups;
  if (by == "none" || (by.empty() && layout.system.empty())) return groups;
  if (by.empty() || by == "system") {
    if (layout.system.empty())
      throw ExitError(
          2, "--by system: the rows have no system field (name its column with --fields system=COLUMN, or --by none)");
    groups.field = layout.system;
  } else {
    groups.field = by;
  }
  const bool present = std::any_of(dataset.rows.begin(), dataset.rows.end(),
                                   [&](const io::DatasetRow& row) { return row.value.contains(groups.field); });
  if (!present) throw Error(dataset.name, 0, "--by " + by + ": there is no field '" + groups.field + "' in the rows");
  groups.of_row.reserve(dataset.rows.size());
  for (const auto& row : dataset.rows) {
    groups.of_row.push_back(io::row_text(row, groups.field));
    if (groups.of_row.back().empty())
      throw Error(dataset.name, row.line,
                  "no '" + groups.field + "' value, which gives the row's corpus-score group (--by " +
                      (by.empty() ? std::string("system, the default") : by) + "; --by none pools all rows)");
  }
  return groups;
}

}  // namespace

int run_score(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat score"};
  std::string data, out = "-", fields_spec, format_name, data_format_name, subset, empty_name = "score",
                    missing_name = "error", by;
  std::vector<std::string> scorer_args;
  std::size_t batch_size = 256;
  bool quiet = false, overwrite = false;
  double allow_failures = 0.0;
  app.add_option("--data", data, "The dataset: .jsonl (.gz), .json, .tsv or .csv (- for standard input)")->required();
  app.add_option("--scorer", scorer_args, "NAME[:key=value,...], repeatable (see `trenchcoat scorers`)")
      ->required()
      ->expected(1, -1);
  app.add_option("--out", out, "Output file (- for standard output); its name chooses the format")
      ->capture_default_str();
  app.add_flag("--overwrite", overwrite, "Replace an existing --out (never the --data file)");
  app.add_option("--fields", fields_spec,
                 "Column names: NAME=COLUMN,... with NAME one of src, mt, ref, prompt, chosen, rejected, "
                 "alternative, subset, id, system (e.g. src=source,mt=hyp,ref=reference)");
  app.add_option("--format", format_name,
                 "Output format: jsonl, json, tsv or csv (default: from --out's name, else jsonl)")
      ->check(CLI::IsMember({"jsonl", "json", "tsv", "csv"}));
  app.add_option("--data-format", data_format_name,
                 "Input format: jsonl, json, tsv or csv (default: from --data's name)")
      ->check(CLI::IsMember({"jsonl", "json", "tsv", "csv"}));
  app.add_option("--subset", subset,
                 "Subset written into preference rows that have none (default: the data file's name "
                 "without extensions)");
  app.add_option("--empty", empty_name, "Empty texts: score, skip or error")
      ->check(CLI::IsMember({"score", "skip", "error"}))
      ->capture_default_str();
  app.add_option("--missing", missing_name,
                 "Fields a row lacks or holds null: error, skip (score null) or empty (score an empty text)")
      ->check(CLI::IsMember({"error", "skip", "empty"}))
      ->capture_default_str();
  app.add_option("--allow-failures", allow_failures,
                 "Share of each scorer's items (0 to 1) that may end without a score before the exit status is 3")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--batch-size", batch_size, "Items per scorer call (0: all at once; cmd always gets all)")
      ->capture_default_str();
  app.add_option("--by", by,
                 "Corpus scores per value of this field: system (the layout's system column), a column of the "
                 "data, or none (default: system when the rows have one, else none)");
  app.add_flag("-q,--quiet", quiet, "No progress bar or summary");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat score")) return 0;
  const EmptyPolicy empty = empty_name == "skip"    ? EmptyPolicy::skip
                            : empty_name == "error" ? EmptyPolicy::error
                                                    : EmptyPolicy::score;
  const MissingPolicy missing_policy = missing_name == "skip"    ? MissingPolicy::skip
                                       : missing_name == "empty" ? MissingPolicy::empty
                                                                 : MissingPolicy::error;
  io::check_output_files({out}, {{"--data", data}}, overwrite);  // before any work

  // Scorers first: an unknown name or option is refused before the data is read.
  std::vector<ScorerSpec> specs;
  std::vector<std::unique_ptr<scoring::Scorer>> scorers;
  for (const auto& arg : scorer_args) {
    ScorerSpec spec = parse_scorer_spec(arg);
    const auto& entry = registry::find_scorer(spec.name);
    if (spec.column.empty()) spec.column = entry.name;
    for (const auto& other : specs)
      if (other.column == spec.column)
        throw ExitError(2, "two scorers write column '" + spec.column + "': name one with as=COLUMN (e.g. " +
                               spec.name + ":as=" + spec.column + "2)");
    scorers.push_back(registry::make_scorer(spec.name, spec.options));
    specs.push_back(std::move(spec));
  }

  io::Dataset dataset = io::read_dataset(
      data, data_format_name.empty() ? std::nullopt : std::optional(io::parse_dataset_format(data_format_name)));
  if (dataset.rows.empty()) throw Error(dataset.name, 0, "no rows to score");
  const auto layout = scoring::detect_layout(dataset, scoring::parse_field_overrides(fields_spec));
  const auto available = layout.available_fields();
  for (std::size_t s = 0; s < scorers.size(); ++s)
    for (const auto& field : scorers[s]->info().required_fields)
      if (std::find(available.begin(), available.end(), field) == available.end()) {
        std::string hint;
        if (field == "references") hint = "; map a column with --fields ref=COLUMN";
        else if (field == "source") hint = "; map a column with --fields src=COLUMN";
        else if (field == "prompt") hint = "; map a column with --fields prompt=COLUMN";
        else if (field == "alternative")
          hint = "; a pairwise scorer needs preference rows (chosen, rejected) or --fields alternative=COLUMN";
        throw Error(dataset.name, 0,
                    "scorer '" + specs[s].name + "' needs the field '" + field +
                        "', which this dataset does not have (layout: " + layout.describe() + hint + ")");
      }

  std::vector<scoring::RowItems> row_items;
  row_items.reserve(dataset.rows.size());
  for (const auto& row : dataset.rows) row_items.push_back(scoring::map_row(dataset, row, layout));
  // Groups are read when a scorer has a corpus score or --by is given, so rows without the field trouble
  // no other run.
  const bool any_corpus =
      std::any_of(scorers.begin(), scorers.end(), [](const auto& sc) { return sc->corpus_aggregate() != nullptr; });
  const auto row_groups = any_corpus || !by.empty() ? corpus_groups(dataset, layout, by) : CorpusGroups{};

  const io::DatasetFormat out_format = !format_name.empty() ? io::parse_dataset_format(format_name)
                                       : out == "-"         ? io::DatasetFormat::jsonl
                                                            : io::dataset_format_from_name(out);
  std::vector<nlohmann::ordered_json> rows;
  rows.reserve(dataset.rows.size());
  for (auto& row : dataset.rows) rows.push_back(std::move(row.value));
  io::check_dataset_rows_writable(rows, out_format);  // a TSV that cannot hold the texts is refused now

  const bool progress = !quiet && ::isatty(STDERR_FILENO);
  ProgressDisplay bar(progress);
  std::vector<std::string> summaries, failed_scorers;
  for (std::size_t s = 0; s < scorers.size(); ++s) {
    const auto& scorer = *scorers[s];
    const auto& info = scorer.info();
    const bool pairwise = info.kind == scoring::ScorerKind::pairwise;
    const bool two_per_row = layout.is_preference() && !pairwise;
    // The batch: every row's item (chosen and rejected interleaved for a pointwise scorer on pairs).
    std::vector<scoring::Item> items;
    std::vector<ItemOrigin> origins;
    std::size_t empty_texts = 0, missing_fields = 0;
    for (std::size_t r = 0; r < row_items.size(); ++r)
      for (int slot = 0; slot < (two_per_row ? 2 : 1); ++slot) {
        const scoring::Item& item = slot == 0 ? row_items[r].chosen : row_items[r].rejected;
        const auto& absent = slot == 0 ? row_items[r].chosen_missing : row_items[r].rejected_missing;
        std::string lacking;
        for (const auto& field : info.required_fields)
          if (std::find(absent.begin(), absent.end(), field) != absent.end()) lacking = field;
        if (!lacking.empty()) {
          ++missing_fields;
          if (missing_policy == MissingPolicy::error)
            throw Error(
                dataset.name, dataset.rows[r].line,
                std::string(two_per_row ? (slot == 0 ? "the chosen completion's " : "the rejected completion's ")
                                        : "") +
                    "'" + lacking + "' is missing (absent or null; scorer '" + specs[s].name +
                    "' reads it; --missing skip or empty to go on)");
          if (missing_policy == MissingPolicy::skip) continue;
          items.push_back(item);  // --missing empty: scored as the empty text it now holds
          origins.push_back({r, slot});
          continue;
        }
        std::string missing;
        for (const auto& field : info.required_fields)
          if (!scoring::has_text(item, field)) missing = field;
        if (!missing.empty()) {
          ++empty_texts;
          if (empty == EmptyPolicy::error)
            throw Error(
                dataset.name, dataset.rows[r].line,
                std::string(two_per_row ? (slot == 0 ? "the chosen completion's " : "the rejected completion's ")
                                        : "") +
                    "'" + missing + "' is empty (scorer '" + specs[s].name +
                    "' reads it; --empty score or skip to go on)");
          if (empty == EmptyPolicy::skip) continue;
        }
        items.push_back(item);
        origins.push_back({r, slot});
      }

    std::vector<double> scores(items.size(), std::nan(""));
    std::vector<std::string> issue_messages;
    std::map<std::string, std::vector<double>> details;  // ScoreResult::item_details, over every batch
    std::size_t issues = 0;
    scoring::CorpusAccumulator corpus(scorer.corpus_aggregate());
    std::vector<std::string> item_groups;
    if (!row_groups.of_row.empty())
      for (const auto& o : origins) item_groups.push_back(row_groups.of_row[o.row]);
    const std::size_t step =
        (batch_size == 0 || info.name == "cmd") ? std::max<std::size_t>(items.size(), 1) : batch_size;
    const auto started = std::chrono::steady_clock::now();
#if TRENCHCOAT_WITH_JUDGES
    const auto* judge = dynamic_cast<const judges::LlmJudgeScorer*>(&scorer);
    judges::JudgeRunStats judge_stats;
#endif
    const scoring::ScoreProgress tick = [&bar](std::size_t finished) { bar.add(finished); };
    bar.start(specs[s].column, items.size());
    for (std::size_t begin = 0; begin < items.size(); begin += step) {
      const std::size_t count = std::min(step, items.size() - begin);
      scoring::ScoreResult result;
      try {
        const std::span<const scoring::Item> batch(items.data() + begin, count);
#if TRENCHCOAT_WITH_JUDGES
        if (judge) {
          judges::JudgeRun run = judge->run(batch, tick);
          result = std::move(run.result);
          judge_stats.cache_hits += run.stats.cache_hits;
          judge_stats.requests += run.stats.requests;
        } else {
          result = scorer.score_with_progress(batch, tick);
        }
#else
        result = scorer.score_with_progress(batch, tick);
#endif
      } catch (const Error& e) {
        bar.finish();
        throw Error("scorer '" + specs[s].column + "' on " + dataset.name + ": " + e.what());
      }
      if (result.item_scores.size() != count)
        throw Error("scorer '" + specs[s].column + "' gave " + std::to_string(result.item_scores.size()) +
                    " scores for " + std::to_string(count) + " items");
      for (std::size_t i = 0; i < count; ++i) scores[begin + i] = result.item_scores[i];
      for (const auto& detail : result.item_details) {
        auto& values = details[detail.name];
        values.resize(items.size(), std::nan(""));
        for (std::size_t i = 0; i < count && i < detail.values.size(); ++i) values[begin + i] = detail.values[i];
      }
      for (const auto& issue : result.issues) {
        ++issues;
        if (issue_messages.size() < 5 && issue.item < count) {
          const ItemOrigin& o = origins[begin + issue.item];
          issue_messages.push_back(dataset.name + ":" + std::to_string(dataset.rows[o.row].line) + ": " +
                                   (two_per_row ? (o.slot == 0 ? "chosen: " : "rejected: ") : "") + issue.message);
        }
      }
      corpus.add(result, item_groups.empty() ? std::span<const std::string>()
                                             : std::span<const std::string>(item_groups.data() + begin, count));
      bar.set(begin + count);
    }
    bar.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // The columns.
    const std::string& column = specs[s].column;
    std::vector<std::string> names;
    if (!layout.is_preference()) names = {column};
    else if (pairwise) names = {column + ".preference"};
    else names = {column + ".chosen", column + ".rejected"};
    for (const auto& name : names)
      if (rows.front().contains(name) && !quiet)
        std::fprintf(stderr, "trenchcoat score: note: column '%s' is already in the data; it is replaced\n",
                     name.c_str());
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

    std::string summary = "trenchcoat score: " + column + ": " + std::to_string(rows.size()) + " rows";
    if (items.size() != rows.size()) summary += " (" + std::to_string(items.size()) + " items)";
    summary += " in " + seconds_text(seconds) + " s, " +
               text::format_fixed(seconds > 0 ? static_cast<double>(rows.size()) / seconds : 0.0, 1) + " rows/s";
    const auto corpus_scores = corpus.scores();
    if (row_groups.of_row.empty() && !corpus_scores.empty() && corpus_scores.front().score)
      summary += "; " + corpus.aggregate()->name() + " " + text::format_fixed(*corpus_scores.front().score, 4);
    else if (!row_groups.of_row.empty() && corpus.defined())
      summary += "; " + corpus.aggregate()->name() + " per " + row_groups.field + " below";
    if (empty_texts > 0)
      summary += "; " + std::to_string(empty_texts) + (empty_texts == 1 ? " empty text" : " empty texts") +
                 (empty == EmptyPolicy::skip ? " skipped (null)" : " scored as empty");
    if (missing_fields > 0)
      summary += "; " + std::to_string(missing_fields) + (missing_fields == 1 ? " item" : " items") +
                 " with a missing field " +
                 (missing_policy == MissingPolicy::skip ? "skipped (null)" : "scored as empty");
#if TRENCHCOAT_WITH_JUDGES
    if (judge)
      summary += "; cache " + std::to_string(judge_stats.cache_hits) + " hits, " +
                 std::to_string(judge_stats.requests - judge_stats.cache_hits) + " misses" +
                 (judge->cache_path().empty() ? std::string(" (cache off)") : " (" + judge->cache_path() + ")");
#endif
    const std::size_t unscored =
        static_cast<std::size_t>(std::count_if(scores.begin(), scores.end(), [](double v) { return std::isnan(v); }));
    if (issues > 0 || unscored > 0)
      summary += "; " + std::to_string(std::max(issues, unscored)) + " items without a score (null)";
    if (unscored > 0 && static_cast<double>(unscored) > allow_failures * static_cast<double>(items.size()))
      failed_scorers.push_back(column + ": " + std::to_string(unscored) + " of " + std::to_string(items.size()) +
                               " items");
    summaries.push_back(summary);
    if (!row_groups.of_row.empty())
      for (const auto& c : corpus_scores)
        summaries.push_back("trenchcoat score: " + column + ": " + row_groups.field + " " + c.group + ": " +
                            corpus.aggregate()->name() + " " + (c.score ? text::format_fixed(*c.score, 4) : "none") +
                            " (" + std::to_string(c.items) + (c.items == 1 ? " item)" : " items)"));
    if (!quiet)
      for (const auto& m : issue_messages)
        std::fprintf(stderr, "trenchcoat score: %s: %s\n", column.c_str(), m.c_str());
  }

  if (layout.is_preference()) {
    const std::string name = subset.empty() ? file_stem(data) : subset;
    const std::string subset_column = layout.subset.empty() ? "subset" : layout.subset;
    std::size_t filled = 0;
    for (auto& row : rows) {
      const auto it = row.find(subset_column);
      if (it == row.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
        row[subset_column] = name;
        ++filled;
      }
    }
    if (filled > 0 && subset.empty())
      summaries.push_back("trenchcoat score: " + std::to_string(filled) + " rows had no " + subset_column +
                          "; wrote '" + name + "' (choose it with --subset NAME)");
  }

  io::write_dataset_rows(out, rows, out_format);
  if (!quiet) {
    for (const auto& s : summaries) std::fprintf(stderr, "%s\n", s.c_str());
    std::fprintf(stderr, "trenchcoat score: layout %s; wrote %zu rows to %s\n", layout.describe().c_str(), rows.size(),
                 out == "-" ? "standard output" : out.c_str());
  }
  if (!failed_scorers.empty()) {
    std::string which;
    for (const auto& f : failed_scorers) which += (which.empty() ? "" : ", ") + f;
    throw ExitError(kExitUnscoredItems,
                    "items without a score (null in the output): " + which +
                        "; pass --allow-failures FRACTION to accept up to that share of each scorer's items");
  }
  return 0;
}

}  // namespace trenchcoat::cli

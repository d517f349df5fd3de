// Shards of a score run and their merge (see score_shards.hpp).
#include "trenchcoat/runs/score_shards.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/file_hash.hpp"
#include "trenchcoat/scoring/corpus_aggregate.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace trenchcoat::runs {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kTrailerKey = "trenchcoat_score_shard";
constexpr int kShardFormatVersion = 1;

std::string policy_name(EmptyTextPolicy p) {
  return p == EmptyTextPolicy::skip ? "skip" : p == EmptyTextPolicy::error ? "error" : "score";
}
std::string policy_name(MissingFieldPolicy p) {
  return p == MissingFieldPolicy::skip ? "skip" : p == MissingFieldPolicy::empty ? "empty" : "error";
}
EmptyTextPolicy empty_policy(const std::string& s) {
  return s == "skip" ? EmptyTextPolicy::skip : s == "error" ? EmptyTextPolicy::error : EmptyTextPolicy::score;
}
MissingFieldPolicy missing_policy(const std::string& s) {
  return s == "skip" ? MissingFieldPolicy::skip : s == "empty" ? MissingFieldPolicy::empty : MissingFieldPolicy::error;
}

// The last line of a file (without its '\n'); empty when the file is empty.
std::string last_line(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(path, 0, "cannot open");
  const std::streamoff size = in.tellg();
  std::string tail;
  std::streamoff end = size;
  constexpr std::streamoff kStep = 1 << 16;
  while (end > 0) {
    const std::streamoff begin = std::max<std::streamoff>(0, end - kStep);
    std::string chunk(static_cast<std::size_t>(end - begin), '\0');
    in.seekg(begin);
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    tail = chunk + tail;
    end = begin;
    std::string_view body(tail);
    if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
    const std::size_t newline = body.rfind('\n');
    if (newline != std::string_view::npos) return std::string(body.substr(newline + 1));
    if (end == 0) return std::string(body);
  }
  return "";
}

struct Shard {
  std::string rows_path, statistics_path;
  ordered_json trailer;
  std::size_t index = 0, count = 0;
};

Shard read_shard(const std::string& rows_path) {
  Shard s;
  s.rows_path = rows_path;
  s.statistics_path = shard_statistics_path(rows_path);
  std::error_code ec;
  if (!std::filesystem::exists(s.statistics_path, ec))
    throw Error(rows_path, 0,
                "no shard statistics beside it (" + s.statistics_path +
                    "); give the rows files that `trenchcoat score --shard I/N` wrote");
  s.trailer = ordered_json::parse(last_line(s.statistics_path), nullptr, /*allow_exceptions=*/false);
  if (s.trailer.is_discarded() || !s.trailer.is_object() || !s.trailer.contains(kTrailerKey))
    throw Error(s.statistics_path, 0,
                "not a shard statistics file (its last line is no trenchcoat score shard trailer)");
  if (s.trailer[kTrailerKey] != kShardFormatVersion)
    throw Error(s.statistics_path, 0,
                "shard statistics of format " + s.trailer[kTrailerKey].dump() + "; this trenchcoat reads format " +
                    std::to_string(kShardFormatVersion));
  // The merge indexes its table of N shards by I, so both must be whole numbers with I < N.
  auto whole_number = [&](const char* key) {
    const auto it = s.trailer.find(key);
    if (it == s.trailer.end() || !it->is_number_unsigned())
      throw Error(s.statistics_path, 0, std::string("the shard trailer's '") + key + "' is no whole number");
    return it->get<std::size_t>();
  };
  s.index = whole_number("shard");
  s.count = whole_number("shards");
  if (s.count == 0 || s.index >= s.count)
    throw Error(s.statistics_path, 0,
                "the shard trailer names shard " + std::to_string(s.index) + "/" + std::to_string(s.count) +
                    ", which is no shard I of N (0 <= I < N)");
  if (io::file_hash(rows_path) != s.trailer.at("rows_hash").get<std::string>())
    throw Error(rows_path, 0,
                "not the rows file that " + s.statistics_path +
                    " describes (its content hash differs: changed or replaced after the shard run)");
  return s;
}

std::string shard_name(std::size_t index, std::size_t count) {
  return std::to_string(index) + "/" + std::to_string(count);
}

// The first key whose value differs between two run objects.
std::string first_difference(const ordered_json& a, const ordered_json& b) {
  for (const auto& [key, value] : a.items())
    if (!b.contains(key) || b.at(key) != value) return key;
  for (const auto& [key, value] : b.items())
    if (!a.contains(key)) return key;
  return "";
}

std::shared_ptr<const scoring::CorpusAggregate> aggregate_of(const ordered_json& scorer) {
  const std::string corpus = scorer.at("corpus").get<std::string>();
  if (corpus.empty()) return nullptr;
  scoring::ScorerOptions options;
  for (const auto& [key, value] : scorer.at("options").items()) options[key] = value.get<std::string>();
  auto made = registry::make_scorer(scorer.at("name").get<std::string>(), options);
  auto aggregate = made->corpus_aggregate();
  if (!aggregate || aggregate->name() != corpus)
    throw Error("scorer '" + scorer.at("column").get<std::string>() + "': its corpus score is not the shards' (" +
                corpus + ")");
  return aggregate;
}

// A line reader over a statistics file.
class StatisticsLines {
 public:
  explicit StatisticsLines(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw Error(path, 0, "cannot open");
  }
  ordered_json next() {
    std::string line;
    if (!std::getline(in_, line)) throw Error(path_, number_, "ends before its last row");
    ++number_;
    ordered_json value = ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded() || !value.is_array() || value.size() < 2)
      throw Error(path_, number_, "not a row of shard statistics");
    return value;
  }
  std::size_t line() const { return number_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::size_t number_ = 0;
};

}  // namespace

std::string shard_statistics_path(const std::string& rows_path) { return rows_path + ".shard.jsonl"; }

ShardSlice parse_shard_slice(const std::string& text) {
  const std::size_t slash = text.find('/');
  auto number = [&](std::string_view s, std::size_t& out) {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    out = std::stoul(std::string(s));
    return true;
  };
  ShardSlice slice;
  if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), slice.index) ||
      !number(std::string_view(text).substr(slash + 1), slice.count))
    throw ScoreRequestError("--shard needs I/N (shard I of N, 0 <= I < N), got '" + text + "'");
  if (slice.count == 0) throw ScoreRequestError("--shard " + text + ": the shard count N must be at least 1");
  if (slice.index >= slice.count)
    throw ScoreRequestError("--shard " + text + ": the shard index must be below the count (0/" +
                            std::to_string(slice.count) + " to " + std::to_string(slice.count - 1) + "/" +
                            std::to_string(slice.count) + ")");
  return slice;
}

void check_shard_request(const ScoreDatasetRequest& request) {
  if (!request.shard) return;
  if (request.shard->count == 0 || request.shard->index >= request.shard->count)
    throw ScoreRequestError("--shard: the shard index must be below the shard count");
  if (request.out == "-")
    throw ScoreRequestError("--shard needs --out FILE (the shard's rows; its statistics go beside it)");
  const io::DatasetFormat format = request.out_format ? *request.out_format : io::dataset_format_from_name(request.out);
  if (format != io::DatasetFormat::jsonl)
    throw ScoreRequestError(
        "--shard writes JSON Lines (trenchcoat merge writes the final format): give --out a "
        ".jsonl name or --format jsonl");
}

ShardStatisticsWriter::ShardStatisticsWriter(const std::string& path) : writer_(path, io::DatasetFormat::jsonl) {}

void ShardStatisticsWriter::add_row(const ordered_json& line) { writer_.write(line); }

void ShardStatisticsWriter::finish(const ordered_json& trailer) {
  writer_.write(trailer);
  writer_.finish();
}

ordered_json shard_trailer(const ScoreDatasetRequest& request, const ScoreDatasetResult& result,
                           const std::string& input_hash, std::size_t input_rows, const std::string& rows_hash) {
  ordered_json run = ordered_json::object();
  run["input"] = {{"rows", input_rows}, {"hash", input_hash}};
  run["layout"] = result.layout;
  run["fields"] = request.fields;
  run["by"] = request.by;
  run["group_field"] = result.group_field;
  run["missing"] = policy_name(request.missing);
  run["empty"] = policy_name(request.empty);
  run["subset"] = result.subset_name;
  run["subset_column"] = result.subset_column;
  run["subset_given"] = result.subset_given;
  run["allow_failures"] = request.allow_failures;
  ordered_json scorers = ordered_json::array();
  for (std::size_t s = 0; s < result.scorers.size(); ++s) {
    const auto& summary = result.scorers[s];
    ordered_json options = ordered_json::object();
    for (const auto& [key, value] : request.scorers[s].options) options[key] = value;
    scorers.push_back({{"name", summary.name},
                       {"column", summary.column},
                       {"options", options},
                       {"signature", summary.signature},
                       {"corpus", summary.corpus_name}});
  }
  run["scorers"] = scorers;

  ordered_json counts = ordered_json::array();
  for (const auto& s : result.scorers) {
    ordered_json messages = ordered_json::array();
    for (const auto& m : s.issue_messages) messages.push_back({m.row, m.slot, m.text});
    counts.push_back({{"items", s.items},
                      {"empty_texts", s.empty_texts},
                      {"missing_fields", s.missing_fields},
                      {"issues", s.issues},
                      {"unscored", s.unscored},
                      {"seconds", s.seconds},
                      {"judge", s.judge},
                      {"cache_hits", s.cache_hits},
                      {"requests", s.requests},
                      {"cache_path", s.cache_path},
                      {"replaced_columns", s.replaced_columns},
                      {"issue_messages", messages}});
  }
  ordered_json trailer = ordered_json::object();
  trailer[kTrailerKey] = kShardFormatVersion;
  trailer["shard"] = request.shard ? request.shard->index : 0;
  trailer["shards"] = request.shard ? request.shard->count : 1;
  trailer["run"] = run;
  trailer["rows"] = result.rows;
  trailer["rows_hash"] = rows_hash;
  trailer["summary"] = {{"data_name", result.data_name}, {"subset_filled", result.subset_filled}, {"scorers", counts}};
  return trailer;
}

ScoreDatasetResult merge_score_shards(const MergeShardsRequest& request) {
  if (request.shards.empty()) throw ScoreRequestError("no shards to merge");
  std::vector<io::NamedInput> inputs;
  for (const auto& path : request.shards) {
    inputs.push_back({"a shard", path});
    inputs.push_back({"a shard", shard_statistics_path(path)});
  }
  io::check_output_files({request.out}, inputs, request.overwrite);  // before any work

  std::vector<Shard> given;
  for (const auto& path : request.shards) given.push_back(read_shard(path));
  const Shard& first = given.front();
  for (const Shard& s : given) {
    if (s.count != first.count)
      throw Error(first.rows_path + " is shard " + shard_name(first.index, first.count) + " but " + s.rows_path +
                  " is shard " + shard_name(s.index, s.count) + ": shards of different runs");
    const std::string differs = first_difference(first.trailer.at("run"), s.trailer.at("run"));
    if (!differs.empty())
      throw Error(first.rows_path + " and " + s.rows_path + " are shards of different runs (they differ in '" +
                  differs + "')");
  }
  const std::size_t count = first.count;
  std::vector<const Shard*> shards(count, nullptr);
  for (const Shard& s : given) {
    if (shards[s.index])
      throw Error("shard " + shard_name(s.index, count) + " is given twice: " + shards[s.index]->rows_path + " and " +
                  s.rows_path);
    shards[s.index] = &s;
  }
  for (std::size_t i = 0; i < count; ++i)
    if (!shards[i])
      throw Error("shard " + shard_name(i, count) + " is missing (" + std::to_string(given.size()) + " of " +
                  std::to_string(count) + " shards given)");

  const ordered_json& run = first.trailer.at("run");
  const std::size_t input_rows = run.at("input").at("rows").get<std::size_t>();
  const ordered_json& scorer_runs = run.at("scorers");
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t expected = input_rows / count + (i < input_rows % count ? 1 : 0);
    if (shards[i]->trailer.at("rows").get<std::size_t>() != expected)
      throw Error(shards[i]->statistics_path, 0,
                  "holds " + shards[i]->trailer.at("rows").dump() + " rows, but shard " + shard_name(i, count) +
                      " of " + std::to_string(input_rows) + " rows has " + std::to_string(expected));
  }

  std::vector<scoring::CorpusAccumulator> corpus;
  for (const auto& scorer : scorer_runs) corpus.emplace_back(aggregate_of(scorer));
  // Items read per shard and scorer, checked against the counts in each shard's trailer at the end.
  std::vector<std::vector<std::size_t>> items_read(count, std::vector<std::size_t>(corpus.size(), 0));

  const io::DatasetFormat out_format = request.out_format   ? *request.out_format
                                       : request.out == "-" ? io::DatasetFormat::jsonl
                                                            : io::dataset_format_from_name(request.out);
  io::DatasetRowWriter writer(request.out, out_format);
  std::vector<std::unique_ptr<io::DatasetRowReader>> rows;
  std::vector<std::unique_ptr<StatisticsLines>> statistics;
  for (const Shard* s : shards) {
    rows.push_back(std::make_unique<io::DatasetRowReader>(s->rows_path, io::DatasetFormat::jsonl));
    statistics.push_back(std::make_unique<StatisticsLines>(s->statistics_path));
  }
  io::DatasetRow row;
  std::vector<double> values;
  for (std::size_t r = 0; r < input_rows; ++r) {
    const std::size_t k = r % count;
    if (!rows[k]->next(row)) throw Error(shards[k]->rows_path, 0, "ends before its last row");
    const ordered_json line = statistics[k]->next();
    if (line[0] != r)
      throw Error(statistics[k]->path(), statistics[k]->line(),
                  "row index " + line[0].dump() + " where row " + std::to_string(r) + " was expected");
    // [row index, group, then per scorer a list of items, each null or a list of statistics]
    auto is_statistics = [](const ordered_json& item) {
      return item.is_null() || (item.is_array() && std::all_of(item.begin(), item.end(),
                                                               [](const ordered_json& v) { return v.is_number(); }));
    };
    // A row gives each scorer with a corpus score at most two items (chosen and rejected for a pointwise
    // scorer on preference rows; fewer where --missing or --empty skipped one); a scorer without one gives
    // none.
    bool well_formed = line.size() == 2 + corpus.size() && line[1].is_string();
    for (std::size_t s = 0; well_formed && s < corpus.size(); ++s) {
      well_formed = line[2 + s].is_array() && line[2 + s].size() <= 2 &&
                    (corpus[s].aggregate() != nullptr || line[2 + s].empty()) &&
                    std::all_of(line[2 + s].begin(), line[2 + s].end(), is_statistics);
      if (well_formed) items_read[k][s] += line[2 + s].size();
    }
    if (!well_formed) throw Error(statistics[k]->path(), statistics[k]->line(), "not a row of shard statistics");
    const std::string group = line[1].get<std::string>();
    try {
      for (std::size_t s = 0; s < corpus.size(); ++s)
        for (const auto& item : line[2 + s]) {
          if (item.is_null()) {
            corpus[s].add_item(group, std::nullopt);
            continue;
          }
          values = item.get<std::vector<double>>();
          corpus[s].add_item(group, std::span<const double>(values));
        }
    } catch (const Error& e) {
      throw Error(statistics[k]->path(), statistics[k]->line(), e.what());
    }
    writer.write(row.value);
  }
  for (std::size_t k = 0; k < count; ++k)
    if (rows[k]->next(row)) throw Error(shards[k]->rows_path, row.line, "more rows than its statistics describe");
  for (std::size_t k = 0; k < count; ++k)
    for (std::size_t s = 0; s < corpus.size(); ++s) {
      const auto expected = shards[k]->trailer.at("summary").at("scorers").at(s).at("items").get<std::size_t>();
      if (corpus[s].aggregate() != nullptr && items_read[k][s] != expected)
        throw Error(shards[k]->statistics_path, 0,
                    "statistics of " + std::to_string(items_read[k][s]) + " items for scorer '" +
                        scorer_runs[s].at("column").get<std::string>() + "', whose shard scored " +
                        std::to_string(expected));
    }

  ScoreDatasetResult result;
  const ordered_json& summary0 = shards[0]->trailer.at("summary");
  result.data_name = summary0.at("data_name").get<std::string>();
  result.layout = run.at("layout").get<std::string>();
  result.group_field = run.at("group_field").get<std::string>();
  result.out = request.out;
  result.rows = input_rows;
  result.empty = empty_policy(run.at("empty").get<std::string>());
  result.missing = missing_policy(run.at("missing").get<std::string>());
  result.subset_name = run.at("subset").get<std::string>();
  result.subset_column = run.at("subset_column").get<std::string>();
  result.subset_given = run.at("subset_given").get<bool>();
  const double allow_failures = run.at("allow_failures").get<double>();
  for (std::size_t s = 0; s < scorer_runs.size(); ++s) {
    ScorerRunSummary sum;
    sum.name = scorer_runs[s].at("name").get<std::string>();
    sum.column = scorer_runs[s].at("column").get<std::string>();
    sum.signature = scorer_runs[s].at("signature").get<std::string>();
    sum.corpus_name = scorer_runs[s].at("corpus").get<std::string>();
    sum.replaced_columns = summary0.at("scorers").at(s).at("replaced_columns").get<std::vector<std::string>>();
    for (const Shard* shard : shards) {
      const ordered_json& c = shard->trailer.at("summary").at("scorers").at(s);
      sum.items += c.at("items").get<std::size_t>();
      sum.empty_texts += c.at("empty_texts").get<std::size_t>();
      sum.missing_fields += c.at("missing_fields").get<std::size_t>();
      sum.issues += c.at("issues").get<std::size_t>();
      sum.unscored += c.at("unscored").get<std::size_t>();
      sum.seconds += c.at("seconds").get<double>();
      sum.judge = c.at("judge").get<bool>();
      sum.cache_hits += c.at("cache_hits").get<std::size_t>();
      sum.requests += c.at("requests").get<std::size_t>();
      sum.cache_path = c.at("cache_path").get<std::string>();
      for (const auto& m : c.at("issue_messages"))
        sum.issue_messages.push_back({m.at(0).get<std::size_t>(), m.at(1).get<int>(), m.at(2).get<std::string>()});
    }
    std::sort(sum.issue_messages.begin(), sum.issue_messages.end(), [](const ItemMessage& a, const ItemMessage& b) {
      return a.row != b.row ? a.row < b.row : a.slot < b.slot;
    });
    if (sum.issue_messages.size() > 5) sum.issue_messages.resize(5);
    sum.corpus = corpus[s].scores();
    sum.failed =
        sum.unscored > 0 && static_cast<double>(sum.unscored) > allow_failures * static_cast<double>(sum.items);
    result.scorers.push_back(std::move(sum));
  }
  for (const Shard* shard : shards)
    result.subset_filled += shard->trailer.at("summary").at("subset_filled").get<std::size_t>();
  writer.finish();
  return result;
}

}  // namespace trenchcoat::runs

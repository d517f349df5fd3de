#include "trenchcoat/io/mqm_ratings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::io {
namespace {

using text::ascii_lower;
using text::split_tabs;

// The line without a trailing carriage return.
std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool is_blank(std::string_view line) { return text::strip(line).empty(); }

std::int64_t parse_segment_id(std::string_view field, const std::string& path, std::size_t line) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size() || value < 0)
    throw Error(path, line, "seg_id '" + std::string(field) + "' is not a non-negative integer");
  return value;
}

// A finite number as Python's float() reads one, or NaN for `None`.
double parse_score(std::string_view field, const std::string& path, std::size_t line) {
  if (field == "None") return meta::kMissing;
  const std::string s(field);
  char* end = nullptr;
  const double value = s.empty() ? 0.0 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(value))
    throw Error(path, line, "score '" + s + "' is neither a finite number nor None");
  return value;
}

// Segment ids in ascending order and the item index of each.
std::pair<std::vector<std::int64_t>, std::map<std::int64_t, std::size_t>> index_segments(
    std::map<std::int64_t, std::size_t> segments) {
  std::vector<std::int64_t> ids;
  ids.reserve(segments.size());
  for (auto& [id, item] : segments) {
    item = ids.size();
    ids.push_back(id);
  }
  return {std::move(ids), std::move(segments)};
}

// Sorted names and, per name, its index among them.
std::vector<std::string> sorted_names(const std::unordered_map<std::string, std::size_t>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const auto& [name, _] : names) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

// What the rows of one (system, segment) say.
struct Cell {
  std::size_t first_line = 0;
  std::string target;
  std::vector<std::pair<std::string, double>> rater_sums;  // raters in order of first appearance
};

}  // namespace

std::optional<double> mqm_error_weight(std::string_view severity, std::string_view category) {
  const std::string sev = ascii_lower(severity);
  const std::string cat = ascii_lower(category);
  const std::string_view top = std::string_view(cat).substr(0, cat.find('/'));
  if (top == "no-error") {
    if (sev == "no-error" || sev == "neutral") return 0.0;
    return std::nullopt;
  }
  if (sev == "major") {
    if (top == "non-translation!" || top == "non-translation") return 25.0;
    return 5.0;
  }
  if (sev == "minor") {
    if (cat == "fluency/punctuation" || cat.rfind("fluency/punctuation/", 0) == 0) return 0.1;
    return 1.0;
  }
  if (sev == "neutral" || sev == "no-error") return 0.0;
  return std::nullopt;
}

std::string strip_mqm_span_marks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, 3, "<v>") == 0) {
      pos += 3;
    } else if (text.compare(pos, 4, "</v>") == 0) {
      pos += 4;
    } else {
      out += text[pos++];
    }
  }
  return out;
}

std::vector<std::string_view> MqmRatings::outputs(std::size_t system) const {
  return {targets.at(system).begin(), targets.at(system).end()};
}

std::vector<std::string_view> MqmRatings::outputs(const std::string& system) const {
  const auto index = scores.system_index(system);
  if (!index) throw Error("no MQM ratings for system '" + system + "'");
  return outputs(*index);
}

std::vector<std::string_view> MqmRatings::source_lines() const { return {sources.begin(), sources.end()}; }

MqmRatings read_mqm_ratings(const std::string& path) {
  const TextLines lines = read_text_lines(path, Newlines::lf_only);
  if (lines.empty()) throw Error(path, 0, "empty file: expected a header line");

  // Header: the columns we need, by name.
  const auto header = split_tabs(without_cr(lines[0]));
  constexpr std::size_t kColumns = 7;
  const char* const names[kColumns] = {"system", "seg_id", "rater", "source", "target", "category", "severity"};
  std::size_t column[kColumns];
  std::size_t needed = 0;
  for (std::size_t c = 0; c < kColumns; ++c) {
    const auto it = std::find(header.begin(), header.end(), std::string_view(names[c]));
    if (it == header.end()) throw Error(path, 1, std::string("missing column '") + names[c] + "' in the header");
    column[c] = static_cast<std::size_t>(it - header.begin());
    needed = std::max(needed, column[c] + 1);
  }
  enum { kSystem, kSegId, kRater, kSource, kTarget, kCategory, kSeverity };
  // Optional: the document of each segment.
  const auto doc_it = std::find(header.begin(), header.end(), std::string_view("doc"));
  // A plain index with a flag, not std::optional: GCC 12 warns (-Wmaybe-uninitialized) on the optional.
  const bool has_doc_column = doc_it != header.end();
  const std::size_t doc_column = has_doc_column ? static_cast<std::size_t>(doc_it - header.begin()) : 0;
  if (has_doc_column) needed = std::max(needed, doc_column + 1);
  std::map<std::int64_t, std::string> segment_document;

  std::unordered_map<std::string, std::size_t> system_index;  // name -> order of first appearance
  std::map<std::int64_t, std::size_t> segment_first_line;     // seg_id -> line of its first row
  std::map<std::int64_t, std::string> segment_source;
  std::map<std::pair<std::size_t, std::int64_t>, Cell> cells;

  for (std::size_t n = 1; n < lines.size(); ++n) {
    const std::size_t line_no = n + 1;
    const std::string_view line = without_cr(lines[n]);
    if (is_blank(line)) continue;
    const auto fields = split_tabs(line);
    if (fields.size() < needed)
      throw Error(path, line_no,
                  "expected at least " + std::to_string(needed) + " tab-separated fields, found " +
                      std::to_string(fields.size()));
    const std::string system(fields[column[kSystem]]);
    if (system.empty()) throw Error(path, line_no, "empty system name");
    const std::int64_t seg_id = parse_segment_id(fields[column[kSegId]], path, line_no);
    const auto weight = mqm_error_weight(fields[column[kSeverity]], fields[column[kCategory]]);
    if (!weight)
      throw Error(path, line_no,
                  "unknown MQM severity '" + std::string(fields[column[kSeverity]]) + "' for category '" +
                      std::string(fields[column[kCategory]]) +
                      "' (expected Major, Minor, Neutral or No-error; a No-error row must have "
                      "severity No-error or Neutral)");

    std::string source = strip_mqm_span_marks(fields[column[kSource]]);
    const auto [src_it, new_segment] = segment_source.try_emplace(seg_id, std::move(source));
    if (new_segment) {
      segment_first_line[seg_id] = line_no;
    } else if (src_it->second != source) {  // try_emplace left `source` alone
      throw Error(path, line_no,
                  "the source of segment " + std::to_string(seg_id) + " differs from line " +
                      std::to_string(segment_first_line[seg_id]) + " (after removing <v> marks)");
    }

    if (has_doc_column) {
      const std::string document(fields[doc_column]);
      const auto [doc_entry, new_doc] = segment_document.try_emplace(seg_id, document);
      if (!new_doc && doc_entry->second != document)
        throw Error(path, line_no,
                    "segment " + std::to_string(seg_id) + " is in document '" + document + "' here but in '" +
                        doc_entry->second + "' on line " + std::to_string(segment_first_line[seg_id]));
    }
    const std::size_t sys = system_index.try_emplace(system, system_index.size()).first->second;
    std::string target = strip_mqm_span_marks(fields[column[kTarget]]);
    auto [cell_it, new_cell] = cells.try_emplace({sys, seg_id});
    Cell& cell = cell_it->second;
    if (new_cell) {
      cell.first_line = line_no;
      cell.target = std::move(target);
    } else if (cell.target != target) {
      throw Error(path, line_no,
                  "the target of system '" + system + "' on segment " + std::to_string(seg_id) + " differs from line " +
                      std::to_string(cell.first_line) + " (after removing <v> marks)");
    }
    const std::string rater(fields[column[kRater]]);
    auto rater_it = std::find_if(cell.rater_sums.begin(), cell.rater_sums.end(),
                                 [&](const auto& entry) { return entry.first == rater; });
    if (rater_it == cell.rater_sums.end()) {
      cell.rater_sums.emplace_back(rater, 0.0);
      rater_it = cell.rater_sums.end() - 1;
    }
    rater_it->second += *weight;
  }

  MqmRatings out;
  const auto systems = sorted_names(system_index);
  std::vector<std::size_t> sorted_position(systems.size());
  for (std::size_t s = 0; s < systems.size(); ++s) sorted_position[system_index.at(systems[s])] = s;

  std::map<std::int64_t, std::size_t> segment_item;
  for (const auto& [id, _] : segment_source) segment_item[id] = 0;
  auto [ids, items] = index_segments(std::move(segment_item));
  out.segment_ids = std::move(ids);
  out.scores = meta::ScoreTable(systems, out.segment_ids.size());
  out.sources.reserve(out.segment_ids.size());
  for (auto& [id, source] : segment_source) out.sources.push_back(std::move(source));
  if (has_doc_column)
    for (auto& [id, document] : segment_document) out.documents.push_back(std::move(document));
  out.targets.assign(systems.size(), std::vector<std::string>(out.segment_ids.size()));

  for (auto& [key, cell] : cells) {
    const std::size_t s = sorted_position[key.first];
    const std::size_t i = items.at(key.second);
    double total = 0.0;
    for (const auto& [rater, sum] : cell.rater_sums) total += sum;
    const double mean = total / static_cast<double>(cell.rater_sums.size());
    out.scores.set(s, i, -mean);
    out.targets[s][i] = std::move(cell.target);
  }
  return out;
}

MqmSegmentScores read_mqm_avg_seg_scores(const std::string& path) {
  const TextLines lines = read_text_lines(path, Newlines::lf_only);
  if (lines.empty()) throw Error(path, 0, "empty file: expected the header 'system mqm_avg_score seg_id'");
  const auto header = text::split_whitespace(lines[0]);
  if (header.size() != 3 || header[0] != "system" || header[1] != "mqm_avg_score" || header[2] != "seg_id")
    throw Error(path, 1, "expected the header 'system mqm_avg_score seg_id'");

  struct Row {
    std::string system;
    std::int64_t seg_id;
    double score;
    std::size_t line;
  };
  std::vector<Row> rows;
  std::unordered_map<std::string, std::size_t> systems_seen;
  std::map<std::int64_t, std::size_t> segments;
  for (std::size_t n = 1; n < lines.size(); ++n) {
    const std::size_t line_no = n + 1;
    if (is_blank(lines[n])) continue;
    const auto fields = text::split_whitespace(lines[n]);
    if (fields.size() != 3)
      throw Error(path, line_no, "expected 'SYSTEM SCORE SEG_ID', found " + std::to_string(fields.size()) + " fields");
    Row row{std::string(fields[0]), parse_segment_id(fields[2], path, line_no), parse_score(fields[1], path, line_no),
            line_no};
    systems_seen.try_emplace(row.system, systems_seen.size());
    segments.try_emplace(row.seg_id, 0);
    rows.push_back(std::move(row));
  }

  MqmSegmentScores out;
  const auto systems = sorted_names(systems_seen);
  auto [ids, items] = index_segments(std::move(segments));
  out.segment_ids = std::move(ids);
  out.scores = meta::ScoreTable(systems, out.segment_ids.size());
  std::unordered_map<std::string, std::size_t> system_row;
  for (std::size_t s = 0; s < systems.size(); ++s) system_row[systems[s]] = s;
  std::vector<std::size_t> line_of(systems.size() * out.segment_ids.size(), 0);
  for (const Row& row : rows) {
    const std::size_t s = system_row.at(row.system);
    const std::size_t i = items.at(row.seg_id);
    std::size_t& seen = line_of[s * out.segment_ids.size() + i];
    if (seen != 0)
      throw Error(path, row.line,
                  "system '" + row.system + "' has a second score for segment " + std::to_string(row.seg_id) +
                      " (first on line " + std::to_string(seen) + ")");
    seen = row.line;
    out.scores.set(s, i, row.score);
  }
  return out;
}

meta::ScoreTable mqm_system_scores(const meta::ScoreTable& segment_scores) {
  meta::ScoreTable out(segment_scores.systems(), 1);
  for (std::size_t s = 0; s < segment_scores.num_systems(); ++s) {
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < segment_scores.num_items(); ++i) {
      const double v = segment_scores.value(s, i);
      if (meta::is_missing(v)) continue;
      sum += v;
      ++count;
    }
    out.set(s, 0, count == 0 ? meta::kMissing : sum / static_cast<double>(count));
  }
  return out;
}

}  // namespace trenchcoat::io

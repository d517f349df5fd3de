#include "trenchcoat/io/preference_rows.hpp"

#include <cmath>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/jsonl.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/scoring/length_scorer.hpp"

namespace trenchcoat::io {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Chooses the score fields from the first row when the user named none.
void detect_score_fields(const std::string& path, const JsonRow& first, PreferenceFields& f) {
  const nlohmann::json& row = first.value;
  if (!f.scorer.empty()) {
    const std::string c = f.scorer + ".chosen", r = f.scorer + ".rejected", p = f.scorer + ".preference";
    if (row.contains(c) && row.contains(r)) {
      f.chosen = c;
      f.rejected = r;
    } else if (row.contains(p)) {
      f.preference = p;
    } else {
      throw Error(path, first.line, "no '" + c + "' and '" + r + "' fields, and no '" + p + "' field");
    }
    return;
  }
  if (!f.scores.empty() || !f.preference.empty() || (!f.chosen.empty() && !f.rejected.empty())) return;
  if (!f.chosen.empty() || !f.rejected.empty())
    throw Error("name both the chosen and the rejected score field (--chosen and --rejected)");
  if (row.contains("scores") && row["scores"].is_array()) {
    f.scores = "scores";
    return;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, value] : row.items()) {
    if (!value.is_number() || !ends_with(key, ".chosen")) continue;
    const std::string rejected = key.substr(0, key.size() - 7) + ".rejected";
    if (row.contains(rejected) && row[rejected].is_number()) pairs.emplace_back(key, rejected);
  }
  for (const auto& [c, r] : std::vector<std::pair<std::string, std::string>>{
           {"score_chosen", "score_rejected"}, {"scores_chosen", "scores_rejected"}, {"chosen_score", "rejected_score"}})
    if (row.contains(c) && row.contains(r) && row[c].is_number() && row[r].is_number()) pairs.emplace_back(c, r);
  std::vector<std::string> preferences;
  for (const auto& [key, value] : row.items())
    if (value.is_number() && ends_with(key, ".preference")) preferences.push_back(key);
  if (pairs.size() == 1 && preferences.empty()) {
    f.chosen = pairs[0].first;
    f.rejected = pairs[0].second;
    return;
  }
  if (pairs.empty() && preferences.size() == 1) {
    f.preference = preferences[0];
    return;
  }
  if (pairs.empty() && preferences.empty())
    throw Error(path, first.line,
                "no score fields found: pass --scores FIELD (a list, chosen first) or --chosen FIELD --rejected FIELD");
  std::string names;
  for (const auto& p : pairs) names += (names.empty() ? "" : ", ") + p.first;
  for (const auto& p : preferences) names += (names.empty() ? "" : ", ") + p;
  throw Error(path, first.line, "several score fields (" + names + "): choose one with --scorer NAME (or --chosen and --rejected)");
}

double number_field(const std::string& path, const JsonRow& row, const std::string& field) {
  if (!row.value.contains(field)) throw Error(path, row.line, "no '" + field + "' field");
  const auto& v = row.value[field];
  if (!v.is_number()) throw Error(path, row.line, "'" + field + "' is not a number");
  const double d = v.get<double>();
  if (!std::isfinite(d)) throw Error(path, row.line, "'" + field + "' is not a finite number");
  return d;
}

// number_field, or NaN for a null or absent score when the caller handles missing scores.
double score_field(const std::string& path, const JsonRow& row, const std::string& field, bool allow_missing) {
  if (allow_missing && (!row.value.contains(field) || row.value[field].is_null())) return std::nan("");
  return number_field(path, row, field);
}

std::string text_field(const JsonRow& row, const std::string& field) {
  if (!row.value.contains(field)) return "";
  const auto& v = row.value[field];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return v.dump();
}

std::vector<meta::PreferenceExample> examples_of_rows(const std::string& path, const std::vector<JsonRow>& rows,
                                                       PreferenceFields fields) {
  if (rows.empty()) throw Error(path, 0, "no rows");
  detect_score_fields(path, rows.front(), fields);
  std::vector<meta::PreferenceExample> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    meta::PreferenceExample e;
    e.line = row.line;
    e.id = text_field(row, fields.id);
    e.subset = text_field(row, fields.subset);
    if (e.subset.empty() && fields.subset_required) throw Error(path, row.line, "no '" + fields.subset + "' field");
    e.language = text_field(row, fields.language);
    if (!fields.scores.empty()) {
      if (!row.value.contains(fields.scores) || !row.value[fields.scores].is_array())
        throw Error(path, row.line, "'" + fields.scores + "' is not a list of scores");
      for (const auto& v : row.value[fields.scores]) {
        // A score may itself be a one-element list (RewardBench 2 writes [[s], ...]).
        const auto& x = v.is_array() && v.size() == 1 ? v[0] : v;
        if (!x.is_number() || !std::isfinite(x.get<double>()))
          throw Error(path, row.line, "'" + fields.scores + "' holds something that is not a finite number");
        e.scores.push_back(x.get<double>());
      }
      if (e.scores.size() < 2) throw Error(path, row.line, "'" + fields.scores + "' needs at least two scores");
    } else if (!fields.preference.empty()) {
      const double p = score_field(path, row, fields.preference, fields.allow_missing_scores);
      if (p < 0.0 || p > 1.0) throw Error(path, row.line, "'" + fields.preference + "' is not a probability in [0, 1]");
      e.scores = {p, 1.0 - p};
    } else {
      e.scores = {score_field(path, row, fields.chosen, fields.allow_missing_scores),
                  score_field(path, row, fields.rejected, fields.allow_missing_scores)};
    }
    if (row.value.contains(fields.num_correct) && row.value[fields.num_correct].is_number_integer())
      e.num_correct = row.value[fields.num_correct].get<std::size_t>();
    if (row.value.contains(fields.tie) && !row.value[fields.tie].is_null()) {
      if (!row.value[fields.tie].is_boolean()) throw Error(path, row.line, "'" + fields.tie + "' must be true or false");
      e.gold_tie = row.value[fields.tie].get<bool>();
      if (e.gold_tie && e.scores.size() != 2)
        throw Error(path, row.line, "a gold tie ('" + fields.tie + "': true) needs exactly two scores");
    }
    out.push_back(std::move(e));
  }
  return out;
}


PreferenceLengths no_lengths(std::string note) {
  PreferenceLengths l;
  l.note = std::move(note);
  return l;
}

PreferenceLengths lengths_from_columns(const std::string& path, const std::vector<JsonRow>& rows, const std::string& chosen,
                                       const std::string& rejected) {
  PreferenceLengths l;
  l.source = LengthSource::columns;
  l.origin = chosen + " / " + rejected;
  l.unit = "as written by the scorer";
  for (const auto& row : rows) {
    l.chosen.push_back(number_field(path, row, chosen));
    l.rejected.push_back(number_field(path, row, rejected));
  }
  return l;
}

PreferenceLengths lengths_from_texts(const std::string& path, const std::vector<JsonRow>& rows, const std::string& unit) {
  const auto length_scorer = scoring::make_length_scorer({{"unit", unit}});
  Dataset dataset;
  dataset.name = path;
  dataset.format = DatasetFormat::jsonl;
  dataset.rows.reserve(rows.size());
  for (const auto& row : rows) dataset.rows.push_back({row.line, nlohmann::ordered_json::parse(row.value.dump())});
  scoring::DatasetLayout layout;
  try {
    layout = scoring::detect_layout(dataset);
  } catch (const Error&) {
    layout.kind = scoring::LayoutKind::pointwise;
  }
  if (!layout.is_preference())
    return no_lengths("no length analysis: no length columns and no completion texts (chosen/rejected, or LLMBar's "
                      "output_1/output_2/label) in the rows");
  std::vector<scoring::Item> items;
  items.reserve(2 * rows.size());
  try {
    for (const auto& row : dataset.rows) {
      auto mapped = scoring::map_row(dataset, row, layout);
      items.push_back(std::move(mapped.chosen));
      items.push_back(std::move(mapped.rejected));
    }
    const auto measured = length_scorer->score(items);
    PreferenceLengths l;
    l.source = LengthSource::texts;
    l.origin = layout.describe();
    l.unit = unit;
    for (std::size_t i = 0; i + 1 < measured.item_scores.size(); i += 2) {
      l.chosen.push_back(measured.item_scores[i]);
      l.rejected.push_back(measured.item_scores[i + 1]);
    }
    return l;
  } catch (const Error& e) {
    return no_lengths(std::string("no length analysis: the completion texts could not be read: ") + e.what());
  }
}

}  // namespace

std::vector<meta::PreferenceExample> read_preference_rows(const std::string& path, PreferenceFields fields) {
  return examples_of_rows(path, read_jsonl(path), std::move(fields));
}

std::string length_source_name(LengthSource source) {
  switch (source) {
    case LengthSource::columns: return "columns";
    case LengthSource::texts: return "texts";
    case LengthSource::none: return "none";
  }
  return "none";
}

PreferenceRows read_preference_rows_with_lengths(const std::string& path, PreferenceFields fields,
                                                 const PreferenceLengthFields& length_fields) {
  scoring::parse_length_unit(length_fields.unit);  // an unknown unit is an error even when the columns are used
  const auto rows = read_jsonl(path);
  PreferenceRows out;
  out.examples = examples_of_rows(path, rows, std::move(fields));
  for (const auto& e : out.examples)
    if (e.scores.size() != 2) {
      out.lengths = no_lengths("no length analysis: it covers pairs only, and line " + std::to_string(e.line) + " holds " +
                               std::to_string(e.scores.size()) + " completions");
      return out;
    }
  const std::string chosen = length_fields.scorer + ".chosen", rejected = length_fields.scorer + ".rejected";
  const auto& first = rows.front().value;
  if (first.contains(chosen) && first.contains(rejected))
    out.lengths = lengths_from_columns(path, rows, chosen, rejected);
  else
    out.lengths = lengths_from_texts(path, rows, length_fields.unit);
  return out;
}

}  // namespace trenchcoat::io

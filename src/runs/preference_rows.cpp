#include "trenchcoat/runs/preference_rows.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/jsonl.hpp"
#include "trenchcoat/scoring/dataset_layout.hpp"
#include "trenchcoat/scoring/length_scorer.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::runs {
namespace {

bool number_or_null(const nlohmann::json& v) { return v.is_number() || v.is_null(); }

// The scorer of a --scorer NAME: NAME.chosen / NAME.rejected, else NAME.preference.
PreferenceScorer named_scorer(const std::string& path, const io::JsonRow& first, const PreferenceFields& fields,
                              const std::string& name) {
  const nlohmann::json& row = first.value;
  PreferenceScorer s{name, "", fields};
  s.fields.scorer.clear();
  const std::string c = name + ".chosen", r = name + ".rejected", p = name + ".preference";
  if (row.contains(c) && row.contains(r)) {
    s.fields.chosen = c;
    s.fields.rejected = r;
    s.columns = c + " / " + r;
  } else if (row.contains(p)) {
    s.fields.preference = p;
    s.columns = p;
  } else {
    throw Error(path, first.line, "no '" + c + "' and '" + r + "' fields, and no '" + p + "' field");
  }
  return s;
}

PreferenceScorer chosen_rejected_scorer(const PreferenceFields& fields, const std::string& chosen,
                                        const std::string& rejected) {
  PreferenceScorer s{chosen, chosen + " / " + rejected, fields};
  if (chosen.ends_with(".chosen") && rejected == chosen.substr(0, chosen.size() - 7) + ".rejected")
    s.name = chosen.substr(0, chosen.size() - 7);
  s.fields.chosen = chosen;
  s.fields.rejected = rejected;
  return s;
}

PreferenceScorer preference_scorer(const PreferenceFields& fields, const std::string& preference) {
  PreferenceScorer s{preference, preference, fields};
  if (preference.ends_with(".preference")) s.name = preference.substr(0, preference.size() - 11);
  s.fields.preference = preference;
  return s;
}

// The scorers whose scores the rows hold: the ones named, else those detected in the first row.
std::vector<PreferenceScorer> detect_scorers(const std::string& path, const io::JsonRow& first,
                                             const PreferenceFields& f, const std::vector<std::string>& names) {
  const nlohmann::json& row = first.value;
  std::vector<PreferenceScorer> out;
  if (!names.empty()) {
    for (const auto& name : names) out.push_back(named_scorer(path, first, f, name));
    return out;
  }
  if (!f.scorer.empty()) return {named_scorer(path, first, f, f.scorer)};
  if (!f.scores.empty()) return {PreferenceScorer{f.scores, f.scores, f}};
  if (!f.preference.empty()) return {preference_scorer(f, f.preference)};
  if (!f.chosen.empty() && !f.rejected.empty()) return {chosen_rejected_scorer(f, f.chosen, f.rejected)};
  if (!f.chosen.empty() || !f.rejected.empty())
    throw Error("name both the chosen and the rejected score field (--chosen and --rejected)");
  if (row.contains("scores") && row["scores"].is_array()) {
    PreferenceFields list = f;
    list.scores = "scores";
    return {PreferenceScorer{"scores", "scores", list}};
  }
  // nlohmann::json keeps an object's keys in name order, so the scorers come in name order.
  for (const auto& [key, value] : row.items()) {
    if (!number_or_null(value) || !key.ends_with(".chosen")) continue;
    const std::string rejected = key.substr(0, key.size() - 7) + ".rejected";
    if (row.contains(rejected) && number_or_null(row[rejected]))
      out.push_back(chosen_rejected_scorer(f, key, rejected));
  }
  for (const auto& [c, r] : std::vector<std::pair<std::string, std::string>>{{"score_chosen", "score_rejected"},
                                                                             {"scores_chosen", "scores_rejected"},
                                                                             {"chosen_score", "rejected_score"}})
    if (row.contains(c) && row.contains(r) && number_or_null(row[c]) && number_or_null(row[r]))
      out.push_back(chosen_rejected_scorer(f, c, r));
  for (const auto& [key, value] : row.items())
    if (number_or_null(value) && key.ends_with(".preference")) out.push_back(preference_scorer(f, key));
  if (out.empty())
    throw Error(path, first.line,
                "no score fields found: pass --scores FIELD (a list, chosen first) or --chosen FIELD --rejected FIELD");
  return out;
}

// The one scorer read_preference_rows reads: several detected are an error naming them.
PreferenceScorer single_scorer(const std::string& path, const io::JsonRow& first, const PreferenceFields& f) {
  auto found = detect_scorers(path, first, f, {});
  if (found.size() == 1) return found.front();
  std::string names;
  for (const auto& s : found)
    names += (names.empty() ? "" : ", ") + (s.fields.preference.empty() ? s.fields.chosen : s.fields.preference);
  throw Error(path, first.line,
              "several score fields (" + names + "): choose one with --scorer NAME (or --chosen and --rejected)");
}

double number_field(const std::string& path, const io::JsonRow& row, const std::string& field) {
  if (!row.value.contains(field)) throw Error(path, row.line, "no '" + field + "' field");
  const auto& v = row.value[field];
  if (!v.is_number()) throw Error(path, row.line, "'" + field + "' is not a number");
  const double d = v.get<double>();
  if (!std::isfinite(d)) throw Error(path, row.line, "'" + field + "' is not a finite number");
  return d;
}

// A score: a finite number, or nothing for null (a score the scorer could not give). When the caller
// handles missing scores itself (allow_missing), a null or absent score is the number NaN instead.
std::optional<double> score_field(const std::string& path, const io::JsonRow& row, const std::string& field,
                                  bool allow_missing) {
  if (allow_missing && (!row.value.contains(field) || row.value[field].is_null())) return std::nan("");
  if (row.value.contains(field) && row.value[field].is_null()) return std::nullopt;
  return number_field(path, row, field);
}

std::string text_field(const io::JsonRow& row, const std::string& field) {
  if (!row.value.contains(field)) return "";
  const auto& v = row.value[field];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return v.dump();
}

Error missing_score_error(const std::string& path, const io::JsonRow& row, const std::string& field) {
  return Error(path, row.line,
               "'" + field +
                   "' is null: the scorer gave no score for this row (--missing drop leaves such rows out, "
                   "--missing tie counts them as ties)");
}

// One scorer's examples, after the missing-score policy, with the index of each example's row.
struct ScorerExamples {
  std::vector<meta::PreferenceExample> examples;
  std::vector<std::size_t> row_of;
  std::size_t missing_rows = 0;
};

ScorerExamples examples_of_rows(const std::string& path, const std::vector<io::JsonRow>& rows,
                                const PreferenceFields& fields) {
  ScorerExamples out;
  out.examples.reserve(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const io::JsonRow& row = rows[r];
    meta::PreferenceExample e;
    e.line = row.line;
    e.id = text_field(row, fields.id);
    e.subset = text_field(row, fields.subset);
    if (e.subset.empty() && fields.subset_required) throw Error(path, row.line, "no '" + fields.subset + "' field");
    e.language = text_field(row, fields.language);
    std::string missing;  // the field whose score is null
    if (!fields.scores.empty()) {
      if (!row.value.contains(fields.scores) || !row.value[fields.scores].is_array())
        throw Error(path, row.line, "'" + fields.scores + "' is not a list of scores");
      for (const auto& v : row.value[fields.scores]) {
        // A score may itself be a one-element list (RewardBench 2 writes [[s], ...]).
        const auto& x = v.is_array() && v.size() == 1 ? v[0] : v;
        if (x.is_null()) {
          missing = fields.scores;
          e.scores.push_back(0.0);
          continue;
        }
        if (!x.is_number() || !std::isfinite(x.get<double>()))
          throw Error(path, row.line, "'" + fields.scores + "' holds something that is not a finite number");
        e.scores.push_back(x.get<double>());
      }
      if (e.scores.size() < 2) throw Error(path, row.line, "'" + fields.scores + "' needs at least two scores");
      if (!missing.empty()) std::fill(e.scores.begin(), e.scores.end(), 0.0);
    } else if (!fields.preference.empty()) {
      if (const auto p = score_field(path, row, fields.preference, fields.allow_missing_scores)) {
        if (*p < 0.0 || *p > 1.0)
          throw Error(path, row.line, "'" + fields.preference + "' is not a probability in [0, 1]");
        e.scores = {*p, 1.0 - *p};
      } else {
        missing = fields.preference;
        e.scores = {0.5, 0.5};
      }
    } else {
      const auto c = score_field(path, row, fields.chosen, fields.allow_missing_scores),
                 r = score_field(path, row, fields.rejected, fields.allow_missing_scores);
      if (!c || !r) missing = !c ? fields.chosen : fields.rejected;
      e.scores = missing.empty() ? std::vector<double>{*c, *r} : std::vector<double>{0.0, 0.0};
    }
    if (row.value.contains(fields.num_correct) && row.value[fields.num_correct].is_number_integer())
      e.num_correct = row.value[fields.num_correct].get<std::size_t>();
    if (row.value.contains(fields.tie) && !row.value[fields.tie].is_null()) {
      if (!row.value[fields.tie].is_boolean())
        throw Error(path, row.line, "'" + fields.tie + "' must be true or false");
      e.gold_tie = row.value[fields.tie].get<bool>();
      if (e.gold_tie && e.scores.size() != 2)
        throw Error(path, row.line, "a gold tie ('" + fields.tie + "': true) needs exactly two scores");
    }
    if (!missing.empty()) {
      if (fields.missing == meta::MissingPolicy::error) throw missing_score_error(path, row, missing);
      ++out.missing_rows;
      if (fields.missing == meta::MissingPolicy::drop) continue;
      e.missing_score = true;  // a tie: every score equal
    }
    out.examples.push_back(std::move(e));
    out.row_of.push_back(r);
  }
  return out;
}

PreferenceLengths no_lengths(std::string note) {
  PreferenceLengths l;
  l.note = std::move(note);
  return l;
}

PreferenceLengths lengths_from_columns(const std::string& path, const std::vector<io::JsonRow>& rows,
                                       const std::string& chosen, const std::string& rejected) {
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

PreferenceLengths lengths_from_texts(const std::string& path, const std::vector<io::JsonRow>& rows,
                                     const std::string& unit) {
  const auto length_scorer = scoring::make_length_scorer({{"unit", unit}});
  io::Dataset dataset;
  dataset.name = path;
  dataset.format = io::DatasetFormat::jsonl;
  dataset.rows.reserve(rows.size());
  for (const auto& row : rows) dataset.rows.push_back({row.line, nlohmann::ordered_json::parse(row.value.dump())});
  scoring::DatasetLayout layout;
  try {
    layout = scoring::detect_layout(dataset);
  } catch (const Error&) {
    layout.kind = scoring::LayoutKind::pointwise;
  }
  if (!layout.is_preference())
    return no_lengths(
        "no length analysis: no length columns and no completion texts (chosen/rejected, or LLMBar's "
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

std::vector<meta::PreferenceExample> read_preference_rows(const std::string& path, PreferenceFields fields,
                                                          std::size_t* missing_rows) {
  const auto rows = io::read_jsonl(path);
  if (rows.empty()) throw Error(path, 0, "no rows");
  auto read = examples_of_rows(path, rows, single_scorer(path, rows.front(), fields).fields);
  if (missing_rows) *missing_rows = read.missing_rows;
  return std::move(read.examples);
}

std::string length_source_name(LengthSource source) {
  switch (source) {
    case LengthSource::columns:
      return "columns";
    case LengthSource::texts:
      return "texts";
    case LengthSource::none:
      return "none";
  }
  return "none";
}

std::vector<PreferenceRows> read_preference_rows_by_scorer(const std::string& path, const PreferenceFields& fields,
                                                           const std::vector<std::string>& scorers,
                                                           const PreferenceLengthFields& length_fields) {
  scoring::parse_length_unit(length_fields.unit);  // an unknown unit is an error even when the columns are used
  const auto rows = io::read_jsonl(path);
  if (rows.empty()) throw Error(path, 0, "no rows");
  const auto found = detect_scorers(path, rows.front(), fields, scorers);
  std::vector<ScorerExamples> read;
  read.reserve(found.size());
  for (const auto& scorer : found) read.push_back(examples_of_rows(path, rows, scorer.fields));

  // The lengths of every row, measured once; each scorer keeps those of its examples' rows.
  PreferenceLengths all_lengths;
  std::string pairs_only;
  for (const auto& r : read)
    for (const auto& e : r.examples)
      if (e.scores.size() != 2 && pairs_only.empty())
        pairs_only = "no length analysis: it covers pairs only, and line " + std::to_string(e.line) + " holds " +
                     std::to_string(e.scores.size()) + " completions";
  const std::string chosen = length_fields.scorer + ".chosen", rejected = length_fields.scorer + ".rejected";
  const auto& first = rows.front().value;
  if (!pairs_only.empty()) all_lengths = no_lengths(pairs_only);
  else if (first.contains(chosen) && first.contains(rejected))
    all_lengths = lengths_from_columns(path, rows, chosen, rejected);
  else all_lengths = lengths_from_texts(path, rows, length_fields.unit);

  std::vector<PreferenceRows> out;
  for (std::size_t s = 0; s < found.size(); ++s) {
    PreferenceRows p;
    p.scorer = found[s];
    p.examples = std::move(read[s].examples);
    p.missing_rows = read[s].missing_rows;
    const auto& row_of = read[s].row_of;
    p.lengths = all_lengths;
    if (p.lengths.source != LengthSource::none) {
      p.lengths.chosen.clear();
      p.lengths.rejected.clear();
      for (std::size_t r : row_of) {
        p.lengths.chosen.push_back(all_lengths.chosen[r]);
        p.lengths.rejected.push_back(all_lengths.rejected[r]);
      }
    }
    // A pairwise judge's verdict in each order, beside NAME.preference.
    const std::string& preference = p.scorer.fields.preference;
    if (!preference.empty()) {
      const std::string ab = preference + "_ab", ba = preference + "_ba";
      if (first.contains(ab) && first.contains(ba)) {
        p.has_orders = true;
        p.order_columns = ab + " / " + ba;
        p.orders_incomplete = rows.size() - row_of.size();  // dropped rows
        for (std::size_t i = 0; i < row_of.size(); ++i) {
          const io::JsonRow& row = rows[row_of[i]];
          const auto a = score_field(path, row, ab, false), b = score_field(path, row, ba, false);
          if (!a || !b) {
            ++p.orders_incomplete;
            continue;
          }
          for (const auto& [field, v] : {std::pair{ab, *a}, std::pair{ba, *b}})
            if (v < 0.0 || v > 1.0) throw Error(path, row.line, "'" + field + "' is not a probability in [0, 1]");
          p.orders.push_back({p.examples[i].subset, *a, *b});
        }
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace trenchcoat::runs

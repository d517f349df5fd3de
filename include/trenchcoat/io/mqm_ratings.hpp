#pragma once
// Google's expert MQM ratings (github.com/google/wmt-mqm-human-evaluation, the layout of its
// commit 7fadea2), read into systems x segments tables: the error-level TSV
// (`mqm_*.tsv`, one row per error, from which segment scores and the rated texts are rebuilt) and the
// per-segment score files (`*.avg_seg_scores.tsv`). The meta-evaluation protocol that uses them is
// the WMT21 Metrics Task's (Freitag et al., 2021), with mt-metrics-eval's statistics.
//
// Scores are NEGATIVE MQM everywhere in this header (0 is a perfect segment, higher is better), the
// convention of the avg_seg_scores files and of mt-metrics-eval's MQM gold scores; negate a value to
// get the MQM error score. Tables list the systems sorted (byte order of the UTF-8 names, which is
// Python's sorted()), and the segments in ascending seg_id order; segment_ids[i] names item i.
//
// Error-level TSV (read_mqm_ratings):
//   - Tab separated, no quoting at all (Python's csv.QUOTE_NONE: a `"` is an ordinary character).
//     Line 1 is a header; the columns system, seg_id, rater, source, target, category and severity
//     are found by name (doc, doc_id, comment and any others are ignored). A row may have more
//     fields than it needs (a trailing comment), not fewer. Blank lines are skipped; a trailing \r is
//     removed from every line.
//   - A row's weight is mqm_error_weight(severity, category). A segment's score for one rater is the
//     sum of that rater's rows (in file order); with several raters the score is the mean of the
//     per-rater sums (raters in order of first appearance), negated. This is mt-metrics-eval's
//     converters/score_mqm.py with its default weights, and reproduces the TED avg_seg_scores files.
//   - `<v>` and `</v>` (the highlighted error span) are removed from source and target. Every row of
//     one (system, segment) must then give the same target, and every row of one segment, whatever
//     the system, the same source; a mismatch is an error naming both lines.
//   - A (system, segment) without any row is unrated: its score is missing (NaN) and its target "".
//     No row is ever dropped: a segment any system was rated on is an item of the table.
// Per-segment score file (read_mqm_avg_seg_scores):
//   - Whitespace separated (tab or space), header `system mqm_avg_score seg_id`, then one
//     `SYSTEM SCORE SEG_ID` row per (system, segment); `None` is an unrated segment (NaN). A
//     (system, segment) without a row is missing (NaN) too. Blank lines are skipped.
// Errors (trenchcoat::Error naming the file and line): missing or unreadable file, a missing header
// column, a row with too few fields, an empty system name, a seg_id that is not a non-negative
// integer, an unknown severity, a contradictory `No-error` row, inconsistent texts, a score that is not
// a finite number or `None`, and a (system, segment) given twice in a score file.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::io {

// The MQM weight of one error row (as a positive error count; the default weights of mt-metrics-eval's
// converters/score_mqm.py, which reproduce the ted avg_seg_scores files). Matching ignores case.
//   severity Major 5, Minor 1, Neutral 0, No-error 0;
//   except Major Non-translation (category "Non-translation!" as Google writes it, or
//   "Non-translation") 25, and Minor Fluency/Punctuation (and its subcategories) 0.1.
// A Minor Non-translation weighs 1 and a Major Fluency/Punctuation 5, as in score_mqm.py.
// nullopt for a severity that is none of the four, and for a `No-error` category with a severity
// other than No-error or Neutral (the reference would silently count it as an error).
std::optional<double> mqm_error_weight(std::string_view severity, std::string_view category);

// `<v>` and `</v>` removed from text.
std::string strip_mqm_span_marks(std::string_view text);

// The error-level ratings rebuilt into segment scores and texts.
struct MqmRatings {
  std::vector<std::int64_t> segment_ids;          // ascending; item i of every table below
  meta::ScoreTable scores;                        // negative MQM per (system, segment); NaN = unrated
  std::vector<std::string> sources;               // per segment, marks removed
  std::vector<std::string> documents;             // per segment, the `doc` column; empty when the file has none
  std::vector<std::vector<std::string>> targets;  // [system][segment], marks removed; "" where unrated

  const std::vector<std::string>& systems() const { return scores.systems(); }
  // The targets of one system (by index or name), in segment order, as views into `targets`.
  // The name must exist (trenchcoat::Error otherwise).
  std::vector<std::string_view> outputs(std::size_t system) const;
  std::vector<std::string_view> outputs(const std::string& system) const;
  std::vector<std::string_view> source_lines() const;
};

MqmRatings read_mqm_ratings(const std::string& path);

// The segment scores of an avg_seg_scores file.
struct MqmSegmentScores {
  std::vector<std::int64_t> segment_ids;  // ascending; item i of `scores`
  meta::ScoreTable scores;                // negative MQM as written; NaN = None or no row
};

MqmSegmentScores read_mqm_avg_seg_scores(const std::string& path);

// MQM system scores: a systems x 1 table holding, per system, the mean of its non-missing segment
// scores (summed in segment order, divided by their number); NaN for a system with none. This is the
// system-level human score of the wmt-mqm-human-evaluation README tables and of the WMT21 protocol.
meta::ScoreTable mqm_system_scores(const meta::ScoreTable& segment_scores);

}  // namespace trenchcoat::io

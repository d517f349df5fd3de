#pragma once
// One language pair of an mt-metrics-eval test-set directory (e.g. mt-metrics-eval-v2/wmt23 with
// --lp en-de), read as mt-metrics-eval's EvalSet reads it, and the writer of metric-score files into it.
// Layout as in the mt-metrics-eval-v2 data tarball (mt-metrics-eval git 68a481a); names and rules
// follow mt-metrics-eval data.py (EvalSet._ReadDataset, ReadScoreFile, ReadDomainScoreFile,
// ParseMetricName, CheckScores).
//
// Layout, relative to the test-set directory DIR, for language pair LP (e.g. en-de):
//   sources/LP.txt                     one segment per line (or LP.jsonl, field "source")
//   documents/LP.docs                  one `DOMAIN DOCNAME` line per segment
//   references/LP.NAME.txt             one line per segment (or .jsonl, field "target")
//   system-outputs/LP/SYSNAME.txt      one line per segment (or .jsonl, field "hypothesis")
//   human-scores/LP.NAME.LEVEL.score   `SYSNAME SCORE` lines (domain level `DOMAIN SYSNAME SCORE`); None = missing
//   metric-scores/LP/BASENAME-REF.LEVEL.score   the same format, no None
//
// Rules, as the reference applies them:
//   * text files are read as Python does (UTF-8, universal newlines) and every line loses its trailing
//     whitespace (str.rstrip()); the line `[No translation supplied]` is a missing text (nullopt); in
//     .jsonl files a null field is missing;
//   * documents are contiguous blocks of segments, in order of appearance; a document reappearing
//     after another one is an error, and so is a document whose segments name different domains.
//     Domains are sorted by name (Python's sorted(): code point order) and may be non-contiguous;
//   * a reference NAME must not contain '-' and must not be `all` or `src` (it cannot contain '.');
//     a reference copied into system-outputs under its own name is a "human system";
//   * every reference and system output has exactly as many lines as the source;
//   * score-file LEVEL is one of sys, domain, doc, seg, with 1, #domains, #documents, #segments scores
//     per system; seg and doc files hold one contiguous block per system (see mtme_score_file.hpp);
//     domain files may list (domain, system) pairs in any order, and a pair left out is missing;
//   * a score file naming a system that has no output is an error; human score files may leave
//     systems out; a metric must have scores for every system except the references it used, and a
//     system it lacks is either padded with 0 scores (the reference's default, strict=False) or an
//     error (strict=True), see MtmeReadOptions;
//   * a metric name is BASENAME-REF, split at the last '-' (so basenames may contain '-'); REF is
//     `src` (no reference), `all` (every reference), or reference names joined by '.', which must all
//     exist. A metric whose references are all of the test set's, when there are at least 3, is filed
//     under BASENAME-all, as the reference does.
// Every error is one trenchcoat::Error naming the file (and the line, where there is one).
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::io {

// The granularity of a score file.
enum class MtmeLevel { sys, domain, doc, seg };

inline constexpr MtmeLevel kMtmeLevels[] = {MtmeLevel::sys, MtmeLevel::domain, MtmeLevel::doc, MtmeLevel::seg};

std::string mtme_level_name(MtmeLevel level);  // "sys", "domain", "doc", "seg"
// nullopt for any other string.
std::optional<MtmeLevel> parse_mtme_level(std::string_view name);

// The line that stands for a missing text in every text file of the layout.
inline constexpr std::string_view kMtmeNoTranslation = "[No translation supplied]";

// The lines of a text file of the layout; nullopt = missing ([No translation supplied] / null).
using MtmeText = std::vector<std::optional<std::string>>;

// A text file as the layout reads it, with the path it came from (for messages).
struct MtmeTextFile {
  std::string path;
  MtmeText lines;
};

// A contiguous block of segments [begin, end).
struct MtmeDocument {
  std::string name;
  std::string domain;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A domain: the segment ranges [begin, end) of its documents, in order (merged where adjacent).
struct MtmeDomain {
  std::string name;
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
};

// A metric's full name, BASENAME-REF, split at the last '-'.
struct MtmeMetricName {
  std::string basename;    // e.g. "COMET-22"
  std::string references;  // e.g. "refA", "refA.refB", "src", "all"
};

// Splits at the last '-'. Throws trenchcoat::Error when there is no '-' or either side is empty.
MtmeMetricName parse_mtme_metric_name(std::string_view full_name);

// BASENAME-REF with REF = the names joined by '.', or `src` when there are none. Throws
// trenchcoat::Error for an invalid reference name or a basename that is empty.
std::string make_mtme_metric_name(std::string_view basename, std::span<const std::string> references);

// True when `name` can name a reference: non-empty, no '-' or '.', and not `all` or `src`.
bool is_valid_mtme_reference_name(std::string_view name);

// A score file of the test set: the path read and the scores (systems in file order; items in the
// order of the level: the single item, domains sorted by name, documents, or segments).
struct MtmeScoreFile {
  std::string path;
  meta::ScoreTable scores;
  std::vector<std::string> padded_systems;  // metric scores only: systems added with 0 scores
};

struct MtmeReadOptions {
  bool read_human_scores = true;    // human-scores/LP.*.score
  bool read_metric_scores = false;  // metric-scores/LP/*.score (the reference's read_stored_metric_scores)
  // The reference's `strict`: true makes a metric score file that lacks a system (other than the
  // references the metric used) an error; false pads the system with 0 scores and lists it in
  // MtmeScoreFile::padded_systems.
  bool strict = false;
};

struct MtmeTestSet {
  std::string directory;  // the test-set directory, as given
  std::string lp;         // e.g. "en-de"

  MtmeTextFile source;
  std::string documents_path;
  std::vector<MtmeDocument> documents;                 // in order; they tile the segments
  std::vector<MtmeDomain> domains;                     // sorted by name
  std::map<std::string, MtmeTextFile> references;      // by reference name
  std::map<std::string, MtmeTextFile> system_outputs;  // by system name (references included)
  // Score files by level, then by name: human scores by NAME (e.g. "mqm"), metric scores by their
  // full name (e.g. "BLEU-refA").
  std::map<MtmeLevel, std::map<std::string, MtmeScoreFile>> human_scores;
  std::map<MtmeLevel, std::map<std::string, MtmeScoreFile>> metric_scores;

  std::size_t num_segments() const { return source.lines.size(); }
  // Scores per system at a level: 1, #domains, #documents or #segments.
  std::size_t num_items(MtmeLevel level) const;
  // Names of the items of a level: {"sys"} at system level, else domain / document names, or
  // segment numbers from "1".
  std::vector<std::string> item_names(MtmeLevel level) const;

  std::vector<std::string> reference_names() const;
  std::vector<std::string> system_names() const;
  // Systems that are also references (a reference copied into system-outputs), sorted.
  std::vector<std::string> human_system_names() const;
  std::vector<std::string> domain_names() const;

  // The references a metric name says it used: none for `src`, every reference for `all`, else the
  // names between the '.'s. Throws trenchcoat::Error for a malformed name or an unknown reference.
  std::vector<std::string> references_used(std::string_view metric_full_name) const;

  // The scores of one file, or nullptr.
  const MtmeScoreFile* find_human_scores(MtmeLevel level, const std::string& name) const;
  const MtmeScoreFile* find_metric_scores(MtmeLevel level, const std::string& full_name) const;
};

// Reads language pair `lp` of the test-set directory `directory`. Missing sources or documents file,
// missing directories references/ and system-outputs/LP/ (an empty one is fine), and every broken
// file listed above are errors.
MtmeTestSet read_mtme_test_set(const std::string& directory, const std::string& lp,
                               const MtmeReadOptions& options = {});

// A domain-level score file (`DOMAIN SYSNAME SCORE` lines, whitespace separated) with domains in the
// order given. Systems are in order of first appearance; a (domain, system) pair left out is missing.
// Errors (file:line): a line that is not three fields, an unknown domain, a repeated (domain, system)
// pair, a score that is not a finite number or `None` (`None` only when missing == allowed), and, with
// missing == refused, a system that lacks a domain.
enum class MtmeMissing { allowed, refused };
meta::ScoreTable read_mtme_domain_score_file(const std::string& path, std::span<const std::string> domains,
                                             MtmeMissing missing);

// Where the metric-score file of a metric and level lives: DIR/metric-scores/LP/FULLNAME.LEVEL.score.
std::string mtme_metric_score_path(const std::string& directory, const std::string& lp, const std::string& full_name,
                                   MtmeLevel level);

enum class ExistingFile { refuse, overwrite };

// Writes a metric-score file at mtme_metric_score_path (creating metric-scores/LP/), atomically:
// `SYSNAME<TAB>SCORE` lines, one block per system (scores as Python's repr); at domain level
// `DOMAIN<TAB>SYSNAME<TAB>SCORE`, each system's domains in the order given (domain_names must then
// have one name per item). Returns the path. Throws trenchcoat::Error for a malformed metric name, a
// missing (NaN) or infinite score, a domain count that does not match, or an existing file with
// ExistingFile::refuse.
std::string write_mtme_metric_scores(const std::string& directory, const std::string& lp, const std::string& full_name,
                                     MtmeLevel level, const meta::ScoreTable& scores,
                                     std::span<const std::string> domain_names, ExistingFile existing);

}  // namespace trenchcoat::io

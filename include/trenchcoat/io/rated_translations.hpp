#pragma once
// Rated system outputs of one translation direction, per source segment, read from the files people
// have: an error-level MQM TSV (mqm_ratings.hpp, as `mtme import-mqm` reads it), one language pair of
// an mt-metrics-eval test-set directory (mtme_test_set.hpp: sources, references, system outputs and a
// segment-level human score file), or MAPLE's JSON Lines (source, translation, system, score). The
// result feeds meta/translation_pairs.hpp.
//
// References: a reference-based metric needs a reference text, so one system (MQM) or reference file
// (mt-metrics-eval) is the reference: it gives each segment's `reference` and is never a candidate.
//   - MQM TSV: --reference-system, default `ref` when the file has a system of that name (the WMT21 TED
//     files call reference A `ref`), else none.
//   - mt-metrics-eval: --reference-system names a reference; default the only one (none when there is
//     none; several without a choice are an error).
//   - MAPLE: none by default (M-RewardBench kept MAPLE's reference translation among the five candidates);
//     naming one (MAPLE calls it `reference`) makes it the reference and removes it from the candidates.
// Human translations are not candidates unless include_human: in an mt-metrics-eval directory the
// references copied into system-outputs (human systems), in an MQM TSV the systems listed in
// human_systems, by default every system whose name starts with "ref" or "human" (any case: TED's ref and
// refB, newstest's Human-A, ref-A).
// Scores: MQM and mt-metrics-eval human scores as the files hold them (MQM negated, so higher is better);
// an unrated output (NaN, None, `[No translation supplied]`) is kept with a NaN score, which the pair
// builder leaves out. A segment whose reference is missing or empty is left out (counted).
// Errors: trenchcoat::Error naming the file (and line): what the underlying readers reject, a reference
// system the data lacks, several mt-metrics-eval references without a choice, a missing human score
// file, MAPLE rows without a direction or with a missing field.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trenchcoat/meta/translation_pairs.hpp"

namespace trenchcoat::io {

struct RatedTranslationOptions {
  std::string reference_system;                           // empty: the default above
  std::optional<std::vector<std::string>> human_systems;  // MQM TSV: nullopt: the name rule above
  bool include_human = false;
  std::string gold;  // mt-metrics-eval: the human score name; empty: mqm if present, else the only one
};

struct RatedTranslations {
  std::string direction;                            // e.g. "en-de"
  std::string origin;                               // e.g. "mqm_ted_ende.tsv (error-level MQM)"
  std::string reference_system;                     // empty: none
  std::vector<std::string> human_systems_left_out;  // human translations that are not candidates
  std::vector<std::string> candidates;              // the candidate systems, in order
  std::size_t segments_without_reference = 0;       // left out: no reference text
  std::vector<meta::RatedSegment> segments;
};

RatedTranslations read_mqm_rated_translations(const std::string& path, const std::string& direction,
                                              const RatedTranslationOptions& options);
RatedTranslations read_mtme_rated_translations(const std::string& directory, const std::string& direction,
                                               const RatedTranslationOptions& options);
// MAPLE rows (source, translation, system, score): grouped into segments by source text (in order of
// first appearance), per direction. The direction is a row's `lp`, `language_pair` or `direction` field
// when it has one, else `direction` (an error when both are absent). Directions in order of first
// appearance.
std::vector<RatedTranslations> read_maple_rated_translations(const std::string& path, const std::string& direction,
                                                             const RatedTranslationOptions& options);

// True for the names the MQM TSV's default human rule matches.
bool looks_like_human_system(const std::string& name);

}  // namespace trenchcoat::io

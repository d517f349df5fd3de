#pragma once
// A best-of-n over-optimisation study from scored rows: the
// candidates' proxy and gold scores grouped into prompts, oriented so that higher is better, optionally
// z-scored, and the least-squares fits of the two functional forms of Gao, Schulman & Hilton (2023) to
// a best-of-n gold curve. The curve itself is best_of_n_curve (best_of_n.hpp).
//
// Reading scored rows into prompts is io::read_best_of_n_prompts (io/best_of_n_rows.hpp).
//
// z-scores (zscore_best_of_n_prompts): proxy and gold separately, each over all candidates of all
// prompts, x -> (x - mean) / sd with the population sd (ddof = 0, as scipy.stats.zscore). A constant
// score (sd = 0) has no scale: it is centred only (all zeros) and flagged constant.
//
// Fits (fit_over_optimisation_form): given points (d_j, y_j), y = gold(k) - gold(k=1) and d = sqrt(KL),
// the 2-parameter linear least squares in (alpha, beta) of
//   bon: y = alpha d - beta d^2               (R_bon(d) = d (alpha - beta d),     peak d* = alpha / (2 beta))
//   rl:  y = alpha d - beta d log d           (R_RL(d)  = d (alpha - beta log d), peak d* = exp(alpha/beta - 1))
// solved from the exact 2x2 normal equations (sums in long double, Cramer's rule). Only points with
// d > 0 enter. Fewer than 2 such points, a non-finite value, or singular normal equations: not
// fittable, with the reason. beta <= 0: the form has no peak (it rises without bound): peak absent,
// with the reason. residual_rms = sqrt(mean of squared residuals) over the fitted points.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/best_of_n.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

enum class ScoreDirection { higher, lower };
ScoreDirection parse_score_direction(const std::string& name);  // "higher" or "lower"; else Error
std::string score_direction_name(ScoreDirection direction);

struct BestOfNFields {
  std::string proxy;
  std::string gold;
  std::string group;  // one row per candidate: the prompt field; empty: "prompt_id", else "prompt"
  ScoreDirection proxy_direction = ScoreDirection::higher;
  ScoreDirection gold_direction = ScoreDirection::higher;
  std::size_t min_candidates = 0;  // prompts with fewer candidates are left out; 0: keep all
  // A null proxy or gold score (a list entry, a row's field; None in a proxy score file): error (an
  // Error naming the line and the --missing flag) or drop (the candidate is left out, counted). tie
  // is refused: a candidate without a score cannot be ranked.
  MissingPolicy missing = MissingPolicy::error;
};

enum class BestOfNLayout { candidate_rows, prompt_lists, score_tables };
std::string best_of_n_layout_name(BestOfNLayout layout);  // "one row per candidate", "one row per prompt", ...

struct BestOfNPrompts {
  std::string file;
  BestOfNLayout layout = BestOfNLayout::candidate_rows;
  std::string group_field;  // candidate_rows: the field used; prompt_lists: empty
  std::size_t rows = 0;
  std::vector<std::string> prompt_keys;    // the group value (prompt_lists: "line N")
  std::vector<std::vector<double>> proxy;  // per prompt, per candidate; higher is better
  std::vector<std::vector<double>> gold;
  std::size_t prompts_left_out = 0;  // fewer than min_candidates candidates
  std::size_t candidates_left_out = 0;
  std::size_t candidates_without_gold = 0;   // score tables: (system, segment) with a None gold score
  std::size_t candidates_missing_score = 0;  // dropped by --missing drop (a null proxy or gold score)
};

// Prompts from mt-metrics-eval tables (same systems, same items): a prompt per segment, a candidate
// per system, in table order (the order that breaks proxy ties). A system whose gold score is missing
// (None) on a segment is not a candidate there (counted in candidates_without_gold); a segment left
// with fewer than max(1, min_candidates) candidates is left out. Directions as for rows. `name` is
// used in messages. Errors: different systems or item counts, a non-finite proxy score, no segment left.
BestOfNPrompts best_of_n_prompts_from_tables(const ScoreTable& proxy, const ScoreTable& gold,
                                             const BestOfNFields& fields, const std::string& name);

struct ZScoreScale {
  double mean = 0.0;
  double sd = 0.0;        // population sd (ddof = 0)
  bool constant = false;  // sd == 0: centred only
};
struct BestOfNZScores {
  ZScoreScale proxy;
  ZScoreScale gold;
};
// z-scores prompts.proxy and prompts.gold in place (see above) and returns the scales used.
BestOfNZScores zscore_best_of_n_prompts(BestOfNPrompts& prompts);

enum class OverOptimisationForm { bon, rl };
std::string over_optimisation_form_name(OverOptimisationForm form);  // "bon", "rl"

struct OverOptimisationFit {
  OverOptimisationForm form = OverOptimisationForm::bon;
  std::size_t points = 0;  // points with d > 0
  bool fittable = false;
  std::string reason;  // why not fittable, or why there is no peak
  double alpha = 0.0;
  double beta = 0.0;
  std::optional<double> peak_distance;  // d*, when beta > 0
  double residual_rms = 0.0;
};

OverOptimisationFit fit_over_optimisation_form(std::span<const double> distance, std::span<const double> y,
                                               OverOptimisationForm form);
// The fit to a best-of-n curve: y = gold(k) - gold(k=1), d = curve distance (curve[0] must be k = 1).
OverOptimisationFit fit_over_optimisation_form(const std::vector<BestOfNPoint>& curve, OverOptimisationForm form);

}  // namespace trenchcoat::meta

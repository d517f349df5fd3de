#include "trenchcoat/runs/bon_run.hpp"

#include <algorithm>

#include "trenchcoat/error.hpp"

namespace trenchcoat::runs {

BonResult run_bon(BonRequest request) {
  BonResult s;
  s.data = std::move(request.data);
  s.fields = std::move(request.fields);
  s.prompts = std::move(request.prompts);
  const std::size_t max_n = request.max_n;
  s.min_n = static_cast<std::size_t>(-1);
  for (const auto& p : s.prompts.proxy) {
    s.min_n = std::min(s.min_n, p.size());
    s.max_n = std::max(s.max_n, p.size());
    s.total_candidates += p.size();
  }
  if (max_n > s.min_n)
    throw Error(s.prompts.file, 0,
                "--max-n " + std::to_string(max_n) + " is more than the fewest candidates of a prompt (" +
                    std::to_string(s.min_n) + "); pass --min-candidates " + std::to_string(max_n) +
                    " to leave out the smaller prompts");
  const std::size_t k_max = max_n == 0 ? s.min_n : max_n;
  if (request.zscore) {
    s.zscores = meta::zscore_best_of_n_prompts(s.prompts);
    if (s.zscores->proxy.constant) s.notes.push_back("the proxy is constant: its z-scores are all 0 (centred only)");
    if (s.zscores->gold.constant) s.notes.push_back("the gold is constant: its z-scores are all 0 (centred only)");
  }
  s.curve = meta::best_of_n_curve(s.prompts.proxy, s.prompts.gold);
  s.curve.resize(std::min(s.curve.size(), k_max));
  for (std::size_t i = 1; i < s.curve.size(); ++i)
    if (s.curve[i].gold > s.curve[s.peak_index].gold) s.peak_index = i;
  s.bon = meta::fit_over_optimisation_form(s.curve, meta::OverOptimisationForm::bon);
  s.rl = meta::fit_over_optimisation_form(s.curve, meta::OverOptimisationForm::rl);

  if (s.min_n < 2)
    s.notes.push_back(
        "a prompt has a single candidate, so the curve is the one point k = 1: over-optimisation needs "
        "n >= 2 candidates per prompt" +
        std::string(s.max_n >= 2 ? " (--min-candidates 2 leaves out the single-candidate prompts)" : ""));
  else if (s.min_n < s.max_n && max_n == 0)
    s.notes.push_back("prompts have " + std::to_string(s.min_n) + " to " + std::to_string(s.max_n) +
                      " candidates; the curve runs to k = " + std::to_string(s.min_n) +
                      ", the fewest (--min-candidates leaves out the smaller prompts to go further)");
  if (s.fields.proxy_direction == meta::ScoreDirection::lower || s.fields.gold_direction == meta::ScoreDirection::lower)
    s.notes.push_back(
        "scores with direction lower are negated: every proxy and gold value reported is higher-is-better");
  return s;
}

}  // namespace trenchcoat::runs

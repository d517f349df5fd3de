// trenchcoat meta bon: the best-of-n over-optimisation curve of a proxy score against a gold score
// (Gao, Schulman & Hilton 2023), with the fits of its two forms.
#include <CLI/CLI.hpp>

#include <string>

#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "score_file_inputs.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/best_of_n_rows.hpp"
#include "trenchcoat/meta/missing_policy.hpp"
#include "trenchcoat/meta/best_of_n_study.hpp"
#include "trenchcoat/render/bon_render.hpp"
#include "trenchcoat/runs/bon_run.hpp"

namespace trenchcoat::cli {
namespace {}  // namespace

int run_meta_bon(int argc, char** argv) {
  CLI::App app{
      "trenchcoat meta bon: the best-of-n over-optimisation curve (Gao, Schulman & Hilton 2023). For each k, the\n"
      "expected gold and proxy score of the candidate the proxy picks as best of k, against d = sqrt(KL_bon(k)),\n"
      "from N scored candidates per prompt (the unbiased all-subsets estimator, averaged over prompts), the k at\n"
      "which the gold peaks, and least-squares fits of R_bon(d) = d (alpha - beta d) and R_RL(d) = d (alpha - beta\n"
      "log d) to gold(k) - gold(1).\n"
      "\n"
      "Input: JSON Lines (.gz allowed), a JSON list, TSV or CSV (`trenchcoat score` output composes: its columns are\n"
      "named by the scorer). Either one row per candidate with number fields --proxy and --gold, grouped into\n"
      "prompts by --group (default prompt_id, else prompt); or one row per prompt whose --proxy and --gold fields\n"
      "are lists of numbers of the same length. The layout is read from the first row. Or mt-metrics-eval\n"
      "segment score files: --proxy-scores FILE --gold-scores FILE (a prompt per segment, a candidate per system;\n"
      "--systems / --exclude as for `meta corr`; a system with a None gold score is not a candidate there).\n"
      "\n"
      "Examples:\n"
      "  trenchcoat meta bon --data scored.jsonl --proxy rm --gold comet -f text\n"
      "  trenchcoat meta bon --data scored.tsv --proxy chrf --gold ter --direction-gold lower --group segment\n"
      "  trenchcoat meta bon --proxy-scores metric-scores/en-de/chrF-refA.seg.score --gold-scores \\\n"
      "      human-scores/en-de.mqm.seg.score --exclude refA -f text\n",
      "trenchcoat meta bon"};
  std::string data, normalize = "none", proxy_direction = "higher", gold_direction = "higher", format = "json";
  runs::BonRequest s;
  std::string proxy_scores, gold_scores, systems_arg, exclude_arg;
  app.add_option("--data", data, "Scored candidates: JSONL (.gz), JSON, TSV or CSV (- for standard input)");
  app.add_option("--proxy", s.fields.proxy,
                 "Field of the proxy score (the one best-of-n maximises); with score files, its name");
  app.add_option("--gold", s.fields.gold, "Field of the gold score; with score files, its name");
  app.add_option("--proxy-scores", proxy_scores,
                 "Instead of --data: an mt-metrics-eval segment score file of the proxy");
  app.add_option("--gold-scores", gold_scores, "With --proxy-scores: the gold segment score file (None allowed)");
  app.add_option("--systems", systems_arg, "With score files: only these systems, comma-separated");
  app.add_option("--exclude", exclude_arg, "With score files: leave out these systems (e.g. the reference)");
  app.add_option("--group", s.fields.group,
                 "Field naming the prompt of a candidate row (default: prompt_id, else prompt)");
  app.add_option("--max-n", s.max_n, "Run the curve up to k = K (default: the fewest candidates of a prompt)")
      ->check(CLI::PositiveNumber);
  app.add_option(
      "--min-candidates", s.fields.min_candidates,
      "Leave out (and count) prompts with fewer candidates (default: keep all; the curve runs to the fewest)");
  app.add_option("--normalize", normalize, "none, or zscore: proxy and gold each z-scored over all candidates")
      ->check(CLI::IsMember({"none", "zscore"}))
      ->capture_default_str();
  app.add_option("--direction-proxy", proxy_direction, "higher or lower (lower: negated, e.g. TER)")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->capture_default_str();
  app.add_option("--direction-gold", gold_direction, "higher or lower (lower: negated, e.g. MQM penalties)")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->capture_default_str();
  std::string missing_name = "error";
  app.add_option("--missing", missing_name,
                 "A null proxy or gold score (None in a proxy score file): error, or drop (the candidate is left out, "
                 "counted); tie is refused (a candidate without a score cannot be ranked)")
      ->capture_default_str();
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta bon")) return 0;
  try {
    s.fields.missing = meta::parse_missing_policy(missing_name);
  } catch (const Error& e) {
    throw ExitError(2, std::string("--missing: ") + e.what());
  }
  if (s.fields.missing == meta::MissingPolicy::tie)
    throw ExitError(2,
                    "--missing tie has no meaning for meta bon: best-of-n ranks candidates by their proxy score, and "
                    "a candidate without one cannot be ranked; use --missing drop");
  s.fields.proxy_direction = meta::parse_score_direction(proxy_direction);
  s.fields.gold_direction = meta::parse_score_direction(gold_direction);

  if (proxy_scores.empty() != gold_scores.empty()) throw ExitError(2, "--proxy-scores and --gold-scores go together");
  if (!proxy_scores.empty()) {
    if (!data.empty()) throw ExitError(2, "give --data or score files (--proxy-scores, --gold-scores), not both");
    if (s.fields.proxy.empty()) s.fields.proxy = "proxy";
    if (s.fields.gold.empty()) s.fields.gold = "gold";
    const GoldAndMetrics inputs = read_gold_and_metrics(gold_scores, {s.fields.proxy + "=" + proxy_scores}, systems_arg,
                                                        exclude_arg, s.fields.missing);
    s.prompts = meta::best_of_n_prompts_from_tables(inputs.metrics.front().table, inputs.gold, s.fields, gold_scores);
    s.data = proxy_scores + " + " + gold_scores;
  } else {
    if (data.empty()) throw ExitError(2, "--data is required (or --proxy-scores with --gold-scores)");
    if (s.fields.proxy.empty() || s.fields.gold.empty())
      throw ExitError(2, "--proxy and --gold name the score fields of --data");
    if (!systems_arg.empty() || !exclude_arg.empty()) throw ExitError(2, "--systems and --exclude go with score files");
    s.prompts = io::read_best_of_n_prompts(data, s.fields);
    s.data = data;
  }
  s.zscore = normalize == "zscore";
  const runs::BonResult result = runs::run_bon(std::move(s));
  print_result(
      format, [&] { return render::bon_json(result); }, [&] { return render::bon_document(result); }, &json_output);
  return 0;
}

}  // namespace trenchcoat::cli

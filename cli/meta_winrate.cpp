// trenchcoat meta winrate: AlpacaEval 2 win rates of a model against a baseline: the raw win rate and
// the length-controlled (LC) win rate of the `length_controlled_v1` GLM (unpenalised variant).
#include <CLI/CLI.hpp>

#include <string>

#include "exit_error.hpp"
#include "meta_commands.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "trenchcoat/render/winrate_render.hpp"
#include "trenchcoat/runs/winrate_run.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat meta winrate: the win rate of a model's outputs against a baseline's, as AlpacaEval 2 reports\n"
    "it, and the length-controlled (LC) win rate: the GLM `tanh(std_delta_len) + instruction_difficulty +\n"
    "not_gamed_baseline - 1` (no intercept; delta = len(baseline) - len(model) in characters, standardised by\n"
    "its sample sd), fitted by unpenalised maximum likelihood on the soft labels pref - 1, and the LC win rate\n"
    "= 100 mean sigma(theta_difficulty d_i + theta_model), the length term set to 0. (AlpacaEval itself fits an\n"
    "L1-penalised, cross-validated regression with extra 'gamed' rows; its numbers differ slightly.)\n"
    "\n"
    "Rows (JSONL, JSON, TSV, CSV), one per instruction: a preference in AlpacaEval's encoding (1 = baseline\n"
    "wins, 2 = model wins, 1.5 or 0 = draw, values in [1, 2] for weighted annotators; null or absent = not\n"
    "annotated), or --model-win-probability FIELD (P(model better), read as 1 + p); the two outputs' lengths\n"
    "from --len-baseline / --len-model numbers or from the texts (--baseline-field, --model-field; default\n"
    "output_1 and output_2, counted in Unicode characters as Python's len); and the instruction's difficulty\n"
    "(--difficulty; when the data has none, as custom instruction sets do, the term is dropped and said so).\n"
    "With --model-win-probability on preference rows (chosen/rejected, LLMBar's output_1/output_2/label, as\n"
    "`trenchcoat score` reads them), the probability is P(chosen better than rejected) (a pairwise scorer's\n"
    "NAME.preference): the model is the chosen side and the baseline the rejected side, and the lengths are read\n"
    "from those same texts (unless --baseline-field, --model-field or --len-* name other fields).\n"
    "\n"
    "Standard errors: the win rate's is AlpacaEval's, 100 sd(p) / sqrt(n) over the annotated instructions\n"
    "(ddof 1). For the LC win rate the text shows the delta-method standard error with the sandwich covariance\n"
    "of theta; AlpacaEval's lc_standard_error (the spread of the per-instruction LC probabilities, which is 0\n"
    "whenever the difficulty term is dropped) is in the JSON beside it.\n"
    "\n"
    "Example:\n"
    "  trenchcoat meta winrate --data annotations.json -f text\n"
    "  trenchcoat meta winrate --data judged.jsonl --model-win-probability judge.preference --previous 30.2\n";

}  // namespace

int run_meta_winrate(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat meta winrate"};
  runs::WinrateRequest q;
  std::string format = "json";
  double previous = 0;
  app.add_option("--data", q.data, "Annotated rows, one per instruction")->required();
  app.add_option("--preference", q.preference_field, "AlpacaEval preference field (1 baseline, 2 model, 1.5/0 draw)")
      ->capture_default_str();
  app.add_option("--model-win-probability", q.probability_field,
                 "Instead of --preference: P(model better than baseline), as 1 + p");
  app.add_option("--len-baseline", q.len_baseline, "Field with the baseline output's length (with --len-model)");
  app.add_option("--len-model", q.len_model, "Field with the model output's length");
  auto* baseline_option =
      app.add_option("--baseline-field", q.baseline_field, "The baseline output's text")->capture_default_str();
  auto* model_option = app.add_option("--model-field", q.model_field, "The model output's text")->capture_default_str();
  app.add_option("--difficulty", q.difficulty_field,
                 "The instruction difficulty field (absent everywhere: term dropped)")
      ->capture_default_str();
  auto* previous_option =
      app.add_option("--previous", previous, "A previous LC win rate: warn on an extreme change (AlpacaEval's rule)");
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat meta winrate")) return 0;
  if (q.len_baseline.empty() != q.len_model.empty()) throw ExitError(2, "--len-baseline and --len-model go together");
  q.text_fields_named = baseline_option->count() > 0 || model_option->count() > 0;
  if (previous_option->count() > 0) q.previous = previous;
  const runs::WinrateResult result = runs::run_winrate(q);
  print_result(
      format, [&] { return render::winrate_json(result); }, [&] { return render::winrate_document(result); },
      &json_output);
  return 0;
}

}  // namespace trenchcoat::cli

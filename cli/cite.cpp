// trenchcoat cite: how research fields (by default reward modelling, evaluation metrics and
// LLM-as-a-judge) cite each other, from OpenAlex and Semantic Scholar exports.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "run_output.hpp"
#include "subcommands.hpp"
#include "trenchcoat/render/cite_render.hpp"
#include "trenchcoat/runs/cite_run.hpp"
#include "trenchcoat/runs/request_error.hpp"

namespace trenchcoat::cli {
namespace {

constexpr const char* kDescription =
    "trenchcoat cite: a citation analysis between research fields. Reads bibliographic exports, labels every\n"
    "paper with fields by a rule set, and reports how the fields cite each other.\n"
    "\n"
    "Inputs (several merge): OpenAlex works (`id` https://openalex.org/W..., title / display_name,\n"
    "publication_year, abstract_inverted_index, primary_location.source.display_name or host_venue, doi,\n"
    "referenced_works) and Semantic Scholar Graph API papers (paperId, externalIds, title, abstract, year,\n"
    "publicationVenue.name or venue, references and citations as lists of {paperId, externalIds}), as a\n"
    "JSON record, a JSON list, an API page ({\"results\": [...]} or {\"data\": [...]}) or JSON Lines. Records\n"
    "with a common id (OpenAlex id, paperId, DOI, arXiv id, ...) are one paper (the first record's fields\n"
    "win); references to papers outside the inputs count as outside references.\n"
    "\n"
    "Fields (--fields FILE, JSON): per field a name, seed paper ids (decisive), venue patterns, keyword\n"
    "patterns (title and abstract) and title keyword patterns; a phrase matches case-insensitively at word\n"
    "boundaries (a trailing * allows any ending), \"re:...\" is a regular expression. A paper matching\n"
    "several fields is in the group `both` (`multiple` with three or more fields), one matching none in\n"
    "`neither`. Without --fields: reward-modeling, evaluation-metrics and llm-as-a-judge\n"
    "(examples/cite/default-fields.json).\n"
    "\n"
    "Reports: the cross-citation matrix of the groups (observed in-corpus references; expected under random\n"
    "mixing, expected[i][j] = row_total[i] * column_total[j] / total; their ratio); per field the share of\n"
    "its references that go to another field (of in-corpus references and of all) and the share of its\n"
    "papers citing another field at least once; per year the papers per group and those shares; the\n"
    "Jaccard overlap of the papers each field cites; and the bridge papers cited by at least two fields,\n"
    "ranked by the second-largest number of citing papers over the fields (two fields: the smaller side),\n"
    "then by the total, then by id.\n"
    "\n"
    "Example:\n"
    "  trenchcoat cite examples/cite/papers.json -f text\n"
    "  trenchcoat cite openalex-works.jsonl s2-papers.json --fields my-fields.json --top 20\n";

}  // namespace

int run_cite(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat cite"};
  runs::CiteRequest q;
  std::string format = "json";
  bool list_papers = false;
  app.add_option("inputs", q.inputs, "OpenAlex / Semantic Scholar exports (JSON or JSONL), merged")->required();
  app.add_option("--input-format", q.format, "Record format: auto (detected per record), openalex or s2")
      ->check(CLI::IsMember({"auto", "openalex", "s2"}))
      ->capture_default_str();
  app.add_option("--fields", q.fields,
                 "Field rules (JSON); default: the built-in reward-modeling / "
                 "evaluation-metrics / llm-as-a-judge rules");
  app.add_option("--top", q.top, "Bridge papers to list")->check(kAtLeastOne)->capture_default_str();
  app.add_flag("--papers", list_papers, "Text formats: also list every paper with its group and why");
  add_format_option(app, format);
  JsonOutput json_output;
  json_output.add_to(app);
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat cite")) return 0;
  runs::CiteResult result;
  try {
    result = runs::run_cite(q);
  } catch (const runs::RequestError& e) {
    throw ExitError(2, e.what());
  }
  print_result(
      format, [&] { return render::cite_json(result); }, [&] { return render::cite_document(result, list_papers); },
      &json_output);
  return 0;
}

}  // namespace trenchcoat::cli

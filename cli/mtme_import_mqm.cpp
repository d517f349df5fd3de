// trenchcoat mtme import-mqm: turn an error-level MQM file (google/wmt-mqm-human-evaluation format)
// into one language pair of an mt-metrics-eval test-set directory, so that `mtme score` and
// `mtme eval` can run on it: the outputs are rebuilt from the rated targets and the MQM scores are
// summed from the error weights (io/mqm_ratings.hpp).
#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/mqm_ratings.hpp"
#include "trenchcoat/io/mtme_score_file.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"

namespace trenchcoat::cli {

int run_mtme_import_mqm(int argc, char** argv);

namespace {

constexpr const char* kDescription =
    "trenchcoat mtme import-mqm: make one language pair of an mt-metrics-eval test-set directory from an\n"
    "error-level MQM file (columns system, doc, seg_id, rater, source, target, category, severity, as in\n"
    "google/wmt-mqm-human-evaluation): every system's output is rebuilt from the rated targets (<v> marks\n"
    "removed) and its MQM score per segment is the sum of the error weights (Major 5, Minor 1, Minor\n"
    "Fluency/Punctuation 0.1, Non-translation 25; negated, so higher is better; mean over raters).\n"
    "\n"
    "Writes, under DIR: sources/LP.txt, documents/LP.docs, references/LP.NAME.txt for each --reference,\n"
    "system-outputs/LP/SYSTEM.txt for every system (references under their reference name),\n"
    "human-scores/LP.mqm.seg.score and LP.mqm.sys.score (the mean over rated segments). A segment a system\n"
    "was not rated on becomes '[No translation supplied]' and None.\n"
    "\n"
    "Example (WMT21 TED talks, en-de, reference A is the system called 'ref' in the file):\n"
    "  trenchcoat mtme import-mqm --tsv mqm_ted_ende.tsv --root ted21 --lp en-de --reference ref=refA --domain ted\n"
    "  trenchcoat mtme score --root ted21 --lp en-de --ref refA\n"
    "  trenchcoat mtme eval --root ted21 --lp en-de -f text\n";

std::string lines_text(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

int run_mtme_import_mqm(int argc, char** argv) {
  CLI::App app{kDescription, "trenchcoat mtme import-mqm"};
  std::string tsv, root, lp, domain = "general", gold_name = "mqm";
  std::vector<std::string> reference_args;
  bool overwrite = false;
  app.add_option("--tsv", tsv, "The error-level MQM file (tab separated, with a header line)")->required();
  app.add_option("--root", root, "The test-set directory to write into (created if needed)")->required();
  app.add_option("--lp", lp, "Language pair, e.g. en-de")->required();
  app.add_option("--reference", reference_args,
                 "SYSTEM[=NAME]: the system of the file that is a reference, and its reference name (no '-' or '.'); "
                 "repeatable")
      ->expected(1, -1);
  app.add_option("--domain", domain, "Domain name written for every document (documents/LP.docs)")
      ->capture_default_str();
  app.add_option("--name", gold_name, "Human score name of the written files")->capture_default_str();
  app.add_flag("--overwrite", overwrite, "Replace files that exist already");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat mtme import-mqm")) return 0;
  if (domain.empty() || domain.find_first_of(" \t") != std::string::npos)
    throw ExitError(2, "--domain must be one word");

  const io::MqmRatings ratings = io::read_mqm_ratings(tsv);
  std::map<std::string, std::string> reference_of;  // system -> reference name
  for (const auto& arg : reference_args) {
    const auto eq = arg.find('=');
    const std::string system = arg.substr(0, eq), name = eq == std::string::npos ? arg : arg.substr(eq + 1);
    if (!ratings.scores.system_index(system))
      throw ExitError(1, Error(tsv, 0, "--reference names system '" + system + "', which the file does not have"));
    if (!io::is_valid_mtme_reference_name(name))
      throw ExitError(2, "--reference: '" + name +
                             "' cannot name a reference (no '-' or '.', not 'all' or 'src'); write SYSTEM=NAME");
    reference_of[system] = name;
  }

  // Everything to write, path -> content; checked for existing files before anything is written.
  std::vector<std::pair<std::string, std::string>> files;
  files.push_back({root + "/sources/" + lp + ".txt", lines_text(ratings.sources)});
  std::string docs;
  for (std::size_t i = 0; i < ratings.segment_ids.size(); ++i)
    docs += domain + " " + (ratings.documents.empty() ? std::string("doc") : ratings.documents[i]) + "\n";
  files.push_back({root + "/documents/" + lp + ".docs", docs});
  const auto& systems = ratings.systems();
  std::vector<std::string> score_systems;
  for (std::size_t s = 0; s < systems.size(); ++s) {
    const auto ref = reference_of.find(systems[s]);
    const std::string name = ref == reference_of.end() ? systems[s] : ref->second;
    std::string text;
    for (std::size_t i = 0; i < ratings.segment_ids.size(); ++i)
      text +=
          (std::isnan(ratings.scores.value(s, i)) ? std::string(io::kMtmeNoTranslation) : ratings.targets[s][i]) + "\n";
    if (ref != reference_of.end()) files.push_back({root + "/references/" + lp + "." + name + ".txt", text});
    files.push_back({root + "/system-outputs/" + lp + "/" + name + ".txt", text});
    score_systems.push_back(name);
  }
  meta::ScoreTable seg(score_systems, ratings.segment_ids.size()), sys(score_systems, 1);
  for (std::size_t s = 0; s < systems.size(); ++s) {
    double sum = 0;
    std::size_t rated = 0;
    for (std::size_t i = 0; i < ratings.segment_ids.size(); ++i) {
      const double v = ratings.scores.value(s, i);
      seg.set(s, i, v);
      if (!std::isnan(v)) {
        sum += v;
        ++rated;
      }
    }
    sys.set(s, 0, rated ? sum / static_cast<double>(rated) : meta::kMissing);
  }
  const std::string seg_path = root + "/human-scores/" + lp + "." + gold_name + ".seg.score";
  const std::string sys_path = root + "/human-scores/" + lp + "." + gold_name + ".sys.score";
  std::vector<std::string> outputs;
  for (const auto& [path, content] : files) outputs.push_back(path);
  outputs.push_back(seg_path);
  outputs.push_back(sys_path);
  io::check_output_files(outputs, {{"--tsv", tsv}}, overwrite);  // nothing is written when any is refused
  for (const auto& [path, content] : files) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    io::write_file_atomically(path, content);
  }
  std::filesystem::create_directories(root + "/human-scores");
  io::write_mtme_score_file(seg_path, seg);
  io::write_mtme_score_file(sys_path, sys);
  std::fprintf(stderr, "mtme import-mqm: %s %s: %zu systems (%zu references) x %zu segments, human scores '%s'\n",
               root.c_str(), lp.c_str(), systems.size(), reference_of.size(), ratings.segment_ids.size(),
               gold_name.c_str());
  return 0;
}

}  // namespace trenchcoat::cli

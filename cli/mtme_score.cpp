// trenchcoat mtme score: score every system output of one language pair of an mt-metrics-eval test-set
// directory with string metrics, and write the scores where mt-metrics-eval reads metric scores:
// metric-scores/LP/BASENAME-REF.LEVEL.score (mt-metrics-eval's data layout).
//
// Rules:
//   * seg = the scorer's item scores (sentence BLEU / chrF / TER); sys = its corpus score over all
//     segments; doc and domain = its corpus score over the segments of each document / domain (a
//     scorer without a corpus score, such as sentbleu, gives the mean of its item scores instead);
//   * lower-is-better scorers (TER) are written negated (-TER), because mt-metrics-eval has no notion
//     of direction and treats every metric as higher-is-better (WMT stores TER negated too);
//   * systems that are a reference used for scoring are skipped, as mt-metrics-eval expects;
//   * a missing output ([No translation supplied]) is an error unless --missing empty scores it as an
//     empty string; a reference line that is missing is always an error;
//   * nothing is written if any output file exists already, unless --overwrite; every file is written
//     atomically.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "comma_list.hpp"
#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"
#include "trenchcoat/meta/score_table.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

namespace trenchcoat::cli {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// One set of references scored together: its name part in the metric name, and the references.
struct ReferenceSet {
  std::string label;  // "refA", "refA.refB" or "all"
  std::vector<std::string> names;
};

std::vector<ReferenceSet> reference_sets(const io::MtmeTestSet& ts, const std::vector<std::string>& ref_args) {
  const auto known = ts.reference_names();
  if (known.empty())
    throw ExitError(1, "no references for " + ts.lp + " in " +
                           (std::filesystem::path(ts.directory) / "references").string() + " (expected references/" +
                           ts.lp + ".NAME.txt)");
  std::vector<ReferenceSet> sets;
  if (ref_args.empty()) {
    for (const auto& r : known) sets.push_back({r, {r}});
    return sets;
  }
  for (const auto& arg : ref_args) {
    if (arg == "all") {
      sets.push_back({"all", known});
      continue;
    }
    ReferenceSet set;
    for (const auto& r : split_comma_list(arg)) {
      if (!contains(known, r))
        throw ExitError(1, "unknown reference '" + r + "' (known: " + join_comma_list(known) + ")");
      if (contains(set.names, r)) throw ExitError(2, "--ref " + arg + " names '" + r + "' twice");
      set.names.push_back(r);
    }
    if (set.names.empty()) throw ExitError(2, "--ref needs a reference name");
    set.label = join_comma_list(set.names, ".");
    sets.push_back(std::move(set));
  }
  return sets;
}

// A batch's aggregate: the scorer's corpus score, or the mean of the item scores.
double corpus_or_mean(const scoring::ScoreResult& r) {
  if (r.corpus_score) return *r.corpus_score;
  double sum = 0.0;
  for (const double v : r.item_scores) sum += v;
  return r.item_scores.empty() ? 0.0 : sum / static_cast<double>(r.item_scores.size());
}

double aggregate(const scoring::Scorer& scorer, std::span<const scoring::Item> items) {
  return corpus_or_mean(scorer.score(items));
}

std::string count_of(std::size_t n, io::MtmeLevel level) {
  const char* unit = level == io::MtmeLevel::sys      ? "score"
                     : level == io::MtmeLevel::domain ? "domain"
                     : level == io::MtmeLevel::doc    ? "document"
                                                      : "segment";
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

struct Output {
  std::string path;
  std::string metric_name;  // full name, e.g. BLEU-refA
  io::MtmeLevel level;
};

}  // namespace

int run_mtme_score(int argc, char** argv) {
  CLI::App app{
      "trenchcoat mtme score: score every system output of one language pair of an mt-metrics-eval test-set\n"
      "directory, and write the scores where mt-metrics-eval reads metric scores.\n\n"
      "Expected layout (DIR is the test-set directory, e.g. ~/.mt-metrics-eval/mt-metrics-eval-v2/wmt23):\n"
      "  DIR/sources/LP.txt               one source segment per line (or LP.jsonl, field \"source\")\n"
      "  DIR/documents/LP.docs            one 'DOMAIN DOCNAME' line per segment\n"
      "  DIR/references/LP.NAME.txt       one reference line per segment (NAME without '-' or '.')\n"
      "  DIR/system-outputs/LP/SYS.txt    one output line per segment; '[No translation supplied]' = missing\n"
      "Written: DIR/metric-scores/LP/BASENAME-REF.LEVEL.score with 'SYSTEM<TAB>SCORE' lines (domain level:\n"
      "'DOMAIN<TAB>SYSTEM<TAB>SCORE'), e.g. BLEU-refA.sys.score, chrF-refA.seg.score, TER-refA.refB.seg.score.\n"
      "seg: sentence scores; sys: the corpus score over all segments; doc / domain: the corpus score over each\n"
      "document / domain. TER is lower-is-better, so its files hold -TER (mt-metrics-eval treats every metric\n"
      "as higher-is-better, as WMT's TER files do). A system that is one of the references used is skipped.\n"
      "Prints one line per file written.\n",
      "trenchcoat mtme score"};
  std::string root, lp, levels_arg = "seg,sys", systems_arg, tokenize, missing = "error";
  std::vector<std::string> metric_args, ref_args;
  bool overwrite = false;
  app.add_option("--root", root, "The test-set directory (holding sources/, references/, system-outputs/, ...)")
      ->required();
  app.add_option("--lp", lp, "Language pair, e.g. en-de")->required();
  std::string metric_help = "Scorer, repeatable or comma-separated (default: bleu,chrf,ter). Known:";
  for (const auto& e : registry::scorer_registry())
    metric_help += "\n  " + e.name + " (" + e.display_name + "): " + e.summary;
  app.add_option("--metric", metric_args, metric_help)->allow_extra_args(false);
  app.add_option("--ref", ref_args,
                 "References to score against, repeatable. NAME scores against one reference; NAME,NAME scores\n"
                 "against several at once (named BASENAME-NAME.NAME); 'all' against every reference at once\n"
                 "(BASENAME-all). Default: every reference in DIR/references, each on its own.")
      ->allow_extra_args(false);
  app.add_option("--level", levels_arg, "Levels to write, comma-separated: seg, sys, doc, domain")
      ->capture_default_str();
  app.add_option("--systems", systems_arg,
                 "Only these systems, comma-separated (default: every file in system-outputs/LP). Note that\n"
                 "mt-metrics-eval pads a system missing from a metric file with 0 scores unless strict.");
  app.add_option("--tokenize", tokenize,
                 "BLEU tokenizer (default: as sacreBLEU picks it for the target language: zh for *-zh, ja-mecab for\n"
                 "*-ja and ko-mecab for *-ko, which trenchcoat lacks, 13a otherwise)");
  app.add_option("--missing", missing,
                 "A missing system output ([No translation supplied]): error, or empty (score it as an empty string)")
      ->check(CLI::IsMember({"error", "empty"}))
      ->capture_default_str();
  app.add_flag("--overwrite", overwrite, "Replace existing metric-score files (default: refuse, and write nothing)");
  if (!parse_arguments(app, {argv + 1, argv + argc}, "trenchcoat mtme score")) return 0;

  // Levels, in mt-metrics-eval's order.
  std::vector<io::MtmeLevel> levels;
  for (const auto& name : split_comma_list(levels_arg)) {
    const auto level = io::parse_mtme_level(name);
    if (!level) throw ExitError(2, "unknown --level '" + name + "' (known: seg, sys, doc, domain)");
    if (std::find(levels.begin(), levels.end(), *level) == levels.end()) levels.push_back(*level);
  }
  if (levels.empty()) throw ExitError(2, "--level needs at least one of seg, sys, doc, domain");
  std::sort(levels.begin(), levels.end());

  // Scorers (checked before any data is read).
  std::vector<std::string> metric_names;
  for (const auto& arg : metric_args.empty() ? std::vector<std::string>{"bleu,chrf,ter"} : metric_args)
    for (const auto& name : split_comma_list(arg)) {
      const auto& entry = registry::find_scorer(name);
      if (!contains(metric_names, entry.name)) metric_names.push_back(entry.name);
    }
  if (metric_names.empty()) throw ExitError(2, "--metric needs a scorer name");
  const std::string target_language = lp.find('-') == std::string::npos ? "" : lp.substr(lp.find('-') + 1);
  std::string bleu_tokenize = tokenize;
  if (bleu_tokenize.empty())
    bleu_tokenize = target_language == "zh"   ? "zh"
                    : target_language == "ja" ? "ja-mecab"
                    : target_language == "ko" ? "ko-mecab"
                                              : "13a";
  std::vector<std::unique_ptr<scoring::Scorer>> scorers;
  for (const auto& name : metric_names) {
    const auto& entry = registry::find_scorer(name);
    scoring::ScorerOptions options;
    if (registry::takes_option(entry, "tokenize")) options["tokenize"] = bleu_tokenize;
    try {
      scorers.push_back(registry::make_scorer(name, options));
    } catch (const Error& e) {
      if (tokenize.empty() && bleu_tokenize != "13a" && bleu_tokenize != "zh")
        throw ExitError(1, e.message() + "; sacreBLEU uses it for target language '" + target_language +
                               "': pass --tokenize (e.g. char or 13a) to choose another");
      throw;
    }
  }

  io::MtmeReadOptions read_options;
  read_options.read_human_scores = false;
  const io::MtmeTestSet ts = io::read_mtme_test_set(root, lp, read_options);
  if (ts.num_segments() == 0) throw ExitError(1, Error(ts.source.path, 0, "the source has no segments"));
  const auto ref_sets = reference_sets(ts, ref_args);
  std::vector<std::string> systems = systems_arg.empty() ? ts.system_names() : split_comma_list(systems_arg);
  for (const auto& s : systems)
    if (!ts.system_outputs.count(s))
      throw ExitError(1, "unknown system '" + s + "' (no file in " +
                             (std::filesystem::path(root) / "system-outputs" / lp).string() +
                             "; known: " + join_comma_list(ts.system_names()) + ")");
  if (systems.empty())
    throw ExitError(1, "no system outputs in " + (std::filesystem::path(root) / "system-outputs" / lp).string());

  // Every file to write, checked before any scoring.
  std::vector<Output> outputs;
  std::vector<std::string> output_paths;
  for (const auto& set : ref_sets)
    for (std::size_t m = 0; m < scorers.size(); ++m) {
      const std::string full_name = registry::find_scorer(metric_names[m]).display_name + "-" + set.label;
      for (const auto level : levels) {
        const std::string path = io::mtme_metric_score_path(root, lp, full_name, level);
        output_paths.push_back(path);
        outputs.push_back({path, full_name, level});
      }
    }
  std::vector<io::NamedInput> inputs{{"--root", ts.source.path}};
  for (const auto& [name, ref] : ts.references) inputs.push_back({"--root", ref.path});
  for (const auto& [name, output] : ts.system_outputs) inputs.push_back({"--root", output.path});
  io::check_output_files(output_paths, inputs, overwrite);  // nothing is written when any is refused

  const auto domain_names = ts.domain_names();
  std::printf("mtme score: %s %s: %zu segments, %zu documents, %zu domains, %zu systems\n", root.c_str(), lp.c_str(),
              ts.num_segments(), ts.documents.size(), ts.domains.size(), systems.size());
  std::size_t output_index = 0;
  for (const auto& set : ref_sets) {
    std::vector<std::string> scored, skipped;
    for (const auto& s : systems) (contains(set.names, s) ? skipped : scored).push_back(s);
    if (scored.empty())
      throw ExitError(1,
                      "no system to score against " + set.label + " (every selected system is one of its references)");
    // Items per system: the output and the references, in the order of the set.
    for (const auto& r : set.names) {
      const auto& ref = ts.references.at(r);
      for (std::size_t i = 0; i < ref.lines.size(); ++i)
        if (!ref.lines[i])
          throw ExitError(
              1, Error(ref.path, i + 1,
                       "the reference has no text here ([No translation supplied]); nothing can be scored against it"));
    }
    std::vector<std::vector<scoring::Item>> items(scored.size());
    std::size_t missing_outputs = 0;
    for (std::size_t s = 0; s < scored.size(); ++s) {
      const auto& out = ts.system_outputs.at(scored[s]);
      items[s].resize(ts.num_segments());
      for (std::size_t i = 0; i < ts.num_segments(); ++i) {
        scoring::Item& item = items[s][i];
        if (!out.lines[i]) {
          if (missing == "error")
            throw ExitError(
                1,
                Error(
                    out.path, i + 1,
                    "missing output ([No translation supplied]); pass --missing empty to score it as an empty string"));
          ++missing_outputs;
        } else {
          item.candidate = *out.lines[i];
        }
        item.system = scored[s];
        for (const auto& r : set.names) item.references.push_back(*ts.references.at(r).lines[i]);
      }
    }
    for (std::size_t m = 0; m < scorers.size(); ++m) {
      const scoring::Scorer& scorer = *scorers[m];
      const bool negate = scorer.info().direction == scoring::Direction::lower_is_better;
      auto directed = [negate](double v) { return negate ? 0.0 - v : v; };  // 0.0 - 0.0 is +0.0
      std::map<io::MtmeLevel, meta::ScoreTable> tables;
      for (const auto level : levels) tables.emplace(level, meta::ScoreTable(scored, ts.num_items(level)));
      for (std::size_t s = 0; s < scored.size(); ++s) {
        const std::span<const scoring::Item> all(items[s]);
        const bool want_seg = tables.count(io::MtmeLevel::seg), want_sys = tables.count(io::MtmeLevel::sys);
        if (want_seg || want_sys) {
          const scoring::ScoreResult r = scorer.score(all);
          if (want_seg)
            for (std::size_t i = 0; i < r.item_scores.size(); ++i)
              tables.at(io::MtmeLevel::seg).set(s, i, directed(r.item_scores[i]));
          if (want_sys) tables.at(io::MtmeLevel::sys).set(s, 0, directed(corpus_or_mean(r)));
        }
        if (tables.count(io::MtmeLevel::doc))
          for (std::size_t d = 0; d < ts.documents.size(); ++d) {
            const auto& doc = ts.documents[d];
            tables.at(io::MtmeLevel::doc)
                .set(s, d, directed(aggregate(scorer, all.subspan(doc.begin, doc.end - doc.begin))));
          }
        if (tables.count(io::MtmeLevel::domain))
          for (std::size_t d = 0; d < ts.domains.size(); ++d) {
            std::vector<scoring::Item> subset;
            for (const auto& [begin, end] : ts.domains[d].ranges)
              subset.insert(subset.end(), all.begin() + begin, all.begin() + end);
            tables.at(io::MtmeLevel::domain).set(s, d, directed(aggregate(scorer, subset)));
          }
      }
      for (const auto level : levels) {
        const Output& o = outputs[output_index++];
        io::write_mtme_metric_scores(root, lp, o.metric_name, level, tables.at(level), domain_names,
                                     overwrite ? io::ExistingFile::overwrite : io::ExistingFile::refuse);
        const std::string skipped_note =
            skipped.empty() ? "" : "; skipped " + join_comma_list(skipped) + ": reference used";
        std::printf("wrote %s (%zu systems x %s%s)\n", o.path.c_str(), scored.size(),
                    count_of(ts.num_items(level), level).c_str(), skipped_note.c_str());
      }
    }
    if (missing_outputs > 0)
      std::printf("note: %zu missing outputs were scored as empty strings (--missing empty)\n", missing_outputs);
  }
  for (std::size_t m = 0; m < scorers.size(); ++m)
    if (scorers[m]->info().direction == scoring::Direction::lower_is_better) {
      const std::string& name = registry::find_scorer(metric_names[m]).display_name;
      std::printf(
          "note: %s is lower-is-better; its files hold -%s so that higher is better, as mt-metrics-eval expects\n",
          name.c_str(), name.c_str());
    }
  return 0;
}

}  // namespace trenchcoat::cli

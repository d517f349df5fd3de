#pragma once
// The inputs of the report tests (tests only): JSON results of every kind `trenchcoat report` draws,
// written in a directory by running the commands on small inputs (the shipped examples and rows the
// tests write), plus the hand-written figures results of tests/fixtures/report.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace trenchcoat::testing {

inline void write_text(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// Runs `trenchcoat ARGS...` in `dir` and writes its standard output to dir/out; throws when it fails.
inline void run_into(const std::filesystem::path& dir, const std::string& out, const std::vector<std::string>& args) {
  const auto r = run_trenchcoat(args, dir.string());
  if (r.exit_code != 0) throw std::runtime_error(args[0] + " failed: " + r.stderr_text);
  write_text(dir / out, r.stdout_text);
}

// The shipped examples (beside tests/fixtures in the source tree).
inline std::filesystem::path examples_dir() {
  return std::filesystem::path(TRENCHCOAT_FIXTURES_DIR).parent_path().parent_path() / "examples";
}

// Writes corr.json, calib.json, bon.json, probe.json, pairs.json (and their inputs) and copies the
// figures fixtures into `dir`; returns the result files in the order the report shows them.
inline std::vector<std::string> make_report_inputs(const std::filesystem::path& dir) {
  // meta corr: 4 systems x 6 segments; the metrics follow the gold with different noise.
  std::string gold, bleu, chrf;
  const char* systems[] = {"A", "B", "C", "D"};
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < 6; ++i) {
      const double g = -static_cast<double>((s * 7 + i * 3) % 5);
      gold += std::string(systems[s]) + " " + std::to_string(g) + "\n";
      bleu += std::string(systems[s]) + " " + std::to_string(30 + 4 * g + std::sin(s + i) * 3) + "\n";
      chrf += std::string(systems[s]) + " " + std::to_string(50 + 2 * g + std::cos(s * i) * 2) + "\n";
    }
  write_text(dir / "gold.seg.score", gold);
  write_text(dir / "bleu.seg.score", bleu);
  write_text(dir / "chrf.seg.score", chrf);
  run_into(dir, "corr.json",
           {"meta", "corr", "--gold", "gold.seg.score", "--metric", "BLEU=bleu.seg.score", "--metric",
            "chrF=chrf.seg.score", "--perm", "200", "--bootstrap", "200", "--seed", "1", "--points"});
  // meta calib: preference rows with a reward model's scores.
  std::string scored;
  for (int i = 0; i < 40; ++i)
    scored += "{\"id\": " + std::to_string(i) + ", \"subset\": \"" + (i % 2 ? "odd" : "even") +
              "\", \"rm.chosen\": " + std::to_string(std::sin(i) * 2 + 0.5) +
              ", \"rm.rejected\": " + std::to_string(std::cos(i * 3.0)) + "}\n";
  write_text(dir / "rm.scored.jsonl", scored);
  run_into(dir, "calib.json", {"meta", "calib", "--data", "rm.scored.jsonl", "--scorer", "rm"});
  // meta bon: two prompts of six candidates.
  std::string candidates;
  for (int p = 0; p < 2; ++p)
    for (int c = 0; c < 6; ++c)
      candidates += "{\"prompt_id\": \"p" + std::to_string(p) + "\", \"rm\": " + std::to_string(std::sin(p * 6 + c)) +
                    ", \"gold\": " + std::to_string(std::sin(p * 6 + c) - 0.3 * c * c / 10.0) + "}\n";
  write_text(dir / "candidates.jsonl", candidates);
  run_into(dir, "bon.json", {"meta", "bon", "--data", "candidates.jsonl", "--proxy", "rm", "--gold", "gold"});
  // probe: reference A of the translation example as the good output, scored against reference B.
  const auto ex = examples_dir() / "translation";
  std::ifstream src(ex / "source.en"), a(ex / "ref.A.de"), b(ex / "ref.B.de");
  std::string refs = "src\tmt\tref\n", ls, la, lb;
  while (std::getline(src, ls) && std::getline(a, la) && std::getline(b, lb)) refs += ls + "\t" + la + "\t" + lb + "\n";
  write_text(dir / "refs.tsv", refs);
  run_into(dir, "probe.json",
           {"probe", "--data", "refs.tsv", "--scorer", "chrf", "--scorer", "length", "--language", "de", "--probes",
            "truncation,word-shuffle,negation,empty", "--bootstrap", "200"});
  // meta pairs: the shipped preference pairs scored with the length baseline.
  const auto r = run_trenchcoat({"score", "--data", (examples_dir() / "preferences" / "pairs.jsonl").string(),
                                 "--scorer", "length", "--out", "pairs.scored.jsonl", "-q"},
                                dir.string());
  if (r.exit_code != 0) throw std::runtime_error("score failed: " + r.stderr_text);
  run_into(dir, "pairs.json", {"meta", "pairs", "--data", "pairs.scored.jsonl", "--bootstrap", "200"});
  std::vector<std::string> files = {"corr.json", "calib.json", "bon.json", "probe.json", "pairs.json"};
  for (const char* f : {"reproduce_translation.json", "reproduce_attribution.json", "cite.json"}) {
    std::filesystem::copy_file(fixture_path(std::string("report/") + f), dir / f,
                               std::filesystem::copy_options::overwrite_existing);
    files.push_back(f);
  }
  return files;
}

}  // namespace trenchcoat::testing

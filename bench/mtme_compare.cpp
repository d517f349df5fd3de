// End-to-end benchmark of `trenchcoat meta corr` against mt-metrics-eval on the same score files.
//
// It writes synthetic mt-metrics-eval score files (a gold file and several metrics on S systems x N
// segments) to a scratch directory, runs each case through the trenchcoat CLI and, when
// TRENCHCOAT_BENCH_MTME names a reference command with the same arguments (see bench/README.md),
// through mt-metrics-eval, and reports both wall times, their ratio, and whether the two agree on
// the correlations and on the significance ranks.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "seeded_random.hpp"

namespace {

using namespace trenchcoat::bench;

constexpr const char* kReferenceEnvironmentVariable = "TRENCHCOAT_BENCH_MTME";

using Table = std::vector<std::vector<double>>;  // [system][segment]

void write_score_file(const std::string& path, const Table& table) {
  std::string text;
  for (std::size_t s = 0; s < table.size(); ++s)
    for (double v : table[s]) text += fmt::format("sys{:02d}\t{}\n", s, v);  // {} = shortest round trip
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0)
    throw BenchError("cannot write " + path);
}

// Gold in the shape of MQM: minus a sum of error weights (0, -1, -5, ...; many ties), with a system
// quality and a segment difficulty. Metrics: a continuous noisy view of the same latent quality,
// noisier for later metrics, so the correlations are spread out and the ranks are informative.
struct Dataset {
  Table gold;
  std::vector<Table> metrics;
};

Dataset make_dataset(std::size_t systems, std::size_t segments, std::size_t num_metrics, std::uint64_t seed) {
  SeededRandom random(seed);
  std::vector<double> system_quality(systems), difficulty(segments);
  for (double& q : system_quality) q = 0.5 * random.normal();
  for (double& d : difficulty) d = random.normal();
  Table latent(systems, std::vector<double>(segments));
  Dataset data;
  data.gold.assign(systems, std::vector<double>(segments));
  for (std::size_t s = 0; s < systems; ++s)
    for (std::size_t i = 0; i < segments; ++i) {
      latent[s][i] = system_quality[s] - difficulty[i] + 0.7 * random.normal();
      // Expected errors grow as the latent quality falls; each error is minor (1) or major (5).
      const double rate = std::exp(-latent[s][i]);
      double mqm = 0;
      for (int e = 0; e < 8; ++e)
        if (random.uniform() < rate / 8.0) mqm -= random.uniform() < 0.3 ? 5.0 : 1.0;
      data.gold[s][i] = mqm;
    }
  for (std::size_t m = 0; m < num_metrics; ++m) {
    const double noise = 0.4 + 0.15 * static_cast<double>(m);
    Table metric(systems, std::vector<double>(segments));
    for (std::size_t s = 0; s < systems; ++s)
      for (std::size_t i = 0; i < segments; ++i) metric[s][i] = latent[s][i] + noise * random.normal();
    data.metrics.push_back(std::move(metric));
  }
  return data;
}

struct Case {
  std::string name;
  std::string description;
  std::size_t systems, segments, metrics;
  std::vector<std::string> arguments;  // the meta corr statistic arguments (after the files)
  std::optional<double> target_ratio;
  std::optional<double> target_seconds;  // for trenchcoat alone
};

std::vector<Case> all_cases(unsigned resamples) {
  const std::string k = std::to_string(resamples);
  return {
      {"perm-pearson",
       "PERM-BOTH matrix, Pearson, no grouping, " + k + " resamples",
       15,
       1000,
       10,
       {"--stat", "pearson", "--group", "none", "--perm", k},
       100.0,
       std::nullopt},
      {"perm-kendall-item",
       "PERM-BOTH matrix, Kendall tau-b per item, " + k + " resamples",
       15,
       200,
       4,
       {"--stat", "kendall-b", "--group", "item", "--perm", k},
       std::nullopt,
       std::nullopt},
      {"tiecal-acc23-item",
       "tie calibration of acc23, item grouping",
       15,
       2000,
       1,
       {"--stat", "acc23-opt", "--group", "item"},
       std::nullopt,
       1.0},
  };
}

struct Output {
  std::map<std::string, double> values;
  std::map<std::string, int> ranks;
};

// Both tools print {"metrics": [{"metric": NAME, "value": V, "rank": R?}, ...], ...}.
Output parse_output(const std::string& text, const std::string& who) {
  Output out;
  try {
    const auto j = nlohmann::json::parse(text);
    for (const auto& row : j.at("metrics")) {
      out.values[row.at("metric").get<std::string>()] = row.at("value").get<double>();
      if (row.contains("rank")) out.ranks[row.at("metric").get<std::string>()] = row.at("rank").get<int>();
    }
  } catch (const std::exception& e) {
    throw BenchError(who + " printed something that is not the expected JSON: " + e.what());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "bench_mtme_compare: `trenchcoat meta corr` against mt-metrics-eval on the same synthetic score files.\n"
      "Set TRENCHCOAT_BENCH_MTME to a command taking meta corr's arguments (see bench/README.md) to time "
      "the reference in the same run."};
  std::string trenchcoat = "build/trenchcoat", only, work_dir;
  unsigned resamples = 1000, repeat = 1;
  std::uint64_t seed = 1;
  std::size_t segments_override = 0;
  bool keep = false;
  app.add_option("--trenchcoat", trenchcoat, "trenchcoat binary")->capture_default_str();
  app.add_option("--resamples", resamples, "permutation resamples (--perm)")->capture_default_str();
  app.add_option("--segments", segments_override, "segments per system (default: each case's own)");
  app.add_option("--only", only, "comma-separated cases: perm-pearson, perm-kendall-item, tiecal-acc23-item");
  app.add_option("--seed", seed, "data seed")->capture_default_str();
  app.add_option("--repeat", repeat, "time trenchcoat N times, keep the fastest")->capture_default_str();
  app.add_option("--work-dir", work_dir, "write the files here (kept)");
  app.add_flag("--keep-files", keep, "keep the temporary directory");
  CLI11_PARSE(app, argc, argv);
  try {
    const Launcher ours = binary_launcher("trenchcoat", trenchcoat, {"meta", "corr"});
    const std::optional<Launcher> reference = launcher_from_environment(kReferenceEnvironmentVariable);
    if (work_dir.empty()) work_dir = make_temporary_directory();
    else std::filesystem::create_directories(work_dir);
    fmt::print("work dir {}; {} cores; children may use every core; times are wall seconds of one CLI run\n", work_dir,
               allowed_cpu_count());
    fmt::print("reference: {}\n\n",
               reference ? describe(*reference) : fmt::format("none ({} unset)", kReferenceEnvironmentVariable));
    fmt::print("{:<18} {:>5} {:>6} {:>4} {:>11} {:>11} {:>9} {:>9}  {}\n", "case", "sys", "segs", "mets", "trenchcoat",
               "reference", "ratio", "target", "agreement");
    for (const Case& c : all_cases(resamples)) {
      if (!only.empty() && ("," + only + ",").find("," + c.name + ",") == std::string::npos) continue;
      const std::size_t segments = segments_override ? segments_override : c.segments;
      const Dataset data = make_dataset(c.systems, segments, c.metrics, seed);
      const std::string prefix = work_dir + "/" + c.name;
      write_score_file(prefix + ".gold.seg.score", data.gold);
      std::vector<std::string> arguments = {"--gold", prefix + ".gold.seg.score"};
      for (std::size_t m = 0; m < c.metrics; ++m) {
        const std::string path = fmt::format("{}.metric{}.seg.score", prefix, m);
        write_score_file(path, data.metrics[m]);
        arguments.push_back("--metric");
        arguments.push_back(fmt::format("metric{}={}", m, path));
      }
      arguments.insert(arguments.end(), c.arguments.begin(), c.arguments.end());
      const RunResult mine = run_best_of(ours, arguments, -1, work_dir, c.name, repeat);
      const Output my_output = parse_output(mine.output, "trenchcoat");
      std::string reference_time = "-", ratio = "-", agreement = "-";
      if (reference) {
        const RunResult theirs = run_once(*reference, arguments, -1, work_dir, c.name + ".ref");
        const Output their_output = parse_output(theirs.output, "the reference");
        reference_time = fmt::format("{:.3f}", theirs.wall_seconds);
        ratio = fmt::format("{:.1f}x", theirs.wall_seconds / mine.wall_seconds);
        double max_difference = 0;
        bool same_metrics = my_output.values.size() == their_output.values.size();
        for (const auto& [name, value] : their_output.values) {
          const auto it = my_output.values.find(name);
          if (it == my_output.values.end()) {
            same_metrics = false;
            continue;
          }
          max_difference = std::max(max_difference, std::abs(it->second - value));
        }
        // Ranks come from Monte-Carlo p-values, so they may differ where a p-value is near alpha.
        std::size_t rank_differences = 0;
        for (const auto& [name, rank] : their_output.ranks) {
          const auto it = my_output.ranks.find(name);
          if (it != my_output.ranks.end() && it->second != rank) ++rank_differences;
        }
        agreement = same_metrics ? fmt::format("max |value diff| {:.1e}", max_difference) : "different metric sets";
        if (!their_output.ranks.empty() && !my_output.ranks.empty())
          agreement += fmt::format(", {} rank(s) differ", rank_differences);
      }
      std::string target = "-";
      if (c.target_ratio) target = fmt::format(">={:.0f}x", *c.target_ratio);
      if (c.target_seconds) target = fmt::format("<{:.0f} s", *c.target_seconds);
      fmt::print("{:<18} {:>5} {:>6} {:>4} {:>11.3f} {:>11} {:>9} {:>9}  {}\n", c.name, c.systems, segments, c.metrics,
                 mine.wall_seconds, reference_time, ratio, target, agreement);
      std::fflush(stdout);
    }
    if (!keep && !app.count("--work-dir")) std::filesystem::remove_all(work_dir);
  } catch (const BenchError& e) {
    fmt::print(stderr, "bench_mtme_compare: {}\n", e.what());
    return 1;
  }
  return 0;
}

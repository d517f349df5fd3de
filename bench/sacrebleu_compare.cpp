// End-to-end speed and memory benchmark of `trenchcoat sacrebleu` against the
// sacreBLEU CLI.
//
// It writes synthetic corpora to a scratch directory, runs each metric as a
// child process pinned to a single core, and reports segments per second,
// the speed ratio to the reference CLI and whether both printed the same
// score. The reference is optional: set TRENCHCOAT_BENCH_SACREBLEU to a shell
// command line that behaves like `sacrebleu` (for example a wrapper script).
//
// See bench/README.md for how to run it.

#include "child_process.hpp"
#include "corpus_generator.hpp"
#include "real_data_corpus.hpp"

#include <fmt/core.h>

#include <stdlib.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace trenchcoat::bench;  // child_process.hpp: Launcher, run_once, BenchError...
using trenchcoat::bench::CorpusFiles;
using trenchcoat::bench::NoisyCorpusSpec;
using trenchcoat::bench::ShuffledCorpusSpec;
using trenchcoat::bench::Vocabulary;

constexpr std::size_t kVocabularySize = 30000;
constexpr double kMemoryTargetMb = 1000.0;  // "1 GB", counted in decimal megabytes
constexpr const char* kReferenceEnvironmentVariable = "TRENCHCOAT_BENCH_SACREBLEU";
// The shared reference data sits beside the checkout; the benchmark is normally run from the checkout.
constexpr const char* kDefaultRealDataDirectory = "../shared/data";
// trenchcoat's thread count for `sacrebleu` (read by the child); the one-thread run sets it to 1.
constexpr const char* kThreadsEnvironmentVariable = "TRENCHCOAT_THREADS";

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

struct Options {
  std::string trenchcoat_binary = "build/trenchcoat";
  std::optional<std::string> trenchcoat_command;  // test mode: replaces "<binary> sacrebleu"
  std::size_t segments = 20000;
  std::optional<std::size_t> reference_segments;  // slice of the noisy corpus for the reference
  std::size_t ter_segments = 200;
  std::size_t reference_ter_segments = 20;
  std::size_t ter_words = 40;
  std::size_t memory_segments = 1000000;
  bool skip_memory = false;
  bool memory_reference = false;
  std::uint64_t seed = 1;
  std::vector<std::string> only;  // empty: all cases
  std::optional<int> cpu;
  unsigned repeat = 1;
  std::optional<std::string> work_dir;
  bool keep_files = false;
  std::optional<std::string> real_data;  // unset: kDefaultRealDataDirectory when it holds the data
  std::size_t real_segments = 10000;
};

void print_usage() {
  fmt::print(
      "usage: bench_sacrebleu_compare [options]\n"
      "  --trenchcoat PATH             trenchcoat binary (default build/trenchcoat)\n"
      "  --trenchcoat-cmd CMD          test mode: shell command used instead of '<binary> sacrebleu'\n"
      "  --segments N                  segments in the noisy corpus (default 20000)\n"
      "  --reference-segments N        first N noisy segments only, for the reference (default: all)\n"
      "  --ter-segments N              segments in the shuffled TER corpus (default 200)\n"
      "  --reference-segments-ter N    shuffled TER segments for the reference (default 20)\n"
      "  --ter-words N                 words per shuffled TER segment (default 40)\n"
      "  --memory-segments N           segments in the memory corpus (default 1000000)\n"
      "  --skip-memory                 do not run the memory case\n"
      "  --memory-reference            also run the reference on the memory corpus (slow)\n"
      "  --seed N                      corpus seed (default 1)\n"
      "  --only CASE[,CASE...]         bleu chrf chrf++ ter ter-shuffled sentence-bleu memory real\n"
      "  --cpu N                       core to pin children to (default: first allowed core)\n"
      "  --repeat N                    time each run N times and keep the fastest (default 1)\n"
      "  --work-dir DIR                write corpora and outputs here (kept afterwards)\n"
      "  --keep-files                  keep the temporary directory\n"
      "  --real-data DIR               WMT system outputs for the 'real' case (default {} when present)\n"
      "  --real-segments N             segments sampled for the 'real' case (default 10000)\n"
      "environment:\n"
      "  {}=CMD  reference sacreBLEU command line, run through /bin/sh -c\n",
      kDefaultRealDataDirectory, kReferenceEnvironmentVariable);
}

std::uint64_t parse_number(std::string_view option, const std::string& text) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-') {
    throw BenchError(fmt::format("{} expects a non-negative integer, got '{}'", option, text));
  }
  return value;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw BenchError(fmt::format("{} needs a value", option));
      return argv[++i];
    };
    auto count = [&]() { return static_cast<std::size_t>(parse_number(option, value())); };
    if (option == "--help" || option == "-h") {
      print_usage();
      std::exit(0);
    } else if (option == "--trenchcoat") options.trenchcoat_binary = value();
    else if (option == "--trenchcoat-cmd") options.trenchcoat_command = value();
    else if (option == "--segments") options.segments = count();
    else if (option == "--reference-segments") options.reference_segments = count();
    else if (option == "--ter-segments") options.ter_segments = count();
    else if (option == "--reference-segments-ter") options.reference_ter_segments = count();
    else if (option == "--ter-words") options.ter_words = count();
    else if (option == "--memory-segments") options.memory_segments = count();
    else if (option == "--skip-memory") options.skip_memory = true;
    else if (option == "--memory-reference") options.memory_reference = true;
    else if (option == "--seed") options.seed = parse_number(option, value());
    else if (option == "--only") options.only = split_commas(value());
    else if (option == "--cpu") options.cpu = static_cast<int>(count());
    else if (option == "--repeat") options.repeat = static_cast<unsigned>(std::max<std::size_t>(1, count()));
    else if (option == "--work-dir") options.work_dir = value();
    else if (option == "--keep-files") options.keep_files = true;
    else if (option == "--real-data") options.real_data = value();
    else if (option == "--real-segments") options.real_segments = count();
    else throw BenchError(fmt::format("unknown option '{}' (try --help)", option));
  }
  if (options.segments == 0 || options.ter_segments == 0 || options.memory_segments == 0 || options.ter_words == 0 ||
      options.real_segments == 0) {
    throw BenchError("segment and word counts must be at least 1");
  }
  return options;
}

// ---------------------------------------------------------------------------
// Score comparison
// ---------------------------------------------------------------------------

std::vector<std::string> output_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

struct ScoreCheck {
  bool checked = false;
  bool match = false;
  std::string detail;  // the score when it matches, the first difference otherwise
};

std::string shorten(const std::string& text) {
  return text.size() <= 40 ? text : fmt::format("{}...", text.substr(0, 37));
}

ScoreCheck compare_scores(const std::string& trenchcoat_output, const std::string& reference_output) {
  const auto ours = output_lines(trenchcoat_output);
  const auto theirs = output_lines(reference_output);
  ScoreCheck check{true, true, {}};
  for (std::size_t i = 0; i < std::max(ours.size(), theirs.size()); ++i) {
    const std::string mine = i < ours.size() ? ours[i] : "(missing)";
    const std::string other = i < theirs.size() ? theirs[i] : "(missing)";
    if (mine != other) {
      check.match = false;
      check.detail = fmt::format("line {}: trenchcoat '{}' vs reference '{}'", i + 1, shorten(mine), shorten(other));
      return check;
    }
  }
  check.detail = ours.size() == 1 ? ours[0] : fmt::format("{} lines identical", ours.size());
  return check;
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

enum class CorpusKind { kNoisy, kShuffled };

struct SpeedCase {
  std::string name;
  std::vector<std::string> metric_arguments;
  CorpusKind corpus;
  std::optional<double> target_ratio;  // trenchcoat seg/s over reference seg/s
};

std::vector<SpeedCase> speed_cases() {
  return {
      {"bleu", {"-m", "bleu"}, CorpusKind::kNoisy, 50.0},
      {"chrf", {"-m", "chrf"}, CorpusKind::kNoisy, 50.0},
      {"chrf++", {"-m", "chrf", "-cw", "2"}, CorpusKind::kNoisy, 50.0},
      {"ter", {"-m", "ter"}, CorpusKind::kNoisy, std::nullopt},
      {"ter-shuffled", {"-m", "ter"}, CorpusKind::kShuffled, 200.0},
      {"sentence-bleu", {"-m", "bleu", "-sl"}, CorpusKind::kNoisy, std::nullopt},
  };
}

// `sacrebleu REF -i HYP <metric> -b`, the shape both tools receive.
std::vector<std::string> cli_arguments(const CorpusFiles& corpus, const std::vector<std::string>& metric) {
  std::vector<std::string> arguments = {corpus.reference, "-i", corpus.hypothesis};
  arguments.insert(arguments.end(), metric.begin(), metric.end());
  arguments.push_back("-b");
  return arguments;
}

bool selected(const Options& options, const std::string& name) {
  if (options.only.empty()) return true;
  for (const auto& wanted : options.only) {
    if (wanted == name) return true;
  }
  return false;
}

void check_case_names(const Options& options) {
  for (const auto& wanted : options.only) {
    bool known = wanted == "memory" || wanted == "real";
    for (const auto& speed_case : speed_cases()) known = known || speed_case.name == wanted;
    if (!known) throw BenchError(fmt::format("--only: unknown case '{}'", wanted));
  }
}

// The corpora a case runs on: the full one for trenchcoat and a (possibly
// smaller) slice for the reference.
struct CorpusPair {
  CorpusFiles full;
  CorpusFiles reference_slice;
};

struct Context {
  Options options;
  Launcher trenchcoat;
  std::optional<Launcher> reference;
  int cpu = 0;
  std::string work_dir;
  CorpusPair noisy;
  CorpusPair shuffled;
  bool failed_check = false;  // some score differed from the reference's
};

double rate(std::size_t segments, const RunResult& run) {
  return static_cast<double>(segments) / std::max(run.wall_seconds, 1e-9);
}

std::string target_text(const std::optional<double>& target, std::optional<double> ratio) {
  if (!target) return "-";
  if (!ratio) return fmt::format(">={:g}x", *target);
  return fmt::format(">={:g}x {}", *target, *ratio >= *target ? "met" : "MISSED");
}

void print_speed_header() {
  fmt::print("{:<14} {:>13} {:>17} {:>16} {:>9}  {:<13} {}\n", "case", "segments", "trenchcoat seg/s",
             "reference seg/s", "ratio", "target", "score-match");
}

void print_score_detail(const std::string& name, const ScoreCheck& check) {
  if (!check.checked) return;
  if (check.match) {
    fmt::print("{:<14}   score: {}\n", "", check.detail);
  } else {
    fmt::print("{:<14}   !!! SCORE MISMATCH in {}: {}\n", "", name, check.detail);
  }
}

void run_speed_case(Context& context, const SpeedCase& speed_case) {
  const CorpusPair& corpora = speed_case.corpus == CorpusKind::kNoisy ? context.noisy : context.shuffled;
  const auto& options = context.options;

  const RunResult ours =
      run_best_of(context.trenchcoat, cli_arguments(corpora.full, speed_case.metric_arguments), context.cpu,
                  context.work_dir, fmt::format("{}.trenchcoat", speed_case.name), options.repeat);
  const double our_rate = rate(corpora.full.segments, ours);

  std::optional<double> their_rate;
  ScoreCheck check;
  std::string segments_text = std::to_string(corpora.full.segments);
  if (context.reference) {
    const auto slice_arguments = cli_arguments(corpora.reference_slice, speed_case.metric_arguments);
    const RunResult theirs = run_best_of(*context.reference, slice_arguments, context.cpu, context.work_dir,
                                         fmt::format("{}.reference", speed_case.name), options.repeat);
    their_rate = rate(corpora.reference_slice.segments, theirs);
    segments_text += fmt::format("/{}", corpora.reference_slice.segments);
    // Scores are only comparable on the same input, so when the reference
    // saw a slice, run trenchcoat once more on that slice (untimed).
    const bool same_input = corpora.reference_slice.segments == corpora.full.segments;
    const std::string& our_output = same_input
                                        ? ours.output
                                        : run_once(context.trenchcoat, slice_arguments, context.cpu, context.work_dir,
                                                   fmt::format("{}.trenchcoat-slice", speed_case.name))
                                              .output;
    check = compare_scores(our_output, theirs.output);
    if (!check.match) context.failed_check = true;
  }

  const std::optional<double> ratio = their_rate ? std::optional<double>(our_rate / *their_rate) : std::nullopt;
  fmt::print("{:<14} {:>13} {:>17.1f} {:>16} {:>9}  {:<13} {}\n", speed_case.name, segments_text, our_rate,
             their_rate ? fmt::format("{:.1f}", *their_rate) : "skipped", ratio ? fmt::format("{:.1f}x", *ratio) : "-",
             target_text(speed_case.target_ratio, ratio),
             !check.checked ? "-"
             : check.match  ? "yes"
                            : "MISMATCH");
  print_score_detail(speed_case.name, check);
  std::fflush(stdout);
}

void run_memory_case(Context& context, const Vocabulary& vocabulary) {
  const auto& options = context.options;
  NoisyCorpusSpec spec;
  spec.segments = options.memory_segments;
  spec.mean_words = 20.0;
  fmt::print("memory: generating {} segments ...\n", spec.segments);
  std::fflush(stdout);
  const CorpusFiles corpus =
      trenchcoat::bench::write_noisy_corpus(context.work_dir, "memory", spec, vocabulary, options.seed);
  const auto file_mb = [](const std::string& path) {
    return static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  };
  fmt::print("memory: hypothesis {:.0f} MB, reference {:.0f} MB on disk; target peak RSS < {:.0f} MB\n",
             file_mb(corpus.hypothesis), file_mb(corpus.reference), kMemoryTargetMb);

  const std::vector<SpeedCase> memory_metrics = {{"bleu", {"-m", "bleu"}, CorpusKind::kNoisy, std::nullopt},
                                                 {"chrf", {"-m", "chrf"}, CorpusKind::kNoisy, std::nullopt}};
  for (const auto& metric : memory_metrics) {
    const auto arguments = cli_arguments(corpus, metric.metric_arguments);
    const RunResult ours =
        run_once(context.trenchcoat, arguments, context.cpu, context.work_dir, fmt::format("memory-{}", metric.name));
    const bool within_target = ours.peak_rss_mb < kMemoryTargetMb;
    fmt::print("memory-{:<7} trenchcoat peak RSS {:8.1f} MB  {:<6}  ({:.1f} s, {:.0f} seg/s)\n", metric.name,
               ours.peak_rss_mb, within_target ? "met" : "MISSED", ours.wall_seconds, rate(corpus.segments, ours));
    if (context.reference && options.memory_reference) {
      const RunResult theirs = run_once(*context.reference, arguments, context.cpu, context.work_dir,
                                        fmt::format("memory-{}.ref", metric.name));
      const ScoreCheck check = compare_scores(ours.output, theirs.output);
      if (!check.match) context.failed_check = true;
      fmt::print("memory-{:<7} reference  peak RSS {:8.1f} MB          ({:.1f} s, {:.0f} seg/s) score-match {}\n",
                 metric.name, theirs.peak_rss_mb, theirs.wall_seconds, rate(corpus.segments, theirs),
                 check.match ? "yes" : "MISMATCH");
      print_score_detail(fmt::format("memory-{}", metric.name), check);
    }
    std::fflush(stdout);
  }
  if (context.reference && !options.memory_reference) {
    fmt::print("memory: reference not run on this corpus (add --memory-reference; it takes minutes)\n");
  }
}

// ---------------------------------------------------------------------------
// Real data: WMT system outputs, BLEU and chrF in one run
// ---------------------------------------------------------------------------

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// Sets an environment variable for the children started while it lives, and restores it after.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~ScopedEnvironment() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// The directory of the 'real' case, or nothing (with the reason printed) when it is not run.
std::optional<std::string> real_data_directory(const Options& options) {
  if (options.real_data) {
    if (!trenchcoat::bench::has_real_data(*options.real_data))
      throw BenchError(fmt::format("--real-data {}: no WMT system outputs there", *options.real_data));
    return options.real_data;
  }
  if (trenchcoat::bench::has_real_data(kDefaultRealDataDirectory)) return std::string(kDefaultRealDataDirectory);
  fmt::print("real: skipped (no WMT system outputs in {}; pass --real-data DIR)\n", kDefaultRealDataDirectory);
  return std::nullopt;
}

// `sacrebleu REF -i HYP -m bleu chrf -b` on sampled real segments: the reference (one thread, as
// sacreBLEU is), trenchcoat with all cores and trenchcoat with one thread, interleaved `repeat` times,
// unpinned; reports the median wall time of each and the ratios of the medians.
void run_real_data_case(Context& context, const std::string& data_directory) {
  const auto& options = context.options;
  const auto corpus = trenchcoat::bench::write_real_data_corpus(data_directory, context.work_dir, "real",
                                                                options.real_segments, options.seed);
  fmt::print("real: {} segments sampled (seed {}) from {}:\n", corpus.files.segments, options.seed, data_directory);
  for (const auto& source : corpus.sources)
    fmt::print("real:   {:<36} {:>6} of {:>6} segment pairs\n", source.name, source.sampled, source.available);
  fmt::print(
      "real: command: sacrebleu REF -i HYP -m bleu chrf -b (default 13a tokenisation: targets are de and en);\n"
      "real: children unpinned; trenchcoat all threads ({} unset) and one thread ({}=1); median of {} round(s)\n",
      kThreadsEnvironmentVariable, kThreadsEnvironmentVariable, options.repeat);
  std::fflush(stdout);

  const auto arguments = cli_arguments(corpus.files, {"-m", "bleu", "chrf"});
  std::vector<double> all_threads, one_thread, reference;
  std::vector<double> all_threads_cpu, one_thread_cpu, reference_cpu;
  std::string all_output, one_output, reference_output;
  for (unsigned round = 0; round < options.repeat; ++round) {
    if (context.reference) {
      const RunResult theirs = run_once(*context.reference, arguments, -1, context.work_dir, "real.reference");
      reference.push_back(theirs.wall_seconds);
      reference_cpu.push_back(theirs.cpu_seconds);
      reference_output = theirs.output;
    }
    {
      const ScopedEnvironment threads(kThreadsEnvironmentVariable, nullptr);
      const RunResult ours = run_once(context.trenchcoat, arguments, -1, context.work_dir, "real.trenchcoat");
      all_threads.push_back(ours.wall_seconds);
      all_threads_cpu.push_back(ours.cpu_seconds);
      all_output = ours.output;
    }
    {
      const ScopedEnvironment threads(kThreadsEnvironmentVariable, "1");
      const RunResult ours = run_once(context.trenchcoat, arguments, -1, context.work_dir, "real.trenchcoat-1");
      one_thread.push_back(ours.wall_seconds);
      one_thread_cpu.push_back(ours.cpu_seconds);
      one_output = ours.output;
    }
  }

  const ScoreCheck threads_check = compare_scores(all_output, one_output);
  if (!threads_check.match) {
    context.failed_check = true;
    fmt::print("real: !!! all threads and one thread differ: {}\n", threads_check.detail);
  }
  // Wall time is what the targets count; CPU time (user + system) is printed beside it because it
  // hardly moves when other work shares the machine.
  const auto line = [&](const char* who, double seconds, double cpu_seconds, std::optional<double> reference_seconds) {
    fmt::print("real: {:<26} {:8.3f} s wall {:>9.0f} seg/s  {:>9}   cpu {:8.3f} s\n", who, seconds,
               static_cast<double>(corpus.files.segments) / std::max(seconds, 1e-9),
               reference_seconds ? fmt::format("{:.1f}x", *reference_seconds / seconds) : "-", cpu_seconds);
  };
  const std::optional<double> reference_seconds =
      reference.empty() ? std::nullopt : std::optional<double>(median(reference));
  fmt::print("real: {:<26} {:>8}        {:>9}        {:>9}   {:>14}\n", "median of each", "wall", "rate", "ratio",
             "cpu");
  if (reference_seconds) line("reference (sacreBLEU)", *reference_seconds, median(reference_cpu), std::nullopt);
  else fmt::print("real: reference: skipped ({} unset)\n", kReferenceEnvironmentVariable);
  line("trenchcoat, all threads", median(all_threads), median(all_threads_cpu), reference_seconds);
  line("trenchcoat, one thread", median(one_thread), median(one_thread_cpu), reference_seconds);
  if (reference_seconds) {
    fmt::print("real: one-thread cpu ratio {:.1f}x (reference cpu / trenchcoat one-thread cpu)\n",
               median(reference_cpu) / median(one_thread_cpu));
  }
  if (context.reference) {
    const ScoreCheck check = compare_scores(all_output, reference_output);
    if (!check.match) context.failed_check = true;
    fmt::print("real: score-match {}: {}\n", check.match ? "yes" : "MISMATCH", check.detail);
  } else {
    fmt::print("real: all threads and one thread: {}\n", threads_check.detail);
  }
  std::string scores;
  for (const std::string& line : output_lines(all_output)) scores += line;
  fmt::print("real: trenchcoat printed {}\n", scores);
  std::fflush(stdout);
}

// ---------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------

Launcher make_trenchcoat_launcher(const Options& options) {
  if (options.trenchcoat_command) return shell_launcher("trenchcoat", *options.trenchcoat_command);
  if (access(options.trenchcoat_binary.c_str(), X_OK) != 0) {
    throw BenchError(
        fmt::format("trenchcoat binary not found or not executable: {} (build it, or pass "
                    "--trenchcoat PATH)",
                    options.trenchcoat_binary));
  }
  return binary_launcher("trenchcoat", options.trenchcoat_binary, {"sacrebleu"});
}

std::optional<Launcher> make_reference_launcher() { return launcher_from_environment(kReferenceEnvironmentVariable); }

std::string make_work_dir(const Options& options) {
  if (options.work_dir) {
    std::filesystem::create_directories(*options.work_dir);
    return *options.work_dir;
  }
  return make_temporary_directory();
}

bool needs_corpus(const Options& options, CorpusKind kind) {
  for (const auto& speed_case : speed_cases()) {
    if (speed_case.corpus == kind && selected(options, speed_case.name)) return true;
  }
  return false;
}

void generate_speed_corpora(Context& context, const Vocabulary& vocabulary) {
  const auto& options = context.options;
  if (needs_corpus(options, CorpusKind::kNoisy)) {
    NoisyCorpusSpec spec;
    spec.segments = options.segments;
    context.noisy.full =
        trenchcoat::bench::write_noisy_corpus(context.work_dir, "noisy", spec, vocabulary, options.seed);
    const std::size_t slice = std::min(options.reference_segments.value_or(options.segments), options.segments);
    context.noisy.reference_slice =
        slice == options.segments
            ? context.noisy.full
            : trenchcoat::bench::write_corpus_prefix(context.noisy.full, context.work_dir, "noisy-slice", slice);
  }
  if (needs_corpus(options, CorpusKind::kShuffled)) {
    ShuffledCorpusSpec spec;
    spec.segments = options.ter_segments;
    spec.words_per_segment = options.ter_words;
    context.shuffled.full =
        trenchcoat::bench::write_shuffled_corpus(context.work_dir, "shuffled", spec, vocabulary, options.seed);
    const std::size_t slice = std::min(options.reference_ter_segments, options.ter_segments);
    context.shuffled.reference_slice =
        slice == options.ter_segments
            ? context.shuffled.full
            : trenchcoat::bench::write_corpus_prefix(context.shuffled.full, context.work_dir, "shuffled-slice", slice);
  }
}

void print_preamble(const Context& context) {
  fmt::print("trenchcoat: {}\n", describe(context.trenchcoat));
  if (context.reference) {
    fmt::print("reference:  {}\n", describe(*context.reference));
  } else {
    fmt::print("reference: skipped ({} unset)\n", kReferenceEnvironmentVariable);
  }
  if (!context.options.only.empty() && context.options.only == std::vector<std::string>{"real"}) {
    fmt::print("seg/s = segments / wall time of one CLI run (process start included)\n");
  } else {
    fmt::print(
        "children pinned to cpu {} (the 'real' case: unpinned); seg/s = segments / wall time of one CLI "
        "run (process start included)\n",
        context.cpu);
  }
  fmt::print("corpora in {} (seed {})\n\n", context.work_dir, context.options.seed);
}

int run_benchmark(const Options& options) {
  check_case_names(options);
  Context context{options, make_trenchcoat_launcher(options), make_reference_launcher(), 0, {}, {}, {}, false};
  context.cpu = options.cpu.value_or(first_allowed_cpu());
  context.work_dir = make_work_dir(options);
  const bool remove_work_dir = !options.work_dir && !options.keep_files;

  int exit_code = 0;
  try {
    const Vocabulary vocabulary(kVocabularySize, options.seed);
    generate_speed_corpora(context, vocabulary);
    print_preamble(context);
    bool printed_header = false;
    for (const auto& speed_case : speed_cases()) {
      if (!selected(options, speed_case.name)) continue;
      if (!printed_header) print_speed_header();
      printed_header = true;
      run_speed_case(context, speed_case);
    }
    if (!options.skip_memory && selected(options, "memory")) {
      if (printed_header) fmt::print("\n");
      printed_header = true;
      run_memory_case(context, vocabulary);
    }
    if (selected(options, "real")) {
      if (printed_header) fmt::print("\n");
      if (const auto data_directory = real_data_directory(options)) run_real_data_case(context, *data_directory);
    }
    if (context.failed_check) {
      fmt::print("\n!!! FAILED: trenchcoat and the reference printed different scores (see above)\n");
      exit_code = 2;
    }
  } catch (...) {
    if (remove_work_dir) std::filesystem::remove_all(context.work_dir);
    else fmt::print(stderr, "bench: files kept in {}\n", context.work_dir);
    throw;
  }
  if (remove_work_dir) std::filesystem::remove_all(context.work_dir);
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_benchmark(parse_options(argc, argv));
  } catch (const std::exception& error) {
    std::fflush(stdout);
    fmt::print(stderr, "bench: error: {}\n", error.what());
    return 1;
  }
}

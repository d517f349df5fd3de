// trenchcoat sacrebleu: a drop-in replacement of the sacreBLEU 2.6.0 command line for BLEU, chrF,
// chrF++ and TER. Same flags, same inputs, same stdout byte for byte (the version field of signatures
// aside: see metrics::signature_version()).
//
// Not available: built-in test sets (-t, -l, --echo, --list, --download, --citation, --origlang,
// --subset, --detail), which need downloads; statistical tests (-ci, -pbs, -par) come with the
// meta-evaluation work; ja-mecab / ko-mecab tokenizers.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "exit_error.hpp"
#include "parse_arguments.hpp"
#include "subcommands.hpp"
#include "trenchcoat/text/python_json.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/io/text_table.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/metrics/chrf.hpp"
#include "trenchcoat/metrics/parallel_segment_stats.hpp"
#include "trenchcoat/metrics/sacrebleu_format.hpp"
#include "trenchcoat/metrics/ter.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/utf8.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::cli {
namespace {

using text::split_tabs;

constexpr const char* kSacrebleuVersion = "2.6.0";

struct SacrebleuArgs {
  std::vector<std::string> refs;
  bool input_given = false;
  std::vector<std::string> inputs;
  int num_refs = 1;
  std::string encoding = "utf-8";
  std::vector<std::string> metrics{"bleu"};
  bool sentence_level = false;
  // BLEU
  std::string smooth_method = "exp";
  std::optional<double> smooth_value;
  std::string tokenize;  // empty: 13a
  std::string spm_model;
  bool lowercase = false;
  bool force = false;
  // chrF
  int chrf_char_order = 6;
  int chrf_word_order = 0;
  int chrf_beta = 2;
  bool chrf_whitespace = false;
  bool chrf_lowercase = false;
  bool chrf_eps_smoothing = false;
  // TER
  bool ter_case_sensitive = false;
  bool ter_asian_support = false;
  bool ter_no_punct = false;
  bool ter_normalized = false;
  // reporting
  bool quiet = false;
  bool short_signature = false;
  bool score_only = false;
  int width = 1;
  std::string format = "json";
  // trenchcoat's own: threads for the segment statistics (0: every core). Results do not depend on it.
  unsigned threads = 0;
};

// Read when --threads is not given.
constexpr const char* kThreadsEnvironmentVariable = "TRENCHCOAT_THREADS";

// sacreBLEU spells some short options with several letters after one dash ("-nr", "-tok"), which
// argparse accepts and CLI11 does not: they are rewritten to their long forms first.
std::vector<std::string> rewrite_multi_letter_options(int argc, char** argv) {
  static const std::map<std::string, std::string> kAliases = {
      {"-nr", "--num-refs"},        {"-sl", "--sentence-level"}, {"-sv", "--smooth-value"},
      {"-tok", "--tokenize"},       {"-lc", "--lowercase"},      {"-cc", "--chrf-char-order"},
      {"-cw", "--chrf-word-order"}, {"-ci", "--confidence"},     {"-cin", "--confidence-n"},
      {"-par", "--paired-ar"},      {"-pbs", "--paired-bs"},     {"-parn", "--paired-ar-n"},
      {"-pbsn", "--paired-bs-n"},   {"-sh", "--short"},          {"-nc", "--no-color"},
      {"-ol", "--origlang"},
  };
  std::vector<std::string> out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const std::size_t eq = a.find('=');
    const std::string head = a.substr(0, eq);
    if (auto it = kAliases.find(head); it != kAliases.end())
      a = it->second + (eq == std::string::npos ? "" : a.substr(eq));
    out.push_back(a);
  }
  return out;
}

// argparse keeps only the last occurrence of an option; for the list options (-m, -i) that is the last
// group of values. Earlier groups are dropped here, since CLI11 would append them.
std::vector<std::string> keep_last_list_groups(std::vector<std::string> args) {
  const auto is_option = [](const std::string& a) { return a.size() > 1 && a[0] == '-'; };
  for (const auto& names : {std::vector<std::string>{"-m", "--metrics"}, std::vector<std::string>{"-i", "--input"}}) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < args.size(); ++i)
      if (std::find(names.begin(), names.end(), args[i]) != names.end()) starts.push_back(i);
    if (starts.size() < 2) continue;
    std::vector<std::string> kept;
    std::size_t i = 0;
    for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
      for (; i < starts[k]; ++i) kept.push_back(args[i]);
      for (i = starts[k] + 1; i < args.size() && !is_option(args[i]); ++i) {}
    }
    for (; i < args.size(); ++i) kept.push_back(args[i]);
    args = std::move(kept);
  }
  return args;
}

struct Unsupported {
  bool test_set = false, langpair = false, echo = false, list = false, download = false, citation = false,
       origlang = false, subset = false, detail = false, confidence = false, paired_ar = false, paired_bs = false;
};

SacrebleuArgs parse_sacrebleu_arguments(int argc, char** argv) {
  SacrebleuArgs a;
  Unsupported u;
  std::string unused_string;
  std::vector<std::string> unused_list;
  int unused_int = 0;
  bool unused_flag = false;

  CLI::App app{
      "trenchcoat sacrebleu: BLEU, chrF, chrF++ and TER, identical to sacreBLEU 2.6.0 and much faster.\n"
      "Quick usage: trenchcoat sacrebleu REF [REF ...] -i HYP [HYP ...] [-m bleu chrf ter] [-f text]\n"
      "(hypotheses are read from standard input when -i is not given; tab-separated columns are systems)",
      "trenchcoat sacrebleu"};
  app.get_formatter()->column_width(34);

  app.add_option("refs", a.refs, "Reference files (before -i/--input)");
  auto* input = app.add_option("-i,--input", a.inputs, "Read hypotheses from these files instead of standard input")
                    ->expected(0, -1);
  app.add_option("--num-refs", a.num_refs, "(-nr) Split each reference line on tabs into this many references")
      ->capture_default_str();
  app.add_option("-e,--encoding", a.encoding, "Text encoding of the files (only utf-8)")->capture_default_str();
  app.add_option("-m,--metrics", a.metrics, "Metrics to compute (default: bleu)")
      ->check(CLI::IsMember({"bleu", "chrf", "ter"}))
      ->expected(1, -1);
  app.add_flag("--sentence-level", a.sentence_level, "(-sl) Score each sentence");

  auto* bleu = app.add_option_group("BLEU");
  bleu->add_option("-s,--smooth-method", a.smooth_method, "Smoothing: exp, floor, add-k, none (default: exp)")
      ->check(CLI::IsMember({"none", "floor", "add-k", "exp"}));
  bleu->add_option("--smooth-value", a.smooth_value, "(-sv) Smoothing value for floor (0.1) and add-k (1)");
  bleu->add_option("--tokenize", a.tokenize,
                   "(-tok) Tokenizer: none, zh, 13a, char, intl, spm, flores101, flores200, spBLEU-1K (default: 13a)")
      ->check(CLI::IsMember(text::tokenizer_names()));
  bleu->add_option("--spm-model", a.spm_model,
                   "SentencePiece model for the spm/flores tokenizers (default: where sacreBLEU caches it, "
                   "$SACREBLEU/models or ~/.sacrebleu/models; nothing is downloaded)");
  bleu->add_flag("--lowercase", a.lowercase, "(-lc) Case-insensitive BLEU");
  bleu->add_flag("--force", a.force, "Do not warn about input that looks tokenized");

  auto* chrf = app.add_option_group("chrF");
  chrf->add_option("--chrf-char-order", a.chrf_char_order, "(-cc) Character n-gram order")->capture_default_str();
  chrf->add_option("--chrf-word-order", a.chrf_word_order, "(-cw) Word n-gram order; 2 gives chrF++")
      ->capture_default_str();
  chrf->add_option("--chrf-beta", a.chrf_beta, "Weight of recall against precision")->capture_default_str();
  chrf->add_flag("--chrf-whitespace", a.chrf_whitespace, "Keep whitespace in character n-grams");
  chrf->add_flag("--chrf-lowercase", a.chrf_lowercase, "Case-insensitive chrF");
  chrf->add_flag("--chrf-eps-smoothing", a.chrf_eps_smoothing,
                 "Epsilon smoothing (chrF++.py, NLTK, Moses) instead of effective order");

  auto* ter = app.add_option_group("TER (defaults replicate TERCOM)");
  ter->add_flag("--ter-case-sensitive", a.ter_case_sensitive, "Case-sensitive TER");
  ter->add_flag("--ter-asian-support", a.ter_asian_support, "Special treatment of Asian characters");
  ter->add_flag("--ter-no-punct", a.ter_no_punct, "Remove punctuation");
  ter->add_flag("--ter-normalized", a.ter_normalized, "Basic normalisation and tokenization");

  auto* report = app.add_option_group("Reporting");
  report->add_flag("-q,--quiet", a.quiet, "Suppress informative messages");
  report->add_flag("--short", a.short_signature, "(-sh) Short signature");
  report->add_flag("-b,--score-only", a.score_only, "Print only the score");
  report->add_option("-w,--width", a.width, "Decimals in printed scores")->capture_default_str();
  report->add_option("-f,--format", a.format, "Output format: json, text or latex (env SACREBLEU_FORMAT overrides)")
      ->check(CLI::IsMember({"json", "text", "latex"}));
  report->add_flag("--no-color", unused_flag, "(-nc) Accepted; output is never coloured");
  report->add_flag("-d,--detail", u.detail, "Not supported: needs a built-in test set");

  auto* later = app.add_option_group("Not supported (test sets need downloads; statistical tests come later)");
  later->add_option("-t,--test-set", unused_string, "Built-in test sets: not supported")->each([&](const std::string&) {
    u.test_set = true;
  });
  later->add_option("-l,--language-pair", unused_string, "Language pair of a test set: not supported")
      ->each([&](const std::string&) { u.langpair = true; });
  later->add_option("--echo", unused_list, "Not supported")->each([&](const std::string&) { u.echo = true; });
  later->add_flag("--list", u.list, "Not supported");
  later->add_option("--download", unused_string, "Not supported")->each([&](const std::string&) { u.download = true; });
  later->add_flag("--citation,--cite", u.citation, "Not supported");
  later->add_option("--origlang", unused_string, "(-ol) Not supported")->each([&](const std::string&) {
    u.origlang = true;
  });
  later->add_option("--subset", unused_string, "Not supported")->each([&](const std::string&) { u.subset = true; });
  later->add_flag("--confidence", u.confidence, "(-ci) Bootstrap confidence intervals: not supported yet");
  later->add_option("--confidence-n", unused_int, "(-cin) Not supported yet");
  later->add_flag("--paired-ar", u.paired_ar, "(-par) Not supported yet");
  later->add_flag("--paired-bs", u.paired_bs, "(-pbs) Not supported yet");
  later->add_option("--paired-ar-n", unused_int, "(-parn) Not supported yet");
  later->add_option("--paired-bs-n", unused_int, "(-pbsn) Not supported yet");
  later->add_option("-j,--paired-jobs", unused_int, "Not supported yet");
  bool version = false;
  app.add_flag("-V,--version", version, "Print the version and exit");
  std::optional<unsigned> threads;
  app.add_option("--threads", threads,
                 "trenchcoat only: threads for the segment statistics (default: $TRENCHCOAT_THREADS, else every "
                 "core); scores are identical for any number");

  // Like argparse, a single-value option given twice takes its last value.
  for (CLI::Option* option : app.get_options())
    if (option->get_expected_max() == 1) option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  for (CLI::App* group : app.get_subcommands({}))
    for (CLI::Option* option : group->get_options())
      if (option->get_expected_max() == 1) option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  const std::vector<std::string> args = keep_last_list_groups(rewrite_multi_letter_options(argc, argv));
  if (!parse_arguments(app, args, "trenchcoat sacrebleu")) std::exit(0);
  if (version) {
    std::printf("sacrebleu %s (trenchcoat sacrebleu, %s)\n", kSacrebleuVersion, metrics::signature_version().c_str());
    std::exit(0);
  }
  if (threads) {
    a.threads = *threads;
  } else if (const char* env = std::getenv(kThreadsEnvironmentVariable); env && *env) {
    char* end = nullptr;
    const unsigned long value = std::strtoul(env, &end, 10);
    if (*end != '\0' || env[0] == '-' || value > 4096)
      throw ExitError(
          1, std::string(kThreadsEnvironmentVariable) + "='" + env + "' is not a thread count (0: every core)");
    a.threads = static_cast<unsigned>(value);
  }
  if (a.threads > 4096) throw ExitError(1, "--threads " + std::to_string(a.threads) + " is more than 4096");
  a.input_given = input->count() > 0 || std::find(args.begin(), args.end(), "-i") != args.end() ||
                  std::find(args.begin(), args.end(), "--input") != args.end();

  if (const char* env = std::getenv("SACREBLEU_FORMAT")) {
    std::string f = env;
    std::transform(f.begin(), f.end(), f.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (f == "json" || f == "text" || f == "latex") a.format = f;
  }

  if (u.test_set || u.langpair || u.echo || u.list || u.download || u.citation || u.origlang || u.subset || u.detail)
    throw ExitError(1,
                    "built-in test sets (-t, -l, --echo, --list, --download, --citation, --origlang, --subset, "
                    "--detail) are not supported: trenchcoat works offline; give reference files instead");
  if (u.confidence || u.paired_ar || u.paired_bs)
    throw ExitError(1, "confidence intervals and paired tests (-ci, -pbs, -par) are not supported yet");
  std::string enc = a.encoding;
  std::transform(enc.begin(), enc.end(), enc.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (enc != "utf-8" && enc != "utf8" && enc != "utf_8")
    throw ExitError(1, "encoding '" + a.encoding + "' is not supported: trenchcoat reads UTF-8 only");
  if (a.width < 0) throw ExitError(2, "--width must not be negative");
  return a;
}

// ---------------------------------------------------------------------------------------------
// Inputs

struct Inputs {
  std::vector<io::TextLines> files;                    // keeps the text the views point into
  std::vector<std::string> stdin_fields;               // storage for the first stdin line's fields
  std::vector<std::vector<std::string_view>> streams;  // reference streams
  std::vector<std::string> system_names;
  std::vector<std::vector<std::string_view>> systems;
  std::vector<std::string> system_sources;  // file each system came from, for messages
};

void read_references(const SacrebleuArgs& a, Inputs& in) {
  in.streams.resize(std::max<std::size_t>(a.refs.size(), static_cast<std::size_t>(std::max(a.num_refs, 1))));
  for (std::size_t refno = 0; refno < a.refs.size(); ++refno) {
    in.files.push_back(io::read_text_lines(a.refs[refno], io::Newlines::lf_only));
    const io::TextLines& file = in.files.back();
    for (std::size_t i = 0; i < file.size(); ++i) {
      const std::string_view line = text::rstrip(file[i]);
      if (a.num_refs == 1) {
        in.streams[refno].push_back(line);
        continue;
      }
      const auto fields = split_tabs(line, static_cast<std::size_t>(a.num_refs - 1));
      if (fields.size() != static_cast<std::size_t>(a.num_refs))
        throw ExitError(17, Error(file.name(), i + 1,
                                  "expected " + std::to_string(a.num_refs) + " tab-separated references, but found " +
                                      std::to_string(fields.size())));
      for (std::size_t r = 0; r < fields.size(); ++r) in.streams[r].push_back(fields[r]);
    }
  }
}

void read_hypotheses(const SacrebleuArgs& a, Inputs& in) {
  if (!a.input_given) {
    // Standard input: tab-separated columns are systems. Like sacreBLEU, the first line decides the
    // number of systems and its fields are not stripped one by one; the other lines' fields are.
    in.files.push_back(io::read_stdin_lines(io::Newlines::universal));
    const io::TextLines& file = in.files.back();
    const std::string_view first = file.empty() ? std::string_view() : file[0];
    const auto first_fields = split_tabs(text::rstrip(first), static_cast<std::size_t>(-1));
    in.systems.resize(first_fields.size());
    for (std::size_t s = 0; s < first_fields.size(); ++s) {
      in.systems[s].push_back(first_fields[s]);
      in.system_names.push_back("System " + std::to_string(s + 1));
      in.system_sources.push_back("<stdin>");
    }
    for (std::size_t i = 1; i < file.size(); ++i) {
      const auto fields = split_tabs(text::rstrip(file[i]), static_cast<std::size_t>(-1));
      if (fields.size() != in.systems.size())
        throw ExitError(
            17, Error("<stdin>", i + 1,
                      "the number of tab-separated fields differs across lines (" + std::to_string(fields.size()) +
                          " here, " + std::to_string(in.systems.size()) + " on the first line)"));
      for (std::size_t s = 0; s < fields.size(); ++s) in.systems[s].push_back(text::rstrip(fields[s]));
    }
    return;
  }
  if (a.inputs.empty()) throw ExitError(1, "-i/--input was given without any hypothesis file");
  for (const std::string& name : a.inputs) {
    if (std::find(in.system_names.begin(), in.system_names.end(), name) != in.system_names.end())
      throw ExitError(1, "'" + name + "' already used to name a system; give each system a different file name");
    in.files.push_back(io::read_text_lines(name, io::Newlines::lf_only));
    const io::TextLines& file = in.files.back();
    std::vector<std::string_view> lines;
    lines.reserve(file.size());
    for (std::string_view line : file.lines()) lines.push_back(text::rstrip(line));
    in.systems.push_back(std::move(lines));
    in.system_names.push_back(name);
    in.system_sources.push_back(name);
  }
}

void check_lengths(const SacrebleuArgs& a, const Inputs& in) {
  for (std::size_t s = 0; s < in.systems.size(); ++s) {
    if (in.systems[s].empty()) throw ExitError(1, Error(in.system_sources[s], 0, "no hypotheses (the input is empty)"));
    for (std::size_t r = 0; r < in.streams.size(); ++r) {
      if (in.streams[r].size() == in.systems[s].size()) continue;
      const std::string ref_name = a.refs.size() > r ? a.refs[r] : a.refs.front();
      throw ExitError(1, "system and reference streams have different lengths: " + in.system_sources[s] + " has " +
                             std::to_string(in.systems[s].size()) + " lines, " + ref_name + " has " +
                             std::to_string(in.streams[r].size()));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Metrics

struct NamedMetric {
  std::string key;  // BLEU, CHRF, TER: sacreBLEU orders metrics by this
  std::unique_ptr<metrics::StringMetric> metric;
};

std::vector<NamedMetric> make_metrics(const SacrebleuArgs& a) {
  std::vector<std::string> keys;
  for (const std::string& m : a.metrics) {
    std::string key = m;
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<NamedMetric> out;
  for (const std::string& key : keys) {
    if (key == "BLEU") {
      metrics::BleuOptions o;
      o.lowercase = a.lowercase;
      o.tokenize = a.tokenize.empty() ? "13a" : a.tokenize;
      o.tokenizer_options.spm_model_path = a.spm_model;
      o.smooth_method = metrics::parse_bleu_smoothing(a.smooth_method);
      o.smooth_value = a.smooth_value;
      o.effective_order = a.sentence_level;  // sacreBLEU turns it on for sentence-level BLEU
      if (o.tokenize == "spm" && !a.quiet)
        std::fprintf(stderr,
                     "sacreBLEU: Tokenizer 'spm' has been changed to 'flores101', and may be removed in the future.\n");
      out.push_back({key, std::make_unique<metrics::Bleu>(o)});
    } else if (key == "CHRF") {
      metrics::ChrfOptions o;
      o.char_order = a.chrf_char_order;
      o.word_order = a.chrf_word_order;
      o.beta = a.chrf_beta;
      o.whitespace = a.chrf_whitespace;
      o.lowercase = a.chrf_lowercase;
      o.eps_smoothing = a.chrf_eps_smoothing;
      out.push_back({key, std::make_unique<metrics::Chrf>(o)});
    } else {
      metrics::TerOptions o;
      o.case_sensitive = a.ter_case_sensitive;
      o.asian_support = a.ter_asian_support;
      o.no_punct = a.ter_no_punct;
      o.normalized = a.ter_normalized;
      out.push_back({key, std::make_unique<metrics::Ter>(o)});
    }
  }
  return out;
}

// sacreBLEU's warning for BLEU on input that looks tokenized (written to stderr; scores unchanged).
void warn_if_tokenized(const SacrebleuArgs& a, const std::vector<std::string_view>& hyps) {
  if (a.force) return;
  std::size_t count = 0;
  for (std::string_view h : hyps) count += h.size() >= 2 && h.substr(h.size() - 2) == " .";
  if (count < 100) return;
  std::fputs(
      "sacreBLEU: That's 100 lines that end in a tokenized period ('.')\n"
      "sacreBLEU: It looks like you forgot to detokenize your test data, which may hurt your score.\n"
      "sacreBLEU: If you insist your data is detokenized, or don't care, you can suppress this message with the "
      "`force` parameter.\n",
      stderr);
}

// ---------------------------------------------------------------------------------------------
// Output

void print_single_results(const SacrebleuArgs& a, std::vector<std::string> results) {
  std::string out;
  if (a.format == "json") {
    if (results.size() > 1) {
      out = "[\n";
      for (std::size_t i = 0; i < results.size(); ++i) out += (i ? ",\n" : "") + results[i];
      out += "\n]\n";
    } else {
      out = results.front() + "\n";
    }
    std::fputs(out.c_str(), stdout);
    return;
  }
  if (results.size() == 1) {
    std::fputs((results.front() + "\n").c_str(), stdout);
    return;
  }
  // Right-align the part before " = " (sacreBLEU prints lines without '=' as they come).
  std::vector<std::pair<std::size_t, const std::string*>> aligned;
  for (const std::string& line : results) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) {
      std::fputs((line + "\n").c_str(), stdout);
      continue;
    }
    aligned.push_back({eq - 1, &line});
  }
  std::size_t width = 0;
  for (const auto& [len, line] : aligned) width = std::max(width, text::code_point_count(line->substr(0, len)));
  for (const auto& [len, line] : aligned) {
    const std::string left = line->substr(0, len);
    const std::size_t w = text::code_point_count(left);
    out += std::string(width - w, ' ') + left + line->substr(len) + "\n";
  }
  std::fputs(out.c_str(), stdout);
}

void print_results_table(const SacrebleuArgs& a, const std::vector<std::string>& system_names,
                         const std::vector<std::string>& metric_names,
                         const std::vector<std::vector<std::string>>& cells,  // [system][metric]
                         const std::vector<std::string>& signatures) {
  if (a.format == "json") {
    text::PyJson::Array rows;
    for (std::size_t s = 0; s < system_names.size(); ++s) {
      text::PyJson::Object row;
      row.emplace_back("system", system_names[s]);
      for (std::size_t m = 0; m < metric_names.size(); ++m) row.emplace_back(metric_names[m], cells[s][m]);
      rows.emplace_back(std::move(row));
    }
    std::fputs((text::python_json_dumps(text::PyJson(std::move(rows)), 4, true) + "\n").c_str(), stdout);
    return;
  }
  io::TextTable table;
  table.headers.push_back("System");
  table.aligns.push_back(io::Align::right);
  for (const auto& m : metric_names) {
    table.headers.push_back(m);
    table.aligns.push_back(io::Align::center);
  }
  for (std::size_t s = 0; s < system_names.size(); ++s) {
    std::vector<std::string> row{system_names[s]};
    row.insert(row.end(), cells[s].begin(), cells[s].end());
    table.rows.push_back(std::move(row));
  }
  std::string out =
      io::render_table(table, a.format == "latex" ? io::TableStyle::latex_booktabs : io::TableStyle::fancy_grid);
  out += "\n\n-----------------\nMetric signatures\n-----------------\n";
  for (std::size_t m = 0; m < metric_names.size(); ++m) {
    std::string name = metric_names[m];
    if (name.size() < 10) name += std::string(10 - name.size(), ' ');
    out += " - " + name + " " + signatures[m] + "\n";
  }
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int run_sacrebleu(int argc, char** argv) {
  const SacrebleuArgs a = parse_sacrebleu_arguments(argc, argv);
  if (a.sentence_level && a.metrics.size() > 1)
    throw ExitError(1, "only one metric can be used in sentence-level mode");
  if (a.num_refs != 1 && a.refs.size() > 1)
    throw ExitError(
        1, "--num-refs splits one tab-separated reference file; it cannot be combined with several reference files");
  if (a.num_refs < 1) throw ExitError(1, "--num-refs must be at least 1");
  if (a.refs.empty())
    throw ExitError(1, "no reference files given: name them before -i/--input (built-in test sets are not supported)");

  Inputs in;
  read_references(a, in);
  read_hypotheses(a, in);
  if (a.sentence_level && in.systems.size() > 1)
    throw ExitError(1, "only one system can be evaluated in sentence-level mode");
  check_lengths(a, in);

  const metrics::SegmentReferences refs = metrics::references_by_segment(in.streams);
  const std::vector<NamedMetric> named = make_metrics(a);
  for (const auto& m : named)
    if (m.key == "BLEU")
      for (const auto& sys : in.systems) warn_if_tokenized(a, sys);

  if (a.sentence_level) {
    const metrics::StringMetric& metric = *named.front().metric;
    const auto scores = metrics::parallel_sentence_scores(metric, in.systems.front(), refs, a.threads);
    std::string out;
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const metrics::SegmentReferences one{refs[i]};
      const std::string sig = metrics::make_signature(metric, one).format(a.short_signature);
      out += metrics::format_sacrebleu_score(scores[i], a.width, a.score_only, sig, false) + "\n";
    }
    std::fputs(out.c_str(), stdout);
    return 0;
  }

  if (in.systems.size() == 1) {
    std::vector<std::string> results;
    for (const auto& m : named) {
      const metrics::MetricScore score = metrics::parallel_corpus_score(*m.metric, in.systems.front(), refs, a.threads);
      const std::string sig = metrics::make_signature(*m.metric, refs).format(a.format != "json" && a.short_signature);
      results.push_back(metrics::format_sacrebleu_score(score, a.width, a.score_only, sig, a.format == "json"));
    }
    print_single_results(a, std::move(results));
    return 0;
  }

  if (!a.quiet) std::fprintf(stderr, "sacreBLEU: Found %zu systems.\n", in.systems.size());
  std::vector<std::string> metric_names, signatures;
  std::vector<std::vector<std::string>> cells(in.systems.size());
  std::vector<std::span<const std::string_view>> systems(in.systems.begin(), in.systems.end());
  for (const auto& m : named) {
    const auto stats = metrics::parallel_segment_stats(*m.metric, systems, refs, a.threads);
    for (std::size_t s = 0; s < systems.size(); ++s) {
      const auto score = m.metric->score_from_stats(metrics::sum_stats(stats[s], m.metric->stats_size()));
      cells[s].push_back(metrics::format_sacrebleu_score(score, a.width, true, "", false));
    }
    metric_names.push_back(m.metric->name());
    signatures.push_back(metrics::make_signature(*m.metric, refs).format(a.short_signature));
  }
  print_results_table(a, in.system_names, metric_names, cells, signatures);
  return 0;
}

}  // namespace trenchcoat::cli

#include "real_data_corpus.hpp"

#include "child_process.hpp"
#include "seeded_random.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace trenchcoat::bench {
namespace {

namespace fs = std::filesystem;

struct Pair {
  std::string hypothesis;
  std::string reference;
};

struct Source {
  std::string name;
  std::vector<Pair> pairs;
};

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BenchError(fmt::format("cannot read {}", path.string()));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// Segments must not contain the characters that would split or join lines in the written files.
bool usable(const std::string& text) { return text.find_first_of("\n\r") == std::string::npos; }

// newstest2021.<pair>.hyp.<system>.<lang> against newstest2021.<pair>.ref.A.<lang>.
std::optional<Source> news_source(const fs::path& data, const std::string& pair, const std::string& language) {
  const fs::path outputs = data / "wmt21-news-systems" / "txt" / "system-outputs";
  const fs::path reference_path =
      data / "wmt21-news-systems" / "txt" / "references" / fmt::format("newstest2021.{}.ref.A.{}", pair, language);
  if (!fs::is_directory(outputs) || !fs::is_regular_file(reference_path)) return std::nullopt;
  const std::vector<std::string> references = read_lines(reference_path);
  const std::string prefix = fmt::format("newstest2021.{}.hyp.", pair);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(outputs)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with("." + language)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  Source source{fmt::format("newstest2021 {} ({} systems)", pair, files.size()), {}};
  for (const fs::path& file : files) {
    const std::vector<std::string> hypotheses = read_lines(file);
    if (hypotheses.size() != references.size()) {
      throw BenchError(fmt::format("{} has {} lines but {} has {}", file.string(), hypotheses.size(),
                                   reference_path.string(), references.size()));
    }
    for (std::size_t i = 0; i < hypotheses.size(); ++i) {
      if (usable(hypotheses[i]) && usable(references[i])) source.pairs.push_back({hypotheses[i], references[i]});
    }
  }
  if (source.pairs.empty()) return std::nullopt;
  return source;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

std::string without_error_marks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, 3) == "<v>") i += 3;
    else if (text.substr(i, 4) == "</v>") i += 4;
    else out += text[i++];
  }
  return out;
}

// The MQM TSV has one row per error (a "No-error" row for clean segments); each (system, segment)
// has one target text. Columns: system doc doc_id seg_id rater source target category severity ...
std::optional<Source> ted_source(const fs::path& data, const std::string& pair) {
  std::string compact = pair;
  compact.erase(std::remove(compact.begin(), compact.end(), '-'), compact.end());
  const fs::path path = data / "wmt-mqm-human-evaluation" / "ted" / compact / fmt::format("mqm_ted_{}.tsv", compact);
  if (!fs::is_regular_file(path)) return std::nullopt;
  const std::vector<std::string> lines = read_lines(path);
  std::map<std::string, std::map<long, std::string>> targets;  // system -> segment -> text
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = split_tabs(lines[i]);
    if (fields.size() < 7) throw BenchError(fmt::format("{}:{}: fewer than 7 columns", path.string(), i + 1));
    long segment = 0;
    try {
      segment = std::stol(std::string(fields[3]));
    } catch (const std::exception&) {
      throw BenchError(fmt::format("{}:{}: seg_id '{}' is not a number", path.string(), i + 1, fields[3]));
    }
    targets[std::string(fields[0])].try_emplace(segment, without_error_marks(fields[6]));
  }
  const auto reference = targets.find("ref");
  if (reference == targets.end()) return std::nullopt;
  std::size_t systems = 0;
  Source source{"", {}};
  for (const auto& [system, segments] : targets) {
    if (system.starts_with("ref")) continue;  // ref, refB: human translations
    ++systems;
    for (const auto& [segment, text] : segments) {
      const auto found = reference->second.find(segment);
      if (found != reference->second.end() && usable(text) && usable(found->second))
        source.pairs.push_back({text, found->second});
    }
  }
  source.name = fmt::format("TED {} ({} systems)", pair, systems);
  if (source.pairs.empty()) return std::nullopt;
  return source;
}

std::vector<Source> load_sources(const fs::path& data) {
  std::vector<Source> sources;
  for (auto source : {news_source(data, "en-de", "de"), news_source(data, "zh-en", "en"), ted_source(data, "en-de"),
                      ted_source(data, "zh-en")}) {
    if (source) sources.push_back(std::move(*source));
  }
  return sources;
}

void shuffle(std::vector<std::size_t>& items, SeededRandom& random) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[random.next() % i]);
}

}  // namespace

bool has_real_data(const std::string& data_directory) {
  const fs::path data(data_directory);
  return fs::is_directory(data / "wmt21-news-systems" / "txt" / "system-outputs") ||
         fs::is_regular_file(data / "wmt-mqm-human-evaluation" / "ted" / "ende" / "mqm_ted_ende.tsv") ||
         fs::is_regular_file(data / "wmt-mqm-human-evaluation" / "ted" / "zhen" / "mqm_ted_zhen.tsv");
}

RealDataCorpus write_real_data_corpus(const std::string& data_directory, const std::string& directory,
                                      const std::string& stem, std::size_t segments, std::uint64_t seed) {
  const std::vector<Source> sources = load_sources(data_directory);
  if (sources.empty()) throw BenchError(fmt::format("no WMT system outputs found under {}", data_directory));

  // Equal shares; what a small source cannot give goes to the others.
  std::vector<std::size_t> quota(sources.size(), 0);
  std::size_t left = segments;
  for (bool progress = true; left > 0 && progress;) {
    progress = false;
    for (std::size_t s = 0; s < sources.size() && left > 0; ++s) {
      if (quota[s] < sources[s].pairs.size()) {
        ++quota[s];
        --left;
        progress = true;
      }
    }
  }

  SeededRandom random(seed);
  std::vector<const Pair*> chosen;
  RealDataCorpus corpus;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    std::vector<std::size_t> order(sources[s].pairs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    shuffle(order, random);
    for (std::size_t i = 0; i < quota[s]; ++i) chosen.push_back(&sources[s].pairs[order[i]]);
    corpus.sources.push_back({sources[s].name, sources[s].pairs.size(), quota[s]});
  }
  std::vector<std::size_t> mixed(chosen.size());
  for (std::size_t i = 0; i < mixed.size(); ++i) mixed[i] = i;
  shuffle(mixed, random);

  corpus.files.hypothesis = (fs::path(directory) / (stem + ".hyp")).string();
  corpus.files.reference = (fs::path(directory) / (stem + ".ref")).string();
  std::ofstream hypotheses(corpus.files.hypothesis, std::ios::binary);
  std::ofstream references(corpus.files.reference, std::ios::binary);
  for (std::size_t i : mixed) {
    hypotheses << chosen[i]->hypothesis << '\n';
    references << chosen[i]->reference << '\n';
  }
  if (!hypotheses.flush() || !references.flush())
    throw BenchError(fmt::format("cannot write the real-data corpus to {}", directory));
  corpus.files.segments = chosen.size();
  return corpus;
}

}  // namespace trenchcoat::bench

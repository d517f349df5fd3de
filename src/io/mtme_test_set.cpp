#include "trenchcoat/io/mtme_test_set.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/atomic_file.hpp"
#include "trenchcoat/io/mtme_score_file.hpp"
#include "trenchcoat/io/text_lines.hpp"
#include "trenchcoat/text/number_format.hpp"
#include "trenchcoat/text/python_string.hpp"
#include "trenchcoat/text/string_pieces.hpp"

namespace trenchcoat::io {
namespace fs = std::filesystem;

namespace {

using text::join;

// The '.'-separated parts of a file name, as strings.
std::vector<std::string> dot_parts(std::string_view s) {
  std::vector<std::string> out;
  for (const std::string_view part : text::split(s, '.')) out.emplace_back(part);
  return out;
}

// Regular files directly in `dir` (sorted by name), or nothing when the directory does not exist.
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A .txt file of the layout: Python text mode (universal newlines), each line rstrip()ped, the
// no-translation line missing.
MtmeText read_text_file(const std::string& path) {
  const TextLines lines = read_text_lines(path, Newlines::universal);
  MtmeText out;
  out.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = text::rstrip(lines[i]);
    if (line == kMtmeNoTranslation) out.emplace_back(std::nullopt);
    else out.emplace_back(std::string(line));
  }
  return out;
}

// A .jsonl file of the layout: one JSON object per line (a blank line is an error, as json.loads says),
// the string `field` of each; null is missing.
MtmeText read_jsonl_field(const std::string& path, const std::string& field) {
  const TextLines lines = read_text_lines(path, Newlines::universal);
  MtmeText out;
  out.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const nlohmann::json value = nlohmann::json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) throw Error(path, i + 1, "not valid JSON");
    if (!value.is_object()) throw Error(path, i + 1, "expected a JSON object");
    const auto it = value.find(field);
    if (it == value.end()) throw Error(path, i + 1, "no field '" + field + "'");
    if (it->is_null()) out.emplace_back(std::nullopt);
    else if (it->is_string()) out.emplace_back(it->get<std::string>());
    else throw Error(path, i + 1, "field '" + field + "' is not a string");
  }
  return out;
}

// A text of the layout by extension: .txt, or .jsonl with `jsonl_field`.
MtmeText read_layout_text(const std::string& path, const std::string& jsonl_field) {
  if (path.ends_with(".txt")) return read_text_file(path);
  if (path.ends_with(".jsonl")) return read_jsonl_field(path, jsonl_field);
  throw Error(path, 0, "unsupported file type (expected .txt or .jsonl)");
}

void check_length(const MtmeTextFile& file, std::size_t num_segments, const char* what) {
  if (file.lines.size() == num_segments) return;
  // The first line past the source's end, or the whole file when it is short.
  const std::size_t line = file.lines.size() > num_segments ? num_segments + 1 : 0;
  throw Error(file.path, line,
              std::string(what) + " has " + std::to_string(file.lines.size()) + " lines, but the source has " +
                  std::to_string(num_segments) + " segments");
}

void read_documents(MtmeTestSet& ts) {
  const TextLines lines = read_text_lines(ts.documents_path, Newlines::universal);
  std::unordered_map<std::string, std::size_t> seen;  // document -> index
  std::vector<std::string> segment_domain;
  segment_domain.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto fields = text::split_whitespace(lines[i]);
    if (fields.size() < 2)
      throw Error(ts.documents_path, i + 1,
                  "expected 'DOMAIN DOCNAME', found " + std::to_string(fields.size()) + " fields");
    const std::string domain(fields[0]), doc(fields[1]);
    segment_domain.push_back(domain);
    if (!ts.documents.empty() && ts.documents.back().name == doc) {
      if (ts.documents.back().domain != domain)
        throw Error(ts.documents_path, i + 1,
                    "document '" + doc + "' is in domain '" + ts.documents.back().domain +
                        "' on earlier lines but in '" + domain + "' here (a document belongs to one domain)");
      ts.documents.back().end = i + 1;
      continue;
    }
    if (seen.count(doc))
      throw Error(ts.documents_path, i + 1,
                  "document '" + doc + "' appears again after other documents (documents must be contiguous)");
    seen.emplace(doc, ts.documents.size());
    ts.documents.push_back({doc, domain, i, i + 1});
  }
  if (segment_domain.size() != ts.num_segments())
    throw Error(ts.documents_path, segment_domain.size() > ts.num_segments() ? ts.num_segments() + 1 : 0,
                "has " + std::to_string(segment_domain.size()) + " lines, but the source has " +
                    std::to_string(ts.num_segments()) + " segments");
  // Domains: maximal runs of segments with the same domain, grouped by name, sorted by name.
  std::map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> runs;
  for (std::size_t i = 0; i < segment_domain.size();) {
    std::size_t j = i + 1;
    while (j < segment_domain.size() && segment_domain[j] == segment_domain[i]) ++j;
    runs[segment_domain[i]].emplace_back(i, j);
    i = j;
  }
  for (auto& [name, ranges] : runs) ts.domains.push_back({name, std::move(ranges)});
}

void read_references(MtmeTestSet& ts) {
  const fs::path dir = fs::path(ts.directory) / "references";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(dir.string(), 0, "no such directory (expected references/" + ts.lp + ".NAME.txt)");
  const std::string prefix = ts.lp + ".";
  for (const fs::path& p : files_in(dir)) {
    const std::string base = p.filename().string();
    // The reference reads references/LP.*.* : LP, a dot, then a name containing a dot.
    if (!base.starts_with(prefix) || base.find('.', prefix.size()) == std::string::npos) continue;
    const auto tokens = dot_parts(base);
    const std::string name = tokens[tokens.size() - 2];
    if (!is_valid_mtme_reference_name(name))
      throw Error(p.string(), 0,
                  "invalid reference name '" + name + "' (it must not contain '-', and must not be 'all' or 'src')");
    if (ts.references.count(name))
      throw Error(p.string(), 0, "reference '" + name + "' is also in " + ts.references[name].path);
    MtmeTextFile file{p.string(), read_layout_text(p.string(), "target")};
    check_length(file, ts.num_segments(), "reference");
    ts.references.emplace(name, std::move(file));
  }
}

void read_system_outputs(MtmeTestSet& ts) {
  const fs::path dir = fs::path(ts.directory) / "system-outputs" / ts.lp;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(dir.string(), 0, "no such directory (expected system-outputs/" + ts.lp + "/SYSNAME.txt)");
  for (const fs::path& p : files_in(dir)) {
    const std::string base = p.filename().string();
    const std::size_t dot = base.rfind('.');
    if (dot == std::string::npos || dot == 0) continue;  // the reference globs *.* (hidden files excluded)
    const std::string name = base.substr(0, dot);
    if (ts.system_outputs.count(name))
      throw Error(p.string(), 0, "system '" + name + "' is also in " + ts.system_outputs[name].path);
    MtmeTextFile file{p.string(), read_layout_text(p.string(), "hypothesis")};
    check_length(file, ts.num_segments(), "system output");
    ts.system_outputs.emplace(name, std::move(file));
  }
}

// Reads a score file of any level into a table with num_items(level) items per system, checking
// the lengths and the systems against the test set.
meta::ScoreTable read_level_scores(const MtmeTestSet& ts, const std::string& path, MtmeLevel level,
                                   MissingScores missing) {
  const std::size_t expected = ts.num_items(level);
  if (level == MtmeLevel::domain) {
    const auto domains = ts.domain_names();
    meta::ScoreTable t = read_mtme_domain_score_file(
        path, domains, missing == MissingScores::allowed ? MtmeMissing::allowed : MtmeMissing::refused);
    for (const auto& s : t.systems())
      if (!ts.system_outputs.count(s))
        throw Error(path, 0, "unknown system '" + s + "' (no file in system-outputs/" + ts.lp + "/)");
    return t;
  }
  meta::ScoreTable t = read_mtme_score_file(path, missing);
  if (t.num_systems() == 0) return meta::ScoreTable({}, expected);
  // The reader has checked that every line holds one score and every system one contiguous block of
  // the same length, so system s starts on line s * num_items + 1.
  if (t.num_items() != expected) {
    const char* unit = level == MtmeLevel::sys ? "system" : level == MtmeLevel::doc ? "document" : "segment";
    throw Error(path, 1,
                "system '" + t.systems()[0] + "' has " + std::to_string(t.num_items()) + " scores, but the " +
                    mtme_level_name(level) + " level needs " + std::to_string(expected) + " (one per " + unit + ")");
  }
  for (std::size_t s = 0; s < t.num_systems(); ++s)
    if (!ts.system_outputs.count(t.systems()[s]))
      throw Error(path, s * t.num_items() + 1,
                  "unknown system '" + t.systems()[s] + "' (no file in system-outputs/" + ts.lp + "/)");
  return t;
}

void read_human_scores(MtmeTestSet& ts) {
  const fs::path dir = fs::path(ts.directory) / "human-scores";
  const std::string prefix = ts.lp + ".";
  for (const fs::path& p : files_in(dir)) {
    const std::string base = p.filename().string();
    if (!base.starts_with(prefix) || !base.ends_with(".score") || base.size() < prefix.size() + 7) continue;
    const auto tokens = dot_parts(base);
    if (tokens.size() < 4) throw Error(p.string(), 0, "not named LP.NAME.LEVEL.score");
    const std::string level_name = tokens[tokens.size() - 2];
    const auto level = parse_mtme_level(level_name);
    if (!level) throw Error(p.string(), 0, "unknown level '" + level_name + "' (expected sys, domain, doc or seg)");
    std::vector<std::string> name_parts(tokens.begin() + 1, tokens.end() - 2);
    const std::string name = join(name_parts, ".");
    ts.human_scores[*level][name] = {p.string(), read_level_scores(ts, p.string(), *level, MissingScores::allowed), {}};
  }
}

void read_metric_scores(MtmeTestSet& ts, bool strict) {
  const fs::path dir = fs::path(ts.directory) / "metric-scores" / ts.lp;
  const auto all_refs = ts.reference_names();
  for (const fs::path& p : files_in(dir)) {
    const std::string base = p.filename().string();
    if (!base.ends_with(".score")) continue;
    const std::string path = p.string();
    // NAME.LEVEL.score, NAME split from the right.
    const std::string stem = base.substr(0, base.size() - 6);
    const std::size_t dot = stem.rfind('.');
    const auto level =
        dot == std::string::npos ? std::nullopt : parse_mtme_level(std::string_view(stem).substr(dot + 1));
    if (!level) throw Error(path, 0, "not named NAME-REF.LEVEL.score with LEVEL sys, domain, doc or seg");
    std::string full_name = stem.substr(0, dot);
    std::vector<std::string> refs;
    MtmeMetricName parsed;
    try {
      parsed = parse_mtme_metric_name(full_name);
      refs = ts.references_used(full_name);
    } catch (const Error& e) {
      throw Error(path, 0, e.message());
    }
    if (refs.size() >= 3 && refs.size() == all_refs.size() && parsed.references != "all") {
      std::vector<std::string> sorted_refs = refs;
      std::sort(sorted_refs.begin(), sorted_refs.end());
      if (sorted_refs == all_refs) full_name = parsed.basename + "-all";
    }
    auto& at_level = ts.metric_scores[*level];
    if (const auto it = at_level.find(full_name); it != at_level.end())
      throw Error(path, 0,
                  "metric '" + full_name + "' at level " + mtme_level_name(*level) + " is also in " + it->second.path);
    meta::ScoreTable t = read_level_scores(ts, path, *level, MissingScores::refused);
    // Every system except the references used needs scores.
    std::vector<std::string> lacking;
    for (const auto& [system, file] : ts.system_outputs) {
      (void)file;
      if (t.system_index(system) || std::find(refs.begin(), refs.end(), system) != refs.end()) continue;
      lacking.push_back(system);
    }
    if (!lacking.empty() && strict)
      throw Error(path, 0,
                  "no scores for system" + std::string(lacking.size() > 1 ? "s " : " ") + join(lacking) +
                      " (a metric needs every system except the references it used)");
    if (!lacking.empty()) {
      std::vector<std::string> systems = t.systems();
      systems.insert(systems.end(), lacking.begin(), lacking.end());
      meta::ScoreTable padded(systems, t.num_items());
      for (std::size_t s = 0; s < systems.size(); ++s)
        for (std::size_t i = 0; i < t.num_items(); ++i) padded.set(s, i, s < t.num_systems() ? t.value(s, i) : 0.0);
      t = std::move(padded);
    }
    at_level.emplace(full_name, MtmeScoreFile{path, std::move(t), std::move(lacking)});
  }
}

// A finite number as Python's float() reads it (the field has no surrounding whitespace).
bool parse_number(const std::string& field, double& value) {
  if (field.empty()) return false;
  char* end = nullptr;
  value = std::strtod(field.c_str(), &end);
  return end == field.c_str() + field.size() && std::isfinite(value);
}

}  // namespace

std::string mtme_level_name(MtmeLevel level) {
  switch (level) {
    case MtmeLevel::sys:
      return "sys";
    case MtmeLevel::domain:
      return "domain";
    case MtmeLevel::doc:
      return "doc";
    case MtmeLevel::seg:
      return "seg";
  }
  return "";
}

std::optional<MtmeLevel> parse_mtme_level(std::string_view name) {
  for (const MtmeLevel level : kMtmeLevels)
    if (mtme_level_name(level) == name) return level;
  return std::nullopt;
}

bool is_valid_mtme_reference_name(std::string_view name) {
  return !name.empty() && name.find('-') == std::string_view::npos && name.find('.') == std::string_view::npos &&
         name != "all" && name != "src";
}

MtmeMetricName parse_mtme_metric_name(std::string_view full_name) {
  const std::size_t dash = full_name.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == full_name.size())
    throw Error("metric name '" + std::string(full_name) +
                "' is not BASENAME-REF (REF: src, all, or reference names joined by '.')");
  return {std::string(full_name.substr(0, dash)), std::string(full_name.substr(dash + 1))};
}

std::string make_mtme_metric_name(std::string_view basename, std::span<const std::string> references) {
  if (basename.empty()) throw Error("empty metric basename");
  if (basename.find('/') != std::string_view::npos || basename.find_first_of(" \t\n") != std::string_view::npos)
    throw Error("metric basename '" + std::string(basename) + "' contains '/' or whitespace");
  if (references.empty()) return std::string(basename) + "-src";
  std::string refs;
  for (const auto& r : references) {
    if (!is_valid_mtme_reference_name(r) && !(r == "all" && references.size() == 1))
      throw Error("invalid reference name '" + r + "' in a metric name");
    refs += (refs.empty() ? "" : ".") + r;
  }
  return std::string(basename) + "-" + refs;
}

std::size_t MtmeTestSet::num_items(MtmeLevel level) const {
  switch (level) {
    case MtmeLevel::sys:
      return 1;
    case MtmeLevel::domain:
      return domains.size();
    case MtmeLevel::doc:
      return documents.size();
    case MtmeLevel::seg:
      return num_segments();
  }
  return 0;
}

std::vector<std::string> MtmeTestSet::item_names(MtmeLevel level) const {
  std::vector<std::string> out;
  switch (level) {
    case MtmeLevel::sys:
      out.push_back("sys");
      break;
    case MtmeLevel::domain:
      out = domain_names();
      break;
    case MtmeLevel::doc:
      for (const auto& d : documents) out.push_back(d.name);
      break;
    case MtmeLevel::seg:
      for (std::size_t i = 0; i < num_segments(); ++i) out.push_back(std::to_string(i + 1));
      break;
  }
  return out;
}

std::vector<std::string> MtmeTestSet::reference_names() const {
  std::vector<std::string> out;
  for (const auto& [name, file] : references) out.push_back(name);
  return out;
}

std::vector<std::string> MtmeTestSet::system_names() const {
  std::vector<std::string> out;
  for (const auto& [name, file] : system_outputs) out.push_back(name);
  return out;
}

std::vector<std::string> MtmeTestSet::human_system_names() const {
  std::vector<std::string> out;
  for (const auto& [name, file] : system_outputs)
    if (references.count(name)) out.push_back(name);
  return out;
}

std::vector<std::string> MtmeTestSet::domain_names() const {
  std::vector<std::string> out;
  for (const auto& d : domains) out.push_back(d.name);
  return out;
}

std::vector<std::string> MtmeTestSet::references_used(std::string_view metric_full_name) const {
  const MtmeMetricName name = parse_mtme_metric_name(metric_full_name);
  if (name.references == "src") return {};
  if (name.references == "all") return reference_names();
  std::vector<std::string> refs = dot_parts(name.references);
  for (const auto& r : refs)
    if (!references.count(r))
      throw Error("metric '" + std::string(metric_full_name) + "' names reference '" + r +
                  "', which is not in references/ (known: " + join(reference_names()) + ")");
  return refs;
}

const MtmeScoreFile* MtmeTestSet::find_human_scores(MtmeLevel level, const std::string& name) const {
  const auto l = human_scores.find(level);
  if (l == human_scores.end()) return nullptr;
  const auto it = l->second.find(name);
  return it == l->second.end() ? nullptr : &it->second;
}

const MtmeScoreFile* MtmeTestSet::find_metric_scores(MtmeLevel level, const std::string& full_name) const {
  const auto l = metric_scores.find(level);
  if (l == metric_scores.end()) return nullptr;
  const auto it = l->second.find(full_name);
  return it == l->second.end() ? nullptr : &it->second;
}

MtmeTestSet read_mtme_test_set(const std::string& directory, const std::string& lp, const MtmeReadOptions& options) {
  if (lp.empty() || lp.find('/') != std::string::npos || lp.find('.') != std::string::npos)
    throw Error("invalid language pair '" + lp + "' (expected e.g. en-de)");
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw Error(directory, 0, "not a directory (expected an mt-metrics-eval test-set directory)");
  MtmeTestSet ts;
  ts.directory = directory;
  ts.lp = lp;
  const fs::path root(directory);
  const fs::path txt = root / "sources" / (lp + ".txt"), jsonl = root / "sources" / (lp + ".jsonl");
  if (fs::exists(txt, ec)) ts.source = {txt.string(), read_text_file(txt.string())};
  else if (fs::exists(jsonl, ec)) ts.source = {jsonl.string(), read_jsonl_field(jsonl.string(), "source")};
  else
    throw Error(txt.string(), 0,
                "no source file for " + lp + " (expected sources/" + lp + ".txt or sources/" + lp + ".jsonl)");
  ts.documents_path = (root / "documents" / (lp + ".docs")).string();
  read_documents(ts);
  read_references(ts);
  read_system_outputs(ts);
  if (options.read_human_scores) read_human_scores(ts);
  if (options.read_metric_scores) read_metric_scores(ts, options.strict);
  return ts;
}

meta::ScoreTable read_mtme_domain_score_file(const std::string& path, std::span<const std::string> domains,
                                             MtmeMissing missing) {
  const TextLines lines = read_text_lines(path, Newlines::lf_only);
  std::unordered_map<std::string, std::size_t> domain_index;
  for (std::size_t d = 0; d < domains.size(); ++d) domain_index.emplace(domains[d], d);
  std::vector<std::string> systems;
  std::unordered_map<std::string, std::size_t> system_index;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<std::size_t>> lines_of;  // where each (system, domain) was given; 0 = not
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::size_t line_no = n + 1;
    const auto fields = text::split_whitespace(lines[n]);
    if (fields.size() != 3)
      throw Error(path, line_no, "expected 'DOMAIN SYSTEM SCORE', found " + std::to_string(fields.size()) + " fields");
    const std::string domain(fields[0]), system(fields[1]), field(fields[2]);
    const auto d = domain_index.find(domain);
    if (d == domain_index.end())
      throw Error(path, line_no,
                  "unknown domain '" + domain +
                      "' (known: " + join(std::vector<std::string>(domains.begin(), domains.end())) + ")");
    double value = meta::kMissing;
    if (field == "None") {
      if (missing == MtmeMissing::refused) throw Error(path, line_no, "missing score (None) in a metric score file");
    } else if (!parse_number(field, value)) {
      throw Error(path, line_no, "score '" + field + "' is not a finite number");
    }
    auto s = system_index.find(system);
    if (s == system_index.end()) {
      s = system_index.emplace(system, systems.size()).first;
      systems.push_back(system);
      values.emplace_back(domains.size(), meta::kMissing);
      lines_of.emplace_back(domains.size(), 0);
    }
    if (const std::size_t earlier = lines_of[s->second][d->second]; earlier != 0)
      throw Error(path, line_no,
                  "second score for system '" + system + "' in domain '" + domain + "' (first on line " +
                      std::to_string(earlier) + ")");
    lines_of[s->second][d->second] = line_no;
    values[s->second][d->second] = value;
  }
  meta::ScoreTable table(systems, domains.size());
  for (std::size_t s = 0; s < systems.size(); ++s) {
    for (std::size_t d = 0; d < domains.size(); ++d) {
      if (missing == MtmeMissing::refused && lines_of[s][d] == 0)
        throw Error(path, 0, "no score for system '" + systems[s] + "' in domain '" + domains[d] + "'");
      table.set(s, d, values[s][d]);
    }
  }
  return table;
}

std::string mtme_metric_score_path(const std::string& directory, const std::string& lp, const std::string& full_name,
                                   MtmeLevel level) {
  return (fs::path(directory) / "metric-scores" / lp / (full_name + "." + mtme_level_name(level) + ".score")).string();
}

std::string write_mtme_metric_scores(const std::string& directory, const std::string& lp, const std::string& full_name,
                                     MtmeLevel level, const meta::ScoreTable& scores,
                                     std::span<const std::string> domain_names, ExistingFile existing) {
  parse_mtme_metric_name(full_name);
  if (full_name.find('/') != std::string::npos) throw Error("metric name '" + full_name + "' contains '/'");
  const std::string path = mtme_metric_score_path(directory, lp, full_name, level);
  if (level == MtmeLevel::sys && scores.num_items() != 1)
    throw Error(path, 0, "system-level scores need one score per system, got " + std::to_string(scores.num_items()));
  if (level == MtmeLevel::domain && domain_names.size() != scores.num_items())
    throw Error(path, 0,
                std::to_string(scores.num_items()) + " scores per system but " + std::to_string(domain_names.size()) +
                    " domain names");
  for (std::size_t s = 0; s < scores.num_systems(); ++s)
    for (std::size_t i = 0; i < scores.num_items(); ++i)
      if (!std::isfinite(scores.value(s, i)))
        throw Error(path, 0,
                    "score " + std::to_string(i + 1) + " of system '" + scores.systems()[s] +
                        "' is not a finite number (metric score files cannot hold missing values)");
  std::error_code ec;
  if (existing == ExistingFile::refuse && fs::exists(path, ec))
    throw Error(path, 0, "already exists (refusing to overwrite it)");
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) throw Error(fs::path(path).parent_path().string(), 0, "cannot create directory: " + ec.message());
  if (level != MtmeLevel::domain) {
    write_mtme_score_file(path, scores);
    return path;
  }
  std::string out;
  for (std::size_t s = 0; s < scores.num_systems(); ++s)
    for (std::size_t i = 0; i < scores.num_items(); ++i)
      out += domain_names[i] + "\t" + scores.systems()[s] + "\t" + text::python_float_repr(scores.value(s, i)) + "\n";
  write_file_atomically(path, out);
  return path;
}

}  // namespace trenchcoat::io

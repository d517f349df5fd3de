#include "trenchcoat/io/rated_translations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "trenchcoat/error.hpp"
#include "trenchcoat/io/dataset_rows.hpp"
#include "trenchcoat/io/mqm_ratings.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"
#include "trenchcoat/io/row_values.hpp"

namespace trenchcoat::io {
namespace {

constexpr double kUnrated = std::numeric_limits<double>::quiet_NaN();

bool starts_with_ignoring_case(const std::string& name, const std::string& prefix) {
  if (name.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(name[i])) != prefix[i]) return false;
  return true;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool looks_like_human_system(const std::string& name) {
  return starts_with_ignoring_case(name, "ref") || starts_with_ignoring_case(name, "human");
}

RatedTranslations read_mqm_rated_translations(const std::string& path, const std::string& direction,
                                              const RatedTranslationOptions& options) {
  const MqmRatings ratings = read_mqm_ratings(path);
  RatedTranslations out;
  out.direction = direction;
  out.origin = path + " (error-level MQM)";
  const auto& systems = ratings.systems();
  if (!options.reference_system.empty()) {
    if (!ratings.scores.system_index(options.reference_system))
      throw Error(path, 0, "the reference system '" + options.reference_system + "' is not a system of the file");
    out.reference_system = options.reference_system;
  } else if (ratings.scores.system_index("ref")) {
    out.reference_system = "ref";
  }
  if (options.human_systems)
    for (const auto& h : *options.human_systems)
      if (!ratings.scores.system_index(h))
        throw Error(path, 0, "the human system '" + h + "' is not a system of the file");
  std::vector<std::size_t> candidates;
  for (std::size_t s = 0; s < systems.size(); ++s) {
    const std::string& name = systems[s];
    if (name == out.reference_system) continue;
    const bool human = options.human_systems ? contains(*options.human_systems, name) : looks_like_human_system(name);
    if (human && !options.include_human) {
      out.human_systems_left_out.push_back(name);
      continue;
    }
    candidates.push_back(s);
    out.candidates.push_back(name);
  }
  const std::optional<std::size_t> reference =
      out.reference_system.empty() ? std::nullopt : ratings.scores.system_index(out.reference_system);
  for (std::size_t i = 0; i < ratings.segment_ids.size(); ++i) {
    meta::RatedSegment segment;
    segment.id = std::to_string(ratings.segment_ids[i]);
    segment.source = ratings.sources[i];
    if (reference) {
      segment.reference = ratings.targets[*reference][i];
      if (segment.reference.empty()) {
        ++out.segments_without_reference;
        continue;
      }
    }
    for (const std::size_t s : candidates) {
      const double score = ratings.scores.value(s, i);
      segment.outputs.push_back({systems[s], ratings.targets[s][i], std::isfinite(score) ? score : kUnrated});
    }
    out.segments.push_back(std::move(segment));
  }
  return out;
}

RatedTranslations read_mtme_rated_translations(const std::string& directory, const std::string& direction,
                                               const RatedTranslationOptions& options) {
  const MtmeTestSet set = read_mtme_test_set(directory, direction);
  RatedTranslations out;
  out.direction = direction;
  const auto& seg_scores = set.human_scores.count(MtmeLevel::seg) ? set.human_scores.at(MtmeLevel::seg)
                                                                  : std::map<std::string, MtmeScoreFile>{};
  const std::string where = directory + "/human-scores/" + direction + ".*.seg.score";
  if (seg_scores.empty()) throw Error(where, 0, "no segment-level human score file");
  std::string gold = options.gold;
  if (gold.empty()) {
    if (seg_scores.count("mqm")) gold = "mqm";
    else if (seg_scores.size() == 1) gold = seg_scores.begin()->first;
    else {
      std::string names;
      for (const auto& [name, file] : seg_scores) names += (names.empty() ? "" : ", ") + name;
      throw Error(where, 0, "several human scores (" + names + "): name one with --gold");
    }
  }
  const auto it = seg_scores.find(gold);
  if (it == seg_scores.end()) throw Error(where, 0, "no human score file named '" + gold + "'");
  out.origin = directory + " (" + direction + ", mt-metrics-eval; human scores " + it->second.path + ")";
  const std::vector<std::string> references = set.reference_names();
  if (!options.reference_system.empty()) {
    if (!contains(references, options.reference_system))
      throw Error(directory + "/references", 0,
                  "no reference named '" + options.reference_system + "' for " + direction);
    out.reference_system = options.reference_system;
  } else if (references.size() == 1) {
    out.reference_system = references.front();
  } else if (references.size() > 1) {
    std::string names;
    for (const auto& r : references) names += (names.empty() ? "" : ", ") + r;
    throw Error(directory + "/references", 0,
                "several references (" + names + "): name the one to score against with --reference-system");
  }
  const std::vector<std::string> human = set.human_system_names();
  const meta::ScoreTable& scores = it->second.scores;
  std::vector<std::string> candidates;
  for (const auto& name : set.system_names()) {
    if (name == out.reference_system) continue;
    if (contains(human, name) && !options.include_human) {
      out.human_systems_left_out.push_back(name);
      continue;
    }
    candidates.push_back(name);
  }
  out.candidates = candidates;
  const MtmeText* reference = out.reference_system.empty() ? nullptr : &set.references.at(out.reference_system).lines;
  for (std::size_t i = 0; i < set.num_segments(); ++i) {
    meta::RatedSegment segment;
    segment.id = std::to_string(i + 1);
    segment.source = set.source.lines[i].value_or("");
    if (reference) {
      segment.reference = (*reference)[i].value_or("");
      if (segment.reference.empty()) {
        ++out.segments_without_reference;
        continue;
      }
    }
    for (const auto& name : candidates) {
      const auto& text = set.system_outputs.at(name).lines[i];
      const auto index = scores.system_index(name);
      const double score = index && text ? scores.value(*index, i) : kUnrated;
      segment.outputs.push_back({name, text.value_or(""), std::isfinite(score) ? score : kUnrated});
    }
    out.segments.push_back(std::move(segment));
  }
  return out;
}

std::vector<RatedTranslations> read_maple_rated_translations(const std::string& path, const std::string& direction,
                                                             const RatedTranslationOptions& options) {
  const Dataset data = read_dataset(path, DatasetFormat::jsonl);
  if (data.rows.empty()) throw Error(path, 0, "no rows");
  std::vector<RatedTranslations> out;
  std::map<std::string, std::size_t> direction_index;
  std::vector<std::map<std::string, std::size_t>> segment_index;  // per direction: source -> segment
  for (const auto& row : data.rows) {
    std::string lp = direction;
    for (const char* field : {"lp", "language_pair", "direction"})
      if (row.value.contains(field) && row.value[field].is_string()) lp = row.value[field].get<std::string>();
    if (lp.empty())
      throw Error(path, row.line, "the row names no direction (lp): give --maple LP=FILE, e.g. --maple de-en=" + path);
    for (const char* field : {"source", "translation", "system"})
      if (!row.value.contains(field) || !row.value[field].is_string())
        throw Error(path, row.line, std::string("'") + field + "' must be a string");
    const double score = *row_number(data, row, "score");
    const auto [d, added] = direction_index.emplace(lp, out.size());
    if (added) {
      RatedTranslations r;
      r.direction = lp;
      r.origin = path + " (MAPLE)";
      r.reference_system = options.reference_system;
      out.push_back(std::move(r));
      segment_index.emplace_back();
    }
    RatedTranslations& r = out[d->second];
    const std::string source = row.value["source"].get<std::string>();
    const auto [s, new_segment] = segment_index[d->second].emplace(source, r.segments.size());
    if (new_segment) {
      meta::RatedSegment segment;
      segment.id = std::to_string(r.segments.size() + 1);
      segment.source = source;
      r.segments.push_back(std::move(segment));
    }
    meta::RatedSegment& segment = r.segments[s->second];
    const std::string system = row.value["system"].get<std::string>();
    const std::string text = row.value["translation"].get<std::string>();
    for (const auto& o : segment.outputs)
      if (o.system == system) throw Error(path, row.line, "system '" + system + "' is rated twice on this source");
    if (!options.reference_system.empty() && system == options.reference_system) {
      segment.reference = text;
      continue;
    }
    if (!contains(r.candidates, system)) r.candidates.push_back(system);
    segment.outputs.push_back({system, text, score});
  }
  if (!options.reference_system.empty()) {
    for (auto& r : out) {
      const std::size_t before = r.segments.size();
      std::erase_if(r.segments, [](const meta::RatedSegment& s) { return s.reference.empty(); });
      r.segments_without_reference = before - r.segments.size();
      if (r.segments.empty())
        throw Error(path, 0,
                    "no row of system '" + options.reference_system + "' (--reference-system) for " + r.direction);
    }
  }
  return out;
}

}  // namespace trenchcoat::io

#include "trenchcoat/metrics/string_metric.hpp"

#include "trenchcoat/error.hpp"

namespace trenchcoat::metrics {

SegmentReferences references_by_segment(const std::vector<std::vector<std::string_view>>& streams) {
  SegmentReferences refs;
  if (streams.empty()) return refs;
  refs.resize(streams.front().size());
  for (const auto& stream : streams) {
    if (stream.size() != refs.size()) throw Error("reference streams have different numbers of segments");
    for (std::size_t i = 0; i < stream.size(); ++i) refs[i].push_back(stream[i]);
  }
  return refs;
}

std::string nrefs_value(const SegmentReferences& refs) {
  if (refs.empty()) return "0";
  const std::size_t n = refs.front().size();
  for (const auto& r : refs)
    if (r.size() != n) return "var";
  return std::to_string(n);
}

Signature make_signature(const StringMetric& metric, const SegmentReferences& refs) {
  Signature sig;
  sig.add("nrefs", "#", nrefs_value(refs));
  for (auto& f : metric.signature_fields()) sig.add(f.key, f.short_key, f.value);
  return sig;
}

std::vector<std::vector<double>> checked_stats_rows(const StringMetric& metric,
                                                    const std::vector<std::span<const std::string_view>>& systems,
                                                    const SegmentReferences& refs) {
  std::vector<std::vector<double>> out(systems.size());
  for (std::size_t s = 0; s < systems.size(); ++s) {
    if (systems[s].size() != refs.size())
      throw Error("system " + std::to_string(s + 1) + " has " + std::to_string(systems[s].size()) +
                  " segments but the references have " + std::to_string(refs.size()));
    out[s].assign(refs.size() * metric.stats_size(), 0.0);
  }
  for (std::size_t i = 0; i < refs.size(); ++i)
    if (refs[i].empty()) throw Error("segment " + std::to_string(i + 1) + " has no reference");
  return out;
}

std::vector<std::vector<double>> segment_stats(const StringMetric& metric,
                                               const std::vector<std::span<const std::string_view>>& systems,
                                               const SegmentReferences& refs) {
  const std::size_t width = metric.stats_size();
  std::vector<std::vector<double>> out = checked_stats_rows(metric, systems, refs);
  auto worker = metric.make_segment_statistics();
  for (std::size_t i = 0; i < refs.size(); ++i) {
    worker->set_references(refs[i]);
    for (std::size_t s = 0; s < systems.size(); ++s) worker->compute(systems[s][i], out[s].data() + i * width);
  }
  return out;
}

std::vector<double> sum_stats(std::span<const double> rows, std::size_t stats_size) {
  std::vector<double> sums(stats_size, 0.0);
  for (std::size_t offset = 0; offset + stats_size <= rows.size(); offset += stats_size)
    for (std::size_t k = 0; k < stats_size; ++k) sums[k] += rows[offset + k];
  return sums;
}

std::vector<MetricScore> scores_of_rows(const StringMetric& metric, std::span<const double> rows) {
  const std::size_t width = metric.stats_size();
  std::vector<MetricScore> out;
  out.reserve(width == 0 ? 0 : rows.size() / width);
  for (std::size_t at = 0; at + width <= rows.size() && width > 0; at += width)
    out.push_back(metric.score_from_stats(rows.subspan(at, width)));
  return out;
}

MetricScore corpus_score(const StringMetric& metric, std::span<const std::string_view> hyps,
                         const SegmentReferences& refs) {
  const auto stats = segment_stats(metric, {hyps}, refs);
  return metric.score_from_stats(sum_stats(stats[0], metric.stats_size()));
}

std::vector<MetricScore> sentence_scores(const StringMetric& metric, std::span<const std::string_view> hyps,
                                         const SegmentReferences& refs) {
  const auto stats = segment_stats(metric, {hyps}, refs);
  return scores_of_rows(metric, stats[0]);
}

}  // namespace trenchcoat::metrics

#include "trenchcoat/metrics/parallel_segment_stats.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <string>
#include <thread>

#include "trenchcoat/error.hpp"

namespace trenchcoat::metrics {
namespace {

// Segments per chunk: large enough that handing out chunks costs nothing, small enough that threads
// finish together on segments of very different lengths.
constexpr std::size_t kChunkSegments = 128;

}  // namespace

unsigned resolve_thread_count(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<std::vector<double>> parallel_segment_stats(const StringMetric& metric,
                                                        const std::vector<std::span<const std::string_view>>& systems,
                                                        const SegmentReferences& refs, unsigned threads) {
  const std::size_t chunks = (refs.size() + kChunkSegments - 1) / kChunkSegments;
  const std::size_t thread_count = std::min<std::size_t>(resolve_thread_count(threads), chunks);
  if (thread_count <= 1) return segment_stats(metric, systems, refs);

  // The checks are made up front, so errors do not depend on scheduling.
  const std::size_t width = metric.stats_size();
  std::vector<std::vector<double>> out = checked_stats_rows(metric, systems, refs);

  std::atomic<std::size_t> next_chunk{0};
  std::vector<std::exception_ptr> errors(chunks);
  const auto work = [&] {
    std::unique_ptr<SegmentStatistics> worker;
    for (std::size_t chunk = next_chunk++; chunk < chunks; chunk = next_chunk++) {
      try {
        if (!worker) worker = metric.make_segment_statistics();
        const std::size_t end = std::min(refs.size(), (chunk + 1) * kChunkSegments);
        for (std::size_t i = chunk * kChunkSegments; i < end; ++i) {
          worker->set_references(refs[i]);
          for (std::size_t s = 0; s < systems.size(); ++s) worker->compute(systems[s][i], out[s].data() + i * width);
        }
      } catch (...) {
        errors[chunk] = std::current_exception();
        worker.reset();  // a worker that threw may hold a half-prepared segment
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(thread_count - 1);
  for (std::size_t t = 1; t < thread_count; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
  return out;
}

MetricScore parallel_corpus_score(const StringMetric& metric, std::span<const std::string_view> hyps,
                                  const SegmentReferences& refs, unsigned threads) {
  const auto stats = parallel_segment_stats(metric, {hyps}, refs, threads);
  return metric.score_from_stats(sum_stats(stats[0], metric.stats_size()));
}

std::vector<MetricScore> parallel_sentence_scores(const StringMetric& metric, std::span<const std::string_view> hyps,
                                                  const SegmentReferences& refs, unsigned threads) {
  const auto stats = parallel_segment_stats(metric, {hyps}, refs, threads);
  return scores_of_rows(metric, stats[0]);
}

}  // namespace trenchcoat::metrics

#pragma once
// String-metric statistics computed on several threads. Each segment's statistics depend on that
// segment alone and land in their own row, and sums stay sequential in segment order, so every result
// is bit for bit the one of the one-thread functions in string_metric.hpp.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "trenchcoat/metrics/string_metric.hpp"

namespace trenchcoat::metrics {

// The thread count to use for `requested` threads: `requested` itself when positive, else every core
// (std::thread::hardware_concurrency(), at least 1).
unsigned resolve_thread_count(unsigned requested);

// segment_stats() on `threads` threads (0: every core). Segments are handed out in contiguous chunks,
// one SegmentStatistics worker per thread. An error is the one the one-thread call would raise first.
std::vector<std::vector<double>> parallel_segment_stats(const StringMetric& metric,
                                                        const std::vector<std::span<const std::string_view>>& systems,
                                                        const SegmentReferences& refs, unsigned threads);

// corpus_score() and sentence_scores() on `threads` threads (0: every core).
MetricScore parallel_corpus_score(const StringMetric& metric, std::span<const std::string_view> hyps,
                                  const SegmentReferences& refs, unsigned threads);
std::vector<MetricScore> parallel_sentence_scores(const StringMetric& metric, std::span<const std::string_view> hyps,
                                                  const SegmentReferences& refs, unsigned threads);

}  // namespace trenchcoat::metrics

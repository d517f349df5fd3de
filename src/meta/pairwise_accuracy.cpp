#include "trenchcoat/meta/pairwise_accuracy.hpp"

#include <limits>
#include <string>

#include "trenchcoat/error.hpp"
#include "trenchcoat/meta/score_table.hpp"

namespace trenchcoat::meta {

namespace {
int sign(double x) { return (x > 0) - (x < 0); }
}  // namespace

AgreementCounts agreement(std::span<const double> gold, std::span<const double> metric) {
  if (gold.size() != metric.size()) {
    throw Error("pairwise accuracy: gold has " + std::to_string(gold.size()) + " values but metric has " +
                std::to_string(metric.size()));
  }
  AgreementCounts c;
  const std::size_t n = gold.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (is_missing(gold[i])) continue;
    if (is_missing(metric[i])) throw Error("pairwise accuracy: metric value missing where gold is present");
    for (std::size_t j = i + 1; j < n; ++j) {
      if (is_missing(gold[j])) continue;
      if (is_missing(metric[j])) throw Error("pairwise accuracy: metric value missing where gold is present");
      ++c.num_pairs;
      if (sign(gold[i] - gold[j]) == sign(metric[i] - metric[j])) ++c.agree;
    }
  }
  return c;
}

PooledAccuracy pooled_pairwise_accuracy(
    const std::vector<std::pair<std::span<const double>, std::span<const double>>>& language_pairs) {
  PooledAccuracy out;
  for (const auto& [gold, metric] : language_pairs) {
    const AgreementCounts c = agreement(gold, metric);
    out.agree += c.agree;
    out.num_pairs += c.num_pairs;
  }
  out.accuracy = out.num_pairs == 0 ? std::numeric_limits<double>::quiet_NaN()
                                    : static_cast<double>(out.agree) / static_cast<double>(out.num_pairs);
  return out;
}

}  // namespace trenchcoat::meta

#include "neural/relative_position_buckets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace trenchcoat::neural {

std::int64_t relative_position_bucket(std::int64_t rel, int position_buckets, int max_position) {
  if (position_buckets <= 0) return rel;
  const std::int64_t mid = position_buckets / 2;
  const std::int64_t magnitude = rel < 0 ? -rel : rel;
  if (magnitude <= mid) return rel;
  // float32 throughout, in the reference's order of operations.
  const float ratio = static_cast<float>(magnitude) / static_cast<float>(mid);
  const float log_span = std::log(static_cast<float>(static_cast<double>(max_position - 1) / static_cast<double>(mid)));
  const float scaled = std::log(ratio) / log_span * static_cast<float>(mid - 1);
  const auto log_bucket = static_cast<std::int64_t>(std::ceil(scaled)) + mid;
  return rel < 0 ? -log_bucket : log_bucket;
}

RelativePositionRows relative_position_rows(int length, int position_buckets, int max_position, int span) {
  RelativePositionRows rows;
  rows.length = length;
  if (length <= 0) return rows;
  rows.row_of_distance.resize(static_cast<std::size_t>(2 * length - 1));
  for (int d = -(length - 1); d <= length - 1; ++d) {
    const std::int64_t bucket = relative_position_bucket(d, position_buckets, max_position);
    const std::int64_t row = std::clamp<std::int64_t>(bucket + span, 0, 2 * static_cast<std::int64_t>(span) - 1);
    rows.row_of_distance[static_cast<std::size_t>(d + length - 1)] = static_cast<int>(row);
  }
  return rows;
}

}  // namespace trenchcoat::neural

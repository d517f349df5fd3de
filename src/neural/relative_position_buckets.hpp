#pragma once
// DeBERTa-v2/v3 relative positions (HF DebertaV2 `make_log_bucket_position`
// and `build_relative_position`).
//
// A query at position i and a key at position j are rel = i - j apart. With bucketing
// (position_buckets > 0) distances beyond mid = position_buckets / 2 are compressed logarithmically:
//   |rel| <= mid:  rel itself
//   otherwise:     sign(rel) * (ceil(log(|rel| / mid) / log((max_position - 1) / mid) * (mid - 1)) + mid)
// computed in float32 like the reference. The bucket is an odd function of rel. Without bucketing
// (position_buckets <= 0) the bucket is rel itself.
// The row of the relative-embedding table used for (i, j) is clamp(bucket(i - j) + span, 0, 2 span - 1),
// span = position_buckets when bucketing, else max_relative_positions. Any distance is accepted (long
// sequences clamp at the table's ends).
#include <cstdint>
#include <vector>

namespace trenchcoat::neural {

// bucket(rel) as defined above. `position_buckets <= 0` returns rel unchanged.
std::int64_t relative_position_bucket(std::int64_t rel, int position_buckets, int max_position);

// Row indices into the relative-embedding table for every distance of a sequence of `length` tokens:
// entry [d + length - 1] is the row for rel = d, d in [-(length-1), length-1].
struct RelativePositionRows {
  int length = 0;
  std::vector<int> row_of_distance;  // 2*length - 1 entries, non-decreasing in d
  int row(int query, int key) const { return row_of_distance[static_cast<std::size_t>(query - key + length - 1)]; }
  int first_row() const { return row_of_distance.empty() ? 0 : row_of_distance.front(); }
  int last_row() const { return row_of_distance.empty() ? -1 : row_of_distance.back(); }
};
RelativePositionRows relative_position_rows(int length, int position_buckets, int max_position, int span);

}  // namespace trenchcoat::neural

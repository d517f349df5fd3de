#include "trenchcoat/meta/positional_agreement.hpp"

#include <map>

namespace trenchcoat::meta {
namespace {

// +1: the chosen completion is picked; -1: the rejected one; 0: neither (a tie).
int pick(double p) { return p > 0.5 ? 1 : (p < 0.5 ? -1 : 0); }

}  // namespace

PositionalStatistics positional_statistics(std::span<const OrderedVerdicts> pairs) {
  PositionalStatistics s;
  s.pairs = pairs.size();
  if (pairs.empty()) return s;
  std::size_t first = 0, second = 0, both = 0, agree = 0;
  for (const auto& v : pairs) {
    const int a = pick(v.chosen_first), b = pick(v.chosen_second);
    first += a > 0;
    second += b > 0;
    both += a > 0 && b > 0;
    agree += a == b;
  }
  const double n = static_cast<double>(pairs.size());
  s.accuracy_chosen_first = static_cast<double>(first) / n;
  s.accuracy_chosen_second = static_cast<double>(second) / n;
  s.accuracy_average = static_cast<double>(first + second) / (2.0 * n);
  s.correct_in_both = static_cast<double>(both) / n;
  s.positional_agreement = static_cast<double>(agree) / n;
  return s;
}

PositionalReport positional_report(std::span<const OrderedVerdicts> pairs) {
  PositionalReport r;
  r.overall = positional_statistics(pairs);
  std::map<std::string, std::vector<OrderedVerdicts>> by_subset;
  for (const auto& v : pairs) by_subset[v.subset].push_back(v);
  for (const auto& [name, rows] : by_subset) r.subsets.emplace_back(name, positional_statistics(rows));
  return r;
}

}  // namespace trenchcoat::meta

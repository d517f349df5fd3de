#include "trenchcoat/meta/score_table.hpp"

#include <algorithm>

#include "trenchcoat/error.hpp"

namespace trenchcoat::meta {

ScoreTable::ScoreTable(std::vector<std::string> systems, std::size_t num_items)
    : systems_(std::move(systems)), num_items_(num_items), values_(systems_.size() * num_items, kMissing) {}

std::optional<std::size_t> ScoreTable::system_index(const std::string& name) const {
  const auto it = std::find(systems_.begin(), systems_.end(), name);
  if (it == systems_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - systems_.begin());
}

ScoreTable ScoreTable::select(const std::vector<std::string>& systems) const {
  ScoreTable out(systems, num_items_);
  for (std::size_t s = 0; s < systems.size(); ++s) {
    const auto from = system_index(systems[s]);
    if (!from) throw Error("unknown system '" + systems[s] + "'");
    std::copy(row(*from), row(*from) + num_items_, out.values_.begin() + static_cast<std::ptrdiff_t>(s * num_items_));
  }
  return out;
}

}  // namespace trenchcoat::meta

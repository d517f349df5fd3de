#include "trenchcoat/citations/citation_corpus.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

namespace trenchcoat::citations {
namespace {

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The smaller root stays the root, so a set's root is its first record.
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

}  // namespace

CitationCorpus build_citation_corpus(const std::vector<PaperRecord>& records) {
  CitationCorpus corpus;
  corpus.records = records.size();
  DisjointSets sets(records.size());
  std::unordered_map<std::string, std::size_t> first_record;
  for (std::size_t r = 0; r < records.size(); ++r)
    for (const auto& id : records[r].ids) {
      const auto [it, inserted] = first_record.emplace(id, r);
      if (!inserted) sets.unite(it->second, r);
    }
  // Papers in the order of their first record; the members of each in record order.
  std::vector<std::size_t> paper_of_root(records.size(), records.size());
  std::vector<std::vector<std::size_t>> members;
  for (std::size_t r = 0; r < records.size(); ++r) {
    const std::size_t root = sets.find(r);
    if (paper_of_root[root] == records.size()) {
      paper_of_root[root] = members.size();
      members.emplace_back();
    }
    members[paper_of_root[root]].push_back(r);
  }
  std::unordered_map<std::string, std::size_t> paper_of_id;
  corpus.papers.resize(members.size());
  for (std::size_t p = 0; p < members.size(); ++p) {
    CorpusPaper& paper = corpus.papers[p];
    std::set<std::string> ids;
    for (const std::size_t r : members[p]) {
      const PaperRecord& rec = records[r];
      if (paper.id.empty()) paper.id = rec.ids.front();
      if (paper.title.empty()) paper.title = rec.title;
      if (paper.abstract.empty()) paper.abstract = rec.abstract;
      if (paper.venue.empty()) paper.venue = rec.venue;
      if (!paper.year) paper.year = rec.year;
      ids.insert(rec.ids.begin(), rec.ids.end());
    }
    paper.ids.assign(ids.begin(), ids.end());
    paper.records = members[p].size();
    for (const auto& id : paper.ids) paper_of_id.emplace(id, p);
  }
  corpus.duplicates_merged = records.size() - corpus.papers.size();

  auto resolve = [&](const std::vector<std::string>& ids) -> std::optional<std::size_t> {
    for (const auto& id : ids)
      if (const auto it = paper_of_id.find(id); it != paper_of_id.end()) return it->second;
    return std::nullopt;
  };
  // Outside papers: the ids of unresolved references that name the same paper (one reference giving
  // several ids) are one outside paper, keyed by the id seen first.
  std::unordered_map<std::string, std::size_t> outside_index;
  std::vector<std::string> outside_ids;
  for (const auto& rec : records)
    for (const auto& ref : rec.references)
      if (!ref.empty() && !resolve(ref))
        for (const auto& id : ref)
          if (outside_index.emplace(id, outside_ids.size()).second) outside_ids.push_back(id);
  DisjointSets outside_sets(outside_ids.size());
  for (const auto& rec : records)
    for (const auto& ref : rec.references)
      if (!ref.empty() && !resolve(ref))
        for (const auto& id : ref) outside_sets.unite(outside_index.at(ref.front()), outside_index.at(id));
  auto outside_key = [&](const std::vector<std::string>& ref) {
    return outside_ids[outside_sets.find(outside_index.at(ref.front()))];
  };

  std::vector<std::set<std::size_t>> cited(corpus.papers.size());
  std::vector<std::set<std::string>> outside(corpus.papers.size());
  for (std::size_t p = 0; p < members.size(); ++p)
    for (const std::size_t r : members[p]) {
      for (const auto& ref : records[r].references) {
        if (const auto target = resolve(ref)) {
          if (*target != p) cited[p].insert(*target);
        } else if (ref.empty()) {
          ++corpus.papers[p].outside_without_id;
        } else {
          outside[p].insert(outside_key(ref));
        }
      }
      for (const auto& citer : records[r].cited_by) {
        if (const auto source = resolve(citer)) {
          if (*source != p) cited[*source].insert(p);
        } else {
          ++corpus.citations_from_outside;
        }
      }
    }
  for (std::size_t p = 0; p < corpus.papers.size(); ++p) {
    corpus.papers[p].cited.assign(cited[p].begin(), cited[p].end());
    corpus.papers[p].outside.assign(outside[p].begin(), outside[p].end());
  }
  return corpus;
}

}  // namespace trenchcoat::citations

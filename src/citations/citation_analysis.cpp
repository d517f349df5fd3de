#include "trenchcoat/citations/citation_analysis.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "trenchcoat/citations/paper_classifier.hpp"

namespace trenchcoat::citations {
namespace {

std::optional<double> share(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

// The key of a cited paper in the bridge and overlap counts: its id, in-corpus or outside.
struct CitedKey {
  std::string id;
  std::optional<std::size_t> paper;  // in-corpus index
  bool operator<(const CitedKey& o) const { return id < o.id; }
};

}  // namespace

std::string multiple_fields_group(std::size_t fields) { return fields == 2 ? "both" : "multiple"; }

CitationAnalysis analyze_citations(const CitationCorpus& corpus, const FieldRules& rules, std::size_t top_k) {
  CitationAnalysis a;
  const std::size_t n_fields = rules.fields.size();
  for (const auto& f : rules.fields) a.fields.push_back(f.name);
  a.groups = a.fields;
  a.groups.push_back(multiple_fields_group(n_fields));
  a.groups.push_back("neither");
  const std::size_t n_groups = a.groups.size();
  const std::size_t multiple = n_fields, neither = n_fields + 1;
  a.top_k = top_k;

  for (const auto& paper : corpus.papers) {
    PaperLabel label = classify_paper(rules, paper);
    const auto count = static_cast<std::size_t>(std::count(label.fields.begin(), label.fields.end(), true));
    LabelledPaper lp;
    lp.group = count == 0  ? neither
               : count > 1 ? multiple
                           : static_cast<std::size_t>(std::find(label.fields.begin(), label.fields.end(), true) -
                                                      label.fields.begin());
    lp.fields = std::move(label.fields);
    lp.reasons = std::move(label.reasons);
    a.papers.push_back(std::move(lp));
  }
  auto group_of = [&](std::size_t p) { return a.papers[p].group; };
  // Whether paper q is labelled with a field other than f.
  auto other_field = [&](std::size_t q, std::size_t f) {
    for (std::size_t g = 0; g < n_fields; ++g)
      if (g != f && a.papers[q].fields[g]) return true;
    return false;
  };

  // Group summaries and the matrix.
  a.group_summaries.resize(n_groups);
  for (std::size_t g = 0; g < n_groups; ++g) a.group_summaries[g].name = a.groups[g];
  CrossCitationMatrix& m = a.matrix;
  m.observed.assign(n_groups, std::vector<std::size_t>(n_groups, 0));
  for (std::size_t p = 0; p < corpus.papers.size(); ++p) {
    const CorpusPaper& paper = corpus.papers[p];
    GroupSummary& s = a.group_summaries[group_of(p)];
    ++s.papers;
    s.references += paper.references();
    s.in_corpus += paper.cited.size();
    s.outside += paper.outside_references();
    for (const std::size_t q : paper.cited) {
      ++m.observed[group_of(p)][group_of(q)];
      ++a.group_summaries[group_of(q)].cited_by_corpus;
    }
  }
  m.row_totals.assign(n_groups, 0);
  m.column_totals.assign(n_groups, 0);
  for (std::size_t i = 0; i < n_groups; ++i)
    for (std::size_t j = 0; j < n_groups; ++j) {
      m.row_totals[i] += m.observed[i][j];
      m.column_totals[j] += m.observed[i][j];
      m.total += m.observed[i][j];
    }
  m.expected.assign(n_groups, std::vector<double>(n_groups, 0.0));
  m.ratio.assign(n_groups, std::vector<std::optional<double>>(n_groups));
  for (std::size_t i = 0; i < n_groups; ++i)
    for (std::size_t j = 0; j < n_groups; ++j) {
      if (m.total == 0) continue;
      m.expected[i][j] =
          static_cast<double>(m.row_totals[i]) * static_cast<double>(m.column_totals[j]) / static_cast<double>(m.total);
      if (m.expected[i][j] > 0) m.ratio[i][j] = static_cast<double>(m.observed[i][j]) / m.expected[i][j];
    }

  // Field shares.
  for (std::size_t f = 0; f < n_fields; ++f) {
    FieldCrossShare s;
    s.field = a.fields[f];
    std::vector<std::size_t> to_group(n_groups, 0);
    for (std::size_t p = 0; p < corpus.papers.size(); ++p) {
      if (group_of(p) != f) continue;
      const CorpusPaper& paper = corpus.papers[p];
      ++s.papers;
      s.references += paper.references();
      s.in_corpus += paper.cited.size();
      s.outside += paper.outside_references();
      bool cites_other = false;
      for (const std::size_t q : paper.cited) {
        ++to_group[group_of(q)];
        if (group_of(q) < n_fields && group_of(q) != f) {
          ++s.to_other;
          cites_other = true;
        }
        if (other_field(q, f)) ++s.to_other_inclusive;
      }
      if (cites_other) ++s.papers_citing_other;
    }
    s.share_in_corpus = share(s.to_other, s.in_corpus);
    s.share_all = share(s.to_other, s.references);
    s.share_in_corpus_inclusive = share(s.to_other_inclusive, s.in_corpus);
    s.papers_citing_other_share = share(s.papers_citing_other, s.papers);
    for (std::size_t g = 0; g < n_groups; ++g) s.share_to_group.push_back(share(to_group[g], s.in_corpus));
    a.shares.push_back(std::move(s));
  }

  // Per-year trends.
  std::map<int, YearTrend> years;
  for (std::size_t p = 0; p < corpus.papers.size(); ++p) {
    const CorpusPaper& paper = corpus.papers[p];
    if (!paper.year) {
      ++a.papers_without_year;
      continue;
    }
    YearTrend& y = years[*paper.year];
    if (y.papers.empty()) {
      y.year = *paper.year;
      y.papers.assign(n_groups, 0);
      y.in_corpus.assign(n_fields, 0);
      y.to_other.assign(n_fields, 0);
    }
    ++y.papers[group_of(p)];
    const std::size_t f = group_of(p);
    if (f >= n_fields) continue;
    y.in_corpus[f] += paper.cited.size();
    for (const std::size_t q : paper.cited)
      if (group_of(q) < n_fields && group_of(q) != f) ++y.to_other[f];
  }
  for (auto& [year, y] : years) {
    for (std::size_t f = 0; f < n_fields; ++f) y.cross_share.push_back(share(y.to_other[f], y.in_corpus[f]));
    a.years.push_back(std::move(y));
  }

  // Who cites what, per field: citing papers per cited key.
  std::map<CitedKey, std::vector<std::size_t>> citations;
  for (std::size_t p = 0; p < corpus.papers.size(); ++p) {
    const std::size_t f = group_of(p);
    if (f >= n_fields) continue;
    const CorpusPaper& paper = corpus.papers[p];
    auto add = [&](CitedKey key) {
      auto& counts = citations[key];
      if (counts.empty()) counts.assign(n_fields, 0);
      ++counts[f];
    };
    for (const std::size_t q : paper.cited) add({corpus.papers[q].id, q});
    for (const auto& id : paper.outside) add({id, std::nullopt});
  }
  for (std::size_t fa = 0; fa < n_fields; ++fa)
    for (std::size_t fb = fa + 1; fb < n_fields; ++fb) {
      CitedSetOverlap o;
      o.field_a = fa;
      o.field_b = fb;
      std::size_t either = 0;
      for (const auto& [key, counts] : citations) {
        o.cited_a += counts[fa] > 0;
        o.cited_b += counts[fb] > 0;
        o.shared += counts[fa] > 0 && counts[fb] > 0;
        either += counts[fa] > 0 || counts[fb] > 0;
      }
      o.jaccard = share(o.shared, either);
      a.overlaps.push_back(o);
    }

  std::vector<BridgePaper> bridges;
  for (const auto& [key, counts] : citations) {
    const auto sides = std::count_if(counts.begin(), counts.end(), [](std::size_t c) { return c > 0; });
    if (sides < 2) continue;
    BridgePaper b;
    b.id = key.id;
    b.in_corpus = key.paper.has_value();
    if (key.paper) {
      b.title = corpus.papers[*key.paper].title;
      b.year = corpus.papers[*key.paper].year;
      b.group = a.groups[group_of(*key.paper)];
    } else {
      b.group = "outside";
    }
    b.citations = counts;
    std::vector<std::size_t> sorted = counts;
    std::sort(sorted.rbegin(), sorted.rend());
    b.score = sorted[1];
    for (const std::size_t c : counts) b.total += c;
    bridges.push_back(std::move(b));
  }
  // `citations` is ordered by id, so a stable sort leaves ties in id order.
  std::stable_sort(bridges.begin(), bridges.end(), [](const BridgePaper& x, const BridgePaper& y) {
    return x.score != y.score ? x.score > y.score : x.total > y.total;
  });
  a.bridge_candidates = bridges.size();
  if (bridges.size() > top_k) bridges.resize(top_k);
  a.bridges = std::move(bridges);
  return a;
}

}  // namespace trenchcoat::citations

// The citation analysis on the export of cite_test_export.hpp: every expected value is computed by hand
// from the paper list there (the comment beside each value shows the computation).
#include <gtest/gtest.h>

#include "cite_test_export.hpp"
#include "test_support.hpp"
#include "trenchcoat/citations/bibliography_file.hpp"
#include "trenchcoat/citations/citation_analysis.hpp"
#include "trenchcoat/citations/citation_corpus.hpp"
#include "trenchcoat/citations/field_rules.hpp"
#include "trenchcoat/runs/cite_run.hpp"

namespace {

using namespace trenchcoat::citations;
using trenchcoat::testing::hex40;

class CiteAnalysis : public trenchcoat::testing::TempDirectoryTest {
 protected:
  trenchcoat::runs::CiteResult run(std::size_t top = 3) {
    trenchcoat::runs::CiteRequest q;
    q.inputs = {write("works.json", trenchcoat::testing::cite_openalex_page()),
                write("papers.jsonl", trenchcoat::testing::cite_s2_lines())};
    q.fields = write("fields.json", trenchcoat::testing::cite_fields());
    q.top = top;
    return trenchcoat::runs::run_cite(q);
  }
};

// expected[i][j] = row_i * column_j / total, as the analysis documents it.
double expected(double row, double column, double total) { return row * column / total; }

TEST_F(CiteAnalysis, CorpusMergesDuplicatesAndKeepsOutsideReferences) {
  const auto r = run();
  EXPECT_EQ(r.records, 10u);                // 7 OpenAlex works + 3 S2 papers (the null line is not a record)
  EXPECT_EQ(r.papers, 9u);                  // the S2 copy of W3 (DOI 10.1/dup = 10.1/DUP) merges into W3
  EXPECT_EQ(r.duplicates_merged, 1u);       // 10 - 9
  EXPECT_EQ(r.citations_from_outside, 1u);  // C is cited by ffff..., which is not in the corpus
  ASSERT_EQ(r.inputs.size(), 2u);
  EXPECT_EQ(r.inputs[0].openalex, 7u);
  EXPECT_EQ(r.inputs[1].semantic_scholar, 3u);
  EXPECT_EQ(r.inputs[1].null_records, 1u);
  EXPECT_EQ(r.paper_ids[2], "openalex:W3");                                // the first record's id
  EXPECT_EQ(r.paper_titles[2], "Automatic evaluation metrics revisited");  // and its title
  EXPECT_EQ(r.paper_ids[7], "s2:" + hex40('b'));
  EXPECT_FALSE(r.paper_years[8].has_value());  // C has no year
}

TEST_F(CiteAnalysis, LabelsFollowSeedsVenuesKeywordsAndRegexes) {
  const auto r = run();
  const auto& a = r.analysis;
  ASSERT_EQ(a.groups, (std::vector<std::string>{"rm", "metric", "both", "neither"}));
  // W1 W2 W3 W4 W5 W6 W100 B C, by the table in cite_test_export.hpp.
  const std::vector<std::size_t> want{0, 0, 1, 1, 2, 3, 0, 1, 0};
  for (std::size_t p = 0; p < want.size(); ++p) EXPECT_EQ(a.papers[p].group, want[p]) << r.paper_ids[p];
  EXPECT_EQ(a.papers[1].reasons, (std::vector<std::string>{"rm: keyword 'reward model*'"}));  // from the abstract
  EXPECT_EQ(a.papers[3].reasons, (std::vector<std::string>{"metric: keyword 're:\\bbleu\\b'"}));
  EXPECT_EQ(a.papers[6].reasons, (std::vector<std::string>{"rm: seed openalex:W100"}));
  EXPECT_EQ(a.papers[7].reasons, (std::vector<std::string>{"metric: venue 'wmt'"}));
  EXPECT_EQ(a.papers[8].reasons, (std::vector<std::string>{"rm: keyword 'reward model*'"}));  // "modelling"
}

TEST_F(CiteAnalysis, MatrixExpectedUnderRandomMixingAndRatios) {
  const auto& m = run().analysis.matrix;
  // Rows citing, columns cited: rm, metric, both, neither.
  // rm:      W1->W2 (rm), W1->W5 (both), W2->W4, W100->W4, C->B (metric)
  // metric:  W3->C (rm), B->W1 (rm), W3->W4, W3->B, B->W4 (metric), W3->W5 (both)
  // both:    W5->W4, W5->W3 (metric)
  // neither: W6->W1 (rm), W6->W3 (metric)
  const std::vector<std::vector<std::size_t>> observed{{1, 3, 1, 0}, {2, 3, 1, 0}, {0, 2, 0, 0}, {1, 1, 0, 0}};
  EXPECT_EQ(m.observed, observed);
  EXPECT_EQ(m.row_totals, (std::vector<std::size_t>{5, 6, 2, 2}));
  EXPECT_EQ(m.column_totals, (std::vector<std::size_t>{4, 9, 2, 0}));
  EXPECT_EQ(m.total, 15u);
  EXPECT_EQ(m.expected[0][1], expected(5, 9, 15));  // 3.0
  EXPECT_EQ(m.expected[0][1], 3.0);
  EXPECT_EQ(*m.ratio[0][1], 3 / expected(5, 9, 15));  // 3 / 3 = 1
  EXPECT_EQ(m.expected[1][0], expected(6, 4, 15));    // 1.6
  EXPECT_EQ(*m.ratio[1][0], 2 / expected(6, 4, 15));  // 2 / 1.6 = 1.25
  EXPECT_DOUBLE_EQ(*m.ratio[1][0], 1.25);
  EXPECT_EQ(*m.ratio[0][0], 1 / expected(5, 4, 15));  // 1 / (4/3) = 0.75
  EXPECT_DOUBLE_EQ(*m.ratio[0][0], 0.75);
  EXPECT_DOUBLE_EQ(*m.ratio[1][1], 3 / 3.6);  // 6 * 9 / 15 = 3.6
  EXPECT_DOUBLE_EQ(*m.ratio[3][0], 1.875);    // 1 / (2 * 4 / 15)
  EXPECT_EQ(m.expected[0][3], 0.0);           // nothing cites neither: column total 0
  EXPECT_FALSE(m.ratio[0][3].has_value());    // no ratio over an expected 0
}

TEST_F(CiteAnalysis, SharesOfReferencesToTheOtherField) {
  const auto& a = run().analysis;
  ASSERT_EQ(a.shares.size(), 2u);
  const auto& rm = a.shares[0];
  EXPECT_EQ(rm.papers, 4u);                 // W1, W2, W100, C
  EXPECT_EQ(rm.references, 8u);             // 3 + 2 + 1 + 2
  EXPECT_EQ(rm.in_corpus, 5u);              // 2 + 1 + 1 + 1
  EXPECT_EQ(rm.outside, 3u);                // W9 twice (from W1 and W2), cccc once (C)
  EXPECT_EQ(rm.to_other, 3u);               // W2->W4, W100->W4, C->B
  EXPECT_EQ(*rm.share_in_corpus, 3.0 / 5);  // 0.6
  EXPECT_EQ(*rm.share_all, 3.0 / 8);        // 0.375
  EXPECT_EQ(rm.to_other_inclusive, 4u);     // and W1->W5 (both)
  EXPECT_EQ(*rm.share_in_corpus_inclusive, 4.0 / 5);
  EXPECT_EQ(rm.papers_citing_other, 3u);  // W2, W100, C
  EXPECT_EQ(*rm.papers_citing_other_share, 3.0 / 4);
  EXPECT_EQ(*rm.share_to_group[0], 1.0 / 5);  // W1->W2
  EXPECT_EQ(*rm.share_to_group[2], 1.0 / 5);  // W1->W5
  EXPECT_EQ(*rm.share_to_group[3], 0.0);
  const auto& metric = a.shares[1];
  EXPECT_EQ(metric.papers, 3u);      // W3, W4, B
  EXPECT_EQ(metric.references, 9u);  // W3: 4 + 1 without an id; W4: 1; B: 3
  EXPECT_EQ(metric.in_corpus, 6u);   // W3: W5, W4, B, C; B: W1, W4
  EXPECT_EQ(metric.outside, 3u);     // the id-less one, W9, cccc
  EXPECT_EQ(metric.to_other, 2u);    // W3->C, B->W1
  EXPECT_EQ(*metric.share_in_corpus, 2.0 / 6);
  EXPECT_EQ(*metric.share_all, 2.0 / 9);
  EXPECT_EQ(metric.to_other_inclusive, 3u);  // and W3->W5
  EXPECT_EQ(*metric.share_in_corpus_inclusive, 3.0 / 6);
  EXPECT_EQ(metric.papers_citing_other, 2u);  // W3, B (W4 cites nothing in the corpus)
  EXPECT_EQ(*metric.papers_citing_other_share, 2.0 / 3);
  // Per group: rm 4 papers, 8 references; both (W5) cites 2, is cited twice; neither is never cited.
  EXPECT_EQ(a.group_summaries[0].cited_by_corpus, 4u);
  EXPECT_EQ(a.group_summaries[1].cited_by_corpus, 9u);
  EXPECT_EQ(a.group_summaries[2].papers, 1u);
  EXPECT_EQ(a.group_summaries[2].cited_by_corpus, 2u);
  EXPECT_EQ(a.group_summaries[3].cited_by_corpus, 0u);
}

TEST_F(CiteAnalysis, PerYearTrends) {
  const auto& a = run().analysis;
  EXPECT_EQ(a.papers_without_year, 1u);  // C
  ASSERT_EQ(a.years.size(), 3u);
  // 2019: W2 (rm), W4 (metric). W2: 1 in-corpus reference (W4, metric): 1/1. W4: none: no share.
  EXPECT_EQ(a.years[0].year, 2019);
  EXPECT_EQ(a.years[0].papers, (std::vector<std::size_t>{1, 1, 0, 0}));
  EXPECT_EQ(*a.years[0].cross_share[0], 1.0);
  EXPECT_FALSE(a.years[0].cross_share[1].has_value());
  // 2020: W1 (rm): 0 of 2 cross; W3 (metric): 1 (C) of 4.
  EXPECT_EQ(a.years[1].papers, (std::vector<std::size_t>{1, 1, 0, 0}));
  EXPECT_EQ(*a.years[1].cross_share[0], 0.0);
  EXPECT_EQ(*a.years[1].cross_share[1], 1.0 / 4);
  // 2021: W100 (rm): 1 of 1; B (metric): 1 (W1) of 2; W5 both, W6 neither.
  EXPECT_EQ(a.years[2].papers, (std::vector<std::size_t>{1, 1, 1, 1}));
  EXPECT_EQ(*a.years[2].cross_share[0], 1.0);
  EXPECT_EQ(*a.years[2].cross_share[1], 1.0 / 2);
}

TEST_F(CiteAnalysis, CitedSetOverlapAndBridgeRanking) {
  const auto& a = run(3).analysis;
  ASSERT_EQ(a.overlaps.size(), 1u);
  // rm cites {W2, W5, W9, W4, B, cccc}; metric cites {W5, W4, B, C, cccc, W1, W9}: 5 shared of 8.
  EXPECT_EQ(a.overlaps[0].cited_a, 6u);
  EXPECT_EQ(a.overlaps[0].cited_b, 7u);
  EXPECT_EQ(a.overlaps[0].shared, 5u);
  EXPECT_EQ(*a.overlaps[0].jaccard, 5.0 / 8);
  // Cited by both fields: W4 (rm: W2, W100; metric: W3, B) score min(2, 2) = 2; W9 (rm: W1, W2; metric:
  // W4) score 1, total 3; W5, B, cccc score 1, total 2, in id order: openalex:W5 < s2:bbbb... < s2:cccc...
  EXPECT_EQ(a.bridge_candidates, 5u);
  ASSERT_EQ(a.bridges.size(), 3u);  // --top 3
  EXPECT_EQ(a.bridges[0].id, "openalex:W4");
  EXPECT_EQ(a.bridges[0].citations, (std::vector<std::size_t>{2, 2}));
  EXPECT_EQ(a.bridges[0].score, 2u);
  EXPECT_EQ(a.bridges[0].group, "metric");
  EXPECT_EQ(a.bridges[1].id, "openalex:W9");
  EXPECT_FALSE(a.bridges[1].in_corpus);
  EXPECT_EQ(a.bridges[1].group, "outside");
  EXPECT_EQ(a.bridges[1].score, 1u);
  EXPECT_EQ(a.bridges[1].total, 3u);
  EXPECT_EQ(a.bridges[2].id, "openalex:W5");
  const auto all = run(10).analysis;
  ASSERT_EQ(all.bridges.size(), 5u);
  EXPECT_EQ(all.bridges[3].id, "s2:" + hex40('b'));
  EXPECT_EQ(all.bridges[4].id, "s2:" + hex40('c'));
}

TEST(CitationCorpus, ReferencesResolveThroughAnyIdAndSelfCitationsDrop) {
  PaperRecord a{RecordSource::openalex, {"openalex:W1", "doi:10.1/x"}, "A", "", "", 2020, {{"openalex:W1"}}, {}};
  PaperRecord b{RecordSource::semantic_scholar, {"s2:" + hex40('1'), "doi:10.1/x"}, "A (S2)", "", "", {}, {}, {}};
  PaperRecord c{
      RecordSource::semantic_scholar,
      {"s2:" + hex40('2')},
      "C",
      "",
      "",
      2021,
      {{"doi:10.1/x"}, {"s2:" + hex40('1')}, {"arxiv:2001.00001", "s2:" + hex40('3')}, {"s2:" + hex40('3')}, {}},
      {}};
  const auto corpus = build_citation_corpus({a, b, c});
  ASSERT_EQ(corpus.papers.size(), 2u);
  EXPECT_TRUE(corpus.papers[0].cited.empty());  // A citing itself is dropped
  EXPECT_EQ(corpus.papers[0].records, 2u);
  EXPECT_EQ(corpus.papers[0].title, "A");  // the first record's
  EXPECT_EQ(corpus.papers[0].year, 2020);
  EXPECT_EQ(corpus.papers[1].cited, (std::vector<std::size_t>{0}));  // by DOI and by paperId: once
  // The arXiv id and s2:333... name one outside paper (one reference gave both): one outside reference,
  // keyed by the id seen first; the reference without an id counts on its own.
  EXPECT_EQ(corpus.papers[1].outside, (std::vector<std::string>{"arxiv:2001.00001"}));
  EXPECT_EQ(corpus.papers[1].outside_without_id, 1u);
  EXPECT_EQ(corpus.papers[1].references(), 3u);
}

}  // namespace

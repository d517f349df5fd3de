// One language pair of an mt-metrics-eval test-set directory: reading every kind
// of file, the reference's naming rules, the metric-score writer, and errors that name file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"

using namespace trenchcoat;
using io::MtmeLevel;

namespace {

class MtmeTestSetRead : public trenchcoat::testing::TempDirectoryTest {
 protected:
  // Writes DIR/relative (creating folders) and returns its path.
  std::string put(const std::string& relative, const std::string& content) const {
    const auto path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  void remove(const std::string& relative) const { std::filesystem::remove(dir_ / relative); }
  std::string root() const { return dir_.string(); }

  // A small en-de test set: 5 segments in documents d1 (news, 2), d2 (talk, 1), d3 (news, 2), so the
  // domain news is non-contiguous; references refA and refB; systems sysX, sysY and refA (a human system).
  void make_test_set() const {
    put("sources/en-de.txt", "s1\ns2  \ns3\ns4\ns5\n");
    put("documents/en-de.docs", "news d1\nnews d1\ntalk d2\nnews d3\nnews d3\n");
    put("references/en-de.refA.txt", "a1\na2\na3\na4\na5\n");
    put("references/en-de.refB.txt", "b1\nb2\nb3\nb4\nb5\n");
    put("system-outputs/en-de/sysX.txt", "x1\nx2\t \n[No translation supplied]\nx4\nx5");
    put("system-outputs/en-de/sysY.txt", "y1\r\ny2\r\ny3\r\ny4\r\ny5\r\n");
    put("system-outputs/en-de/refA.txt", "a1\na2\na3\na4\na5\n");
    put("sources/de-en.txt", "other language pair: ignored\n");
    put("references/de-en.refA.txt", "ignored\n");
  }

  // The message of the error that reading the test set raises.
  std::string error_of(const io::MtmeReadOptions& options = {}) const {
    try {
      io::read_mtme_test_set(root(), "en-de", options);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(MtmeTestSetRead, ReadsTextsDocumentsAndDomains) {
  make_test_set();
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de");
  ASSERT_EQ(ts.num_segments(), 5u);
  EXPECT_EQ(*ts.source.lines[1], "s2");  // trailing whitespace goes, as data.py's line.rstrip()
  // Documents: contiguous blocks in order; domains sorted by name, with their segment ranges.
  ASSERT_EQ(ts.documents.size(), 3u);
  EXPECT_EQ(ts.documents[0].name, "d1");
  EXPECT_EQ(ts.documents[0].domain, "news");
  EXPECT_EQ(ts.documents[0].begin, 0u);
  EXPECT_EQ(ts.documents[0].end, 2u);
  EXPECT_EQ(ts.documents[2].begin, 3u);
  EXPECT_EQ(ts.documents[2].end, 5u);
  ASSERT_EQ(ts.domains.size(), 2u);
  EXPECT_EQ(ts.domains[0].name, "news");
  const std::vector<std::pair<std::size_t, std::size_t>> news_ranges = {{0, 2}, {3, 5}};
  EXPECT_EQ(ts.domains[0].ranges, news_ranges);
  EXPECT_EQ(ts.domains[1].name, "talk");
  EXPECT_EQ(ts.num_items(MtmeLevel::sys), 1u);
  EXPECT_EQ(ts.num_items(MtmeLevel::domain), 2u);
  EXPECT_EQ(ts.num_items(MtmeLevel::doc), 3u);
  EXPECT_EQ(ts.num_items(MtmeLevel::seg), 5u);
  EXPECT_EQ(ts.item_names(MtmeLevel::doc), (std::vector<std::string>{"d1", "d2", "d3"}));
  // References and system outputs (only en-de), the reference copied as a system is a human system.
  EXPECT_EQ(ts.reference_names(), (std::vector<std::string>{"refA", "refB"}));
  EXPECT_EQ(ts.system_names(), (std::vector<std::string>{"refA", "sysX", "sysY"}));
  EXPECT_EQ(ts.human_system_names(), (std::vector<std::string>{"refA"}));
  const auto& x = ts.system_outputs.at("sysX").lines;
  EXPECT_EQ(*x[1], "x2");
  EXPECT_FALSE(x[2].has_value());                           // [No translation supplied]
  EXPECT_EQ(*x[4], "x5");                                   // a last line without a newline counts
  EXPECT_EQ(*ts.system_outputs.at("sysY").lines[0], "y1");  // \r\n ends a line (universal newlines)
  EXPECT_TRUE(ts.human_scores.empty());
  EXPECT_TRUE(ts.metric_scores.empty());  // not read unless asked
}

TEST_F(MtmeTestSetRead, ReadsJsonlForms) {
  make_test_set();
  remove("sources/en-de.txt");
  put("sources/en-de.jsonl",
      "{\"source\": \"j1\"}\n{\"source\": \"j2\"}\n{\"source\": \"j3\"}\n{\"source\": \"j4\"}\n{\"source\": \"j5\"}\n");
  put("system-outputs/en-de/sysZ.jsonl",
      "{\"hypothesis\": \"z1\"}\n{\"hypothesis\": null}\n{\"hypothesis\": \"z3\"}\n{\"hypothesis\": "
      "\"z4\"}\n{\"hypothesis\": \"z5 \"}\n");
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de");
  EXPECT_EQ(*ts.source.lines[0], "j1");
  const auto& z = ts.system_outputs.at("sysZ").lines;
  EXPECT_FALSE(z[1].has_value());
  EXPECT_EQ(*z[4], "z5 ");  // JSON strings are taken as they are
  put("references/en-de.refC.jsonl", "{\"target\": \"c1\"}\n{\"nottarget\": 1}\n");
  EXPECT_NE(error_of().find("en-de.refC.jsonl:2: no field 'target'"), std::string::npos) << error_of();
}

TEST_F(MtmeTestSetRead, ReadsHumanScoresAtEveryLevel) {
  make_test_set();
  // seg: one block per system, None = missing; systems may be left out (refA has none).
  put("human-scores/en-de.mqm.seg.score",
      "sysX -1\nsysX None\nsysX 0\nsysX -2\nsysX -3\nsysY\t-0.5\nsysY 0\nsysY 0\nsysY 0\nsysY 0\n");
  put("human-scores/en-de.mqm.sys.score", "sysX -1.5\nsysY None\n");
  put("human-scores/en-de.wmt-raw.doc.score", "sysX 1\nsysX 2\nsysX 3\n");
  // domain: lines in any order, a pair left out is missing.
  put("human-scores/en-de.mqm.domain.score", "talk sysX 7\nnews sysY 8\nnews sysX 9\n");
  put("human-scores/en-de.mqm.seg.rating", "not read\n");
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de");
  const auto* seg = ts.find_human_scores(MtmeLevel::seg, "mqm");
  ASSERT_NE(seg, nullptr);
  ASSERT_EQ(seg->scores.num_systems(), 2u);
  EXPECT_EQ(seg->scores.value(0, 0), -1.0);
  EXPECT_TRUE(meta::is_missing(seg->scores.value(0, 1)));
  EXPECT_EQ(seg->scores.value(1, 0), -0.5);
  EXPECT_TRUE(meta::is_missing(ts.find_human_scores(MtmeLevel::sys, "mqm")->scores.value(1, 0)));
  const auto* doc = ts.find_human_scores(MtmeLevel::doc, "wmt-raw");  // names may contain '-'
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->scores.value(0, 2), 3.0);
  const auto& dom = ts.find_human_scores(MtmeLevel::domain, "mqm")->scores;
  ASSERT_EQ(dom.systems(), (std::vector<std::string>{"sysX", "sysY"}));
  EXPECT_EQ(dom.value(0, 0), 9.0);  // news
  EXPECT_EQ(dom.value(0, 1), 7.0);  // talk
  EXPECT_EQ(dom.value(1, 0), 8.0);
  EXPECT_TRUE(meta::is_missing(dom.value(1, 1)));
  // Not reading them is an option.
  io::MtmeReadOptions no_human;
  no_human.read_human_scores = false;
  EXPECT_TRUE(io::read_mtme_test_set(root(), "en-de", no_human).human_scores.empty());
}

TEST_F(MtmeTestSetRead, ReadsMetricScoresByTheReferenceNamingRules) {
  make_test_set();
  // Basenames may contain '-': the name is split at the last one (data.py ParseMetricName).
  put("metric-scores/en-de/COMET-22-refA.sys.score", "sysX 0.5\nsysY 0.25\n");
  // refA scored against refB: every system needs scores except the references used.
  put("metric-scores/en-de/BLEU-refB.sys.score", "sysX 10\nsysY 20\nrefA 30\n");
  put("metric-scores/en-de/BLEU-refA.refB.sys.score", "sysX 1\nsysY 2\n");
  put("metric-scores/en-de/QE-src.sys.score", "sysX 1\nsysY 2\nrefA 3\n");
  put("metric-scores/en-de/README.txt", "not a score file\n");
  io::MtmeReadOptions options;
  options.read_metric_scores = true;
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de", options);
  const auto* comet = ts.find_metric_scores(MtmeLevel::sys, "COMET-22-refA");
  ASSERT_NE(comet, nullptr);
  EXPECT_EQ(comet->scores.value(1, 0), 0.25);
  EXPECT_TRUE(comet->padded_systems.empty());
  EXPECT_EQ(io::parse_mtme_metric_name("COMET-22-refA").basename, "COMET-22");
  EXPECT_EQ(ts.references_used("BLEU-refA.refB"), (std::vector<std::string>{"refA", "refB"}));
  EXPECT_TRUE(ts.references_used("QE-src").empty());
  EXPECT_EQ(ts.references_used("X-all"), (std::vector<std::string>{"refA", "refB"}));
  EXPECT_NE(ts.find_metric_scores(MtmeLevel::sys, "QE-src"), nullptr);
  EXPECT_EQ(io::make_mtme_metric_name("BLEU", std::vector<std::string>{"refA", "refB"}), "BLEU-refA.refB");
  EXPECT_EQ(io::make_mtme_metric_name("QE", std::vector<std::string>{}), "QE-src");
  EXPECT_THROW(io::make_mtme_metric_name("BLEU", std::vector<std::string>{"ref-A"}), Error);
  EXPECT_THROW(io::parse_mtme_metric_name("BLEU"), Error);
}

TEST_F(MtmeTestSetRead, PadsOrRefusesMetricsThatLackASystem) {
  make_test_set();
  put("metric-scores/en-de/M-refB.seg.score", "sysX 1\nsysX 2\nsysX 3\nsysX 4\nsysX 5\n");
  io::MtmeReadOptions options;
  options.read_metric_scores = true;
  // strict=False (the reference's default): sysY and refA are added with 0 scores.
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de", options);
  const auto* m = ts.find_metric_scores(MtmeLevel::seg, "M-refB");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->padded_systems, (std::vector<std::string>{"refA", "sysY"}));
  EXPECT_EQ(m->scores.value(*m->scores.system_index("sysY"), 4), 0.0);
  options.strict = true;
  EXPECT_NE(error_of(options).find("M-refB.seg.score: no scores for systems refA, sysY"), std::string::npos)
      << error_of(options);
}

TEST_F(MtmeTestSetRead, FilesAllReferencesUnderAllWithThreeOrMore) {
  make_test_set();
  put("references/en-de.refC.txt", "c1\nc2\nc3\nc4\nc5\n");
  put("metric-scores/en-de/BLEU-refC.refA.refB.sys.score", "sysX 1\nsysY 2\n");
  io::MtmeReadOptions options;
  options.read_metric_scores = true;
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de", options);
  // data.py AddMetric: refs == every reference, at least 3 of them -> BASENAME-all.
  EXPECT_NE(ts.find_metric_scores(MtmeLevel::sys, "BLEU-all"), nullptr);
  EXPECT_EQ(ts.find_metric_scores(MtmeLevel::sys, "BLEU-refC.refA.refB"), nullptr);
}

TEST_F(MtmeTestSetRead, ErrorsNameFileAndLine) {
  make_test_set();
  auto expect_error = [&](const std::string& expected, const io::MtmeReadOptions& options = {}) {
    const std::string e = error_of(options);
    EXPECT_NE(e.find(expected), std::string::npos) << "expected '" << expected << "' in: " << e;
  };
  // documents: a line without a document name, a document that comes back, a short file.
  put("documents/en-de.docs", "news d1\nnews\ntalk d2\nnews d3\nnews d3\n");
  expect_error("en-de.docs:2: expected 'DOMAIN DOCNAME', found 1 fields");
  put("documents/en-de.docs", "news d1\nnews d1\ntalk d2\nnews d1\nnews d3\n");
  expect_error("en-de.docs:4: document 'd1' appears again after other documents");
  put("documents/en-de.docs", "news d1\nnews d1\ntalk d1\nnews d3\nnews d3\n");
  expect_error("en-de.docs:3: document 'd1' is in domain 'news'");
  put("documents/en-de.docs", "news d1\nnews d1\n");
  expect_error("en-de.docs: has 2 lines, but the source has 5 segments");
  put("documents/en-de.docs", "news d1\nnews d1\ntalk d2\nnews d3\nnews d3\n");
  // texts of the wrong length: a long file names its first extra line.
  put("system-outputs/en-de/sysY.txt", "y1\ny2\ny3\ny4\ny5\ny6\n");
  expect_error("sysY.txt:6: system output has 6 lines, but the source has 5 segments");
  put("system-outputs/en-de/sysY.txt", "y1\ny2\ny3\ny4\ny5\n");
  put("references/en-de.refB.txt", "b1\n");
  expect_error("en-de.refB.txt: reference has 1 lines, but the source has 5 segments");
  put("references/en-de.refB.txt", "b1\nb2\nb3\nb4\nb5\n");
  put("references/en-de.ref-C.txt", "c1\nc2\nc3\nc4\nc5\n");
  expect_error("invalid reference name 'ref-C'");
  remove("references/en-de.ref-C.txt");
  put("system-outputs/en-de/sysW.tsv", "w\n");
  expect_error("sysW.tsv: unsupported file type");
  remove("system-outputs/en-de/sysW.tsv");
  // human scores: wrong length, unknown system (named on the first line of its block), unknown level.
  put("human-scores/en-de.mqm.seg.score", "sysX 1\nsysX 2\nsysX 3\nsysX 4\n");
  expect_error("en-de.mqm.seg.score:1: system 'sysX' has 4 scores, but the seg level needs 5 (one per segment)");
  put("human-scores/en-de.mqm.doc.score", "sysX 1\nsysX 2\nsysX 3\nnobody 1\nnobody 2\nnobody 3\n");
  remove("human-scores/en-de.mqm.seg.score");
  expect_error("en-de.mqm.doc.score:4: unknown system 'nobody'");
  remove("human-scores/en-de.mqm.doc.score");
  put("human-scores/en-de.mqm.para.score", "sysX 1\n");
  expect_error("en-de.mqm.para.score: unknown level 'para'");
  remove("human-scores/en-de.mqm.para.score");
  put("human-scores/en-de.mqm.sys.score", "sysX 1\nsysY 2 3\n");
  expect_error("en-de.mqm.sys.score:2: expected 'SYSTEM SCORE', found 3 fields");  // a ragged file
  remove("human-scores/en-de.mqm.sys.score");
  put("human-scores/en-de.mqm.domain.score", "news sysX 1\nsport sysX 2\n");
  expect_error("en-de.mqm.domain.score:2: unknown domain 'sport' (known: news, talk)");
  put("human-scores/en-de.mqm.domain.score", "news sysX 1\nnews sysX 2\n");
  expect_error("en-de.mqm.domain.score:2: second score for system 'sysX' in domain 'news' (first on line 1)");
  remove("human-scores/en-de.mqm.domain.score");
  // metric scores: None, a reference that does not exist, a file name without REF, a missing domain.
  io::MtmeReadOptions metrics;
  metrics.read_metric_scores = true;
  put("metric-scores/en-de/M-refA.sys.score", "sysX 1\nsysY None\n");
  expect_error("M-refA.sys.score:2: missing score (None) in a metric score file", metrics);
  put("metric-scores/en-de/M-refA.sys.score", "sysX 1\nsysY 2\n");
  put("metric-scores/en-de/M-refZ.sys.score", "sysX 1\nsysY 2\n");
  expect_error("M-refZ.sys.score: metric 'M-refZ' names reference 'refZ', which is not in references/", metrics);
  remove("metric-scores/en-de/M-refZ.sys.score");
  put("metric-scores/en-de/BLEU.sys.score", "sysX 1\n");
  expect_error("BLEU.sys.score: metric name 'BLEU' is not BASENAME-REF", metrics);
  remove("metric-scores/en-de/BLEU.sys.score");
  put("metric-scores/en-de/M-src.domain.score", "news sysX 1\nnews sysY 2\ntalk sysX 3\nnews refA 1\ntalk refA 1\n");
  expect_error("M-src.domain.score: no score for system 'sysY' in domain 'talk'", metrics);
  remove("metric-scores/en-de/M-src.domain.score");
  put("metric-scores/en-de/M-refA.bad.score", "sysX 1\n");
  expect_error("M-refA.bad.score: not named NAME-REF.LEVEL.score", metrics);
  remove("metric-scores/en-de/M-refA.bad.score");
  EXPECT_EQ(error_of(metrics), "no error");
  // missing pieces
  remove("documents/en-de.docs");
  expect_error("en-de.docs: cannot open");
  remove("sources/en-de.txt");
  expect_error("no source file for en-de (expected sources/en-de.txt or sources/en-de.jsonl)");
  EXPECT_THROW(io::read_mtme_test_set((dir_ / "nowhere").string(), "en-de"), Error);
}

TEST_F(MtmeTestSetRead, WritesMetricScoreFilesThatReadBack) {
  make_test_set();
  meta::ScoreTable seg({"sysX", "sysY", "refA"}, 5);
  meta::ScoreTable domain({"sysX", "sysY", "refA"}, 2);
  for (std::size_t s = 0; s < 3; ++s) {
    for (std::size_t i = 0; i < 5; ++i) seg.set(s, i, 0.1 * static_cast<double>(s * 5 + i) - 0.3);
    domain.set(s, 0, -1.0 * static_cast<double>(s));
    domain.set(s, 1, 1.0 / 3.0);
  }
  const io::MtmeTestSet before = io::read_mtme_test_set(root(), "en-de");
  const auto domains = before.domain_names();
  const std::string seg_path = io::write_mtme_metric_scores(root(), "en-de", "My-Metric-refB", MtmeLevel::seg, seg,
                                                            domains, io::ExistingFile::refuse);
  EXPECT_EQ(seg_path, (dir_ / "metric-scores" / "en-de" / "My-Metric-refB.seg.score").string());
  io::write_mtme_metric_scores(root(), "en-de", "My-Metric-refB", MtmeLevel::domain, domain, domains,
                               io::ExistingFile::refuse);
  EXPECT_EQ(trenchcoat::testing::read_file((dir_ / "metric-scores/en-de/My-Metric-refB.domain.score").string()),
            "news\tsysX\t-0.0\ntalk\tsysX\t0.3333333333333333\nnews\tsysY\t-1.0\ntalk\tsysY\t0.3333333333333333\n"
            "news\trefA\t-2.0\ntalk\trefA\t0.3333333333333333\n");
  io::MtmeReadOptions options;
  options.read_metric_scores = true;
  options.strict = true;
  const io::MtmeTestSet ts = io::read_mtme_test_set(root(), "en-de", options);
  const auto& back = ts.find_metric_scores(MtmeLevel::seg, "My-Metric-refB")->scores;
  EXPECT_EQ(back.values(), seg.values());  // Python's repr reads back exactly
  EXPECT_EQ(ts.find_metric_scores(MtmeLevel::domain, "My-Metric-refB")->scores.values(), domain.values());
  // An existing file is refused (and left as it was) unless overwriting is asked for.
  const std::string before_text = trenchcoat::testing::read_file(seg_path);
  EXPECT_THROW(io::write_mtme_metric_scores(root(), "en-de", "My-Metric-refB", MtmeLevel::seg, domain, domains,
                                            io::ExistingFile::refuse),
               Error);
  EXPECT_EQ(trenchcoat::testing::read_file(seg_path), before_text);
  seg.set(0, 0, 42.0);
  io::write_mtme_metric_scores(root(), "en-de", "My-Metric-refB", MtmeLevel::seg, seg, domains,
                               io::ExistingFile::overwrite);
  EXPECT_EQ(trenchcoat::testing::read_file(seg_path).rfind("sysX\t42.0\n", 0), 0u);
  // Metric files cannot hold missing values; names must be BASENAME-REF.
  seg.set(1, 1, meta::kMissing);
  EXPECT_THROW(
      io::write_mtme_metric_scores(root(), "en-de", "M-refA", MtmeLevel::seg, seg, domains, io::ExistingFile::refuse),
      Error);
  EXPECT_THROW(io::write_mtme_metric_scores(root(), "en-de", "NoRef", MtmeLevel::sys, meta::ScoreTable({"sysX"}, 1),
                                            domains, io::ExistingFile::refuse),
               Error);
}

}  // namespace

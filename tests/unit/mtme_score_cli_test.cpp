// `trenchcoat mtme score` on a tiny mt-metrics-eval test-set directory: the files it writes hold what
// the library's scorers (and `trenchcoat sacrebleu`) give for the same texts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mtme_test_set.hpp"
#include "trenchcoat/metrics/bleu.hpp"
#include "trenchcoat/registry/scorer_registry.hpp"

using namespace trenchcoat;
using io::MtmeLevel;

namespace {

const std::vector<std::string> kRefA = {"Hallo Welt.", "Die Katze saß auf der Matte.", "Ein dritter Satz.",
                                        "Letzte Zeile hier.", "Noch ein Satz zum Schluss."};
const std::vector<std::string> kRefB = {"Hallo Welt!", "Die Katze sitzt auf der Matte.", "Ein weiterer Satz.",
                                        "Die letzte Zeile.", "Ein letzter Satz."};
const std::vector<std::string> kSysX = {"Hallo Welt.", "Die Katze sass auf der Matte.", "Ein drittes Satz.",
                                        "Letzte Zeile.", "Noch ein Satz."};
const std::vector<std::string> kSysY = {"Hallo, Welt.", "Katze saß Matte.", "Dritter Satz.", "Letzte Zeile hier.",
                                        "Zum Schluss ein Satz."};

std::string lines_of(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class MtmeScoreCli : public trenchcoat::testing::TempDirectoryTest {
 protected:
  void SetUp() override {
    TempDirectoryTest::SetUp();
    // Documents d1 (news: 0-1), d2 (talk: 2), d3 (news: 3-4).
    put("ts/sources/en-de.txt", "s1\ns2\ns3\ns4\ns5\n");
    put("ts/documents/en-de.docs", "news d1\nnews d1\ntalk d2\nnews d3\nnews d3\n");
    put("ts/references/en-de.refA.txt", lines_of(kRefA));
    put("ts/references/en-de.refB.txt", lines_of(kRefB));
    put("ts/system-outputs/en-de/refA.txt", lines_of(kRefA));
    put("ts/system-outputs/en-de/sysX.txt", lines_of(kSysX));
    put("ts/system-outputs/en-de/sysY.txt", lines_of(kSysY));
  }
  std::string put(const std::string& relative, const std::string& content) const {
    const auto path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  trenchcoat::testing::CommandResult score(std::vector<std::string> args) const {
    args.insert(args.begin(), {"mtme", "score", "--root", "ts", "--lp", "en-de"});
    return trenchcoat(args);
  }
  io::MtmeTestSet read_back() const {
    io::MtmeReadOptions options;
    options.read_metric_scores = true;
    options.strict = true;  // no padding: every file must cover every system but its references
    return io::read_mtme_test_set((dir_ / "ts").string(), "en-de", options);
  }
  std::filesystem::path metric_dir() const { return dir_ / "ts" / "metric-scores" / "en-de"; }
};

std::vector<scoring::Item> items_of(const std::vector<std::string>& hyps,
                                    const std::vector<const std::vector<std::string>*>& refs, std::size_t begin,
                                    std::size_t end) {
  std::vector<scoring::Item> items;
  for (std::size_t i = begin; i < end; ++i) {
    scoring::Item it;
    it.candidate = hyps[i];
    for (const auto* r : refs) it.references.push_back((*r)[i]);
    items.push_back(it);
  }
  return items;
}

TEST_F(MtmeScoreCli, WritesEveryLevelWithTheLibrarysScores) {
  const auto r = score({"--metric", "bleu,chrf", "--metric", "ter", "--ref", "refA", "--level", "seg,sys,doc,domain"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_NE(r.stdout_text.find("BLEU-refA.seg.score (2 systems x 5 segments; skipped refA: reference used)"),
            std::string::npos)
      << r.stdout_text;
  EXPECT_NE(r.stdout_text.find("TER is lower-is-better"), std::string::npos);
  const io::MtmeTestSet ts = read_back();
  const std::map<std::string, std::vector<std::string>> outputs = {{"sysX", kSysX}, {"sysY", kSysY}};
  for (const auto& [metric, basename] :
       std::vector<std::pair<std::string, std::string>>{{"bleu", "BLEU"}, {"chrf", "chrF"}, {"ter", "TER"}}) {
    SCOPED_TRACE(metric);
    const auto scorer = registry::make_scorer(metric);
    const double sign = metric == "ter" ? -1.0 : 1.0;  // TER is written as -TER
    const auto* seg = ts.find_metric_scores(MtmeLevel::seg, basename + "-refA");
    const auto* sys = ts.find_metric_scores(MtmeLevel::sys, basename + "-refA");
    const auto* doc = ts.find_metric_scores(MtmeLevel::doc, basename + "-refA");
    const auto* dom = ts.find_metric_scores(MtmeLevel::domain, basename + "-refA");
    ASSERT_TRUE(seg && sys && doc && dom);
    EXPECT_EQ(seg->scores.systems(), (std::vector<std::string>{"sysX", "sysY"}));  // refA is the reference
    for (const auto& [name, hyps] : outputs) {
      const std::size_t s = *seg->scores.system_index(name);
      // Expected: the library scorer (sacreBLEU 2.6.0 defaults) on the same texts.
      const auto all = scorer->score(items_of(hyps, {&kRefA}, 0, 5));
      for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(seg->scores.value(s, i), sign * all.item_scores[i]);
      EXPECT_EQ(sys->scores.value(*sys->scores.system_index(name), 0), sign * *all.corpus_score);
      const std::size_t ds = *doc->scores.system_index(name);
      EXPECT_EQ(doc->scores.value(ds, 0), sign * *scorer->score(items_of(hyps, {&kRefA}, 0, 2)).corpus_score);
      EXPECT_EQ(doc->scores.value(ds, 1), sign * *scorer->score(items_of(hyps, {&kRefA}, 2, 3)).corpus_score);
      EXPECT_EQ(doc->scores.value(ds, 2), sign * *scorer->score(items_of(hyps, {&kRefA}, 3, 5)).corpus_score);
      // Domains, sorted by name: news = segments 0, 1, 3, 4 (two ranges); talk = segment 2.
      auto news = items_of(hyps, {&kRefA}, 0, 2);
      const auto tail = items_of(hyps, {&kRefA}, 3, 5);
      news.insert(news.end(), tail.begin(), tail.end());
      const std::size_t ms = *dom->scores.system_index(name);
      EXPECT_EQ(dom->scores.value(ms, 0), sign * *scorer->score(news).corpus_score);
      EXPECT_EQ(dom->scores.value(ms, 1), sign * *scorer->score(items_of(hyps, {&kRefA}, 2, 3)).corpus_score);
    }
  }
}

TEST_F(MtmeScoreCli, SystemScoresMatchTrenchcoatSacrebleu) {
  ASSERT_EQ(score({"--metric", "bleu,ter", "--ref", "refB", "--level", "sys,seg"}).exit_code, 0);
  const io::MtmeTestSet ts = read_back();
  // `trenchcoat sacrebleu REF -i HYP -m METRIC -b -w 12` on the same files: the score alone.
  auto sacrebleu = [&](const std::string& metric) {
    const auto cli = trenchcoat({"sacrebleu", "ts/references/en-de.refB.txt", "-i", "ts/system-outputs/en-de/sysX.txt",
                                 "-m", metric, "-b", "-w", "12"});
    EXPECT_EQ(cli.exit_code, 0) << cli.stderr_text;
    return std::stod(cli.stdout_text);
  };
  const double bleu = sacrebleu("bleu");
  const double ter = sacrebleu("ter");
  const auto& b = ts.find_metric_scores(MtmeLevel::sys, "BLEU-refB")->scores;
  const auto& t = ts.find_metric_scores(MtmeLevel::sys, "TER-refB")->scores;
  EXPECT_NEAR(b.value(*b.system_index("sysX"), 0), bleu, 5e-13);
  EXPECT_NEAR(t.value(*t.system_index("sysX"), 0), -ter, 5e-13);
  // Against refB, the human system refA is scored like any other system.
  EXPECT_EQ(b.systems(), (std::vector<std::string>{"refA", "sysX", "sysY"}));
  // Sentence BLEU: `trenchcoat sacrebleu REF -i HYP -m bleu -sl -b -w 12`.
  const auto sl = trenchcoat({"sacrebleu", "ts/references/en-de.refB.txt", "-i", "ts/system-outputs/en-de/sysY.txt",
                              "-m", "bleu", "-sl", "-b", "-w", "12"});
  ASSERT_EQ(sl.exit_code, 0) << sl.stderr_text;
  const auto& seg = ts.find_metric_scores(MtmeLevel::seg, "BLEU-refB")->scores;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const std::size_t end = sl.stdout_text.find('\n', pos);
    EXPECT_NEAR(seg.value(*seg.system_index("sysY"), i), std::stod(sl.stdout_text.substr(pos, end - pos)), 5e-13) << i;
    pos = end + 1;
  }
}

TEST_F(MtmeScoreCli, SentBleuIsSentenceBleuWithoutEffectiveOrderAveraged) {
  ASSERT_EQ(score({"--metric", "sentBLEU", "--ref", "refA", "--level", "seg,sys"}).exit_code, 0);
  const io::MtmeTestSet ts = read_back();
  const auto& seg = ts.find_metric_scores(MtmeLevel::seg, "sentBLEU-refA")->scores;
  const auto& sys = ts.find_metric_scores(MtmeLevel::sys, "sentBLEU-refA")->scores;
  // Expected: the library's sacreBLEU sentence BLEU with effective_order=False (WMT21 sentBLEU),
  // and its plain mean at system level.
  metrics::BleuOptions options;
  options.effective_order = false;
  const metrics::Bleu bleu(options);
  std::vector<std::string_view> hyps(kSysY.begin(), kSysY.end());
  metrics::SegmentReferences refs;
  for (const auto& r : kRefA) refs.push_back({r});
  const auto expected = metrics::sentence_scores(bleu, hyps, refs);
  const std::size_t s = *seg.system_index("sysY");
  double sum = 0.0;
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(seg.value(s, i), expected[i].score) << i;
    sum += expected[i].score;
  }
  EXPECT_EQ(sys.value(*sys.system_index("sysY"), 0), sum / 5.0);
  // Segment 3 ("Dritter Satz." vs "Ein dritter Satz.") has no matching 3- or 4-gram: without effective
  // order it is smoothed down, unlike `bleu`'s sentence scores.
  const double eff = registry::make_scorer("bleu")->score(items_of(kSysY, {&kRefA}, 2, 3)).item_scores[0];
  EXPECT_LT(seg.value(s, 2), eff);
}

TEST(ScorerRegistry, NamesAreCaseInsensitiveAndOptionsChecked) {
  // The string metrics come first, in this order; later scorers follow.
  const auto names = registry::scorer_names();
  ASSERT_GE(names.size(), 5u);
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 5),
            (std::vector<std::string>{"bleu", "sentbleu", "chrf", "chrf++", "ter"}));
  EXPECT_EQ(registry::find_scorer("ChrF++").display_name, "chrF++");
  EXPECT_EQ(registry::make_scorer("TER")->info().direction, scoring::Direction::lower_is_better);
  EXPECT_NE(registry::make_scorer("bleu", {{"tokenize", "zh"}})->signature().find("tok:zh"), std::string::npos);
  try {
    registry::make_scorer("chrf", {{"tokenize", "zh"}});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("scorer 'chrf' takes no option 'tokenize' (it takes: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(registry::make_scorer("bleurt"), Error);
}

TEST_F(MtmeScoreCli, DefaultsAndMultiReferenceSets) {
  // Default: bleu, chrf, ter against each reference on its own, levels seg and sys.
  const auto r = score({});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  for (const char* name : {"BLEU-refA", "BLEU-refB", "chrF-refA", "chrF-refB", "TER-refA", "TER-refB"})
    for (const char* level : {"seg", "sys"})
      EXPECT_TRUE(std::filesystem::exists(metric_dir() / (std::string(name) + "." + level + ".score")))
          << name << "." << level;
  EXPECT_FALSE(std::filesystem::exists(metric_dir() / "BLEU-refA.doc.score"));
  // NAME,NAME scores against both at once; refA is skipped as a reference used.
  ASSERT_EQ(score({"--metric", "chrf++", "--ref", "refA,refB", "--level", "sys"}).exit_code, 0);
  const io::MtmeTestSet ts = read_back();
  const auto* multi = ts.find_metric_scores(MtmeLevel::sys, "chrF++-refA.refB");
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(multi->scores.systems(), (std::vector<std::string>{"sysX", "sysY"}));
  const auto expected = registry::make_scorer("chrf++")->score(items_of(kSysY, {&kRefA, &kRefB}, 0, 5));
  EXPECT_EQ(multi->scores.value(1, 0), *expected.corpus_score);  // library chrF++ with both references
  EXPECT_EQ(ts.references_used("chrF++-refA.refB"), (std::vector<std::string>{"refA", "refB"}));
}

TEST_F(MtmeScoreCli, RefusesToOverwrite) {
  ASSERT_EQ(score({"--metric", "bleu", "--ref", "refA", "--level", "sys"}).exit_code, 0);
  const auto path = (metric_dir() / "BLEU-refA.sys.score").string();
  put("ts/metric-scores/en-de/BLEU-refA.sys.score", "sysX\t1.0\nsysY\t2.0\n");
  const auto again = score({"--metric", "bleu,chrf", "--ref", "refA", "--level", "sys"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.stderr_text.find(
                "error: ts/metric-scores/en-de/BLEU-refA.sys.score exists; pass --overwrite to replace it\n"),
            std::string::npos)
      << again.stderr_text;
  EXPECT_EQ(trenchcoat::testing::read_file(path), "sysX\t1.0\nsysY\t2.0\n");    // untouched
  EXPECT_FALSE(std::filesystem::exists(metric_dir() / "chrF-refA.sys.score"));  // nothing written at all
  ASSERT_EQ(score({"--metric", "bleu", "--ref", "refA", "--level", "sys", "--overwrite"}).exit_code, 0);
  EXPECT_NE(trenchcoat::testing::read_file(path), "sysX\t1.0\nsysY\t2.0\n");
}

TEST_F(MtmeScoreCli, MissingOutputs) {
  put("ts/system-outputs/en-de/sysY.txt",
      "Hallo.\n[No translation supplied]\nDritter Satz.\nLetzte Zeile hier.\nEnde.\n");
  const auto r = score({"--metric", "bleu", "--ref", "refA"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.stderr_text.find("sysY.txt:2: missing output ([No translation supplied])"), std::string::npos)
      << r.stderr_text;
  const auto empty = score({"--metric", "bleu", "--ref", "refA", "--missing", "empty"});
  ASSERT_EQ(empty.exit_code, 0) << empty.stderr_text;
  EXPECT_NE(empty.stdout_text.find("1 missing outputs were scored as empty strings"), std::string::npos);
  const io::MtmeTestSet ts = read_back();
  const auto& seg = ts.find_metric_scores(MtmeLevel::seg, "BLEU-refA")->scores;
  EXPECT_EQ(seg.value(*seg.system_index("sysY"), 1), 0.0);  // sentence BLEU of an empty output
  // A reference line that is missing cannot be scored against.
  put("ts/references/en-de.refB.txt", "a\nb\n[No translation supplied]\nd\ne\n");
  const auto ref = score({"--metric", "bleu", "--ref", "refB", "--overwrite"});
  EXPECT_EQ(ref.exit_code, 1);
  EXPECT_NE(ref.stderr_text.find("en-de.refB.txt:3: the reference has no text here"), std::string::npos)
      << ref.stderr_text;
}

TEST_F(MtmeScoreCli, BadInputs) {
  const auto metric = score({"--metric", "bertscore"});
  EXPECT_EQ(metric.exit_code, 1);
  EXPECT_NE(metric.stderr_text.find("unknown scorer 'bertscore' (known: bleu, sentbleu, chrf, chrf++, ter"),
            std::string::npos)
      << metric.stderr_text;
  const auto ref = score({"--ref", "refZ"});
  EXPECT_NE(ref.stderr_text.find("unknown reference 'refZ' (known: refA, refB)"), std::string::npos) << ref.stderr_text;
  const auto sys = score({"--systems", "sysX,nobody"});
  EXPECT_NE(sys.stderr_text.find("unknown system 'nobody'"), std::string::npos) << sys.stderr_text;
  const auto level = score({"--level", "seg,para"});
  EXPECT_EQ(level.exit_code, 2);
  EXPECT_NE(level.stderr_text.find("unknown --level 'para'"), std::string::npos);
  const auto lp = trenchcoat({"mtme", "score", "--root", "ts", "--lp", "fr-de"});
  EXPECT_NE(lp.stderr_text.find("no source file for fr-de"), std::string::npos) << lp.stderr_text;
  put("ts/system-outputs/en-de/sysY.txt", "only one line\n");
  const auto ragged = score({});
  EXPECT_NE(ragged.stderr_text.find("sysY.txt: system output has 1 lines, but the source has 5 segments"),
            std::string::npos)
      << ragged.stderr_text;
  EXPECT_EQ(trenchcoat({"mtme", "score", "--lp", "en-de"}).exit_code, 2);  // --root is required
  EXPECT_FALSE(std::filesystem::exists(metric_dir()));                     // nothing was written by any of these
  EXPECT_EQ(trenchcoat({"mtme", "nope"}).exit_code, 2);
}

TEST_F(MtmeScoreCli, OnlySomeSystemsAndHelp) {
  ASSERT_EQ(score({"--metric", "bleu", "--ref", "refB", "--systems", "sysY", "--level", "sys"}).exit_code, 0);
  io::MtmeReadOptions options;
  options.read_metric_scores = true;  // not strict: the systems left out are padded on reading
  const auto ts = io::read_mtme_test_set((dir_ / "ts").string(), "en-de", options);
  EXPECT_EQ(ts.find_metric_scores(MtmeLevel::sys, "BLEU-refB")->padded_systems,
            (std::vector<std::string>{"refA", "sysX"}));
  const auto help = trenchcoat({"mtme", "score", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.stdout_text.find("DIR/system-outputs/LP/SYS.txt"), std::string::npos);
  EXPECT_NE(help.stdout_text.find("-TER"), std::string::npos);
  EXPECT_EQ(trenchcoat({"mtme", "--help"}).exit_code, 0);
}

}  // namespace

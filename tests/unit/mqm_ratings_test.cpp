// Google MQM ratings: the error weights, rebuilding segment scores and texts from the error-level TSV,
// the avg_seg_scores reader, system scores, and the errors of bad files. Small inline files; the real
// TED files are checked in tests/shared_data/ted_mqm_conformance_test.cpp.
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.hpp"
#include "trenchcoat/error.hpp"
#include "trenchcoat/io/mqm_ratings.hpp"

using namespace trenchcoat;

namespace {

constexpr const char* kHeader = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\tcomment\n";

class MqmRatings : public trenchcoat::testing::TempDirectoryTest {
 protected:
  // The message of the error reading `content` raises.
  std::string ratings_error(const std::string& content) {
    const std::string path = write("bad.tsv", content);
    try {
      io::read_mqm_ratings(path);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }
  std::string scores_error(const std::string& content) {
    const std::string path = write("bad.avg_seg_scores.tsv", content);
    try {
      io::read_mqm_avg_seg_scores(path);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST(MqmErrorWeight, FollowsTheVerifiedWeighting) {
  // Summing these weights reproduces the ted avg_seg_scores files; mt-metrics-eval converters/score_mqm.py
  // default --weights "Major:5 Minor:1 Neutral:0 Major/Non-translation!:25 Minor/Fluency/Punctuation:0.1".
  EXPECT_EQ(io::mqm_error_weight("Major", "Accuracy/Mistranslation"), 5.0);
  EXPECT_EQ(io::mqm_error_weight("Minor", "Accuracy/Mistranslation"), 1.0);
  EXPECT_EQ(io::mqm_error_weight("Minor", "Fluency/Punctuation"), 0.1);
  EXPECT_EQ(io::mqm_error_weight("Major", "Fluency/Punctuation"), 5.0);  // only Minor punctuation is cheap
  EXPECT_EQ(io::mqm_error_weight("Major", "Non-translation!"), 25.0);
  EXPECT_EQ(io::mqm_error_weight("Major", "Non-translation"), 25.0);
  EXPECT_EQ(io::mqm_error_weight("Minor", "Non-translation!"), 1.0);  // score_mqm.py: Minor/non-translation! -> minor
  EXPECT_EQ(io::mqm_error_weight("No-error", "No-error"), 0.0);
  EXPECT_EQ(io::mqm_error_weight("Neutral", "Style/Awkward"), 0.0);
  EXPECT_EQ(io::mqm_error_weight("Major", "Source error"), 5.0);                 // source errors count like any other
  EXPECT_EQ(io::mqm_error_weight("minor", "fluency/PUNCTUATION"), 0.1);          // score_mqm.py lowercases
  EXPECT_EQ(io::mqm_error_weight("Minor", "Fluency/Punctuation/Spacing"), 0.1);  // most specific prefix
  EXPECT_EQ(io::mqm_error_weight("Minor", "Fluency/Punctuations"), 1.0);
  EXPECT_EQ(io::mqm_error_weight("Critical", "Accuracy/Mistranslation"), std::nullopt);
  EXPECT_EQ(io::mqm_error_weight("", "Accuracy/Mistranslation"), std::nullopt);
  EXPECT_EQ(io::mqm_error_weight("Major", "No-error"), std::nullopt);
}

TEST(MqmSpanMarks, AreRemoved) {
  EXPECT_EQ(io::strip_mqm_span_marks("Ich <v>möchte</v> Sie"), "Ich möchte Sie");
  EXPECT_EQ(io::strip_mqm_span_marks("<v></v>"), "");
  EXPECT_EQ(io::strip_mqm_span_marks("a <v> b"), "a  b");
  EXPECT_EQ(io::strip_mqm_span_marks("<b>x</b> \"quoted\""), "<b>x</b> \"quoted\"");
}

TEST_F(MqmRatings, RebuildsScoresAndTextsPerSystemAndSegment) {
  const std::string tsv =
      std::string(kHeader) +
      // zsys, segment 10: two errors by one rater -> 5 + 0.1
      "zsys\ttalk.1\t2\t10\trater1\tSrc <v>ten</v>\tZ <v>ten</v>.\tAccuracy/Mistranslation\tMajor\t\n"
      "zsys\ttalk.1\t2\t10\trater1\tSrc ten\tZ ten<v>.</v>\tFluency/Punctuation\tMinor\tcomment\n"
      // zsys, segment 2: error free
      "zsys\ttalk.1\t1\t2\trater1\t\"Two\"\t\"Zwei\"\tNo-error\tNo-error\t\n"
      // asys, segment 2: Non-translation
      "asys\ttalk.1\t1\t2\trater2\t\"Two\"\t<v>xx</v>\tNon-translation!\tMajor\t\n"
      // asys, segment 10: two raters, 1 and 5 + 5 -> mean 5.5
      "asys\ttalk.1\t2\t10\trater1\tSrc ten\tA ten\tStyle/Awkward\tMinor\t\n"
      "asys\ttalk.1\t2\t10\trater3\tSrc ten\tA <v>ten</v>\tAccuracy/Omission\tMajor\t\n"
      "asys\ttalk.1\t2\t10\trater3\tSrc ten\t<v>A</v> ten\tTerminology/Inappropriate for context\tMajor\t\n"
      "\n"
      // msys, segment 3 only (msys is unrated on 2 and 10; zsys and asys are unrated on 3)
      "msys\ttalk.2\t1\t3\trater1\tThree\tDrei\tNeutral\tNeutral\n";
  const auto r = io::read_mqm_ratings(write("ratings.tsv", tsv));
  ASSERT_EQ(r.systems(), (std::vector<std::string>{"asys", "msys", "zsys"}));  // sorted
  ASSERT_EQ(r.segment_ids, (std::vector<std::int64_t>{2, 3, 10}));             // numeric order
  EXPECT_EQ(r.sources, (std::vector<std::string>{"\"Two\"", "Three", "Src ten"}));
  // Negative MQM, summed in file order (5 + 0.1 in double).
  EXPECT_EQ(r.scores.value(0, 0), -25.0);
  EXPECT_TRUE(meta::is_missing(r.scores.value(0, 1)));
  EXPECT_EQ(r.scores.value(0, 2), -5.5);
  EXPECT_EQ(r.scores.value(1, 1), 0.0);
  EXPECT_TRUE(meta::is_missing(r.scores.value(1, 0)));
  EXPECT_EQ(r.scores.value(2, 0), 0.0);
  EXPECT_EQ(r.scores.value(2, 2), -(5.0 + 0.1));
  EXPECT_EQ(r.outputs("asys"), (std::vector<std::string_view>{"xx", "", "A ten"}));
  EXPECT_EQ(r.outputs("zsys"), (std::vector<std::string_view>{"\"Zwei\"", "", "Z ten."}));
  EXPECT_EQ(r.outputs(1), (std::vector<std::string_view>{"", "Drei", ""}));
  EXPECT_THROW(r.outputs("nobody"), Error);

  const auto sys = io::mqm_system_scores(r.scores);
  ASSERT_EQ(sys.num_items(), 1u);
  EXPECT_EQ(sys.value(0, 0), (-25.0 + -5.5) / 2);  // mean over the rated segments only
  EXPECT_EQ(sys.value(1, 0), 0.0);
  EXPECT_EQ(sys.value(2, 0), (0.0 + -(5.0 + 0.1)) / 2);
}

TEST_F(MqmRatings, FindsColumnsByNameAndAcceptsCrlfAndNoCommentColumn) {
  // The zh-en TED file has no comment column; column order is taken from the header.
  const std::string tsv =
      "seg_id\tsystem\trater\ttarget\tsource\tseverity\tcategory\r\n"
      "7\tS\tr\tT <v>x</v>\tsrc\tMinor\tFluency/Spelling\r\n";
  const auto r = io::read_mqm_ratings(write("ratings.tsv", tsv));
  ASSERT_EQ(r.systems(), (std::vector<std::string>{"S"}));
  EXPECT_EQ(r.segment_ids, (std::vector<std::int64_t>{7}));
  EXPECT_EQ(r.scores.value(0, 0), -1.0);
  EXPECT_EQ(r.targets[0][0], "T x");
  EXPECT_EQ(r.sources[0], "src");
}

TEST_F(MqmRatings, RatingErrorsNameFileAndLine) {
  const std::string row = "S\td\t1\t1\tr\tsrc\ttgt\tStyle/Awkward\tMinor\t\n";
  EXPECT_NE(ratings_error("system\tseg_id\trater\tsource\ttarget\tcategory\n").find(":1: missing column 'severity'"),
            std::string::npos);
  EXPECT_NE(ratings_error(std::string(kHeader) + row + "S\td\t1\t2\tr\tsrc\n").find("bad.tsv:3: expected at least 9"),
            std::string::npos);
  EXPECT_NE(ratings_error(std::string(kHeader) + "S\td\t1\tx1\tr\tsrc\ttgt\tStyle/Awkward\tMinor\t\n")
                .find("bad.tsv:2: seg_id 'x1' is not a non-negative integer"),
            std::string::npos);
  EXPECT_NE(
      ratings_error(std::string(kHeader) + "S\td\t1\t-1\tr\tsrc\ttgt\tStyle/Awkward\tMinor\t\n").find(":2: seg_id"),
      std::string::npos);
  EXPECT_NE(ratings_error(std::string(kHeader) + "S\td\t1\t1\tr\tsrc\ttgt\tStyle/Awkward\tCritical\t\n")
                .find("bad.tsv:2: unknown MQM severity 'Critical'"),
            std::string::npos);
  EXPECT_NE(ratings_error(std::string(kHeader) + "S\td\t1\t1\tr\tsrc\ttgt\tNo-error\tMajor\t\n")
                .find(":2: unknown MQM severity"),
            std::string::npos);
  EXPECT_NE(
      ratings_error(std::string(kHeader) + "\td\t1\t1\tr\tsrc\ttgt\tStyle/Awkward\tMinor\t\n").find(":2: empty system"),
      std::string::npos);
  // Same (system, segment), different target after removing the span marks.
  EXPECT_NE(ratings_error(std::string(kHeader) + row + "S\td\t1\t1\tr\tsrc\t<v>tgt</v>!\tStyle/Awkward\tMinor\t\n")
                .find("bad.tsv:3: the target of system 'S' on segment 1 differs from line 2"),
            std::string::npos);
  // Same segment, another system, different source.
  EXPECT_NE(ratings_error(std::string(kHeader) + row + "T\td\t1\t1\tr\tsrc2\ttgt\tStyle/Awkward\tMinor\t\n")
                .find("bad.tsv:3: the source of segment 1 differs from line 2"),
            std::string::npos);
  // Span marks alone do not make a difference.
  EXPECT_EQ(
      ratings_error(std::string(kHeader) + row + "S\td\t1\t1\tr\t<v>src</v>\t<v>tgt</v>\tStyle/Awkward\tMinor\t\n"),
      "no error");
  EXPECT_NE(ratings_error("").find("bad.tsv: empty file"), std::string::npos);
  EXPECT_THROW(io::read_mqm_ratings((dir_ / "absent.tsv").string()), Error);
}

TEST_F(MqmRatings, ReadsAvgSegScores) {
  // The layout of ted/*/mqm_ted_*.avg_seg_scores.tsv: a tab after the system, a space before seg_id.
  const std::string text =
      "system mqm_avg_score seg_id\n"
      "b\t-1.000000 2\n"
      "b\t-0.100000 10\n"
      "b\tNone 1\n"
      "a -0.000000 10\n"
      "\n"
      "a\t-25.5 1\n";
  const auto r = io::read_mqm_avg_seg_scores(write("x.avg_seg_scores.tsv", text));
  ASSERT_EQ(r.scores.systems(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r.segment_ids, (std::vector<std::int64_t>{1, 2, 10}));
  EXPECT_EQ(r.scores.value(0, 0), -25.5);
  EXPECT_TRUE(meta::is_missing(r.scores.value(0, 1)));  // no row
  EXPECT_EQ(r.scores.value(0, 2), 0.0);
  EXPECT_TRUE(meta::is_missing(r.scores.value(1, 0)));  // None
  EXPECT_EQ(r.scores.value(1, 1), -1.0);
  EXPECT_EQ(r.scores.value(1, 2), -0.1);
  const auto sys = io::mqm_system_scores(r.scores);
  EXPECT_EQ(sys.value(0, 0), -25.5 / 2);
  EXPECT_EQ(sys.value(1, 0), (-1.0 + -0.1) / 2);

  const auto none = io::mqm_system_scores(meta::ScoreTable({"x"}, 2));  // every value missing
  EXPECT_TRUE(meta::is_missing(none.value(0, 0)));
}

TEST_F(MqmRatings, AvgSegScoreErrorsNameFileAndLine) {
  const std::string header = "system mqm_avg_score seg_id\n";
  EXPECT_NE(scores_error("system score seg_id\n").find(":1: expected the header"), std::string::npos);
  EXPECT_NE(
      scores_error(header + "a -1 1\na -1\n").find("bad.avg_seg_scores.tsv:3: expected 'SYSTEM SCORE SEG_ID', found 2"),
      std::string::npos);
  EXPECT_NE(scores_error(header + "a -1x 1\n").find(":2: score '-1x' is neither a finite number nor None"),
            std::string::npos);
  EXPECT_NE(scores_error(header + "a nan 1\n").find(":2: score 'nan'"), std::string::npos);
  EXPECT_NE(scores_error(header + "a -1 1.5\n").find(":2: seg_id '1.5'"), std::string::npos);
  EXPECT_NE(scores_error(header + "a -1 1\nb 0 1\na None 1\n")
                .find(":4: system 'a' has a second score for segment 1 (first on line 2)"),
            std::string::npos);
  EXPECT_NE(scores_error("").find(": empty file"), std::string::npos);
}

}  // namespace

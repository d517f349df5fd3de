// The progress line of long runs (cli/progress_display.hpp): counts, rate and ETA from done, total and
// the elapsed time. Values are hand computations.
#include "progress_display.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace {

using trenchcoat::cli::progress_line;

TEST(ProgressLine, CountsRateAndTimeLeft) {
  // 60 of 200 in 5 s: 12 items/s; 140 left at that rate: 11.67 s, shown whole from 10 s on; 30 * 60/200 = 9 marks.
  EXPECT_EQ(progress_line("judge", 60, 200, 5.0),
            "judge [#########.....................] 60/200 items, 12.0 items/s, ETA 12 s");
  // 3 of 4 in 1.5 s: 2 items/s, 0.5 s left; 22.5 marks, 22 drawn.
  EXPECT_EQ(progress_line("cmd", 3, 4, 1.5), "cmd [######################........] 3/4 items, 2.0 items/s, ETA 0.5 s");
  // Nothing done yet: no rate, no ETA.
  EXPECT_EQ(progress_line("permutations", 0, 3000, 0.7, "resamples"),
            "permutations [..............................] 0/3000 resamples, 0.0 resamples/s, ETA ?");
  // Done: a full bar and nothing left.
  EXPECT_EQ(progress_line("bleu", 10, 10, 2.0),
            "bleu [##############################] 10/10 items, 5.0 items/s, ETA 0.0 s");
}

TEST(ProgressDisplay, DisabledDrawsNothingAndStopsCleanly) {
  testing::internal::CaptureStderr();
  {
    trenchcoat::cli::ProgressDisplay display(false);
    display.start("judge", 10);
    display.add(4);
    display.finish();
    display.start("judge", 10);  // destroyed while started
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

// Enabled, the line is drawn at the start and redrawn by the timer every second, with the count the
// work has reached meanwhile, and cleared at the end.
TEST(ProgressDisplay, RedrawsEverySecond) {
  testing::internal::CaptureStderr();
  {
    trenchcoat::cli::ProgressDisplay display(true);
    display.start("judge", 10);
    display.add(4);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  }
  const std::string drawn = testing::internal::GetCapturedStderr();
  EXPECT_NE(drawn.find("\r\033[Kjudge [..............................] 0/10 items"), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("\r\033[Kjudge [############..................] 4/10 items"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.substr(drawn.size() - 4), "\r\033[K");
}

}  // namespace

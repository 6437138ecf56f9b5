#include "msfit/core/strength_math.hpp"

#include <gtest/gtest.h>

namespace msfit::core {
namespace {

TEST(StrengthMath, EpleyAndBrzyckiAgreeAtTenReps) {
  EXPECT_NEAR(epley_one_rm(75, 10), 100.0, 1e-9);
  EXPECT_NEAR(brzycki_one_rm(75, 10), 100.0, 1e-9);
  EXPECT_NEAR(epley_one_rm(100, 5), 116.6667, 1e-3);
  EXPECT_NEAR(brzycki_one_rm(100, 5), 112.5, 1e-9);
}

TEST(StrengthMath, MaxRepsAtPercentFollowsTheLargerPrediction) {
  const struct {
    int pct;
    int reps;
  } cases[] = {{50, 30}, {60, 20}, {70, 12}, {75, 10}, {80, 8}, {85, 6}, {100, 1}};
  for (const auto& c : cases) {
    EXPECT_EQ(max_reps_at_percent(c.pct), c.reps) << c.pct << " %";
  }
}

TEST(StrengthMath, RoundsLoadsDownToTheIncrement) {
  const struct {
    double load;
    double step;
    double expected;
  } cases[] = {{47.9, 2.5, 47.5}, {50.0, 2.5, 50.0},  {49.99, 5, 45}, {3.9, 2, 2},
               {1.9, 2, 0},       {31.2, 1.25, 30.0}, {20.0, 4, 20}};
  for (const auto& c : cases) {
    EXPECT_DOUBLE_EQ(round_down_to_increment(c.load, c.step), c.expected)
        << c.load << " by " << c.step;
  }
}

TEST(StrengthMath, KarvonenTargetsFromHeartRateReserve) {
  const auto bpm = karvonen_bpm(60, 180, {40, 59});
  EXPECT_EQ(bpm[0], 108);  // 60 + 0.40 * 120
  EXPECT_EQ(bpm[1], 131);  // 60 + 0.59 * 120 = 130.8
}

}  // namespace
}  // namespace msfit::core

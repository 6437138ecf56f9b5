// The staircase of the cognitive exercises (three right answers in a row: harder; a wrong one:
// easier) and the scoring of a session's answers.

#include "msfit/core/cognitive.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace msfit::core::cognitive {
namespace {

Staircase after(Staircase s, const std::vector<bool>& answers, const StaircaseRule& rule = {}) {
  for (bool right : answers) {
    s = step(s, right, rule);
  }
  return s;
}

TEST(Staircase, ThreeRightAnswersInARowMakeItOneLevelHarder) {
  const Staircase s = start_at(5);
  EXPECT_EQ(after(s, {true, true}).level, 5);
  EXPECT_EQ(after(s, {true, true, true}).level, 6);
  EXPECT_EQ(after(s, {true, true, true, true, true, true}).level, 7);
  // A wrong answer in between starts the count again.
  EXPECT_EQ(after(s, {true, true, false, true, true}).level, 4);
}

TEST(Staircase, EachWrongAnswerMakesItOneLevelEasier) {
  EXPECT_EQ(after(start_at(5), {false}).level, 4);
  EXPECT_EQ(after(start_at(5), {false, false, false}).level, 2);
}

TEST(Staircase, StaysWithinTheRulesLevels) {
  const StaircaseRule rule{1, 4, 3};
  EXPECT_EQ(start_at(0, rule).level, 1);
  EXPECT_EQ(start_at(9, rule).level, 4);
  EXPECT_EQ(after(start_at(1, rule), {false, false}, rule).level, 1);
  EXPECT_EQ(after(start_at(4, rule), std::vector<bool>(9, true), rule).level, 4);
  // A move the bounds forbid is no move: the way down after it is no reversal.
  const Staircase down = after(start_at(4, rule), {true, true, true, false}, rule);
  EXPECT_EQ(down.level, 3);
  EXPECT_EQ(down.reversals, 0);
  EXPECT_EQ(down.last_move, -1);
}

TEST(Staircase, CountsEachChangeOfDirection) {
  // Up, then down (1), then up again (2).
  const Staircase s = after(start_at(5), {true, true, true, false, true, true, true});
  EXPECT_EQ(s.level, 6);
  EXPECT_EQ(s.reversals, 2);
  EXPECT_EQ(s.last_move, +1);
}

TEST(Staircase, TheNextSessionStartsOneLevelBelowWhereTheLastEnded) {
  EXPECT_EQ(next_start(start_at(7)), 6);
  EXPECT_EQ(next_start(start_at(1)), 1);
}

// Whatever a person's ability, three down and one up hold them near 79 % right answers: a
// simulated person whose chance of a right answer falls with the level, over many answers.
TEST(Staircase, SettlesWhereAboutFourAnswersInFiveAreRight) {
  for (const double ability : {4.0, 9.0, 14.0}) {
    std::mt19937 random(42);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Staircase s = start_at(1);
    int answers = 0;
    int right = 0;
    for (int i = 0; i < 20000; ++i) {
      const double p = 1.0 / (1.0 + std::exp((s.level - ability) / 1.5));
      const bool ok = uniform(random) < p;
      if (s.reversals >= 10) {
        ++answers;
        right += ok ? 1 : 0;
      }
      s = step(s, ok);
    }
    const double accuracy = static_cast<double>(right) / answers;
    EXPECT_NEAR(accuracy, 0.79, 0.04) << "ability " << ability;
  }
}

TEST(SessionScore, ReplaysTheStaircaseOverTheAnswers) {
  const std::vector<Answer> answers = {{true, 900},  {true, 1100}, {true, 1000},
                                       {false, 700}, {true, 800},  {true, std::nullopt}};
  const SessionScore s = score_session(answers, 3);
  EXPECT_EQ(s.answers, 6);
  EXPECT_EQ(s.right, 5);
  EXPECT_NEAR(s.accuracy, 5.0 / 6.0, 1e-9);
  EXPECT_EQ(s.start_level, 3);
  EXPECT_EQ(s.highest_level, 4);
  EXPECT_EQ(s.end_level, 3);
  EXPECT_EQ(s.reversals, 1);
  // The timed right answers: 800, 900, 1000, 1100.
  ASSERT_TRUE(s.median_right_ms);
  EXPECT_EQ(*s.median_right_ms, 1000);
  EXPECT_EQ(next_start(s.staircase), 2);
}

TEST(SessionScore, WithoutTimesOrAnswers) {
  const std::vector<Answer> untimed = {{true, std::nullopt}, {false, std::nullopt}};
  EXPECT_FALSE(score_session(untimed, 2).median_right_ms);
  const SessionScore none = score_session({}, 2);
  EXPECT_EQ(none.answers, 0);
  EXPECT_EQ(none.accuracy, 0.0);
  EXPECT_EQ(none.end_level, 2);
}

}  // namespace
}  // namespace msfit::core::cognitive

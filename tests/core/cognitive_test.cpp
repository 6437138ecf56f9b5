// The staircase of the cognitive exercises (three right answers in a row: harder; a wrong one:
// easier) and the scoring of a session's answers.

#include "msfit/core/cognitive.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "profile_generator.hpp"
#include "reference.hpp"

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

// --- records ---------------------------------------------------------------------------------

const Date kDay = Date{std::chrono::days{20790}};  // 2026-12-03

TEST(Record, IsScoredFromTheAnswersNotTakenFromTheClient) {
  const std::vector<Answer> answers = {{true, 900}, {true, 800}, {true, 700}, {false, 1500}};
  const auto r = make_record(kDay, Task::Speed, false, 8, 2, answers);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->start_level, 2);
  EXPECT_EQ(r->highest_level, 3);
  EXPECT_EQ(r->end_level, 2);
  EXPECT_EQ(r->answers, 4);
  EXPECT_EQ(r->right, 3);
  EXPECT_EQ(r->median_right_ms, 800);
}

TEST(Record, RefusesWhatNoBlockCanBeAndNamesTheField) {
  const std::vector<Answer> one = {{true, std::nullopt}};
  const auto field = [](const Result<Record>& r) {
    return r ? std::string("ok") : r.error().field;
  };
  EXPECT_EQ(field(make_record(kDay, Task::Span, true, 5, 0, one)), "start_level");
  EXPECT_EQ(field(make_record(kDay, Task::Span, true, 5, 10, one)), "start_level");
  EXPECT_EQ(field(make_record(kDay, Task::Story, true, 5, 7, one)), "start_level");
  EXPECT_EQ(field(make_record(kDay, Task::Speed, true, 5, 20, one)), "ok");
  EXPECT_EQ(field(make_record(kDay, Task::Speed, true, 0, 1, one)), "minutes");
  EXPECT_EQ(field(make_record(kDay, Task::Speed, true, 61, 1, one)), "minutes");
  EXPECT_EQ(field(make_record(kDay, Task::Speed, true, 5, 1, {})), "answers");
  EXPECT_EQ(field(make_record(kDay, Task::Speed, true, 5, 1,
                              std::vector<Answer>(kMaxAnswers + 1, Answer{true, {}}))),
            "answers");
  const std::vector<Answer> timed = {{true, std::nullopt}, {false, 1200}};
  EXPECT_EQ(field(make_record(kDay, Task::Search, true, 5, 1, timed)), "answers[1].ms");
  EXPECT_EQ(field(make_record(kDay, Task::Search, false, 5, 1, timed)), "ok");
  const std::vector<Answer> zero = {{true, 0}};
  EXPECT_EQ(field(make_record(kDay, Task::Search, false, 5, 1, zero)), "answers[0].ms");
}

// --- schedule --------------------------------------------------------------------------------

using testing::ProfileBuilder;
using testing::reference_data;

Profile base() {
  return ProfileBuilder()
      .days(EnumSet<Weekday>{Weekday::Mon, Weekday::Wed, Weekday::Fri})
      .start(kDay)
      .weeks(12)
      .build();
}

Plan plan_for(const Profile& p) {
  auto plan = generate_plan(p, reference_data());
  EXPECT_TRUE(plan) << plan.error().message;
  return std::move(*plan);
}

TEST(CognitiveSchedule, BuildsUpOverFourWeeksAndStartsWithTheMemoryStrategy) {
  const Profile p = base();
  EXPECT_EQ(dose_for_week(p, 1).sessions, 3);
  EXPECT_EQ(dose_for_week(p, 1).minutes, 15);
  EXPECT_EQ(dose_for_week(p, 3).sessions, 4);
  EXPECT_EQ(dose_for_week(p, 3).minutes, 20);
  EXPECT_EQ(dose_for_week(p, 5).sessions, 5);
  EXPECT_EQ(dose_for_week(p, 5).minutes, 30);
  const Plan plan = plan_for(p);
  ASSERT_FALSE(plan.cognitive.empty());
  const auto& first = plan.cognitive.front();
  EXPECT_EQ(first.week, 1);
  EXPECT_EQ(first.tasks.front(), Task::Story);
  EXPECT_EQ(first.rule, "cognitive.memory_strategy");
  // Week 1 falls on the days without an exercise session.
  for (const auto& s : plan.cognitive) {
    if (s.week == 1) {
      for (const auto& physical : plan.sessions) {
        EXPECT_NE(physical.date, s.date);
      }
      EXPECT_NE(s.paired, nullptr);
    }
  }
}

TEST(CognitiveSchedule, IsGentlerAfterARecentRelapseAndWithProgressiveMs) {
  Profile relapse = base();
  relapse.last_relapse = kDay - std::chrono::days{10};
  EXPECT_EQ(dose_for_week(relapse, 1).sessions, 2);
  EXPECT_EQ(dose_for_week(relapse, 1).minutes, 10);
  EXPECT_EQ(dose_for_week(relapse, 8).minutes, 20);
  Profile progressive = base();
  progressive.ms_type = MsType::Spms;
  EXPECT_EQ(dose_for_week(progressive, 1).minutes, 15);
  EXPECT_EQ(dose_for_week(progressive, 12).sessions, 4);
  EXPECT_EQ(dose_for_week(progressive, 12).minutes, 20);
}

TEST(CognitiveSchedule, NoneForAPersonWhoOptedOut) {
  Profile p = base();
  p.cognitive_training = false;
  EXPECT_TRUE(plan_for(p).cognitive.empty());
}

// --- today -----------------------------------------------------------------------------------

CheckIn tired(Date day, int fatigue) {
  CheckIn c;
  c.date = day;
  c.fatigue = fatigue;
  return c;
}

struct Fixture {
  Profile profile = base();
  Plan plan = plan_for(profile);
  const CognitiveSession& first() const { return plan.cognitive.front(); }
  TodayInput on(Date day) const {
    TodayInput in;
    in.today = day;
    return in;
  }
};

TEST(CognitiveToday, AsPlannedStartsEachTaskOneLevelBelowWhereItEnded) {
  const Fixture f;
  TodayInput in = f.on(f.first().date);
  Record last;
  last.task = f.first().tasks.back();
  last.end_level = 5;
  in.last_blocks.emplace(last.task, last);
  const Today t = adapt_today(f.plan, f.profile, in);
  EXPECT_EQ(t.status, TodayStatus::Planned);
  EXPECT_EQ(t.minutes, f.first().minutes);
  ASSERT_EQ(t.tasks.size(), f.first().tasks.size());
  EXPECT_EQ(t.tasks.front().start_level, 1);
  EXPECT_EQ(t.tasks.back().start_level, 4);
  int minutes = 0;
  for (const auto& task : t.tasks) {
    minutes += task.minutes;
  }
  EXPECT_EQ(minutes, t.minutes);
  ASSERT_TRUE(t.next);
  EXPECT_GT(*t.next, f.first().date);
}

TEST(CognitiveToday, TirednessShortensOrMovesTheSession) {
  const Fixture f;
  TodayInput in = f.on(f.first().date);
  in.check_in = tired(in.today, 5);
  const Today shorter = adapt_today(f.plan, f.profile, in);
  EXPECT_EQ(shorter.status, TodayStatus::Shorter);
  EXPECT_LT(shorter.minutes, f.first().minutes);
  EXPECT_GE(shorter.minutes, 10);
  EXPECT_EQ(shorter.tasks.size(), f.first().tasks.size() - 1);
  ASSERT_FALSE(shorter.reasons.empty());
  EXPECT_EQ(shorter.reasons.front().rule, "cognitive.fatigue");

  in.check_in = tired(in.today, 8);
  const Today moved = adapt_today(f.plan, f.profile, in);
  EXPECT_EQ(moved.status, TodayStatus::Moved);
  EXPECT_TRUE(moved.tasks.empty());

  // The next day, with no session of its own, takes it, unless it was done after all.
  TodayInput next = f.on(f.first().date + std::chrono::days{1});
  next.yesterday_check_in = tired(f.first().date, 8);
  const Today moved_in = adapt_today(f.plan, f.profile, next);
  EXPECT_EQ(moved_in.status, TodayStatus::MovedIn);
  EXPECT_EQ(moved_in.tasks.size(), f.first().tasks.size());
  next.logged_yesterday = true;
  EXPECT_EQ(adapt_today(f.plan, f.profile, next).status, TodayStatus::Rest);
  // Still as tired: left out, not carried again.
  next.logged_yesterday = false;
  next.check_in = tired(next.today, 9);
  const Today dropped = adapt_today(f.plan, f.profile, next);
  EXPECT_EQ(dropped.status, TodayStatus::Moved);
  EXPECT_TRUE(dropped.tasks.empty());
}

TEST(CognitiveToday, ATiringLastSessionShortensTheNextAndStartsItEasier) {
  const Fixture f;
  TodayInput in = f.on(f.first().date);
  Record last;
  last.task = f.first().tasks.front();
  last.end_level = 4;
  in.last_blocks.emplace(last.task, last);
  in.last_rating = FatigueRating{f.first().date - std::chrono::days{2}, 8};
  const Today t = adapt_today(f.plan, f.profile, in);
  EXPECT_EQ(t.status, TodayStatus::Shorter);
  ASSERT_FALSE(t.tasks.empty());
  EXPECT_EQ(t.tasks.front().start_level, 2);
  // A rating older than a week no longer counts.
  in.last_rating = FatigueRating{f.first().date - std::chrono::days{9}, 8};
  EXPECT_EQ(adapt_today(f.plan, f.profile, in).status, TodayStatus::Planned);
}

TEST(CognitiveToday, WaitsDuringARelapseAndStopsWithARedFlag) {
  const Fixture f;
  TodayInput in = f.on(f.first().date);
  in.paused = true;
  const Today paused = adapt_today(f.plan, f.profile, in);
  EXPECT_EQ(paused.status, TodayStatus::Paused);
  EXPECT_TRUE(paused.tasks.empty());
  EXPECT_EQ(paused.reasons.front().rule, "cognitive.holds");
  in.paused = false;
  in.stopped = true;
  EXPECT_EQ(adapt_today(f.plan, f.profile, in).status, TodayStatus::Stopped);
}

// Property: whatever the day and the inputs, today never asks for more than the plan, never
// anything on a stopped, paused or very tired day, and every level is one of the task's.
TEST(CognitiveTodayProperty, NeverMoreThanPlannedNeverOnAHoldLevelsInRange) {
  const auto& data = reference_data();
  testing::ProfileGenerator generator(data, 20261203);
  std::mt19937 rng(7);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 300; ++i) {
    const Profile profile = generator.next();
    auto plan = generate_plan(profile, data);
    ASSERT_TRUE(plan);
    for (int k = 0; k < 10; ++k) {
      TodayInput in;
      in.today = profile.start_date + std::chrono::days{pick(-3, 7 * profile.weeks + 3)};
      in.stopped = pick(0, 9) == 0;
      in.paused = pick(0, 9) == 0;
      if (pick(0, 1) == 1) {
        in.check_in = tired(in.today, pick(0, 10));
      }
      if (pick(0, 1) == 1) {
        in.yesterday_check_in = tired(in.today - std::chrono::days{1}, pick(0, 10));
      }
      in.logged_yesterday = pick(0, 1) == 1;
      if (pick(0, 1) == 1) {
        in.last_rating = FatigueRating{in.today - std::chrono::days{pick(1, 10)}, pick(0, 10)};
      }
      for (const auto task : {Task::Speed, Task::Search, Task::Span, Task::Route, Task::Story}) {
        if (pick(0, 1) == 1) {
          Record r;
          r.task = task;
          r.end_level = pick(rule_for(task).min_level, rule_for(task).max_level);
          in.last_blocks.emplace(task, r);
        }
      }
      const Today t = adapt_today(*plan, profile, in);
      int most = 0;
      for (const auto& s : plan->cognitive) {
        const auto gap = (in.today - s.date).count();
        if (gap == 0 || gap == 1) {
          most = std::max(most, s.minutes);
        }
      }
      EXPECT_LE(t.minutes, most) << "profile " << i;
      if (in.stopped || in.paused || (in.check_in && in.check_in->fatigue >= 7)) {
        EXPECT_TRUE(t.tasks.empty()) << "profile " << i;
      }
      if (!profile.cognitive_training) {
        EXPECT_EQ(t.status, TodayStatus::Rest);
      }
      int sum = 0;
      for (const auto& task : t.tasks) {
        EXPECT_GE(task.start_level, rule_for(task.task).min_level);
        EXPECT_LE(task.start_level, rule_for(task.task).max_level);
        sum += task.minutes;
      }
      EXPECT_EQ(sum, t.tasks.empty() ? sum : t.minutes);
      if (!t.tasks.empty()) {
        EXPECT_GE(t.minutes, std::min(10, most));
      }
    }
  }
}

}  // namespace
}  // namespace msfit::core::cognitive

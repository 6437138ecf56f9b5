#include "msfit/core/analytics.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::date;
using testing::reference_data;

TEST(Analytics, TheilSenSlopeMatchesHandComputedValues) {
  // Points (day, value): (0, 10), (7, 12), (14, 14), (21, 100). Pairwise slopes per week:
  // 2, 2, 30, 2, 44, 86 -> median (2 + 30) / 2 = 16; the outlier barely moves it.
  const std::vector<Point> points = {{date("2026-01-05"), 10},
                                     {date("2026-01-12"), 12},
                                     {date("2026-01-19"), 14},
                                     {date("2026-01-26"), 100}};
  EXPECT_DOUBLE_EQ(*theil_sen_slope_per_week(points), 16.0);
  // A straight line gives its slope exactly: -0.5 s a week.
  const std::vector<Point> line = {
      {date("2026-01-05"), 8.0}, {date("2026-01-19"), 7.0}, {date("2026-02-02"), 6.0}};
  EXPECT_DOUBLE_EQ(*theil_sen_slope_per_week(line), -0.5);
  EXPECT_FALSE(theil_sen_slope_per_week(std::vector<Point>{{date("2026-01-05"), 1}}));
  EXPECT_FALSE(theil_sen_slope_per_week(
      std::vector<Point>{{date("2026-01-05"), 1}, {date("2026-01-05"), 2}}));
}

MeasureRecord record(const char* measure, const char* day, double value,
                     std::optional<Side> side = {}) {
  return MeasureRecord{date(day), measure, side, {value}, value, Role::Person};
}

TEST(Analytics, SummarisesEachMeasureWithBaselineLatestAndTrend) {
  const auto summaries = summarize_measures(
      reference_data().measures(),
      {record("t25fw", "2026-03-02", 7.0), record("t25fw", "2026-01-05", 8.0),
       record("t25fw", "2026-02-02", 7.5), record("t25fw", "2026-04-06", 6.2),
       record("nhpt", "2026-01-05", 25, Side::Left), record("nhpt", "2026-01-05", 22, Side::Right),
       record("nhpt", "2026-03-02", 20, Side::Left)});
  ASSERT_EQ(summaries.size(), 3U);  // T25FW, 9HPT left, 9HPT right; in catalogue order.
  const auto& walk = summaries[0];
  EXPECT_EQ(walk.measure, "t25fw");
  EXPECT_EQ(walk.count, 4);
  EXPECT_DOUBLE_EQ(walk.baseline.value, 8.0);
  EXPECT_DOUBLE_EQ(walk.latest.value, 6.2);
  EXPECT_EQ(walk.change.direction, Direction::Improved);
  EXPECT_TRUE(walk.change.meaningful);  // -22.5 %.
  ASSERT_TRUE(walk.trend_per_week);
  EXPECT_LT(*walk.trend_per_week, 0);
  EXPECT_EQ(summaries[1].side, Side::Left);
  EXPECT_TRUE(summaries[1].change.meaningful);  // 25 -> 20 s is -20 %.
  EXPECT_FALSE(summaries[1].trend_per_week);    // Two points are not a trend.
  EXPECT_EQ(summaries[2].side, Side::Right);
}

TEST(Analytics, SummarisesTrainingPerWeek) {
  const std::vector<SetLog> sets = {
      {date("2026-01-05"), "leg_press_machine", 1, 10, 60, 2, true},
      {date("2026-01-05"), "leg_press_machine", 2, 8, 60, 1, true},
      {date("2026-01-07"), "leg_press_machine", 1, 4, 60, 0, false},
      {date("2026-01-12"), "leg_press_machine", 1, 10, 65, 2, true},
  };
  const std::vector<CardioLog> cardio = {
      {date("2026-01-06"), "upright_stationary_bike", 30, {}, {}, 5},
      {date("2026-01-08"), "upright_stationary_bike", 25, {}, {}, 5}};
  const std::vector<CheckIn> check_ins = {{date("2026-01-05"), 4, {}, false, {}, {}, false, {}},
                                          {date("2026-01-07"), 6, {}, false, {}, {}, false, {}}};
  const auto t = summarize_training(reference_data(), date("2026-01-05"), date("2026-01-18"), sets,
                                    cardio, check_ins);
  ASSERT_EQ(t.weeks.size(), 2U);
  EXPECT_EQ(t.weeks[0].strength_sets, 2);  // The abandoned set does not count.
  EXPECT_EQ(t.weeks[0].sets_by_muscle.at(Muscle::Quadriceps), 2);
  EXPECT_DOUBLE_EQ(t.weeks[0].volume_kg_by_muscle.at(Muscle::Quadriceps), 18 * 60.0);
  EXPECT_EQ(t.weeks[0].aerobic_minutes, 55);
  EXPECT_DOUBLE_EQ(*t.weeks[0].mean_fatigue, 5.0);
  EXPECT_FALSE(t.weeks[1].mean_fatigue);
  const auto& e1rm = t.one_rm_by_exercise.at("leg_press_machine");
  ASSERT_EQ(e1rm.size(), 2U);             // The failed set gives no estimate.
  EXPECT_DOUBLE_EQ(e1rm[0].value, 80.0);  // 60 x (1 + 10/30).
  EXPECT_EQ(t.aerobic_target_minutes_per_week, 90);
}

TEST(Analytics, CohortChangeFromBaselineAtGivenWeeks) {
  const auto& walk = *reference_data().find_measure("t25fw");
  std::vector<std::vector<MeasureRecord>> people = {
      {record("t25fw", "2026-01-05", 10.0), record("t25fw", "2026-03-30", 8.0)},  // -2, meaningful.
      {record("t25fw", "2026-01-12", 8.0), record("t25fw", "2026-04-06", 7.0)},   // -1.
      {record("t25fw", "2026-01-05", 6.0), record("t25fw", "2026-04-06", 6.6)},   // +0.6.
      {record("t25fw", "2026-01-05", 6.0)},  // No follow-up: not counted at week 12.
  };
  const std::array<int, 2> weeks = {0, 12};
  const auto c = cohort_change(walk, people, weeks);
  ASSERT_EQ(c.size(), 2U);
  EXPECT_EQ(c[0].n, 4);
  EXPECT_DOUBLE_EQ(c[0].mean, 0.0);
  EXPECT_EQ(c[1].n, 3);
  EXPECT_NEAR(c[1].mean, -0.8, 1e-9);
  EXPECT_DOUBLE_EQ(c[1].median, -1.0);
  EXPECT_EQ(c[1].meaningful_improvement, 1);
  EXPECT_EQ(c[1].meaningful_worsening, 0);
  EXPECT_NEAR(c[1].sd, std::sqrt((1.44 + 0.04 + 1.96) / 2.0), 1e-9);
}

TEST(Analytics, SpreadMatchesHandComputedStatistics) {
  const Spread s = spread_of({4, 1, 3, 2});
  EXPECT_EQ(s.n, 4);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.q1, 1.75);
  EXPECT_DOUBLE_EQ(s.q3, 3.25);
  EXPECT_NEAR(s.sd, std::sqrt(5.0 / 3.0), 1e-12);
  EXPECT_EQ(spread_of({}).n, 0);
}

TEST(Analytics, CohortTrainingSummarisesEachWeekAcrossPeople) {
  const auto& data = reference_data();
  const std::vector<CardioLog> a = {{date("2026-01-05"), "upright_stationary_bike", 30, {}, {}, 5}};
  const std::vector<CardioLog> b = {{date("2026-01-06"), "upright_stationary_bike", 60, {}, {}, 5},
                                    {date("2026-01-13"), "upright_stationary_bike", 20, {}, {}, 5}};
  const std::vector<TrainingSummary> people = {
      summarize_training(data, date("2026-01-05"), date("2026-01-18"), {}, a, {}),
      summarize_training(data, date("2026-01-05"), date("2026-01-18"), {}, b, {})};
  const auto weeks = cohort_training(people);
  ASSERT_EQ(weeks.size(), 2U);
  EXPECT_EQ(weeks[0].aerobic_minutes.n, 2);
  EXPECT_DOUBLE_EQ(weeks[0].aerobic_minutes.mean, 45.0);
  EXPECT_DOUBLE_EQ(weeks[1].aerobic_minutes.median, 10.0);
  EXPECT_EQ(weeks[0].mean_fatigue.n, 0);
}

TEST(Analytics, ConfirmsAnEdssWorseningTwelveWeeksLater) {
  // Confirmed when the worsening was already there at least 12 weeks before the latest.
  const auto rec = [](const char* day, double v) {
    return MeasureRecord{date(day), "edss", {}, {v}, v, Role::Clinician};
  };
  auto once = summarize_measures(reference_data().measures(),
                                 {rec("2026-01-05", 3.0), rec("2026-06-01", 4.0)});
  ASSERT_EQ(once.size(), 1U);
  EXPECT_EQ(once[0].change.verdict, Verdict::Worsening);
  auto confirmed =
      summarize_measures(reference_data().measures(),
                         {rec("2026-01-05", 3.0), rec("2026-03-02", 4.0), rec("2026-06-01", 4.0)});
  EXPECT_EQ(confirmed[0].change.verdict, Verdict::ConfirmedWorsening);
}

TEST(Analytics, HomeSelfTestsAndClinicResultsAreSummarisedApart) {
  const std::vector<MeasureRecord> records = {
      {date("2026-01-05"), "t25fw", {}, {10.0}, 10.0, Role::Clinician},
      {date("2026-02-02"), "t25fw", {}, {7.0}, 7.0, Role::Person},
      {date("2026-03-02"), "t25fw", {}, {7.5}, 7.5, Role::Person},
      {date("2026-04-06"), "t25fw", {}, {9.8}, 9.8, Role::Clinician}};
  const auto s = summarize_measures(reference_data().measures(), records);
  ASSERT_EQ(s.size(), 2U);
  for (const auto& m : s) {
    // Never a home result against a clinic baseline: 10.0 -> 7.0 would look meaningful.
    EXPECT_FALSE(m.change.meaningful) << to_string(m.setting);
    EXPECT_EQ(m.count, 2);
  }
}

}  // namespace
}  // namespace msfit::core

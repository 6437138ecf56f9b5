#pragma once

// Is the training working? Per-measure change and trend, training figures per week, and cohort
// summaries for trials. Pure functions over records the caller has gathered.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "msfit/core/adaptation.hpp"
#include "msfit/core/measures.hpp"
#include "msfit/core/training_log.hpp"

namespace msfit::core {

// A trend needs at least 4 points over at least 4 weeks [pr_trend_min_points].
inline constexpr int kTrendMinPoints = 4;
inline constexpr int kTrendMinDays = 28;

struct Point {
  Date date{};
  double value = 0;
};

// Theil-Sen slope: the median of the slopes between every pair of points with different dates,
// in units per week. Robust to a single outlying result. nullopt with fewer than two dates.
[[nodiscard]] std::optional<double> theil_sen_slope_per_week(std::span<const Point> points);

struct MeasureSummary {
  std::string measure;
  std::optional<Side> side;
  // Who took the results: a self-test at home (Person) or a clinician. The two are never
  // compared with each other [pr_self_test_not_clinic]: each has its own baseline.
  Role setting = Role::Person;
  int count = 0;
  Point baseline;  // The first result.
  Point latest;
  ChangeAssessment change;
  std::optional<double> trend_per_week;  // Only with enough points (see kTrendMinPoints).
};

// One summary per measure, side and setting, for the records given, in catalogue order. An
// EDSS worsening is confirmed when an earlier result at least 12 weeks before the latest also
// showed it.
[[nodiscard]] std::vector<MeasureSummary> summarize_measures(
    const std::vector<MeasureDefinition>& definitions, std::vector<MeasureRecord> records);

struct WeekTraining {
  int week = 0;  // 1-based from `start`.
  Date start{};
  std::map<Muscle, int> sets_by_muscle;          // Completed sets, by primary muscle.
  std::map<Muscle, double> volume_kg_by_muscle;  // Sum of reps x kg, by primary muscle.
  int strength_sets = 0;
  int aerobic_minutes = 0;
  std::optional<double> mean_fatigue;  // Of the week's check-ins.
};

struct TrainingSummary {
  std::vector<WeekTraining> weeks;
  // Best estimated 1RM per exercise and day (Epley, sets of 1-10 reps).
  std::map<std::string, std::vector<Point>> one_rm_by_exercise;
  int aerobic_target_minutes_per_week = 0;     // The studied dose: 3 x 30 min [WOOL2023].
  int guideline_minimum_minutes_per_week = 0;  // 2 x 30 min [LC2013].
};

[[nodiscard]] TrainingSummary summarize_training(const ReferenceData& data, Date start, Date end,
                                                 std::span<const SetLog> sets,
                                                 std::span<const CardioLog> cardio,
                                                 std::span<const CheckIn> check_ins);

// For a group of people (a trial arm): at each requested week after each person's first
// result, the change from baseline of one measure, summarised.
struct CohortChange {
  int week = 0;
  int n = 0;  // People with a result within 7 days of that week.
  double mean = 0;
  double sd = 0;
  double median = 0;
  double q1 = 0;
  double q3 = 0;
  int meaningful_improvement = 0;
  int meaningful_worsening = 0;
};

[[nodiscard]] std::vector<CohortChange> cohort_change(
    const MeasureDefinition& definition, const std::vector<std::vector<MeasureRecord>>& people,
    std::span<const int> weeks);

struct Spread {
  int n = 0;
  double mean = 0;
  double sd = 0;
  double median = 0;
  double q1 = 0;
  double q3 = 0;
};

// Mean, sample SD, median and quartiles (linear interpolation); all zero for no values.
[[nodiscard]] Spread spread_of(std::vector<double> values);

// Training figures of a group, week by week (week k of each person's own summary).
struct CohortWeek {
  int week = 0;
  Spread aerobic_minutes;
  Spread strength_sets;
  Spread mean_fatigue;  // Over the people with check-ins that week.
};

[[nodiscard]] std::vector<CohortWeek> cohort_training(std::span<const TrainingSummary> people);

}  // namespace msfit::core

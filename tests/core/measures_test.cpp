#include "msfit/core/measures.hpp"

#include <gtest/gtest.h>

#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::date;
using testing::reference_data;

const MeasureDefinition& def(const char* id) {
  const MeasureDefinition* d = reference_data().find_measure(id);
  if (d == nullptr) {
    ADD_FAILURE() << "no measure " << id;
    std::abort();
  }
  return *d;
}

TEST(Measures, CatalogueHasTheStandardMsMeasures) {
  for (const char* id :
       {"t25fw", "six_mwt", "two_mwt", "nhpt", "tug", "five_sts", "sdmt", "pdds", "edss", "mfis",
        "fss", "msws12", "msis29", "body_mass", "resting_hr", "estimated_1rm"}) {
    EXPECT_NE(reference_data().find_measure(id), nullptr) << id;
  }
  EXPECT_TRUE(def("edss").clinician_only);
  EXPECT_TRUE(def("nhpt").per_side);
  EXPECT_EQ(def("t25fw").trials, 2);
}

TEST(Measures, CopyrightedInstrumentsAreRecordedAsTotalsOnly) {
  for (const auto& m : reference_data().measures()) {
    if (m.kind == MeasureKind::Questionnaire) {
      EXPECT_NE(m.licence.find("total_only"), std::string::npos) << m.id;
    }
  }
}

TEST(Measures, CombinesTrialsByTheirMean) {
  const auto r =
      make_measure_record(def("t25fw"), date("2026-01-05"), {6.4, 6.0}, {}, Role::Person);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->value, 6.2);
  const auto one = make_measure_record(def("t25fw"), date("2026-01-05"), {6.4}, {}, Role::Person);
  ASSERT_TRUE(one);
  EXPECT_DOUBLE_EQ(one->value, 6.4);
}

TEST(Measures, RejectsResultsThatBreakTheDefinitionNamingTheField) {
  const struct {
    const char* measure;
    std::vector<double> trials;
    std::optional<Side> side;
    Role role;
    const char* field;
  } cases[] = {
      {"t25fw", {6.0, 6.1, 6.2}, {}, Role::Person, "trial"},
      {"t25fw", {}, {}, Role::Person, "trial"},
      {"t25fw", {0.5}, {}, Role::Person, "trial[0]"},
      {"t25fw", {6.0, 500}, {}, Role::Person, "trial[1]"},
      {"t25fw", {6.05}, {}, Role::Person, "trial[0]"},
      {"sdmt", {45.5}, {}, Role::Person, "trial[0]"},
      {"pdds", {9}, {}, Role::Person, "trial[0]"},
      {"edss", {3.5}, {}, Role::Person, "role"},
      {"edss", {3.3}, {}, Role::Clinician, "trial[0]"},
      {"nhpt", {20}, {}, Role::Person, "side"},
      {"t25fw", {6.0}, Side::Left, Role::Person, "side"},
      {"mfis", {85}, {}, Role::Person, "trial[0]"},
  };
  for (const auto& c : cases) {
    const auto r =
        make_measure_record(def(c.measure), date("2026-01-05"), c.trials, c.side, c.role);
    ASSERT_FALSE(r) << c.measure << " " << c.field;
    EXPECT_EQ(r.error().field, c.field) << c.measure;
  }
  EXPECT_TRUE(make_measure_record(def("edss"), date("2026-01-05"), {3.5}, {}, Role::Clinician));
  EXPECT_TRUE(
      make_measure_record(def("nhpt"), date("2026-01-05"), {20.5, 21}, Side::Right, Role::Person));
}

TEST(Measures, AssessesMeaningfulChangeBySourcedRules) {
  const struct {
    const char* measure;
    double baseline;
    double latest;
    Direction direction;
    bool meaningful;
  } cases[] = {
      // T25FW: lower is better, 20 % either way [HOBART2013].
      {"t25fw", 10.0, 8.0, Direction::Improved, true},
      {"t25fw", 10.0, 8.1, Direction::Improved, false},
      {"t25fw", 10.0, 12.0, Direction::Worsened, true},
      {"t25fw", 10.0, 10.0, Direction::Unchanged, false},
      // 6MWT: higher is better; 20 m, the anchor-based minimal important change
      // [OOSTERVEER2022], not 20 % (80 m at 400 m).
      {"six_mwt", 400, 420, Direction::Improved, true},
      {"six_mwt", 400, 419, Direction::Improved, false},
      {"six_mwt", 400, 380, Direction::Worsened, true},
      {"six_mwt", 400, 390, Direction::Worsened, false},
      // TUG: smallest detectable change, 23 % faster or 31 % slower [NILSAGARD2007].
      {"tug", 10.0, 7.7, Direction::Improved, true},
      {"tug", 10.0, 13.0, Direction::Worsened, false},
      {"tug", 10.0, 13.1, Direction::Worsened, true},
      // SDMT: 4 points is a group-level change; one person needs about 8 [WEINSTOCK2022].
      {"sdmt", 50, 54, Direction::Improved, false},
      {"sdmt", 50, 58, Direction::Improved, true},
      {"sdmt", 50, 47, Direction::Worsened, false},
      {"sdmt", 50, 46, Direction::Worsened, false},
      {"sdmt", 50, 42, Direction::Worsened, true},
      // MSWS-12: an 8-point reduction is a meaningful improvement [MSWS2017]; no worsening rule.
      {"msws12", 40, 32, Direction::Improved, true},
      {"msws12", 40, 60, Direction::Worsened, false},
      // No sourced rule: never called meaningful, however large.
      {"mfis", 60, 20, Direction::Improved, false},
      {"two_mwt", 100, 200, Direction::Improved, false},
  };
  for (const auto& c : cases) {
    const auto a = assess_change(def(c.measure), c.baseline, c.latest);
    EXPECT_EQ(a.direction, c.direction) << c.measure << " " << c.baseline << " -> " << c.latest;
    EXPECT_EQ(a.meaningful, c.meaningful) << c.measure << " " << c.baseline << " -> " << c.latest;
  }
}

// Every measure in the catalogue: its range and step are enforced, and its change rule holds
// exactly at its threshold and not just below it.
TEST(Measures, EveryMeasureEnforcesItsRangeAndStep) {
  for (const auto& m : reference_data().measures()) {
    if (m.kind == MeasureKind::Derived) {
      continue;  // Computed from the log, never entered.
    }
    const Role role = m.clinician_only ? Role::Clinician : Role::Person;
    const std::optional<Side> side = m.per_side ? std::optional<Side>(Side::Left) : std::nullopt;
    const Date day = date("2026-01-05");
    EXPECT_TRUE(make_measure_record(m, day, {m.min}, side, role)) << m.id << " min";
    EXPECT_TRUE(make_measure_record(m, day, {m.max}, side, role)) << m.id << " max";
    EXPECT_FALSE(make_measure_record(m, day, {m.min - m.step}, side, role)) << m.id;
    EXPECT_FALSE(make_measure_record(m, day, {m.max + m.step}, side, role)) << m.id;
    EXPECT_FALSE(make_measure_record(m, day, {m.min + m.step / 2}, side, role)) << m.id;
    if (m.per_side) {
      EXPECT_FALSE(make_measure_record(m, day, {m.min}, std::nullopt, role)) << m.id;
    }
    if (m.clinician_only) {
      EXPECT_FALSE(make_measure_record(m, day, {m.min}, side, Role::Person)) << m.id;
    }
  }
}

TEST(Measures, EveryChangeRuleHoldsAtItsThresholdAndNotBelow) {
  for (const auto& m : reference_data().measures()) {
    const auto& rule = m.meaningful_change;
    const double base = std::max(m.min + (m.max - m.min) / 2, 1.0);
    for (const bool improve : {true, false}) {
      const auto threshold = improve ? rule.improve : rule.worsen;
      const double sign = (improve == m.higher_is_better) ? 1.0 : -1.0;
      // A group-level threshold counts for one person only at their reliable change.
      const double size = !threshold                         ? (m.max - m.min) / 4
                          : rule.kind == ChangeKind::Percent ? base * *threshold / 100.0
                          : rule.individual                  ? *rule.individual
                                                             : *threshold;
      if (rule.kind == ChangeKind::EdssSteps) {
        continue;  // The EDSS has its own tests below.
      }
      const auto at = assess_change(m, base, base + sign * size);
      const auto below = assess_change(m, base, base + sign * size * 0.9);
      EXPECT_EQ(at.direction, improve ? Direction::Improved : Direction::Worsened) << m.id;
      if (rule.kind == ChangeKind::None || !threshold) {
        EXPECT_FALSE(at.meaningful) << m.id << (improve ? " improve" : " worsen");
      } else {
        EXPECT_TRUE(at.meaningful) << m.id << (improve ? " improve" : " worsen");
        EXPECT_FALSE(below.meaningful) << m.id << (improve ? " improve" : " worsen");
      }
    }
  }
}

TEST(Measures, VerdictsSayWhatKindOfThresholdWasCrossed) {
  EXPECT_EQ(assess_change(def("six_mwt"), 400, 425).verdict, Verdict::Meaningful);
  EXPECT_EQ(assess_change(def("six_mwt"), 400, 410).verdict, Verdict::WithinThreshold);
  EXPECT_EQ(assess_change(def("tug"), 10.0, 13.5).verdict, Verdict::Detectable);
  EXPECT_EQ(assess_change(def("sdmt"), 50, 45).verdict, Verdict::GroupLevel);
  EXPECT_EQ(assess_change(def("sdmt"), 50, 41).verdict, Verdict::Reliable);
  EXPECT_EQ(assess_change(def("msws12"), 40, 60).verdict, Verdict::NoThreshold);
  EXPECT_EQ(assess_change(def("mfis"), 60, 20).verdict, Verdict::NoThreshold);
  EXPECT_EQ(assess_change(def("t25fw"), 8, 8).verdict, Verdict::Unchanged);
}

TEST(Measures, EdssIsOrdinalWithTheConfirmedWorseningConvention) {
  const auto& edss = def("edss");
  EXPECT_TRUE(edss.ordinal);
  // The step from the baseline: 1.5 from 0, 1.0 from 1.0-5.5, 0.5 from 6.0.
  EXPECT_EQ(edss_worsening_step(0), 1.5);
  EXPECT_EQ(edss_worsening_step(1.0), 1.0);
  EXPECT_EQ(edss_worsening_step(5.5), 1.0);
  EXPECT_EQ(edss_worsening_step(6.0), 0.5);
  struct Case {
    double baseline;
    double latest;
    Verdict verdict;
  } cases[] = {
      {0, 1.0, Verdict::WithinThreshold},   {0, 1.5, Verdict::Worsening},
      {3.0, 3.5, Verdict::WithinThreshold}, {3.0, 4.0, Verdict::Worsening},
      {6.0, 6.5, Verdict::Worsening},       {6.5, 6.0, Verdict::NoThreshold},
  };
  for (const auto& c : cases) {
    const auto a = assess_change(edss, c.baseline, c.latest);
    EXPECT_EQ(a.verdict, c.verdict) << c.baseline << " -> " << c.latest;
    EXPECT_FALSE(a.change_pct) << "never a percentage";
  }
  // Only real steps are accepted: no 0.5.
  EXPECT_FALSE(make_measure_record(edss, date("2026-01-05"), {0.5}, {}, Role::Clinician));
  EXPECT_TRUE(make_measure_record(edss, date("2026-01-05"), {1.0}, {}, Role::Clinician));
}

}  // namespace
}  // namespace msfit::core

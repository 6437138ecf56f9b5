#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "msfit/core/plan.hpp"

#include "plan_checks.hpp"
#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::all_equipment;
using testing::check_plan;
using testing::date;
using testing::has_warning;
using testing::plan_for;
using testing::ProfileBuilder;
using testing::reference_data;

void expect_valid(const Plan& plan, const Profile& profile) {
  for (const auto& problem : check_plan(plan, profile, reference_data())) {
    ADD_FAILURE() << problem;
  }
}

// Strength items with a weight to load (a % 1RM applies); bands and body weight use effort.
std::vector<const PlanItem*> loaded_items_of(const Plan& plan, int week = 0);

std::vector<const PlanItem*> items_of(const Plan& plan, Modality modality, int week = 0) {
  std::vector<const PlanItem*> out;
  for (const auto& s : plan.sessions) {
    if (week != 0 && s.week != week) {
      continue;
    }
    for (const auto& item : s.items) {
      if (item.exercise->modality == modality) {
        out.push_back(&item);
      }
    }
  }
  return out;
}

std::vector<const PlanItem*> loaded_items_of(const Plan& plan, int week) {
  std::vector<const PlanItem*> out;
  for (const auto* item : items_of(plan, Modality::Strength, week)) {
    if (reference_data().load_increment_kg(*item->exercise)) {
      out.push_back(item);
    }
  }
  return out;
}

TEST(PlanGenerator, PlacesSessionsOnlyOnTheChosenDays) {
  // 2026-01-07 is a Wednesday: the first session is the Saturday after.
  const auto profile = ProfileBuilder()
                           .days({Weekday::Tue, Weekday::Sat})
                           .start(date("2026-01-07"))
                           .weeks(3)
                           .build();
  const Plan plan = plan_for(profile);
  ASSERT_EQ(plan.sessions.size(), 6U);
  EXPECT_EQ(format_iso_date(plan.sessions.front().date), "2026-01-10");
  EXPECT_EQ(format_iso_date(plan.sessions.back().date), "2026-01-27");
  for (const auto& s : plan.sessions) {
    const int wd = weekday_index(s.date);
    EXPECT_TRUE(wd == 1 || wd == 5) << format_iso_date(s.date);
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, TrainedPersonFollowsTheStudiedRampThenDeloads) {
  const auto profile = ProfileBuilder().build();
  const Plan plan = plan_for(profile);
  ASSERT_GE(plan.phases.size(), 3U);
  EXPECT_EQ(plan.phases[0].kind, PhaseKind::ProgressiveResistance);
  EXPECT_EQ(plan.phases[0].weeks, 8);
  EXPECT_EQ(plan.phases[1].kind, PhaseKind::Deload);
  EXPECT_EQ(plan.phases[2].kind, PhaseKind::Periodised);
  const int expected_pct[] = {50, 60, 70, 70, 80, 80, 80, 80};
  for (int week = 1; week <= 8; ++week) {
    const auto items = loaded_items_of(plan, week);
    ASSERT_FALSE(items.empty()) << week;
    for (const auto* item : items) {
      // No 1RM in this profile: the week's share of the maximum is the dose's reference, shown
      // as effort and reps in reserve rather than a percentage of nothing.
      EXPECT_FALSE(item->intensity.pct_1rm);
      EXPECT_EQ(item->reference_pct, expected_pct[week - 1]) << "week " << week;
      ASSERT_TRUE(item->intensity.rir);
      EXPECT_EQ(item->sets, 1);
      EXPECT_EQ(item->rule, "strength.prt_ramp");
    }
  }
  // At 80 % about 8 reps are possible: the range stops two short (4-6), never 10-15, with
  // 2-3 in reserve.
  for (const auto* item : loaded_items_of(plan, 6)) {
    EXPECT_EQ(item->reps, (Range{4, 6}));
    EXPECT_EQ(*item->intensity.rir, (Range{2, 3}));
  }
  for (const auto* item : loaded_items_of(plan, 1)) {
    EXPECT_EQ(item->reps, (Range{6, 10}));
  }
  for (const auto* item : loaded_items_of(plan)) {
    EXPECT_LE(item->intensity.pct_1rm.value_or(item->reference_pct), 85);
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, PutsCompoundMovementsFirstAndCoversPriorityMuscles) {
  const auto profile = ProfileBuilder().build();
  const Plan plan = plan_for(profile);
  EXPECT_FALSE(has_warning(plan, "priority_muscles_uncovered"));
  for (const auto& s : plan.sessions) {
    bool isolation_seen = false;
    for (const auto& item : s.items) {
      if (item.exercise->modality != Modality::Strength) {
        continue;
      }
      EXPECT_FALSE(item.exercise->compound && isolation_seen) << item.exercise->id;
      isolation_seen = isolation_seen || !item.exercise->compound;
    }
  }
}

TEST(PlanGenerator, NoviceStartsWithAPreparationPhaseAtLightLoads) {
  const auto profile = ProfileBuilder().experience(Experience::Novice).build();
  const Plan plan = plan_for(profile);
  ASSERT_FALSE(plan.phases.empty());
  EXPECT_EQ(plan.phases[0].kind, PhaseKind::Preparation);
  EXPECT_EQ(plan.phases[0].weeks, 4);
  EXPECT_EQ(plan.phases[1].kind, PhaseKind::ProgressiveResistance);
  for (int week = 1; week <= 4; ++week) {
    for (const auto* item : loaded_items_of(plan, week)) {
      EXPECT_LE(item->intensity.pct_1rm.value_or(item->reference_pct), 50);
      EXPECT_GE(item->reps[0], 12);
    }
  }
  // Aerobic work builds from 10-minute bouts.
  const auto first_aerobic = items_of(plan, Modality::Aerobic, 1);
  ASSERT_FALSE(first_aerobic.empty());
  EXPECT_EQ(first_aerobic.front()->bout_minutes, 10);
  expect_valid(plan, profile);
}

TEST(PlanGenerator, PreparationIsLongerWithProgressiveMsAndAWalkingAid) {
  const auto profile = ProfileBuilder()
                           .experience(Experience::Novice)
                           .ms_type(MsType::Spms)
                           .edss(6.0)
                           .mobility(Mobility::OneAid)
                           .build();
  const Plan plan = plan_for(profile);
  EXPECT_EQ(plan.tier, Tier::Supported);
  EXPECT_EQ(plan.phases[0].kind, PhaseKind::Preparation);
  EXPECT_EQ(plan.phases[0].weeks, 8);
  EXPECT_TRUE(has_warning(plan, "progressive_ms"));
  for (const auto* item : loaded_items_of(plan)) {
    EXPECT_LE(*item->intensity.pct_1rm, 70);
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, NeverTrainsAMuscleOnConsecutiveDays) {
  core::EnumSet<Weekday> every_day;
  for (int i = 0; i < 7; ++i) {
    every_day.insert(static_cast<Weekday>(i));
  }
  const auto profile = ProfileBuilder().days(every_day).build();
  const Plan plan = plan_for(profile);
  expect_valid(plan, profile);
  // Three strength days a week during the ramp, none adjacent.
  int strength_days = 0;
  for (const auto& s : plan.sessions) {
    if (s.week == 2 &&
        (s.kind == SessionKind::Strength || s.kind == SessionKind::StrengthAerobic)) {
      ++strength_days;
    }
  }
  EXPECT_EQ(strength_days, 3);
}

TEST(PlanGenerator, SplitsUpperAndLowerBodyWhenTheOnlyDaysAreConsecutive) {
  const auto profile = ProfileBuilder().days({Weekday::Sat, Weekday::Sun}).build();
  const Plan plan = plan_for(profile);
  EXPECT_TRUE(has_warning(plan, "strength_split"));
  expect_valid(plan, profile);
}

TEST(PlanGenerator, AerobicWorkFollowsTheStudiedProtocol) {
  // 75-minute sessions hold the full dose; shorter ones shorten the bout (see FitsShortSessions).
  const auto profile = ProfileBuilder().heart_rate(60, 180).session_minutes(75).build();
  const Plan plan = plan_for(profile);
  const auto week12 = items_of(plan, Modality::Aerobic, 12);
  ASSERT_EQ(week12.size(), 3U);
  for (const auto* item : week12) {
    EXPECT_EQ(item->exercise->pattern, Pattern::Cycling);
    EXPECT_EQ(item->work_minutes, 30);
    ASSERT_TRUE(item->intensity.hrr_pct);
    ASSERT_TRUE(item->intensity.hr_bpm);
    // Effort and the talk test always, beside heart rate.
    ASSERT_TRUE(item->intensity.rpe);
    EXPECT_TRUE(item->intensity.talk_test);
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, UsesEffortInsteadOfHeartRateWithBetaBlockers) {
  const auto profile = ProfileBuilder().heart_rate(60, 180).beta_blockers(true).build();
  const Plan plan = plan_for(profile);
  EXPECT_TRUE(has_warning(plan, "heart_rate_zones_off"));
  for (const auto* item : items_of(plan, Modality::Aerobic)) {
    EXPECT_FALSE(item->intensity.hrr_pct);
    ASSERT_TRUE(item->intensity.rpe);
  }
}

TEST(PlanGenerator, SchedulesBalanceAndStretchingTwiceAWeek) {
  const auto profile = ProfileBuilder().days({Weekday::Mon, Weekday::Thu}).build();
  const Plan plan = plan_for(profile);
  EXPECT_FALSE(items_of(plan, Modality::Balance, 1).empty());
  expect_valid(plan, profile);
}

TEST(PlanGenerator, FitsShortSessionsAndSaysWhatGaveWay) {
  const auto profile = ProfileBuilder().session_minutes(30).build();
  const Plan plan = plan_for(profile);
  EXPECT_TRUE(has_warning(plan, "session_time_limited"));
  bool any_adjusted = false;
  for (const auto& s : plan.sessions) {
    EXPECT_LE(s.total_minutes(), 30);
    any_adjusted = any_adjusted || !s.adjustments.empty();
  }
  EXPECT_TRUE(any_adjusted);
  expect_valid(plan, profile);
}

TEST(PlanGenerator, UsesOnlyTheEquipmentThePersonHas) {
  const auto profile = ProfileBuilder()
                           .equipment({Equipment::Bands})
                           .days({Weekday::Mon, Weekday::Wed, Weekday::Fri})
                           .build();
  const Plan plan = plan_for(profile);
  for (const auto& s : plan.sessions) {
    for (const auto& item : s.items) {
      EXPECT_TRUE(EnumSet<Equipment>({Equipment::Bands}).includes(item.exercise->equipment))
          << item.exercise->id;
    }
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, WheelchairUserGetsSeatedWorkAndASpecialistFlag) {
  const auto profile = ProfileBuilder()
                           .edss(7.5)
                           .mobility(Mobility::Wheelchair)
                           .experience(Experience::Novice)
                           .build();
  const Plan plan = plan_for(profile);
  EXPECT_EQ(plan.tier, Tier::Specialist);
  EXPECT_TRUE(has_warning(plan, "specialist_plan_required"));
  for (const auto& s : plan.sessions) {
    for (const auto& item : s.items) {
      // Seated, or a stretch out of the chair (after a transfer, or in a standing frame).
      const bool out_of_chair = item.exercise->modality == Modality::Flexibility &&
                                (item.exercise->tags.contains(Tag::AfterTransfer) ||
                                 item.exercise->equipment.contains(Equipment::StandingFrame));
      EXPECT_TRUE(item.exercise->position == Position::Seated || out_of_chair) << item.exercise->id;
      EXPECT_FALSE(item.exercise->tags.contains(Tag::Walking));
      EXPECT_FALSE(item.intensity.pct_1rm) << item.exercise->id;
      EXPECT_FALSE(item.load_kg);
    }
  }
  EXPECT_FALSE(items_of(plan, Modality::Aerobic).empty());
  EXPECT_FALSE(items_of(plan, Modality::Strength).empty());
  expect_valid(plan, profile);
}

TEST(PlanGenerator, TwoAidsGetNoUnsupportedStandingBalanceWork) {
  const auto profile = ProfileBuilder().edss(6.5).mobility(Mobility::TwoAids).build();
  const Plan plan = plan_for(profile);
  for (const auto& s : plan.sessions) {
    for (const auto& item : s.items) {
      const auto& ex = *item.exercise;
      if (ex.position == Position::Standing && ex.balance_demand != BalanceDemand::None) {
        EXPECT_EQ(ex.support, Support::Held) << ex.id;
      }
    }
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, SomeoneTrainingAloneGetsNoSpotterLifts) {
  const auto profile = ProfileBuilder()
                           .trains_alone(true)
                           .equipment({Equipment::Barbell, Equipment::Bench, Equipment::Dumbbells})
                           .build();
  const Plan plan = plan_for(profile);
  for (const auto& s : plan.sessions) {
    for (const auto& item : s.items) {
      EXPECT_FALSE(item.exercise->needs_spotter_when_heavy) << item.exercise->id;
    }
  }
  expect_valid(plan, profile);
  // With a training partner the same equipment may give the barbell bench press.
  const auto partnered =
      ProfileBuilder()
          .trains_alone(false)
          .equipment({Equipment::Barbell, Equipment::Bench, Equipment::Dumbbells})
          .build();
  const Plan with_partner = plan_for(partnered);
  bool spotter_lift = false;
  for (const auto& s : with_partner.sessions) {
    for (const auto& item : s.items) {
      spotter_lift = spotter_lift || item.exercise->needs_spotter_when_heavy;
    }
  }
  EXPECT_TRUE(spotter_lift);
  bool substituted = false;
  for (const auto& s : plan.sessions) {
    for (const auto& item : s.items) {
      substituted = substituted || item.substituted_for != nullptr;
    }
  }
  EXPECT_TRUE(substituted);
  EXPECT_TRUE(has_warning(plan, "no_spotter_substitution"));
}

TEST(PlanGenerator, HeatSensitivityGivesCoolingAdviceAndShortBouts) {
  const auto profile = ProfileBuilder().heat_sensitive(true).build();
  const Plan plan = plan_for(profile);
  EXPECT_TRUE(has_warning(plan, "heat_sensitivity"));
  for (const auto* item : items_of(plan, Modality::Aerobic)) {
    EXPECT_LE(item->bout_minutes, 10);
  }
  expect_valid(plan, profile);
}

TEST(PlanGenerator, RecentRelapseGivesAReducedReentry) {
  const auto profile = ProfileBuilder().last_relapse(date("2025-12-20")).build();
  const Plan plan = plan_for(profile);
  EXPECT_TRUE(has_warning(plan, "recent_relapse"));
  ASSERT_GE(plan.phases.size(), 2U);
  EXPECT_EQ(plan.phases[0].kind, PhaseKind::Reentry);
  EXPECT_EQ(plan.phases[1].kind, PhaseKind::Preparation);
  for (const auto* item : items_of(plan, Modality::Aerobic, 1)) {
    EXPECT_EQ(item->bout_minutes, 10);
  }
  expect_valid(plan, profile);
  // A relapse long before the start changes nothing.
  const Plan old = plan_for(ProfileBuilder().last_relapse(date("2025-06-01")).build());
  EXPECT_FALSE(has_warning(old, "recent_relapse"));
}

TEST(PlanGenerator, EveryPlanAdvisesAgreeingItWithAClinician) {
  const Plan plan = plan_for(ProfileBuilder().build());
  EXPECT_TRUE(has_warning(plan, "clinician_review"));
  EXPECT_TRUE(has_warning(plan, "red_flags"));
}

TEST(PlanGenerator, PrescribesLoadsOnlyWhereTheMaximumIsKnown) {
  const auto& data = reference_data();
  // Find the knee-dominant exercise the default plan uses and give it a 1RM.
  const Plan plain = plan_for(ProfileBuilder().build());
  const PlanItem* first = loaded_items_of(plain, 1).front();
  ASSERT_TRUE(data.load_increment_kg(*first->exercise));
  const auto profile = ProfileBuilder().one_rm(first->exercise->id, 101).build();
  const Plan plan = plan_for(profile);
  int with_load = 0;
  for (const auto* item : items_of(plan, Modality::Strength)) {
    if (item->exercise->id == first->exercise->id) {
      ASSERT_TRUE(item->load_kg);
      ++with_load;
    } else {
      EXPECT_FALSE(item->load_kg) << item->exercise->id;
    }
  }
  EXPECT_GT(with_load, 0);
  expect_valid(plan, profile);
}

TEST(PlanGenerator, IsDeterministic) {
  const auto profile = ProfileBuilder().experience(Experience::Novice).heat_sensitive(true).build();
  const Plan a = plan_for(profile);
  const Plan b = plan_for(profile);
  ASSERT_EQ(a.sessions.size(), b.sessions.size());
  for (std::size_t i = 0; i < a.sessions.size(); ++i) {
    ASSERT_EQ(a.sessions[i].items.size(), b.sessions[i].items.size());
    for (std::size_t j = 0; j < a.sessions[i].items.size(); ++j) {
      EXPECT_EQ(a.sessions[i].items[j].exercise, b.sessions[i].items[j].exercise);
      EXPECT_EQ(a.sessions[i].items[j].minutes, b.sessions[i].items[j].minutes);
    }
  }
}

TEST(PlanGenerator, RejectsAnInvalidProfile) {
  const auto result = generate_plan(ProfileBuilder().age(12).build(), reference_data());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "age");
}

}  // namespace
}  // namespace msfit::core

#include "msfit/core/adaptation.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "msfit/i18n/catalog.hpp"

#include "reference.hpp"

namespace msfit::core {
namespace {

// A message as an English reader sees it.
std::string en(const core::Message& m) {
  return i18n::say(m, core::Language::En);
}

using testing::date;
using testing::plan_for;
using testing::ProfileBuilder;
using testing::reference_data;

SetLog set(const char* day, double kg, int reps, std::optional<int> rir = std::nullopt,
           bool completed = true, int number = 1) {
  return SetLog{date(day), "leg_press_machine", number, reps, kg, rir, completed};
}

ExercisePerformance performance(const char* day, std::vector<SetLog> sets,
                                std::optional<Range> reps = Range{10, 15}) {
  return ExercisePerformance{date(day), std::move(sets), reps};
}

PlanItem weighted(int pct, Range reps = {10, 15}) {
  PlanItem item;
  item.exercise = reference_data().find_exercise("leg_press_machine");
  item.sets = 1;
  item.reps = reps;
  item.intensity.pct_1rm = pct;
  return item;
}

TEST(Adaptation, EstimatesOneRmOnlyFromCompletedSetsOfUpToTenReps) {
  EXPECT_NEAR(*estimate_one_rm(set("2026-01-05", 75, 10)), 100.0, 1e-9);
  EXPECT_FALSE(estimate_one_rm(set("2026-01-05", 75, 11)));
  EXPECT_FALSE(estimate_one_rm(set("2026-01-05", 75, 8, std::nullopt, /*completed=*/false)));
  EXPECT_FALSE(estimate_one_rm(set("2026-01-05", 0, 8)));
}

TEST(Adaptation, WorkingMaxRisesAtMostFivePercentASessionAndNeverFallsFromEstimates) {
  // 90 kg x 10 estimates 120 kg: from a profile 1RM of 100 kg only 105 is taken.
  EXPECT_NEAR(*working_max(100.0, {performance("2026-01-05", {set("2026-01-05", 90, 10)})}), 105.0,
              1e-9);
  // A weak day does not lower it.
  EXPECT_NEAR(*working_max(100.0, {performance("2026-01-05", {set("2026-01-05", 30, 10)})}), 100.0,
              1e-9);
  // Two sessions: 100 -> 105 -> 110.25 (most recent first in the history).
  EXPECT_NEAR(*working_max(100.0, {performance("2026-01-07", {set("2026-01-07", 90, 10)}),
                                   performance("2026-01-05", {set("2026-01-05", 90, 10)})}),
              110.25, 1e-9);
  // Without a profile value the first estimate is taken as it is.
  EXPECT_NEAR(*working_max(std::nullopt, {performance("2026-01-05", {set("2026-01-05", 60, 10)})}),
              80.0, 1e-9);
  EXPECT_FALSE(working_max(std::nullopt, {}));
}

TEST(Adaptation, LoadIsThePlansPercentageOfTheWorkingMaxRoundedDown) {
  const auto d = decide_load(weighted(60), 101.0, {}, 5.0);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->load_kg, 60.0);  // 60.6 rounded down to a 5 kg step.
  EXPECT_FALSE(decide_load(weighted(60), std::nullopt, {}, 5.0));
}

TEST(Adaptation, ProgressesOnlyWhenEverySetReachesTheTopWithRepsToSpare) {
  const struct {
    const char* what;
    std::vector<SetLog> sets;
    double expected;
  } cases[] = {
      {"all sets at the top, RIR 3",
       {set("2026-01-05", 40, 15, 3, true, 1), set("2026-01-05", 40, 15, 2, true, 2)},
       45},
      {"one set short of the top",
       {set("2026-01-05", 40, 15, 3, true, 1), set("2026-01-05", 40, 13, 2, true, 2)},
       40},
      {"top reached but no reps to spare", {set("2026-01-05", 40, 15, 1)}, 40},
      {"top reached, RIR not recorded", {set("2026-01-05", 40, 15)}, 45},
      {"below the range: repeat", {set("2026-01-05", 40, 8, 1)}, 40},
      {"taken to failure: repeat", {set("2026-01-05", 40, 12, 0)}, 40},
      {"abandoned: repeat", {set("2026-01-05", 40, 5, std::nullopt, false)}, 40},
  };
  for (const auto& c : cases) {
    // A 1RM of 70 kg: the plan's 60 % is 42 -> 40 kg, the load used last time.
    const auto d = decide_load(weighted(60), 70.0, {performance("2026-01-05", c.sets)}, 5.0);
    ASSERT_TRUE(d) << c.what;
    EXPECT_DOUBLE_EQ(d->load_kg, c.expected) << c.what;
  }
}

TEST(Adaptation, TwoMissesInARowTakeTenPercentOff) {
  // Sets taken to failure (RIR 0) twice; 12 reps give no 1RM estimate, so only the log decides.
  const auto d = decide_load(weighted(60), std::nullopt,
                             {performance("2026-01-07", {set("2026-01-07", 50, 12, 0)}),
                              performance("2026-01-05", {set("2026-01-05", 50, 12, 0)})},
                             2.5);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->load_kg, 45.0);
}

TEST(Adaptation, EasySetsTwiceRunningEarnAnIncrement) {
  const auto d = decide_load(weighted(60), std::nullopt,
                             {performance("2026-01-07", {set("2026-01-07", 40, 11, 5)}),
                              performance("2026-01-05", {set("2026-01-05", 40, 11, 4)})},
                             5.0);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->load_kg, 45.0);
}

TEST(Adaptation, NeverJumpsMoreThanTwentyPercentOrAbove85Percent) {
  // The plan says 80 % of 100 kg but last time was 40 kg: at most 48 -> 47.5 kg.
  auto d =
      decide_load(weighted(80, {6, 8}), 100.0,
                  {performance("2026-01-05", {set("2026-01-05", 40, 8, 3)}, Range{6, 8})}, 2.5);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(d->load_kg, 47.5);
  EXPECT_EQ(d->rule, "adapt.max_step");
  // Progression never passes 85 % of the working max.
  d = decide_load(weighted(80, {6, 8}), 100.0,
                  {performance("2026-01-05", {set("2026-01-05", 85, 8, 3)}, Range{6, 8})}, 5.0);
  ASSERT_TRUE(d);
  EXPECT_LE(d->load_kg, 85.0);
}

// --- whole sessions --------------------------------------------------------------------------

struct Fixture {
  Profile profile = ProfileBuilder().heart_rate(60, 180).heat_sensitive(true).build();
  Plan plan = plan_for(profile);
  const Session* strength_day() const {
    for (const auto& s : plan.sessions) {
      if (s.week == 3 && s.kind == SessionKind::StrengthAerobic) {
        return &s;
      }
    }
    return nullptr;
  }
};

AdaptedSession adapt(const Fixture& f, const Session* s, AdaptationInput in) {
  if (s != nullptr) {
    in.today = s->date;
  }
  return adapt_session(s, f.plan, f.profile, reference_data(), in);
}

bool has_modality(const AdaptedSession& a, Modality m) {
  return std::any_of(a.items.begin(), a.items.end(),
                     [&](const AdaptedItem& i) { return i.item.exercise->modality == m; });
}

TEST(Adaptation, ASwapOffersOnlyWhatThePlanWouldChooseForThePerson) {
  const ReferenceData& data = reference_data();
  const Exercise& supported = *data.find_exercise("step_taps_supported");
  const auto offered = [&](const Profile& p) {
    std::vector<std::string> ids;
    for (const Exercise* e : suitable_alternatives(supported, p, data)) {
      ids.push_back(e->id);
    }
    return ids;
  };
  // Alone with a cane: balance work holding on only, so obstacle stepping (support nearby) is
  // neither offered nor accepted...
  Profile alone = ProfileBuilder().mobility(Mobility::OneAid).trains_alone(true).build();
  const Exercise& obstacles = *data.find_exercise("obstacle_stepping");
  EXPECT_EQ(swap_fit(alone, obstacles), SwapFit::NotForProfile);
  const auto alone_offered = offered(alone);
  EXPECT_EQ(std::count(alone_offered.begin(), alone_offered.end(), "obstacle_stepping"), 0);
  // ...until a clinician clears standing balance work, or someone is with them.
  Profile cleared = alone;
  cleared.clearance.standing_balance = true;
  EXPECT_EQ(swap_fit(cleared, obstacles), SwapFit::Suits);
  Profile company = ProfileBuilder().mobility(Mobility::OneAid).trains_alone(false).build();
  EXPECT_EQ(swap_fit(company, obstacles), SwapFit::Suits);
  // Supported weight shifts suit them all.
  EXPECT_EQ(swap_fit(alone, *data.find_exercise("weight_shift_side_to_side")), SwapFit::Suits);
}

TEST(Adaptation, ARedFlagStopsTheDay) {
  Fixture f;
  AdaptationInput in;
  in.check_in = CheckIn{f.strength_day()->date, 2, {}, false, {}, {Symptom::ChestPain}, false, {}};
  const auto a = adapt(f, f.strength_day(), in);
  EXPECT_EQ(a.status, DayStatus::Stopped);
  EXPECT_TRUE(a.items.empty());
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_NE(en(a.reasons[0].message).find("medical help"), std::string::npos);
  EXPECT_NE(en(a.reasons[0].message).find("cleared you"), std::string::npos);
}

TEST(Adaptation, AReportClearedLaterTheSameDayKeepsTodayARestDayAndSaysSo) {
  Fixture f;
  const Date day = f.strength_day()->date;
  AdaptationInput in;
  in.check_in = CheckIn{day, 2, {}, false, {}, {Symptom::ChestPain}, false, "10:00"};
  in.flagged = {*in.check_in};
  auto a = adapt(f, f.strength_day(), in);
  EXPECT_EQ(a.status, DayStatus::Stopped);
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_NE(en(a.reasons[0].message).find("record the clearance"), std::string::npos);
  // The doctor's clearance recorded that afternoon: still no training today, and no request to
  // record what is already recorded.
  in.clearances = {{day, ClearanceKind::Medical, Role::Person, "15:00"}};
  a = adapt(f, f.strength_day(), in);
  EXPECT_EQ(a.status, DayStatus::Stopped);
  EXPECT_TRUE(a.holds.empty());
  ASSERT_FALSE(a.reasons.empty());
  EXPECT_EQ(en(a.reasons[0].message).find("record the clearance"), std::string::npos);
  EXPECT_NE(en(a.reasons[0].message).find("today stays a rest day"), std::string::npos);

  // A relapse reported and cleared the same day.
  AdaptationInput relapse;
  relapse.check_in = CheckIn{day, 3, {}, false, {}, {}, true, "09:00"};
  relapse.flagged = {*relapse.check_in};
  a = adapt(f, f.strength_day(), relapse);
  EXPECT_EQ(a.status, DayStatus::Paused);
  EXPECT_NE(en(a.reasons[0].message).find("msfit resume"), std::string::npos);
  EXPECT_NE(en(a.reasons[0].message).find("My MS team agrees I can train again"),
            std::string::npos);
  relapse.clearances = {{day, ClearanceKind::Relapse, Role::Clinician, "16:00"}};
  a = adapt(f, f.strength_day(), relapse);
  EXPECT_EQ(a.status, DayStatus::Paused);
  EXPECT_NE(en(a.reasons[0].message).find("today stays a rest day"), std::string::npos);
}

TEST(Adaptation, EachHoldNamesOnlyTheSymptomsItIsAbout) {
  Fixture f;
  const Date day = f.strength_day()->date;
  const CheckIn both{day - std::chrono::days{1},
                     3,
                     {},
                     false,
                     {},
                     {Symptom::ChestPain, Symptom::NewNumbness, Symptom::Pain},
                     false,
                     {}};
  const auto holds = open_holds(f.profile, f.plan, {both}, {}, day);
  ASSERT_EQ(holds.size(), 2U);
  for (const auto& h : holds) {
    if (h.kind == HoldKind::RelapsePause) {
      EXPECT_EQ(h.symptoms, std::vector<Symptom>{Symptom::NewNumbness});
    } else {
      EXPECT_EQ(h.symptoms, std::vector<Symptom>{Symptom::ChestPain});
    }
  }
}

TEST(Adaptation, ARelapsePausesThePlanUntilResumed) {
  Fixture f;
  const Date day = f.strength_day()->date;
  AdaptationInput in;
  in.flagged = {CheckIn{day - std::chrono::days{3}, 3, {}, false, {}, {}, true, {}}};
  EXPECT_EQ(adapt(f, f.strength_day(), in).status, DayStatus::Paused);
  AdaptationInput today;
  today.check_in = CheckIn{day, 3, {}, false, {}, {}, true, {}};
  today.flagged = {*today.check_in};
  EXPECT_EQ(adapt(f, f.strength_day(), today).status, DayStatus::Paused);
  // A clearance before the relapse does not lift it; one on or after it does.
  in.clearances = {{day - std::chrono::days{4}, ClearanceKind::Relapse, Role::Person, {}}};
  EXPECT_EQ(adapt(f, f.strength_day(), in).status, DayStatus::Paused);
  in.clearances.push_back({day - std::chrono::days{1}, ClearanceKind::Relapse, Role::Person, {}});
  EXPECT_EQ(adapt(f, f.strength_day(), in).status, DayStatus::Reduced);  // Re-entry.
}

TEST(Adaptation, ReentryAfterAResumeIsLight) {
  Fixture f;
  AdaptationInput in;
  in.clearances = {
      {f.strength_day()->date - std::chrono::days{2}, ClearanceKind::Relapse, Role::Person, {}}};
  const auto a = adapt(f, f.strength_day(), in);
  EXPECT_EQ(a.status, DayStatus::Reduced);
  for (const auto& i : a.items) {
    if (i.item.intensity.pct_1rm) {
      EXPECT_LE(*i.item.intensity.pct_1rm, 40);
    }
    if (i.item.exercise->modality == Modality::Strength) {
      EXPECT_EQ(i.item.sets, 1);
    }
    if (i.item.work_minutes > 0) {
      EXPECT_EQ(i.item.work_minutes, 10);
    }
  }
}

TEST(Adaptation, HighFatigueTurnsTheDayIntoRecovery) {
  Fixture f;
  AdaptationInput in;
  in.check_in = CheckIn{f.strength_day()->date, 8, {}, false, {}, {}, false, {}};
  const auto a = adapt(f, f.strength_day(), in);
  EXPECT_EQ(a.status, DayStatus::Recovery);
  EXPECT_FALSE(has_modality(a, Modality::Strength));
  EXPECT_FALSE(has_modality(a, Modality::Aerobic));
  // Seated mobility, stretching and breathing only: no standing balance or walking.
  EXPECT_TRUE(has_modality(a, Modality::Flexibility));
  for (const auto& i : a.items) {
    EXPECT_EQ(i.item.exercise->position, Position::Seated) << i.item.exercise->id;
    EXPECT_EQ(i.item.exercise->modality, Modality::Flexibility) << i.item.exercise->id;
  }
}

TEST(Adaptation, ModerateFatigueLowersVolumeAndIntensity) {
  Fixture f;
  const Session* s = f.strength_day();
  AdaptationInput in;
  in.check_in = CheckIn{s->date, 5, {}, false, {}, {}, false, {}};
  const auto a = adapt(f, s, in);
  EXPECT_EQ(a.status, DayStatus::Reduced);
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    const auto& adapted = a.items[i].item;
    const auto& planned = s->items[i];
    ASSERT_EQ(adapted.exercise, planned.exercise);
    if (planned.intensity.pct_1rm) {
      EXPECT_EQ(*adapted.intensity.pct_1rm, std::max(40, *planned.intensity.pct_1rm - 10));
    }
    if (planned.work_minutes > 0) {
      EXPECT_LT(adapted.work_minutes, planned.work_minutes);
      ASSERT_TRUE(adapted.intensity.hrr_pct);
      EXPECT_LE((*adapted.intensity.hrr_pct)[1], 59);
    }
  }
}

TEST(Adaptation, AHotDayGivesShortModerateBoutsAndCoolingAdvice) {
  Fixture f;
  AdaptationInput in;
  in.check_in = CheckIn{f.strength_day()->date, 2, {}, true, 31.0, {}, false, {}};
  const auto a = adapt(f, f.strength_day(), in);
  bool advised = false;
  for (const auto& r : a.reasons) {
    advised = advised || r.rule == "adapt.heat";
  }
  EXPECT_TRUE(advised);
  for (const auto& i : a.items) {
    if (i.item.work_minutes > 0) {
      EXPECT_LE(i.item.bout_minutes, 10);
      EXPECT_LE((*i.item.intensity.hrr_pct)[1], 59);
    }
  }
}

TEST(Adaptation, ReturningAfterAGapStartsLighter) {
  Fixture f;
  AdaptationInput in;
  in.last_training = f.strength_day()->date - std::chrono::days{20};
  const auto a = adapt(f, f.strength_day(), in);
  EXPECT_EQ(a.status, DayStatus::Reduced);
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (a.items[i].item.exercise->modality == Modality::Strength) {
      EXPECT_EQ(a.items[i].item.sets, 1);
    }
  }
}

TEST(Adaptation, ASwapReplacesTheExerciseWithTheSameDose) {
  Fixture f;
  const Session* s = f.strength_day();
  const PlanItem* first = nullptr;
  for (const auto& i : s->items) {
    if (i.exercise->modality == Modality::Strength) {
      first = &i;
      break;
    }
  }
  ASSERT_NE(first, nullptr);
  const std::string replacement = first->exercise->alternatives.front();
  AdaptationInput in;
  in.swaps.emplace(first->exercise->id, replacement);
  const auto a = adapt(f, s, in);
  const auto it = std::find_if(a.items.begin(), a.items.end(), [&](const AdaptedItem& i) {
    return i.item.exercise->id == replacement;
  });
  ASSERT_NE(it, a.items.end());
  EXPECT_EQ(it->item.sets, first->sets);
  EXPECT_EQ(it->item.reps, first->reps);
  ASSERT_FALSE(it->notes.empty());
  EXPECT_EQ(it->notes[0].rule, "adapt.swap");
}

TEST(Adaptation, ADayWithoutASessionIsRestAndNamesTheNextOne) {
  Fixture f;
  AdaptationInput in;
  in.today = f.plan.sessions[0].date + std::chrono::days{1};  // A Tuesday.
  const auto a = adapt_session(nullptr, f.plan, f.profile, reference_data(), in);
  EXPECT_EQ(a.status, DayStatus::Rest);
  ASSERT_TRUE(a.next_session);
  EXPECT_EQ(*a.next_session, f.plan.sessions[1].date);
}

TEST(Adaptation, CountsPlannedAgainstDoneEachWeek) {
  Fixture f;  // Mon/Wed/Fri from Monday 2026-01-05.
  const std::set<Date> logged = {date("2026-01-05"), date("2026-01-07"), date("2026-01-10"),
                                 date("2026-01-12")};
  const auto weeks = weekly_adherence(f.plan, logged, date("2026-01-14"));
  ASSERT_EQ(weeks.size(), 2U);
  EXPECT_EQ(weeks[0].planned, 3);
  EXPECT_EQ(weeks[0].done, 2);
  EXPECT_EQ(weeks[0].extra, 1);  // Saturday was not planned.
  // Monday only: Wednesday is today and nothing is logged yet, so it is not missed.
  EXPECT_EQ(weeks[1].planned, 1);
  EXPECT_EQ(weeks[1].done, 1);
  const auto later =
      weekly_adherence(f.plan, {date("2026-01-12"), date("2026-01-14")}, date("2026-01-14"));
  EXPECT_EQ(later[1].planned, 2);  // Logged today, so today counts.
  EXPECT_EQ(later[1].done, 2);
}

}  // namespace
}  // namespace msfit::core

// Check-in scenarios: every symptom, for every risk group, on a planned day and the days after.
// What must hold is written from the rules (docs/LOG.md), not from the engine's constants.

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "msfit/core/adaptation.hpp"
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

struct Group {
  const char* name;
  Profile profile;
};

std::vector<Group> risk_groups() {
  EnumSet<Equipment> home;
  home.insert(Equipment::Bands);
  return {
      {"edss 1, trained, at the gym", ProfileBuilder().edss(1.0).build()},
      {"edss 4, one cane, alone at home, heat sensitive", ProfileBuilder()
                                                              .edss(4.0)
                                                              .mobility(Mobility::OneAid)
                                                              .trains_alone(true)
                                                              .equipment(home)
                                                              .heat_sensitive(true)
                                                              .build()},
      {"edss 6.5, two aids, alone",
       ProfileBuilder().edss(6.5).mobility(Mobility::TwoAids).trains_alone(true).build()},
      {"wheelchair, edss 7.5", ProfileBuilder().edss(7.5).mobility(Mobility::Wheelchair).build()},
      {"70, beta-blockers", ProfileBuilder().age(70).beta_blockers(true).build()},
      {"ppms 5.5", ProfileBuilder().ms_type(MsType::Ppms).edss(5.5).build()},
  };
}

std::vector<Symptom> all_symptoms() {
  std::vector<Symptom> out;
  for (std::size_t i = 0; i < kEnumCount<Symptom>; ++i) {
    out.push_back(static_cast<Symptom>(i));
  }
  return out;
}

const Session* first_with_items(const Plan& plan) {
  for (const auto& s : plan.sessions) {
    if (!s.items.empty()) {
      return &s;
    }
  }
  return nullptr;
}

const Session* session_after(const Plan& plan, Date day) {
  for (const auto& s : plan.sessions) {
    if (s.date > day && !s.items.empty()) {
      return &s;
    }
  }
  return nullptr;
}

CheckIn check_in(Date day, int fatigue, std::vector<Symptom> symptoms, bool relapse = false) {
  CheckIn c;
  c.date = day;
  c.fatigue = fatigue;
  c.symptoms = std::move(symptoms);
  c.relapse = relapse;
  c.recorded_at = format_iso_date(day) + "T09:00";
  return c;
}

bool seated_only(const AdaptedSession& a) {
  return std::all_of(a.items.begin(), a.items.end(), [](const AdaptedItem& i) {
    return i.item.exercise->position == Position::Seated &&
           i.item.exercise->modality == Modality::Flexibility;
  });
}

TEST(AdaptationScenario, EverySymptomForEveryRiskGroupIsHandledAsTheRulesSay) {
  const auto& data = reference_data();
  for (const auto& group : risk_groups()) {
    const Plan plan = plan_for(group.profile);
    const Session* day1 = first_with_items(plan);
    ASSERT_NE(day1, nullptr) << group.name;
    const Session* day2 = session_after(plan, day1->date);
    ASSERT_NE(day2, nullptr) << group.name;
    for (const Symptom symptom : all_symptoms()) {
      const std::string at = std::string(group.name) + ", " + std::string(to_string(symptom));
      AdaptationInput in;
      in.today = day1->date;
      in.check_in = check_in(day1->date, 3, {symptom});
      in.flagged = {*in.check_in};
      const auto a = adapt_session(day1, plan, group.profile, data, in);
      AdaptationInput next;
      next.today = day2->date;
      next.flagged = in.flagged;
      const auto b = adapt_session(day2, plan, group.profile, data, next);
      switch (red_flag_kind(symptom)) {
        case RedFlagKind::Cardiac:
        case RedFlagKind::Urgent:
          // Stopped today and every later day until a medical clearance.
          EXPECT_EQ(a.status, DayStatus::Stopped) << at;
          EXPECT_TRUE(a.items.empty()) << at;
          EXPECT_EQ(b.status, DayStatus::Stopped) << at;
          EXPECT_TRUE(b.items.empty()) << at;
          ASSERT_EQ(b.holds.size(), 1U) << at;
          EXPECT_EQ(b.holds[0].kind, HoldKind::MedicalClearance) << at;
          next.clearances = {{day2->date, ClearanceKind::Medical, Role::Person, {}}};
          EXPECT_NE(adapt_session(day2, plan, group.profile, data, next).status, DayStatus::Stopped)
              << at << ": cleared";
          // A relapse clearance does not clear a cardiac hold.
          next.clearances = {{day2->date, ClearanceKind::Relapse, Role::Person, {}}};
          EXPECT_EQ(adapt_session(day2, plan, group.profile, data, next).status, DayStatus::Stopped)
              << at;
          break;
        case RedFlagKind::NewNeurological:
          // Emergency advice today, then the relapse pause until a relapse clearance.
          EXPECT_EQ(a.status, DayStatus::Stopped) << at;
          EXPECT_TRUE(std::any_of(a.reasons.begin(), a.reasons.end(), [](const Reason& r) {
            return en(r.message).find("emergency") != std::string::npos &&
                   en(r.message).find("not explained by heat") != std::string::npos;
          })) << at;
          EXPECT_EQ(b.status, DayStatus::Paused) << at;
          EXPECT_TRUE(b.items.empty()) << at;
          next.clearances = {{day2->date, ClearanceKind::Relapse, Role::Clinician, {}}};
          EXPECT_EQ(adapt_session(day2, plan, group.profile, data, next).status, DayStatus::Reduced)
              << at << ": re-entry";
          break;
        case RedFlagKind::None:
          if (symptom == Symptom::HeatWorsening || symptom == Symptom::Dizziness) {
            // Rest or seated only: never standing balance, walking or dual-task walking.
            EXPECT_EQ(a.status, DayStatus::Recovery) << at;
            EXPECT_TRUE(seated_only(a)) << at;
            ASSERT_FALSE(a.reasons.empty()) << at;
          } else {
            EXPECT_TRUE(a.status == DayStatus::Train || a.status == DayStatus::Reduced) << at;
          }
          // Nothing holds the next day.
          EXPECT_TRUE(b.holds.empty()) << at;
          break;
      }
    }
    // High fatigue: rest or seated only; a relapse: paused until cleared.
    AdaptationInput tired;
    tired.today = day1->date;
    tired.check_in = check_in(day1->date, 8, {});
    const auto t = adapt_session(day1, plan, group.profile, data, tired);
    EXPECT_EQ(t.status, DayStatus::Recovery) << group.name;
    EXPECT_TRUE(seated_only(t)) << group.name;
    AdaptationInput relapse;
    relapse.today = day2->date;
    relapse.flagged = {check_in(day1->date, 3, {}, /*relapse=*/true)};
    EXPECT_EQ(adapt_session(day2, plan, group.profile, data, relapse).status, DayStatus::Paused)
        << group.name;
  }
}

TEST(AdaptationScenario, ARelapseInTheProfileOnTheStartDatePausesThePlanUntilCleared) {
  const Profile p = ProfileBuilder().last_relapse(date("2026-01-05")).build();  // The start.
  const Plan plan = plan_for(p);
  const Session* first = first_with_items(plan);
  ASSERT_NE(first, nullptr);
  AdaptationInput in;
  in.today = first->date;
  const auto a = adapt_session(first, plan, p, reference_data(), in);
  EXPECT_EQ(a.status, DayStatus::Paused);
  ASSERT_EQ(a.holds.size(), 1U);
  EXPECT_TRUE(a.holds[0].from_profile);
  in.clearances = {{first->date, ClearanceKind::Relapse, Role::Person, {}}};
  EXPECT_EQ(adapt_session(first, plan, p, reference_data(), in).status, DayStatus::Reduced);
  // A relapse 31 days before the start does not hold the plan.
  const Profile older = ProfileBuilder().last_relapse(date("2025-12-05")).build();
  const Plan plan2 = plan_for(older);
  AdaptationInput in2;
  in2.today = first_with_items(plan2)->date;
  EXPECT_NE(adapt_session(first_with_items(plan2), plan2, older, reference_data(), in2).status,
            DayStatus::Paused);
}

TEST(AdaptationScenario, ARedFlagAfterAClearanceOnTheSameDayIsNotCleared) {
  const Profile p = ProfileBuilder().build();
  const Plan plan = plan_for(p);
  const Session* day1 = first_with_items(plan);
  const Session* day2 = session_after(plan, day1->date);
  AdaptationInput in;
  in.today = day2->date;
  CheckIn first = check_in(day1->date, 2, {Symptom::ChestPain});
  first.recorded_at = format_iso_date(day1->date) + "T08:00";
  CheckIn again = check_in(day1->date, 2, {Symptom::Fainting});
  again.recorded_at = format_iso_date(day1->date) + "T18:00";
  in.flagged = {first, again};
  in.clearances = {
      {day1->date, ClearanceKind::Medical, Role::Person, format_iso_date(day1->date) + "T12:00"}};
  const auto a = adapt_session(day2, plan, p, reference_data(), in);
  EXPECT_EQ(a.status, DayStatus::Stopped);
  ASSERT_EQ(a.holds.size(), 1U);
  EXPECT_EQ(a.holds[0].symptoms, std::vector<Symptom>{Symptom::Fainting});
}

TEST(AdaptationScenario, BalanceMovesUpOnlyAfterTwoSafeAndEasyRatingsAndBackOnAHardOne) {
  const Profile p = ProfileBuilder().edss(4.0).mobility(Mobility::OneAid).build();
  const Plan plan = plan_for(p);
  const Session* day = nullptr;
  for (const auto& s : plan.sessions) {
    if (s.week > 1 && std::any_of(s.items.begin(), s.items.end(),
                                  [](const PlanItem& i) { return i.balance_slot >= 0; })) {
      day = &s;
      break;
    }
  }
  ASSERT_NE(day, nullptr);
  const PlanItem& planned = *std::find_if(day->items.begin(), day->items.end(),
                                          [](const PlanItem& i) { return i.balance_slot >= 0; });
  ASSERT_GE(planned.balance_levels, 2);
  const auto today_item = [&](std::vector<ItemLog> logs) {
    AdaptationInput in;
    in.today = day->date;
    in.balance_log = std::move(logs);
    const auto a = adapt_session(day, plan, p, reference_data(), in);
    for (const auto& i : a.items) {
      if (i.item.balance_slot == planned.balance_slot) {
        return i.item;
      }
    }
    return PlanItem{};
  };
  const std::string first = planned.exercise->id;
  const Date d1 = day->date - std::chrono::days{6};
  const Date d2 = day->date - std::chrono::days{4};
  // One "safe and easy" is not enough; "manageable" in between resets the count.
  EXPECT_EQ(today_item({{d1, first, true, ItemRating::Easy}}).exercise->id, first);
  EXPECT_EQ(today_item({{d1, first, true, ItemRating::Easy}, {d2, first, true, ItemRating::Ok}})
                .exercise->id,
            first);
  const PlanItem up =
      today_item({{d1, first, true, ItemRating::Easy}, {d2, first, true, ItemRating::Easy}});
  EXPECT_NE(up.exercise->id, first);
  EXPECT_EQ(up.balance_level, planned.balance_level + 1);
  // "Too hard or unsteady" at the new level goes back one.
  const PlanItem back =
      today_item({{d1, first, true, ItemRating::Easy},
                  {d2, first, true, ItemRating::Easy},
                  {day->date - std::chrono::days{2}, up.exercise->id, true, ItemRating::Hard}});
  EXPECT_EQ(back.exercise->id, first);
}

}  // namespace
}  // namespace msfit::core

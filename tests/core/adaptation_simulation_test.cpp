// Simulation: generated people live through their plans with good days, bad days, hot days,
// red flags, relapses and gaps; every adapted session is checked against the invariants.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "msfit/core/adaptation.hpp"
#include "msfit/core/strength_math.hpp"

#include "../../src/core/selection.hpp"
#include "profile_generator.hpp"
#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::reference_data;

int people() {
  if (const char* env = std::getenv("MSFIT_SIMULATION_PEOPLE")) {
    return std::max(1, std::atoi(env));
  }
  return 1000;
}

struct Person {
  Profile profile;
  Plan plan;
  std::map<std::string, double> true_max;  // Hidden strength, grows with training.
  std::map<std::string, std::vector<ExercisePerformance>, std::less<>> history;
  std::set<Date> logged;
  std::vector<CheckIn> flagged;       // Check-ins with red flags or a relapse.
  std::vector<Clearance> clearances;  // Recorded clearances.
  std::vector<ItemLog> balance_log;
  std::optional<Date> relapse_open;  // Since when the person waits for a relapse clearance.
  std::optional<Date> relapse_ends;  // When their MS team agrees.
  std::optional<Date> medical_open;  // Since when they wait for a medical clearance.
  std::optional<Date> medical_ends;  // When a doctor clears them.
  std::optional<Date> resumed_on;
  int skip_until_week = 0;  // A gap: no training before this week.
};

class Simulation {
 public:
  explicit Simulation(std::uint32_t seed) : rng_(seed) {}

  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // Returns the number of invariant violations, reporting the first few.
  int live(Person& person, int index) {
    const auto& data = reference_data();
    int violations = 0;
    const auto fail = [&](const std::string& what) {
      if (violations++ < 3) {
        ADD_FAILURE() << "person " << index << ": " << what;
      }
    };
    // A relapse in the profile within 30 days of the start waits for the MS team too.
    if (person.profile.last_relapse &&
        (person.plan.start_date - *person.profile.last_relapse).count() <= 30) {
      person.relapse_open = *person.profile.last_relapse;
      person.relapse_ends = person.plan.start_date + std::chrono::days{uniform(0, 21)};
    }
    for (const auto& session : person.plan.sessions) {
      const Date today = session.date;
      if (session.week < person.skip_until_week) {
        continue;
      }
      if (chance(0.01) && session.week > 2) {
        person.skip_until_week = session.week + uniform(2, 4);  // A gap of 2-4 weeks.
        continue;
      }
      if (person.relapse_ends && today >= *person.relapse_ends) {
        person.clearances.push_back(
            {today, ClearanceKind::Relapse, Role::Person, format_iso_date(today) + "T08:00"});
        person.resumed_on = today;
        person.relapse_open.reset();
        person.relapse_ends.reset();
      }
      if (person.medical_ends && today >= *person.medical_ends) {
        person.clearances.push_back(
            {today, ClearanceKind::Medical, Role::Clinician, format_iso_date(today) + "T08:00"});
        person.medical_open.reset();
        person.medical_ends.reset();
      }
      AdaptationInput in;
      in.today = today;
      in.flagged = person.flagged;
      in.clearances = person.clearances;
      in.balance_log = person.balance_log;
      if (!person.logged.empty()) {
        in.last_training = *person.logged.rbegin();
      }
      // A check-in on most days: mostly fine, sometimes tired or hot, rarely a red flag.
      if (chance(0.85)) {
        CheckIn c;
        c.date = today;
        c.recorded_at = format_iso_date(today) + "T10:00";  // After any clearance of the day.
        const int roll = uniform(0, 99);
        c.fatigue = roll < 70 ? uniform(0, 4) : roll < 90 ? uniform(5, 6) : uniform(7, 10);
        c.feels_hot = chance(0.1);
        if (chance(0.02)) {
          c.symptoms.push_back(chance(0.5) ? Symptom::HeatWorsening : Symptom::Dizziness);
        }
        if (chance(0.01)) {
          static constexpr std::array kFlags = {Symptom::ChestPain,  Symptom::Fainting,
                                                Symptom::VisionLoss, Symptom::NewWeakness,
                                                Symptom::HeadStrike, Symptom::Palpitations};
          c.symptoms.push_back(kFlags[static_cast<std::size_t>(uniform(0, 5))]);
        }
        if (chance(0.005) && !person.relapse_open) {
          c.relapse = true;
        }
        in.check_in = c;
        if (c.relapse || !c.symptoms.empty()) {
          person.flagged.push_back(c);
          in.flagged = person.flagged;
        }
      }
      in.history = person.history;
      const AdaptedSession a = adapt_session(&session, person.plan, person.profile, data, in);

      const auto flags_of = [&](RedFlagKind kind) {
        return in.check_in &&
               std::any_of(in.check_in->symptoms.begin(), in.check_in->symptoms.end(),
                           [&](Symptom s) { return red_flag_kind(s) == kind; });
      };
      const bool red_flag = in.check_in && std::any_of(in.check_in->symptoms.begin(),
                                                       in.check_in->symptoms.end(), is_red_flag);
      if (flags_of(RedFlagKind::NewNeurological) && !person.relapse_open) {
        person.relapse_open = today;
        person.relapse_ends = today + std::chrono::days{uniform(7, 42)};
      }
      if ((flags_of(RedFlagKind::Cardiac) || flags_of(RedFlagKind::Urgent)) &&
          !person.medical_open) {
        person.medical_open = today;
        person.medical_ends = today + std::chrono::days{uniform(2, 21)};
      }
      const bool relapse = person.relapse_open || (in.check_in && in.check_in->relapse);
      // Invariants: no training on a red-flag day, none while a relapse pause or a medical
      // clearance is open.
      if (red_flag && (a.status != DayStatus::Stopped || !a.items.empty())) {
        fail("trains on a red-flag day");
      }
      if (!red_flag && relapse && (a.status != DayStatus::Paused || !a.items.empty())) {
        fail("trains during a relapse pause");
      }
      if (!red_flag && !relapse && person.medical_open &&
          (a.status != DayStatus::Stopped || !a.items.empty())) {
        fail("trains while waiting for a medical clearance");
      }
      const bool bad_day =
          in.check_in && (in.check_in->fatigue >= 7 ||
                          std::count(in.check_in->symptoms.begin(), in.check_in->symptoms.end(),
                                     Symptom::HeatWorsening) > 0 ||
                          std::count(in.check_in->symptoms.begin(), in.check_in->symptoms.end(),
                                     Symptom::Dizziness) > 0);
      if (bad_day && !red_flag && !relapse && !person.medical_open && a.status != DayStatus::Rest &&
          a.status != DayStatus::Recovery) {
        fail("a bad day is not a rest or seated day");
      }
      if (a.status == DayStatus::Recovery) {
        for (const auto& i : a.items) {
          if (i.item.exercise->position != Position::Seated ||
              i.item.exercise->modality != Modality::Flexibility) {
            fail("a recovery day holds " + i.item.exercise->id +
                 ", which is not seated stretching,"
                 " mobility or breathing");
          }
        }
      }
      const bool reentry = person.resumed_on && (today - *person.resumed_on).count() < 14;
      const bool solo_aid =
          selection::solo_with_aid(person.profile) && !person.profile.clearance.standing_balance;
      for (const auto& i : a.items) {
        const auto& item = i.item;
        const Exercise& ex = *item.exercise;
        const bool balance_work =
            ex.modality == Modality::Balance || ex.pattern == Pattern::DualTask;
        if (solo_aid && balance_work &&
            (ex.pattern == Pattern::DualTask
                 ? ex.position != Position::Seated
                 : ex.position == Position::Standing && ex.support != Support::Held)) {
          fail("unsupported standing balance or dual task for someone alone with an aid: " + ex.id);
        }
        if (person.profile.trains_alone && ex.tags.contains(Tag::NeedsHelper)) {
          fail("an exercise that needs a helper for someone alone: " + ex.id);
        }
        if (item.intensity.pct_1rm && *item.intensity.pct_1rm > 85) {
          fail("above 85 % 1RM");
        }
        if (reentry && item.intensity.pct_1rm && *item.intensity.pct_1rm > 40) {
          fail("re-entry above 40 % 1RM");
        }
        if (reentry && item.rule == "strength.bodyweight_progression" &&
            (item.sets > 1 || (item.intensity.rpe && (*item.intensity.rpe)[1] > 4))) {
          fail("re-entry band or body-weight work is not light: " + ex.id);
        }
        if (reentry && item.work_minutes > 10) {
          fail("re-entry aerobic bout over 10 min");
        }
        if (!i.load) {
          continue;
        }
        const double load = i.load->load_kg;
        const double step = *data.load_increment_kg(*item.exercise);
        if (load < 0) {
          fail("negative load");
        }
        if (i.load->working_max_kg && load > 0.85 * *i.load->working_max_kg + 1e-6) {
          fail("load above 85 % of the working max");
        }
        if (i.load->last_load_kg) {
          const double last = *i.load->last_load_kg;
          if (load > std::max(last + step, last * 1.2) + 1e-6) {
            fail("load jumped more than 20 % above the last one");
          }
          const auto& h = person.history[item.exercise->id];
          const ExercisePerformance* previous = nullptr;
          for (const auto& p : h) {
            if (!p.sets.empty() && p.sets[0].load_kg > 0) {
              previous = &p;
              break;
            }
          }
          const bool missed =
              previous != nullptr &&
              std::any_of(previous->sets.begin(), previous->sets.end(), [&](const SetLog& s) {
                const Range reps = previous->prescribed_reps.value_or(item.reps);
                return !s.completed || s.reps < reps[0] || (s.rir && *s.rir == 0);
              });
          if (missed && load > last + 1e-6) {
            fail("load rose after a missed target");
          }
        }
      }
      if (a.status == DayStatus::Stopped || a.status == DayStatus::Paused) {
        if (in.check_in && in.check_in->relapse && !person.relapse_open) {
          person.relapse_open = today;
          person.relapse_ends = today + std::chrono::days{uniform(14, 42)};
          person.resumed_on.reset();
        }
        continue;
      }
      // Balance: the person rates each level; mostly manageable, often easy, sometimes hard.
      for (const auto& i : a.items) {
        if (i.item.balance_slot >= 0) {
          const int roll = uniform(0, 9);
          person.balance_log.push_back(ItemLog{today, i.item.exercise->id, true,
                                               roll < 5   ? ItemRating::Easy
                                               : roll < 9 ? ItemRating::Ok
                                                          : ItemRating::Hard});
        }
      }
      // Do the session (sometimes only part of it) and log it.
      if (chance(0.1)) {
        continue;  // Planned but not done.
      }
      bool any = false;
      for (const auto& i : a.items) {
        const auto& item = i.item;
        if (item.exercise->modality != Modality::Strength || item.reps[1] == 0) {
          any = any || item.exercise->modality == Modality::Aerobic;
          continue;
        }
        const auto step = data.load_increment_kg(*item.exercise);
        double& max = person.true_max[item.exercise->id];
        if (max == 0) {
          max = uniform(30, 150);
        }
        double load = i.load ? i.load->load_kg : 0;
        if (step && load == 0) {
          load = round_down_to_increment(max * 0.5, *step);  // A first guess at a light load.
        }
        ExercisePerformance p;
        p.date = today;
        p.prescribed_reps = item.reps;
        for (int n = 1; n <= item.sets; ++n) {
          const int possible =
              load > 0 ? std::max(0, static_cast<int>(30.0 * (max / load - 1.0))) : 20;
          const int reps = std::min(item.reps[1], possible - uniform(0, 2));
          SetLog s{today,
                   item.exercise->id,
                   n,
                   std::max(0, reps),
                   load,
                   std::clamp(possible - std::max(0, reps), 0, 10),
                   reps >= item.reps[0]};
          p.sets.push_back(s);
        }
        max *= 1.004;  // Slow strength gain with training.
        auto& h = person.history[item.exercise->id];
        h.insert(h.begin(), std::move(p));
        if (h.size() > 4) {
          h.pop_back();
        }
        any = true;
      }
      if (any) {
        person.logged.insert(today);
      }
    }
    return violations;
  }

 private:
  std::mt19937 rng_;
};

TEST(AdaptationSimulation, ThousandsOfWeeksOfLogsKeepEveryInvariant) {
  const auto& data = reference_data();
  testing::ProfileGenerator generator(data, 424242);
  Simulation sim(99);
  const int count = people();
  int violations = 0;
  int sessions = 0;
  for (int i = 0; i < count; ++i) {
    Person person;
    person.profile = generator.next();
    person.profile.weeks = 24;
    auto plan = generate_plan(person.profile, data);
    ASSERT_TRUE(plan);
    person.plan = std::move(*plan);
    sessions += static_cast<int>(person.plan.sessions.size());
    violations += sim.live(person, i);
  }
  EXPECT_EQ(violations, 0);
  EXPECT_GE(sessions, count * 24);  // At least one session a week each: the test did run.
}

}  // namespace
}  // namespace msfit::core

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
  std::optional<Date> relapse_open;
  std::optional<Date> resumed_on;
  std::optional<Date> relapse_ends;  // When this person will resume.
  int skip_until_week = 0;           // A gap: no training before this week.
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
        person.resumed_on = today;
        person.relapse_open.reset();
        person.relapse_ends.reset();
      }
      AdaptationInput in;
      in.today = today;
      in.relapse_open = person.relapse_open;
      in.resumed_on = person.resumed_on;
      if (!person.logged.empty()) {
        in.last_training = *person.logged.rbegin();
      }
      // A check-in on most days: mostly fine, sometimes tired or hot, rarely a red flag.
      if (chance(0.85)) {
        CheckIn c;
        c.date = today;
        const int roll = uniform(0, 99);
        c.fatigue = roll < 70 ? uniform(0, 4) : roll < 90 ? uniform(5, 6) : uniform(7, 10);
        c.feels_hot = chance(0.1);
        if (chance(0.01)) {
          c.symptoms.push_back(chance(0.5) ? Symptom::ChestPain : Symptom::Fainting);
        }
        if (chance(0.005) && !person.relapse_open) {
          c.relapse = true;
        }
        in.check_in = c;
      }
      in.history = person.history;
      const AdaptedSession a = adapt_session(&session, person.plan, person.profile, data, in);

      const bool red_flag = in.check_in && std::any_of(in.check_in->symptoms.begin(),
                                                       in.check_in->symptoms.end(), is_red_flag);
      const bool relapse = person.relapse_open || (in.check_in && in.check_in->relapse);
      // Invariant: no training on a red-flag day, none while paused by a relapse.
      if (red_flag && (a.status != DayStatus::Stopped || !a.items.empty())) {
        fail("trains on a red-flag day");
      }
      if (!red_flag && relapse && (a.status != DayStatus::Paused || !a.items.empty())) {
        fail("trains during a relapse pause");
      }
      if (a.status == DayStatus::Recovery) {
        for (const auto& i : a.items) {
          if (i.item.exercise->modality == Modality::Strength ||
              i.item.exercise->modality == Modality::Aerobic) {
            fail("strength or aerobic work on a recovery day");
          }
        }
      }
      const bool reentry = person.resumed_on && (today - *person.resumed_on).count() < 14;
      for (const auto& i : a.items) {
        const auto& item = i.item;
        if (item.intensity.pct_1rm && *item.intensity.pct_1rm > 85) {
          fail("above 85 % 1RM");
        }
        if (reentry && item.intensity.pct_1rm && *item.intensity.pct_1rm > 40) {
          fail("re-entry above 40 % 1RM");
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

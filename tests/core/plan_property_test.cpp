// Property test: many generated profiles, every plan checked against rules 1-11.

#include <cstdlib>
#include <random>

#include <gtest/gtest.h>

#include "msfit/core/plan.hpp"
#include "msfit/json/plan_json.hpp"

#include "plan_checks.hpp"
#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::reference_data;

int profile_count() {
  // The sanitizer build sets a smaller count; the ordinary build checks at least 10,000.
  if (const char* env = std::getenv("MSFIT_PROPERTY_PROFILES")) {
    return std::max(1, std::atoi(env));
  }
  return 10000;
}

template <typename E>
E pick(std::mt19937& rng) {
  std::uniform_int_distribution<int> d(0, static_cast<int>(kEnumCount<E>) - 1);
  return static_cast<E>(d(rng));
}

int uniform(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

bool chance(std::mt19937& rng, double p) {
  return std::bernoulli_distribution(p)(rng);
}

Profile random_profile(std::mt19937& rng, const ReferenceData& data,
                       const std::vector<const Exercise*>& loadable) {
  Profile p;
  p.age = uniform(rng, 18, 90);
  p.sex = pick<Sex>(rng);
  p.body_mass_kg = uniform(rng, 40, 150) + 0.5 * uniform(rng, 0, 1);
  p.ms_type = pick<MsType>(rng);
  p.mobility = pick<Mobility>(rng);
  if (chance(rng, 0.8)) {
    // An EDSS consistent with the mobility level.
    int lo = 0;
    int hi = 13;  // In half steps: 0-6.5.
    switch (p.mobility) {
      case Mobility::Independent:
        hi = 13;
        break;
      case Mobility::OneAid:
      case Mobility::TwoAids:
        lo = 4;
        hi = 19;
        break;
      case Mobility::Wheelchair:
        lo = 8;
        hi = 19;
        break;
    }
    p.edss = uniform(rng, lo, hi) / 2.0;
  }
  p.experience = pick<Experience>(rng);
  p.location = pick<Location>(rng);
  for (std::size_t i = 0; i < kEnumCount<Equipment>; ++i) {
    if (chance(rng, p.location == Location::Gym ? 0.6 : 0.25)) {
      p.equipment.insert(static_cast<Equipment>(i));
    }
  }
  p.trains_alone = chance(rng, 0.5);
  const int n_days = uniform(rng, 1, 7);
  while (p.days.size() < n_days) {
    p.days.insert(pick<Weekday>(rng));
  }
  p.session_minutes = uniform(rng, 20, 120);
  for (const Exercise* ex : loadable) {
    if (p.equipment.includes(ex->equipment) && chance(rng, 0.15)) {
      p.one_rm_kg[ex->id] = uniform(rng, 5, 200) + 0.25 * uniform(rng, 0, 3);
    }
  }
  if (chance(rng, 0.5)) {
    p.resting_hr = uniform(rng, 45, 95);
    if (chance(rng, 0.8)) {
      p.max_hr = uniform(rng, std::max(80, *p.resting_hr + 20), std::min(220, *p.resting_hr + 130));
    }
  }
  p.beta_blockers = chance(rng, 0.15);
  p.heat_sensitive = chance(rng, 0.6);
  p.start_date = Date{std::chrono::days{20454 + uniform(rng, 0, 2000)}};  // 2026 onwards.
  if (chance(rng, 0.4)) {
    p.last_relapse = p.start_date - std::chrono::days{uniform(rng, 0, 400)};
  }
  p.weeks = chance(rng, 0.5) ? 24 : uniform(rng, 1, 52);
  (void)data;
  return p;
}

TEST(PlanProperty, EveryGeneratedProfileGetsAPlanThatKeepsEveryRule) {
  const auto& data = reference_data();
  std::vector<const Exercise*> loadable;
  for (const auto& ex : data.exercises()) {
    if (ex.modality == Modality::Strength && data.load_increment_kg(ex)) {
      loadable.push_back(&ex);
    }
  }
  std::mt19937 rng(20261123);
  const int count = profile_count();
  int failures = 0;
  for (int i = 0; i < count && failures < 10; ++i) {
    const Profile profile = random_profile(rng, data, loadable);
    auto plan = generate_plan(profile, data);
    ASSERT_TRUE(plan) << "profile " << i << ": " << plan.error().field << ": "
                      << plan.error().message;
    const auto problems = testing::check_plan(*plan, profile, data);
    if (!problems.empty()) {
      ++failures;
      std::string all;
      for (std::size_t k = 0; k < problems.size() && k < 8; ++k) {
        all += "\n  " + problems[k];
      }
      ADD_FAILURE() << "profile " << i << " (" << problems.size() << " problems):" << all;
    }
    // Rule 11: the same profile gives the same bytes. Checked on a sample to keep the run short.
    if (i % 50 == 0) {
      auto again = generate_plan(profile, data);
      ASSERT_TRUE(again);
      EXPECT_EQ(json::plan_to_json(*plan, data, json::Layout::Compact),
                json::plan_to_json(*again, data, json::Layout::Compact))
          << "profile " << i;
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace msfit::core

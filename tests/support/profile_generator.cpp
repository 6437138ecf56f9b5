#include "profile_generator.hpp"

namespace msfit::testing {

using namespace core;

namespace {

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

}  // namespace

Profile ProfileGenerator::next() {
  std::mt19937& rng = rng_;
  const auto& loadable = loadable_;
  Profile p;
  p.age = uniform(rng, 18, 90);
  p.sex = pick<Sex>(rng);
  p.body_mass_kg = uniform(rng, 40, 150) + 0.5 * uniform(rng, 0, 1);
  p.ms_type = pick<MsType>(rng);
  p.mobility = pick<Mobility>(rng);
  if (chance(rng, 0.8)) {
    // An EDSS step consistent with the mobility level (no 0.5, none above 9.0).
    int lo = 0;
    int hi = 11;  // In half steps: 0-5.5 walking without an aid.
    switch (p.mobility) {
      case Mobility::Independent:
        hi = 11;
        break;
      case Mobility::OneAid:
      case Mobility::TwoAids:
        lo = 4;
        hi = 18;
        break;
      case Mobility::Wheelchair:
        lo = 8;
        hi = 18;
        break;
    }
    int half_steps = uniform(rng, lo, hi);
    if (half_steps == 1) {
      half_steps = chance(rng, 0.5) ? 0 : 2;
    }
    p.edss = half_steps / 2.0;
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
  p.heart_condition = chance(rng, 0.1);
  p.clearance.standing_balance = chance(rng, 0.1);
  p.clearance.vigorous_aerobic = chance(rng, 0.1);
  p.heat_sensitive = chance(rng, 0.6);
  p.start_date = Date{std::chrono::days{20454 + uniform(rng, 0, 2000)}};  // 2026 onwards.
  if (chance(rng, 0.4)) {
    p.last_relapse = p.start_date - std::chrono::days{uniform(rng, 0, 400)};
  }
  p.weeks = chance(rng, 0.5) ? 24 : uniform(rng, 1, 52);
  p.cognitive_training = !chance(rng, 0.1);
  return p;
}

ProfileGenerator::ProfileGenerator(const ReferenceData& data, std::uint32_t seed) : rng_(seed) {
  for (const auto& ex : data.exercises()) {
    if (ex.modality == Modality::Strength && data.load_increment_kg(ex)) {
      loadable_.push_back(&ex);
    }
  }
}

}  // namespace msfit::testing

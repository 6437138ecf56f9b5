#include "msfit/core/strength_math.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace msfit::core {

double epley_one_rm(double load_kg, int reps) {
  assert(reps >= 1 && reps <= kMaxRepsForOneRmEstimate);
  return load_kg * (1.0 + reps / 30.0);
}

double brzycki_one_rm(double load_kg, int reps) {
  assert(reps >= 1 && reps <= kMaxRepsForOneRmEstimate);
  return load_kg * 36.0 / (37.0 - reps);
}

int max_reps_at_percent(int pct_1rm) {
  assert(pct_1rm > 0 && pct_1rm <= 100);
  const double fraction = pct_1rm / 100.0;
  const double epley = 30.0 * (1.0 / fraction - 1.0);
  const double brzycki = 37.0 - 36.0 * fraction;
  // A small tolerance keeps exact results (80 % -> 8.2 -> 8; 75 % -> 10) from rounding away.
  return static_cast<int>(std::floor(std::max(epley, brzycki) + 1e-9));
}

double round_down_to_increment(double load_kg, double increment_kg) {
  assert(increment_kg > 0);
  const double steps = std::floor(load_kg / increment_kg + 1e-9);
  // Keep two decimals exact (2.5 kg and 1.25 kg steps) without floating-point noise.
  return std::round(steps * increment_kg * 100.0) / 100.0;
}

std::array<int, 2> karvonen_bpm(int resting_hr, int max_hr, std::array<int, 2> hrr_pct) {
  const int reserve = max_hr - resting_hr;
  std::array<int, 2> out{};
  for (std::size_t i = 0; i < 2; ++i) {
    out[i] = resting_hr + static_cast<int>(std::lround(reserve * hrr_pct[i] / 100.0));
  }
  return out;
}

}  // namespace msfit::core

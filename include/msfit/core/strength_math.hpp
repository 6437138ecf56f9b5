#pragma once

// Load and heart-rate arithmetic used by the plan and, later, by progression. Pure functions.

#include <array>

namespace msfit::core {

// Estimates are unreliable above 10 repetitions [EPLEY-SEC]; callers must not pass more.
inline constexpr int kMaxRepsForOneRmEstimate = 10;

// Epley: 1RM = w * (1 + r / 30) [EPLEY-SEC].
[[nodiscard]] double epley_one_rm(double load_kg, int reps);

// Brzycki: 1RM = w * 36 / (37 - r) [EPLEY-SEC].
[[nodiscard]] double brzycki_one_rm(double load_kg, int reps);

// The most repetitions a person can be expected to complete at pct % of their 1RM: the larger
// of the Epley and Brzycki predictions, rounded down. 80 % -> 8, 70 % -> 12, 60 % -> 20.
[[nodiscard]] int max_reps_at_percent(int pct_1rm);

// Rounds a load down to a multiple of the increment (never up: a prescription must not exceed
// its percentage). Returns 0 when the load is below one increment.
[[nodiscard]] double round_down_to_increment(double load_kg, double increment_kg);

// Karvonen: target = rest + fraction * (max - rest), for each bound of a % HRR range.
[[nodiscard]] std::array<int, 2> karvonen_bpm(int resting_hr, int max_hr,
                                              std::array<int, 2> hrr_pct);

}  // namespace msfit::core

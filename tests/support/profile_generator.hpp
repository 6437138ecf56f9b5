#pragma once

// Generates varied, valid profiles for property tests and benchmarks: every mobility level
// with a consistent EDSS, random equipment, days, session lengths, maxima, heart rates,
// relapses and plan lengths. Deterministic for a given seed.

#include <cstdint>
#include <random>
#include <vector>

#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"

namespace msfit::testing {

class ProfileGenerator {
 public:
  ProfileGenerator(const core::ReferenceData& data, std::uint32_t seed);
  core::Profile next();

 private:
  std::mt19937 rng_;
  std::vector<const core::Exercise*> loadable_;
};

}  // namespace msfit::testing

// Property test: many generated profiles, every plan checked against rules 1-11.

#include <cstdlib>
#include <random>

#include <gtest/gtest.h>

#include "msfit/core/plan.hpp"
#include "msfit/json/plan_json.hpp"

#include "plan_checks.hpp"
#include "profile_generator.hpp"
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

TEST(PlanProperty, EveryGeneratedProfileGetsAPlanThatKeepsEveryRule) {
  const auto& data = reference_data();
  testing::ProfileGenerator generator(data, 20261123);
  const int count = profile_count();
  int failures = 0;
  for (int i = 0; i < count && failures < 10; ++i) {
    const Profile profile = generator.next();
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

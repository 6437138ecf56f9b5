// Plan engine benchmarks. Run: build/ci/bench/plan_bench (see docs/PERFORMANCE.md).

#include <benchmark/benchmark.h>

#include "msfit/core/plan.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/reference_data_json.hpp"

#include "reference.hpp"

namespace {

using msfit::testing::ProfileBuilder;
using msfit::testing::reference_data;

void BM_GeneratePlan24Weeks(benchmark::State& state) {
  const auto& data = reference_data();
  const auto profile = ProfileBuilder().experience(msfit::core::Experience::Novice).build();
  for (auto _ : state) {
    auto plan = msfit::core::generate_plan(profile, data);
    benchmark::DoNotOptimize(plan);
  }
}
BENCHMARK(BM_GeneratePlan24Weeks)->Unit(benchmark::kMicrosecond);

void BM_GeneratePlanSevenDays(benchmark::State& state) {
  const auto& data = reference_data();
  msfit::core::EnumSet<msfit::core::Weekday> all;
  for (int i = 0; i < 7; ++i) {
    all.insert(static_cast<msfit::core::Weekday>(i));
  }
  const auto profile = ProfileBuilder().days(all).session_minutes(90).build();
  for (auto _ : state) {
    auto plan = msfit::core::generate_plan(profile, data);
    benchmark::DoNotOptimize(plan);
  }
}
BENCHMARK(BM_GeneratePlanSevenDays)->Unit(benchmark::kMicrosecond);

void BM_PlanToJson(benchmark::State& state) {
  const auto& data = reference_data();
  const auto plan = msfit::testing::plan_for(ProfileBuilder().build());
  for (auto _ : state) {
    auto text = msfit::json::plan_to_json(plan, data, msfit::json::Layout::Compact);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_PlanToJson)->Unit(benchmark::kMicrosecond);

void BM_LoadReferenceData(benchmark::State& state) {
  for (auto _ : state) {
    auto data = msfit::json::load_embedded_reference_data();
    benchmark::DoNotOptimize(data);
  }
}
BENCHMARK(BM_LoadReferenceData)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// Analytics and report benchmarks. Run: build/ci/bench/report_bench (docs/PERFORMANCE.md).

#include <random>

#include <benchmark/benchmark.h>

#include "msfit/core/analytics.hpp"
#include "msfit/report/report.hpp"

#include "reference.hpp"

namespace {

using msfit::testing::date;
using msfit::testing::reference_data;
namespace core = msfit::core;

struct Person {
  std::vector<core::SetLog> sets;
  std::vector<core::CardioLog> cardio;
  std::vector<core::CheckIn> check_ins;
  std::vector<core::MeasureRecord> records;
};

// `sets` strength sets over three years, 200 measure results, cardio and check-ins.
Person person(std::uint32_t seed, int sets) {
  std::mt19937 rng(seed);
  Person p;
  const auto start = date("2024-01-01");
  const char* exercises[] = {"leg_press_machine", "seated_row_machine", "machine_chest_press",
                             "leg_extension_machine", "lat_pulldown_machine"};
  for (int i = 0; i < sets; ++i) {
    const auto day = start + std::chrono::days{i * 1095 / sets};
    p.sets.push_back({day, exercises[i % 5], 1 + i % 3, 8 + static_cast<int>(rng() % 4),
                      30.0 + static_cast<double>(rng() % 40), 2, true});
  }
  for (int d = 0; d < 1095; d += 2) {
    p.cardio.push_back({start + std::chrono::days{d}, "upright_stationary_bike", 30, {}, {}, 5});
    p.check_ins.push_back(
        {start + std::chrono::days{d}, static_cast<int>(rng() % 8), {}, false, {}, {}, false, {}});
  }
  for (int i = 0; i < 200; ++i) {
    static const char* const kMeasures[] = {"t25fw", "tug", "sdmt", "six_mwt"};
    static const double kBase[] = {6.0, 8.0, 45.0, 400.0};
    const double v = kBase[i % 4] * (1.0 + static_cast<double>(rng() % 30) / 100.0);
    p.records.push_back(
        {start + std::chrono::days{i * 5}, kMeasures[i % 4], {}, {v}, v, core::Role::Person});
  }
  return p;
}

void BM_ProgressSummary50kSets200Measures(benchmark::State& state) {
  const Person p = person(1, 50000);
  const auto& data = reference_data();
  for (auto _ : state) {
    auto t = core::summarize_training(data, date("2024-01-01"), date("2026-12-31"), p.sets,
                                      p.cardio, p.check_ins);
    auto m = core::summarize_measures(data.measures(), p.records);
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_ProgressSummary50kSets200Measures)->Unit(benchmark::kMillisecond);

void BM_CohortSummary1000People3000Sets(benchmark::State& state) {
  std::vector<Person> cohort;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    cohort.push_back(person(i, 3000));
  }
  const auto& data = reference_data();
  const auto& walk = *data.find_measure("t25fw");
  const std::array<int, 4> weeks = {0, 12, 24, 52};
  for (auto _ : state) {
    std::vector<std::vector<core::MeasureRecord>> records;
    records.reserve(cohort.size());
    double minutes = 0;
    for (const auto& p : cohort) {
      const auto t = core::summarize_training(data, date("2024-01-01"), date("2026-12-31"), p.sets,
                                              p.cardio, p.check_ins);
      for (const auto& w : t.weeks) {
        minutes += w.aerobic_minutes;
      }
      records.push_back(p.records);
    }
    auto change = core::cohort_change(walk, records, weeks);
    benchmark::DoNotOptimize(change);
    benchmark::DoNotOptimize(minutes);
  }
}
BENCHMARK(BM_CohortSummary1000People3000Sets)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_RenderPdfReport(benchmark::State& state) {
  const Person p = person(7, 50000);
  const auto& data = reference_data();
  msfit::report::ReportData d;
  d.subject = "bench";
  d.from = date("2024-01-01");
  d.to = date("2024-06-30");
  d.training = core::summarize_training(data, d.from, d.to, p.sets, p.cardio, p.check_ins);
  d.records = p.records;
  d.measures = core::summarize_measures(data.measures(), d.records);
  std::size_t bytes = 0;
  int pages = 0;
  for (auto _ : state) {
    auto pdf = msfit::report::render(d, data, msfit::report::Format::Pdf);
    bytes = pdf->size();
    pages = 0;
    for (std::size_t pos = 0; (pos = pdf->find("/Type /Page", pos)) != std::string::npos; ++pos) {
      pages += pdf->compare(pos, 12, "/Type /Pages") == 0 ? 0 : 1;
    }
    benchmark::DoNotOptimize(pdf);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["pages"] = pages;
}
BENCHMARK(BM_RenderPdfReport)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

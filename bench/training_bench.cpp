// Training log benchmarks: today's adapted session against a long history, and durable set
// logging. Run: build/ci/bench/training_bench (see docs/PERFORMANCE.md). Uses a database file
// in a temporary directory, because durability is what is being measured.

#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>

#include "msfit/app/training.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"

#include "reference.hpp"

namespace {

namespace fs = std::filesystem;
using msfit::storage::Logged;
using msfit::testing::date;
using msfit::testing::ProfileBuilder;
using msfit::testing::reference_data;

struct Db {
  fs::path dir;
  std::unique_ptr<msfit::storage::Store> store;
  std::unique_ptr<msfit::app::Training> training;
  msfit::storage::AccountId account = 0;

  explicit Db(const std::string& name) {
    dir = fs::temp_directory_path() / ("msfit-bench-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    store = std::move(*msfit::storage::open_sqlite_store((dir / "bench.db").string()));
    const auto& data = reference_data();
    training = std::make_unique<msfit::app::Training>(
        *store, data,
        msfit::app::Codec{
            [&data](std::string_view t) { return msfit::json::parse_profile(t, data); },
            [](const msfit::core::Profile& p) { return msfit::json::profile_to_json(p); },
            [&data](const msfit::core::Plan& p) {
              return msfit::json::plan_to_json(p, data, msfit::json::Layout::Compact);
            }});
    account = store->ensure_account("bench")->id;
  }
  ~Db() {
    training.reset();
    store.reset();
    fs::remove_all(dir);
  }
};

// Three years of training: 6 days a week, 12 exercises x 4-5 sets, about 50,000 sets.
void fill_history(Db& db, msfit::core::Date plan_start) {
  const std::vector<std::string> exercises = {
      "leg_press_machine",          "machine_chest_press",   "seated_row_machine",
      "dumbbell_romanian_deadlift", "hip_abduction_machine", "lying_leg_curl_machine",
      "leg_extension_machine",      "lat_pulldown_machine",  "machine_chest_press",
      "hip_adduction_machine",      "cable_face_pull",       "dumbbell_goblet_squat"};
  std::mt19937 rng(1);
  std::vector<Logged<msfit::core::SetLog>> batch;
  int id = 0;
  const auto first = plan_start - std::chrono::days{3 * 365};
  for (auto day = first; day < plan_start; day += std::chrono::days{1}) {
    const int wd = msfit::core::weekday_index(day);
    if (wd == 6) {
      continue;
    }
    for (const auto& ex : exercises) {
      for (int s = 1; s <= 4 + static_cast<int>(rng() % 2); ++s) {
        batch.push_back({"h" + std::to_string(id++),
                         {day, ex, s, 8 + static_cast<int>(rng() % 5),
                          20.0 + static_cast<double>(rng() % 60), 2, true}});
      }
    }
    if (batch.size() > 2000) {
      (void)db.store->log_sets(db.account, batch);
      batch.clear();
    }
  }
  (void)db.store->log_sets(db.account, batch);
}

void BM_TodayWithThreeYearsOfHistory(benchmark::State& state) {
  Db db("today");
  const auto profile = ProfileBuilder().one_rm("leg_press_machine", 120).build();
  (void)db.training->set_profile(db.account, profile);
  (void)db.training->make_plan(db.account);
  fill_history(db, profile.start_date);
  const auto today = profile.start_date + std::chrono::days{7 * 3};  // A Monday in week 4.
  auto history = db.training->history(db.account, profile.start_date - std::chrono::days{1200},
                                      profile.start_date);
  state.counters["history_sets"] = static_cast<double>(history->log.sets.size());
  for (auto _ : state) {
    auto view = db.training->today(db.account, today);
    if (!view) {
      state.SkipWithError(view.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(view);
  }
}
BENCHMARK(BM_TodayWithThreeYearsOfHistory)->Unit(benchmark::kMillisecond);

void BM_DurableSetLogs(benchmark::State& state) {
  Db db("log");
  const auto batch_size = static_cast<int>(state.range(0));
  int id = 0;
  for (auto _ : state) {
    std::vector<Logged<msfit::core::SetLog>> batch;
    for (int i = 0; i < batch_size; ++i) {
      batch.push_back({"c" + std::to_string(id++),
                       {date("2026-01-05"), "leg_press_machine", 1, 10, 50.0, 2, true}});
    }
    auto written = db.training->log_sets(db.account, batch);
    benchmark::DoNotOptimize(written);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * batch_size);
}
// Wall-clock time: durability costs fsyncs, not CPU.
BENCHMARK(BM_DurableSetLogs)
    ->Arg(1)
    ->Arg(10)
    ->Arg(50)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

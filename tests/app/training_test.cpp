#include "msfit/app/training.hpp"

#include <gtest/gtest.h>

#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"

#include "reference.hpp"

namespace msfit::app {
namespace {

using storage::Logged;
using storage::WriteResult;
using testing::date;
using testing::ProfileBuilder;
using testing::reference_data;

// The clock the tests run on: after every day they log.
constexpr const char* kToday = "2027-03-01";

class TrainingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::open_sqlite_store(":memory:");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    const auto& data = reference_data();
    training_ = std::make_unique<Training>(
        *store_, data,
        Codec{[&data](std::string_view t) { return json::parse_profile(t, data); },
              [](const core::Profile& p) { return json::profile_to_json(p); },
              [&data](const core::Plan& p) {
                return json::plan_to_json(p, data, json::Layout::Compact);
              }},
        Clock::starting_at(std::chrono::system_clock::time_point(date(kToday))));
    auto account = store_->ensure_account("me");
    ASSERT_TRUE(account);
    account_ = account->id;
  }

  void plan(const core::Profile& profile) {
    ASSERT_TRUE(training_->set_profile(account_, profile));
    auto outcome = training_->make_plan(account_);
    ASSERT_TRUE(outcome) << outcome.error().message;
  }

  Logged<core::SetLog> set(const char* id, const char* day, const char* exercise, int reps,
                           double kg, std::optional<int> rir = 3) {
    return {id, core::SetLog{date(day), exercise, 1, reps, kg, rir, true}};
  }

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Training> training_;
  storage::AccountId account_ = 0;
};

TEST_F(TrainingTest, PlansFromTheStoredProfileAndKeepsEveryVersion) {
  EXPECT_EQ(training_->make_plan(account_).error().code, ErrorCode::NotFound);
  plan(ProfileBuilder().build());
  plan(ProfileBuilder().session_minutes(45).build());
  auto latest = store_->latest_profile(account_);
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->version, 2);
  auto current = training_->current_plan(account_);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->stored.profile_version, 2);
  EXPECT_EQ(current->profile.session_minutes, 45);
}

TEST_F(TrainingTest, RejectsAnInvalidProfileWithoutStoringIt) {
  const auto r = training_->set_profile(account_, ProfileBuilder().age(10).build());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "age");
  auto latest = store_->latest_profile(account_);
  ASSERT_TRUE(latest);
  EXPECT_FALSE(*latest);
}

TEST_F(TrainingTest, TodayWithoutAPlanIsNotFound) {
  EXPECT_EQ(training_->today(account_, date("2026-01-05")).error().code, ErrorCode::NotFound);
}

TEST_F(TrainingTest, LoadsFollowWhatWasLogged) {
  plan(ProfileBuilder().build());  // Trained: the ramp starts on Monday 2026-01-05.
  ASSERT_TRUE(
      training_->log_set(account_, set("s1", "2026-01-05", "leg_press_machine", 10, 60, 3)));
  const auto view = training_->today(account_, date("2026-01-07"));
  ASSERT_TRUE(view) << view.error().message;
  bool found = false;
  for (const auto& item : view->session.items) {
    if (item.item.exercise->id == "leg_press_machine") {
      found = true;
      ASSERT_TRUE(item.load);
      // Week 1 asked 6-10 reps; 10 with 3 in reserve is the top: one 5 kg step up.
      EXPECT_DOUBLE_EQ(item.load->load_kg, 65.0);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(TrainingTest, ARetriedLogIsStoredOnce) {
  const auto s = set("same-id", "2026-01-05", "leg_press_machine", 10, 60);
  EXPECT_EQ(*training_->log_set(account_, s), WriteResult::Stored);
  EXPECT_EQ(*training_->log_set(account_, s), WriteResult::AlreadyStored);
  const auto h = training_->history(account_, date("2026-01-01"), date("2026-01-31"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->log.sets.size(), 1U);
}

TEST_F(TrainingTest, BadLogsNameTheFieldAndStoreNothing) {
  const struct {
    Logged<core::SetLog> log;
    const char* field;
  } cases[] = {
      {set("a", "2026-01-05", "no_such_exercise", 10, 60), "exercise"},
      {set("b", "2026-01-05", "upright_stationary_bike", 10, 60), "exercise"},
      {set("c", "2026-01-05", "leg_press_machine", -1, 60), "reps"},
      {set("d", "2026-01-05", "leg_press_machine", 10, 900), "load_kg"},
      {set("e", "2026-01-05", "leg_press_machine", 10, 60, 12), "rir"},
      {set("", "2026-01-05", "leg_press_machine", 10, 60), "client_id"},
  };
  for (const auto& c : cases) {
    const auto r = training_->log_set(account_, c.log);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  const auto h = training_->history(account_, date("2026-01-01"), date("2026-01-31"));
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->log.sets.empty());
}

TEST_F(TrainingTest, ARelapsePausesUntilResumedThenReentryIsLight) {
  plan(ProfileBuilder().build());
  EXPECT_EQ(training_->resume(account_, {"r0", date("2026-01-07")}).error().code,
            ErrorCode::Conflict);
  ASSERT_TRUE(training_->check_in(
      account_, {"c1", core::CheckIn{date("2026-01-07"), 4, {}, false, {}, {}, true, {}}}));
  auto paused = training_->today(account_, date("2026-01-09"));
  ASSERT_TRUE(paused);
  EXPECT_EQ(paused->session.status, core::DayStatus::Paused);
  ASSERT_TRUE(training_->resume(account_, {"r1", date("2026-01-19")}));
  auto back = training_->today(account_, date("2026-01-19"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->session.status, core::DayStatus::Reduced);
  for (const auto& item : back->session.items) {
    if (item.item.intensity.pct_1rm) {
      EXPECT_LE(*item.item.intensity.pct_1rm, 40);
    }
  }
}

TEST_F(TrainingTest, SwapsMustBeSuitableAlternativesAndAreRemembered) {
  plan(ProfileBuilder().build());
  const auto* leg_press = reference_data().find_exercise("leg_press_machine");
  ASSERT_NE(leg_press, nullptr);
  EXPECT_EQ(training_->swap(account_, "leg_press_machine", "tandem_stance", date("2026-01-06"))
                .error()
                .field,
            "to");
  EXPECT_EQ(training_->swap(account_, "nope", "tandem_stance", date("2026-01-06")).error().field,
            "exercise");
  const std::string alt = leg_press->alternatives.front();
  ASSERT_TRUE(training_->swap(account_, "leg_press_machine", alt, date("2026-01-06")));
  const auto view = training_->today(account_, date("2026-01-07"));
  ASSERT_TRUE(view);
  bool replaced = false;
  for (const auto& item : view->session.items) {
    EXPECT_NE(item.item.exercise->id, "leg_press_machine");
    replaced = replaced || item.item.exercise->id == alt;
  }
  EXPECT_TRUE(replaced);
}

TEST_F(TrainingTest, HistoryReportsAdherencePerWeek) {
  plan(ProfileBuilder().build());
  ASSERT_TRUE(training_->log_set(account_, set("a", "2026-01-05", "leg_press_machine", 8, 60)));
  ASSERT_TRUE(training_->log_cardio(
      account_,
      {"b", core::CardioLog{date("2026-01-09"), "upright_stationary_bike", 20, 120, {}, 5}}));
  const auto h = training_->history(account_, date("2026-01-05"), date("2026-01-11"));
  ASSERT_TRUE(h);
  ASSERT_EQ(h->adherence.size(), 1U);
  EXPECT_EQ(h->adherence[0].planned, 3);
  EXPECT_EQ(h->adherence[0].done, 2);
  EXPECT_EQ(h->log.cardio.size(), 1U);
}

TEST_F(TrainingTest, RefusesWritesDatedInTheFutureAndAllowsADayForTimeZones) {
  auto r = training_->log_set(account_, set("f1", "2027-03-03", "leg_press_machine", 10, 40));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "date");
  EXPECT_NE(r.error().message.find("future"), std::string::npos);
  core::CheckIn later;
  later.date = date("2027-06-01");
  EXPECT_FALSE(training_->check_in(account_, {"f2", later}));
  EXPECT_FALSE(training_->note(account_, {"f3", storage::Note{date("2027-03-05"), "later"}}));
  NewMeasure m;
  m.client_id = "f4";
  m.measure = "six_mwt";
  m.date = date("2028-01-01");
  m.trials = {400};
  EXPECT_FALSE(training_->add_measure(account_, m));
  // Today and tomorrow (a time zone ahead of UTC) are accepted.
  EXPECT_TRUE(training_->log_set(account_, set("f5", kToday, "leg_press_machine", 10, 40)));
  EXPECT_TRUE(training_->log_set(account_, set("f6", "2027-03-02", "leg_press_machine", 10, 40)));
  // A completed set has at least one repetition; a set given up may have none.
  auto none = set("f7", kToday, "leg_press_machine", 0, 40);
  EXPECT_EQ(training_->log_set(account_, none).error().field, "reps");
  none.value.completed = false;
  EXPECT_TRUE(training_->log_set(account_, none));
}

}  // namespace
}  // namespace msfit::app

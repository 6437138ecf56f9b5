#include "msfit/app/training.hpp"

#include <gtest/gtest.h>

#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/storage/memory_store.hpp"

#include "profile_generator.hpp"
#include "reference.hpp"
#include "test_store.hpp"

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
  virtual Result<std::unique_ptr<storage::Store>> open_store() {
    return storage::open_store(testing::test_database(":memory:"));
  }

  void SetUp() override {
    auto opened = open_store();
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

// The leg press load today's session asks for on `day`, or none.
std::optional<double> leg_press_load(Training& training, storage::AccountId account,
                                     const char* day) {
  const auto view = training.today(account, date(day));
  EXPECT_TRUE(view) << view.error().message;
  if (view) {
    for (const auto& item : view->session.items) {
      if (item.item.exercise->id == "leg_press_machine" && item.load) {
        return item.load->load_kg;
      }
    }
  }
  return std::nullopt;
}

TEST_F(TrainingTest, ACorrectedSetIsWhatProgressionReadsAndADeletedOneNoLongerCounts) {
  plan(ProfileBuilder().build());  // Trained: the ramp starts on Monday 2026-01-05.
  const auto fresh = leg_press_load(*training_, account_, "2026-01-07");
  const Actor me{core::Account{account_, "me", core::AccountRole::Person, std::nullopt},
                 "PATCH /api/v1/sets/{client_id}"};
  // Typed at the gym as 60 kg; it was 50.
  ASSERT_TRUE(
      training_->log_set(account_, set("s1", "2026-01-05", "leg_press_machine", 10, 60, 3)));
  EXPECT_EQ(leg_press_load(*training_, account_, "2026-01-07"), 65.0);
  SetCorrection fix;
  fix.load_kg = 50;
  fix.rir = std::optional<int>();  // Cleared.
  const auto fixed = training_->correct_set(account_, "s1", fix, me);
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_EQ(fixed->load_kg, 50);
  EXPECT_EQ(fixed->reps, 10);
  EXPECT_FALSE(fixed->rir.has_value());
  EXPECT_EQ(fixed->exercise, "leg_press_machine");
  // Progression reads the corrected set: 10 reps at the top of 6-10 from 50 kg.
  EXPECT_EQ(leg_press_load(*training_, account_, "2026-01-07"), 55.0);
  // The same correction again (a resend) changes nothing and records nothing more.
  ASSERT_TRUE(training_->correct_set(account_, "s1", fix, me));
  auto audit = store_->audit_log(account_, 10).value();
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit[0].action, storage::AuditAction::Change);
  EXPECT_EQ(audit[0].resource, "PATCH /api/v1/sets/{client_id}");
  EXPECT_EQ(audit[0].detail,
            "set s1 (2026-01-05, leg_press_machine, set 1): load_kg 60 \u2192 50, rir 3 "
            "\u2192 none");
  // Checked as a logged set is; nothing stored when refused.
  SetCorrection bad;
  bad.reps = 0;  // A completed set has at least one repetition.
  EXPECT_EQ(training_->correct_set(account_, "s1", bad, me).error().field, "reps");
  bad.reps = 101;
  bad.completed = false;
  EXPECT_EQ(training_->correct_set(account_, "s1", bad, me).error().field, "reps");
  EXPECT_EQ(store_->logged_set(account_, "s1").value().reps, 10);
  EXPECT_EQ(training_->correct_set(account_, "nope", fix, me).error().code, ErrorCode::NotFound);

  // Deleted: progression and adherence no longer count it.
  EXPECT_EQ(training_->delete_set(account_, "s1", me).value(), WriteResult::Stored);
  EXPECT_EQ(leg_press_load(*training_, account_, "2026-01-07"), fresh);
  const auto h = training_->history(account_, date("2026-01-05"), date("2026-01-11"));
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->log.sets.empty());
  ASSERT_EQ(h->adherence.size(), 1U);
  EXPECT_EQ(h->adherence[0].done, 0);
  EXPECT_EQ(training_->delete_set(account_, "s1", me).value(), WriteResult::AlreadyStored);
  audit = store_->audit_log(account_, 10).value();
  ASSERT_EQ(audit.size(), 2U);  // The resent delete records nothing.
  EXPECT_EQ(audit[0].action, storage::AuditAction::Delete);
  EXPECT_EQ(audit[0].detail,
            "set s1 (2026-01-05, leg_press_machine, set 1) deleted: reps 10, load_kg 50, rir "
            "none, completed true");
  EXPECT_EQ(training_->delete_set(account_, "never", me).error().code, ErrorCode::NotFound);
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

// The exercise today's session has in the place of the leg press, if any.
std::string leg_press_slot(Training& training, storage::AccountId account, const char* day) {
  const auto view = training.today(account, date(day));
  EXPECT_TRUE(view) << view.error().message;
  if (view) {
    const auto* leg_press = reference_data().find_exercise("leg_press_machine");
    for (const auto& item : view->session.items) {
      const std::string& id = item.item.exercise->id;
      if (id == "leg_press_machine" ||
          std::find(leg_press->alternatives.begin(), leg_press->alternatives.end(), id) !=
              leg_press->alternatives.end()) {
        return id;
      }
    }
  }
  return "";
}

TEST_F(TrainingTest, ASwapForOneDayStopsTheNextDayAndTheStandingSwapComesBack) {
  plan(ProfileBuilder().build());  // Mon, Wed, Fri from 2026-01-05.
  const auto* leg_press = reference_data().find_exercise("leg_press_machine");
  ASSERT_GE(leg_press->alternatives.size(), 2U);
  const std::string standing = leg_press->alternatives[0];
  const std::string one_day = leg_press->alternatives[1];
  const core::Account me{account_, "me", core::AccountRole::Person, std::nullopt};
  ASSERT_TRUE(training_->swap_by(
      account_, SwapRequest{"leg_press_machine", standing, date("2026-01-07"), false, "sw1"}, me,
      ""));
  EXPECT_EQ(leg_press_slot(*training_, account_, "2026-01-05"), "leg_press_machine");
  EXPECT_EQ(leg_press_slot(*training_, account_, "2026-01-07"), standing);
  const auto made = training_->swap_by(
      account_, SwapRequest{"leg_press_machine", one_day, date("2026-01-09"), true, "sw2"}, me, "");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_NE(made->summary.find("on 2026-01-09 only"), std::string::npos) << made->summary;
  EXPECT_EQ(leg_press_slot(*training_, account_, "2026-01-07"), standing);
  EXPECT_EQ(leg_press_slot(*training_, account_, "2026-01-09"), one_day);
  EXPECT_EQ(leg_press_slot(*training_, account_, "2026-01-12"), standing);
  // A resend (an offline outbox) records nothing new and answers as the first time.
  const auto again = training_->swap_by(
      account_, SwapRequest{"leg_press_machine", one_day, date("2026-01-09"), true, "sw2"}, me, "");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, made->id);
  EXPECT_EQ(again->summary, made->summary);
  EXPECT_EQ(training_->adjustments(account_).value().size(), 2U);
  // Without a client id, each request is a change of its own.
  ASSERT_TRUE(
      training_->swap_by(account_, "leg_press_machine", standing, date("2026-01-07"), me, ""));
  EXPECT_EQ(training_->adjustments(account_).value().size(), 3U);
}

// For many generated profiles, every alternative today offers is one a swap accepts, and
// every alternative it leaves out is one a swap refuses.
TEST_F(TrainingTest, TodayOffersExactlyTheAlternativesASwapAccepts) {
  msfit::testing::ProfileGenerator profiles(reference_data(), 20261207);
  int offered = 0;
  int left_out = 0;
  for (int n = 0; n < 40; ++n) {
    const core::Profile profile = profiles.next();
    if (!training_->set_profile(account_, profile) || !training_->make_plan(account_)) {
      continue;
    }
    const auto plan = training_->current_plan(account_);
    ASSERT_TRUE(plan);
    for (const auto& session : plan->plan.sessions) {
      const auto view = training_->today(account_, session.date);
      ASSERT_TRUE(view) << view.error().message;
      ASSERT_EQ(view->alternatives.size(), view->session.items.size());
      for (std::size_t i = 0; i < view->session.items.size(); ++i) {
        const core::Exercise& from = *view->session.items[i].item.exercise;
        for (const auto& alt : from.alternatives) {
          const bool shown = std::any_of(view->alternatives[i].begin(), view->alternatives[i].end(),
                                         [&](const core::Exercise* e) { return e->id == alt; });
          // Swapped for the day after the plan ends, so the plan's own days are untouched.
          const auto swapped =
              training_->swap(account_, from.id, alt, date("2030-01-01"), date("2030-01-01"));
          EXPECT_EQ(shown, swapped.has_value()) << from.id << " -> " << alt << ": "
                                                << (swapped ? "accepted" : swapped.error().message);
          ++(shown ? offered : left_out);
        }
      }
      break;  // The first session of each plan.
    }
  }
  EXPECT_GT(offered, 50);
  EXPECT_GT(left_out, 0);
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

// The use cases the HTTP handlers call instead of the Store, against the in-memory Store.
class TrainingUseCaseTest : public TrainingTest {
 protected:
  Result<std::unique_ptr<storage::Store>> open_store() override {
    return testing::open_test_store();
  }

  core::Account clinician() {
    auto made = store_->create_account("dr-lind", core::AccountRole::Clinician, "hash");
    EXPECT_TRUE(made);
    return made ? *made : core::Account{};
  }

  // The account the tests log for, as the store has it.
  core::Account me() {
    auto found = store_->account_by_id(account_);
    EXPECT_TRUE(found);
    return found ? *found : core::Account{};
  }

  int profile_version() {
    auto latest = store_->latest_profile(account_);
    return latest && *latest ? (*latest)->version : 0;
  }
};

TEST_F(TrainingUseCaseTest, AProfileChangeStoresAVersionPlansAgainAndRecordsWhoAndWhy) {
  plan(ProfileBuilder().build());
  const core::Account dr = clinician();
  ProfileChange change;
  change.kind = ProfileChange::Kind::Days;
  change.days = {"tue", "thu"};
  const auto made = training_->change_profile(account_, change, dr, "works on Mondays");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->kind, "days");
  EXPECT_EQ(made->summary,
            "training days changed from mon, wed, fri to tue, thu; the plan was made again "
            "(reason: works on Mondays)");
  EXPECT_EQ(made->by, dr.id);
  EXPECT_EQ(made->by_name, "dr-lind");
  EXPECT_EQ(made->by_role, "clinician");
  EXPECT_EQ(profile_version(), 2);
  const auto current = training_->current_plan(account_);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->stored.profile_version, 2);
  EXPECT_TRUE(current->profile.days.contains(core::Weekday::Tue));
  EXPECT_FALSE(current->profile.days.contains(core::Weekday::Mon));
  const auto all = training_->adjustments(account_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1U);
  EXPECT_EQ(all->front().summary, made->summary);

  change.kind = ProfileChange::Kind::SessionMinutes;
  change.session_minutes = 45;
  const auto shorter = training_->change_profile(account_, change, dr, "");
  ASSERT_TRUE(shorter);
  EXPECT_EQ(shorter->summary, "session length changed from 60 to 45 min; the plan was made again");
  EXPECT_EQ(training_->current_plan(account_)->profile.session_minutes, 45);
}

TEST_F(TrainingUseCaseTest, AProfileChangeWithoutAPlanMakesNone) {
  ASSERT_TRUE(training_->set_profile(account_, ProfileBuilder().build()));
  ProfileChange change;
  change.kind = ProfileChange::Kind::Clearance;
  change.standing_balance = true;
  const auto made = training_->change_profile(account_, change, clinician(), "");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->summary, "standing balance work cleared");
  auto plan = training_->stored_plan(account_);
  ASSERT_TRUE(plan);
  EXPECT_FALSE(*plan);
  const auto profile = training_->stored_profile(account_);
  ASSERT_TRUE(profile && *profile);
  const auto stored = json::parse_profile((*profile)->body, reference_data());
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->clearance.standing_balance);
  EXPECT_FALSE(stored->clearance.vigorous_aerobic);
}

TEST_F(TrainingUseCaseTest, ARefusedProfileChangeNamesTheFieldAndStoresNothing) {
  const core::Account dr = clinician();
  ProfileChange change;
  change.kind = ProfileChange::Kind::Days;
  change.days = {"mon"};
  EXPECT_EQ(training_->change_profile(account_, change, dr, "").error().code, ErrorCode::NotFound);
  plan(ProfileBuilder().build());
  const struct {
    ProfileChange change;
    const char* field;
  } cases[] = {
      {{ProfileChange::Kind::Days, {"mon", "someday"}, 0, {}, {}}, "days[1]"},
      {{ProfileChange::Kind::Days, {"mon", "mon"}, 0, {}, {}}, "days[1]"},
      {{ProfileChange::Kind::Days, {}, 0, {}, {}}, "days"},
      {{ProfileChange::Kind::SessionMinutes, {}, 5000, {}, {}}, "session_minutes"},
      {{ProfileChange::Kind::Clearance, {}, 0, {}, {}}, "standing_balance"},
  };
  for (const auto& c : cases) {
    const auto r = training_->change_profile(account_, c.change, dr, "");
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(profile_version(), 1);
  EXPECT_TRUE(training_->adjustments(account_)->empty());
}

TEST_F(TrainingUseCaseTest, ASwapIsRecordedWithWhoMadeIt) {
  plan(ProfileBuilder().build());
  const auto* leg_press = reference_data().find_exercise("leg_press_machine");
  ASSERT_NE(leg_press, nullptr);
  const std::string alt = leg_press->alternatives.front();
  const auto refused = training_->swap_by(account_, "leg_press_machine", "tandem_stance",
                                          date("2026-01-06"), me(), "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "to");
  EXPECT_TRUE(training_->adjustments(account_)->empty());
  const auto made = training_->swap_by(account_, "leg_press_machine", alt, date("2026-01-06"), me(),
                                       std::string(600, 'x'));
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->kind, "swap");
  EXPECT_EQ(made->by_role, "person");
  EXPECT_NE(made->summary.find("(leg_press_machine) replaced by"), std::string::npos);
  EXPECT_NE(made->summary.find("from 2026-01-06 (reason: " + std::string(500, 'x') + ")"),
            std::string::npos)
      << made->summary;
}

TEST_F(TrainingUseCaseTest, ACliniciansClearanceIsListedAmongThePlanChangesOnce) {
  plan(ProfileBuilder().build());
  ASSERT_TRUE(training_->check_in(
      account_, {"c1", core::CheckIn{date("2026-01-07"), 4, {}, false, {}, {}, true, {}}}));
  const core::Account dr = clinician();
  const Logged<core::Clearance> cleared{
      "clinician:r1",
      core::Clearance{date("2026-01-19"), core::ClearanceKind::Relapse, core::Role::Clinician, {}}};
  auto r = training_->record_clearance_by(account_, cleared, dr);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, WriteResult::Stored);
  r = training_->record_clearance_by(account_, cleared, dr);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, WriteResult::AlreadyStored);
  const auto all = training_->adjustments(account_);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1U);
  EXPECT_EQ(all->front().kind, "clearance");
  EXPECT_EQ(all->front().summary, "Relapse clearance recorded for 2026-01-19");
  EXPECT_EQ(all->front().by_name, "dr-lind");
  // Nothing left to clear: Conflict, and nothing recorded.
  const Logged<core::Clearance> medical{
      "clinician:m1",
      core::Clearance{date("2026-01-20"), core::ClearanceKind::Medical, core::Role::Clinician, {}}};
  EXPECT_EQ(training_->record_clearance_by(account_, medical, dr).error().code,
            ErrorCode::Conflict);
  EXPECT_EQ(training_->adjustments(account_)->size(), 1U);
}

TEST_F(TrainingUseCaseTest, APeriodStartsAtThePlanOrTwelveWeeksBackAndIsBounded) {
  const core::Date to = date("2026-03-01");
  auto p = training_->period(account_, {std::nullopt, to});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, date("2025-12-08"));  // 84 days, both ends included.
  plan(ProfileBuilder().build());
  p = training_->period(account_, {std::nullopt, to});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, date("2026-01-05"));
  // Before the plan starts, the period is the one day.
  p = training_->period(account_, {std::nullopt, date("2026-01-01")});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, date("2026-01-01"));
  p = training_->period(account_, {date("2026-02-01"), to});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first, date("2026-02-01"));
  EXPECT_EQ(training_->period(account_, {date("2026-03-02"), to}).error().field, "from");
  EXPECT_EQ(training_->period(account_, {date("2020-01-01"), to}).error().field, "from");

  ASSERT_TRUE(training_->log_set(account_, set("a", "2026-01-05", "leg_press_machine", 8, 60)));
  const auto h = training_->history(account_, {std::nullopt, date("2026-01-11")});
  ASSERT_TRUE(h);
  EXPECT_EQ(h->from, date("2026-01-05"));
  EXPECT_EQ(h->to, date("2026-01-11"));
  EXPECT_EQ(h->log.sets.size(), 1U);
  const auto progress = training_->progress(account_, {std::nullopt, date("2026-01-11")});
  ASSERT_TRUE(progress);
  EXPECT_EQ(progress->from, date("2026-01-05"));
}

TEST_F(TrainingUseCaseTest, TodayAnnouncesTheCliniciansRecentPlanChangesOnly) {
  plan(ProfileBuilder().build());
  const core::Account dr = clinician();
  ProfileChange days;
  days.kind = ProfileChange::Kind::Days;
  days.days = {"tue", "thu"};
  ASSERT_TRUE(training_->change_profile(account_, days, dr, ""));
  ProfileChange cleared;
  cleared.kind = ProfileChange::Kind::Clearance;
  cleared.standing_balance = true;
  ASSERT_TRUE(training_->change_profile(account_, cleared, dr, ""));
  // The person's own swap is theirs, not news.
  const auto* leg_press = reference_data().find_exercise("leg_press_machine");
  ASSERT_TRUE(training_->swap_by(account_, "leg_press_machine", leg_press->alternatives.front(),
                                 date("2026-01-05"), me(), ""));
  const auto made = training_->adjustments(account_).value().front().created_at.substr(0, 10);
  const core::Date on = date(made.c_str());

  const auto view = training_->today(account_, on);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_EQ(view->plan_changes.size(), 2U);
  EXPECT_EQ(view->plan_changes[0].kind, "clearance");
  EXPECT_EQ(view->plan_changes[0].message.code, "today.plan_change.clearance_widened");
  EXPECT_EQ(view->plan_changes[0].date, on);
  EXPECT_EQ(view->plan_changes[1].kind, "days");
  EXPECT_EQ(view->plan_changes[1].message.code, "today.plan_change.days");
  // Still shown 13 days on; gone on the 14th, and not shown before it was made.
  EXPECT_EQ(training_->today(account_, on + core::Date::duration{13})->plan_changes.size(), 2U);
  EXPECT_TRUE(training_->today(account_, on + core::Date::duration{14})->plan_changes.empty());
  EXPECT_TRUE(training_->today(account_, on - core::Date::duration{1})->plan_changes.empty());
}

TEST_F(TrainingUseCaseTest, MeasuresAreReadByCatalogueId) {
  NewMeasure m;
  m.client_id = "m1";
  m.measure = "t25fw";
  m.date = date("2026-01-05");
  m.trials = {6.2, 6.4};
  ASSERT_TRUE(training_->add_measure(account_, m));
  const core::Date from{std::chrono::days{0}};
  const auto all = training_->measures(account_, "", from, date("2026-12-31"));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1U);
  EXPECT_EQ(training_->measures(account_, "t25fw", from, date("2026-12-31"))->size(), 1U);
  EXPECT_TRUE(training_->measures(account_, "six_mwt", from, date("2026-12-31"))->empty());
  const auto unknown = training_->measures(account_, "nope", from, date("2026-12-31"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "id");
}

TEST_F(TrainingUseCaseTest, TheReportNamesWhoseItIs) {
  plan(ProfileBuilder().build());
  const auto shown = training_->report(account_, {std::nullopt, date("2026-02-01")});
  ASSERT_TRUE(shown) << shown.error().message;
  EXPECT_EQ(shown->subject, "me");
  EXPECT_EQ(shown->progress.from, date("2026-01-05"));
  ASSERT_TRUE(shown->progress.profile);
}

TEST_F(TrainingUseCaseTest, TheExportHoldsEverythingStoredAboutThePerson) {
  auto empty = training_->export_all(account_);
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->profile);
  EXPECT_FALSE(empty->plan);
  plan(ProfileBuilder().build());
  ASSERT_TRUE(training_->log_set(account_, set("a", "1990-01-01", "leg_press_machine", 8, 60)));
  ASSERT_TRUE(training_->log_set(account_, set("b", "2027-03-01", "leg_press_machine", 8, 60)));
  NewMeasure m;
  m.client_id = "m1";
  m.measure = "t25fw";
  m.date = date("2026-01-05");
  m.trials = {6.2};
  ASSERT_TRUE(training_->add_measure(account_, m));
  const auto* leg_press = reference_data().find_exercise("leg_press_machine");
  ASSERT_TRUE(training_->swap_by(account_, "leg_press_machine", leg_press->alternatives.front(),
                                 date("2026-01-06"), me(), ""));
  const auto all = training_->export_all(account_);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_TRUE(all->profile);
  ASSERT_TRUE(all->plan);
  EXPECT_FALSE(all->plan->body.empty());
  EXPECT_EQ(all->log.sets.size(), 2U);  // Whatever their dates.
  EXPECT_EQ(all->measures.size(), 1U);
  EXPECT_EQ(all->adjustments.size(), 1U);
  EXPECT_TRUE(all->clinicians.empty());
  EXPECT_TRUE(all->studies.empty());
}

}  // namespace
}  // namespace msfit::app

// Cognitive training through the use cases: today's cognitive session as the plan, the log, the
// check-ins, the ratings and the holds adapt it; recording blocks and ratings; the view of a
// period with its plan weeks; and the export. On a pinned clock, over the in-memory store and
// SQLite (PostgreSQL when MSFIT_TEST_DB=postgres).

#include "msfit/core/cognitive.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "msfit/app/training.hpp"
#include "msfit/json/plan_json.hpp"
#include "msfit/json/profile_json.hpp"
#include "msfit/storage/memory_store.hpp"

#include "profile_generator.hpp"
#include "reference.hpp"
#include "test_store.hpp"

namespace msfit::app {
namespace {

namespace cg = core::cognitive;
using core::CognitiveSession;
using core::CognitiveTask;
using core::Date;
using storage::Logged;
using storage::WriteResult;
using testing::date;
using testing::ProfileBuilder;
using testing::reference_data;

// The clock the tests run on: after every day they log.
constexpr const char* kToday = "2027-03-01";

Date plus(Date d, int days) {
  return d + std::chrono::days{days};
}

std::vector<CognitiveTask> tasks_of(const cg::Today& t) {
  std::vector<CognitiveTask> out;
  for (const auto& task : t.tasks) {
    out.push_back(task.task);
  }
  return out;
}

int minutes_of_tasks(const cg::Today& t) {
  int sum = 0;
  for (const auto& task : t.tasks) {
    sum += task.minutes;
  }
  return sum;
}

// The start level of `task` today; 0 when the task is not among today's.
int start_level(const cg::Today& t, CognitiveTask task) {
  for (const auto& item : t.tasks) {
    if (item.task == task) {
      return item.start_level;
    }
  }
  return 0;
}

bool has_reason(const cg::Today& t, std::string_view rule, std::string_view code) {
  return std::any_of(t.reasons.begin(), t.reasons.end(), [&](const core::Reason& r) {
    return r.rule == rule && r.message.code == code;
  });
}

// A block of `task` on `day` from `start`: `right` right answers in a row, then `wrong` wrong
// ones, timed at 1.5 s, scored as the server scores it.
cg::Record scored(Date day, CognitiveTask task, int minutes, int start, int right, int wrong = 0) {
  std::vector<cg::Answer> answers;
  for (int i = 0; i < right; ++i) {
    answers.push_back({true, 1500});
  }
  for (int i = 0; i < wrong; ++i) {
    answers.push_back({false, 2000});
  }
  auto record = cg::make_record(day, task, false, minutes, start, answers);
  EXPECT_TRUE(record) << record.error().message;
  return record ? *record : cg::Record{};
}

core::CheckIn check_in_on(Date day, int fatigue) {
  core::CheckIn c;
  c.date = day;
  c.fatigue = fatigue;
  return c;
}

// Where the tests' store lives: "memory" and "sqlite" by default, "postgres" on PostgreSQL.
std::vector<std::string> stores() {
  if (testing::on_postgres()) {
    return {"postgres"};
  }
  return {"memory", "sqlite"};
}

class CognitiveTraining : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = testing::open_test_store();
    } else {
      auto opened = storage::open_store(testing::test_database(":memory:"));
      ASSERT_TRUE(opened) << opened.error().message;
      store_ = std::move(*opened);
    }
    ASSERT_NE(store_, nullptr);
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

  // Plans for `profile` (by default ProfileBuilder's: Mon/Wed/Fri from Monday 2026-01-05, no
  // recent relapse) and returns the plan's cognitive sessions.
  std::vector<CognitiveSession> plan(const core::Profile& profile = ProfileBuilder().build()) {
    EXPECT_TRUE(training_->set_profile(account_, profile));
    auto outcome = training_->make_plan(account_);
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome ? outcome->plan.cognitive : std::vector<CognitiveSession>{};
  }

  cg::Today today(Date day) {
    auto view = training_->today(account_, day);
    EXPECT_TRUE(view) << view.error().message;
    return view ? view->cognitive : cg::Today{};
  }

  void log_block(const std::string& id, const cg::Record& record) {
    const auto r = training_->add_cognitive_block(account_, {id, record});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, WriteResult::Stored);
  }
  void rate(const std::string& id, Date day, int rating) {
    const auto r = training_->add_cognitive_rating(account_, {id, cg::FatigueRating{day, rating}});
    ASSERT_TRUE(r) << r.error().message;
  }
  void check_in(const std::string& id, const core::CheckIn& c) {
    const auto r = training_->check_in(account_, {id, c});
    ASSERT_TRUE(r) << r.error().message;
  }

  static bool planned_on(const std::vector<CognitiveSession>& sessions, Date day) {
    return std::any_of(sessions.begin(), sessions.end(),
                       [day](const CognitiveSession& s) { return s.date == day; });
  }

  // The first session with at least two tasks whose next day has no cognitive session.
  static const CognitiveSession* with_a_free_next_day(const std::vector<CognitiveSession>& all) {
    for (const auto& s : all) {
      if (s.tasks.size() >= 2 && !planned_on(all, plus(s.date, 1))) {
        return &s;
      }
    }
    return nullptr;
  }

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Training> training_;
  storage::AccountId account_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Stores, CognitiveTraining, ::testing::ValuesIn(stores()),
                         [](const auto& store) { return store.param; });

TEST_P(CognitiveTraining, APlannedDayHasThePlansTasksAndMinutesFromTheFirstLevel) {
  const auto sessions = plan();
  ASSERT_GE(sessions.size(), 3U);
  const CognitiveSession& first = sessions[0];
  // Weeks 1-2: three sessions of 15 minutes, in the plan's first week.
  EXPECT_EQ(first.week, 1);
  EXPECT_EQ(first.minutes, 15);
  EXPECT_GE(first.date, date("2026-01-05"));
  EXPECT_LE(first.date, date("2026-01-11"));

  const cg::Today t = today(first.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Planned);
  EXPECT_EQ(t.date, first.date);
  EXPECT_EQ(t.minutes, first.minutes);
  EXPECT_EQ(tasks_of(t), first.tasks);
  EXPECT_EQ(minutes_of_tasks(t), t.minutes);
  for (const auto& task : t.tasks) {
    EXPECT_EQ(task.start_level, 1) << core::to_string(task.task);
    EXPECT_GT(task.minutes, 0);
  }
  EXPECT_TRUE(t.reasons.empty());
  EXPECT_EQ(t.paired, first.paired);
  ASSERT_TRUE(t.next);
  EXPECT_EQ(*t.next, sessions[1].date);

  // A day without a session: rest, and when the next one is.
  Date rest = date("2026-01-05");
  while (planned_on(sessions, rest) || planned_on(sessions, plus(rest, -1))) {
    rest = plus(rest, 1);
  }
  const cg::Today none = today(rest);
  EXPECT_EQ(none.status, cg::TodayStatus::Rest);
  EXPECT_TRUE(none.tasks.empty());
  EXPECT_EQ(none.minutes, 0);
  ASSERT_TRUE(none.next);
  EXPECT_GT(*none.next, rest);
  EXPECT_TRUE(planned_on(sessions, *none.next));
}

TEST_P(CognitiveTraining, ATaskStartsOneLevelBelowWhereItsLastBlockEnded) {
  const auto sessions = plan();
  // A session with a task that was practised the day before.
  ASSERT_GE(sessions.size(), 2U);
  const CognitiveSession& s = sessions[1];
  ASSERT_GE(s.tasks.size(), 2U);
  const CognitiveTask task = s.tasks.front();
  const CognitiveTask other = s.tasks.back();
  const Date before = plus(s.date, -1);
  const cg::Record record = scored(before, task, 8, 2, 9);  // 2 -> 3 -> 4 -> 5.
  ASSERT_EQ(record.end_level, 5);
  log_block("b1", record);

  const cg::Today t = today(s.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Planned);
  EXPECT_EQ(start_level(t, task), 4);
  EXPECT_EQ(start_level(t, other), 1);  // Never done: the first level.

  // A later block of the task, ending lower, is where it goes on.
  const cg::Record easier = scored(s.date, task, 5, 4, 0, 2);  // 4 -> 3 -> 2.
  ASSERT_EQ(easier.end_level, 2);
  log_block("b2", easier);
  Date later = plus(s.date, 1);
  while (!planned_on(sessions, later)) {
    later = plus(later, 1);
  }
  const cg::Today next = today(later);
  if (start_level(next, task) != 0) {
    EXPECT_EQ(start_level(next, task), 1);
  }
}

// A block done today does not move today's start: the session still starts each task where it
// started before the block ("the last block of each task, any date before today").
TEST_P(CognitiveTraining, ABlockDoneTodayLeavesTodaysStartLevelsAsTheyWere) {
  const auto sessions = plan();
  ASSERT_GE(sessions.size(), 2U);
  const CognitiveSession& s = sessions[1];
  const CognitiveTask task = s.tasks.front();
  log_block("b1", scored(plus(s.date, -1), task, 8, 2, 9));  // Ends at 5: starts at 4.
  ASSERT_EQ(start_level(today(s.date), task), 4);
  log_block("b2", scored(s.date, task, 5, 4, 3));  // Today's block: 4 -> 5.
  EXPECT_EQ(start_level(today(s.date), task), 4);
}

TEST_P(CognitiveTraining, TirednessFiveOrSixShortensTodaysSessionByATask) {
  const auto sessions = plan();
  ASSERT_GE(sessions.size(), 2U);
  const CognitiveSession& s = sessions[0];
  ASSERT_GE(s.tasks.size(), 2U);
  check_in("k1", check_in_on(s.date, 5));
  const cg::Today t = today(s.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Shorter);
  EXPECT_LT(t.minutes, s.minutes);
  EXPECT_GE(t.minutes, 10);  // Never shorter than 10 minutes.
  EXPECT_EQ(t.minutes, 10);  // Two thirds of 15, in steps of 5, at least 10.
  ASSERT_EQ(t.tasks.size(), s.tasks.size() - 1);
  EXPECT_TRUE(std::equal(t.tasks.begin(), t.tasks.end(), s.tasks.begin(),
                         [](const cg::TodayTask& a, CognitiveTask b) { return a.task == b; }));
  EXPECT_EQ(minutes_of_tasks(t), t.minutes);
  EXPECT_TRUE(has_reason(t, "cognitive.fatigue", "cognitive.shorter_checkin"));
  for (const auto& task : t.tasks) {
    EXPECT_EQ(task.start_level, 1);  // Tiredness today shortens; it does not lower the levels.
  }

  // Tiredness 4 changes nothing.
  const CognitiveSession& other = sessions[1];
  check_in("k2", check_in_on(other.date, 4));
  const cg::Today fine = today(other.date);
  EXPECT_EQ(fine.status, cg::TodayStatus::Planned);
  EXPECT_EQ(fine.minutes, other.minutes);
  EXPECT_TRUE(fine.reasons.empty());
}

TEST_P(CognitiveTraining, TirednessEightMovesTheSessionToTheNextDayUnlessItWasDone) {
  const auto sessions = plan();
  const CognitiveSession* found = with_a_free_next_day(sessions);
  ASSERT_NE(found, nullptr);
  const CognitiveSession& s = *found;
  const Date next_day = plus(s.date, 1);
  check_in("k1", check_in_on(s.date, 8));

  const cg::Today moved = today(s.date);
  EXPECT_EQ(moved.status, cg::TodayStatus::Moved);
  EXPECT_TRUE(moved.tasks.empty());
  EXPECT_EQ(moved.minutes, 0);
  EXPECT_TRUE(has_reason(moved, "cognitive.fatigue", "cognitive.moved"));

  // The next day, not a cognitive day of the plan, has yesterday's session.
  const cg::Today in = today(next_day);
  EXPECT_EQ(in.status, cg::TodayStatus::MovedIn);
  EXPECT_EQ(in.date, next_day);
  EXPECT_EQ(tasks_of(in), s.tasks);
  EXPECT_EQ(in.minutes, s.minutes);
  EXPECT_EQ(minutes_of_tasks(in), in.minutes);
  EXPECT_TRUE(has_reason(in, "cognitive.fatigue", "cognitive.moved_in"));
  for (const auto& task : in.tasks) {
    EXPECT_EQ(task.start_level, 1);
  }

  // Done yesterday after all (a block was logged): nothing moves in.
  log_block("b1", scored(s.date, s.tasks.front(), 5, 1, 3));
  const cg::Today done = today(next_day);
  EXPECT_EQ(done.status, cg::TodayStatus::Rest);
  EXPECT_TRUE(done.tasks.empty());
  EXPECT_EQ(done.minutes, 0);
}

TEST_P(CognitiveTraining, StillAsTiredTheNextDayTheMovedSessionIsLeftOut) {
  const auto sessions = plan();
  const CognitiveSession* found = with_a_free_next_day(sessions);
  ASSERT_NE(found, nullptr);
  const Date next_day = plus(found->date, 1);
  check_in("k1", check_in_on(found->date, 9));
  check_in("k2", check_in_on(next_day, 7));
  const cg::Today t = today(next_day);
  EXPECT_EQ(t.status, cg::TodayStatus::Moved);
  EXPECT_TRUE(t.tasks.empty());
  EXPECT_TRUE(has_reason(t, "cognitive.fatigue", "cognitive.dropped"));
  // It moves only once: the day after has no session from it.
  if (!planned_on(sessions, plus(next_day, 1))) {
    EXPECT_EQ(today(plus(next_day, 1)).status, cg::TodayStatus::Rest);
  }
  // Tiredness 6 yesterday moves nothing.
  const CognitiveSession* later = nullptr;
  for (const auto& s : sessions) {
    if (s.date > plus(next_day, 7) && s.tasks.size() >= 2 &&
        !planned_on(sessions, plus(s.date, 1))) {
      later = &s;
      break;
    }
  }
  ASSERT_NE(later, nullptr);
  check_in("k3", check_in_on(later->date, 6));
  EXPECT_EQ(today(plus(later->date, 1)).status, cg::TodayStatus::Rest);
}

TEST_P(CognitiveTraining, ATiringRatingShortensTheNextSessionAndStartsEachTaskALevelLower) {
  const auto sessions = plan();
  ASSERT_GE(sessions.size(), 2U);
  const CognitiveSession& s = sessions[1];
  ASSERT_GE(s.tasks.size(), 2U);
  const CognitiveTask first = s.tasks.front();
  log_block("b1", scored(plus(s.date, -2), first, 10, 2, 9));  // Ends at 5: starts at 4.
  rate("r1", plus(s.date, -1), 8);

  const cg::Today t = today(s.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Shorter);
  EXPECT_LT(t.minutes, s.minutes);
  EXPECT_EQ(t.tasks.size(), s.tasks.size() - 1);
  EXPECT_EQ(start_level(t, first), 3);  // One lower than 4.
  for (const auto& task : t.tasks) {
    EXPECT_GE(task.start_level, 1);  // Never below the first level.
  }
  EXPECT_TRUE(has_reason(t, "cognitive.fatigue", "cognitive.shorter_rating"));

  // More than a week later the rating no longer counts.
  const CognitiveSession* later = nullptr;
  for (const auto& other : sessions) {
    if ((other.date - plus(s.date, -1)).count() > 7) {
      later = &other;
      break;
    }
  }
  ASSERT_NE(later, nullptr);
  const cg::Today after = today(later->date);
  EXPECT_EQ(after.status, cg::TodayStatus::Planned);
  EXPECT_EQ(after.minutes, later->minutes);
}

TEST_P(CognitiveTraining, ARatingBelowSevenChangesNothing) {
  const auto sessions = plan();
  ASSERT_GE(sessions.size(), 2U);
  const CognitiveSession& s = sessions[1];
  rate("r1", plus(s.date, -1), 6);
  const cg::Today t = today(s.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Planned);
  EXPECT_EQ(t.minutes, s.minutes);
  EXPECT_EQ(tasks_of(t), s.tasks);
}

TEST_P(CognitiveTraining, ARelapseCheckInPausesCognitiveTrainingToo) {
  const auto sessions = plan();
  ASSERT_GE(sessions.size(), 2U);
  const CognitiveSession& s = sessions[0];
  core::CheckIn relapse = check_in_on(s.date, 3);
  relapse.relapse = true;
  check_in("k1", relapse);
  const cg::Today t = today(s.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Paused);
  EXPECT_TRUE(t.tasks.empty());
  EXPECT_EQ(t.minutes, 0);
  EXPECT_TRUE(has_reason(t, "cognitive.holds", "cognitive.paused"));
  // The pause lasts until the clearance: the next session waits too.
  EXPECT_EQ(today(sessions[1].date).status, cg::TodayStatus::Paused);
}

TEST_P(CognitiveTraining, ARedFlagStopsCognitiveTraining) {
  const auto sessions = plan();
  ASSERT_FALSE(sessions.empty());
  const CognitiveSession& s = sessions[0];
  core::CheckIn flag = check_in_on(s.date, 2);
  flag.symptoms = {core::Symptom::ChestPain};
  check_in("k1", flag);
  const cg::Today t = today(s.date);
  EXPECT_EQ(t.status, cg::TodayStatus::Stopped);
  EXPECT_TRUE(t.tasks.empty());
  EXPECT_TRUE(has_reason(t, "cognitive.holds", "cognitive.stopped"));
}

TEST_P(CognitiveTraining, APersonWhoOptedOutHasNoCognitiveSessions) {
  core::Profile profile = ProfileBuilder().build();
  profile.cognitive_training = false;
  const auto sessions = plan(profile);
  EXPECT_TRUE(sessions.empty());
  for (Date day = date("2026-01-05"); day <= date("2026-01-18"); day = plus(day, 1)) {
    const cg::Today t = today(day);
    EXPECT_EQ(t.status, cg::TodayStatus::Rest) << core::format_iso_date(day);
    EXPECT_TRUE(t.tasks.empty());
    EXPECT_TRUE(t.reasons.empty());
    EXPECT_FALSE(t.next);
  }
  const auto view = training_->cognitive(account_, date("2026-01-05"), date("2026-02-01"));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_TRUE(view->weeks.empty());
}

TEST_P(CognitiveTraining, WritesAreCheckedAndAResendIsStoredOnce) {
  const Date today_utc = date(kToday);
  // Dated after tomorrow (a day of slack for time zones): refused, naming the date.
  auto r = training_->add_cognitive_block(
      account_, {"f1", scored(plus(today_utc, 2), CognitiveTask::Speed, 5, 1, 3)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(r.error().field, "date");
  r = training_->add_cognitive_rating(account_, {"f2", cg::FatigueRating{plus(today_utc, 2), 3}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "date");
  EXPECT_TRUE(training_->add_cognitive_block(
      account_, {"f3", scored(plus(today_utc, 1), CognitiveTask::Speed, 5, 1, 3)}));
  EXPECT_TRUE(training_->add_cognitive_rating(account_, {"f4", cg::FatigueRating{today_utc, 0}}));

  // Ratings are 0-10; a client id is required.
  for (const int bad : {11, -1}) {
    r = training_->add_cognitive_rating(account_, {"f5", cg::FatigueRating{today_utc, bad}});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(r.error().field, "rating");
  }
  EXPECT_TRUE(training_->add_cognitive_rating(account_, {"f6", cg::FatigueRating{today_utc, 10}}));
  EXPECT_EQ(training_->add_cognitive_rating(account_, {"", cg::FatigueRating{today_utc, 3}})
                .error()
                .field,
            "client_id");
  EXPECT_EQ(
      training_
          ->add_cognitive_block(account_, {"", scored(today_utc, CognitiveTask::Speed, 5, 1, 3)})
          .error()
          .field,
      "client_id");

  // The same client id again: stored once, the first content kept.
  const Date day = date("2026-02-03");
  const cg::Record first = scored(day, CognitiveTask::Span, 6, 2, 3, 1);
  EXPECT_EQ(training_->add_cognitive_block(account_, {"same", first}).value(), WriteResult::Stored);
  EXPECT_EQ(training_->add_cognitive_block(account_, {"same", first}).value(),
            WriteResult::AlreadyStored);
  EXPECT_EQ(
      training_->add_cognitive_block(account_, {"same", scored(day, CognitiveTask::Route, 9, 1, 1)})
          .value(),
      WriteResult::AlreadyStored);
  EXPECT_EQ(training_->add_cognitive_rating(account_, {"rate", cg::FatigueRating{day, 4}}).value(),
            WriteResult::Stored);
  EXPECT_EQ(training_->add_cognitive_rating(account_, {"rate", cg::FatigueRating{day, 4}}).value(),
            WriteResult::AlreadyStored);
  const auto view = training_->cognitive(account_, day, day);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_EQ(view->blocks.size(), 1U);
  EXPECT_EQ(view->blocks[0].client_id, "same");
  EXPECT_EQ(view->blocks[0].value.task, CognitiveTask::Span);
  EXPECT_EQ(view->blocks[0].value.minutes, 6);
  EXPECT_EQ(view->blocks[0].value.end_level, 2);
  EXPECT_EQ(view->blocks[0].value.highest_level, 3);
  EXPECT_EQ(view->blocks[0].value.answers, 4);
  EXPECT_EQ(view->blocks[0].value.right, 3);
  EXPECT_EQ(view->blocks[0].value.median_right_ms, 1500);
  ASSERT_EQ(view->ratings.size(), 1U);
  EXPECT_EQ(view->ratings[0].rating, 4);
}

TEST_P(CognitiveTraining, ThePeriodHasItsBlocksRatingsAndPlannedAgainstDoneMinutesPerWeek) {
  const auto sessions = plan();
  const Date start = date("2026-01-05");
  int planned_sessions[3] = {};
  int planned_minutes[3] = {};
  for (const auto& s : sessions) {
    if (s.week <= 2) {
      ++planned_sessions[s.week];
      planned_minutes[s.week] += s.minutes;
    }
  }
  EXPECT_EQ(planned_sessions[1], 3);
  EXPECT_EQ(planned_minutes[1], 45);
  EXPECT_EQ(planned_sessions[2], 3);
  EXPECT_EQ(planned_minutes[2], 45);

  log_block("before", scored(date("2025-12-30"), CognitiveTask::Speed, 4, 1, 3));
  log_block("w1a", scored(date("2026-01-06"), CognitiveTask::Speed, 5, 1, 3));
  log_block("w1b", scored(date("2026-01-10"), CognitiveTask::Span, 10, 1, 6, 1));
  log_block("w2", scored(date("2026-01-13"), CognitiveTask::Search, 7, 3, 2, 1));
  log_block("after", scored(date("2026-01-19"), CognitiveTask::Route, 9, 1, 3));
  rate("r1", date("2026-01-06"), 3);
  rate("r2", date("2026-01-13"), 8);
  rate("r3", date("2026-01-20"), 2);
  // Another person's training is not in the view.
  const auto other = store_->ensure_account("someone-else");
  ASSERT_TRUE(other);
  ASSERT_TRUE(training_->add_cognitive_block(
      other->id, {"w1a", scored(date("2026-01-07"), CognitiveTask::Speed, 30, 1, 3)}));

  const auto view = training_->cognitive(account_, start, date("2026-01-18"));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->from, start);
  EXPECT_EQ(view->to, date("2026-01-18"));
  std::vector<std::string> ids;
  for (const auto& b : view->blocks) {
    ids.push_back(b.client_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"w1a", "w1b", "w2"}));  // Oldest first.
  ASSERT_EQ(view->ratings.size(), 2U);
  EXPECT_EQ(view->ratings[0].date, date("2026-01-06"));
  EXPECT_EQ(view->ratings[0].rating, 3);
  EXPECT_EQ(view->ratings[1].rating, 8);
  ASSERT_EQ(view->weeks.size(), 2U);
  EXPECT_EQ(view->weeks[0].week, 1);
  EXPECT_EQ(view->weeks[0].start, start);
  EXPECT_EQ(view->weeks[0].planned_sessions, 3);
  EXPECT_EQ(view->weeks[0].planned_minutes, 45);
  EXPECT_EQ(view->weeks[0].done_minutes, 15);
  EXPECT_EQ(view->weeks[1].week, 2);
  EXPECT_EQ(view->weeks[1].start, date("2026-01-12"));
  EXPECT_EQ(view->weeks[1].planned_minutes, 45);
  EXPECT_EQ(view->weeks[1].done_minutes, 7);

  // The period asked for: from the plan's start when not given.
  const auto asked = training_->cognitive(account_, PeriodQuery{std::nullopt, date("2026-01-11")});
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_EQ(asked->from, start);
  EXPECT_EQ(asked->blocks.size(), 2U);
  ASSERT_EQ(asked->weeks.size(), 1U);
  EXPECT_EQ(asked->weeks[0].done_minutes, 15);

  // The dates the wrong way round.
  const auto backwards = training_->cognitive(account_, date("2026-01-18"), start);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().code, ErrorCode::InvalidInput);

  // Without a plan: the blocks only.
  const auto theirs = training_->cognitive(other->id, start, date("2026-01-18"));
  ASSERT_TRUE(theirs) << theirs.error().message;
  EXPECT_EQ(theirs->blocks.size(), 1U);
  EXPECT_TRUE(theirs->weeks.empty());
}

// A period that starts within a plan week: the week's planned minutes are the whole week's, and
// so are its done minutes ("minutes of the blocks logged that week, any day of it").
TEST_P(CognitiveTraining, AWeekThePeriodStartsInCountsTheBlocksOfTheWholeWeek) {
  plan();
  log_block("mon", scored(date("2026-01-06"), CognitiveTask::Speed, 5, 1, 3));
  log_block("fri", scored(date("2026-01-09"), CognitiveTask::Span, 10, 1, 3));
  const auto view = training_->cognitive(account_, date("2026-01-08"), date("2026-01-11"));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->blocks.size(), 1U);
  ASSERT_EQ(view->weeks.size(), 1U);
  EXPECT_EQ(view->weeks[0].planned_minutes, 45);
  EXPECT_EQ(view->weeks[0].done_minutes, 15);
}

// A plan stored by an earlier engine (before cognitive training, until the person plans again)
// leaves the blocks, the ratings, progress and the report readable, only without plan weeks.
TEST_P(CognitiveTraining, APlanFromAnEarlierEngineStillShowsTheBlocksAndProgress) {
  plan();
  log_block("b1", scored(date(kToday), CognitiveTask::Span, 6, 3, 3));
  const auto stored = store_->latest_plan(account_);
  ASSERT_TRUE(stored && *stored);
  storage::NewPlan older;
  older.profile_id = (*stored)->profile_id;
  older.engine_version = "2.0.0";
  older.start_date = (*stored)->start_date;
  older.weeks = (*stored)->weeks;
  older.body = (*stored)->body;
  ASSERT_TRUE(store_->save_plan(account_, older));
  const auto view = training_->cognitive(account_, date("2026-01-01"), date(kToday));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->blocks.size(), 1U);
  EXPECT_TRUE(view->weeks.empty());
  const auto progress = training_->progress(account_, date("2026-01-01"), date(kToday));
  ASSERT_TRUE(progress) << progress.error().message;
  EXPECT_EQ(progress->cognitive.blocks.size(), 1U);
}

TEST_P(CognitiveTraining, TheExportHoldsEveryBlockAndRating) {
  auto empty = training_->export_all(account_);
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->cognitive_blocks.empty());
  EXPECT_TRUE(empty->cognitive_ratings.empty());
  plan();
  log_block("old", scored(date("1990-01-01"), CognitiveTask::Story, 12, 1, 3));
  log_block("new", scored(date(kToday), CognitiveTask::Route, 8, 4, 3, 1));
  rate("r1", date("2026-01-06"), 7);
  const auto all = training_->export_all(account_);
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->cognitive_blocks.size(), 2U);  // Whatever their dates.
  EXPECT_EQ(all->cognitive_blocks[0].client_id, "old");
  EXPECT_EQ(all->cognitive_blocks[0].value.task, CognitiveTask::Story);
  EXPECT_EQ(all->cognitive_blocks[1].client_id, "new");
  EXPECT_EQ(all->cognitive_blocks[1].value.end_level, 4);
  ASSERT_EQ(all->cognitive_ratings.size(), 1U);
  EXPECT_EQ(all->cognitive_ratings[0].rating, 7);
}

TEST_P(CognitiveTraining, TheDoseFollowsThePlanWeeks) {
  const auto sessions = plan();
  std::set<int> weeks;
  for (const auto& s : sessions) {
    weeks.insert(s.week);
    const cg::Dose dose = cg::dose_for_week(ProfileBuilder().build(), s.week);
    EXPECT_EQ(s.minutes, dose.minutes) << "week " << s.week;
  }
  EXPECT_EQ(weeks.size(), 24U);
  // From week 5: 30 minutes, over three tasks, on a planned day.
  for (const auto& s : sessions) {
    if (s.week == 5) {
      const cg::Today t = today(s.date);
      EXPECT_EQ(t.status, cg::TodayStatus::Planned);
      EXPECT_EQ(t.minutes, 30);
      EXPECT_EQ(t.tasks.size(), 3U);
      EXPECT_EQ(minutes_of_tasks(t), 30);
      break;
    }
  }
}

}  // namespace
}  // namespace msfit::app

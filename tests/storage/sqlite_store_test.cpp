#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "msfit/storage/store.hpp"

#include "temp_dir.hpp"

// Unit tests for the SQLite Store. Most run on ":memory:"; migrations, durability settings,
// backups and concurrent writers need a real file, made in a fresh temporary directory.

namespace msfit::storage {
namespace {

namespace fs = std::filesystem;
using core::Date;

Date day(std::string_view iso) {
  return core::parse_iso_date(iso).value();
}

// ISO text of an optional date, "none" when empty: readable in failure messages.
std::string iso(const std::optional<Date>& date) {
  return date ? core::format_iso_date(*date) : "none";
}

Logged<core::SetLog> set_log(std::string id, std::string_view date, std::string exercise,
                             int set_number = 1, int reps = 10, double kg = 40) {
  return {std::move(id),
          core::SetLog{day(date), std::move(exercise), set_number, reps, kg, 2, true}};
}

NewPlan new_plan(std::int64_t profile_id, std::string engine_version, std::string_view start,
                 int weeks, std::string body) {
  NewPlan plan;
  plan.profile_id = profile_id;
  plan.engine_version = std::move(engine_version);
  plan.start_date = day(start);
  plan.weeks = weeks;
  plan.body = std::move(body);
  return plan;
}

// "2026-03-02 leg_press_machine #1" for each set, in order.
std::vector<std::string> describe(const std::vector<core::SetLog>& sets) {
  std::vector<std::string> out;
  for (const auto& s : sets) {
    out.push_back(core::format_iso_date(s.date) + " " + s.exercise + " #" +
                  std::to_string(s.set_number));
  }
  return out;
}

core::CheckIn check_in(std::string_view date, bool relapse = false) {
  core::CheckIn c;
  c.date = day(date);
  c.fatigue = 4;
  c.relapse = relapse;
  return c;
}

// A direct sqlite3 connection, for looking at what the Store wrote.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    rc_ = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_busy_timeout(db_, 10000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  [[nodiscard]] bool ok() const { return rc_ == SQLITE_OK; }

  bool exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  // Every row of the query, its columns as text ("NULL" for null), joined with '|'.
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot prepare '" << sql << "': " << sqlite3_errmsg(db_);
      return out;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row += (i == 0 ? "" : "|");
        row += text == nullptr ? "NULL" : reinterpret_cast<const char*>(text);
      }
      out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      ADD_FAILURE() << "cannot run '" << sql << "': " << sqlite3_errmsg(db_);
    }
    sqlite3_finalize(stmt);
    return out;
  }

  // The first column of the first row, or "" when there is none.
  std::string value(const std::string& sql) {
    auto all = rows(sql);
    if (all.empty()) {
      return "";
    }
    return all.front().substr(0, all.front().find('|'));
  }

 private:
  sqlite3* db_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_garbage(const fs::path& path) {
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < 256; ++i) {
    out << "this is not an SQLite database, just text ";
  }
}

// ---------------------------------------------------------------------------------------------
// On ":memory:": the Store's behaviour.

class SqliteStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(":memory:");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    auto account = store_->ensure_account("ana");
    ASSERT_TRUE(account) << account.error().message;
    account_ = account->id;
  }

  void log(std::vector<Logged<core::SetLog>> sets) {
    auto stored = store_->log_sets(account_, sets);
    ASSERT_TRUE(stored) << stored.error().message;
  }

  History all_history() {
    auto h = store_->history(account_, day("2000-01-01"), day("2100-01-01"));
    EXPECT_TRUE(h) << h.error().message;
    return h ? *h : History{};
  }

  std::unique_ptr<Store> store_;
  AccountId account_ = 0;
};

TEST_F(SqliteStore, EnsureAccountCreatesOnceAndReturnsTheSameIdAgain) {
  auto first = store_->ensure_account("ben");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->name, "ben");
  EXPECT_EQ(first->role, core::AccountRole::Person);
  EXPECT_NE(first->id, account_);
  auto second = store_->ensure_account("ben");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->id, first->id);
  auto found = store_->find_account("ben");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->id, first->id);
}

TEST_F(SqliteStore, FindAccountOfAnUnknownNameIsNotFound) {
  auto found = store_->find_account("nobody");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStore, SavedProfilesGetVersionsOneTwoThreeAndKeepEveryVersion) {
  auto none = store_->latest_profile(account_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  std::vector<ProfileVersion> saved;
  for (const char* body : {R"({"v":1})", R"({"v":2})", R"({"v":3})"}) {
    auto p = store_->save_profile(account_, body);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->body, body);
    saved.push_back(*p);
  }
  EXPECT_EQ(saved[0].version, 1);
  EXPECT_EQ(saved[1].version, 2);
  EXPECT_EQ(saved[2].version, 3);
  auto first = store_->profile_by_id(account_, saved[0].id);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->body, R"({"v":1})");
  auto latest = store_->latest_profile(account_);
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->id, saved[2].id);
  EXPECT_EQ((*latest)->version, 3);
}

TEST_F(SqliteStore, ProfileVersionsCountPerAccount) {
  ASSERT_TRUE(store_->save_profile(account_, "{}"));
  auto other = store_->ensure_account("ben");
  ASSERT_TRUE(other);
  auto p = store_->save_profile(other->id, "{}");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->version, 1);
}

TEST_F(SqliteStore, ProfileOfAnotherAccountIsNotFound) {
  auto mine = store_->save_profile(account_, "{}");
  ASSERT_TRUE(mine);
  auto other = store_->ensure_account("ben");
  ASSERT_TRUE(other);
  auto theirs = store_->profile_by_id(other->id, mine->id);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, ErrorCode::NotFound);
  auto unknown = store_->profile_by_id(account_, mine->id + 100);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST_F(SqliteStore, LatestPlanIsTheNewestWithItsProfileVersion) {
  auto none = store_->latest_plan(account_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto v1 = store_->save_profile(account_, R"({"v":1})");
  auto v2 = store_->save_profile(account_, R"({"v":2})");
  ASSERT_TRUE(v1 && v2);
  NewPlan plan = new_plan(v2->id, "engine-2", "2026-03-02", 8, R"({"plan":2})");
  plan.sessions = {{day("2026-03-02"), 1, "strength", 45}};
  NewPlan older = plan;
  older.profile_id = v1->id;
  older.engine_version = "engine-1";
  older.body = R"({"plan":1})";
  auto first = store_->save_plan(account_, older);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->profile_version, 1);
  auto second = store_->save_plan(account_, plan);
  ASSERT_TRUE(second) << second.error().message;
  auto latest = store_->latest_plan(account_);
  ASSERT_TRUE(latest && *latest);
  const StoredPlan& p = **latest;
  EXPECT_EQ(p.id, second->id);
  EXPECT_NE(p.id, first->id);
  EXPECT_EQ(p.profile_id, v2->id);
  EXPECT_EQ(p.profile_version, 2);
  EXPECT_EQ(p.engine_version, "engine-2");
  EXPECT_EQ(iso(p.start_date), "2026-03-02");
  EXPECT_EQ(p.weeks, 8);
  EXPECT_EQ(p.body, R"({"plan":2})");
  EXPECT_FALSE(p.created_at.empty());
}

TEST_F(SqliteStore, PlanSummaryIsTheLatestPlanWithoutItsBody) {
  auto profile = store_->save_profile(account_, R"({"v":1})");
  ASSERT_TRUE(profile);
  // A real plan's size: its body spans overflow pages.
  const NewPlan plan = new_plan(profile->id, "engine-1", "2026-03-02", 4, std::string(300000, 'x'));
  auto saved = store_->save_plan(account_, plan);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->body, plan.body);
  auto summary = store_->latest_plan_summary(account_);
  ASSERT_TRUE(summary && *summary);
  EXPECT_EQ((*summary)->id, saved->id);
  EXPECT_EQ((*summary)->profile_version, 1);
  EXPECT_EQ((*summary)->weeks, 4);
  EXPECT_EQ((*summary)->created_at, saved->created_at);
  EXPECT_TRUE((*summary)->body.empty());
  auto full = store_->latest_plan(account_);
  ASSERT_TRUE(full && *full);
  EXPECT_EQ((*full)->body, plan.body);
}

TEST_F(SqliteStore, LoggedSetsComeBackAsLogged) {
  Logged<core::SetLog> abandoned{"s2", core::SetLog{day("2026-03-02"), "chest_press_machine", 2, 4,
                                                    32.5, std::nullopt, false}};
  log({set_log("s1", "2026-03-02", "chest_press_machine", 1, 10, 32.5), abandoned});
  auto h = all_history();
  ASSERT_EQ(h.sets.size(), 2U);
  EXPECT_EQ(h.sets[0].exercise, "chest_press_machine");
  EXPECT_EQ(h.sets[0].reps, 10);
  EXPECT_DOUBLE_EQ(h.sets[0].load_kg, 32.5);
  EXPECT_EQ(h.sets[0].rir, 2);
  EXPECT_TRUE(h.sets[0].completed);
  EXPECT_EQ(h.sets[1].set_number, 2);
  EXPECT_EQ(h.sets[1].reps, 4);
  EXPECT_EQ(h.sets[1].rir, std::nullopt);
  EXPECT_FALSE(h.sets[1].completed);
}

TEST_F(SqliteStore, StoresARetriedSetBatchOnce) {
  std::vector<Logged<core::SetLog>> batch = {set_log("a", "2026-03-02", "leg_press_machine", 1),
                                             set_log("b", "2026-03-02", "leg_press_machine", 2)};
  auto first = store_->log_sets(account_, batch);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, WriteResult::Stored);
  auto retry = store_->log_sets(account_, batch);
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_EQ(*retry, WriteResult::AlreadyStored);
  EXPECT_EQ(all_history().sets.size(), 2U);
}

TEST_F(SqliteStore, StoresOnlyTheNewSetsOfAPartlyRetriedBatch) {
  log({set_log("a", "2026-03-02", "leg_press_machine", 1),
       set_log("b", "2026-03-02", "leg_press_machine", 2)});
  std::vector<Logged<core::SetLog>> batch = {set_log("b", "2026-03-02", "leg_press_machine", 2),
                                             set_log("c", "2026-03-02", "leg_press_machine", 3),
                                             set_log("d", "2026-03-04", "leg_press_machine", 1)};
  auto result = store_->log_sets(account_, batch);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(*result, WriteResult::Stored);
  EXPECT_EQ(describe(all_history().sets),
            (std::vector<std::string>{
                "2026-03-02 leg_press_machine #1", "2026-03-02 leg_press_machine #2",
                "2026-03-02 leg_press_machine #3", "2026-03-04 leg_press_machine #1"}));
}

TEST_F(SqliteStore, ClientIdsOfDifferentAccountsDoNotClash) {
  log({set_log("same", "2026-03-02", "leg_press_machine")});
  auto other = store_->ensure_account("ben");
  ASSERT_TRUE(other);
  std::vector<Logged<core::SetLog>> theirs = {set_log("same", "2026-03-02", "leg_press_machine")};
  auto stored = store_->log_sets(other->id, theirs);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(*stored, WriteResult::Stored);
  auto h = store_->history(other->id, day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->sets.size(), 1U);
  EXPECT_EQ(all_history().sets.size(), 1U);
}

TEST_F(SqliteStore, StoresARetriedCardioBoutOnce) {
  Logged<core::CardioLog> bout{
      "c1", core::CardioLog{day("2026-03-03"), "recumbent_bike", 20, 118, std::nullopt, 5}};
  auto first = store_->log_cardio(account_, bout);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, WriteResult::Stored);
  auto retry = store_->log_cardio(account_, bout);
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_EQ(*retry, WriteResult::AlreadyStored);
  auto h = all_history();
  ASSERT_EQ(h.cardio.size(), 1U);
  EXPECT_EQ(h.cardio[0].exercise, "recumbent_bike");
  EXPECT_EQ(h.cardio[0].minutes, 20);
  EXPECT_EQ(h.cardio[0].mean_hr, 118);
  EXPECT_EQ(h.cardio[0].watts, std::nullopt);
  EXPECT_EQ(h.cardio[0].rpe, 5);
}

TEST_F(SqliteStore, StoresARetriedCheckInOnceWithItsSymptoms) {
  core::CheckIn hot = check_in("2026-03-03");
  hot.fatigue = 6;
  hot.sleep_quality = 3;
  hot.feels_hot = true;
  hot.ambient_temp_c = 31.5;
  hot.symptoms = {core::Symptom::HeatWorsening, core::Symptom::Dizziness,
                  core::Symptom::BladderUrgency};
  core::CheckIn plain = check_in("2026-03-04");
  auto first = store_->log_check_in(account_, {"k1", hot});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, WriteResult::Stored);
  auto retry = store_->log_check_in(account_, {"k1", hot});
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_EQ(*retry, WriteResult::AlreadyStored);
  ASSERT_TRUE(store_->log_check_in(account_, {"k2", plain}));
  auto h = all_history();
  ASSERT_EQ(h.check_ins.size(), 2U);
  const auto& a = h.check_ins[0];
  EXPECT_EQ(iso(a.date), "2026-03-03");
  EXPECT_EQ(a.fatigue, 6);
  EXPECT_EQ(a.sleep_quality, 3);
  EXPECT_TRUE(a.feels_hot);
  ASSERT_TRUE(a.ambient_temp_c);
  EXPECT_DOUBLE_EQ(*a.ambient_temp_c, 31.5);
  EXPECT_EQ(a.symptoms, hot.symptoms);
  EXPECT_FALSE(a.relapse);
  const auto& b = h.check_ins[1];
  EXPECT_EQ(b.ambient_temp_c, std::nullopt);
  EXPECT_EQ(b.sleep_quality, std::nullopt);
  EXPECT_TRUE(b.symptoms.empty());
  EXPECT_FALSE(b.feels_hot);
}

TEST_F(SqliteStore, StoresARetriedNoteOnce) {
  Logged<Note> note{"n1", Note{day("2026-03-03"), "Legs heavy after the heat"}};
  auto first = store_->add_note(account_, note);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, WriteResult::Stored);
  auto retry = store_->add_note(account_, note);
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_EQ(*retry, WriteResult::AlreadyStored);
  auto h = all_history();
  ASSERT_EQ(h.notes.size(), 1U);
  EXPECT_EQ(iso(h.notes[0].date), "2026-03-03");
  EXPECT_EQ(h.notes[0].body, "Legs heavy after the heat");
}

TEST_F(SqliteStore, RecordsARetriedClearanceOnceWithWhoRecordedIt) {
  const core::Clearance relapse{
      day("2026-03-05"), core::ClearanceKind::Relapse, core::Role::Person, {}};
  auto first = store_->record_clearance(account_, {"r1", relapse});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, WriteResult::Stored);
  auto retry = store_->record_clearance(account_, {"r1", relapse});
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_EQ(*retry, WriteResult::AlreadyStored);
  ASSERT_TRUE(store_->record_clearance(
      account_,
      {"m1", {day("2026-03-07"), core::ClearanceKind::Medical, core::Role::Clinician, {}}}));
  auto h = all_history();
  ASSERT_EQ(h.clearances.size(), 2U);
  EXPECT_EQ(h.clearances[1].kind, core::ClearanceKind::Medical);
  EXPECT_EQ(h.clearances[1].by, core::Role::Clinician);
  auto state = store_->training_state(account_, day("2026-03-06"));
  ASSERT_TRUE(state);
  ASSERT_EQ(state->clearances.size(), 1U);  // Only those up to the day.
  EXPECT_EQ(state->clearances[0].kind, core::ClearanceKind::Relapse);
}

TEST_F(SqliteStore, LogsItemsWithTheirRatingOnceEach) {
  const std::vector<Logged<core::ItemLog>> items = {
      {"i1", {day("2026-03-02"), "tandem_stance", true, core::ItemRating::Easy}},
      {"i2", {day("2026-03-04"), "tandem_stance", true, core::ItemRating::Hard}},
      {"i3", {day("2026-03-04"), "seated_hamstring_stretch_chair", false, std::nullopt}}};
  auto stored = store_->log_items(account_, items);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(*stored, WriteResult::Stored);
  auto again = store_->log_items(account_, items);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, WriteResult::AlreadyStored);
  auto logs = store_->item_logs(account_, day("2026-03-01"), day("2026-03-03"));
  ASSERT_TRUE(logs) << logs.error().message;
  ASSERT_EQ(logs->size(), 1U);
  EXPECT_EQ((*logs)[0].rating, core::ItemRating::Easy);
  auto h = all_history();
  ASSERT_EQ(h.items.size(), 3U);
  EXPECT_FALSE(h.items[2].completed);
  EXPECT_FALSE(h.items[2].rating);
}

TEST_F(SqliteStore, RecentSetsAreTheLatestDaysOfThatExerciseMostRecentFirst) {
  // Set numbers logged out of order; another exercise on other days; a day after `until`.
  log({set_log("1", "2026-03-02", "leg_press_machine", 1),
       set_log("2", "2026-03-04", "leg_press_machine", 2),
       set_log("3", "2026-03-04", "leg_press_machine", 1),
       set_log("4", "2026-03-05", "chest_press_machine", 1),
       set_log("5", "2026-03-06", "leg_press_machine", 3),
       set_log("6", "2026-03-06", "leg_press_machine", 1),
       set_log("7", "2026-03-06", "leg_press_machine", 2),
       set_log("8", "2026-03-07", "chest_press_machine", 1),
       set_log("9", "2026-03-09", "leg_press_machine", 1)});
  auto recent = store_->recent_sets(account_, "leg_press_machine", day("2026-03-08"), 2);
  ASSERT_TRUE(recent) << recent.error().message;
  EXPECT_EQ(describe(*recent),
            (std::vector<std::string>{
                "2026-03-06 leg_press_machine #1", "2026-03-06 leg_press_machine #2",
                "2026-03-06 leg_press_machine #3", "2026-03-04 leg_press_machine #1",
                "2026-03-04 leg_press_machine #2"}));
  auto on_the_day = store_->recent_sets(account_, "leg_press_machine", day("2026-03-09"), 1);
  ASSERT_TRUE(on_the_day);
  EXPECT_EQ(describe(*on_the_day), (std::vector<std::string>{"2026-03-09 leg_press_machine #1"}));
  auto all = store_->recent_sets(account_, "leg_press_machine", day("2026-03-09"), 10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 7U);
  auto never = store_->recent_sets(account_, "row_machine", day("2026-03-09"), 3);
  ASSERT_TRUE(never);
  EXPECT_TRUE(never->empty());
  auto before = store_->recent_sets(account_, "leg_press_machine", day("2026-03-01"), 3);
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->empty());
}

TEST_F(SqliteStore, TrainingStateOfANewAccountIsEmpty) {
  auto state = store_->training_state(account_, day("2026-03-10"));
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(iso(state->last_training), "none");
  EXPECT_TRUE(state->flagged.empty());
  EXPECT_TRUE(state->clearances.empty());
  EXPECT_FALSE(state->check_in);
  EXPECT_TRUE(state->swaps.empty());
}

TEST_F(SqliteStore, LastTrainingIsTheLatestLoggedDayBeforeToday) {
  log({set_log("1", "2026-03-02", "leg_press_machine"),
       set_log("2", "2026-03-10", "leg_press_machine")});
  ASSERT_TRUE(store_->log_cardio(
      account_, {"c", core::CardioLog{day("2026-03-06"), "recumbent_bike", 20, {}, {}, {}}}));
  // A check-in alone is not a training day.
  ASSERT_TRUE(store_->log_check_in(account_, {"k", check_in("2026-03-08")}));
  auto state = store_->training_state(account_, day("2026-03-10"));
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(iso(state->last_training), "2026-03-06");
  auto later = store_->training_state(account_, day("2026-03-11"));
  ASSERT_TRUE(later);
  EXPECT_EQ(iso(later->last_training), "2026-03-10");
  auto earliest = store_->training_state(account_, day("2026-03-02"));
  ASSERT_TRUE(earliest);
  EXPECT_EQ(iso(earliest->last_training), "none");
}

TEST_F(SqliteStore, TrainingStateHoldsFlaggedCheckInsAndClearancesUpToTheDay) {
  ASSERT_TRUE(store_->log_check_in(account_, {"k1", check_in("2026-03-03", true)}));
  ASSERT_TRUE(store_->log_check_in(account_, {"k2", check_in("2026-03-04")}));  // Nothing.
  core::CheckIn chest = check_in("2026-03-09");
  chest.symptoms = {core::Symptom::ChestPain};
  ASSERT_TRUE(store_->log_check_in(account_, {"k3", chest}));
  ASSERT_TRUE(store_->record_clearance(
      account_, {"r1", {day("2026-03-06"), core::ClearanceKind::Relapse, core::Role::Person, {}}}));
  auto before = store_->training_state(account_, day("2026-03-05"));
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(before->flagged.size(), 1U);
  EXPECT_TRUE(before->flagged[0].relapse);
  EXPECT_TRUE(before->clearances.empty());
  auto after = store_->training_state(account_, day("2026-03-10"));
  ASSERT_TRUE(after);
  ASSERT_EQ(after->flagged.size(), 2U);
  EXPECT_EQ(after->flagged[1].symptoms, std::vector<core::Symptom>{core::Symptom::ChestPain});
  ASSERT_EQ(after->clearances.size(), 1U);
  EXPECT_EQ(iso(after->clearances[0].date), "2026-03-06");
}

TEST_F(SqliteStore, TrainingStateReturnsTheLatestCheckInOfToday) {
  ASSERT_TRUE(store_->log_check_in(account_, {"k1", check_in("2026-03-09")}));
  auto none = store_->training_state(account_, day("2026-03-10"));
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(none->check_in);
  core::CheckIn morning = check_in("2026-03-10");
  morning.fatigue = 3;
  core::CheckIn evening = check_in("2026-03-10");
  evening.fatigue = 7;
  evening.symptoms = {core::Symptom::Pain};
  ASSERT_TRUE(store_->log_check_in(account_, {"k2", morning}));
  ASSERT_TRUE(store_->log_check_in(account_, {"k3", evening}));
  auto state = store_->training_state(account_, day("2026-03-10"));
  ASSERT_TRUE(state);
  ASSERT_TRUE(state->check_in);
  EXPECT_EQ(iso(state->check_in->date), "2026-03-10");
  EXPECT_EQ(state->check_in->fatigue, 7);
  EXPECT_EQ(state->check_in->symptoms, evening.symptoms);
}

TEST_F(SqliteStore, ASavedSwapReplacesAnEarlierSwapOfTheSameExercise) {
  ASSERT_TRUE(store_->save_swap(
      account_, {"leg_press_machine", "sit_to_stand", day("2026-03-02"), std::nullopt}));
  ASSERT_TRUE(store_->save_swap(
      account_, {"chest_press_machine", "wall_push_up", day("2026-03-03"), std::nullopt}));
  auto replaced = store_->save_swap(
      account_, {"leg_press_machine", "step_up", day("2026-03-09"), std::nullopt});
  ASSERT_TRUE(replaced) << replaced.error().message;
  auto state = store_->training_state(account_, day("2026-03-10"));
  ASSERT_TRUE(state) << state.error().message;
  ASSERT_EQ(state->swaps.size(), 2U);
  const auto leg = std::find_if(state->swaps.begin(), state->swaps.end(),
                                [](const Swap& s) { return s.exercise == "leg_press_machine"; });
  ASSERT_NE(leg, state->swaps.end());
  EXPECT_EQ(leg->replacement, "step_up");
  EXPECT_EQ(iso(leg->since), "2026-03-09");
}

TEST_F(SqliteStore, LoggedDaysAndHistoryKeepToTheDateRange) {
  log({set_log("1", "2026-03-01", "leg_press_machine"),
       set_log("2", "2026-03-02", "leg_press_machine"),
       set_log("3", "2026-03-05", "leg_press_machine"),
       set_log("4", "2026-03-08", "leg_press_machine")});
  ASSERT_TRUE(store_->log_cardio(
      account_, {"c1", core::CardioLog{day("2026-03-04"), "recumbent_bike", 20, {}, {}, {}}}));
  ASSERT_TRUE(store_->log_cardio(
      account_, {"c2", core::CardioLog{day("2026-03-09"), "recumbent_bike", 20, {}, {}, {}}}));
  ASSERT_TRUE(store_->log_check_in(account_, {"k1", check_in("2026-03-01")}));
  ASSERT_TRUE(store_->log_check_in(account_, {"k2", check_in("2026-03-05")}));
  ASSERT_TRUE(store_->add_note(account_, {"n1", Note{day("2026-03-08"), "in"}}));
  ASSERT_TRUE(store_->add_note(account_, {"n2", Note{day("2026-03-09"), "out"}}));

  auto days = store_->logged_days(account_, day("2026-03-02"), day("2026-03-08"));
  ASSERT_TRUE(days) << days.error().message;
  std::vector<std::string> got;
  for (auto d : *days) {
    got.push_back(core::format_iso_date(d));
  }
  EXPECT_EQ(got,
            (std::vector<std::string>{"2026-03-02", "2026-03-04", "2026-03-05", "2026-03-08"}));

  auto h = store_->history(account_, day("2026-03-02"), day("2026-03-08"));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(describe(h->sets), (std::vector<std::string>{"2026-03-02 leg_press_machine #1",
                                                         "2026-03-05 leg_press_machine #1",
                                                         "2026-03-08 leg_press_machine #1"}));
  ASSERT_EQ(h->cardio.size(), 1U);
  EXPECT_EQ(iso(h->cardio[0].date), "2026-03-04");
  ASSERT_EQ(h->check_ins.size(), 1U);
  EXPECT_EQ(iso(h->check_ins[0].date), "2026-03-05");
  ASSERT_EQ(h->notes.size(), 1U);
  EXPECT_EQ(h->notes[0].body, "in");

  auto empty = store_->logged_days(account_, day("2026-04-01"), day("2026-04-30"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST_F(SqliteStore, HistoryHoldsOnlyThatAccountsEntries) {
  log({set_log("1", "2026-03-02", "leg_press_machine")});
  auto other = store_->ensure_account("ben");
  ASSERT_TRUE(other);
  auto h = store_->history(other->id, day("2000-01-01"), day("2100-01-01"));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_TRUE(h->sets.empty());
  auto days = store_->logged_days(other->id, day("2000-01-01"), day("2100-01-01"));
  ASSERT_TRUE(days);
  EXPECT_TRUE(days->empty());
}

// ---------------------------------------------------------------------------------------------
// On a file: what only a real database file shows.

class OnDisk : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(dir_.path().empty()) << "cannot make a temp directory"; }

  [[nodiscard]] std::string file(const std::string& name) const {
    return (dir_.path() / name).string();
  }

  std::unique_ptr<Store> open(const std::string& path) {
    auto opened = open_sqlite_store(path);
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
  }

  static AccountId account(Store& store, std::string_view name) {
    auto a = store.ensure_account(name);
    EXPECT_TRUE(a) << a.error().message;
    return a ? a->id : 0;
  }

  static void log_one(Store& store, AccountId account, const std::string& id,
                      std::string_view date = "2026-03-02") {
    std::vector<Logged<core::SetLog>> sets = {set_log(id, date, "leg_press_machine")};
    auto stored = store.log_sets(account, sets);
    EXPECT_TRUE(stored) << stored.error().message;
  }

  msfit::testing::TempDir dir_{"msfit-sqlite"};
};

class SqliteStoreFile : public OnDisk {};

// A snapshot's reads agree with each other while another connection writes; a write inside
// the snapshot ends it, and later reads see the database as it is.
TEST_F(SqliteStoreFile, ReadsInASnapshotSeeOneStateOfTheDatabase) {
  const std::string db = file("snapshot.db");
  auto reader = open(db);
  auto writer = open(db);
  ASSERT_TRUE(reader && writer);
  const AccountId me = account(*writer, "ana");
  log_one(*writer, me, "s1");
  const auto sets = [&](Store& store) {
    auto h = store.history(me, day("2026-03-01"), day("2026-03-31"));
    EXPECT_TRUE(h) << h.error().message;
    return h ? h->sets.size() : 0U;
  };
  {
    const Store::Snapshot snapshot(*reader);
    EXPECT_EQ(sets(*reader), 1U);
    log_one(*writer, me, "s2");
    EXPECT_EQ(sets(*reader), 1U) << "the snapshot saw a later write";
    {
      const Store::Snapshot inner(*reader);  // Nested: still the outer snapshot.
      EXPECT_EQ(sets(*reader), 1U);
    }
    EXPECT_EQ(sets(*reader), 1U);
    EXPECT_EQ(sets(*writer), 2U);
    log_one(*reader, me, "s3");  // A write inside: stored, and the snapshot is over.
    EXPECT_EQ(sets(*reader), 3U);
  }
  EXPECT_EQ(sets(*reader), 3U);
  log_one(*writer, me, "s4");
  EXPECT_EQ(sets(*reader), 4U);
}

TEST_F(SqliteStoreFile, SavesThePlannedSessionsOfAPlan) {
  const std::string db = file("plan.db");
  {
    auto store = open(db);
    ASSERT_TRUE(store);
    const AccountId me = account(*store, "ana");
    auto profile = store->save_profile(me, "{}");
    ASSERT_TRUE(profile);
    NewPlan plan = new_plan(profile->id, "engine-1", "2026-03-02", 1, "{}");
    plan.sessions = {{day("2026-03-02"), 1, "strength", 45},
                     {day("2026-03-04"), 1, "aerobic", 20},
                     {day("2026-03-06"), 1, "strength", 40}};
    auto saved = store->save_plan(me, plan);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->profile_version, 1);
  }
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.rows("SELECT date, week, kind, minutes FROM planned_sessions ORDER BY date"),
            (std::vector<std::string>{"2026-03-02|1|strength|45", "2026-03-04|1|aerobic|20",
                                      "2026-03-06|1|strength|40"}));
}

TEST_F(SqliteStoreFile, KeepsItsDataAfterReopening) {
  const std::string db = file("reopen.db");
  {
    auto store = open(db);
    ASSERT_TRUE(store);
    log_one(*store, account(*store, "ana"), "s1");
  }
  auto store = open(db);
  ASSERT_TRUE(store);
  auto found = store->find_account("ana");
  ASSERT_TRUE(found) << found.error().message;
  auto h = store->history(found->id, day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->sets.size(), 1U);
}

TEST_F(SqliteStoreFile, UsesWriteAheadLogging) {
  const std::string db = file("wal.db");
  auto store = open(db);
  ASSERT_TRUE(store);
  log_one(*store, account(*store, "ana"), "s1");
  // journal_mode=WAL is stored in the file, so a second connection sees it.
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("PRAGMA journal_mode"), "wal");
  EXPECT_TRUE(fs::exists(db + "-wal"));
}

// PRAGMA synchronous belongs to a connection, not to the file: a second connection reports
// only its own value, and the Store does not expose its connection. So synchronous=FULL (2) is
// not read back here. What it does is observable, though: in WAL mode FULL syncs the log at
// every commit, NORMAL only at checkpoints. SyncCounter, a VFS in front of the default one,
// counts those syncs.
class SyncCounter {
 public:
  SyncCounter() {
    real_ = sqlite3_vfs_find(nullptr);
    if (real_ == nullptr) {
      return;
    }
    vfs_ = *real_;  // Every other method, and pAppData, as the real VFS has them.
    vfs_.pNext = nullptr;
    vfs_.zName = "msfit-sync-counter";
    vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
    vfs_.xOpen = &open;
    wal_syncs_ = 0;
    registered_ = sqlite3_vfs_register(&vfs_, 1) == SQLITE_OK;
  }
  ~SyncCounter() {
    if (registered_) {
      sqlite3_vfs_register(real_, 1);
      sqlite3_vfs_unregister(&vfs_);
    }
  }
  SyncCounter(const SyncCounter&) = delete;
  SyncCounter& operator=(const SyncCounter&) = delete;

  [[nodiscard]] bool registered() const { return registered_; }
  [[nodiscard]] static int wal_syncs() { return wal_syncs_.load(); }

 private:
  struct File {
    sqlite3_file base;
    sqlite3_file* real;
    bool wal;
  };

  static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  static int open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* f = reinterpret_cast<File*>(file);
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(File));
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    const int rc = real_->xOpen(real_, name, f->real, flags, out_flags);
    f->base.pMethods = f->real->pMethods != nullptr ? &kMethods : nullptr;
    return rc;
  }

  static int close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
  static int read(sqlite3_file* f, void* p, int n, sqlite3_int64 at) {
    return real(f)->pMethods->xRead(real(f), p, n, at);
  }
  static int write(sqlite3_file* f, const void* p, int n, sqlite3_int64 at) {
    return real(f)->pMethods->xWrite(real(f), p, n, at);
  }
  static int truncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
  }
  static int sync(sqlite3_file* f, int flags) {
    if (reinterpret_cast<File*>(f)->wal) {
      wal_syncs_.fetch_add(1);
    }
    return real(f)->pMethods->xSync(real(f), flags);
  }
  static int file_size(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
  }
  static int lock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
  static int unlock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xUnlock(real(f), level);
  }
  static int check_reserved_lock(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
  }
  static int file_control(sqlite3_file* f, int op, void* arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
  }
  static int sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
  static int device_characteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
  }
  static int shm_map(sqlite3_file* f, int page, int page_size, int extend, void volatile** p) {
    return real(f)->pMethods->xShmMap(real(f), page, page_size, extend, p);
  }
  static int shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
  }
  static void shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
  static int shm_unmap(sqlite3_file* f, int remove) {
    return real(f)->pMethods->xShmUnmap(real(f), remove);
  }
  static int fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** p) {
    return real(f)->pMethods->xFetch(real(f), at, n, p);
  }
  static int unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) {
    return real(f)->pMethods->xUnfetch(real(f), at, p);
  }

  static constexpr sqlite3_io_methods kMethods = {3,
                                                  &close,
                                                  &read,
                                                  &write,
                                                  &truncate,
                                                  &sync,
                                                  &file_size,
                                                  &lock,
                                                  &unlock,
                                                  &check_reserved_lock,
                                                  &file_control,
                                                  &sector_size,
                                                  &device_characteristics,
                                                  &shm_map,
                                                  &shm_lock,
                                                  &shm_barrier,
                                                  &shm_unmap,
                                                  &fetch,
                                                  &unfetch};

  static inline sqlite3_vfs* real_ = nullptr;
  static inline std::atomic<int> wal_syncs_{0};
  sqlite3_vfs vfs_{};
  bool registered_ = false;
};

TEST_F(SqliteStoreFile, SyncsTheWriteAheadLogAtEveryCommit) {
  SyncCounter counter;
  ASSERT_TRUE(counter.registered());
  {
    // The control: the counter tells synchronous=NORMAL from FULL on a plain connection.
    const std::string control = file("control.db");
    {
      sqlite3* raw = nullptr;
      ASSERT_EQ(sqlite3_open(control.c_str(), &raw), SQLITE_OK);
      sqlite3_close(raw);
    }
    RawDb raw(control);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t (x)"));
    const int before = SyncCounter::wal_syncs();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(raw.exec("INSERT INTO t VALUES (1)"));
    }
    EXPECT_EQ(SyncCounter::wal_syncs(), before);
    ASSERT_TRUE(raw.exec("PRAGMA synchronous=FULL"));
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(raw.exec("INSERT INTO t VALUES (1)"));
    }
    EXPECT_GE(SyncCounter::wal_syncs(), before + 5);
  }
  auto store = open(file("sync.db"));
  ASSERT_TRUE(store);
  const AccountId me = account(*store, "ana");
  const int before = SyncCounter::wal_syncs();
  for (int i = 0; i < 5; ++i) {
    log_one(*store, me, "s" + std::to_string(i));
  }
  EXPECT_GE(SyncCounter::wal_syncs() - before, 5) << "log_sets returned before the log was synced";
}

// ---------------------------------------------------------------------------------------------
// Schema versions.

class SqliteMigration : public OnDisk {};

TEST_F(SqliteMigration, UpgradesAVersionOneDatabaseAndKeepsItsData) {
  const std::string db = file("old.db");
  std::int64_t old_profile = 0;
  {
    auto opened = open_sqlite_store_at_version(db, 1);
    ASSERT_TRUE(opened) << opened.error().message;
    Store& store = **opened;
    const AccountId me = account(store, "ana");
    log_one(store, me, "old-set", "2026-03-02");
    auto profile = store.save_profile(me, R"({"old":true})");
    ASSERT_TRUE(profile) << profile.error().message;
    old_profile = profile->id;
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA user_version"), "1");
    EXPECT_EQ(raw.value("SELECT count(*) FROM sqlite_schema WHERE name = 'plan_events'"), "0");
  }
  auto store = open(db);
  ASSERT_TRUE(store);
  {
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(sqlite_schema_version()));
  }
  auto me = store->find_account("ana");
  ASSERT_TRUE(me) << me.error().message;
  auto h = store->history(me->id, day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(describe(h->sets), (std::vector<std::string>{"2026-03-02 leg_press_machine #1"}));
  auto profile = store->profile_by_id(me->id, old_profile);
  ASSERT_TRUE(profile) << profile.error().message;
  EXPECT_EQ(profile->body, R"({"old":true})");

  // What version 2 added works on the upgraded file.
  ASSERT_TRUE(store->log_check_in(me->id, {"k1", check_in("2026-03-03", true)}));
  auto resumed = store->record_clearance(
      me->id, {"r1", {day("2026-03-05"), core::ClearanceKind::Relapse, core::Role::Person, {}}});
  ASSERT_TRUE(resumed) << resumed.error().message;
  EXPECT_EQ(*resumed, WriteResult::Stored);
  auto swapped = store->save_swap(
      me->id, {"leg_press_machine", "sit_to_stand", day("2026-03-05"), std::nullopt});
  ASSERT_TRUE(swapped) << swapped.error().message;
  auto state = store->training_state(me->id, day("2026-03-06"));
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(iso(state->last_training), "2026-03-02");
  ASSERT_EQ(state->clearances.size(), 1U);
  EXPECT_EQ(iso(state->clearances[0].date), "2026-03-05");
  ASSERT_EQ(state->swaps.size(), 1U);
  EXPECT_EQ(state->swaps[0].replacement, "sit_to_stand");
}

// Schema 6 moved plan bodies to a table of their own: plans stored before keep their bodies.
TEST_F(SqliteMigration, UpgradesAVersionFiveDatabaseAndKeepsItsPlans) {
  const std::string db = file("v5.db");
  std::int64_t plan_id = 0;
  AccountId me = 0;
  {
    auto opened = open_sqlite_store_at_version(db, 5);
    ASSERT_TRUE(opened) << opened.error().message;
    Store& store = **opened;
    me = account(store, "ana");
    auto profile = store.save_profile(me, R"({"v":1})");
    ASSERT_TRUE(profile) << profile.error().message;
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.exec(
        "INSERT INTO plans (account_id, profile_id, engine_version, start_date, weeks, body) "
        "VALUES (" +
        std::to_string(me) + ", " + std::to_string(profile->id) +
        R"(, 'engine-1', '2026-03-02', 8, '{"plan":1}'))"));
    plan_id = std::stoll(raw.value("SELECT max(id) FROM plans"));
  }
  auto store = open(db);
  ASSERT_TRUE(store);
  auto latest = store->latest_plan(me);
  ASSERT_TRUE(latest && *latest) << (latest ? "no plan" : latest.error().message);
  EXPECT_EQ((*latest)->id, plan_id);
  EXPECT_EQ((*latest)->body, R"({"plan":1})");
  EXPECT_EQ((*latest)->weeks, 8);
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("SELECT count(*) FROM pragma_table_info('plans') WHERE name = 'body'"), "0");
  EXPECT_EQ(raw.value("SELECT count(*) FROM sqlite_schema WHERE name = 'plans_by_account'"), "1");
  // The account's deletion still takes its plans and their bodies.
  ASSERT_TRUE(store->delete_account(me));
  EXPECT_EQ(raw.value("SELECT count(*) FROM plan_bodies"), "0");
}

// Schema 9 keeps the client ids of deleted sets and what an audit entry changed: a version 8
// database's sets can be corrected and deleted, and its audit entries say nothing more.
TEST_F(SqliteMigration, UpgradesAVersionEightDatabaseSoItsSetsCanBeDeleted) {
  const std::string db = file("v8.db");
  AccountId me = 0;
  {
    auto opened = open_sqlite_store_at_version(db, 8);
    ASSERT_TRUE(opened) << opened.error().message;
    me = account(**opened, "ana");
    log_one(**opened, me, "s1");
    AuditEntry e;
    e.actor = me;
    e.actor_name = "ana";
    e.actor_role = "person";
    e.subject = me;
    e.resource = "PUT /api/v1/profile";
    ASSERT_TRUE((*opened)->audit(e));
  }
  auto store = open(db);
  ASSERT_TRUE(store);
  const auto entries = store->audit_log(me, 10);
  ASSERT_TRUE(entries && entries->size() == 1U);
  EXPECT_EQ(entries->front().detail, "");
  EXPECT_EQ(store->delete_set(me, "s1").value(), WriteResult::Stored);
  EXPECT_EQ(store->delete_set(me, "s1").value(), WriteResult::AlreadyStored);
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("SELECT count(*) FROM deleted_sets"), "1");
  EXPECT_EQ(raw.value("SELECT count(*) FROM performed_sessions"), "0");
}

// Schema 12 adds cognitive training: a version 11 database keeps its log and measures, stores
// blocks and ratings once each, and the new tables refuse what no block or rating can be.
TEST_F(SqliteMigration, UpgradesAVersionElevenDatabaseAndStoresCognitiveTraining) {
  const std::string db = file("v11.db");
  AccountId me = 0;
  core::MeasureRecord walk;
  walk.date = day("2026-03-02");
  walk.measure = "t25fw";
  walk.trials = {6.4, 6.0};
  walk.value = 6.2;
  {
    auto opened = open_sqlite_store_at_version(db, 11);
    ASSERT_TRUE(opened) << opened.error().message;
    me = account(**opened, "ana");
    log_one(**opened, me, "s1");
    ASSERT_TRUE((*opened)->add_measure(me, {"m1", walk}));
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA user_version"), "11");
    EXPECT_EQ(raw.value("SELECT count(*) FROM sqlite_schema WHERE name = 'cognitive_blocks'"), "0");
  }
  auto store = open(db);
  ASSERT_TRUE(store);
  auto h = store->history(me, day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(describe(h->sets), (std::vector<std::string>{"2026-03-02 leg_press_machine #1"}));
  const auto measures = store->measures(me, "", day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(measures && measures->size() == 1U);
  EXPECT_EQ(measures->front().trials, walk.trials);
  EXPECT_EQ(store->add_measure(me, {"m1", walk}).value(), WriteResult::AlreadyStored);

  core::cognitive::Record block;
  block.date = day("2026-03-03");
  block.task = core::CognitiveTask::Route;
  block.minutes = 10;
  block.start_level = 3;
  block.end_level = 5;
  block.highest_level = 6;
  block.answers = 30;
  block.right = 24;
  block.reversals = 4;
  block.median_right_ms = 2100;
  EXPECT_EQ(store->add_cognitive_block(me, {"b1", block}).value(), WriteResult::Stored);
  EXPECT_EQ(store->add_cognitive_block(me, {"b1", block}).value(), WriteResult::AlreadyStored);
  EXPECT_EQ(store->add_cognitive_rating(me, {"r1", {day("2026-03-03"), 4}}).value(),
            WriteResult::Stored);
  const auto last = store->last_cognitive_blocks(me);
  ASSERT_TRUE(last && last->size() == 1U);
  EXPECT_EQ(last->front().median_right_ms, 2100);

  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("PRAGMA user_version"), "12");
  EXPECT_EQ(raw.value("SELECT count(*) FROM cognitive_blocks"), "1");
  EXPECT_EQ(raw.value("SELECT count(*) FROM cognitive_ratings"), "1");
  EXPECT_EQ(raw.value("SELECT count(*) FROM cognitive_blocks WHERE median_right_ms IS NULL"), "0");
  EXPECT_EQ(raw.value("SELECT count(*) FROM sqlite_schema WHERE name IN "
                      "('cognitive_blocks_by_date', 'cognitive_ratings_by_date')"),
            "2");
  const std::string account_id = std::to_string(me);
  ASSERT_TRUE(raw.exec(
      "INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, minutes, "
      "start_level, end_level, highest_level, answers, right_answers, reversals) VALUES (" +
      account_id + ", 'x0', '2026-03-03', 'span', 1, 10, 1, 1, 1, 1, 1, 0)"));
  for (const std::string& refused : {
           // A task that is not one of the five.
           "INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, minutes, "
           "start_level, end_level, highest_level, answers, right_answers, reversals) VALUES (" +
               account_id + ", 'x1', '2026-03-03', 'chess', 0, 10, 1, 1, 1, 1, 1, 0)",
           // More right answers than answers.
           "INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, minutes, "
           "start_level, end_level, highest_level, answers, right_answers, reversals) VALUES (" +
               account_id + ", 'x2', '2026-03-03', 'span', 0, 10, 1, 1, 1, 3, 4, 0)",
           // A highest level below where the block ended.
           "INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, minutes, "
           "start_level, end_level, highest_level, answers, right_answers, reversals) VALUES (" +
               account_id + ", 'x3', '2026-03-03', 'span', 0, 10, 1, 4, 3, 3, 2, 0)",
           // A rating past 10.
           "INSERT INTO cognitive_ratings (account_id, client_id, date, rating) VALUES (" +
               account_id + ", 'x4', '2026-03-03', 11)",
       }) {
    EXPECT_FALSE(raw.exec(refused)) << refused;
  }

  // The account's deletion takes its blocks and ratings.
  ASSERT_TRUE(store->delete_account(me));
  EXPECT_EQ(raw.value("SELECT count(*) FROM cognitive_blocks"), "0");
  EXPECT_EQ(raw.value("SELECT count(*) FROM cognitive_ratings"), "0");
}

TEST_F(SqliteMigration, OpeningACurrentDatabaseAgainChangesNothing) {
  const std::string db = file("current.db");
  {
    auto store = open(db);
    ASSERT_TRUE(store);
    log_one(*store, account(*store, "ana"), "s1");
  }
  for (int i = 0; i < 2; ++i) {
    auto store = open(db);
    ASSERT_TRUE(store);
  }
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(sqlite_schema_version()));
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets"), "1");
}

TEST_F(SqliteMigration, RefusesADatabaseFromANewerMsfit) {
  const std::string db = file("newer.db");
  {
    auto store = open(db);
    ASSERT_TRUE(store);
    log_one(*store, account(*store, "ana"), "s1");
  }
  {
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.exec("PRAGMA user_version = " + std::to_string(sqlite_schema_version() + 1)));
  }
  auto opened = open_sqlite_store(db);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::Conflict);
  EXPECT_NE(opened.error().message.find("newer MSFit"), std::string::npos)
      << opened.error().message;
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(sqlite_schema_version() + 1));
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets"), "1");
}

TEST_F(SqliteMigration, FailsOnAFileThatIsNotADatabaseAndLeavesItAlone) {
  const std::string path = file("garbage.db");
  write_garbage(path);
  const std::string before = read_bytes(path);
  auto opened = open_sqlite_store(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::StorageFailure);
  EXPECT_EQ(read_bytes(path), before);
}

// Another application's SQLite file (user_version 0, tables of its own) is refused and left
// untouched: no MSFit tables added, no switch to WAL.
TEST_F(SqliteMigration, RefusesAnSqliteDatabaseOfAnotherApplication) {
  const std::string other = file("other.db");
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('a');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  {
    auto opened = open_sqlite_store(other);
    ASSERT_FALSE(opened) << "opened another application's database";
    EXPECT_EQ(opened.error().code, ErrorCode::StorageFailure);
  }
  RawDb raw(other);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.rows("SELECT name FROM sqlite_schema WHERE type = 'table'"),
            std::vector<std::string>{"songs"});
}

// open_sqlite_store(path) from two threads released at the same moment: the error messages of
// the two, "" for one that opened.
std::array<std::string, 2> open_twice_at_once(const std::string& path) {
  std::atomic<int> ready{0};
  std::array<std::string, 2> errors;
  auto opener = [&](std::size_t i) {
    ready.fetch_add(1);
    while (ready.load() < 2) {
      std::this_thread::yield();
    }
    auto opened = open_sqlite_store(path);
    if (!opened) {
      errors[i] = opened.error().message;
    }
  };
  std::thread a(opener, 0U);
  std::thread b(opener, 1U);
  a.join();
  b.join();
  return errors;
}

// Two Stores (two processes, here two threads) opening at the same moment a database file that
// does not exist yet: the schema version is read inside the migration's write transaction and
// the switch to WAL waits out the other connection, so both open and the schema is applied once.
TEST_F(SqliteMigration, TwoStoresOpeningANewDatabaseAtOnceBothSucceed) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    const std::string db = file("fresh-" + std::to_string(attempt) + ".db");
    const auto errors = open_twice_at_once(db);
    EXPECT_EQ(errors[0], "") << "attempt " << attempt;
    EXPECT_EQ(errors[1], "") << "attempt " << attempt;
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(sqlite_schema_version()));
  }
}

// The same race when two Stores upgrade a version-1 database at once: migration 2 is applied
// exactly once.
TEST_F(SqliteMigration, TwoStoresUpgradingADatabaseAtOnceBothSucceed) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    const std::string db = file("old-" + std::to_string(attempt) + ".db");
    {
      auto old = open_sqlite_store_at_version(db, 1);
      ASSERT_TRUE(old) << old.error().message;
      log_one(**old, account(**old, "ana"), "old");
    }
    const auto errors = open_twice_at_once(db);
    EXPECT_EQ(errors[0], "") << "attempt " << attempt;
    EXPECT_EQ(errors[1], "") << "attempt " << attempt;
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(sqlite_schema_version()));
    EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets"), "1");
  }
}

// ---------------------------------------------------------------------------------------------
// Backups.

class SqliteBackup : public OnDisk {};

TEST_F(SqliteBackup, BackupIsACopyAndTheSourceStaysUsable) {
  const std::string db = file("live.db");
  const std::string backup = file("backup.db");
  auto store = open(db);
  ASSERT_TRUE(store);
  const AccountId me = account(*store, "ana");
  log_one(*store, me, "before-1");
  log_one(*store, me, "before-2", "2026-03-03");
  auto done = store->backup_to(backup);
  ASSERT_TRUE(done) << done.error().message;
  log_one(*store, me, "after-1", "2026-03-04");
  log_one(*store, me, "after-2", "2026-03-05");

  {
    RawDb raw(backup);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(raw.value("PRAGMA journal_mode"), "delete");  // Standalone: no WAL beside it.
    EXPECT_EQ(raw.rows("SELECT client_id FROM strength_sets ORDER BY client_id"),
              (std::vector<std::string>{"before-1", "before-2"}));
  }
  {
    auto copy = open(backup);
    ASSERT_TRUE(copy);
    auto found = copy->find_account("ana");
    ASSERT_TRUE(found) << found.error().message;
    auto days = copy->logged_days(found->id, day("2026-03-01"), day("2026-03-31"));
    ASSERT_TRUE(days);
    EXPECT_EQ(days->size(), 2U);
  }
  auto h = store->history(me, day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->sets.size(), 4U);
  log_one(*store, me, "after-3", "2026-03-06");
  EXPECT_FALSE(fs::exists(backup + ".partial"));
}

TEST_F(SqliteBackup, BackupOverwritesAnEarlierBackup) {
  const std::string db = file("live.db");
  const std::string backup = file("backup.db");
  auto store = open(db);
  ASSERT_TRUE(store);
  const AccountId me = account(*store, "ana");
  log_one(*store, me, "s1");
  ASSERT_TRUE(store->backup_to(backup));
  log_one(*store, me, "s2");
  auto again = store->backup_to(backup);
  ASSERT_TRUE(again) << again.error().message;
  RawDb raw(backup);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets"), "2");
}

TEST_F(SqliteBackup, BackupTakenWhileAnotherStoreWritesIsConsistent) {
  const std::string db = file("live.db");
  const std::string backup = file("backup.db");
  auto store = open(db);
  auto writer = open(db);
  ASSERT_TRUE(store && writer);
  const AccountId me = account(*store, "ana");
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::thread t([&] {
    for (int i = 0; !stop.load() && i < 2000; ++i) {
      std::vector<Logged<core::SetLog>> sets = {
          set_log("w-" + std::to_string(i), "2026-03-02", "leg_press_machine")};
      if (!writer->log_sets(me, sets)) {
        failures.fetch_add(1);
      }
    }
  });
  for (int i = 0; i < 5; ++i) {
    auto done = store->backup_to(backup);
    EXPECT_TRUE(done) << done.error().message;
    RawDb raw(backup);
    ASSERT_TRUE(raw.ok());
    EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
  }
  stop = true;
  t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(SqliteBackup, RestoreBringsBackTheDataOfTheBackup) {
  const std::string db = file("live.db");
  const std::string backup = file("backup.db");
  {
    auto store = open(db);
    ASSERT_TRUE(store);
    const AccountId me = account(*store, "ana");
    log_one(*store, me, "kept");
    ASSERT_TRUE(store->backup_to(backup));
    log_one(*store, me, "lost", "2026-03-03");
    ASSERT_TRUE(store->ensure_account("later"));
  }
  auto restored = restore_sqlite_backup(backup, db);
  ASSERT_TRUE(restored) << restored.error().message;
  auto store = open(db);
  ASSERT_TRUE(store);
  auto me = store->find_account("ana");
  ASSERT_TRUE(me) << me.error().message;
  auto later = store->find_account("later");
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().code, ErrorCode::NotFound);
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.rows("SELECT client_id FROM strength_sets"), (std::vector<std::string>{"kept"}));
  EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
  log_one(*store, me->id, "new");
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets"), "2");
}

TEST_F(SqliteBackup, RestoreOfAVersionOneBackupUpgradesIt) {
  const std::string db = file("live.db");
  const std::string backup = file("old.db");
  {
    auto old = open_sqlite_store_at_version(backup, 1);
    ASSERT_TRUE(old) << old.error().message;
    log_one(**old, account(**old, "ana"), "old");
    auto current = open(db);
    ASSERT_TRUE(current);
  }
  auto restored = restore_sqlite_backup(backup, db);
  ASSERT_TRUE(restored) << restored.error().message;
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(sqlite_schema_version()));
  EXPECT_EQ(raw.rows("SELECT client_id FROM strength_sets"), (std::vector<std::string>{"old"}));
}

class SqliteRestore : public OnDisk {
 protected:
  void SetUp() override {
    OnDisk::SetUp();
    db_ = file("live.db");
    auto store = open(db_);
    ASSERT_TRUE(store);
    log_one(*store, account(*store, "ana"), "original");
  }

  // Restoring `backup` is refused with `code` and the database is left as it was.
  void expect_refused(const std::string& backup, ErrorCode code) {
    auto restored = restore_sqlite_backup(backup, db_);
    ASSERT_FALSE(restored);
    EXPECT_EQ(restored.error().code, code);
    expect_original_intact();
  }

  void expect_original_intact() {
    auto store = open(db_);
    ASSERT_TRUE(store);
    auto me = store->find_account("ana");
    ASSERT_TRUE(me) << me.error().message;
    auto h = store->history(me->id, day("2026-03-01"), day("2026-03-31"));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->sets.size(), 1U);
  }

  std::string db_;
};

TEST_F(SqliteRestore, RefusesAMissingBackupAndKeepsTheDatabase) {
  expect_refused(file("missing.db"), ErrorCode::InvalidInput);
}

TEST_F(SqliteRestore, RefusesAGarbageBackupAndKeepsTheDatabase) {
  const std::string garbage = file("garbage.db");
  write_garbage(garbage);
  expect_refused(garbage, ErrorCode::InvalidInput);
}

TEST_F(SqliteRestore, RefusesAnSqliteFileThatIsNotAnMsfitDatabase) {
  const std::string other = file("other.db");
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  expect_refused(other, ErrorCode::InvalidInput);
}

TEST_F(SqliteRestore, RefusesABackupFromANewerMsfit) {
  const std::string backup = file("newer.db");
  {
    auto store = open(db_);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->backup_to(backup));
  }
  {
    RawDb raw(backup);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.exec("PRAGMA user_version = " + std::to_string(sqlite_schema_version() + 1)));
  }
  expect_refused(backup, ErrorCode::Conflict);
}

TEST_F(SqliteRestore, RestoringOverADatabaseWithALiveLogKeepsNothingOfTheOldLog) {
  const std::string backup = file("backup.db");
  {
    auto store = open(db_);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->backup_to(backup));
  }
  // A second connection keeps the log from being folded in on close, so the database has a
  // write-ahead log with a commit in it when the restore starts.
  RawDb holder(db_);
  ASSERT_TRUE(holder.ok());
  ASSERT_EQ(holder.value("SELECT count(*) FROM accounts"), "1");
  {
    auto store = open(db_);
    ASSERT_TRUE(store);
    log_one(*store, store->find_account("ana")->id, "in-the-log", "2026-03-04");
  }
  ASSERT_GT(std::filesystem::file_size(db_ + "-wal"), 0U);
  auto restored = restore_sqlite_backup(backup, db_);
  ASSERT_TRUE(restored) << restored.error().message;
  RawDb raw(db_);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.rows("SELECT client_id FROM strength_sets"),
            (std::vector<std::string>{"original"}));
}

// ---------------------------------------------------------------------------------------------
// A damaged row is an error, never a made-up value.

class SqliteDamage : public OnDisk {};

TEST_F(SqliteDamage, ADateThatIsNotADateFailsTheReadAndNamesIt) {
  const std::string db = file("damaged.db");
  auto store = open(db);
  ASSERT_TRUE(store);
  const AccountId me = account(*store, "ana");
  log_one(*store, me, "one");
  {
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.exec("UPDATE strength_sets SET date = '2026-03-0x'"));
  }
  auto h = store->history(me, day("2026-01-01"), day("2026-12-31"));
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, ErrorCode::StorageFailure);
  EXPECT_NE(h.error().message.find("2026-03-0x"), std::string::npos) << h.error().message;
}

TEST_F(SqliteDamage, ACognitiveTaskThatIsNotOneFailsTheReadAndNamesIt) {
  const std::string db = file("damaged-task.db");
  auto store = open(db);
  ASSERT_TRUE(store);
  const AccountId me = account(*store, "ana");
  core::cognitive::Record block;
  block.date = day("2026-03-02");
  ASSERT_TRUE(store->add_cognitive_block(me, {"b1", block}));
  {
    RawDb raw(db);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.exec("PRAGMA ignore_check_constraints = ON"));
    ASSERT_TRUE(raw.exec("UPDATE cognitive_blocks SET task = 'chess'"));
  }
  const auto names_it = [](const auto& read) {
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::StorageFailure);
    EXPECT_NE(read.error().message.find("chess"), std::string::npos) << read.error().message;
  };
  names_it(store->cognitive_blocks(me, day("2026-01-01"), day("2026-12-31")));
  names_it(store->last_cognitive_blocks(me));
}

// ---------------------------------------------------------------------------------------------
// Several Store objects on one file.

class SqliteConcurrency : public OnDisk {
 protected:
  // `n` Stores on the file `db`, one per thread; empty when one cannot be opened.
  std::vector<std::unique_ptr<Store>> stores_on(const std::string& db, int n) {
    std::vector<std::unique_ptr<Store>> stores;
    for (int i = 0; i < n; ++i) {
      stores.push_back(open(db));
      if (!stores.back()) {
        ADD_FAILURE() << "cannot open " << db;
        return {};
      }
    }
    return stores;
  }

  // Runs body(w) for w = 0..n-1 on n threads that start at the same moment, and joins them.
  static void at_once(std::size_t n, const std::function<void(std::size_t)>& body) {
    std::atomic<std::size_t> ready{0};
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < n; ++w) {
      threads.emplace_back([&, w] {
        ready.fetch_add(1);
        while (ready.load() < n) {
          std::this_thread::yield();
        }
        body(w);
      });
    }
    for (auto& t : threads) {
      t.join();
    }
  }
};

TEST_F(SqliteConcurrency, TwoStoresWritingInTurnLoseNothing) {
  const std::string db = file("shared.db");
  auto a = open(db);
  auto b = open(db);
  ASSERT_TRUE(a && b);
  const AccountId me = account(*a, "ana");
  EXPECT_EQ(account(*b, "ana"), me);
  for (int i = 0; i < 50; ++i) {
    log_one(i % 2 == 0 ? *a : *b, me, "turn-" + std::to_string(i));
  }
  // A retry through the other Store is recognised.
  std::vector<Logged<core::SetLog>> retry = {set_log("turn-0", "2026-03-02", "leg_press_machine")};
  auto again = b->log_sets(me, retry);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, WriteResult::AlreadyStored);
  for (Store* s : {a.get(), b.get()}) {
    auto h = s->history(me, day("2026-03-01"), day("2026-03-31"));
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(h->sets.size(), 50U);
  }
}

TEST_F(SqliteConcurrency, TwoThreadsWritingAtOnceLoseNothing) {
  constexpr int kPerThread = 200;
  const std::string db = file("shared.db");
  auto a = open(db);
  auto b = open(db);
  ASSERT_TRUE(a && b);
  const AccountId me = account(*a, "ana");
  std::atomic<int> ready{0};
  std::array<std::vector<std::string>, 2> errors;
  auto writer = [&](std::size_t w, Store& store) {
    ready.fetch_add(1);
    while (ready.load() < 2) {
      std::this_thread::yield();
    }
    for (int i = 0; i < kPerThread; ++i) {
      const std::string date = i % 2 == 0 ? "2026-03-02" : "2026-03-03";
      std::vector<Logged<core::SetLog>> sets = {
          set_log("t" + std::to_string(w) + "-" + std::to_string(i), date, "leg_press_machine")};
      auto stored = store.log_sets(me, sets);
      if (!stored) {
        errors[w].push_back(stored.error().message);
      } else if (*stored != WriteResult::Stored) {
        errors[w].push_back("set " + std::to_string(i) + " was reported as already stored");
      }
    }
  };
  std::thread t0(writer, 0U, std::ref(*a));
  std::thread t1(writer, 1U, std::ref(*b));
  t0.join();
  t1.join();
  for (const auto& e : errors) {
    EXPECT_TRUE(e.empty()) << e.size() << " failed writes, the first: " << e.front();
  }
  auto h = a->history(me, day("2026-03-01"), day("2026-03-31"));
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->sets.size(), 2U * kPerThread);
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("SELECT count(DISTINCT client_id) FROM strength_sets"),
            std::to_string(2 * kPerThread));
  EXPECT_EQ(raw.value("SELECT count(*) FROM performed_sessions"), "2");
  EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
}

// Writes together (one profile change: profile, plan, record) among concurrent single writes
// that share commits: each group is all there or not at all, and the others are untouched.
TEST_F(SqliteConcurrency, WritesTogetherAmongConcurrentOnesAreAllOrNothing) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 40;
  const std::string db = file("together.db");
  const auto stores = stores_on(db, kThreads);
  ASSERT_EQ(stores.size(), std::size_t{kThreads});
  const AccountId me = account(*stores[0], "ana");
  std::array<std::vector<std::string>, kThreads> errors;
  at_once(kThreads, [&](std::size_t w) {
    Store& store = *stores[w];
    for (int i = 0; i < kPerThread; ++i) {
      const std::string id = std::to_string(w) + "-" + std::to_string(i);
      if (w % 2 == 0) {
        // Even threads: two sets together, every third group refused after both writes.
        const bool refuse = i % 3 == 0;
        const auto log = [&](const std::string& client_id) {
          return store.log_sets(me,
                                std::vector{set_log(client_id, "2026-03-02", "leg_press_machine")});
        };
        const Status done = store.write_together([&]() -> Status {
          MSFIT_TRY(log("a" + id));
          MSFIT_TRY(log("b" + id));
          if (refuse) {
            return fail(ErrorCode::InvalidInput, "refused");
          }
          return {};
        });
        if (done.has_value() == refuse) {
          errors[w].push_back("group " + id + (refuse ? " was kept" : " failed"));
        }
      } else if (auto stored = store.log_sets(
                     me, std::vector{set_log("s" + id, "2026-03-02", "leg_press_machine")});
                 !stored) {
        errors[w].push_back(stored.error().message);
      }
    }
  });
  for (const auto& e : errors) {
    EXPECT_TRUE(e.empty()) << e.size() << " failed, the first: " << e.front();
  }
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  // Per even thread 40 groups, 14 refused (i = 0, 3, ..., 39): 26 kept, 52 sets.
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets WHERE client_id LIKE 'a%'"), "52");
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets WHERE client_id LIKE 'b%'"), "52");
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets WHERE substr(client_id, 2) IN "
                      "(SELECT substr(client_id, 2) FROM strength_sets WHERE client_id LIKE 'a%') "
                      "AND client_id LIKE 'b%'"),
            "52");
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets WHERE client_id LIKE 's%'"),
            std::to_string(2 * kPerThread));
  EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
}

// Writes from many threads share commits (group commit): a write that fails rolls back only
// itself, and every write reported as stored is there.
TEST_F(SqliteConcurrency, AFailedWriteAmongConcurrentOnesRollsBackOnlyItself) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  const std::string db = file("group.db");
  const auto stores = stores_on(db, kThreads);
  ASSERT_EQ(stores.size(), std::size_t{kThreads});
  const AccountId me = account(*stores[0], "ana");
  std::atomic<int> created{0};
  std::array<std::vector<std::string>, kThreads> errors;
  at_once(kThreads, [&](std::size_t w) {
    Store& store = *stores[w];
    for (int i = 0; i < kPerThread; ++i) {
      std::vector<Logged<core::SetLog>> sets = {set_log(
          "g" + std::to_string(w) + "-" + std::to_string(i), "2026-03-02", "leg_press_machine")};
      if (auto stored = store.log_sets(me, sets); !stored || *stored != WriteResult::Stored) {
        errors[w].push_back(stored ? "reported as already stored" : stored.error().message);
      }
      // All but the first of these fail inside their transaction (the name is taken).
      if (auto taken = store.create_account("taken", core::AccountRole::Person, "hash"); taken) {
        created.fetch_add(1);
      } else if (taken.error().code != ErrorCode::Conflict) {
        errors[w].push_back(taken.error().message);
      }
    }
  });
  for (const auto& e : errors) {
    EXPECT_TRUE(e.empty()) << e.size() << " failed writes, the first: " << e.front();
  }
  EXPECT_EQ(created.load(), 1);
  RawDb raw(db);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value("SELECT count(*) FROM strength_sets"), std::to_string(kThreads * kPerThread));
  EXPECT_EQ(raw.value("SELECT count(*) FROM accounts WHERE name = 'taken'"), "1");
  EXPECT_EQ(raw.value("PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace msfit::storage

namespace msfit::storage {
namespace {

class SqliteMeasures : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(":memory:");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    account_ = store_->ensure_account("ana")->id;
  }
  Logged<core::MeasureRecord> result(std::string id, std::string_view date, std::string measure,
                                     std::vector<double> trials,
                                     std::optional<core::Side> side = {}) {
    core::MeasureRecord r;
    r.date = *core::parse_iso_date(date);
    r.measure = std::move(measure);
    r.side = side;
    r.value = trials.empty() ? 0 : (trials.front() + trials.back()) / 2;
    r.trials = std::move(trials);
    return {std::move(id), std::move(r)};
  }
  std::unique_ptr<Store> store_;
  AccountId account_ = 0;
};

TEST_F(SqliteMeasures, StoresARetriedResultOnceWithItsTrialsAndSide) {
  const auto r = result("m1", "2026-01-05", "nhpt", {21.5, 22.3}, core::Side::Left);
  EXPECT_EQ(*store_->add_measure(account_, r), WriteResult::Stored);
  EXPECT_EQ(*store_->add_measure(account_, r), WriteResult::AlreadyStored);
  const auto all = store_->measures(account_, "", *core::parse_iso_date("2026-01-01"),
                                    *core::parse_iso_date("2026-12-31"));
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1U);
  EXPECT_EQ((*all)[0].side, core::Side::Left);
  EXPECT_EQ((*all)[0].trials, (std::vector<double>{21.5, 22.3}));
  EXPECT_DOUBLE_EQ((*all)[0].value, 21.9);
}

TEST_F(SqliteMeasures, FiltersByMeasureAndDateOldestFirst) {
  ASSERT_TRUE(store_->add_measure(account_, result("a", "2026-03-02", "t25fw", {6.0})));
  ASSERT_TRUE(store_->add_measure(account_, result("b", "2026-01-05", "t25fw", {7.0})));
  ASSERT_TRUE(store_->add_measure(account_, result("c", "2026-02-02", "sdmt", {50})));
  const auto walk = store_->measures(account_, "t25fw", *core::parse_iso_date("2026-01-01"),
                                     *core::parse_iso_date("2026-12-31"));
  ASSERT_TRUE(walk);
  ASSERT_EQ(walk->size(), 2U);
  EXPECT_DOUBLE_EQ((*walk)[0].value, 7.0);
  const auto early = store_->measures(account_, "", *core::parse_iso_date("2026-01-01"),
                                      *core::parse_iso_date("2026-02-02"));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->size(), 2U);
}

class SqliteUpgrades : public ::testing::Test {};

TEST_F(SqliteUpgrades, EveryEarlierSchemaVersionUpgradesInPlaceKeepingItsData) {
  for (int version = 1; version < sqlite_schema_version(); ++version) {
    const auto dir =
        std::filesystem::temp_directory_path() /
        ("msfit-upgrade-" + std::to_string(::getpid()) + "-" + std::to_string(version));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "old.db").string();
    {
      auto old = open_sqlite_store_at_version(path, version);
      ASSERT_TRUE(old) << old.error().message;
      const AccountId me = (*old)->ensure_account("ana")->id;
      const Logged<core::SetLog> s{
          "old", {*core::parse_iso_date("2026-01-05"), "leg_press_machine", 1, 10, 50.0, 2, true}};
      ASSERT_TRUE((*old)->log_sets(me, std::span(&s, 1)));
    }
    auto current = open_sqlite_store(path);
    ASSERT_TRUE(current) << "from version " << version << ": " << current.error().message;
    const AccountId me = (*current)->find_account("ana")->id;
    const auto h = (*current)->history(me, *core::parse_iso_date("2026-01-01"),
                                       *core::parse_iso_date("2026-12-31"));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->sets.size(), 1U) << "from version " << version;
    core::MeasureRecord r;
    r.date = *core::parse_iso_date("2026-01-05");
    r.measure = "t25fw";
    r.trials = {6.0};
    r.value = 6.0;
    EXPECT_TRUE((*current)->add_measure(me, {"m", r})) << "from version " << version;
    EXPECT_TRUE((*current)->add_cognitive_rating(me, {"r", {r.date, 3}}))
        << "from version " << version;
    current->reset();
    std::filesystem::remove_all(dir);
  }
}

TEST_F(SqliteStore, SignsOutEverySessionButTheOneKeptAndPurgesExpiredOnes) {
  for (const char* token : {"t1", "t2", "t3"}) {
    ASSERT_TRUE(store_->create_auth_session(account_, token, "2027-01-01T00:00:00Z"));
  }
  ASSERT_TRUE(store_->delete_auth_sessions(account_, "t2"));
  EXPECT_FALSE(store_->auth_session("t1", "2026-06-01T00:00:00Z"));
  EXPECT_TRUE(store_->auth_session("t2", "2026-06-01T00:00:00Z"));
  ASSERT_TRUE(store_->delete_auth_sessions(account_, ""));
  EXPECT_FALSE(store_->auth_session("t2", "2026-06-01T00:00:00Z"));

  ASSERT_TRUE(store_->create_auth_session(account_, "old", "2026-01-01T00:00:00Z"));
  ASSERT_TRUE(store_->create_auth_session(account_, "new", "2027-01-01T00:00:00Z"));
  ASSERT_TRUE(store_->create_invite(account_, "old-invite", "2026-01-02T00:00:00Z"));
  auto purged = store_->purge_expired("2026-06-01T00:00:00Z");
  ASSERT_TRUE(purged) << purged.error().message;
  EXPECT_EQ(*purged, 2);
  EXPECT_TRUE(store_->auth_session("new", "2026-06-01T00:00:00Z"));
}

TEST_F(SqliteStore, ChangesAPasswordHashAndWritesAuditEntriesTogether) {
  ASSERT_TRUE(store_->set_password_hash(account_, "hash-2"));
  auto creds = store_->credentials("ana");
  ASSERT_TRUE(creds) << creds.error().message;
  EXPECT_EQ(creds->password_hash, "hash-2");
  EXPECT_EQ(store_->set_password_hash(999999, "x").error().code, ErrorCode::NotFound);

  std::vector<AuditEntry> entries(3);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    entries[i].actor = account_;
    entries[i].actor_name = "ana";
    entries[i].actor_role = "clinician";
    entries[i].subject = account_;
    entries[i].action = AuditAction::Read;
    entries[i].resource = "GET /api/v1/patients";
  }
  ASSERT_TRUE(store_->audit_all(entries));
  ASSERT_TRUE(store_->audit_all({}));
  auto log = store_->audit_log(account_, 10);
  ASSERT_TRUE(log) << log.error().message;
  EXPECT_EQ(log->size(), 3U);
}

}  // namespace
}  // namespace msfit::storage

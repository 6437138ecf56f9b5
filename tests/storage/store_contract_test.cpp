// The storage contract (store.hpp and the interface headers), run against every Store: the
// SQLite store on ":memory:", the in-memory store, and the PostgreSQL store on a throwaway
// cluster (a fresh database per test, copied from a migrated template). What only SQLite has
// (files, durability, crashes, backups, migrations, damaged databases) is tested in
// sqlite_store_test.cpp; what only PostgreSQL has in postgres_store_test.cpp.

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "msfit/storage/memory_store.hpp"
#include "msfit/storage/store.hpp"

#include "pg_cluster.hpp"

namespace msfit::storage {
namespace {

using core::AccountRole;
using core::Date;

Date day(std::string_view iso) {
  return core::parse_iso_date(iso).value();
}

Logged<core::SetLog> set_log(std::string id, std::string_view date, std::string exercise,
                             int set_number = 1, double kg = 40) {
  return {std::move(id), core::SetLog{day(date), std::move(exercise), set_number, 10, kg, 2, true}};
}

Logged<core::CheckIn> check_in(std::string id, std::string_view date, int fatigue,
                               std::vector<core::Symptom> symptoms = {}, bool relapse = false) {
  core::CheckIn c;
  c.date = day(date);
  c.fatigue = fatigue;
  c.sleep_quality = 7;
  c.ambient_temp_c = 21.5;
  c.symptoms = std::move(symptoms);
  c.relapse = relapse;
  return {std::move(id), c};
}

// A scored block of `task`: `end` is where the staircase ended, `median_ms` the median time of
// the right answers (none when done untimed).
Logged<core::cognitive::Record> block(std::string id, std::string_view date,
                                      core::CognitiveTask task, int end,
                                      std::optional<int> median_ms = 900) {
  core::cognitive::Record r;
  r.date = day(date);
  r.task = task;
  r.untimed = !median_ms.has_value();
  r.minutes = 10;
  r.start_level = 2;
  r.end_level = end;
  r.highest_level = std::max(end, 2) + 1;
  r.answers = 40;
  r.right = 31;
  r.reversals = 5;
  r.median_right_ms = median_ms;
  return {std::move(id), r};
}

Logged<core::cognitive::FatigueRating> rating(std::string id, std::string_view date, int value) {
  return {std::move(id), core::cognitive::FatigueRating{day(date), value}};
}

std::vector<std::string> client_ids(const std::vector<Logged<core::cognitive::Record>>& blocks) {
  std::vector<std::string> out;
  for (const auto& b : blocks) {
    out.push_back(b.client_id);
  }
  return out;
}

struct SqliteInMemory {
  static std::unique_ptr<Store> open() { return open_sqlite_store(":memory:").value(); }
};
struct InMemory {
  static std::unique_ptr<Store> open() { return open_memory_store(); }
};
struct Postgres {
  // One cluster for the whole binary, stopped at exit; each test gets its own database.
  static std::unique_ptr<Store> open() {
    static testing::PgCluster cluster{testing::PgCluster::Options::no_fsync()};
    [[maybe_unused]] static const bool templated = [] {
      cluster.create_database("contract_template");
      // Migrated once; the Store (and its pool's connections) must be gone before the
      // template is copied.
      auto migrated = open_postgres_store(cluster.url("contract_template"));
      if (!migrated) {
        throw std::runtime_error(migrated.error().message + "\n" + cluster.log());
      }
      return true;
    }();
    static std::atomic<int> next{0};
    const std::string name = "contract_" + std::to_string(next++);
    (void)cluster.psql("CREATE DATABASE " + name + " TEMPLATE contract_template");
    auto store = open_postgres_store(cluster.url(name));
    if (!store) {
      throw std::runtime_error(store.error().message + "\n" + cluster.log());
    }
    return std::move(*store);
  }
};

template <typename Backend>
class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    if constexpr (std::is_same_v<Backend, Postgres>) {
      if (!testing::PgCluster::available()) {
        if (testing::PgCluster::required()) {
          FAIL() << "PostgreSQL is required (MSFIT_REQUIRE_POSTGRES=1) but not installed";
        }
        GTEST_SKIP() << "PostgreSQL is not installed";
      }
    }
    store_ = Backend::open();
    person_ = store_->ensure_account("pat").value().id;
  }

  Account make(std::string name, AccountRole role) {
    return store_->create_account(name, role, "hash-" + name).value();
  }

  std::unique_ptr<Store> store_;
  AccountId person_ = 0;
};

class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<T, SqliteInMemory>) {
      return "Sqlite";
    } else if constexpr (std::is_same_v<T, Postgres>) {
      return "Postgres";
    }
    return "Memory";
  }
};

using Backends = ::testing::Types<SqliteInMemory, InMemory, Postgres>;
TYPED_TEST_SUITE(StoreContract, Backends, BackendNames);

// --- accounts and roles -----------------------------------------------------------------------

TYPED_TEST(StoreContract, EnsureAccountMakesAPersonOnce) {
  auto& s = *this->store_;
  const Account again = s.ensure_account("pat").value();
  EXPECT_EQ(again.id, this->person_);
  EXPECT_EQ(again.role, AccountRole::Person);
  EXPECT_EQ(s.credentials("pat").value().password_hash, "");
  EXPECT_EQ(s.find_account("nobody").error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.credentials("nobody").error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreContract, CreateAccountKeepsEachRoleAndRefusesATakenName) {
  auto& s = *this->store_;
  for (const auto role :
       {AccountRole::Person, AccountRole::Clinician, AccountRole::Researcher, AccountRole::Admin}) {
    const std::string name(core::to_string(role));
    const Account made = this->make(name, role);
    EXPECT_EQ(made.role, role);
    EXPECT_EQ(s.find_account(name).value().role, role);
    EXPECT_EQ(s.account_by_id(made.id).value().name, name);
    EXPECT_EQ(s.credentials(name).value().password_hash, "hash-" + name);
  }
  const auto taken = s.create_account("pat", AccountRole::Clinician, "x");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
  EXPECT_EQ(taken.error().message, "that name is taken");

  const auto all = s.list_accounts().value();
  ASSERT_EQ(all.size(), 5U);
  EXPECT_EQ(all.front().name, "pat");
  EXPECT_EQ(all.back().name, "admin");
}

TYPED_TEST(StoreContract, SetRoleAndPasswordChangeTheAccountOrSayNotFound) {
  auto& s = *this->store_;
  ASSERT_TRUE(s.set_role(this->person_, AccountRole::Researcher));
  EXPECT_EQ(s.account_by_id(this->person_).value().role, AccountRole::Researcher);
  ASSERT_TRUE(s.set_password_hash(this->person_, "new"));
  EXPECT_EQ(s.credentials("pat").value().password_hash, "new");
  EXPECT_EQ(s.set_role(999, AccountRole::Admin).error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.set_password_hash(999, "x").error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.account_by_id(999).error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreContract, AnAccountsLanguageIsKeptFoundByNameAndCanBeCleared) {
  auto& s = *this->store_;
  EXPECT_FALSE(s.account_by_id(this->person_).value().language.has_value());
  ASSERT_TRUE(s.set_language(this->person_, core::Language::Pl));
  EXPECT_EQ(s.account_by_id(this->person_).value().language, core::Language::Pl);
  EXPECT_EQ(s.find_account("pat").value().language, core::Language::Pl);
  ASSERT_TRUE(s.set_language(this->person_, std::nullopt));
  EXPECT_FALSE(s.account_by_id(this->person_).value().language.has_value());
  EXPECT_EQ(s.set_language(999, core::Language::Sv).error().code, ErrorCode::NotFound);
}

// --- sessions and purge -----------------------------------------------------------------------

TYPED_TEST(StoreContract, SessionsLastUntilTheyExpireOrAreDeleted) {
  auto& s = *this->store_;
  ASSERT_TRUE(s.create_auth_session(this->person_, "t1", "2026-03-02T00:00:00Z"));
  ASSERT_TRUE(s.create_auth_session(this->person_, "t2", "2026-03-02T00:00:00Z"));
  ASSERT_TRUE(s.create_auth_session(this->person_, "t3", "2026-03-02T00:00:00Z"));
  EXPECT_EQ(s.auth_session("t1", "2026-03-01T23:59:59Z").value().id, this->person_);
  EXPECT_EQ(s.auth_session("t1", "2026-03-02T00:00:00Z").error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.auth_session("nope", "2026-03-01T00:00:00Z").error().code, ErrorCode::NotFound);

  ASSERT_TRUE(s.delete_auth_session("t1"));
  EXPECT_FALSE(s.auth_session("t1", "2026-03-01T00:00:00Z"));
  ASSERT_TRUE(s.delete_auth_sessions(this->person_, "t2"));
  EXPECT_TRUE(s.auth_session("t2", "2026-03-01T00:00:00Z"));
  EXPECT_FALSE(s.auth_session("t3", "2026-03-01T00:00:00Z"));
  ASSERT_TRUE(s.delete_auth_sessions(this->person_, ""));
  EXPECT_FALSE(s.auth_session("t2", "2026-03-01T00:00:00Z"));
}

TYPED_TEST(StoreContract, PurgeRemovesExpiredSessionsAndInvitesAndCountsThem) {
  auto& s = *this->store_;
  ASSERT_TRUE(s.create_auth_session(this->person_, "old", "2026-03-01T00:00:00Z"));
  ASSERT_TRUE(s.create_auth_session(this->person_, "new", "2026-03-05T00:00:00Z"));
  ASSERT_TRUE(s.create_invite(this->person_, "old-code", "2026-03-01T00:00:00Z"));
  ASSERT_TRUE(s.create_invite(this->person_, "new-code", "2026-03-05T00:00:00Z"));
  EXPECT_EQ(s.purge_expired("2026-03-01T00:00:00Z").value(), 2);
  EXPECT_EQ(s.purge_expired("2026-03-01T00:00:00Z").value(), 0);
  EXPECT_TRUE(s.auth_session("new", "2026-03-02T00:00:00Z"));
}

// --- invites and care links -------------------------------------------------------------------

TYPED_TEST(StoreContract, AnInviteLinksAClinicianOnceAndTheLinkCanBeRevoked) {
  auto& s = *this->store_;
  const Account carol = this->make("carol", AccountRole::Clinician);
  const Account bob = this->make("bob", AccountRole::Clinician);
  ASSERT_TRUE(s.create_invite(this->person_, "code", "2026-03-05T00:00:00Z"));
  ASSERT_TRUE(s.create_invite(this->person_, "late", "2026-03-01T00:00:00Z"));

  EXPECT_EQ(s.redeem_invite("code", this->person_, "2026-03-02T00:00:00Z").error().code,
            ErrorCode::InvalidInput);
  EXPECT_EQ(s.redeem_invite("late", carol.id, "2026-03-02T00:00:00Z").error().code,
            ErrorCode::NotFound);
  const CareLink link = s.redeem_invite("code", carol.id, "2026-03-02T00:00:00Z").value();
  EXPECT_EQ(link.person.name, "pat");
  EXPECT_EQ(link.clinician.name, "carol");
  EXPECT_FALSE(link.granted_at.empty());
  EXPECT_EQ(s.redeem_invite("code", bob.id, "2026-03-02T00:00:00Z").error().code,
            ErrorCode::NotFound);

  ASSERT_TRUE(s.create_invite(this->person_, "second", "2026-03-05T00:00:00Z"));
  ASSERT_TRUE(s.redeem_invite("second", bob.id, "2026-03-02T00:00:00Z"));
  const auto mine = s.care_links(this->person_).value();
  ASSERT_EQ(mine.size(), 2U);
  EXPECT_EQ(mine[0].clinician.name, "bob");  // By the person's name, then the clinician's.
  EXPECT_EQ(mine[1].clinician.name, "carol");
  EXPECT_EQ(s.care_links(carol.id).value().size(), 1U);
  EXPECT_TRUE(s.has_care_link(this->person_, carol.id).value());
  EXPECT_FALSE(s.has_care_link(carol.id, this->person_).value());

  ASSERT_TRUE(s.revoke_care_link(this->person_, carol.id));
  EXPECT_FALSE(s.has_care_link(this->person_, carol.id).value());
  EXPECT_EQ(s.revoke_care_link(this->person_, carol.id).error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreContract, AdjustmentsComeNewestFirst) {
  auto& s = *this->store_;
  const Account carol = this->make("carol", AccountRole::Clinician);
  for (const char* kind : {"swap", "days", "session_minutes"}) {
    Adjustment a;
    a.by = carol.id;
    a.by_name = "carol";
    a.by_role = "clinician";
    a.kind = kind;
    a.summary = std::string("changed ") + kind;
    ASSERT_TRUE(s.add_adjustment(this->person_, a));
  }
  const auto list = s.adjustments(this->person_).value();
  ASSERT_EQ(list.size(), 3U);
  EXPECT_EQ(list[0].kind, "session_minutes");
  EXPECT_EQ(list[2].kind, "swap");
  EXPECT_GT(list[0].id, list[1].id);
  EXPECT_EQ(list[0].by, carol.id);
  EXPECT_FALSE(list[0].created_at.empty());
  EXPECT_TRUE(s.adjustments(carol.id).value().empty());
}

// --- studies ------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, StudiesBelongToTheirResearcherAndCountTheirMembers) {
  auto& s = *this->store_;
  const Account rita = this->make("rita", AccountRole::Researcher);
  const Account rob = this->make("rob", AccountRole::Researcher);
  const Account ann = this->make("ann", AccountRole::Person);
  const Study first = s.create_study(rita.id, "Balance", "join-1").value();
  const Study second = s.create_study(rita.id, "Walking", "join-2").value();
  EXPECT_EQ(first.title, "Balance");
  EXPECT_EQ(first.members, 0);
  EXPECT_EQ(s.study(rob.id, first.id).error().code, ErrorCode::NotFound);
  const auto mine = s.studies_of(rita.id).value();
  ASSERT_EQ(mine.size(), 2U);
  EXPECT_EQ(mine[0].id, first.id);
  EXPECT_EQ(mine[1].id, second.id);

  const StudyMember joined =
      s.join_study("join-1", this->person_, "P-002", day("2026-03-02")).value();
  EXPECT_EQ(joined.study_id, first.id);
  ASSERT_TRUE(s.join_study("join-1", ann.id, "P-001", day("2026-03-03")));
  ASSERT_TRUE(s.join_study("join-2", this->person_, "P-100", day("2026-03-04")));
  EXPECT_EQ(s.join_study("join-1", this->person_, "P-003", day("2026-03-05")).error().code,
            ErrorCode::Conflict);
  EXPECT_EQ(s.join_study("nope", this->person_, "P-004", day("2026-03-05")).error().code,
            ErrorCode::NotFound);

  EXPECT_EQ(s.study(rita.id, first.id).value().members, 2);
  const auto members = s.study_members(first.id).value();
  ASSERT_EQ(members.size(), 2U);
  EXPECT_EQ(members[0].pseudonym, "P-001");  // By pseudonym.
  EXPECT_EQ(members[1].joined_on, day("2026-03-02"));
  const auto memberships = s.memberships(this->person_).value();
  ASSERT_EQ(memberships.size(), 2U);
  EXPECT_EQ(memberships[0].first.title, "Balance");
  EXPECT_EQ(memberships[0].second.pseudonym, "P-002");
  EXPECT_EQ(memberships[1].second.pseudonym, "P-100");

  ASSERT_TRUE(s.leave_study(first.id, this->person_));
  EXPECT_EQ(s.leave_study(first.id, this->person_).error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.study(rita.id, first.id).value().members, 1);
}

// --- audit --------------------------------------------------------------------------------------

TYPED_TEST(StoreContract, TheAuditLogComesNewestFirstWithinItsLimit) {
  auto& s = *this->store_;
  const Account carol = this->make("carol", AccountRole::Clinician);
  AuditEntry e;
  e.actor = carol.id;
  e.actor_name = "carol";
  e.actor_role = "clinician";
  e.subject = this->person_;
  e.resource = "GET /api/v1/people/{id}/history";
  ASSERT_TRUE(s.audit(e));
  e.action = AuditAction::Change;
  e.subject = carol.id;
  ASSERT_TRUE(s.audit(e));
  std::vector<AuditEntry> batch(3, e);
  batch[2].action = AuditAction::Grant;
  batch[2].subject = this->person_;
  ASSERT_TRUE(s.audit_all(batch));
  ASSERT_TRUE(s.audit_all({}));

  const auto all = s.audit_log(std::nullopt, 100).value();
  ASSERT_EQ(all.size(), 5U);
  EXPECT_EQ(all[0].action, AuditAction::Grant);
  EXPECT_EQ(all[4].action, AuditAction::Read);
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_EQ(all[4].actor, carol.id);
  EXPECT_EQ(all[4].resource, "GET /api/v1/people/{id}/history");
  EXPECT_FALSE(all[4].at.empty());

  EXPECT_EQ(s.audit_log(std::nullopt, 2).value().size(), 2U);
  const auto about = s.audit_log(this->person_, 100).value();
  ASSERT_EQ(about.size(), 2U);
  EXPECT_EQ(about[0].action, AuditAction::Grant);
  EXPECT_EQ(about[1].action, AuditAction::Read);
  EXPECT_EQ(s.audit_log(this->person_, 1).value().size(), 1U);
}

TYPED_TEST(StoreContract, DeletingAnAccountTakesEverythingOfIt) {
  auto& s = *this->store_;
  const Account carol = this->make("carol", AccountRole::Clinician);
  const Account rita = this->make("rita", AccountRole::Researcher);
  ASSERT_TRUE(s.save_profile(this->person_, "{}"));
  ASSERT_TRUE(s.log_sets(this->person_, std::vector{set_log("s1", "2026-03-02", "squat")}));
  ASSERT_TRUE(s.create_auth_session(this->person_, "tok", "2030-01-01T00:00:00Z"));
  ASSERT_TRUE(s.create_invite(this->person_, "code", "2030-01-01T00:00:00Z"));
  ASSERT_TRUE(s.redeem_invite("code", carol.id, "2026-03-02T00:00:00Z"));
  const Study study = s.create_study(rita.id, "Balance", "join").value();
  ASSERT_TRUE(s.join_study("join", this->person_, "P-1", day("2026-03-02")));
  Adjustment a;
  a.by = carol.id;
  a.by_name = "carol";
  a.by_role = "clinician";
  a.kind = "days";
  ASSERT_TRUE(s.add_adjustment(this->person_, a));
  AuditEntry about_pat;
  about_pat.actor = carol.id;
  about_pat.actor_name = "carol";
  about_pat.actor_role = "clinician";
  about_pat.subject = this->person_;
  AuditEntry about_carol = about_pat;
  about_carol.actor = this->person_;
  about_carol.subject = carol.id;
  ASSERT_TRUE(s.audit_all({about_pat, about_carol}));

  ASSERT_TRUE(s.delete_account(carol.id));  // The author of an adjustment and an entry.
  const auto adjustments = s.adjustments(this->person_).value();
  ASSERT_EQ(adjustments.size(), 1U);
  EXPECT_FALSE(adjustments[0].by);
  EXPECT_EQ(adjustments[0].by_name, "carol");
  EXPECT_TRUE(s.care_links(this->person_).value().empty());

  ASSERT_TRUE(s.delete_account(this->person_));
  EXPECT_EQ(s.delete_account(this->person_).error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.find_account("pat").error().code, ErrorCode::NotFound);
  EXPECT_FALSE(s.auth_session("tok", "2026-03-02T00:00:00Z"));
  EXPECT_EQ(s.study(rita.id, study.id).value().members, 0);
  EXPECT_TRUE(s.audit_log(std::nullopt, 10).value().empty());

  ASSERT_TRUE(s.delete_account(rita.id));  // A researcher's studies go too.
  EXPECT_EQ(
      s.join_study("join", this->make("ann", AccountRole::Person).id, "P-2", day("2026-03-02"))
          .error()
          .code,
      ErrorCode::NotFound);
}

// --- profiles and plans -------------------------------------------------------------------------

TYPED_TEST(StoreContract, ProfilesAreVersionedPerAccount) {
  auto& s = *this->store_;
  const Account ann = this->make("ann", AccountRole::Person);
  EXPECT_FALSE(s.latest_profile(this->person_).value());
  const ProfileVersion v1 = s.save_profile(this->person_, "{\"a\":1}").value();
  const ProfileVersion other = s.save_profile(ann.id, "{}").value();
  const ProfileVersion v2 = s.save_profile(this->person_, "{\"a\":2}").value();
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(other.version, 1);
  EXPECT_EQ(v2.version, 2);
  EXPECT_FALSE(v2.created_at.empty());
  EXPECT_EQ(s.latest_profile(this->person_).value()->body, "{\"a\":2}");
  EXPECT_EQ(s.profile_by_id(this->person_, v1.id).value().body, "{\"a\":1}");
  EXPECT_EQ(s.profile_by_id(this->person_, other.id).error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreContract, TheLatestPlanComesWithOrWithoutItsBody) {
  auto& s = *this->store_;
  EXPECT_FALSE(s.latest_plan(this->person_).value());
  const ProfileVersion v1 = s.save_profile(this->person_, "{}").value();
  const ProfileVersion v2 = s.save_profile(this->person_, "{}").value();
  NewPlan plan;
  plan.profile_id = v1.id;
  plan.engine_version = "1";
  plan.start_date = day("2026-03-02");
  plan.weeks = 12;
  plan.body = "first";
  plan.sessions = {{day("2026-03-02"), 1, "strength", 45}};
  const StoredPlan first = s.save_plan(this->person_, plan).value();
  EXPECT_EQ(first.profile_version, 1);
  plan.profile_id = v2.id;
  plan.body = "second";
  plan.weeks = 8;
  const StoredPlan second = s.save_plan(this->person_, plan).value();
  EXPECT_EQ(second.profile_version, 2);
  EXPECT_EQ(second.body, "second");

  const StoredPlan latest = s.latest_plan(this->person_).value().value();
  EXPECT_EQ(latest.id, second.id);
  EXPECT_EQ(latest.body, "second");
  EXPECT_EQ(latest.weeks, 8);
  EXPECT_EQ(latest.start_date, day("2026-03-02"));
  const StoredPlan summary = s.latest_plan_summary(this->person_).value().value();
  EXPECT_EQ(summary.id, second.id);
  EXPECT_EQ(summary.body, "");
  EXPECT_EQ(summary.profile_version, 2);
}

// --- the training log ---------------------------------------------------------------------------

TYPED_TEST(StoreContract, EveryKindOfLogIsStoredOncePerClientId) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const std::vector sets = {set_log("s1", "2026-03-02", "squat", 1),
                            set_log("s2", "2026-03-02", "squat", 2)};
  EXPECT_EQ(s.log_sets(p, sets).value(), WriteResult::Stored);
  EXPECT_EQ(s.log_sets(p, sets).value(), WriteResult::AlreadyStored);
  EXPECT_EQ(s.log_sets(p, std::vector{sets[0], set_log("s3", "2026-03-02", "squat", 3)}).value(),
            WriteResult::Stored);

  const Logged<core::CardioLog> bout{"c1", {day("2026-03-03"), "bike", 20, 120, 80, 5}};
  EXPECT_EQ(s.log_cardio(p, bout).value(), WriteResult::Stored);
  EXPECT_EQ(s.log_cardio(p, bout).value(), WriteResult::AlreadyStored);
  const auto c = check_in("k1", "2026-03-02", 4);
  EXPECT_EQ(s.log_check_in(p, c).value(), WriteResult::Stored);
  EXPECT_EQ(s.log_check_in(p, c).value(), WriteResult::AlreadyStored);
  const Logged<Note> note{"n1", {day("2026-03-02"), "felt fine"}};
  EXPECT_EQ(s.add_note(p, note).value(), WriteResult::Stored);
  EXPECT_EQ(s.add_note(p, note).value(), WriteResult::AlreadyStored);
  const Logged<core::Clearance> clear{
      "r1", {day("2026-03-02"), core::ClearanceKind::Medical, core::Role::Clinician, {}}};
  EXPECT_EQ(s.record_clearance(p, clear).value(), WriteResult::Stored);
  EXPECT_EQ(s.record_clearance(p, clear).value(), WriteResult::AlreadyStored);
  const std::vector<Logged<core::ItemLog>> items = {
      {"i1", {day("2026-03-02"), "tandem_stance", true, core::ItemRating::Easy}},
      {"i2", {day("2026-03-02"), "calf_stretch", false, std::nullopt}}};
  EXPECT_EQ(s.log_items(p, items).value(), WriteResult::Stored);
  EXPECT_EQ(s.log_items(p, items).value(), WriteResult::AlreadyStored);
  const Logged<core::MeasureRecord> walk{
      "m1", {day("2026-03-02"), "t25fw", std::nullopt, {6.4, 6.0}, 6.2, core::Role::Person}};
  EXPECT_EQ(s.add_measure(p, walk).value(), WriteResult::Stored);
  EXPECT_EQ(s.add_measure(p, walk).value(), WriteResult::AlreadyStored);
  // Client ids are per kind of record: a note may reuse a set's.
  EXPECT_EQ(s.add_note(p, {"s1", {day("2026-03-02"), "x"}}).value(), WriteResult::Stored);

  const History h = s.history(p, day("2026-03-01"), day("2026-03-31")).value();
  ASSERT_EQ(h.sets.size(), 3U);
  EXPECT_EQ(h.sets[2].set_number, 3);
  EXPECT_EQ(h.sets[0].rir, 2);
  ASSERT_EQ(h.cardio.size(), 1U);
  EXPECT_EQ(h.cardio[0].mean_hr, 120);
  EXPECT_EQ(h.cardio[0].rpe, 5);
  ASSERT_EQ(h.check_ins.size(), 1U);
  EXPECT_EQ(h.check_ins[0].fatigue, 4);
  EXPECT_EQ(h.check_ins[0].ambient_temp_c, 21.5);
  EXPECT_EQ(h.check_ins[0].recorded_at, "");
  ASSERT_EQ(h.notes.size(), 2U);
  EXPECT_EQ(h.notes[0].body, "felt fine");
  ASSERT_EQ(h.clearances.size(), 1U);
  EXPECT_EQ(h.clearances[0].kind, core::ClearanceKind::Medical);
  EXPECT_EQ(h.clearances[0].by, core::Role::Clinician);
  ASSERT_EQ(h.items.size(), 2U);
  EXPECT_EQ(h.items[0].rating, core::ItemRating::Easy);
  EXPECT_FALSE(h.items[1].rating);
  EXPECT_FALSE(h.items[1].completed);
  const auto m = s.measures(p, "", day("2026-03-01"), day("2026-03-31")).value();
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].trials, (std::vector{6.4, 6.0}));
  EXPECT_EQ(m[0].value, 6.2);
}

TYPED_TEST(StoreContract, HistoryTakesItsRangeInclusiveOldestFirst) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  ASSERT_TRUE(s.log_sets(
      p, std::vector{set_log("a", "2026-03-05", "squat", 1), set_log("b", "2026-03-01", "squat", 1),
                     set_log("c", "2026-03-03", "row", 2), set_log("d", "2026-03-03", "row", 1),
                     set_log("e", "2026-03-06", "squat", 1)}));
  ASSERT_TRUE(s.log_check_in(p, check_in("k2", "2026-03-04", 2)));
  ASSERT_TRUE(s.log_check_in(p, check_in("k1", "2026-03-01", 1)));
  ASSERT_TRUE(s.add_note(p, {"n1", {day("2026-03-07"), "later"}}));
  ASSERT_TRUE(s.log_items(p, std::vector<Logged<core::ItemLog>>{
                                 {"i1", {day("2026-03-02"), "tandem", true, std::nullopt}}}));

  const History h = s.history(p, day("2026-03-01"), day("2026-03-05")).value();
  ASSERT_EQ(h.sets.size(), 4U);
  EXPECT_EQ(h.sets[0].date, day("2026-03-01"));
  EXPECT_EQ(h.sets[1].set_number, 2);  // Same day: in the order they were logged.
  EXPECT_EQ(h.sets[2].set_number, 1);
  EXPECT_EQ(h.sets[3].date, day("2026-03-05"));
  ASSERT_EQ(h.check_ins.size(), 2U);
  EXPECT_EQ(h.check_ins[0].date, day("2026-03-01"));
  EXPECT_TRUE(h.notes.empty());
  EXPECT_EQ(s.item_logs(p, day("2026-03-02"), day("2026-03-02")).value().size(), 1U);
  EXPECT_TRUE(s.item_logs(p, day("2026-03-03"), day("2026-03-09")).value().empty());
  EXPECT_TRUE(
      s.history(this->make("ann", AccountRole::Person).id, day("2026-01-01"), day("2026-12-31"))
          .value()
          .sets.empty());
}

TYPED_TEST(StoreContract, HistoryGivesEachSetsClientId) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  ASSERT_TRUE(s.log_sets(p, std::vector{set_log("late", "2026-03-05", "squat"),
                                        set_log("early", "2026-03-01", "squat")}));
  const History h = s.history(p, day("2026-03-01"), day("2026-03-31")).value();
  EXPECT_EQ(h.set_client_ids, (std::vector<std::string>{"early", "late"}));
}

TYPED_TEST(StoreContract, ASetIsCorrectedByItsClientIdOnItsOwnAccountOnly) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const AccountId other = this->make("ann", AccountRole::Person).id;
  ASSERT_TRUE(s.log_sets(p, std::vector{set_log("s1", "2026-03-02", "squat", 1, 40),
                                        set_log("s2", "2026-03-02", "squat", 2, 40)}));
  ASSERT_TRUE(s.log_sets(other, std::vector{set_log("s1", "2026-03-02", "squat", 1, 60)}));

  core::SetLog fixed = s.logged_set(p, "s1").value();
  EXPECT_EQ(fixed.load_kg, 40);
  fixed.reps = 8;
  fixed.load_kg = 42.5;
  fixed.rir = std::nullopt;
  fixed.completed = false;
  // What a set is (its date, exercise and number) stays, whatever is sent.
  fixed.exercise = "row";
  fixed.set_number = 5;
  ASSERT_TRUE(s.correct_set(p, "s1", fixed));
  const core::SetLog stored = s.logged_set(p, "s1").value();
  EXPECT_EQ(stored.reps, 8);
  EXPECT_EQ(stored.load_kg, 42.5);
  EXPECT_FALSE(stored.rir.has_value());
  EXPECT_FALSE(stored.completed);
  EXPECT_EQ(stored.exercise, "squat");
  EXPECT_EQ(stored.set_number, 1);
  EXPECT_EQ(s.logged_set(p, "s2").value().load_kg, 40);
  EXPECT_EQ(s.logged_set(other, "s1").value().load_kg, 60);  // The other account's s1.
  const auto recent = s.recent_sets(p, "squat", day("2026-03-02"), 1).value();
  ASSERT_EQ(recent.size(), 2U);
  EXPECT_EQ(recent[0].load_kg, 42.5);

  const auto missing = s.correct_set(p, "nope", fixed);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_EQ(missing.error().field, "client_id");
  EXPECT_EQ(s.logged_set(p, "nope").error().code, ErrorCode::NotFound);
  const AccountId stranger = this->make("bob", AccountRole::Person).id;
  EXPECT_EQ(s.correct_set(stranger, "s2", fixed).error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.logged_set(p, "s2").value().reps, 10);
}

TYPED_TEST(StoreContract, ADeletedSetIsGoneOnceAndIsNotLoggedAgainByAResend) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const AccountId other = this->make("ann", AccountRole::Person).id;
  ASSERT_TRUE(s.log_sets(
      p, std::vector{set_log("s1", "2026-03-02", "squat"), set_log("s2", "2026-03-02", "squat", 2),
                     set_log("s3", "2026-03-04", "squat")}));
  ASSERT_TRUE(s.log_sets(other, std::vector{set_log("s3", "2026-03-04", "squat")}));

  EXPECT_EQ(s.delete_set(p, "s1").value(), WriteResult::Stored);
  EXPECT_EQ(s.delete_set(p, "s1").value(), WriteResult::AlreadyStored);
  const auto never = s.delete_set(p, "never");
  ASSERT_FALSE(never);
  EXPECT_EQ(never.error().code, ErrorCode::NotFound);
  EXPECT_EQ(never.error().field, "client_id");
  // Another account's deletion of the same id is its own: ann's s3 was never deleted, and the
  // person's s1 is not ann's to delete.
  EXPECT_EQ(s.delete_set(other, "s1").error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.logged_set(p, "s1").error().code, ErrorCode::NotFound);
  EXPECT_EQ(s.correct_set(p, "s1", set_log("s1", "2026-03-02", "squat").value).error().code,
            ErrorCode::NotFound);

  // A resent log of the deleted set (an offline outbox) does not bring it back.
  EXPECT_EQ(s.log_sets(p, std::vector{set_log("s1", "2026-03-02", "squat")}).value(),
            WriteResult::AlreadyStored);
  History h = s.history(p, day("2026-03-01"), day("2026-03-31")).value();
  EXPECT_EQ(h.set_client_ids, (std::vector<std::string>{"s2", "s3"}));
  EXPECT_EQ(s.recent_sets(p, "squat", day("2026-03-02"), 1).value().size(), 1U);

  // A day with nothing left logged on it no longer counts as trained.
  EXPECT_EQ(s.delete_set(p, "s3").value(), WriteResult::Stored);
  EXPECT_EQ(s.logged_days(p, day("2026-03-01"), day("2026-03-31")).value(),
            (std::set{day("2026-03-02")}));
  EXPECT_EQ(s.training_state(p, day("2026-03-10")).value().last_training, day("2026-03-02"));
  // A day with cardio still counts when its last set goes.
  ASSERT_TRUE(s.log_cardio(p, {"c", {day("2026-03-02"), "bike", 20, {}, {}, {}}}));
  EXPECT_EQ(s.delete_set(p, "s2").value(), WriteResult::Stored);
  EXPECT_EQ(s.logged_days(p, day("2026-03-01"), day("2026-03-31")).value(),
            (std::set{day("2026-03-02")}));
  EXPECT_TRUE(s.history(p, day("2026-03-01"), day("2026-03-31")).value().sets.empty());
  EXPECT_EQ(s.history(other, day("2026-03-01"), day("2026-03-31")).value().sets.size(), 1U);
}

TYPED_TEST(StoreContract, AnAuditEntryKeepsWhatChanged) {
  auto& s = *this->store_;
  AuditEntry e;
  e.actor = this->person_;
  e.actor_name = "pat";
  e.actor_role = "person";
  e.subject = this->person_;
  e.action = AuditAction::Change;
  e.resource = "PATCH /api/v1/sets/{client_id}";
  e.detail = "set s1: reps 8 \u2192 10";
  ASSERT_TRUE(s.audit(e));
  const auto log = s.audit_log(this->person_, 10).value();
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].detail, "set s1: reps 8 \u2192 10");
  EXPECT_EQ(log[0].resource, "PATCH /api/v1/sets/{client_id}");
}

TYPED_TEST(StoreContract, ASwapForOneDayTakesTheStandingSwapsPlaceOnItsDayOnly) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  ASSERT_TRUE(s.save_swap(p, {"squat", "leg_press", day("2026-03-01"), std::nullopt}));
  ASSERT_TRUE(s.save_swap(p, {"squat", "box_squat", day("2026-03-04"), day("2026-03-04")}));
  ASSERT_TRUE(s.save_swap(p, {"squat", "step_up", day("2026-03-05"), day("2026-03-05")}));
  const auto swap_on = [&](std::string_view d) {
    const auto swaps = s.training_state(p, day(d)).value().swaps;
    EXPECT_LE(swaps.size(), 1U);
    return swaps.empty() ? std::string("none") : swaps.front().replacement;
  };
  EXPECT_EQ(swap_on("2026-02-28"), "none");  // Before the standing swap's day.
  EXPECT_EQ(swap_on("2026-03-03"), "leg_press");
  EXPECT_EQ(swap_on("2026-03-04"), "leg_press");  // Replaced by the later one-day swap.
  EXPECT_EQ(swap_on("2026-03-05"), "step_up");
  EXPECT_EQ(swap_on("2026-03-06"), "leg_press");
  const auto state = s.training_state(p, day("2026-03-05")).value();
  ASSERT_EQ(state.swaps.size(), 1U);
  EXPECT_EQ(state.swaps[0].until, day("2026-03-05"));
}

TYPED_TEST(StoreContract, AnAdjustmentKeepsItsClientIdOncePerAccount) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  Adjustment a;
  a.by = p;
  a.by_name = "pat";
  a.by_role = "person";
  a.kind = "swap";
  a.summary = "squat replaced";
  a.client_id = "sw1";
  ASSERT_TRUE(s.add_adjustment(p, a));
  EXPECT_FALSE(s.add_adjustment(p, a));  // The same client id again.
  a.client_id.clear();
  ASSERT_TRUE(s.add_adjustment(p, a));
  ASSERT_TRUE(s.add_adjustment(p, a));  // Without one, any number.
  const AccountId other = this->make("ann", AccountRole::Person).id;
  a.client_id = "sw1";
  a.by = other;
  ASSERT_TRUE(s.add_adjustment(other, a));  // Per account.
  const auto all = s.adjustments(p).value();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[2].client_id, "sw1");
  EXPECT_EQ(all[0].client_id, "");
}

TYPED_TEST(StoreContract, LoggedDaysAreTheDaysWithSetsOrCardio) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  ASSERT_TRUE(s.log_sets(p, std::vector{set_log("a", "2026-03-02", "squat")}));
  ASSERT_TRUE(s.log_cardio(p, {"c", {day("2026-03-04"), "bike", 20, {}, {}, {}}}));
  ASSERT_TRUE(s.log_check_in(p, check_in("k", "2026-03-03", 2)));
  ASSERT_TRUE(s.add_note(p, {"n", {day("2026-03-05"), "rest"}}));
  const auto days = s.logged_days(p, day("2026-03-01"), day("2026-03-31")).value();
  EXPECT_EQ(days, (std::set{day("2026-03-02"), day("2026-03-04")}));
  EXPECT_EQ(s.logged_days(p, day("2026-03-03"), day("2026-03-04")).value().size(), 1U);
}

TYPED_TEST(StoreContract, RecentSetsGiveTheLastDaysNewestFirstBySetNumber) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  ASSERT_TRUE(s.log_sets(p, std::vector{set_log("1", "2026-03-02", "squat", 1, 40),
                                        set_log("2", "2026-03-04", "squat", 2, 45),
                                        set_log("3", "2026-03-04", "squat", 1, 42),
                                        set_log("4", "2026-03-06", "squat", 1, 50),
                                        set_log("5", "2026-03-05", "row", 1, 30),
                                        set_log("6", "2026-03-08", "squat", 1, 55)}));
  const auto recent = s.recent_sets(p, "squat", day("2026-03-07"), 2).value();
  ASSERT_EQ(recent.size(), 3U);
  EXPECT_EQ(recent[0].date, day("2026-03-06"));
  EXPECT_EQ(recent[1].date, day("2026-03-04"));
  EXPECT_EQ(recent[1].set_number, 1);
  EXPECT_EQ(recent[2].set_number, 2);
  EXPECT_EQ(s.recent_sets(p, "squat", day("2026-03-07"), 10).value().size(), 4U);
  EXPECT_TRUE(s.recent_sets(p, "squat", day("2026-03-01"), 3).value().empty());
  EXPECT_TRUE(s.recent_sets(p, "squat", day("2026-03-07"), 0).value().empty());
}

TYPED_TEST(StoreContract, TrainingStateGathersTheDaysAroundToday) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const Date today = day("2026-03-10");
  TrainingState empty = s.training_state(p, today).value();
  EXPECT_FALSE(empty.last_training);
  EXPECT_FALSE(empty.check_in);

  ASSERT_TRUE(s.log_sets(
      p, std::vector{set_log("a", "2026-03-06", "squat"), set_log("b", "2026-03-10", "squat"),
                     set_log("c", "2026-03-12", "squat")}));
  ASSERT_TRUE(s.log_check_in(p, check_in("k1", "2026-03-10", 3)));
  ASSERT_TRUE(s.log_check_in(p, check_in("k2", "2026-03-10", 6)));
  ASSERT_TRUE(s.log_check_in(p, check_in("old", "2025-01-01", 1, {}, true)));  // > 400 days.
  ASSERT_TRUE(s.log_check_in(p, check_in("f2", "2026-03-08", 1, {core::Symptom::Fainting})));
  ASSERT_TRUE(s.log_check_in(p, check_in("f1", "2026-03-01", 1, {}, true)));
  ASSERT_TRUE(s.log_check_in(p, check_in("plain", "2026-03-09", 2)));
  ASSERT_TRUE(s.log_check_in(p, check_in("later", "2026-03-11", 2, {}, true)));
  ASSERT_TRUE(s.record_clearance(
      p, {"r1", {day("2026-03-09"), core::ClearanceKind::Relapse, core::Role::Person, {}}}));
  ASSERT_TRUE(s.record_clearance(
      p, {"r2", {day("2026-03-11"), core::ClearanceKind::Medical, core::Role::Person, {}}}));
  ASSERT_TRUE(s.save_swap(p, {"squat", "leg_press", day("2026-03-01"), std::nullopt}));
  ASSERT_TRUE(s.save_swap(p, {"bench", "push_up", day("2026-03-02"), std::nullopt}));
  ASSERT_TRUE(s.save_swap(p, {"squat", "box_squat", day("2026-03-05"), std::nullopt}));

  const TrainingState state = s.training_state(p, today).value();
  EXPECT_EQ(state.last_training, day("2026-03-06"));
  ASSERT_TRUE(state.check_in);
  EXPECT_EQ(state.check_in->fatigue, 6);  // The latest of today's.
  ASSERT_EQ(state.flagged.size(), 2U);
  EXPECT_EQ(state.flagged[0].date, day("2026-03-01"));
  EXPECT_TRUE(state.flagged[0].relapse);
  EXPECT_EQ(state.flagged[1].symptoms, (std::vector{core::Symptom::Fainting}));
  EXPECT_FALSE(state.flagged[1].recorded_at.empty());
  ASSERT_EQ(state.clearances.size(), 1U);
  EXPECT_EQ(state.clearances[0].kind, core::ClearanceKind::Relapse);
  EXPECT_FALSE(state.clearances[0].recorded_at.empty());
  ASSERT_EQ(state.swaps.size(), 2U);
  EXPECT_EQ(state.swaps[0].exercise, "bench");
  EXPECT_EQ(state.swaps[1].replacement, "box_squat");
  EXPECT_EQ(state.swaps[1].since, day("2026-03-05"));
}

TYPED_TEST(StoreContract, MeasuresAreReadByNameAndRangeOldestFirst) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const auto record = [](std::string_view date, std::string measure, std::optional<core::Side> side,
                         double value, core::Role by) {
    return core::MeasureRecord{day(date), std::move(measure), side, {value}, value, by};
  };
  ASSERT_TRUE(s.add_measure(p, {"1", record("2026-03-05", "t25fw", {}, 6.0, core::Role::Person)}));
  ASSERT_TRUE(s.add_measure(
      p, {"2", record("2026-03-02", "nhpt", core::Side::Left, 22.5, core::Role::Clinician)}));
  ASSERT_TRUE(s.add_measure(p, {"3", record("2026-03-01", "t25fw", {}, 6.5, core::Role::Person)}));
  ASSERT_TRUE(s.add_measure(p, {"4", record("2026-04-01", "t25fw", {}, 5.5, core::Role::Person)}));

  const auto walks = s.measures(p, "t25fw", day("2026-03-01"), day("2026-03-31")).value();
  ASSERT_EQ(walks.size(), 2U);
  EXPECT_EQ(walks[0].value, 6.5);
  EXPECT_EQ(walks[1].value, 6.0);
  const auto all = s.measures(p, "", day("2026-03-01"), day("2026-03-31")).value();
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[1].measure, "nhpt");
  EXPECT_EQ(all[1].side, core::Side::Left);
  EXPECT_EQ(all[1].entered_by, core::Role::Clinician);
}

// --- cognitive training -------------------------------------------------------------------------

TYPED_TEST(StoreContract, ACognitiveBlockOrRatingIsStoredOncePerClientIdAsSent) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const auto timed = block("b1", "2026-03-02", core::CognitiveTask::Span, 4, 1234);
  EXPECT_EQ(s.add_cognitive_block(p, timed).value(), WriteResult::Stored);
  EXPECT_EQ(s.add_cognitive_block(p, timed).value(), WriteResult::AlreadyStored);
  // A resend that differs is still the one stored first.
  EXPECT_EQ(
      s.add_cognitive_block(p, block("b1", "2026-03-03", core::CognitiveTask::Speed, 9)).value(),
      WriteResult::AlreadyStored);
  const auto untimed = block("b2", "2026-03-02", core::CognitiveTask::Story, 1, std::nullopt);
  EXPECT_EQ(s.add_cognitive_block(p, untimed).value(), WriteResult::Stored);

  const auto blocks = s.cognitive_blocks(p, day("2026-03-01"), day("2026-03-31")).value();
  ASSERT_EQ(blocks.size(), 2U);
  EXPECT_EQ(blocks[0].client_id, "b1");
  const auto& b = blocks[0].value;
  EXPECT_EQ(b.date, day("2026-03-02"));
  EXPECT_EQ(b.task, core::CognitiveTask::Span);
  EXPECT_FALSE(b.untimed);
  EXPECT_EQ(b.minutes, 10);
  EXPECT_EQ(b.start_level, 2);
  EXPECT_EQ(b.end_level, 4);
  EXPECT_EQ(b.highest_level, 5);
  EXPECT_EQ(b.answers, 40);
  EXPECT_EQ(b.right, 31);
  EXPECT_EQ(b.reversals, 5);
  EXPECT_EQ(b.median_right_ms, 1234);
  EXPECT_EQ(blocks[1].client_id, "b2");
  EXPECT_EQ(blocks[1].value.task, core::CognitiveTask::Story);
  EXPECT_TRUE(blocks[1].value.untimed);
  EXPECT_FALSE(blocks[1].value.median_right_ms);

  EXPECT_EQ(s.add_cognitive_rating(p, rating("r1", "2026-03-02", 6)).value(), WriteResult::Stored);
  EXPECT_EQ(s.add_cognitive_rating(p, rating("r1", "2026-03-02", 9)).value(),
            WriteResult::AlreadyStored);
  // Client ids are per kind of record: a rating may reuse a block's.
  EXPECT_EQ(s.add_cognitive_rating(p, rating("b1", "2026-03-03", 0)).value(), WriteResult::Stored);
  const auto ratings = s.cognitive_ratings(p, day("2026-03-01"), day("2026-03-31")).value();
  ASSERT_EQ(ratings.size(), 2U);
  EXPECT_EQ(ratings[0].rating, 6);
  EXPECT_EQ(ratings[1].rating, 0);
  EXPECT_EQ(s.cognitive_blocks(p, day("2026-03-01"), day("2026-03-31")).value().size(), 2U);
}

TYPED_TEST(StoreContract, CognitiveBlocksComeInTheirRangeByDateThenInTheOrderStored) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  using core::CognitiveTask;
  for (const auto& b : {block("d", "2026-03-05", CognitiveTask::Speed, 3),
                        block("a", "2026-03-01", CognitiveTask::Search, 3),
                        block("c", "2026-03-03", CognitiveTask::Route, 3),
                        block("b", "2026-03-03", CognitiveTask::Span, 3),
                        block("z", "2026-02-28", CognitiveTask::Speed, 3),
                        block("e", "2026-03-05", CognitiveTask::Search, 3),
                        block("y", "2026-03-06", CognitiveTask::Speed, 3)}) {
    ASSERT_TRUE(s.add_cognitive_block(p, b));
  }
  EXPECT_EQ(client_ids(s.cognitive_blocks(p, day("2026-03-01"), day("2026-03-05")).value()),
            (std::vector<std::string>{"a", "c", "b", "d", "e"}));
  EXPECT_EQ(client_ids(s.cognitive_blocks(p, day("2026-03-03"), day("2026-03-03")).value()),
            (std::vector<std::string>{"c", "b"}));
  EXPECT_TRUE(s.cognitive_blocks(p, day("2026-03-07"), day("2026-12-31")).value().empty());
}

TYPED_TEST(StoreContract, TheLastBlockOfEachTaskIsItsLatestByDateThenTheLastStored) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  using core::CognitiveTask;
  EXPECT_TRUE(s.last_cognitive_blocks(p).value().empty());
  // Speed: the latest date wins, though an older block was stored after it.
  ASSERT_TRUE(s.add_cognitive_block(p, block("s1", "2026-03-01", CognitiveTask::Speed, 5)));
  ASSERT_TRUE(s.add_cognitive_block(p, block("s2", "2026-03-05", CognitiveTask::Speed, 7)));
  ASSERT_TRUE(s.add_cognitive_block(p, block("s3", "2026-03-03", CognitiveTask::Speed, 4)));
  // Span: two on one day, the one stored last wins.
  ASSERT_TRUE(s.add_cognitive_block(p, block("n1", "2026-03-02", CognitiveTask::Span, 3)));
  ASSERT_TRUE(s.add_cognitive_block(p, block("n2", "2026-03-02", CognitiveTask::Span, 6)));
  // Story: long ago, still where its staircase goes on.
  ASSERT_TRUE(s.add_cognitive_block(p, block("t1", "2025-01-10", CognitiveTask::Story, 2)));
  // Another account's later blocks are not this one's.
  const AccountId other = this->make("ann", AccountRole::Person).id;
  ASSERT_TRUE(s.add_cognitive_block(other, block("s1", "2026-04-01", CognitiveTask::Speed, 12)));
  ASSERT_TRUE(s.add_cognitive_block(other, block("x1", "2026-04-01", CognitiveTask::Route, 9)));

  const auto last = s.last_cognitive_blocks(p).value();
  ASSERT_EQ(last.size(), 3U);  // In the order of the tasks; none for search and route.
  EXPECT_EQ(last[0].task, CognitiveTask::Speed);
  EXPECT_EQ(last[0].date, day("2026-03-05"));
  EXPECT_EQ(last[0].end_level, 7);
  EXPECT_EQ(last[1].task, CognitiveTask::Span);
  EXPECT_EQ(last[1].end_level, 6);
  EXPECT_EQ(last[2].task, CognitiveTask::Story);
  EXPECT_EQ(last[2].date, day("2025-01-10"));

  const auto theirs = s.last_cognitive_blocks(other).value();
  ASSERT_EQ(theirs.size(), 2U);
  EXPECT_EQ(theirs[0].end_level, 12);
  EXPECT_EQ(theirs[1].task, CognitiveTask::Route);
}

TYPED_TEST(StoreContract, CognitiveRatingsComeInTheirRangeOldestFirst) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  ASSERT_TRUE(s.add_cognitive_rating(p, rating("c", "2026-03-05", 7)));
  ASSERT_TRUE(s.add_cognitive_rating(p, rating("a", "2026-03-01", 2)));
  ASSERT_TRUE(s.add_cognitive_rating(p, rating("b", "2026-03-05", 10)));
  ASSERT_TRUE(s.add_cognitive_rating(p, rating("z", "2026-03-06", 4)));
  const auto ratings = s.cognitive_ratings(p, day("2026-03-01"), day("2026-03-05")).value();
  std::vector<int> seen;
  for (const auto& r : ratings) {
    seen.push_back(r.rating);
  }
  EXPECT_EQ(seen, (std::vector{2, 7, 10}));
  const auto one = s.cognitive_ratings(p, day("2026-03-06"), day("2026-03-06")).value();
  ASSERT_EQ(one.size(), 1U);
  EXPECT_EQ(one[0].date, day("2026-03-06"));
  EXPECT_TRUE(s.cognitive_ratings(p, day("2026-02-01"), day("2026-02-28")).value().empty());
}

TYPED_TEST(StoreContract, CognitiveRowsAreTheirAccountsOnlyAndGoWithIt) {
  auto& s = *this->store_;
  const AccountId p = this->person_;
  const AccountId ann = this->make("ann", AccountRole::Person).id;
  ASSERT_TRUE(s.add_cognitive_block(p, block("b1", "2026-03-02", core::CognitiveTask::Route, 4)));
  ASSERT_TRUE(s.add_cognitive_rating(p, rating("r1", "2026-03-02", 5)));
  // The same client ids on another account are that account's own.
  EXPECT_EQ(
      s.add_cognitive_block(ann, block("b1", "2026-03-03", core::CognitiveTask::Search, 2)).value(),
      WriteResult::Stored);
  EXPECT_EQ(s.add_cognitive_rating(ann, rating("r1", "2026-03-03", 8)).value(),
            WriteResult::Stored);
  const auto range = [](auto&& r) { return r.value().size(); };
  EXPECT_EQ(range(s.cognitive_blocks(ann, day("2026-03-01"), day("2026-03-31"))), 1U);
  EXPECT_EQ(s.cognitive_blocks(ann, day("2026-03-01"), day("2026-03-31")).value()[0].value.task,
            core::CognitiveTask::Search);
  EXPECT_EQ(s.cognitive_ratings(ann, day("2026-03-01"), day("2026-03-31")).value().at(0).rating, 8);
  EXPECT_TRUE(s.cognitive_blocks(9999, day("2026-03-01"), day("2026-03-31")).value().empty());
  // A write for an account that does not exist stores nothing.
  EXPECT_FALSE(
      s.add_cognitive_block(9999, block("b9", "2026-03-02", core::CognitiveTask::Span, 3)));
  EXPECT_FALSE(s.add_cognitive_rating(9999, rating("r9", "2026-03-02", 3)));

  ASSERT_TRUE(s.delete_account(p));
  EXPECT_TRUE(s.cognitive_blocks(p, day("2000-01-01"), day("2100-12-31")).value().empty());
  EXPECT_TRUE(s.last_cognitive_blocks(p).value().empty());
  EXPECT_TRUE(s.cognitive_ratings(p, day("2000-01-01"), day("2100-12-31")).value().empty());
  EXPECT_EQ(range(s.cognitive_blocks(ann, day("2026-03-01"), day("2026-03-31"))), 1U);
  EXPECT_EQ(range(s.cognitive_ratings(ann, day("2026-03-01"), day("2026-03-31"))), 1U);
  EXPECT_EQ(s.last_cognitive_blocks(ann).value().size(), 1U);
}

TYPED_TEST(StoreContract, ASnapshotSeesItsOwnWrites) {
  auto& s = *this->store_;
  const Store::Snapshot snapshot(s);
  ASSERT_TRUE(s.log_sets(this->person_, std::vector{set_log("a", "2026-03-02", "squat")}));
  {
    const Store::Snapshot nested(s);
    EXPECT_EQ(s.history(this->person_, day("2026-03-01"), day("2026-03-31")).value().sets.size(),
              1U);
  }
  EXPECT_TRUE(s.find_account("pat"));
}

TYPED_TEST(StoreContract, WritesTogetherAreKeptTogetherOrNotAtAll) {
  auto& s = *this->store_;
  const auto sets = [&] {
    return s.history(this->person_, day("2026-03-01"), day("2026-03-31")).value().sets.size();
  };
  // Success: every write kept, and the reads inside saw the writes before them.
  std::size_t seen_inside = 0;
  ASSERT_TRUE(s.write_together([&]() -> Status {
    MSFIT_TRY(s.save_profile(this->person_, "{\"v\":1}"));
    MSFIT_TRY(s.log_sets(this->person_, std::vector{set_log("a", "2026-03-02", "squat")}));
    seen_inside = sets();
    return {};
  }));
  EXPECT_EQ(seen_inside, 1U);
  EXPECT_EQ(sets(), 1U);
  EXPECT_EQ(s.latest_profile(this->person_).value()->body, "{\"v\":1}");

  // A failure after two writes: neither is kept, and the error comes back as it was.
  const Status failed = s.write_together([&]() -> Status {
    MSFIT_TRY(s.save_profile(this->person_, "{\"v\":2}"));
    MSFIT_TRY(s.log_sets(this->person_, std::vector{set_log("b", "2026-03-03", "squat")}));
    return fail(ErrorCode::InvalidInput, "refused", "days");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().field, "days");
  EXPECT_EQ(sets(), 1U);
  EXPECT_EQ(s.latest_profile(this->person_).value()->body, "{\"v\":1}");

  // A write that fails inside (an unknown account) is the failure of the whole.
  EXPECT_FALSE(s.write_together([&]() -> Status {
    MSFIT_TRY(s.log_sets(this->person_, std::vector{set_log("c", "2026-03-04", "squat")}));
    return s.set_role(999, AccountRole::Admin);
  }));
  EXPECT_EQ(sets(), 1U);

  // And the store writes on its own afterwards.
  ASSERT_TRUE(s.log_sets(this->person_, std::vector{set_log("d", "2026-03-05", "squat")}));
  EXPECT_EQ(sets(), 2U);
}

}  // namespace
}  // namespace msfit::storage

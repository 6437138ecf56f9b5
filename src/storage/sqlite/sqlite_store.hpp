#pragma once

// The SQLite implementation of storage::Store. Its methods live in one file per job: the
// connection and snapshots (sqlite_store.cpp), the writer and group commit (sqlite_writer.cpp),
// migrations (sqlite_migrations.cpp), backups (sqlite_backup.cpp), and the queries of each
// interface (sqlite_accounts.cpp, sqlite_sharing.cpp, sqlite_studies.cpp, sqlite_audit.cpp,
// sqlite_profiles.cpp, sqlite_training_log.cpp, sqlite_measures.cpp, sqlite_cognitive.cpp).
// Internal to src/storage/sqlite.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "msfit/storage/store.hpp"

#include "sqlite_statement.hpp"

namespace msfit::storage::sqlite {

constexpr int kBusyTimeoutMs = 10000;

class SqliteStore;

// A configured connection to `path` (no migrations), after check_writable().
Result<std::unique_ptr<SqliteStore>> open_connection(const std::string& path);

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : own_db_(db), own_stmts_(db), db_(db), stmts_(&own_stmts_) {}

  ~SqliteStore() override {
    own_stmts_.clear();
    sqlite3_close_v2(own_db_);
  }

  // The connection (sqlite_store.cpp).
  Status exec(std::string_view sql, std::string_view what);
  // One statement without parameters or rows (BEGIN, COMMIT, ...), from the statement cache.
  Status run(std::string_view sql, std::string_view what);
  Status configure();
  Status exec_retrying_busy(std::string_view sql, std::string_view what);

  // Prepares `sql`, lets `bind` bind its parameters and calls `row` for every result row.
  template <typename Bind, typename Row>
  Status for_each_row(std::string_view sql, std::string_view what, Bind&& bind, Row&& row) {
    Stmt s(*stmts_, sql);
    if (!s.ok()) {
      return storage_error(db_, what);
    }
    bind(s);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      row(s);
    }
    if (rc != SQLITE_DONE) {
      return storage_error(db_, what);
    }
    if (!s.damaged().empty()) {
      return damaged_row(what, s.damaged());
    }
    return {};
  }

  // Migrations (sqlite_migrations.cpp).
  Result<int> user_version();
  Status migrate(int target);

  // The writer and group commit (sqlite_writer.cpp).
  //
  // A write transaction. All writes of this process to one database file go through one
  // connection (writer()), and the transactions of several threads are committed together:
  // - Connections taking turns at SQLite's write lock each find the other's writes in the WAL
  //   and drop their whole page cache; one writer keeps its cache warm.
  // - SQLite's busy handler polls with growing sleeps, so one connection could take the lock
  //   again and again while another waited (1.9 s seen under load); a mutex hands it on.
  // - Group commit: each Tx is a savepoint inside one SQLite transaction. A Tx that ends while
  //   others wait for the writer leaves the transaction open for them and waits; the last of
  //   the group commits (one fsync for all) and wakes the others. commit() returns only once
  //   the group's COMMIT is durable, with its error if it failed. A Tx that fails rolls back
  //   its own savepoint only.
  // While a Tx is open, this Store's statements run on the writer's connection. BEGIN
  // IMMEDIATE takes SQLite's write lock up front, waiting for other processes (the CLI) up to
  // the busy timeout. Rolls back unless committed.
  class Tx {
   public:
    explicit Tx(SqliteStore& s) : s_(s) {}
    ~Tx() {
      if (writer_ != nullptr) {
        (void)finish(false);
      }
    }
    Tx(const Tx&) = delete;
    Tx& operator=(const Tx&) = delete;

    Status begin();

    Status commit() { return finish(true); }

   private:
    // Keeps (or rolls back) this Tx's savepoint, then either leaves the transaction to the
    // writers waiting and waits for their commit, or commits the group.
    Status finish(bool keep);

    void restore();

    SqliteStore& s_;
    SqliteStore* writer_ = nullptr;  // Set while the savepoint is open.
    bool nested_ = false;            // Inside write_together: a savepoint of its transaction.
    std::unique_lock<std::mutex> lock_;
    std::uint64_t group_ = 0;
  };
  // The connection this process writes to the database with, opened on first use and shared
  // by every Store of the same file; this Store itself for an in-memory database.
  Result<SqliteStore*> writer();

  // What one statement wrote: rows changed and the last row id, both read on the writer's
  // connection before the transaction hands it back.
  struct Written {
    int changed = 0;
    std::int64_t rowid = 0;
  };

  // One statement in its own write transaction.
  template <typename Bind>
  Result<Written> write_one(std::string_view sql, std::string_view what, Bind&& bind) {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt s(*stmts_, sql);
    if (!s.ok()) {
      return storage_error(db_, what);
    }
    bind(s);
    if (s.step() != SQLITE_DONE) {
      return storage_error(db_, what);
    }
    const Written written{sqlite3_changes(db_), sqlite3_last_insert_rowid(db_)};
    MSFIT_TRY(tx.commit());
    return written;
  }

  // AccountStore (sqlite_accounts.cpp).
  Result<Account> ensure_account(std::string_view name) override;
  Result<Account> find_account(std::string_view name) override;
  Result<Account> create_account(std::string_view name, core::AccountRole role,
                                 std::string_view password_hash) override;
  Result<Credentials> credentials(std::string_view name) override;
  Status create_auth_session(AccountId account, std::string_view token_hash,
                             std::string_view expires_at) override;
  Result<Account> auth_session(std::string_view token_hash, std::string_view now) override;
  Status delete_auth_session(std::string_view token_hash) override;
  Status delete_auth_sessions(AccountId account, std::string_view keep_token_hash) override;
  Status set_password_hash(AccountId account, std::string_view password_hash) override;
  Result<int> purge_expired(std::string_view now) override;
  Result<Account> account_by_id(AccountId id) override;
  Result<std::vector<Account>> list_accounts() override;
  Status set_role(AccountId account, core::AccountRole role) override;
  Status set_language(AccountId account, std::optional<core::Language> language) override;
  Status delete_account(AccountId account) override;

  // SharingStore (sqlite_sharing.cpp).
  Status create_invite(AccountId person, std::string_view code_hash,
                       std::string_view expires_at) override;
  Result<CareLink> redeem_invite(std::string_view code_hash, AccountId clinician,
                                 std::string_view now) override;
  Result<bool> has_care_link(AccountId person, AccountId clinician) override;
  Result<std::vector<CareLink>> care_links(AccountId account) override;
  Status revoke_care_link(AccountId person, AccountId clinician) override;
  Status add_adjustment(AccountId person, const Adjustment& a) override;
  Result<std::vector<Adjustment>> adjustments(AccountId person) override;

  // StudyStore (sqlite_studies.cpp).
  Result<Study> create_study(AccountId researcher, std::string_view title,
                             std::string_view join_code_hash) override;
  Result<std::vector<Study>> studies_of(AccountId researcher) override;
  Result<Study> study(AccountId researcher, std::int64_t study_id) override;
  Result<StudyMember> join_study(std::string_view join_code_hash, AccountId person,
                                 std::string_view pseudonym, Date joined_on) override;
  Result<std::vector<StudyMember>> study_members(std::int64_t study_id) override;
  Result<std::vector<std::pair<Study, StudyMember>>> memberships(AccountId person) override;
  Status leave_study(std::int64_t study_id, AccountId person) override;

  // AuditStore (sqlite_audit.cpp).
  Status audit(const AuditEntry& e) override;
  Status audit_all(const std::vector<AuditEntry>& entries) override;
  Result<std::vector<AuditEntry>> audit_log(std::optional<AccountId> subject, int limit) override;

  // ProfileStore (sqlite_profiles.cpp).
  Result<ProfileVersion> save_profile(AccountId account, std::string_view body) override;
  Result<std::optional<ProfileVersion>> latest_profile(AccountId account) override;
  Result<ProfileVersion> profile_by_id(AccountId account, std::int64_t profile_id) override;
  Result<StoredPlan> save_plan(AccountId account, const NewPlan& plan) override;
  Result<StoredPlan> plan_by_id(std::int64_t plan_id);
  Result<std::optional<StoredPlan>> latest_plan(AccountId account) override;
  Result<std::optional<StoredPlan>> latest_plan_summary(AccountId account) override;
  Result<std::optional<StoredPlan>> read_plan(std::string_view where, std::int64_t key,
                                              bool with_body = true);

  // TrainingLogStore (sqlite_training_log.cpp).
  Result<std::int64_t> performed_session(AccountId account, Date date);
  Result<WriteResult> log_sets(AccountId account,
                               std::span<const Logged<core::SetLog>> sets) override;
  Result<WriteResult> log_cardio(AccountId account, const Logged<core::CardioLog>& bout) override;
  Result<WriteResult> log_check_in(AccountId account,
                                   const Logged<core::CheckIn>& check_in) override;
  Result<WriteResult> add_note(AccountId account, const Logged<Note>& note) override;
  Result<WriteResult> record_clearance(AccountId account,
                                       const Logged<core::Clearance>& clearance) override;
  Result<WriteResult> log_items(AccountId account,
                                std::span<const Logged<core::ItemLog>> items) override;
  Result<std::vector<core::ItemLog>> item_logs(AccountId account, Date from, Date to) override;
  Result<core::SetLog> logged_set(AccountId account, std::string_view client_id) override;
  Status correct_set(AccountId account, std::string_view client_id,
                     const core::SetLog& corrected) override;
  Result<WriteResult> delete_set(AccountId account, std::string_view client_id) override;
  Status save_swap(AccountId account, const Swap& swap) override;
  Result<std::vector<core::SetLog>> recent_sets(AccountId account, std::string_view exercise,
                                                Date until, int max_days) override;
  Result<std::optional<Date>> single_date(std::string_view sql, AccountId account, Date today,
                                          std::string_view what);
  Result<TrainingState> training_state(AccountId account, Date today) override;
  Result<History> history(AccountId account, Date from, Date to) override;
  Result<std::set<Date>> logged_days(AccountId account, Date from, Date to) override;

  // MeasureStore (sqlite_measures.cpp).
  Result<WriteResult> add_measure(AccountId account,
                                  const Logged<core::MeasureRecord>& record) override;
  Result<std::vector<core::MeasureRecord>> measures(AccountId account, std::string_view measure,
                                                    Date from, Date to) override;

  // CognitiveStore (sqlite_cognitive.cpp).
  Result<WriteResult> add_cognitive_block(AccountId account,
                                          const Logged<core::cognitive::Record>& block) override;
  Result<std::vector<Logged<core::cognitive::Record>>> cognitive_blocks(AccountId account,
                                                                        Date from,
                                                                        Date to) override;
  Result<std::vector<core::cognitive::Record>> last_cognitive_blocks(AccountId account) override;
  Result<WriteResult> add_cognitive_rating(
      AccountId account, const Logged<core::cognitive::FatigueRating>& rating) override;
  Result<std::vector<core::cognitive::FatigueRating>> cognitive_ratings(AccountId account,
                                                                        Date from,
                                                                        Date to) override;

  // MaintenanceStore: backups (sqlite_backup.cpp).
  Status backup_to(const std::string& path) override;
  Status write_together(const std::function<Status()>& writes) override;

 private:
  void begin_snapshot() override;
  void end_snapshot() override;
  void close_snapshot();
  // An audit entry's values on an insert statement of the schema in use.
  void bind_audit(Stmt& s, const AuditEntry& e) const;

  sqlite3* own_db_;
  StatementCache own_stmts_;  // After own_db_: built from it.
  // The connection statements run on: this Store's own, or the writer's during a Tx.
  sqlite3* db_;
  StatementCache* stmts_;
  std::shared_ptr<SqliteStore> writer_;  // See writer().
  // While this is a writer (Tx): the mutex is held by the Tx writing; a group is one SQLite
  // transaction shared by the Tx that joined it; committed_ is the last group committed.
  std::mutex write_mutex_;
  std::condition_variable commit_cv_;
  std::atomic<int> waiting_{0};
  bool group_open_ = false;
  int group_size_ = 0;
  std::uint64_t group_ = 0;
  std::uint64_t committed_ = 0;
  std::map<std::uint64_t, Error> failed_;  // Groups whose COMMIT failed.
  int snapshot_depth_ = 0;
  int together_depth_ = 0;  // write_together calls under way on this Store.
  bool snapshot_open_ = false;
  // The schema version migrate() left the database at: below the newest only in tests that
  // open a database at an old version, where find_account() must still work.
  int schema_version_ = 0;
};

}  // namespace msfit::storage::sqlite

#pragma once

// The PostgreSQL implementation of storage::Store, for several stateless `msfit serve`
// instances on one database. Its methods live in one file per job: the connection pool,
// transactions, snapshots and errors (pg_store.cpp), migrations (pg_migrations.cpp), and the
// queries of each interface (pg_accounts.cpp for accounts, sharing, studies and audit;
// pg_training_log.cpp for profiles, plans, the training log and measures; pg_cognitive.cpp for
// cognitive training). Internal to
// src/storage/postgres.
//
// Idempotency across instances: every write with a client id inserts under the table's unique
// (account_id, client_id) with ON CONFLICT DO NOTHING. In READ COMMITTED, a second insert of a
// key another transaction is inserting waits for that transaction and then does nothing, so
// concurrent duplicates through any instances store once. Writes that read before they write
// take the rows they depend on with SELECT ... FOR UPDATE or are single statements.
//
// Failures: a database that cannot be reached (refused, killed, a standby not yet promoted, a
// connection lost mid-transaction) is ErrorCode::Unavailable, which the edges answer with 503
// and Retry-After; the pool then waits with a growing back-off before it connects again. A
// serialization failure or deadlock is retried a few times before it is reported.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/storage/postgres_store.hpp"
#include "msfit/storage/store.hpp"

namespace msfit::storage::postgres {

using Date = core::Date;

// Connections to one database, shared by every PgStore a process opens with the same URL and
// pool size.
class Pool {
 public:
  Pool(std::string url, int size) : url_(std::move(url)), size_(size < 1 ? 1 : size) {}

  // A connection: an idle one, a new one while fewer than `size` are open, else the first one
  // given back. Unavailable while the database cannot be reached (during the back-off after a
  // failed connect, fast).
  Result<std::unique_ptr<pqxx::connection>> take();
  // Returns a connection; a broken one (or `healthy` false) is closed instead.
  void give_back(std::unique_ptr<pqxx::connection> c, bool healthy);
  // The database could not be reached: connections are dropped and the back-off grows.
  void unreachable();

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] int size() const { return size_; }
  // Seconds a client should wait before trying again.
  [[nodiscard]] int retry_after_seconds();

 private:
  std::string url_;
  int size_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::chrono::milliseconds backoff_{0};
};

// The pool for `url` and `size`, made on first use.
std::shared_ptr<Pool> pool_for(const std::string& url, int size);

// Reading cells of a result row, noting damaged values (as sqlite::Stmt does).
class Cells {
 public:
  explicit Cells(pqxx::row row) : row_(std::move(row)) {}

  [[nodiscard]] bool is_null(int col) const { return row_[col].is_null(); }
  [[nodiscard]] std::int64_t int64(int col) const {
    return is_null(col) ? 0 : row_[col].as<std::int64_t>();
  }
  [[nodiscard]] int integer(int col) const { return is_null(col) ? 0 : row_[col].as<int>(); }
  [[nodiscard]] double real(int col) const { return is_null(col) ? 0.0 : row_[col].as<double>(); }
  [[nodiscard]] std::string text(int col) const {
    return is_null(col) ? std::string() : std::string(row_[col].c_str(), row_[col].size());
  }
  [[nodiscard]] Date date(int col) const;
  [[nodiscard]] core::AccountRole role(int col) const;
  [[nodiscard]] std::optional<core::Language> language(int col) const;
  [[nodiscard]] core::CognitiveTask cognitive_task(int col) const;
  [[nodiscard]] std::optional<int> opt_int(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int>(integer(col));
  }
  [[nodiscard]] std::optional<double> opt_real(int col) const {
    return is_null(col) ? std::nullopt : std::optional<double>(real(col));
  }
  [[nodiscard]] const std::string& damaged() const { return damaged_; }

 private:
  pqxx::row row_;  // A copy: it shares the result, and rows read by index are temporaries.
  mutable std::string damaged_;
};

// Runs `sql` as a prepared statement of the transaction's connection, prepared on its first use
// there: the server parses and plans each statement once per connection instead of at every
// call.
template <typename... Args>
pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  const std::string name = fmt::format("m{:x}", std::hash<std::string>{}(sql));
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// exec() of a statement that returns exactly one row.
template <typename... Args>
pqxx::row exec1(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  pqxx::result r = exec(tx, sql, std::forward<Args>(args)...);
  if (r.size() != 1) {
    throw pqxx::unexpected_rows(fmt::format("expected one row, got {}", r.size()));
  }
  return r[0];
}

// What a query found damaged in the rows it read, as a storage failure.
tl::unexpected<Error> damaged_row(std::string_view what, const std::string& damage);

// A date as stored: ISO-8601 text, as in SQLite.
inline std::string iso(Date d) {
  return core::format_iso_date(d);
}

class PgStore final : public Store {
 public:
  PgStore(std::shared_ptr<Pool> pool, PostgresOptions options)
      : pool_(std::move(pool)), options_(std::move(options)) {}
  ~PgStore() override;

  using Tx = pqxx::transaction_base;

  // Runs `f(tx)` in a transaction and commits it: on a connection of the pool, or inside the
  // open write_together() (as a savepoint) or, for reads, the open snapshot. `f` returns a
  // Result. Errors of the database become Errors naming `what`; a serialization failure or
  // deadlock runs `f` again (up to 5 times), so `f` must not keep effects outside the
  // transaction.
  template <typename F>
  auto write(std::string_view what, F&& f) -> std::invoke_result_t<F, Tx&> {
    return run(what, true, std::forward<F>(f));
  }
  template <typename F>
  auto read(std::string_view what, F&& f) -> std::invoke_result_t<F, Tx&> {
    return run(what, false, std::forward<F>(f));
  }

  // Migrations (pg_migrations.cpp): brings the schema up to `target` (or the newest) under an
  // advisory lock, so that instances starting together migrate once.
  Status migrate(int target);
  Result<int> schema_version();

  // AccountStore (pg_accounts.cpp).
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

  // SharingStore (pg_accounts.cpp).
  Status create_invite(AccountId person, std::string_view code_hash,
                       std::string_view expires_at) override;
  Result<CareLink> redeem_invite(std::string_view code_hash, AccountId clinician,
                                 std::string_view now) override;
  Result<bool> has_care_link(AccountId person, AccountId clinician) override;
  Result<std::vector<CareLink>> care_links(AccountId account) override;
  Status revoke_care_link(AccountId person, AccountId clinician) override;
  Status add_adjustment(AccountId person, const Adjustment& a) override;
  Result<std::vector<Adjustment>> adjustments(AccountId person) override;

  // StudyStore (pg_accounts.cpp).
  Result<Study> create_study(AccountId researcher, std::string_view title,
                             std::string_view join_code_hash) override;
  Result<std::vector<Study>> studies_of(AccountId researcher) override;
  Result<Study> study(AccountId researcher, std::int64_t study_id) override;
  Result<StudyMember> join_study(std::string_view join_code_hash, AccountId person,
                                 std::string_view pseudonym, Date joined_on) override;
  Result<std::vector<StudyMember>> study_members(std::int64_t study_id) override;
  Result<std::vector<std::pair<Study, StudyMember>>> memberships(AccountId person) override;
  Status leave_study(std::int64_t study_id, AccountId person) override;

  // AuditStore (pg_accounts.cpp).
  Status audit(const AuditEntry& e) override;
  Status audit_all(const std::vector<AuditEntry>& entries) override;
  Result<std::vector<AuditEntry>> audit_log(std::optional<AccountId> subject, int limit) override;

  // ProfileStore (pg_training_log.cpp).
  Result<ProfileVersion> save_profile(AccountId account, std::string_view body) override;
  Result<std::optional<ProfileVersion>> latest_profile(AccountId account) override;
  Result<ProfileVersion> profile_by_id(AccountId account, std::int64_t profile_id) override;
  Result<StoredPlan> save_plan(AccountId account, const NewPlan& plan) override;
  Result<std::optional<StoredPlan>> latest_plan(AccountId account) override;
  Result<std::optional<StoredPlan>> latest_plan_summary(AccountId account) override;

  // TrainingLogStore (pg_training_log.cpp).
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
  Result<TrainingState> training_state(AccountId account, Date today) override;
  Result<History> history(AccountId account, Date from, Date to) override;
  Result<std::set<Date>> logged_days(AccountId account, Date from, Date to) override;

  // MeasureStore (pg_training_log.cpp).
  Result<WriteResult> add_measure(AccountId account,
                                  const Logged<core::MeasureRecord>& record) override;
  Result<std::vector<core::MeasureRecord>> measures(AccountId account, std::string_view measure,
                                                    Date from, Date to) override;

  // CognitiveStore (pg_cognitive.cpp).
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

  // MaintenanceStore (pg_store.cpp).
  Status backup_to(const std::string& path) override;
  Status write_together(const std::function<Status()>& writes) override;

 private:
  void begin_snapshot() override;
  void end_snapshot() override;
  // Starts the snapshot's read transaction; best effort (without one, each read is on its own).
  void open_snapshot();
  void close_held(bool commit);

  // The error for an exception the database threw while `what`; `broken` is set when the
  // connection must not be used again.
  Error error_of(const std::exception& e, std::string_view what, bool& broken, bool& retry);

  template <typename F>
  auto run(std::string_view what, bool writes, F&& f) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    if (!writes && snapshot_depth_ > 0 && together_depth_ == 0 && held_tx_ == nullptr) {
      open_snapshot();  // At the snapshot's first read: a request that reads nothing costs none.
    }
    if (held_tx_ != nullptr && (together_depth_ > 0 || !writes)) {
      // Inside write_together (a savepoint, so that an error leaves the transaction usable) or
      // a read inside a snapshot.
      try {
        if (together_depth_ > 0) {
          pqxx::subtransaction sub(*held_tx_, "msfit");
          R r = f(static_cast<Tx&>(sub));
          if (r) {
            sub.commit();
          }
          return r;
        }
        return f(*held_tx_);
      } catch (const std::exception& e) {
        bool broken = false;
        bool retry = false;
        Error err = error_of(e, what, broken, retry);
        if (broken) {
          held_broken_ = true;
        }
        return tl::unexpected(std::move(err));
      }
    }
    if (held_tx_ != nullptr) {
      close_held(true);  // A write ends the snapshot.
    }
    for (int attempt = 1;; ++attempt) {
      auto conn = pool_->take();
      if (!conn) {
        return tl::unexpected(conn.error());
      }
      bool broken = false;
      bool retry = false;
      Error err;
      try {
        std::optional<R> out;
        {
          pqxx::work tx(**conn);
          out.emplace(f(static_cast<Tx&>(tx)));
          if (*out) {
            tx.commit();
          }
        }
        pool_->give_back(std::move(*conn), true);
        return std::move(*out);
      } catch (const std::exception& e) {
        err = error_of(e, what, broken, retry);
      }
      pool_->give_back(std::move(*conn), !broken);
      if (!retry || attempt >= 5) {
        return tl::unexpected(std::move(err));
      }
    }
  }

  std::shared_ptr<Pool> pool_;
  PostgresOptions options_;
  // The connection and transaction of an open snapshot or write_together.
  std::unique_ptr<pqxx::connection> held_conn_;
  std::unique_ptr<pqxx::dbtransaction> held_tx_;
  bool held_broken_ = false;
  int snapshot_depth_ = 0;
  int together_depth_ = 0;
};

// An audit entry's insert (pg_accounts.cpp), for writes that audit inside their transaction.
void insert_audit(pqxx::transaction_base& tx, const AuditEntry& e);

}  // namespace msfit::storage::postgres

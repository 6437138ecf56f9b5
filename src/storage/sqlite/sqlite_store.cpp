#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msfit/storage/store.hpp"

namespace msfit::storage {

// The migrations, embedded at build time (cmake/EmbedData.cmake).
std::string_view sql_0001_initial();
std::string_view sql_0002_plan_events();
std::string_view sql_0003_measures();
std::string_view sql_0004_auth();
std::string_view sql_0005_sharing();
std::string_view sql_0006_plan_bodies();
std::string_view sql_0007_clearances_and_items();

namespace {

using core::Date;

struct Migration {
  int version;
  std::string_view (*sql)();
};
constexpr std::array kMigrations = {Migration{1, &sql_0001_initial},
                                    Migration{2, &sql_0002_plan_events},
                                    Migration{3, &sql_0003_measures},
                                    Migration{4, &sql_0004_auth},
                                    Migration{5, &sql_0005_sharing},
                                    Migration{6, &sql_0006_plan_bodies},
                                    Migration{7, &sql_0007_clearances_and_items}};

constexpr int kBusyTimeoutMs = 10000;
// How far back the adaptation looks for red flags and relapses still waiting for a clearance.
constexpr int kFlaggedDays = 400;

tl::unexpected<Error> storage_error(sqlite3* db, std::string_view what) {
  const int code = db != nullptr ? sqlite3_errcode(db) : SQLITE_ERROR;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return fail(ErrorCode::StorageFailure,
                fmt::format("the database is busy ({}); try again", what));
  }
  return fail(ErrorCode::StorageFailure,
              fmt::format("database error while {}: {}", what,
                          db != nullptr ? sqlite3_errmsg(db) : "cannot open"));
}

// The statements of one connection, prepared once and kept (SQLITE_PREPARE_PERSISTENT): the
// same few dozen statements run on every request, and preparing them cost more than running
// them. Keyed by the SQL text.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache() { clear(); }
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  void clear() {
    for (auto& [sql, entry] : entries_) {
      sqlite3_finalize(entry.stmt);
    }
    entries_.clear();
  }

  [[nodiscard]] sqlite3* db() const { return db_; }

  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  // The cached statement for `sql`, marked in use; null when it is in use already (a nested
  // use of the same SQL) or the cache is full: the caller then prepares one of its own.
  Entry* acquire(std::string_view sql) {
    if (auto it = entries_.find(sql); it != entries_.end()) {
      if (it->second.in_use) {
        return nullptr;
      }
      it->second.in_use = true;
      return &it->second;
    }
    if (entries_.size() >= kMaxEntries) {
      return nullptr;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return nullptr;  // The caller prepares it again and reports the error.
    }
    auto& entry = entries_.emplace(std::string(sql), Entry{stmt, true}).first->second;
    return &entry;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t kMaxEntries = 512;
  sqlite3* db_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

// A prepared statement, from the connection's cache when it can be: reset and given back on
// destruction; one prepared for this use only is finalised.
class Stmt {
 public:
  Stmt(StatementCache& cache, std::string_view sql) : entry_(cache.acquire(sql)) {
    if (entry_ != nullptr) {
      stmt_ = entry_->stmt;
      rc_ = SQLITE_OK;
    } else {
      rc_ =
          sqlite3_prepare_v2(cache.db(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    }
  }
  ~Stmt() {
    if (entry_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      entry_->in_use = false;
    } else {
      sqlite3_finalize(stmt_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  [[nodiscard]] bool ok() const { return rc_ == SQLITE_OK; }

  // A failed bind (an index past the statement's parameters, a text too big, no memory) is
  // kept and returned by step(), so that it is never run with a parameter missing.
  Stmt& bind(int i, std::int64_t v) { return note(sqlite3_bind_int64(stmt_, i, v)); }
  Stmt& bind(int i, int v) { return note(sqlite3_bind_int(stmt_, i, v)); }
  Stmt& bind(int i, double v) { return note(sqlite3_bind_double(stmt_, i, v)); }
  Stmt& bind(int i, std::string_view v) {
    return note(
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, Date d) { return bind(i, core::format_iso_date(d)); }
  template <typename T>
  Stmt& bind(int i, const std::optional<T>& v) {
    if (v) {
      return bind(i, *v);
    }
    return note(sqlite3_bind_null(stmt_, i));
  }

  // SQLITE_ROW, SQLITE_DONE or an error code (a failed bind's among them).
  int step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_rc_ = SQLITE_OK;
  }

  // A value read from a row that the database should never hold (a date that is not one),
  // or "" when every value read was sound.
  [[nodiscard]] const std::string& damaged() const { return damaged_; }

  [[nodiscard]] std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  [[nodiscard]] int integer(int col) const { return sqlite3_column_int(stmt_, col); }
  [[nodiscard]] double real(int col) const { return sqlite3_column_double(stmt_, col); }
  [[nodiscard]] bool is_null(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
  }
  [[nodiscard]] std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  // A damaged date reads as the epoch and is noted in damaged(), which every query checks.
  [[nodiscard]] Date date(int col) const {
    const std::string stored = text(col);
    if (auto d = core::parse_iso_date(stored)) {
      return *d;
    }
    if (damaged_.empty()) {
      damaged_ = fmt::format("a date that is not a date ('{}')", stored.substr(0, 40));
    }
    return Date{};
  }
  // A role that is not one of the four reads as Person and is noted in damaged() likewise.
  [[nodiscard]] core::AccountRole role(int col) const {
    const std::string stored = text(col);
    if (auto r = core::parse_enum<core::AccountRole>(stored)) {
      return *r;
    }
    if (damaged_.empty()) {
      damaged_ = fmt::format("a role that is not one ('{}')", stored.substr(0, 40));
    }
    return core::AccountRole::Person;
  }
  [[nodiscard]] std::optional<int> opt_int(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int>(integer(col));
  }
  [[nodiscard]] std::optional<double> opt_real(int col) const {
    return is_null(col) ? std::nullopt : std::optional<double>(real(col));
  }

 private:
  Stmt& note(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
      bind_rc_ = rc;
    }
    return *this;
  }

  StatementCache::Entry* entry_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
  int bind_rc_ = SQLITE_OK;
  mutable std::string damaged_;
};

// What a query found damaged in the rows it read, as a storage failure.
tl::unexpected<Error> damaged_row(std::string_view what, const std::string& damage) {
  return fail(ErrorCode::StorageFailure,
              fmt::format("{} failed: the database holds {}; restore a backup", what, damage));
}

std::string join_symptoms(const std::vector<core::Symptom>& symptoms) {
  std::string out;
  for (auto s : symptoms) {
    out += out.empty() ? "" : ",";
    out += core::to_string(s);
  }
  return out;
}

std::vector<core::Symptom> split_symptoms(const std::string& text) {
  std::vector<core::Symptom> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (auto s = core::parse_enum<core::Symptom>(item)) {
      out.push_back(*s);
    }
  }
  return out;
}

class SqliteStore;
Result<std::unique_ptr<SqliteStore>> open_connection(const std::string& path);

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : own_db_(db), own_stmts_(db), db_(db), stmts_(&own_stmts_) {}
  ~SqliteStore() override {
    own_stmts_.clear();
    sqlite3_close_v2(own_db_);
  }

  Status exec(std::string_view sql, std::string_view what) {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      sqlite3_free(message);
      return storage_error(db_, what);
    }
    return {};
  }

  // One statement without parameters or rows (BEGIN, COMMIT, ...), from the statement cache.
  Status run(std::string_view sql, std::string_view what) {
    Stmt s(*stmts_, sql);
    if (!s.ok() || s.step() != SQLITE_DONE) {
      return storage_error(db_, what);
    }
    return {};
  }

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

  Result<int> user_version() {
    Stmt s(*stmts_, "PRAGMA user_version");
    if (!s.ok() || s.step() != SQLITE_ROW) {
      return storage_error(db_, "reading the schema version");
    }
    return s.integer(0);
  }

  Status configure() {
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db_, 1);
    // WAL with full sync: a committed write survives a crash or power loss. Switching a new
    // file to WAL does not wait on the busy handler, so another connection doing the same
    // (a server and the CLI starting together) is waited out here.
    MSFIT_TRY(exec_retrying_busy("PRAGMA journal_mode=WAL", "setting the journal mode"));
    MSFIT_TRY(exec("PRAGMA synchronous=FULL", "setting synchronous mode"));
    MSFIT_TRY(exec("PRAGMA foreign_keys=ON", "enabling foreign keys"));
    return {};
  }

  Status exec_retrying_busy(std::string_view sql, std::string_view what) {
    for (int waited = 0;; waited += 10) {
      const std::string text(sql);
      const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) {
        return {};
      }
      if ((rc & 0xff) != SQLITE_BUSY || waited >= kBusyTimeoutMs) {
        return storage_error(db_, what);
      }
      sqlite3_sleep(10);
    }
  }

  Status migrate(int target) {
    for (const auto& m : kMigrations) {
      if (m.version > target) {
        break;
      }
      // The version is read inside the write transaction, so two connections opening an old
      // database at once apply each migration exactly once; the migration and its version bump
      // commit together, or not at all.
      MSFIT_TRY(exec("BEGIN IMMEDIATE", "starting a migration"));
      auto applied = [&]() -> Status {
        MSFIT_ASSIGN_OR_RETURN(const int current, user_version());
        if (current > sqlite_schema_version()) {
          return fail(ErrorCode::Conflict,
                      fmt::format("the database has schema version {}, written by a newer MSFit; "
                                  "this version reads up to {}. Upgrade MSFit to open it.",
                                  current, sqlite_schema_version()));
        }
        if (current == 0) {
          // Version 0 with tables in it is some other application's database: leave it alone.
          Stmt tables(*stmts_, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
          if (!tables.ok() || tables.step() != SQLITE_ROW) {
            return storage_error(db_, "inspecting the database");
          }
          if (tables.integer(0) > 0) {
            return fail(ErrorCode::StorageFailure, "the file is not an MSFit database");
          }
        }
        if (m.version <= current) {
          return {};
        }
        return exec(std::string(m.sql()) + fmt::format("\nPRAGMA user_version = {};", m.version),
                    fmt::format("applying migration {}", m.version));
      }();
      if (!applied) {
        (void)exec("ROLLBACK", "rolling back a migration");
        return applied;
      }
      MSFIT_TRY(exec("COMMIT", "committing a migration"));
    }
    // Nothing to apply (an up-to-date or newer database) still has to be checked.
    MSFIT_ASSIGN_OR_RETURN(const int current, user_version());
    if (current > sqlite_schema_version()) {
      return fail(ErrorCode::Conflict,
                  fmt::format("the database has schema version {}, written by a newer MSFit; this "
                              "version reads up to {}. Upgrade MSFit to open it.",
                              current, sqlite_schema_version()));
    }
    return {};
  }

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

    Status begin() {
      if (sqlite3_get_autocommit(s_.db_) == 0 && !s_.snapshot_open_) {
        // Waiting for the writer here would wait for ourselves.
        return fail(ErrorCode::Internal, "a write transaction inside another");
      }
      s_.close_snapshot();  // A write ends the snapshot (store.hpp).
      MSFIT_ASSIGN_OR_RETURN(SqliteStore * writer, s_.writer());
      SqliteStore& w = *writer;
      lock_ = std::unique_lock(w.write_mutex_, std::defer_lock);
      ++w.waiting_;
      lock_.lock();
      --w.waiting_;
      s_.db_ = w.own_db_;
      s_.stmts_ = &w.own_stmts_;
      if (!w.group_open_) {
        if (auto begun = s_.run("BEGIN IMMEDIATE", "starting a write"); !begun) {
          restore();
          lock_.unlock();
          return begun;
        }
        w.group_open_ = true;
        w.group_size_ = 0;
        ++w.group_;
      }
      ++w.group_size_;
      group_ = w.group_;
      writer_ = &w;
      if (auto saved = s_.run("SAVEPOINT tx", "starting a write"); !saved) {
        (void)finish(false);
        return saved;
      }
      return {};
    }

    Status commit() { return finish(true); }

   private:
    // Keeps (or rolls back) this Tx's savepoint, then either leaves the transaction to the
    // writers waiting and waits for their commit, or commits the group.
    Status finish(bool keep) {
      constexpr int kMaxGroup = 64;  // Bounds how long the first of a group waits.
      SqliteStore& w = *std::exchange(writer_, nullptr);
      Status mine = keep ? s_.run("RELEASE tx", "committing") : Status{};
      if (!keep || !mine) {
        (void)s_.run("ROLLBACK TO tx", "rolling back");
        (void)s_.run("RELEASE tx", "rolling back");
        keep = false;
      }
      if (w.waiting_ > 0 && w.group_size_ < kMaxGroup) {
        restore();
        if (keep) {
          // Someone waiting will write in this transaction; the last of them commits it.
          w.commit_cv_.wait(lock_, [&] { return w.committed_ >= group_; });
          if (const auto failed = w.failed_.find(group_); failed != w.failed_.end()) {
            mine = tl::unexpected(failed->second);
          }
        }
        lock_.unlock();
        return mine;
      }
      Status committed = s_.run("COMMIT", "committing");
      if (!committed) {
        (void)s_.run("ROLLBACK", "rolling back");
        w.failed_.emplace(group_, committed.error());
        // Old failures are no longer waited for.
        w.failed_.erase(w.failed_.begin(),
                        w.failed_.lower_bound(group_ > 1024 ? group_ - 1024 : 0));
      }
      w.group_open_ = false;
      w.committed_ = group_;
      restore();
      lock_.unlock();
      w.commit_cv_.notify_all();
      return keep ? committed : mine;
    }

    void restore() {
      s_.db_ = s_.own_db_;
      s_.stmts_ = &s_.own_stmts_;
    }

    SqliteStore& s_;
    SqliteStore* writer_ = nullptr;  // Set while the savepoint is open.
    std::unique_lock<std::mutex> lock_;
    std::uint64_t group_ = 0;
  };

  // The connection this process writes to the database with, opened on first use and shared
  // by every Store of the same file; this Store itself for an in-memory database.
  Result<SqliteStore*> writer() {
    if (writer_ != nullptr) {
      return writer_.get();
    }
    const char* file = sqlite3_db_filename(own_db_, "main");
    if (file == nullptr || *file == '\0') {
      return this;
    }
    // Keyed by the file itself, not its name: a database replaced at the same path (a restore,
    // a test) is another file, with a writer of its own.
    struct stat st {};
    if (::stat(file, &st) != 0) {
      return fail(ErrorCode::StorageFailure, fmt::format("the database file '{}' is gone", file));
    }
    static std::mutex registry_mutex;
    static std::map<std::pair<dev_t, ino_t>, std::weak_ptr<SqliteStore>> registry;
    const std::lock_guard lock(registry_mutex);
    std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
    auto& slot = registry[{st.st_dev, st.st_ino}];
    writer_ = slot.lock();
    if (writer_ == nullptr) {
      MSFIT_ASSIGN_OR_RETURN(auto opened, open_connection(file));
      writer_ = std::move(opened);
      slot = writer_;
    }
    return writer_.get();
  }

  Result<Account> ensure_account(std::string_view name) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_, "INSERT INTO accounts (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
    if (!insert.ok() || insert.bind(1, name).step() != SQLITE_DONE) {
      return storage_error(db_, "creating the account");
    }
    MSFIT_TRY(tx.commit());
    return find_account(name);
  }

  Result<Account> find_account(std::string_view name) override {
    Stmt s(*stmts_, "SELECT id, name, role FROM accounts WHERE name = ?");
    if (!s.ok()) {
      return storage_error(db_, "finding the account");
    }
    const int rc = s.bind(1, name).step();
    if (rc == SQLITE_DONE) {
      return fail(ErrorCode::NotFound, fmt::format("no account named '{}'", name), "account");
    }
    if (rc != SQLITE_ROW) {
      return storage_error(db_, "finding the account");
    }
    Account account{s.int64(0), s.text(1), s.role(2)};
    if (!s.damaged().empty()) {
      return damaged_row("finding the account", s.damaged());
    }
    return account;
  }

  Result<Account> create_account(std::string_view name, core::AccountRole role,
                                 std::string_view password_hash) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_, "INSERT INTO accounts (name, role, password_hash) VALUES (?, ?, ?)");
    if (!insert.ok()) {
      return storage_error(db_, "creating the account");
    }
    const int rc =
        insert.bind(1, name).bind(2, core::to_string(role)).bind(3, password_hash).step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return fail(ErrorCode::Conflict, "that name is taken", "name");
    }
    if (rc != SQLITE_DONE) {
      return storage_error(db_, "creating the account");
    }
    MSFIT_TRY(tx.commit());
    return find_account(name);
  }

  Result<Credentials> credentials(std::string_view name) override {
    Stmt s(*stmts_,
           "SELECT id, name, role, COALESCE(password_hash, '') FROM accounts WHERE name = ?");
    if (!s.ok()) {
      return storage_error(db_, "reading credentials");
    }
    const int rc = s.bind(1, name).step();
    if (rc == SQLITE_DONE) {
      return fail(ErrorCode::NotFound, "no such account", "name");
    }
    if (rc != SQLITE_ROW) {
      return storage_error(db_, "reading credentials");
    }
    Credentials found{Account{s.int64(0), s.text(1), s.role(2)}, s.text(3)};
    if (!s.damaged().empty()) {
      return damaged_row("reading credentials", s.damaged());
    }
    return found;
  }

  Status create_auth_session(AccountId account, std::string_view token_hash,
                             std::string_view expires_at) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO auth_sessions (token_hash, account_id, expires_at) VALUES (?, ?, ?)");
    if (!insert.ok() ||
        insert.bind(1, token_hash).bind(2, account).bind(3, expires_at).step() != SQLITE_DONE) {
      return storage_error(db_, "creating the session");
    }
    return tx.commit();
  }

  Result<Account> auth_session(std::string_view token_hash, std::string_view now) override {
    Stmt s(*stmts_,
           "SELECT a.id, a.name, a.role FROM auth_sessions s JOIN accounts a ON a.id = "
           "s.account_id WHERE s.token_hash = ? AND s.expires_at > ?");
    if (!s.ok()) {
      return storage_error(db_, "reading the session");
    }
    const int rc = s.bind(1, token_hash).bind(2, now).step();
    if (rc == SQLITE_DONE) {
      return fail(ErrorCode::NotFound, "no such session", "token");
    }
    if (rc != SQLITE_ROW) {
      return storage_error(db_, "reading the session");
    }
    Account account{s.int64(0), s.text(1), s.role(2)};
    if (!s.damaged().empty()) {
      return damaged_row("reading the session", s.damaged());
    }
    return account;
  }

  Status delete_auth_session(std::string_view token_hash) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt del(*stmts_, "DELETE FROM auth_sessions WHERE token_hash = ?");
    if (!del.ok() || del.bind(1, token_hash).step() != SQLITE_DONE) {
      return storage_error(db_, "signing out");
    }
    return tx.commit();
  }

  Status delete_auth_sessions(AccountId account, std::string_view keep_token_hash) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt del(*stmts_, "DELETE FROM auth_sessions WHERE account_id = ? AND token_hash IS NOT ?");
    if (!del.ok() || del.bind(1, account).bind(2, keep_token_hash).step() != SQLITE_DONE) {
      return storage_error(db_, "signing out everywhere");
    }
    return tx.commit();
  }

  Status set_password_hash(AccountId account, std::string_view password_hash) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt set(*stmts_, "UPDATE accounts SET password_hash = ? WHERE id = ?");
    if (!set.ok() || set.bind(1, password_hash).bind(2, account).step() != SQLITE_DONE) {
      return storage_error(db_, "changing the password");
    }
    if (sqlite3_changes(db_) == 0) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    return tx.commit();
  }

  Result<int> purge_expired(std::string_view now) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    int removed = 0;
    for (const char* sql : {"DELETE FROM auth_sessions WHERE expires_at <= ?",
                            "DELETE FROM invites WHERE expires_at <= ?"}) {
      Stmt del(*stmts_, sql);
      if (!del.ok() || del.bind(1, now).step() != SQLITE_DONE) {
        return storage_error(db_, "removing expired sessions and invites");
      }
      removed += sqlite3_changes(db_);
    }
    MSFIT_TRY(tx.commit());
    return removed;
  }

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

  Result<Account> account_by_id(AccountId id) override {
    std::optional<Account> found;
    MSFIT_TRY(for_each_row(
        "SELECT id, name, role FROM accounts WHERE id = ?", "finding the account",
        [&](Stmt& s) { s.bind(1, id); },
        [&](const Stmt& s) {
          found = Account{s.int64(0), s.text(1), s.role(2)};
        }));
    if (!found) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    return *found;
  }

  Result<std::vector<Account>> list_accounts() override {
    std::vector<Account> out;
    MSFIT_TRY(for_each_row(
        "SELECT id, name, role FROM accounts ORDER BY id", "listing accounts", [](Stmt&) {},
        [&](const Stmt& s) {
          out.push_back(Account{s.int64(0), s.text(1), s.role(2)});
        }));
    return out;
  }

  Status set_role(AccountId account, core::AccountRole role) override {
    MSFIT_ASSIGN_OR_RETURN(
        const Written written,
        write_one("UPDATE accounts SET role = ? WHERE id = ?", "changing the role",
                  [&](Stmt& s) { s.bind(1, core::to_string(role)).bind(2, account); }));
    if (written.changed == 0) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    return {};
  }

  Status delete_account(AccountId account) override {
    // Foreign keys cascade from accounts to everything of the account. Plans reference
    // profiles without a cascade, so they go first, in the same transaction.
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    for (const char* sql :
         {"DELETE FROM plans WHERE account_id = ?", "DELETE FROM studies WHERE researcher_id = ?",
          "DELETE FROM accounts WHERE id = ?"}) {
      Stmt s(*stmts_, sql);
      if (!s.ok() || s.bind(1, account).step() != SQLITE_DONE) {
        return storage_error(db_, "deleting the account");
      }
    }
    if (sqlite3_changes(db_) == 0) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    return tx.commit();
  }

  Status create_invite(AccountId person, std::string_view code_hash,
                       std::string_view expires_at) override {
    return write_one("INSERT INTO invites (code_hash, person_id, expires_at) VALUES (?, ?, ?)",
                     "creating the invite",
                     [&](Stmt& s) { s.bind(1, code_hash).bind(2, person).bind(3, expires_at); })
        .map([](Written) {});
  }

  Result<CareLink> redeem_invite(std::string_view code_hash, AccountId clinician,
                                 std::string_view now) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    std::optional<AccountId> person;
    MSFIT_TRY(for_each_row(
        "SELECT person_id FROM invites WHERE code_hash = ? AND expires_at > ?",
        "reading the invite", [&](Stmt& s) { s.bind(1, code_hash).bind(2, now); },
        [&](const Stmt& s) { person = s.int64(0); }));
    if (!person) {
      return fail(ErrorCode::NotFound, "the code is unknown, used or expired", "code");
    }
    if (*person == clinician) {
      return fail(ErrorCode::InvalidInput, "this is your own invite code", "code");
    }
    Stmt used(*stmts_, "DELETE FROM invites WHERE code_hash = ?");
    Stmt insert(*stmts_,
                "INSERT INTO care_links (person_id, clinician_id) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING");
    if (!used.ok() || !insert.ok() || used.bind(1, code_hash).step() != SQLITE_DONE ||
        insert.bind(1, *person).bind(2, clinician).step() != SQLITE_DONE) {
      return storage_error(db_, "linking the clinician");
    }
    MSFIT_TRY(tx.commit());
    MSFIT_ASSIGN_OR_RETURN(auto links, care_links(clinician));
    for (auto& link : links) {
      if (link.person.id == *person) {
        return std::move(link);
      }
    }
    return fail(ErrorCode::StorageFailure, "the link was not stored");
  }

  Result<bool> has_care_link(AccountId person, AccountId clinician) override {
    bool found = false;
    MSFIT_TRY(for_each_row(
        "SELECT 1 FROM care_links WHERE person_id = ? AND clinician_id = ?", "reading links",
        [&](Stmt& s) { s.bind(1, person).bind(2, clinician); },
        [&](const Stmt&) { found = true; }));
    return found;
  }

  Result<std::vector<CareLink>> care_links(AccountId account) override {
    std::vector<CareLink> out;
    MSFIT_TRY(for_each_row(
        "SELECT p.id, p.name, p.role, c.id, c.name, c.role, l.granted_at FROM care_links l "
        "JOIN accounts p ON p.id = l.person_id JOIN accounts c ON c.id = l.clinician_id "
        "WHERE l.person_id = ?1 OR l.clinician_id = ?1 ORDER BY p.name, c.name",
        "reading links", [&](Stmt& s) { s.bind(1, account); },
        [&](const Stmt& s) {
          out.push_back(CareLink{Account{s.int64(0), s.text(1), s.role(2)},
                                 Account{s.int64(3), s.text(4), s.role(5)}, s.text(6)});
        }));
    return out;
  }

  Status revoke_care_link(AccountId person, AccountId clinician) override {
    MSFIT_ASSIGN_OR_RETURN(
        const Written written,
        write_one("DELETE FROM care_links WHERE person_id = ? AND "
                  "clinician_id = ?",
                  "revoking access", [&](Stmt& s) { s.bind(1, person).bind(2, clinician); }));
    if (written.changed == 0) {
      return fail(ErrorCode::NotFound, "that clinician has no access", "clinician");
    }
    return {};
  }

  static constexpr std::string_view kStudyColumns =
      "SELECT s.id, s.researcher_id, s.title, s.created_at, (SELECT count(*) FROM "
      "study_members m WHERE m.study_id = s.id) FROM studies s ";

  static Study read_study(const Stmt& s) {
    return Study{s.int64(0), s.int64(1), s.text(2), s.text(3), s.integer(4)};
  }

  Result<Study> create_study(AccountId researcher, std::string_view title,
                             std::string_view join_code_hash) override {
    MSFIT_ASSIGN_OR_RETURN(
        const Written written,
        write_one("INSERT INTO studies (researcher_id, title, join_code_hash) VALUES (?, ?, ?)",
                  "creating the study",
                  [&](Stmt& s) { s.bind(1, researcher).bind(2, title).bind(3, join_code_hash); }));
    return study(researcher, written.rowid);
  }

  Result<std::vector<Study>> studies_of(AccountId researcher) override {
    std::vector<Study> out;
    MSFIT_TRY(for_each_row(
        std::string(kStudyColumns) + "WHERE s.researcher_id = ? ORDER BY s.id", "reading studies",
        [&](Stmt& s) { s.bind(1, researcher); },
        [&](const Stmt& s) { out.push_back(read_study(s)); }));
    return out;
  }

  Result<Study> study(AccountId researcher, std::int64_t study_id) override {
    std::optional<Study> found;
    MSFIT_TRY(for_each_row(
        std::string(kStudyColumns) + "WHERE s.id = ? AND s.researcher_id = ?", "reading the study",
        [&](Stmt& s) { s.bind(1, study_id).bind(2, researcher); },
        [&](const Stmt& s) { found = read_study(s); }));
    if (!found) {
      return fail(ErrorCode::NotFound, "no such study", "id");
    }
    return *found;
  }

  Result<StudyMember> join_study(std::string_view join_code_hash, AccountId person,
                                 std::string_view pseudonym, Date joined_on) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    std::optional<std::int64_t> study_id;
    MSFIT_TRY(for_each_row(
        "SELECT id FROM studies WHERE join_code_hash = ?", "reading the study",
        [&](Stmt& s) { s.bind(1, join_code_hash); },
        [&](const Stmt& s) { study_id = s.int64(0); }));
    if (!study_id) {
      return fail(ErrorCode::NotFound, "no study has that code", "code");
    }
    Stmt insert(*stmts_,
                "INSERT INTO study_members (study_id, person_id, pseudonym, joined_on) "
                "VALUES (?, ?, ?, ?)");
    if (!insert.ok()) {
      return storage_error(db_, "joining the study");
    }
    const int rc =
        insert.bind(1, *study_id).bind(2, person).bind(3, pseudonym).bind(4, joined_on).step();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return fail(ErrorCode::Conflict, "you are already in this study", "code");
    }
    if (rc != SQLITE_DONE) {
      return storage_error(db_, "joining the study");
    }
    MSFIT_TRY(tx.commit());
    return StudyMember{*study_id, person, std::string(pseudonym), joined_on};
  }

  Result<std::vector<StudyMember>> study_members(std::int64_t study_id) override {
    std::vector<StudyMember> out;
    MSFIT_TRY(for_each_row(
        "SELECT study_id, person_id, pseudonym, joined_on FROM study_members WHERE study_id = ? "
        "ORDER BY pseudonym",
        "reading study members", [&](Stmt& s) { s.bind(1, study_id); },
        [&](const Stmt& s) {
          out.push_back(StudyMember{s.int64(0), s.int64(1), s.text(2), s.date(3)});
        }));
    return out;
  }

  Result<std::vector<std::pair<Study, StudyMember>>> memberships(AccountId person) override {
    std::vector<std::pair<Study, StudyMember>> out;
    MSFIT_TRY(for_each_row(
        "SELECT s.id, s.researcher_id, s.title, s.created_at, (SELECT count(*) FROM "
        "study_members x WHERE x.study_id = s.id), m.pseudonym, m.joined_on FROM studies s "
        "JOIN study_members m ON m.study_id = s.id WHERE m.person_id = ? ORDER BY s.id",
        "reading studies", [&](Stmt& s) { s.bind(1, person); },
        [&](const Stmt& s) {
          out.emplace_back(read_study(s), StudyMember{s.int64(0), person, s.text(5), s.date(6)});
        }));
    return out;
  }

  Status leave_study(std::int64_t study_id, AccountId person) override {
    MSFIT_ASSIGN_OR_RETURN(
        const Written written,
        write_one("DELETE FROM study_members WHERE study_id = ? AND "
                  "person_id = ?",
                  "leaving the study", [&](Stmt& s) { s.bind(1, study_id).bind(2, person); }));
    if (written.changed == 0) {
      return fail(ErrorCode::NotFound, "you are not in that study", "id");
    }
    return {};
  }

  Status add_adjustment(AccountId person, const Adjustment& a) override {
    return write_one(
               "INSERT INTO plan_adjustments (account_id, by_id, by_name, by_role, kind, "
               "summary) VALUES (?, ?, ?, ?, ?, ?)",
               "recording the adjustment",
               [&](Stmt& s) {
                 s.bind(1, person)
                     .bind(2, a.by)
                     .bind(3, a.by_name)
                     .bind(4, a.by_role)
                     .bind(5, a.kind)
                     .bind(6, a.summary);
               })
        .map([](Written) {});
  }

  Result<std::vector<Adjustment>> adjustments(AccountId person) override {
    std::vector<Adjustment> out;
    MSFIT_TRY(for_each_row(
        "SELECT id, by_id, by_name, by_role, kind, summary, created_at FROM plan_adjustments "
        "WHERE account_id = ? ORDER BY id DESC",
        "reading adjustments", [&](Stmt& s) { s.bind(1, person); },
        [&](const Stmt& s) {
          out.push_back(Adjustment{s.int64(0),
                                   s.is_null(1) ? std::nullopt : std::optional(s.int64(1)),
                                   s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)});
        }));
    return out;
  }

  Status audit(const AuditEntry& e) override {
    return write_one(
               "INSERT INTO audit_log (actor_id, actor_name, actor_role, subject_id, "
               "action, resource) VALUES (?, ?, ?, ?, ?, ?)",
               "writing the audit log",
               [&](Stmt& s) {
                 s.bind(1, e.actor)
                     .bind(2, e.actor_name)
                     .bind(3, e.actor_role)
                     .bind(4, e.subject)
                     .bind(5, to_string(e.action))
                     .bind(6, e.resource);
               })
        .map([](Written) {});
  }

  Status audit_all(const std::vector<AuditEntry>& entries) override {
    if (entries.empty()) {
      return {};
    }
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    for (const AuditEntry& e : entries) {
      Stmt s(*stmts_,
             "INSERT INTO audit_log (actor_id, actor_name, actor_role, subject_id, action, "
             "resource) VALUES (?, ?, ?, ?, ?, ?)");
      if (!s.ok()) {
        return storage_error(db_, "writing the audit log");
      }
      s.bind(1, e.actor)
          .bind(2, e.actor_name)
          .bind(3, e.actor_role)
          .bind(4, e.subject)
          .bind(5, to_string(e.action))
          .bind(6, e.resource);
      if (s.step() != SQLITE_DONE) {
        return storage_error(db_, "writing the audit log");
      }
    }
    return tx.commit();
  }

  Result<std::vector<AuditEntry>> audit_log(std::optional<AccountId> subject, int limit) override {
    std::vector<AuditEntry> out;
    MSFIT_TRY(for_each_row(
        "SELECT id, at, actor_id, actor_name, actor_role, subject_id, action, resource "
        "FROM audit_log WHERE ?1 IS NULL OR subject_id = ?1 ORDER BY id DESC LIMIT ?2",
        "reading the audit log", [&](Stmt& s) { s.bind(1, subject).bind(2, limit); },
        [&](const Stmt& s) {
          AuditEntry e;
          e.id = s.int64(0);
          e.at = s.text(1);
          e.actor = s.is_null(2) ? std::nullopt : std::optional(s.int64(2));
          e.actor_name = s.text(3);
          e.actor_role = s.text(4);
          e.subject = s.is_null(5) ? std::nullopt : std::optional(s.int64(5));
          const std::string action = s.text(6);
          for (auto a : {AuditAction::Read, AuditAction::Change, AuditAction::Grant,
                         AuditAction::Revoke, AuditAction::Delete}) {
            if (to_string(a) == action) {
              e.action = a;
            }
          }
          e.resource = s.text(7);
          out.push_back(std::move(e));
        }));
    return out;
  }

  Result<ProfileVersion> save_profile(AccountId account, std::string_view body) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO profiles (account_id, version, body) VALUES (?1, "
                "(SELECT COALESCE(MAX(version), 0) + 1 FROM profiles WHERE account_id = ?1), ?2)");
    if (!insert.ok() || insert.bind(1, account).bind(2, body).step() != SQLITE_DONE) {
      return storage_error(db_, "saving the profile");
    }
    // Read back inside the transaction: another writer cannot slip a version in between.
    MSFIT_ASSIGN_OR_RETURN(ProfileVersion saved,
                           profile_by_id(account, sqlite3_last_insert_rowid(db_)));
    MSFIT_TRY(tx.commit());
    return saved;
  }

  Result<std::optional<ProfileVersion>> latest_profile(AccountId account) override {
    Stmt s(*stmts_,
           "SELECT id, version, body, created_at FROM profiles WHERE account_id = ? "
           "ORDER BY version DESC LIMIT 1");
    if (!s.ok()) {
      return storage_error(db_, "reading the profile");
    }
    const int rc = s.bind(1, account).step();
    if (rc == SQLITE_DONE) {
      return std::optional<ProfileVersion>();
    }
    if (rc != SQLITE_ROW) {
      return storage_error(db_, "reading the profile");
    }
    return std::optional<ProfileVersion>(
        ProfileVersion{s.int64(0), s.integer(1), s.text(2), s.text(3)});
  }

  Result<ProfileVersion> profile_by_id(AccountId account, std::int64_t profile_id) override {
    Stmt s(*stmts_,
           "SELECT id, version, body, created_at FROM profiles WHERE account_id = ? AND id = ?");
    if (!s.ok()) {
      return storage_error(db_, "reading the profile");
    }
    const int rc = s.bind(1, account).bind(2, profile_id).step();
    if (rc == SQLITE_DONE) {
      return fail(ErrorCode::NotFound, "no such profile", "profile");
    }
    if (rc != SQLITE_ROW) {
      return storage_error(db_, "reading the profile");
    }
    return ProfileVersion{s.int64(0), s.integer(1), s.text(2), s.text(3)};
  }

  Result<StoredPlan> save_plan(AccountId account, const NewPlan& plan) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO plans (account_id, profile_id, engine_version, start_date, weeks) "
                "VALUES (?, ?, ?, ?, ?)");
    if (!insert.ok() || insert.bind(1, account)
                                .bind(2, plan.profile_id)
                                .bind(3, plan.engine_version)
                                .bind(4, plan.start_date)
                                .bind(5, plan.weeks)
                                .step() != SQLITE_DONE) {
      return storage_error(db_, "saving the plan");
    }
    const std::int64_t plan_id = sqlite3_last_insert_rowid(db_);
    Stmt body(*stmts_, "INSERT INTO plan_bodies (plan_id, body) VALUES (?, ?)");
    if (!body.ok() || body.bind(1, plan_id).bind(2, plan.body).step() != SQLITE_DONE) {
      return storage_error(db_, "saving the plan");
    }
    Stmt session(*stmts_,
                 "INSERT INTO planned_sessions (plan_id, date, week, kind, minutes) "
                 "VALUES (?, ?, ?, ?, ?)");
    if (!session.ok()) {
      return storage_error(db_, "saving planned sessions");
    }
    for (const auto& s : plan.sessions) {
      session.reset();
      if (session.bind(1, plan_id)
              .bind(2, s.date)
              .bind(3, s.week)
              .bind(4, s.kind)
              .bind(5, s.minutes)
              .step() != SQLITE_DONE) {
        return storage_error(db_, "saving planned sessions");
      }
    }
    MSFIT_ASSIGN_OR_RETURN(StoredPlan saved, plan_by_id(plan_id));
    MSFIT_TRY(tx.commit());
    return saved;
  }

  Result<StoredPlan> plan_by_id(std::int64_t plan_id) {
    MSFIT_ASSIGN_OR_RETURN(auto plan, read_plan("p.id = ?", plan_id));
    if (!plan) {
      return fail(ErrorCode::Internal, "the saved plan could not be read back");
    }
    return std::move(*plan);
  }

  Result<std::optional<StoredPlan>> latest_plan(AccountId account) override {
    return read_plan("p.account_id = ?", account);
  }

  Result<std::optional<StoredPlan>> latest_plan_summary(AccountId account) override {
    return read_plan("p.account_id = ?", account, /*with_body=*/false);
  }

  Result<std::optional<StoredPlan>> read_plan(std::string_view where, std::int64_t key,
                                              bool with_body = true) {
    // The body is in plan_bodies (schema 6), read only when asked for.
    Stmt s(*stmts_, fmt::format("SELECT p.id, p.profile_id, pr.version, p.engine_version, "
                                "p.start_date, p.weeks, {}, p.created_at FROM plans p "
                                "JOIN profiles pr ON pr.id = p.profile_id {} WHERE {} "
                                "ORDER BY p.id DESC LIMIT 1",
                                with_body ? "b.body" : "''",
                                with_body ? "JOIN plan_bodies b ON b.plan_id = p.id" : "", where));
    if (!s.ok()) {
      return storage_error(db_, "reading the plan");
    }
    const int rc = s.bind(1, key).step();
    if (rc == SQLITE_DONE) {
      return std::optional<StoredPlan>();
    }
    if (rc != SQLITE_ROW) {
      return storage_error(db_, "reading the plan");
    }
    StoredPlan plan{s.int64(0), s.int64(1),   s.integer(2), s.text(3),
                    s.date(4),  s.integer(5), s.text(6),    s.text(7)};
    if (!s.damaged().empty()) {
      return damaged_row("reading the plan", s.damaged());
    }
    return std::optional<StoredPlan>(std::move(plan));
  }

  Result<std::int64_t> performed_session(AccountId account, Date date) {
    Stmt insert(*stmts_,
                "INSERT INTO performed_sessions (account_id, date) VALUES (?, ?) "
                "ON CONFLICT (account_id, date) DO NOTHING");
    if (!insert.ok() || insert.bind(1, account).bind(2, date).step() != SQLITE_DONE) {
      return storage_error(db_, "recording the session");
    }
    Stmt select(*stmts_, "SELECT id FROM performed_sessions WHERE account_id = ? AND date = ?");
    if (!select.ok() || select.bind(1, account).bind(2, date).step() != SQLITE_ROW) {
      return storage_error(db_, "recording the session");
    }
    return select.int64(0);
  }

  Result<WriteResult> log_sets(AccountId account,
                               std::span<const Logged<core::SetLog>> sets) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO strength_sets (account_id, session_id, client_id, date, exercise, "
                "set_number, reps, load_kg, rir, completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (account_id, client_id) DO NOTHING");
    if (!insert.ok()) {
      return storage_error(db_, "logging sets");
    }
    std::map<Date, std::int64_t> sessions;
    int stored = 0;
    for (const auto& logged : sets) {
      const auto& set = logged.value;
      auto it = sessions.find(set.date);
      if (it == sessions.end()) {
        MSFIT_ASSIGN_OR_RETURN(const std::int64_t id, performed_session(account, set.date));
        it = sessions.emplace(set.date, id).first;
      }
      insert.reset();
      if (insert.bind(1, account)
              .bind(2, it->second)
              .bind(3, logged.client_id)
              .bind(4, set.date)
              .bind(5, set.exercise)
              .bind(6, set.set_number)
              .bind(7, set.reps)
              .bind(8, set.load_kg)
              .bind(9, set.rir)
              .bind(10, set.completed ? 1 : 0)
              .step() != SQLITE_DONE) {
        return storage_error(db_, "logging sets");
      }
      stored += sqlite3_changes(db_);
    }
    MSFIT_TRY(tx.commit());
    return stored == 0 && !sets.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<WriteResult> log_cardio(AccountId account, const Logged<core::CardioLog>& bout) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    MSFIT_ASSIGN_OR_RETURN(const std::int64_t session, performed_session(account, bout.value.date));
    Stmt insert(*stmts_,
                "INSERT INTO aerobic_bouts (account_id, session_id, client_id, date, exercise, "
                "minutes, mean_hr, watts, rpe) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (account_id, client_id) DO NOTHING");
    const auto& b = bout.value;
    if (!insert.ok() || insert.bind(1, account)
                                .bind(2, session)
                                .bind(3, bout.client_id)
                                .bind(4, b.date)
                                .bind(5, b.exercise)
                                .bind(6, b.minutes)
                                .bind(7, b.mean_hr)
                                .bind(8, b.watts)
                                .bind(9, b.rpe)
                                .step() != SQLITE_DONE) {
      return storage_error(db_, "logging cardio");
    }
    const int changed = sqlite3_changes(db_);
    MSFIT_TRY(tx.commit());
    return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<WriteResult> log_check_in(AccountId account,
                                   const Logged<core::CheckIn>& check_in) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO checkins (account_id, client_id, date, fatigue, sleep_quality, "
                "feels_hot, ambient_temp_c, symptoms, relapse) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (account_id, client_id) DO NOTHING");
    const auto& c = check_in.value;
    if (!insert.ok() || insert.bind(1, account)
                                .bind(2, check_in.client_id)
                                .bind(3, c.date)
                                .bind(4, c.fatigue)
                                .bind(5, c.sleep_quality)
                                .bind(6, c.feels_hot ? 1 : 0)
                                .bind(7, c.ambient_temp_c)
                                .bind(8, join_symptoms(c.symptoms))
                                .bind(9, c.relapse ? 1 : 0)
                                .step() != SQLITE_DONE) {
      return storage_error(db_, "saving the check-in");
    }
    const int changed = sqlite3_changes(db_);
    MSFIT_TRY(tx.commit());
    return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<WriteResult> add_note(AccountId account, const Logged<Note>& note) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO notes (account_id, client_id, date, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (account_id, client_id) DO NOTHING");
    if (!insert.ok() || insert.bind(1, account)
                                .bind(2, note.client_id)
                                .bind(3, note.value.date)
                                .bind(4, note.value.body)
                                .step() != SQLITE_DONE) {
      return storage_error(db_, "saving the note");
    }
    const int changed = sqlite3_changes(db_);
    MSFIT_TRY(tx.commit());
    return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<WriteResult> record_clearance(AccountId account,
                                       const Logged<core::Clearance>& clearance) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO plan_events (account_id, client_id, date, kind, by_role) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, client_id) DO NOTHING");
    const auto& c = clearance.value;
    if (!insert.ok() ||
        insert.bind(1, account)
                .bind(2, clearance.client_id)
                .bind(3, c.date)
                .bind(4, c.kind == core::ClearanceKind::Relapse ? "resume" : "medical_clearance")
                .bind(5, core::to_string(c.by))
                .step() != SQLITE_DONE) {
      return storage_error(db_, "recording the clearance");
    }
    const int changed = sqlite3_changes(db_);
    MSFIT_TRY(tx.commit());
    return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<WriteResult> log_items(AccountId account,
                                std::span<const Logged<core::ItemLog>> items) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt insert(*stmts_,
                "INSERT INTO item_logs (account_id, client_id, date, exercise, completed, rating) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, client_id) DO NOTHING");
    if (!insert.ok()) {
      return storage_error(db_, "logging exercises");
    }
    int stored = 0;
    for (const auto& logged : items) {
      const auto& item = logged.value;
      std::optional<std::string> rating;
      if (item.rating) {
        rating = std::string(core::to_string(*item.rating));
      }
      insert.reset();
      if (insert.bind(1, account)
              .bind(2, logged.client_id)
              .bind(3, item.date)
              .bind(4, item.exercise)
              .bind(5, item.completed ? 1 : 0)
              .bind(6, rating)
              .step() != SQLITE_DONE) {
        return storage_error(db_, "logging exercises");
      }
      stored += sqlite3_changes(db_);
    }
    MSFIT_TRY(tx.commit());
    return stored == 0 && !items.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<std::vector<core::ItemLog>> item_logs(AccountId account, Date from, Date to) override {
    std::vector<core::ItemLog> out;
    MSFIT_TRY(for_each_row(
        "SELECT date, exercise, completed, rating FROM item_logs WHERE account_id = ? AND date "
        "BETWEEN ? AND ? ORDER BY date, id",
        "reading logged exercises", [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); },
        [&](const Stmt& s) { out.push_back(read_item(s)); }));
    return out;
  }

  Result<WriteResult> add_measure(AccountId account,
                                  const Logged<core::MeasureRecord>& record) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    const auto& r = record.value;
    std::string trials;
    for (double t : r.trials) {
      trials += trials.empty() ? fmt::format("{}", t) : fmt::format(",{}", t);
    }
    Stmt insert(*stmts_,
                "INSERT INTO measures (account_id, client_id, date, measure, side, trials, value, "
                "entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (account_id, client_id) DO NOTHING");
    std::optional<std::string> side;
    if (r.side) {
      side = std::string(core::to_string(*r.side));
    }
    if (!insert.ok() ||
        insert.bind(1, account)
                .bind(2, record.client_id)
                .bind(3, r.date)
                .bind(4, r.measure)
                .bind(5, side)
                .bind(6, trials)
                .bind(7, r.value)
                .bind(8, r.entered_by == core::Role::Clinician ? "clinician" : "person")
                .step() != SQLITE_DONE) {
      return storage_error(db_, "saving the measure");
    }
    const int changed = sqlite3_changes(db_);
    MSFIT_TRY(tx.commit());
    return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<std::vector<core::MeasureRecord>> measures(AccountId account, std::string_view measure,
                                                    Date from, Date to) override {
    std::vector<core::MeasureRecord> out;
    MSFIT_TRY(for_each_row(
        "SELECT date, measure, side, trials, value, entered_by FROM measures "
        "WHERE account_id = ? AND (? = '' OR measure = ?) AND date BETWEEN ? AND ? "
        "ORDER BY date, id",
        "reading measures",
        [&](Stmt& s) {
          s.bind(1, account).bind(2, measure).bind(3, measure).bind(4, from).bind(5, to);
        },
        [&](const Stmt& s) {
          core::MeasureRecord r;
          r.date = s.date(0);
          r.measure = s.text(1);
          if (!s.is_null(2)) {
            r.side = core::parse_enum<core::Side>(s.text(2));
          }
          std::stringstream trials(s.text(3));
          std::string item;
          while (std::getline(trials, item, ',')) {
            r.trials.push_back(std::strtod(item.c_str(), nullptr));
          }
          r.value = s.real(4);
          r.entered_by = s.text(5) == "clinician" ? core::Role::Clinician : core::Role::Person;
          out.push_back(std::move(r));
        }));
    return out;
  }

  Status save_swap(AccountId account, const Swap& swap) override {
    Tx tx(*this);
    MSFIT_TRY(tx.begin());
    Stmt upsert(*stmts_,
                "INSERT INTO exercise_swaps (account_id, exercise, replacement, since) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, exercise) DO UPDATE SET "
                "replacement = excluded.replacement, since = excluded.since");
    if (!upsert.ok() || upsert.bind(1, account)
                                .bind(2, swap.exercise)
                                .bind(3, swap.replacement)
                                .bind(4, swap.since)
                                .step() != SQLITE_DONE) {
      return storage_error(db_, "saving the swap");
    }
    return tx.commit();
  }

  Result<std::vector<core::SetLog>> recent_sets(AccountId account, std::string_view exercise,
                                                Date until, int max_days) override {
    // One backward scan of strength_sets_by_exercise, newest day first, stopped after
    // `max_days` days: no temporary b-tree for an IN list or a sort (this runs for every
    // strength exercise of every "today"). Within a day, sets are put in order here.
    Stmt s(*stmts_,
           "SELECT date, exercise, set_number, reps, load_kg, rir, completed, id FROM "
           "strength_sets WHERE account_id = ? AND exercise = ? AND date <= ? ORDER BY date DESC");
    if (!s.ok()) {
      return storage_error(db_, "reading sets");
    }
    s.bind(1, account).bind(2, exercise).bind(3, until);
    std::vector<std::pair<std::int64_t, core::SetLog>> rows;
    int days = 0;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      core::SetLog set = read_set(s);
      if (rows.empty() || rows.back().second.date != set.date) {
        if (++days > max_days) {
          rc = SQLITE_DONE;
          break;
        }
      }
      rows.emplace_back(s.int64(7), std::move(set));
    }
    if (rc != SQLITE_DONE) {
      return storage_error(db_, "reading sets");
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      if (a.second.date != b.second.date) {
        return a.second.date > b.second.date;
      }
      return std::pair(a.second.set_number, a.first) < std::pair(b.second.set_number, b.first);
    });
    std::vector<core::SetLog> out;
    out.reserve(rows.size());
    for (auto& row : rows) {
      out.push_back(std::move(row.second));
    }
    return out;
  }

  static core::SetLog read_set(const Stmt& s) {
    core::SetLog set;
    set.date = s.date(0);
    set.exercise = s.text(1);
    set.set_number = s.integer(2);
    set.reps = s.integer(3);
    set.load_kg = s.real(4);
    set.rir = s.opt_int(5);
    set.completed = s.integer(6) != 0;
    return set;
  }

  static core::Clearance read_clearance(const Stmt& s) {
    return core::Clearance{
        s.date(0),
        s.text(1) == "resume" ? core::ClearanceKind::Relapse : core::ClearanceKind::Medical,
        s.text(2) == "clinician" ? core::Role::Clinician : core::Role::Person,
        {}};
  }

  static core::ItemLog read_item(const Stmt& s) {
    core::ItemLog item;
    item.date = s.date(0);
    item.exercise = s.text(1);
    item.completed = s.integer(2) != 0;
    if (!s.is_null(3)) {
      item.rating = core::parse_enum<core::ItemRating>(s.text(3));
    }
    return item;
  }

  static core::CheckIn read_check_in(const Stmt& s) {
    core::CheckIn c;
    c.date = s.date(0);
    c.fatigue = s.integer(1);
    c.sleep_quality = s.opt_int(2);
    c.feels_hot = s.integer(3) != 0;
    c.ambient_temp_c = s.opt_real(4);
    c.symptoms = split_symptoms(s.text(5));
    c.relapse = s.integer(6) != 0;
    return c;
  }

  Result<std::optional<Date>> single_date(std::string_view sql, AccountId account, Date today,
                                          std::string_view what) {
    Stmt s(*stmts_, sql);
    if (!s.ok()) {
      return storage_error(db_, what);
    }
    const int rc = s.bind(1, account).bind(2, today).step();
    if (rc != SQLITE_ROW) {
      return rc == SQLITE_DONE ? Result<std::optional<Date>>(std::nullopt)
                               : storage_error(db_, what);
    }
    if (s.is_null(0)) {
      return std::optional<Date>();
    }
    const Date d = s.date(0);
    if (!s.damaged().empty()) {
      return damaged_row(what, s.damaged());
    }
    return std::optional<Date>(d);
  }

  Result<TrainingState> training_state(AccountId account, Date today) override {
    TrainingState state;
    MSFIT_ASSIGN_OR_RETURN(
        state.last_training,
        single_date("SELECT MAX(date) FROM performed_sessions WHERE account_id = ? AND date < ?",
                    account, today, "reading the last session"));
    Stmt c(*stmts_,
           "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse "
           "FROM checkins WHERE account_id = ? AND date = ? ORDER BY id DESC LIMIT 1");
    if (!c.ok()) {
      return storage_error(db_, "reading the check-in");
    }
    if (const int rc = c.bind(1, account).bind(2, today).step(); rc == SQLITE_ROW) {
      state.check_in = read_check_in(c);
    } else if (rc != SQLITE_DONE) {
      return storage_error(db_, "reading the check-in");
    }
    // Check-ins with symptoms or a relapse, up to today (core decides which are red flags).
    MSFIT_TRY(for_each_row(
        "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse, "
        "created_at FROM checkins WHERE account_id = ? AND date BETWEEN ? AND ? "
        "AND (relapse = 1 OR symptoms <> '') ORDER BY date, id",
        "reading check-ins",
        [&](Stmt& s) {
          s.bind(1, account).bind(2, today - core::Date::duration{kFlaggedDays}).bind(3, today);
        },
        [&](const Stmt& s) {
          state.flagged.push_back(read_check_in(s));
          state.flagged.back().recorded_at = s.text(7);
        }));
    MSFIT_TRY(for_each_row(
        "SELECT date, kind, by_role, created_at FROM plan_events WHERE account_id = ? "
        "AND date <= ? ORDER BY date, id",
        "reading clearances", [&](Stmt& s) { s.bind(1, account).bind(2, today); },
        [&](const Stmt& s) {
          state.clearances.push_back(read_clearance(s));
          state.clearances.back().recorded_at = s.text(3);
        }));
    MSFIT_TRY(for_each_row(
        "SELECT exercise, replacement, since FROM exercise_swaps WHERE account_id = ? "
        "ORDER BY exercise",
        "reading swaps", [&](Stmt& s) { s.bind(1, account); },
        [&](const Stmt& s) {
          state.swaps.push_back(Swap{s.text(0), s.text(1), s.date(2)});
        }));
    return state;
  }

  Result<History> history(AccountId account, Date from, Date to) override {
    History h;
    const auto range = [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); };
    MSFIT_TRY(for_each_row(
        "SELECT date, exercise, set_number, reps, load_kg, rir, completed FROM strength_sets "
        "WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
        "reading history", range, [&](const Stmt& s) { h.sets.push_back(read_set(s)); }));
    MSFIT_TRY(for_each_row(
        "SELECT date, exercise, minutes, mean_hr, watts, rpe FROM aerobic_bouts "
        "WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
        "reading history", range, [&](const Stmt& s) {
          h.cardio.push_back(core::CardioLog{s.date(0), s.text(1), s.integer(2), s.opt_int(3),
                                             s.opt_int(4), s.opt_int(5)});
        }));
    MSFIT_TRY(for_each_row(
        "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse "
        "FROM checkins WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
        "reading history", range, [&](const Stmt& s) { h.check_ins.push_back(read_check_in(s)); }));
    MSFIT_TRY(
        for_each_row("SELECT date, body FROM notes WHERE account_id = ? AND date BETWEEN ? AND ? "
                     "ORDER BY date, id",
                     "reading history", range, [&](const Stmt& s) {
                       h.notes.push_back(Note{s.date(0), s.text(1)});
                     }));
    MSFIT_TRY(for_each_row(
        "SELECT date, exercise, completed, rating FROM item_logs WHERE account_id = ? AND date "
        "BETWEEN ? AND ? ORDER BY date, id",
        "reading history", range, [&](const Stmt& s) { h.items.push_back(read_item(s)); }));
    MSFIT_TRY(for_each_row(
        "SELECT date, kind, by_role FROM plan_events WHERE account_id = ? AND date BETWEEN ? AND ? "
        "ORDER BY date, id",
        "reading history", range,
        [&](const Stmt& s) { h.clearances.push_back(read_clearance(s)); }));
    return h;
  }

  Result<std::set<Date>> logged_days(AccountId account, Date from, Date to) override {
    std::set<Date> days;
    MSFIT_TRY(for_each_row(
        "SELECT date FROM performed_sessions WHERE account_id = ? AND date BETWEEN ? AND ?",
        "reading logged days", [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); },
        [&](const Stmt& s) { days.insert(s.date(0)); }));
    return days;
  }

  Status backup_to(const std::string& path) override {
    // The online backup API copies a consistent snapshot while other connections keep
    // writing; it restarts by itself if the source changes mid-copy.
    const std::string tmp = path + ".partial";
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    sqlite3* dest = nullptr;
    if (sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      sqlite3_close_v2(dest);
      return fail(ErrorCode::InvalidInput, "cannot create the backup file", "file");
    }
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", db_, "main");
    int rc = SQLITE_ERROR;
    if (backup != nullptr) {
      do {
        rc = sqlite3_backup_step(backup, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
          sqlite3_sleep(20);
        }
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(backup);
    }
    // The copy is a standalone file: no WAL to carry around.
    const bool ok = rc == SQLITE_DONE && sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr,
                                                      nullptr, nullptr) == SQLITE_OK;
    sqlite3_close_v2(dest);
    if (!ok) {
      std::filesystem::remove(tmp, ignored);
      return storage_error(db_, "writing the backup");
    }
    std::filesystem::rename(tmp, path, ignored);
    if (ignored) {
      return fail(ErrorCode::InvalidInput, "cannot write the backup file", "file");
    }
    return {};
  }

 private:
  void begin_snapshot() override {
    // A deferred BEGIN: the read lock is taken by the first read and held until the end.
    if (snapshot_depth_++ == 0 && sqlite3_get_autocommit(db_) != 0) {
      snapshot_open_ = run("BEGIN", "starting a snapshot").has_value();
    }
  }
  void end_snapshot() override {
    if (--snapshot_depth_ == 0) {
      close_snapshot();
    }
  }
  void close_snapshot() {
    if (snapshot_open_) {
      snapshot_open_ = false;
      (void)run("COMMIT", "ending a snapshot");
    }
  }

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
  bool snapshot_open_ = false;
};

// MSFit writes to every database it opens, and SQLite keeps two files beside it in WAL mode,
// PATH-wal and PATH-shm, made on first use. Given a file it cannot write, SQLite would quietly
// open it read-only: the server would start and then fail every sign-in and write, and the
// -wal and -shm files it made would be read-only too, so the database would stay unusable
// after its own permissions were fixed. A folder it cannot write gave "attempt to write a
// readonly database", naming neither. So this is checked up front, naming the file or folder.
Status check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
    return {};
  }
  // Why `p` cannot be written to, or "" when it can.
  const auto unwritable = [](const std::string& p) -> std::string {
    return ::access(p.c_str(), W_OK) == 0 ? "" : std::strerror(errno);
  };
  const auto cannot = [](const std::string& what) { return fail(ErrorCode::StorageFailure, what); };
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (const std::string why = unwritable(path); !why.empty()) {
      return cannot(fmt::format(
          "cannot write to the database file '{}' ({}); MSFit needs to write to it", path, why));
    }
  }
  const fs::path file(path);
  const std::string folder = file.has_parent_path() ? file.parent_path().string() : ".";
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string beside = path + suffix;
    const bool exists = fs::exists(beside, ec);
    if (const std::string why = unwritable(exists ? beside : folder); !why.empty()) {
      return cannot(exists ? fmt::format("cannot write to '{}' ({}), which SQLite keeps beside the "
                                         "database '{}'",
                                         beside, why, path)
                           : fmt::format("cannot write in the folder '{}' ({}), where SQLite "
                                         "keeps '{}' beside the database '{}'",
                                         folder, why, beside, path));
    }
  }
  return {};
}

// A configured connection to `path` (no migrations).
Result<std::unique_ptr<SqliteStore>> open_connection(const std::string& path) {
  MSFIT_TRY(check_writable(path));
  // Each Store is used by one thread at a time (store.hpp), so connections need no mutex of
  // their own, and SQLite's global memory statistics (one process-wide mutex taken on every
  // allocation) are not needed: both would only make the server's threads wait on each other.
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    auto error = storage_error(db, fmt::format("opening '{}'", path));
    sqlite3_close_v2(db);
    return error;
  }
  if (sqlite3_db_readonly(db, "main") == 1) {  // Whatever else made SQLite fall back.
    sqlite3_close_v2(db);
    return fail(ErrorCode::StorageFailure,
                fmt::format("the database '{}' can only be opened read-only; MSFit needs to write "
                            "to it",
                            path));
  }
  auto store = std::make_unique<SqliteStore>(db);
  // Not an SQLite file at all shows up here, as "file is not a database".
  MSFIT_TRY(store->configure());
  return store;
}

Result<std::unique_ptr<Store>> open_at(const std::string& path, int version) {
  MSFIT_ASSIGN_OR_RETURN(auto store, open_connection(path));
  MSFIT_TRY(store->migrate(version));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

int sqlite_schema_version() {
  return kMigrations.back().version;
}

std::string_view to_string(AuditAction action) {
  switch (action) {
    case AuditAction::Read:
      return "read";
    case AuditAction::Change:
      return "change";
    case AuditAction::Grant:
      return "grant";
    case AuditAction::Revoke:
      return "revoke";
    case AuditAction::Delete:
      return "delete";
  }
  return "read";
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  return open_at(path, sqlite_schema_version());
}

Result<std::unique_ptr<Store>> open_sqlite_store_at_version(const std::string& path, int version) {
  return open_at(path, version);
}

Status restore_sqlite_backup(const std::string& backup_path, const std::string& path) {
  if (!std::filesystem::exists(backup_path)) {
    return fail(ErrorCode::InvalidInput, fmt::format("'{}' does not exist", backup_path), "file");
  }
  {
    sqlite3* src = nullptr;
    if (sqlite3_open_v2(backup_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(src);
      return fail(ErrorCode::InvalidInput, "the backup cannot be opened", "file");
    }
    std::string integrity;
    int version = -1;
    bool has_accounts = false;
    {
      StatementCache cache(src);
      Stmt check(cache, "PRAGMA integrity_check");
      if (check.ok() && check.step() == SQLITE_ROW) {
        integrity = check.text(0);
      }
      Stmt v(cache, "PRAGMA user_version");
      if (v.ok() && v.step() == SQLITE_ROW) {
        version = v.integer(0);
      }
      Stmt t(cache, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'accounts'");
      has_accounts = t.ok() && t.step() == SQLITE_ROW;
    }
    sqlite3_close_v2(src);
    if (integrity != "ok" || !has_accounts) {
      return fail(ErrorCode::InvalidInput, "the backup is not an intact MSFit database", "file");
    }
    if (version > sqlite_schema_version()) {
      return fail(ErrorCode::Conflict, "the backup comes from a newer MSFit", "file");
    }
  }
  // The current database's write-ahead log is folded into it and emptied first: until the
  // rename below, the old database must stay whole with everything it committed, and after
  // it, an old log must hold nothing that SQLite could replay into the restored file. A log
  // that cannot be emptied means the database is in use.
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    sqlite3* current = nullptr;
    int busy = 1;
    if (sqlite3_open_v2(path.c_str(), &current, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(current, kBusyTimeoutMs);
      StatementCache cache(current);
      Stmt checkpoint(cache, "PRAGMA wal_checkpoint(TRUNCATE)");
      if (checkpoint.ok() && checkpoint.step() == SQLITE_ROW) {
        busy = checkpoint.integer(0);
      }
    }
    sqlite3_close_v2(current);
    if (busy != 0) {
      return fail(ErrorCode::Conflict,
                  fmt::format("the database '{}' is in use or unreadable; stop msfit serve and "
                              "try again (nothing was changed)",
                              path));
    }
  }
  // Copy beside the target, then rename over it: the old database stays whole until the new
  // one is complete.
  const std::string tmp = path + ".restoring";
  std::filesystem::copy_file(backup_path, tmp, std::filesystem::copy_options::overwrite_existing,
                             ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return fail(
        ErrorCode::StorageFailure,
        fmt::format("cannot copy the backup into place ({}); nothing was changed", ec.message()));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return fail(ErrorCode::StorageFailure,
                fmt::format("cannot move the restored database into place ({}); nothing was "
                            "changed",
                            ec.message()));
  }
  // Emptied above, so these belong to no database now.
  std::filesystem::remove(path + "-wal", ec);
  std::filesystem::remove(path + "-shm", ec);
  // Opening migrates an older backup to the current schema.
  MSFIT_ASSIGN_OR_RETURN(auto store, open_sqlite_store(path));
  return {};
}

}  // namespace msfit::storage

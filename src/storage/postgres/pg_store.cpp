#include "pg_store.hpp"

#include <algorithm>
#include <map>

#include "storage/stored_rows.hpp"

namespace msfit::storage {

bool is_postgres_url(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string redact_url(std::string_view url) {
  // scheme://user:password@host...: the password goes.
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return std::string(url);
  }
  const auto at = url.find('@', scheme + 3);
  const auto colon = url.find(':', scheme + 3);
  if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) {
    return std::string(url);
  }
  return fmt::format("{}:***{}", url.substr(0, colon), url.substr(at));
}

namespace postgres {

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

Error unavailable(std::string_view what) {
  return Error{ErrorCode::StorageFailure,
               fmt::format("the database cannot be reached ({}); try again shortly", what),
               "",
               {}};
}

}  // namespace

Result<std::unique_ptr<pqxx::connection>> Pool::take() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    if (open_ < size_) {
      break;
    }
    // Every connection is in use: wait for one (a call holds it for one transaction).
    if (cv_.wait_for(lock, std::chrono::seconds(10)) == std::cv_status::timeout && idle_.empty() &&
        open_ >= size_) {
      return tl::unexpected(unavailable("every connection of the pool stayed in use"));
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_) {
    return tl::unexpected(unavailable(fmt::format("connecting to {}", redact_url(url_))));
  }
  ++open_;
  lock.unlock();
  try {
    auto c = std::make_unique<pqxx::connection>(url_);
    lock.lock();
    backoff_ = std::chrono::milliseconds{0};
    return c;
  } catch (const std::exception&) {
    lock.lock();
    --open_;
    backoff_ = std::min(kMaxBackoff, backoff_.count() == 0 ? kFirstBackoff : backoff_ * 2);
    next_attempt_ = std::chrono::steady_clock::now() + backoff_;
    cv_.notify_one();
    return tl::unexpected(unavailable(fmt::format("connecting to {}", redact_url(url_))));
  }
}

void Pool::give_back(std::unique_ptr<pqxx::connection> c, bool healthy) {
  std::lock_guard lock(mutex_);
  if (healthy && c != nullptr && c->is_open()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
    c.reset();
  }
  cv_.notify_one();
}

void Pool::unreachable() {
  std::lock_guard lock(mutex_);
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  backoff_ = std::min(kMaxBackoff, backoff_.count() == 0 ? kFirstBackoff : backoff_ * 2);
  next_attempt_ = std::chrono::steady_clock::now() + backoff_;
  cv_.notify_all();
}

int Pool::retry_after_seconds() {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::max<std::int64_t>(1, (backoff_.count() + 999) / 1000));
}

std::shared_ptr<Pool> pool_for(const std::string& url, int size) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::weak_ptr<Pool>> pools;
  std::lock_guard lock(mutex);
  auto& slot = pools[{url, size}];
  auto pool = slot.lock();
  if (!pool) {
    pool = std::make_shared<Pool>(url, size);
    slot = pool;
  }
  return pool;
}

Date Cells::date(int col) const {
  return rows::date_or_note(text(col), damaged_);
}

core::AccountRole Cells::role(int col) const {
  return rows::role_or_note(text(col), damaged_);
}

std::optional<core::Language> Cells::language(int col) const {
  return is_null(col) ? std::nullopt : rows::language_or_note(text(col), damaged_);
}

core::CognitiveTask Cells::cognitive_task(int col) const {
  return rows::cognitive_task_or_note(text(col), damaged_);
}

tl::unexpected<Error> damaged_row(std::string_view what, const std::string& damage) {
  return fail(ErrorCode::StorageFailure,
              fmt::format("{} failed: the database holds {}; restore a backup", what, damage));
}

PgStore::~PgStore() {
  close_held(false);
}

Error PgStore::error_of(const std::exception& e, std::string_view what, bool& broken, bool& retry) {
  broken = false;
  retry = false;
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    // Lost mid-transaction: whether a commit in flight took effect is unknown, which is safe
    // for writes with a client id (the client sends them again and they are stored once).
    broken = true;
    pool_->unreachable();
    return unavailable(what);
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    if (state == "40001" || state == "40P01") {
      retry = true;
      return Error{ErrorCode::StorageFailure,
                   fmt::format("the database is busy ({}); try again", what),
                   "",
                   {}};
    }
    // A standby not promoted yet (read-only), a server shutting down or starting up, or too
    // many connections: the same as unreachable, and the connection is not kept.
    if (state == "25006" || state.starts_with("57P") || state == "53300" ||
        state.starts_with("08")) {
      broken = true;
      pool_->unreachable();
      return unavailable(what);
    }
    return Error{
        ErrorCode::StorageFailure, fmt::format("database error while {}: {}", what, state), "", {}};
  }
  return Error{ErrorCode::StorageFailure,
               fmt::format("database error while {}: {}", what, e.what()),
               "",
               {}};
}

void PgStore::close_held(bool commit) {
  if (held_tx_ != nullptr) {
    try {
      if (commit && !held_broken_) {
        held_tx_->commit();
      } else {
        held_tx_->abort();
      }
    } catch (const std::exception&) {
      held_broken_ = true;
    }
    held_tx_.reset();
  }
  if (held_conn_ != nullptr) {
    pool_->give_back(std::move(held_conn_), !held_broken_);
  }
  held_broken_ = false;
}

void PgStore::begin_snapshot() {
  ++snapshot_depth_;
}

void PgStore::open_snapshot() {
  auto conn = pool_->take();
  if (!conn) {
    return;
  }
  held_conn_ = std::move(*conn);
  try {
    held_tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
        *held_conn_, "snapshot");
  } catch (const std::exception&) {
    held_broken_ = true;
    close_held(false);
  }
}

void PgStore::end_snapshot() {
  if (snapshot_depth_ > 0 && --snapshot_depth_ == 0 && together_depth_ == 0) {
    close_held(true);
  }
}

Status PgStore::write_together(const std::function<Status()>& writes) {
  if (together_depth_ > 0) {
    return writes();
  }
  if (held_tx_ != nullptr) {
    close_held(true);  // A write ends the snapshot.
  }
  for (int attempt = 1;; ++attempt) {
    auto conn = pool_->take();
    if (!conn) {
      return tl::unexpected(conn.error());
    }
    held_conn_ = std::move(*conn);
    Status result;
    bool retry = false;
    try {
      held_tx_ = std::make_unique<pqxx::work>(*held_conn_, "together");
      ++together_depth_;
      result = writes();
      --together_depth_;
      if (held_broken_) {
        // A call inside lost the connection; its error is the result.
        if (result) {
          result = tl::unexpected(unavailable("writing"));
        }
      } else if (result) {
        held_tx_->commit();
      }
    } catch (const std::exception& e) {
      together_depth_ = 0;
      bool broken = false;
      result = tl::unexpected(error_of(e, "writing", broken, retry));
      held_broken_ = held_broken_ || broken;
    }
    if (!result && held_tx_ != nullptr && !held_broken_) {
      try {
        held_tx_->abort();
      } catch (const std::exception&) {
        held_broken_ = true;
      }
    }
    held_tx_.reset();
    close_held(false);
    // Only a failure of the transaction as a whole (serialization, deadlock) is retried.
    if (result || !retry || attempt >= 5) {
      return result;
    }
  }
}

Status PgStore::backup_to(const std::string&) {
  return fail(ErrorCode::InvalidInput,
              "a PostgreSQL database is backed up with PostgreSQL's own tools (pg_dump, or a base "
              "backup with WAL archiving: docs/SCALING.md)",
              "backup");
}

}  // namespace postgres

namespace {

Result<std::unique_ptr<Store>> open_at(const std::string& url, const PostgresOptions& options,
                                       int version) {
  // The URLs whose schema this process brought up to date: a Store opened later (a new server
  // thread) connects only when it is used, so it opens while the database is away.
  static std::mutex mutex;
  static std::set<std::string> migrated;
  auto store =
      std::make_unique<postgres::PgStore>(postgres::pool_for(url, options.pool_size), options);
  std::lock_guard lock(mutex);
  if (version != postgres_schema_version() || !migrated.contains(url)) {
    MSFIT_TRY(store->migrate(version));
    if (version == postgres_schema_version()) {
      migrated.insert(url);
    }
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const PostgresOptions& options) {
  return open_at(url, options, postgres_schema_version());
}

Result<std::unique_ptr<Store>> open_postgres_replica(const std::string& url,
                                                     const PostgresOptions& options) {
  static std::mutex mutex;
  static std::set<std::string> checked;
  auto store =
      std::make_unique<postgres::PgStore>(postgres::pool_for(url, options.pool_size), options);
  std::lock_guard lock(mutex);
  if (!checked.contains(url)) {
    MSFIT_ASSIGN_OR_RETURN(const int version, store->schema_version());
    if (version != postgres_schema_version()) {
      return invalid("--db-replica",
                     fmt::format("the replica's schema is version {}, this build's {}: is it a "
                                 "replica of the --db database?",
                                 version, postgres_schema_version()));
    }
    checked.insert(url);
  }
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> open_postgres_store_at_version(const std::string& url, int version) {
  return open_at(url, PostgresOptions{}, version);
}

}  // namespace msfit::storage

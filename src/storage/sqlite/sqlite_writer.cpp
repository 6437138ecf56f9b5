#include <sys/stat.h>

#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

Status SqliteStore::Tx::begin() {
  if (s_.together_depth_ > 0) {
    // Inside write_together, which holds the writer and its transaction: a savepoint of it.
    MSFIT_TRY(s_.run("SAVEPOINT tx", "starting a write"));
    nested_ = true;
    writer_ = &s_;
    return {};
  }
  if (sqlite3_get_autocommit(s_.db_) == 0 && !s_.snapshot_open_) {
    // Waiting for the writer here would wait for ourselves.
    return fail(ErrorCode::Internal, "a write transaction inside another");
  }
  s_.close_snapshot();  // A write ends the snapshot (maintenance_store.hpp).
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

// Keeps (or rolls back) this Tx's savepoint, then either leaves the transaction to the
// writers waiting and waits for their commit, or commits the group.
Status SqliteStore::Tx::finish(bool keep) {
  constexpr int kMaxGroup = 64;  // Bounds how long the first of a group waits.
  SqliteStore& w = *std::exchange(writer_, nullptr);
  if (nested_) {
    // The savepoint only: write_together's transaction commits or rolls back the whole.
    nested_ = false;
    Status kept = keep ? s_.run("RELEASE tx", "committing") : Status{};
    if (!keep || !kept) {
      (void)s_.run("ROLLBACK TO tx", "rolling back");
      (void)s_.run("RELEASE tx", "rolling back");
    }
    return kept;
  }
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
    w.failed_.erase(w.failed_.begin(), w.failed_.lower_bound(group_ > 1024 ? group_ - 1024 : 0));
  }
  w.group_open_ = false;
  w.committed_ = group_;
  restore();
  lock_.unlock();
  w.commit_cv_.notify_all();
  return keep ? committed : mine;
}

Status SqliteStore::write_together(const std::function<Status()>& writes) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  struct Depth {
    int& depth;
    explicit Depth(int& d) : depth(++d) {}
    ~Depth() { --depth; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;
  };
  Status done;
  {
    const Depth inside(together_depth_);
    done = writes();
  }
  if (!done) {
    return done;  // The Tx rolls back every write of `writes` as it ends.
  }
  return tx.commit();
}

void SqliteStore::Tx::restore() {
  s_.db_ = s_.own_db_;
  s_.stmts_ = &s_.own_stmts_;
}

// The connection this process writes to the database with, opened on first use and shared
// by every Store of the same file; this Store itself for an in-memory database.
Result<SqliteStore*> SqliteStore::writer() {
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

}  // namespace msfit::storage::sqlite

#include <filesystem>

#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

Status SqliteStore::backup_to(const std::string& path) {
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
}  // namespace msfit::storage::sqlite

namespace msfit::storage {

using sqlite::kBusyTimeoutMs;
using sqlite::StatementCache;
using sqlite::Stmt;

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

#include "sqlite_store.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <unistd.h>

namespace msfit::storage::sqlite {

namespace {

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

Result<std::unique_ptr<Store>> open_at(const std::string& path, int version) {
  MSFIT_ASSIGN_OR_RETURN(auto store, open_connection(path));
  MSFIT_TRY(store->migrate(version));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

Status SqliteStore::exec(std::string_view sql, std::string_view what) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    sqlite3_free(message);
    return storage_error(db_, what);
  }
  return {};
}

// One statement without parameters or rows (BEGIN, COMMIT, ...), from the statement cache.
Status SqliteStore::run(std::string_view sql, std::string_view what) {
  Stmt s(*stmts_, sql);
  if (!s.ok() || s.step() != SQLITE_DONE) {
    return storage_error(db_, what);
  }
  return {};
}

Status SqliteStore::configure() {
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

Status SqliteStore::exec_retrying_busy(std::string_view sql, std::string_view what) {
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

void SqliteStore::begin_snapshot() {
  // A deferred BEGIN: the read lock is taken by the first read and held until the end.
  if (snapshot_depth_++ == 0 && sqlite3_get_autocommit(db_) != 0) {
    snapshot_open_ = run("BEGIN", "starting a snapshot").has_value();
  }
}
void SqliteStore::end_snapshot() {
  if (--snapshot_depth_ == 0) {
    close_snapshot();
  }
}
void SqliteStore::close_snapshot() {
  if (snapshot_open_) {
    snapshot_open_ = false;
    (void)run("COMMIT", "ending a snapshot");
  }
}

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

}  // namespace msfit::storage::sqlite

namespace msfit::storage {

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  return sqlite::open_at(path, sqlite_schema_version());
}

Result<std::unique_ptr<Store>> open_sqlite_store_at_version(const std::string& path, int version) {
  return sqlite::open_at(path, version);
}

}  // namespace msfit::storage

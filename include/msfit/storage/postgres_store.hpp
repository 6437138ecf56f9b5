#pragma once

// The PostgreSQL implementation of Store (docs/SCALING.md), for several `msfit serve`
// instances on one database. The same contract as store.hpp, with these differences:
// - Durability: a write that returns success is committed on the primary, and on a
//   synchronous standby when the cluster has one (synchronous_standby_names).
// - Threads and processes: any number of Store objects in any number of processes may use
//   the database at once; each takes a connection from its process's pool for the length of a
//   call, a snapshot or write_together.
// - A database that cannot be reached is ErrorCode::Unavailable (503 with Retry-After at the
//   HTTP edge); the pool tries again after a growing back-off.
// No database headers leak from here.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/result.hpp"

namespace msfit::storage {

class Store;
class ThrottleStore;

struct PostgresOptions {
  // Connections each process keeps open to the database at most (shared by its Stores).
  int pool_size = 8;
};

// Whether `db` names a PostgreSQL database (postgresql:// or postgres://) rather than a file.
[[nodiscard]] bool is_postgres_url(std::string_view db);

// Connects to the database at `url` (a libpq URL: several hosts with
// target_session_attrs=read-write find the primary) and brings its schema up to date, once per
// process. Conflict when the database comes from a newer MSFit; Unavailable when it cannot be
// reached.
[[nodiscard]] Result<std::unique_ptr<Store>> open_postgres_store(
    const std::string& url, const PostgresOptions& options = {});

// A streaming replica (a hot standby) of a database opened with open_postgres_store, for reads
// that may be slightly stale: its schema is read, never migrated (InvalidInput when it is not
// this build's). Writes through it fail.
[[nodiscard]] Result<std::unique_ptr<Store>> open_postgres_replica(
    const std::string& url, const PostgresOptions& options = {});

// The sign-in throttle's counts in the database at `url` (throttle_store.hpp), on their own
// connections of the process's pool. The schema must be up to date (open_postgres_store).
[[nodiscard]] std::unique_ptr<ThrottleStore> open_postgres_throttles(
    const std::string& url, const PostgresOptions& options = {});

// Connects and applies migrations up to `version` only (for upgrade tests).
[[nodiscard]] Result<std::unique_ptr<Store>> open_postgres_store_at_version(const std::string& url,
                                                                            int version);

// The schema version this build writes (the same numbered history as SQLite's).
[[nodiscard]] int postgres_schema_version();

// What copy_sqlite_to_postgres copied and checked, table by table.
struct TableCopy {
  std::string table;
  std::int64_t rows = 0;
  std::string checksum;  // SHA-256 of the table's rows in key order, the same on both sides.
};

// Copies the SQLite database at `sqlite_path` into the PostgreSQL database at `url` and checks
// the copy: the same row count and checksum per table on both sides. The PostgreSQL database
// must be empty of MSFit data (Conflict otherwise); both are brought to this build's schema
// first. All or nothing: a copy that fails its check is rolled back.
[[nodiscard]] Result<std::vector<TableCopy>> copy_sqlite_to_postgres(const std::string& sqlite_path,
                                                                     const std::string& url);

// A URL with any password replaced by "***", for messages and logs.
[[nodiscard]] std::string redact_url(std::string_view url);

}  // namespace msfit::storage

#pragma once

// Persistence for MSFit: accounts, versioned profiles, stored plans and the training log.
// Each concern has a small interface of its own (account_store.hpp, sharing_store.hpp,
// study_store.hpp, audit_store.hpp, profile_store.hpp, training_log_store.hpp,
// measure_store.hpp, cognitive_store.hpp, maintenance_store.hpp); a use case can depend on the one
// it needs. Store is all of them at once, as a database gives them. open_store() gives the embedded
// SQLite implementation for a file and the PostgreSQL one for a postgresql:// URL
// (postgres_store.hpp, which says how its contract differs); memory_store.hpp gives one in
// memory for tests. No database headers leak from here.
//
// Durability: a call that returns success has been committed durably (WAL with synchronous
// FULL in SQLite): it survives a kill -9 or a power loss. Writes carry a client-generated id;
// a retried write with the same id is stored once and reported as AlreadyStored.
//
// Threads: one Store object may be used from one thread at a time; several Store objects
// (threads or processes) may use the same database, and their writes are serialised by it.

#include <memory>
#include <string>

#include "msfit/core/result.hpp"
#include "msfit/storage/account_store.hpp"
#include "msfit/storage/audit_store.hpp"
#include "msfit/storage/cognitive_store.hpp"
#include "msfit/storage/logged.hpp"
#include "msfit/storage/maintenance_store.hpp"
#include "msfit/storage/measure_store.hpp"
#include "msfit/storage/postgres_store.hpp"
#include "msfit/storage/profile_store.hpp"
#include "msfit/storage/sharing_store.hpp"
#include "msfit/storage/study_store.hpp"
#include "msfit/storage/training_log_store.hpp"

namespace msfit::storage {

class Store : public AccountStore,
              public SharingStore,
              public StudyStore,
              public AuditStore,
              public ProfileStore,
              public TrainingLogStore,
              public MeasureStore,
              public CognitiveStore,
              public MaintenanceStore {
 public:
  ~Store() override = default;
};

// A PostgreSQL database for a postgresql:// or postgres:// URL (open_postgres_store), else the
// SQLite file at `db` (open_sqlite_store).
[[nodiscard]] Result<std::unique_ptr<Store>> open_store(const std::string& db,
                                                        const PostgresOptions& options = {});

// Opens (creating if needed) the SQLite database at `path`, or ":memory:", and brings its
// schema up to date. Fails with Conflict when the database comes from a newer MSFit, and with
// StorageFailure when it cannot be opened or is not an MSFit database.
[[nodiscard]] Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

// Opens the database and applies migrations up to `version` only (for upgrade tests).
[[nodiscard]] Result<std::unique_ptr<Store>> open_sqlite_store_at_version(const std::string& path,
                                                                          int version);

// The schema version this build writes.
[[nodiscard]] int sqlite_schema_version();

// Replaces the database at `path` with the backup at `backup_path`, after checking that the
// backup is an intact MSFit database no newer than this build. Not while a server uses it.
[[nodiscard]] Status restore_sqlite_backup(const std::string& backup_path, const std::string& path);

}  // namespace msfit::storage

#pragma once

// The database the storage, app and API tests run on: SQLite (or the in-memory store) by
// default, and PostgreSQL when MSFIT_TEST_DB=postgres (tests/CMakeLists.txt runs those suites a
// second time so). On PostgreSQL, one throwaway cluster serves the whole test process and every
// call gives a new database, copied from one migrated once.

#include <memory>
#include <string>

#include "msfit/storage/store.hpp"

namespace msfit::testing {

// MSFIT_TEST_DB=postgres.
[[nodiscard]] bool on_postgres();

// A new PostgreSQL database on the process's cluster, migrated; its URL. Throws when
// PostgreSQL cannot be started.
[[nodiscard]] std::string fresh_postgres_database();

// `sqlite` (a file path or ":memory:") by default; a new PostgreSQL database's URL on
// PostgreSQL.
[[nodiscard]] std::string test_database(const std::string& sqlite);

// The in-memory store by default; a store on a new PostgreSQL database on PostgreSQL.
[[nodiscard]] std::unique_ptr<storage::Store> open_test_store();

}  // namespace msfit::testing

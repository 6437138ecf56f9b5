#include <array>

#include "pg_store.hpp"

namespace msfit::storage {

// The migrations, embedded at build time (cmake/EmbedData.cmake): the same numbers as
// SQLite's, in PostgreSQL's dialect.
std::string_view pg_sql_0001_initial();
std::string_view pg_sql_0002_plan_events();
std::string_view pg_sql_0003_measures();
std::string_view pg_sql_0004_auth();
std::string_view pg_sql_0005_sharing();
std::string_view pg_sql_0006_plan_bodies();
std::string_view pg_sql_0007_clearances_and_items();
std::string_view pg_sql_0008_account_language();
std::string_view pg_sql_0009_set_corrections();
std::string_view pg_sql_0010_swap_scope();
std::string_view pg_sql_0011_sign_in_throttles();
std::string_view pg_sql_0012_cognitive();

namespace {

struct Migration {
  int version;
  std::string_view (*sql)();
};
constexpr std::array kMigrations = {Migration{1, &pg_sql_0001_initial},
                                    Migration{2, &pg_sql_0002_plan_events},
                                    Migration{3, &pg_sql_0003_measures},
                                    Migration{4, &pg_sql_0004_auth},
                                    Migration{5, &pg_sql_0005_sharing},
                                    Migration{6, &pg_sql_0006_plan_bodies},
                                    Migration{7, &pg_sql_0007_clearances_and_items},
                                    Migration{8, &pg_sql_0008_account_language},
                                    Migration{9, &pg_sql_0009_set_corrections},
                                    Migration{10, &pg_sql_0010_swap_scope},
                                    Migration{11, &pg_sql_0011_sign_in_throttles},
                                    Migration{12, &pg_sql_0012_cognitive}};

// The key of the advisory lock migrations hold: instances starting together migrate once.
constexpr std::int64_t kMigrationLock = 0x6d73666974;  // "msfit"

}  // namespace

int postgres_schema_version() {
  return kMigrations.back().version;
}

namespace postgres {

Result<int> PgStore::schema_version() {
  return read("reading the schema version", [](Tx& tx) -> Result<int> {
    const auto exists = tx.exec("SELECT to_regclass('msfit_schema') IS NOT NULL");
    if (!exists[0][0].as<bool>()) {
      return 0;
    }
    const auto r = tx.exec("SELECT version FROM msfit_schema");
    return r.empty() ? 0 : r[0][0].as<int>();
  });
}

Status PgStore::migrate(int target) {
  // All of it in one transaction: PostgreSQL's DDL is transactional, so a migration that fails
  // leaves the database as it was.
  return write("migrating the database", [&](Tx& tx) -> Status {
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    tx.exec("CREATE TABLE IF NOT EXISTS msfit_schema (version INTEGER NOT NULL)");
    auto r = tx.exec("SELECT version FROM msfit_schema");
    if (r.empty()) {
      tx.exec("INSERT INTO msfit_schema (version) VALUES (0)");
    }
    const int current = r.empty() ? 0 : r[0][0].as<int>();
    if (current > postgres_schema_version()) {
      return fail(ErrorCode::Conflict,
                  fmt::format("the database was written by a newer MSFit (schema version {}; this "
                              "build knows up to {}); upgrade MSFit",
                              current, postgres_schema_version()),
                  "db");
    }
    for (const Migration& m : kMigrations) {
      if (m.version > current && m.version <= target) {
        tx.exec(std::string(m.sql()));
        tx.exec_params("UPDATE msfit_schema SET version = $1", m.version);
      }
    }
    return {};
  });
}

}  // namespace postgres
}  // namespace msfit::storage

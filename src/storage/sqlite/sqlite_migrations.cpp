#include <array>

#include "sqlite_store.hpp"

namespace msfit::storage {

// The migrations, embedded at build time (cmake/EmbedData.cmake).
std::string_view sql_0001_initial();
std::string_view sql_0002_plan_events();
std::string_view sql_0003_measures();
std::string_view sql_0004_auth();
std::string_view sql_0005_sharing();
std::string_view sql_0006_plan_bodies();
std::string_view sql_0007_clearances_and_items();
std::string_view sql_0008_account_language();
std::string_view sql_0009_set_corrections();
std::string_view sql_0010_swap_scope();
std::string_view sql_0011_sign_in_throttles();
std::string_view sql_0012_cognitive();

namespace sqlite {

namespace {

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
                                    Migration{7, &sql_0007_clearances_and_items},
                                    Migration{8, &sql_0008_account_language},
                                    Migration{9, &sql_0009_set_corrections},
                                    Migration{10, &sql_0010_swap_scope},
                                    Migration{11, &sql_0011_sign_in_throttles},
                                    Migration{12, &sql_0012_cognitive}};

}  // namespace

Result<int> SqliteStore::user_version() {
  Stmt s(*stmts_, "PRAGMA user_version");
  if (!s.ok() || s.step() != SQLITE_ROW) {
    return storage_error(db_, "reading the schema version");
  }
  return s.integer(0);
}

Status SqliteStore::migrate(int target) {
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
  schema_version_ = current;
  return {};
}

}  // namespace sqlite

int sqlite_schema_version() {
  return sqlite::kMigrations.back().version;
}

}  // namespace msfit::storage

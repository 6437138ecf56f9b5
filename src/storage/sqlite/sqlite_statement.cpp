#include "sqlite_statement.hpp"

namespace msfit::storage::sqlite {

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

// What a query found damaged in the rows it read, as a storage failure.
tl::unexpected<Error> damaged_row(std::string_view what, const std::string& damage) {
  return fail(ErrorCode::StorageFailure,
              fmt::format("{} failed: the database holds {}; restore a backup", what, damage));
}

}  // namespace msfit::storage::sqlite

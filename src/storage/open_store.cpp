#include "msfit/storage/store.hpp"

namespace msfit::storage {

Result<std::unique_ptr<Store>> open_store(const std::string& db, const PostgresOptions& options) {
  if (is_postgres_url(db)) {
    return open_postgres_store(db, options);
  }
  return open_sqlite_store(db);
}

}  // namespace msfit::storage

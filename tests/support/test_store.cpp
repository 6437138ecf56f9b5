#include "test_store.hpp"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "msfit/storage/memory_store.hpp"

#include "pg_cluster.hpp"

namespace msfit::testing {

bool on_postgres() {
  const char* db = std::getenv("MSFIT_TEST_DB");
  return db != nullptr && std::string_view(db) == "postgres";
}

std::string fresh_postgres_database() {
  static std::mutex mutex;
  static std::unique_ptr<PgCluster> cluster;
  static std::atomic<int> next{0};
  std::lock_guard lock(mutex);
  if (!cluster) {
    if (!PgCluster::available()) {
      throw std::runtime_error("MSFIT_TEST_DB=postgres, but PostgreSQL is not installed");
    }
    cluster = std::make_unique<PgCluster>(PgCluster::Options::no_fsync());
    cluster->create_database("test_template");
    // Migrated once; its Store (and the pool's connections) must be gone before a copy.
    auto migrated = storage::open_postgres_store(cluster->url("test_template"));
    if (!migrated) {
      throw std::runtime_error(migrated.error().message + "\n" + cluster->log());
    }
  }
  const std::string name = "test_" + std::to_string(next++);
  (void)cluster->psql("CREATE DATABASE " + name + " TEMPLATE test_template");
  return cluster->url(name);
}

std::string test_database(const std::string& sqlite) {
  return on_postgres() ? fresh_postgres_database() : sqlite;
}

std::unique_ptr<storage::Store> open_test_store() {
  if (!on_postgres()) {
    return storage::open_memory_store();
  }
  auto store = storage::open_postgres_store(fresh_postgres_database());
  if (!store) {
    throw std::runtime_error(store.error().message);
  }
  return std::move(*store);
}

}  // namespace msfit::testing

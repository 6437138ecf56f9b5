#pragma once

// Backups and read snapshots: what concerns the database as a whole rather than one kind of
// record. The contract of every storage interface (durability, idempotency, threads) is in
// store.hpp.

#include <functional>
#include <string>
#include <utility>

#include "msfit/core/result.hpp"

namespace msfit::storage {

class MaintenanceStore {
 public:
  virtual ~MaintenanceStore() = default;

  // An online, consistent copy of the whole database at `path` (overwritten).
  [[nodiscard]] virtual Status backup_to(const std::string& path) = 0;

  // Runs `writes` (calls on this Store) as one transaction: their writes are kept together
  // when it returns success, and none of them when it returns an error. Reads inside see the
  // writes made so far. Other writers wait until it ends, so keep it short.
  [[nodiscard]] virtual Status write_together(const std::function<Status()>& writes) = 0;

  // While a Snapshot lives, this Store's reads see one state of the database: the reads of
  // one request agree with each other, and cost one read lock instead of one per statement.
  // Snapshots nest (the outermost one counts). A write inside one ends it: the write and
  // the reads after it see the database as it is then.
  class Snapshot {
   public:
    explicit Snapshot(MaintenanceStore& store) : store_(&store) { store_->begin_snapshot(); }
    ~Snapshot() {
      if (store_ != nullptr) {
        store_->end_snapshot();
      }
    }
    Snapshot(Snapshot&& other) noexcept : store_(std::exchange(other.store_, nullptr)) {}
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    Snapshot& operator=(Snapshot&&) = delete;

   private:
    MaintenanceStore* store_;
  };

 private:
  // Best effort: a snapshot that cannot be taken leaves each read on its own.
  virtual void begin_snapshot() = 0;
  virtual void end_snapshot() = 0;
};

}  // namespace msfit::storage

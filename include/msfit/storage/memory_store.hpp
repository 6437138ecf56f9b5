#pragma once

// A Store held in memory, for tests of the layers above storage: the same contract as the
// SQLite store (store.hpp and the interface headers) with nothing written to disk. Ids count
// from 1 for each kind of record, timestamps are ISO-8601 UTC with milliseconds as SQLite writes
// them, and the errors carry the same codes and, where a caller may show them, the same messages.
//
// Durability: none; everything goes with the object. backup_to() fails with Internal.
// Threads: one mutex guards every call, so one object may be shared by several threads.

#include <memory>

#include "msfit/storage/store.hpp"

namespace msfit::storage {

// An empty store.
[[nodiscard]] std::unique_ptr<Store> open_memory_store();

}  // namespace msfit::storage

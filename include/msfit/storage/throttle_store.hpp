#pragma once

// Counts of the sign-in throttle (app::SignInGuard) kept in the database, so that every server
// instance on it throttles one flood together. Only the PostgreSQL store has it
// (open_postgres_throttles); a server on a SQLite file is alone and counts in memory.

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "msfit/core/result.hpp"

namespace msfit::storage {

struct ThrottleState {
  int failures = 0;
  int in_flight = 0;
  std::int64_t next_allowed_ms = 0;  // Milliseconds since the epoch.
  std::int64_t last_seen_ms = 0;
};

class ThrottleStore {
 public:
  virtual ~ThrottleStore() = default;

  // Reads the states of `keys` (a key never seen reads as ThrottleState{}), lets `update`
  // change them and stores them, as one step for every process on the database: two
  // instances updating one key take turns. Thread-safe.
  [[nodiscard]] virtual Status update_throttles(
      std::span<const std::string> keys,
      const std::function<void(std::span<ThrottleState>)>& update) = 0;

  // Forgets the keys not seen since `before_ms` with no attempt under way; the number.
  [[nodiscard]] virtual Result<int> forget_throttles(std::int64_t before_ms) = 0;
};

}  // namespace msfit::storage

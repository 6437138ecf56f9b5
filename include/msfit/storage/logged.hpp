#pragma once

// What the write methods of every storage interface share: the client's id for a write, and
// whether a write was new or a retry.

#include <string>

namespace msfit::storage {

// A value and the id its client gave it, for idempotent writes: a retried write with the same
// id (per account) is stored once and reported as AlreadyStored.
template <typename T>
struct Logged {
  std::string client_id;
  T value;
};

enum class WriteResult { Stored, AlreadyStored };

}  // namespace msfit::storage

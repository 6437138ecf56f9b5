#pragma once

// The audit trail: who read or changed whose data. The contract of every storage interface
// (durability, idempotency, threads) is in store.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/result.hpp"

namespace msfit::storage {

enum class AuditAction { Read, Change, Grant, Revoke, Delete };

[[nodiscard]] std::string_view to_string(AuditAction action);

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::optional<core::AccountId> actor;  // Empty once the actor's account is deleted.
  std::string actor_name;
  std::string actor_role;
  std::optional<core::AccountId> subject;
  AuditAction action = AuditAction::Read;
  std::string resource;  // The route, e.g. "GET /api/v1/people/{id}/history".
  // What changed, where the entry says more than the route: "set s1: reps 8 -> 10"; or empty.
  std::string detail;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  [[nodiscard]] virtual Status audit(const AuditEntry& entry) = 0;
  // Several entries in one transaction (one commit): all or none.
  [[nodiscard]] virtual Status audit_all(const std::vector<AuditEntry>& entries) = 0;
  // Newest first, at most `limit`; every subject when `subject` is empty.
  [[nodiscard]] virtual Result<std::vector<AuditEntry>> audit_log(
      std::optional<core::AccountId> subject, int limit) = 0;
};

}  // namespace msfit::storage

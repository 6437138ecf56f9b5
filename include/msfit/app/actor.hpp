#pragma once

// Who does something, and through what, as the audit log records it.

#include <optional>
#include <string>

#include "msfit/core/account.hpp"
#include "msfit/storage/audit_store.hpp"

namespace msfit::app {

struct Actor {
  core::Account account;
  // What the access went through, as the audit log names it: the route template
  // ("GET /api/v1/patients/{id}/history") or the command.
  std::string via;
};

// The audit entry for `actor` doing `action` on the data of `subject` (none: no one's).
[[nodiscard]] inline storage::AuditEntry audit_entry(const Actor& actor,
                                                     storage::AuditAction action,
                                                     std::optional<core::AccountId> subject) {
  storage::AuditEntry e;
  e.actor = actor.account.id;
  e.actor_name = actor.account.name;
  e.actor_role = std::string(core::to_string(actor.account.role));
  e.subject = subject;
  e.action = action;
  e.resource = actor.via;
  return e;
}

}  // namespace msfit::app

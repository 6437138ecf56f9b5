#include "msfit/storage/audit_store.hpp"

namespace msfit::storage {

std::string_view to_string(AuditAction action) {
  switch (action) {
    case AuditAction::Read:
      return "read";
    case AuditAction::Change:
      return "change";
    case AuditAction::Grant:
      return "grant";
    case AuditAction::Revoke:
      return "revoke";
    case AuditAction::Delete:
      return "delete";
  }
  return "read";
}

}  // namespace msfit::storage

#include "msfit/app/admin.hpp"

#include <fmt/format.h>

namespace msfit::app {

Admin::Admin(storage::AccountStore& accounts, storage::AuditStore& audit)
    : accounts_(accounts), audit_(audit) {}

Result<std::vector<core::Account>> Admin::accounts() {
  return accounts_.list_accounts();
}

Result<core::Account> Admin::set_role(const Actor& admin, core::AccountId id,
                                      core::AccountRole role) {
  if (id == admin.account.id) {
    return fail(ErrorCode::Conflict, "administrators cannot change their own role", "id");
  }
  MSFIT_TRY(accounts_.set_role(id, role));
  MSFIT_ASSIGN_OR_RETURN(core::Account account, accounts_.account_by_id(id));
  MSFIT_TRY(audit_.audit(audit_entry(admin, storage::AuditAction::Change, id)));
  return account;
}

Status Admin::delete_account(const Actor& admin, core::AccountId id) {
  if (id == admin.account.id) {
    return fail(ErrorCode::Conflict, "delete your own account with DELETE /api/v1/me", "id");
  }
  MSFIT_TRY(accounts_.delete_account(id));
  // The entries about the account went with it; this one keeps only its number.
  storage::AuditEntry e = audit_entry(admin, storage::AuditAction::Delete, std::nullopt);
  e.resource = fmt::format("{} (account {})", admin.via, id);
  return audit_.audit(e);
}

Result<std::vector<storage::AuditEntry>> Admin::audit_log(int limit) {
  return audit_.audit_log(std::nullopt, limit);
}

}  // namespace msfit::app

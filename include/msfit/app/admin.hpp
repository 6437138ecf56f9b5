#pragma once

// Use cases of administration: the accounts and their roles, deleting an account, the whole
// audit log. An administrator sees accounts, never clinical data, and cannot change their own
// role or delete their own account here (so an administrator cannot lock themselves out by
// mistake). Every change is in the audit log.

#include <string_view>
#include <vector>

#include "msfit/app/actor.hpp"
#include "msfit/core/account.hpp"
#include "msfit/core/result.hpp"
#include "msfit/storage/account_store.hpp"
#include "msfit/storage/audit_store.hpp"

namespace msfit::app {

class Admin {
 public:
  // The stores must outlive this object.
  Admin(storage::AccountStore& accounts, storage::AuditStore& audit);

  // Every account, oldest first.
  [[nodiscard]] Result<std::vector<core::Account>> accounts();

  // Gives account `id` a role; the account as it now is. Conflict naming "id" for the
  // administrator's own account; NotFound when there is no such account.
  [[nodiscard]] Result<core::Account> set_role(const Actor& admin, core::AccountId id,
                                               core::AccountRole role);

  // Deletes account `id` and everything of it; the audit entry keeps only its number. Conflict
  // naming "id" for the administrator's own account; NotFound when there is no such account.
  [[nodiscard]] Status delete_account(const Actor& admin, core::AccountId id);

  // The audit log about everyone, newest first, at most `limit`.
  [[nodiscard]] Result<std::vector<storage::AuditEntry>> audit_log(int limit);

 private:
  storage::AccountStore& accounts_;
  storage::AuditStore& audit_;
};

}  // namespace msfit::app

#pragma once

// Accounts, their credentials and sign-in sessions. The contract of every storage interface
// (durability, idempotency, threads) is stated in store.hpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/result.hpp"

namespace msfit::storage {

using AccountId = core::AccountId;
using Account = core::Account;

struct Credentials {
  Account account;
  std::string password_hash;  // Empty when the account has no password (CLI-only accounts).
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // The account with this name, created (role Person) if it does not exist.
  [[nodiscard]] virtual Result<Account> ensure_account(std::string_view name) = 0;
  // NotFound when there is no such account.
  [[nodiscard]] virtual Result<Account> find_account(std::string_view name) = 0;

  // Creates an account with a password hash; Conflict when the name is taken.
  [[nodiscard]] virtual Result<Account> create_account(std::string_view name,
                                                       core::AccountRole role,
                                                       std::string_view password_hash) = 0;
  // NotFound when there is no such account.
  [[nodiscard]] virtual Result<Credentials> credentials(std::string_view name) = 0;
  // Sign-in sessions, by the hash of their token; expiry as ISO-8601 UTC.
  [[nodiscard]] virtual Status create_auth_session(AccountId account, std::string_view token_hash,
                                                   std::string_view expires_at) = 0;
  // The account of an unexpired session (`now` as ISO-8601 UTC); NotFound otherwise.
  [[nodiscard]] virtual Result<Account> auth_session(std::string_view token_hash,
                                                     std::string_view now) = 0;
  [[nodiscard]] virtual Status delete_auth_session(std::string_view token_hash) = 0;
  // Every session of the account but the one with `keep_token_hash` (empty: all of them):
  // "sign out everywhere".
  [[nodiscard]] virtual Status delete_auth_sessions(AccountId account,
                                                    std::string_view keep_token_hash) = 0;
  // NotFound when there is no such account.
  [[nodiscard]] virtual Status set_password_hash(AccountId account,
                                                 std::string_view password_hash) = 0;
  // Removes sign-in sessions and invites that expired by `now` (ISO-8601 UTC); the number.
  [[nodiscard]] virtual Result<int> purge_expired(std::string_view now) = 0;

  // NotFound when there is no such account.
  [[nodiscard]] virtual Result<Account> account_by_id(AccountId id) = 0;
  // Oldest (lowest id) first.
  [[nodiscard]] virtual Result<std::vector<Account>> list_accounts() = 0;
  // NotFound when there is no such account.
  [[nodiscard]] virtual Status set_role(AccountId account, core::AccountRole role) = 0;
  // The account's language; none: decided by each request. NotFound when there is no such
  // account.
  [[nodiscard]] virtual Status set_language(AccountId account,
                                            std::optional<core::Language> language) = 0;
  // Removes the account and everything of it: profiles, plans, the log, measures, sessions,
  // links, study memberships and the audit entries about it. NotFound when there is none.
  [[nodiscard]] virtual Status delete_account(AccountId account) = 0;
};

}  // namespace msfit::storage

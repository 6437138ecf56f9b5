#pragma once

// Use cases of accounts and sign-in: sign-up, sign-in under the SignInGuard's throttle, the
// sessions a sign-in opens, sign-out, password change, account deletion, and a person's view
// of the audit log about them. Passwords and tokens are kept as hashes (passwords.hpp).

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/app/clock.hpp"
#include "msfit/app/sign_in_guard.hpp"
#include "msfit/core/account.hpp"
#include "msfit/core/result.hpp"
#include "msfit/storage/account_store.hpp"
#include "msfit/storage/audit_store.hpp"

namespace msfit::app {

// How long a sign-in lasts.
inline constexpr std::chrono::hours kSessionLifetime{24 * 14};

// A signed-in caller, found by the token they sent.
struct Session {
  core::Account account;
  std::string token_hash;  // The session as stored.
  std::string csrf_token;  // What requests signed in by cookie must send back.
};

// What a password check decided. Unknown names, accounts without a password and wrong
// passwords all come out as Wrong, after the same time.
struct PasswordCheck {
  enum class Outcome { Right, Wrong, HeldBack };
  Outcome outcome = Outcome::Wrong;
  std::chrono::seconds retry_after{0};  // When HeldBack: when to try again.

  [[nodiscard]] bool right() const { return outcome == Outcome::Right; }
};

// A sign-in: the check, and when it passed, the new session.
struct SignIn {
  PasswordCheck check;
  core::Account account;
  std::string token;  // Given out once; only its hash is stored.
  std::string csrf_token;
  std::string expires_at;  // ISO-8601 UTC.
};

class Accounts {
 public:
  // The stores and `guard` must outlive this object. `clock` says when sessions expire.
  Accounts(storage::AccountStore& accounts, storage::AuditStore& audit, SignInGuard& guard,
           Clock clock = Clock());

  // Creates an account with a password, in any role (the operator's command line; an
  // administrator). InvalidInput naming "name" (see core::normalize_account_name) or
  // "password" (too short); Conflict when the name is taken.
  [[nodiscard]] Result<core::Account> create(std::string_view name, std::string_view password,
                                             core::AccountRole role);

  // Sign-up by anyone: as create(), but only as a person, clinician or researcher (InvalidInput
  // naming "role" for an administrator). A clinician or researcher sees nothing until a person
  // hands them a code.
  [[nodiscard]] Result<core::Account> sign_up(std::string_view name, std::string_view password,
                                              core::AccountRole role);

  // Checks the password of `name` for a client at `address` and, when right, opens a session
  // of kSessionLifetime. Expired sessions and invites are removed now and then, here.
  // StorageFailure when the store cannot be read.
  [[nodiscard]] Result<SignIn> sign_in(std::string_view name, std::string_view password,
                                       std::string_view address);

  // The session of `token`; NotFound when it is unknown or has expired.
  [[nodiscard]] Result<Session> authenticate(std::string_view token);

  // True when `sent` is the session's CSRF token (compared in constant time).
  [[nodiscard]] static bool csrf_matches(const Session& session, std::string_view sent);

  // Ends this session.
  [[nodiscard]] Status sign_out(const Session& session);

  // Ends every session of the account, this one included.
  [[nodiscard]] Status sign_out_everywhere(const Session& session);

  // Deletes the account and everything of it, once the password is given again (so a stolen
  // session cannot); the attempts count with sign-in failures. The check says whether it
  // passed; nothing is deleted otherwise.
  [[nodiscard]] Result<PasswordCheck> delete_account(const Session& session,
                                                     std::string_view password,
                                                     std::string_view address);

  // Sets a new password (InvalidInput naming "new_password" when too short) once the current
  // one is given; every other session ends, so whoever else knew the old password is signed
  // out.
  [[nodiscard]] Result<PasswordCheck> change_password(const Session& session,
                                                      std::string_view current,
                                                      std::string_view next,
                                                      std::string_view address);

  // Sets the language the account reads the app in; the account as it now is.
  [[nodiscard]] Result<core::Account> set_language(const Session& session, core::Language language);

  // Who read or changed the account's data, newest first, at most `limit`.
  [[nodiscard]] Result<std::vector<storage::AuditEntry>> audit_about(const core::Account& account,
                                                                     int limit);

 private:
  // Checks `password` against the hash of the account `typed_name` names, under the guard.
  // The credentials are returned when it was right.
  struct Checked {
    PasswordCheck check;
    storage::Credentials credentials;
  };
  Result<Checked> check_password(std::string_view typed_name, std::string_view password,
                                 std::string_view address);

  storage::AccountStore& accounts_;
  storage::AuditStore& audit_;
  SignInGuard& guard_;
  Clock clock_;
};

// A time as ISO-8601 UTC to the second ("2027-03-01T12:00:00Z"), as sessions and invites
// store their expiry.
[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point t);

}  // namespace msfit::app

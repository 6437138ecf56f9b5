#include "msfit/app/accounts.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <utility>

#include "msfit/app/passwords.hpp"

namespace msfit::app {

namespace {

// The guard's key for a typed name: its canonical form, or (for text that cannot be a name)
// the text lower-cased, so that variants of one made-up name share a count.
std::string guard_key(std::string_view typed) {
  if (auto name = core::normalize_account_name(typed)) {
    return *name;
  }
  std::string key(typed);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return key;
}

std::string csrf_token_of(std::string_view token) {
  return secret_hash("csrf:" + std::string(token));
}

}  // namespace

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

Accounts::Accounts(storage::AccountStore& accounts, storage::AuditStore& audit, SignInGuard& guard,
                   Clock clock)
    : accounts_(accounts), audit_(audit), guard_(guard), clock_(clock) {}

Result<core::Account> Accounts::create(std::string_view name, std::string_view password,
                                       core::AccountRole role) {
  MSFIT_ASSIGN_OR_RETURN(const std::string canonical, core::normalize_account_name(name));
  MSFIT_TRY(check_new_password(password, "password"));
  MSFIT_ASSIGN_OR_RETURN(const std::string hash, hash_password(password));
  return accounts_.create_account(canonical, role, hash);
}

Result<core::Account> Accounts::sign_up(std::string_view name, std::string_view password,
                                        core::AccountRole role) {
  MSFIT_ASSIGN_OR_RETURN(const std::string canonical, core::normalize_account_name(name));
  MSFIT_TRY(check_new_password(password, "password"));
  // Administrators are made by an administrator (or with `msfit account create`).
  if (role == core::AccountRole::Admin) {
    return invalid("role", "must be person, clinician or researcher");
  }
  MSFIT_ASSIGN_OR_RETURN(const std::string hash, hash_password(password));
  return accounts_.create_account(canonical, role, hash);
}

Result<Accounts::Checked> Accounts::check_password(std::string_view typed_name,
                                                   std::string_view password,
                                                   std::string_view address) {
  Checked out;
  const std::string key = guard_key(typed_name);
  const SignInGuard::Ticket ticket = guard_.begin(key, address, clock_.now());
  if (!ticket.allowed) {
    out.check = {PasswordCheck::Outcome::HeldBack, ticket.retry_after};
    return out;
  }
  auto creds = accounts_.credentials(key);
  if (!creds && creds.error().code != ErrorCode::NotFound) {
    guard_.cancel(ticket);
    return tl::unexpected(creds.error());
  }
  // Unknown names and accounts without a password are checked against a dummy hash, so that
  // they take the same time and give the same answer as a wrong password.
  const bool known = creds && !creds->password_hash.empty();
  const bool right =
      verify_password(known ? creds->password_hash : dummy_password_hash(), password) && known;
  guard_.finish(ticket, right, clock_.now());
  if (right) {
    out.check.outcome = PasswordCheck::Outcome::Right;
    out.credentials = std::move(*creds);
  }
  return out;
}

Result<SignIn> Accounts::sign_in(std::string_view name, std::string_view password,
                                 std::string_view address) {
  MSFIT_ASSIGN_OR_RETURN(Checked checked, check_password(name, password, address));
  SignIn out;
  out.check = checked.check;
  if (!out.check.right()) {
    return out;
  }
  out.account = std::move(checked.credentials.account);
  // Now and then, on a successful sign-in: sessions and invites that expired are removed.
  (void)accounts_.purge_expired(iso_utc(clock_.now()));
  out.token = random_hex(32);
  out.csrf_token = csrf_token_of(out.token);
  out.expires_at = iso_utc(clock_.now() + kSessionLifetime);
  MSFIT_TRY(accounts_.create_auth_session(out.account.id, secret_hash(out.token), out.expires_at));
  return out;
}

Result<Session> Accounts::authenticate(std::string_view token) {
  Session s;
  s.token_hash = secret_hash(token);
  MSFIT_ASSIGN_OR_RETURN(s.account, accounts_.auth_session(s.token_hash, iso_utc(clock_.now())));
  s.csrf_token = csrf_token_of(token);
  return s;
}

bool Accounts::csrf_matches(const Session& session, std::string_view sent) {
  return same_secret(sent, session.csrf_token);
}

Status Accounts::sign_out(const Session& session) {
  return accounts_.delete_auth_session(session.token_hash);
}

Status Accounts::sign_out_everywhere(const Session& session) {
  return accounts_.delete_auth_sessions(session.account.id, {});
}

Result<PasswordCheck> Accounts::delete_account(const Session& session, std::string_view password,
                                               std::string_view address) {
  MSFIT_ASSIGN_OR_RETURN(const Checked checked,
                         check_password(session.account.name, password, address));
  if (checked.check.right()) {
    MSFIT_TRY(accounts_.delete_account(session.account.id));
  }
  return checked.check;
}

Result<PasswordCheck> Accounts::change_password(const Session& session, std::string_view current,
                                                std::string_view next, std::string_view address) {
  MSFIT_TRY(check_new_password(next, "new_password"));
  MSFIT_ASSIGN_OR_RETURN(const Checked checked,
                         check_password(session.account.name, current, address));
  if (!checked.check.right()) {
    return checked.check;
  }
  MSFIT_ASSIGN_OR_RETURN(const std::string hash, hash_password(next));
  MSFIT_TRY(accounts_.set_password_hash(session.account.id, hash));
  // This session goes on.
  MSFIT_TRY(accounts_.delete_auth_sessions(session.account.id, session.token_hash));
  return checked.check;
}

Result<core::Account> Accounts::set_language(const Session& session, core::Language language) {
  MSFIT_TRY(accounts_.set_language(session.account.id, language));
  return accounts_.account_by_id(session.account.id);
}

Result<std::vector<storage::AuditEntry>> Accounts::audit_about(const core::Account& account,
                                                               int limit) {
  return audit_.audit_log(account.id, limit);
}

}  // namespace msfit::app

#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

Result<Account> SqliteStore::ensure_account(std::string_view name) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_, "INSERT INTO accounts (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
  if (!insert.ok() || insert.bind(1, name).step() != SQLITE_DONE) {
    return storage_error(db_, "creating the account");
  }
  MSFIT_TRY(tx.commit());
  return find_account(name);
}

Result<Account> SqliteStore::find_account(std::string_view name) {
  // Accounts have a language from schema version 8; an older database (opened at its version
  // by the upgrade tests) reads none.
  Stmt s(*stmts_, schema_version_ >= 8
                      ? "SELECT id, name, role, language FROM accounts WHERE name = ?"
                      : "SELECT id, name, role, NULL FROM accounts WHERE name = ?");
  if (!s.ok()) {
    return storage_error(db_, "finding the account");
  }
  const int rc = s.bind(1, name).step();
  if (rc == SQLITE_DONE) {
    return fail(ErrorCode::NotFound, fmt::format("no account named '{}'", name), "account");
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "finding the account");
  }
  Account account{s.int64(0), s.text(1), s.role(2), s.language(3)};
  if (!s.damaged().empty()) {
    return damaged_row("finding the account", s.damaged());
  }
  return account;
}

Result<Account> SqliteStore::create_account(std::string_view name, core::AccountRole role,
                                            std::string_view password_hash) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_, "INSERT INTO accounts (name, role, password_hash) VALUES (?, ?, ?)");
  if (!insert.ok()) {
    return storage_error(db_, "creating the account");
  }
  const int rc = insert.bind(1, name).bind(2, core::to_string(role)).bind(3, password_hash).step();
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return fail(ErrorCode::Conflict, "that name is taken", "name");
  }
  if (rc != SQLITE_DONE) {
    return storage_error(db_, "creating the account");
  }
  MSFIT_TRY(tx.commit());
  return find_account(name);
}

Result<Credentials> SqliteStore::credentials(std::string_view name) {
  Stmt s(
      *stmts_,
      "SELECT id, name, role, COALESCE(password_hash, ''), language FROM accounts WHERE name = ?");
  if (!s.ok()) {
    return storage_error(db_, "reading credentials");
  }
  const int rc = s.bind(1, name).step();
  if (rc == SQLITE_DONE) {
    return fail(ErrorCode::NotFound, "no such account", "name");
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "reading credentials");
  }
  Credentials found{Account{s.int64(0), s.text(1), s.role(2), s.language(4)}, s.text(3)};
  if (!s.damaged().empty()) {
    return damaged_row("reading credentials", s.damaged());
  }
  return found;
}

Status SqliteStore::create_auth_session(AccountId account, std::string_view token_hash,
                                        std::string_view expires_at) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO auth_sessions (token_hash, account_id, expires_at) VALUES (?, ?, ?)");
  if (!insert.ok() ||
      insert.bind(1, token_hash).bind(2, account).bind(3, expires_at).step() != SQLITE_DONE) {
    return storage_error(db_, "creating the session");
  }
  return tx.commit();
}

Result<Account> SqliteStore::auth_session(std::string_view token_hash, std::string_view now) {
  Stmt s(*stmts_,
         "SELECT a.id, a.name, a.role, a.language FROM auth_sessions s JOIN accounts a ON a.id = "
         "s.account_id WHERE s.token_hash = ? AND s.expires_at > ?");
  if (!s.ok()) {
    return storage_error(db_, "reading the session");
  }
  const int rc = s.bind(1, token_hash).bind(2, now).step();
  if (rc == SQLITE_DONE) {
    return fail(ErrorCode::NotFound, "no such session", "token");
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "reading the session");
  }
  Account account{s.int64(0), s.text(1), s.role(2), s.language(3)};
  if (!s.damaged().empty()) {
    return damaged_row("reading the session", s.damaged());
  }
  return account;
}

Status SqliteStore::delete_auth_session(std::string_view token_hash) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt del(*stmts_, "DELETE FROM auth_sessions WHERE token_hash = ?");
  if (!del.ok() || del.bind(1, token_hash).step() != SQLITE_DONE) {
    return storage_error(db_, "signing out");
  }
  return tx.commit();
}

Status SqliteStore::delete_auth_sessions(AccountId account, std::string_view keep_token_hash) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt del(*stmts_, "DELETE FROM auth_sessions WHERE account_id = ? AND token_hash IS NOT ?");
  if (!del.ok() || del.bind(1, account).bind(2, keep_token_hash).step() != SQLITE_DONE) {
    return storage_error(db_, "signing out everywhere");
  }
  return tx.commit();
}

Status SqliteStore::set_password_hash(AccountId account, std::string_view password_hash) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt set(*stmts_, "UPDATE accounts SET password_hash = ? WHERE id = ?");
  if (!set.ok() || set.bind(1, password_hash).bind(2, account).step() != SQLITE_DONE) {
    return storage_error(db_, "changing the password");
  }
  if (sqlite3_changes(db_) == 0) {
    return fail(ErrorCode::NotFound, "no such account", "id");
  }
  return tx.commit();
}

Result<int> SqliteStore::purge_expired(std::string_view now) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  int removed = 0;
  for (const char* sql : {"DELETE FROM auth_sessions WHERE expires_at <= ?",
                          "DELETE FROM invites WHERE expires_at <= ?"}) {
    Stmt del(*stmts_, sql);
    if (!del.ok() || del.bind(1, now).step() != SQLITE_DONE) {
      return storage_error(db_, "removing expired sessions and invites");
    }
    removed += sqlite3_changes(db_);
  }
  MSFIT_TRY(tx.commit());
  return removed;
}

Result<Account> SqliteStore::account_by_id(AccountId id) {
  std::optional<Account> found;
  MSFIT_TRY(for_each_row(
      "SELECT id, name, role, language FROM accounts WHERE id = ?", "finding the account",
      [&](Stmt& s) { s.bind(1, id); },
      [&](const Stmt& s) {
        found = Account{s.int64(0), s.text(1), s.role(2), s.language(3)};
      }));
  if (!found) {
    return fail(ErrorCode::NotFound, "no such account", "id");
  }
  return *found;
}

Result<std::vector<Account>> SqliteStore::list_accounts() {
  std::vector<Account> out;
  MSFIT_TRY(for_each_row(
      "SELECT id, name, role, language FROM accounts ORDER BY id", "listing accounts", [](Stmt&) {},
      [&](const Stmt& s) {
        out.push_back(Account{s.int64(0), s.text(1), s.role(2), s.language(3)});
      }));
  return out;
}

Status SqliteStore::set_language(AccountId account, std::optional<core::Language> language) {
  const std::optional<std::string_view> stored =
      language ? std::optional(core::to_string(*language)) : std::nullopt;
  MSFIT_ASSIGN_OR_RETURN(
      const Written written,
      write_one("UPDATE accounts SET language = ? WHERE id = ?", "changing the language",
                [&](Stmt& s) { s.bind(1, stored).bind(2, account); }));
  if (written.changed == 0) {
    return fail(ErrorCode::NotFound, "no such account", "id");
  }
  return {};
}

Status SqliteStore::set_role(AccountId account, core::AccountRole role) {
  MSFIT_ASSIGN_OR_RETURN(
      const Written written,
      write_one("UPDATE accounts SET role = ? WHERE id = ?", "changing the role",
                [&](Stmt& s) { s.bind(1, core::to_string(role)).bind(2, account); }));
  if (written.changed == 0) {
    return fail(ErrorCode::NotFound, "no such account", "id");
  }
  return {};
}

Status SqliteStore::delete_account(AccountId account) {
  // Foreign keys cascade from accounts to everything of the account. Plans reference
  // profiles without a cascade, so they go first, in the same transaction.
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  for (const char* sql :
       {"DELETE FROM plans WHERE account_id = ?", "DELETE FROM studies WHERE researcher_id = ?",
        "DELETE FROM accounts WHERE id = ?"}) {
    Stmt s(*stmts_, sql);
    if (!s.ok() || s.bind(1, account).step() != SQLITE_DONE) {
      return storage_error(db_, "deleting the account");
    }
  }
  if (sqlite3_changes(db_) == 0) {
    return fail(ErrorCode::NotFound, "no such account", "id");
  }
  return tx.commit();
}

}  // namespace msfit::storage::sqlite

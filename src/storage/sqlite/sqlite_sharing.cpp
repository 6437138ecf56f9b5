#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

Status SqliteStore::create_invite(AccountId person, std::string_view code_hash,
                                  std::string_view expires_at) {
  return write_one("INSERT INTO invites (code_hash, person_id, expires_at) VALUES (?, ?, ?)",
                   "creating the invite",
                   [&](Stmt& s) { s.bind(1, code_hash).bind(2, person).bind(3, expires_at); })
      .map([](Written) {});
}

Result<CareLink> SqliteStore::redeem_invite(std::string_view code_hash, AccountId clinician,
                                            std::string_view now) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  std::optional<AccountId> person;
  MSFIT_TRY(for_each_row(
      "SELECT person_id FROM invites WHERE code_hash = ? AND expires_at > ?", "reading the invite",
      [&](Stmt& s) { s.bind(1, code_hash).bind(2, now); },
      [&](const Stmt& s) { person = s.int64(0); }));
  if (!person) {
    return fail(ErrorCode::NotFound, "the code is unknown, used or expired", "code");
  }
  if (*person == clinician) {
    return fail(ErrorCode::InvalidInput, "this is your own invite code", "code");
  }
  Stmt used(*stmts_, "DELETE FROM invites WHERE code_hash = ?");
  Stmt insert(*stmts_,
              "INSERT INTO care_links (person_id, clinician_id) VALUES (?, ?) "
              "ON CONFLICT DO NOTHING");
  if (!used.ok() || !insert.ok() || used.bind(1, code_hash).step() != SQLITE_DONE ||
      insert.bind(1, *person).bind(2, clinician).step() != SQLITE_DONE) {
    return storage_error(db_, "linking the clinician");
  }
  MSFIT_TRY(tx.commit());
  MSFIT_ASSIGN_OR_RETURN(auto links, care_links(clinician));
  for (auto& link : links) {
    if (link.person.id == *person) {
      return std::move(link);
    }
  }
  return fail(ErrorCode::StorageFailure, "the link was not stored");
}

Result<bool> SqliteStore::has_care_link(AccountId person, AccountId clinician) {
  bool found = false;
  MSFIT_TRY(for_each_row(
      "SELECT 1 FROM care_links WHERE person_id = ? AND clinician_id = ?", "reading links",
      [&](Stmt& s) { s.bind(1, person).bind(2, clinician); }, [&](const Stmt&) { found = true; }));
  return found;
}

Result<std::vector<CareLink>> SqliteStore::care_links(AccountId account) {
  std::vector<CareLink> out;
  MSFIT_TRY(for_each_row(
      "SELECT p.id, p.name, p.role, c.id, c.name, c.role, l.granted_at FROM care_links l "
      "JOIN accounts p ON p.id = l.person_id JOIN accounts c ON c.id = l.clinician_id "
      "WHERE l.person_id = ?1 OR l.clinician_id = ?1 ORDER BY p.name, c.name",
      "reading links", [&](Stmt& s) { s.bind(1, account); },
      [&](const Stmt& s) {
        out.push_back(CareLink{Account{s.int64(0), s.text(1), s.role(2)},
                               Account{s.int64(3), s.text(4), s.role(5)}, s.text(6)});
      }));
  return out;
}

Status SqliteStore::revoke_care_link(AccountId person, AccountId clinician) {
  MSFIT_ASSIGN_OR_RETURN(
      const Written written,
      write_one("DELETE FROM care_links WHERE person_id = ? AND "
                "clinician_id = ?",
                "revoking access", [&](Stmt& s) { s.bind(1, person).bind(2, clinician); }));
  if (written.changed == 0) {
    return fail(ErrorCode::NotFound, "that clinician has no access", "clinician");
  }
  return {};
}

Status SqliteStore::add_adjustment(AccountId person, const Adjustment& a) {
  // Adjustments keep their request's client id from schema version 10; an older database
  // (opened at its version by the upgrade tests) keeps none.
  return write_one(schema_version_ >= 10
                       ? "INSERT INTO plan_adjustments (account_id, by_id, by_name, by_role, kind, "
                         "summary, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                       : "INSERT INTO plan_adjustments (account_id, by_id, by_name, by_role, kind, "
                         "summary) VALUES (?, ?, ?, ?, ?, ?)",
                   "recording the adjustment",
                   [&](Stmt& s) {
                     s.bind(1, person)
                         .bind(2, a.by)
                         .bind(3, a.by_name)
                         .bind(4, a.by_role)
                         .bind(5, a.kind)
                         .bind(6, a.summary);
                     if (schema_version_ >= 10) {
                       s.bind(7, a.client_id.empty() ? std::nullopt : std::optional(a.client_id));
                     }
                   })
      .map([](Written) {});
}

Result<std::vector<Adjustment>> SqliteStore::adjustments(AccountId person) {
  std::vector<Adjustment> out;
  MSFIT_TRY(for_each_row(
      schema_version_ >= 10
          ? "SELECT id, by_id, by_name, by_role, kind, summary, created_at, client_id FROM "
            "plan_adjustments WHERE account_id = ? ORDER BY id DESC"
          : "SELECT id, by_id, by_name, by_role, kind, summary, created_at, NULL FROM "
            "plan_adjustments WHERE account_id = ? ORDER BY id DESC",
      "reading adjustments", [&](Stmt& s) { s.bind(1, person); },
      [&](const Stmt& s) {
        out.push_back(Adjustment{
            s.int64(0), s.is_null(1) ? std::nullopt : std::optional(s.int64(1)), s.text(2),
            s.text(3), s.text(4), s.text(5), s.text(6), s.is_null(7) ? std::string() : s.text(7)});
      }));
  return out;
}

}  // namespace msfit::storage::sqlite

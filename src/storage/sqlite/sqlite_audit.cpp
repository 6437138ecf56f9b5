#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

namespace {

// Audit entries say what changed from schema version 9; an older database (opened at its
// version by the upgrade tests) keeps the route only.
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (actor_id, actor_name, actor_role, subject_id, action, resource, "
    "detail) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertBefore9 =
    "INSERT INTO audit_log (actor_id, actor_name, actor_role, subject_id, action, resource) "
    "VALUES (?, ?, ?, ?, ?, ?)";

}  // namespace

void SqliteStore::bind_audit(Stmt& s, const AuditEntry& e) const {
  s.bind(1, e.actor)
      .bind(2, e.actor_name)
      .bind(3, e.actor_role)
      .bind(4, e.subject)
      .bind(5, to_string(e.action))
      .bind(6, e.resource);
  if (schema_version_ >= 9) {
    s.bind(7, e.detail);
  }
}

Status SqliteStore::audit(const AuditEntry& e) {
  return write_one(schema_version_ >= 9 ? kInsert : kInsertBefore9, "writing the audit log",
                   [&](Stmt& s) { bind_audit(s, e); })
      .map([](Written) {});
}

Status SqliteStore::audit_all(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) {
    return {};
  }
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  for (const AuditEntry& e : entries) {
    Stmt s(*stmts_, schema_version_ >= 9 ? kInsert : kInsertBefore9);
    if (!s.ok()) {
      return storage_error(db_, "writing the audit log");
    }
    bind_audit(s, e);
    if (s.step() != SQLITE_DONE) {
      return storage_error(db_, "writing the audit log");
    }
  }
  return tx.commit();
}

Result<std::vector<AuditEntry>> SqliteStore::audit_log(std::optional<AccountId> subject,
                                                       int limit) {
  std::vector<AuditEntry> out;
  MSFIT_TRY(for_each_row(
      schema_version_ >= 9
          ? "SELECT id, at, actor_id, actor_name, actor_role, subject_id, action, resource, "
            "detail FROM audit_log WHERE ?1 IS NULL OR subject_id = ?1 ORDER BY id DESC LIMIT ?2"
          : "SELECT id, at, actor_id, actor_name, actor_role, subject_id, action, resource, '' "
            "FROM audit_log WHERE ?1 IS NULL OR subject_id = ?1 ORDER BY id DESC LIMIT ?2",
      "reading the audit log", [&](Stmt& s) { s.bind(1, subject).bind(2, limit); },
      [&](const Stmt& s) {
        AuditEntry e;
        e.id = s.int64(0);
        e.at = s.text(1);
        e.actor = s.is_null(2) ? std::nullopt : std::optional(s.int64(2));
        e.actor_name = s.text(3);
        e.actor_role = s.text(4);
        e.subject = s.is_null(5) ? std::nullopt : std::optional(s.int64(5));
        const std::string action = s.text(6);
        for (auto a : {AuditAction::Read, AuditAction::Change, AuditAction::Grant,
                       AuditAction::Revoke, AuditAction::Delete}) {
          if (to_string(a) == action) {
            e.action = a;
          }
        }
        e.resource = s.text(7);
        e.detail = s.text(8);
        out.push_back(std::move(e));
      }));
  return out;
}

}  // namespace msfit::storage::sqlite

#include "sqlite_store.hpp"

namespace msfit::storage::sqlite {

Result<ProfileVersion> SqliteStore::save_profile(AccountId account, std::string_view body) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO profiles (account_id, version, body) VALUES (?1, "
              "(SELECT COALESCE(MAX(version), 0) + 1 FROM profiles WHERE account_id = ?1), ?2)");
  if (!insert.ok() || insert.bind(1, account).bind(2, body).step() != SQLITE_DONE) {
    return storage_error(db_, "saving the profile");
  }
  // Read back inside the transaction: another writer cannot slip a version in between.
  MSFIT_ASSIGN_OR_RETURN(ProfileVersion saved,
                         profile_by_id(account, sqlite3_last_insert_rowid(db_)));
  MSFIT_TRY(tx.commit());
  return saved;
}

Result<std::optional<ProfileVersion>> SqliteStore::latest_profile(AccountId account) {
  Stmt s(*stmts_,
         "SELECT id, version, body, created_at FROM profiles WHERE account_id = ? "
         "ORDER BY version DESC LIMIT 1");
  if (!s.ok()) {
    return storage_error(db_, "reading the profile");
  }
  const int rc = s.bind(1, account).step();
  if (rc == SQLITE_DONE) {
    return std::optional<ProfileVersion>();
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "reading the profile");
  }
  return std::optional<ProfileVersion>(
      ProfileVersion{s.int64(0), s.integer(1), s.text(2), s.text(3)});
}

Result<ProfileVersion> SqliteStore::profile_by_id(AccountId account, std::int64_t profile_id) {
  Stmt s(*stmts_,
         "SELECT id, version, body, created_at FROM profiles WHERE account_id = ? AND id = ?");
  if (!s.ok()) {
    return storage_error(db_, "reading the profile");
  }
  const int rc = s.bind(1, account).bind(2, profile_id).step();
  if (rc == SQLITE_DONE) {
    return fail(ErrorCode::NotFound, "no such profile", "profile");
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "reading the profile");
  }
  return ProfileVersion{s.int64(0), s.integer(1), s.text(2), s.text(3)};
}

Result<StoredPlan> SqliteStore::save_plan(AccountId account, const NewPlan& plan) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO plans (account_id, profile_id, engine_version, start_date, weeks) "
              "VALUES (?, ?, ?, ?, ?)");
  if (!insert.ok() || insert.bind(1, account)
                              .bind(2, plan.profile_id)
                              .bind(3, plan.engine_version)
                              .bind(4, plan.start_date)
                              .bind(5, plan.weeks)
                              .step() != SQLITE_DONE) {
    return storage_error(db_, "saving the plan");
  }
  const std::int64_t plan_id = sqlite3_last_insert_rowid(db_);
  Stmt body(*stmts_, "INSERT INTO plan_bodies (plan_id, body) VALUES (?, ?)");
  if (!body.ok() || body.bind(1, plan_id).bind(2, plan.body).step() != SQLITE_DONE) {
    return storage_error(db_, "saving the plan");
  }
  Stmt session(*stmts_,
               "INSERT INTO planned_sessions (plan_id, date, week, kind, minutes) "
               "VALUES (?, ?, ?, ?, ?)");
  if (!session.ok()) {
    return storage_error(db_, "saving planned sessions");
  }
  for (const auto& s : plan.sessions) {
    session.reset();
    if (session.bind(1, plan_id)
            .bind(2, s.date)
            .bind(3, s.week)
            .bind(4, s.kind)
            .bind(5, s.minutes)
            .step() != SQLITE_DONE) {
      return storage_error(db_, "saving planned sessions");
    }
  }
  MSFIT_ASSIGN_OR_RETURN(StoredPlan saved, plan_by_id(plan_id));
  MSFIT_TRY(tx.commit());
  return saved;
}

Result<StoredPlan> SqliteStore::plan_by_id(std::int64_t plan_id) {
  MSFIT_ASSIGN_OR_RETURN(auto plan, read_plan("p.id = ?", plan_id));
  if (!plan) {
    return fail(ErrorCode::Internal, "the saved plan could not be read back");
  }
  return std::move(*plan);
}

Result<std::optional<StoredPlan>> SqliteStore::latest_plan(AccountId account) {
  return read_plan("p.account_id = ?", account);
}

Result<std::optional<StoredPlan>> SqliteStore::latest_plan_summary(AccountId account) {
  return read_plan("p.account_id = ?", account, /*with_body=*/false);
}

Result<std::optional<StoredPlan>> SqliteStore::read_plan(std::string_view where, std::int64_t key,
                                                         bool with_body) {
  // The body is in plan_bodies (schema 6), read only when asked for.
  Stmt s(*stmts_, fmt::format("SELECT p.id, p.profile_id, pr.version, p.engine_version, "
                              "p.start_date, p.weeks, {}, p.created_at FROM plans p "
                              "JOIN profiles pr ON pr.id = p.profile_id {} WHERE {} "
                              "ORDER BY p.id DESC LIMIT 1",
                              with_body ? "b.body" : "''",
                              with_body ? "JOIN plan_bodies b ON b.plan_id = p.id" : "", where));
  if (!s.ok()) {
    return storage_error(db_, "reading the plan");
  }
  const int rc = s.bind(1, key).step();
  if (rc == SQLITE_DONE) {
    return std::optional<StoredPlan>();
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "reading the plan");
  }
  StoredPlan plan{s.int64(0), s.int64(1),   s.integer(2), s.text(3),
                  s.date(4),  s.integer(5), s.text(6),    s.text(7)};
  if (!s.damaged().empty()) {
    return damaged_row("reading the plan", s.damaged());
  }
  return std::optional<StoredPlan>(std::move(plan));
}

}  // namespace msfit::storage::sqlite

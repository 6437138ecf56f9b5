// Accounts, sign-in sessions, sharing, studies and the audit log on PostgreSQL. Text is ordered
// with COLLATE "C" (byte order), as SQLite orders it, whatever the database's own collation.

#include <algorithm>
#include <mutex>

#include "msfit/storage/throttle_store.hpp"

#include "pg_store.hpp"

namespace msfit::storage::postgres {

namespace {

constexpr const char* kAccountColumns = "SELECT id, name, role, language FROM accounts ";

Account account_of(const Cells& c, int first = 0) {
  return Account{c.int64(first), c.text(first + 1), c.role(first + 2), c.language(first + 3)};
}

// The one account a query found: NotFound (`field`) when none.
Result<Account> one_account(const pqxx::result& r, std::string_view what, std::string message,
                            std::string field) {
  if (r.empty()) {
    return fail(ErrorCode::NotFound, std::move(message), std::move(field));
  }
  const Cells c(r[0]);
  Account found = account_of(c);
  if (!c.damaged().empty()) {
    return damaged_row(what, c.damaged());
  }
  return found;
}

Status changed_one(const pqxx::result& r, std::string message, std::string field) {
  if (r.affected_rows() == 0) {
    return fail(ErrorCode::NotFound, std::move(message), std::move(field));
  }
  return {};
}

constexpr std::string_view kStudyColumns =
    "SELECT s.id, s.researcher_id, s.title, s.created_at, (SELECT count(*) FROM "
    "study_members m WHERE m.study_id = s.id) FROM studies s ";

Study study_of(const Cells& c) {
  return Study{c.int64(0), c.int64(1), c.text(2), c.text(3), c.integer(4)};
}

}  // namespace

// --- accounts ---------------------------------------------------------------------------------

Result<Account> PgStore::ensure_account(std::string_view name) {
  return write("creating the account", [&](Tx& tx) -> Result<Account> {
    exec(tx, "INSERT INTO accounts (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
         std::string(name));
    return one_account(
        exec(tx, std::string(kAccountColumns) + "WHERE name = $1", std::string(name)),
        "creating the account", fmt::format("no account named '{}'", name), "account");
  });
}

Result<Account> PgStore::find_account(std::string_view name) {
  return read("finding the account", [&](Tx& tx) {
    return one_account(
        exec(tx, std::string(kAccountColumns) + "WHERE name = $1", std::string(name)),
        "finding the account", fmt::format("no account named '{}'", name), "account");
  });
}

Result<Account> PgStore::create_account(std::string_view name, core::AccountRole role,
                                        std::string_view password_hash) {
  return write("creating the account", [&](Tx& tx) -> Result<Account> {
    const auto r =
        exec(tx,
             "INSERT INTO accounts (name, role, password_hash) VALUES ($1, $2, $3) "
             "ON CONFLICT (name) DO NOTHING RETURNING id, name, role, language",
             std::string(name), std::string(core::to_string(role)), std::string(password_hash));
    if (r.empty()) {
      return fail(ErrorCode::Conflict, "that name is taken", "name");
    }
    return one_account(r, "creating the account", "no such account", "name");
  });
}

Result<Credentials> PgStore::credentials(std::string_view name) {
  return read("reading credentials", [&](Tx& tx) -> Result<Credentials> {
    const auto r =
        exec(tx,
             "SELECT id, name, role, language, COALESCE(password_hash, '') FROM accounts "
             "WHERE name = $1",
             std::string(name));
    if (r.empty()) {
      return fail(ErrorCode::NotFound, "no such account", "name");
    }
    const Cells c(r[0]);
    Credentials found{account_of(c), c.text(4)};
    if (!c.damaged().empty()) {
      return damaged_row("reading credentials", c.damaged());
    }
    return found;
  });
}

Status PgStore::create_auth_session(AccountId account, std::string_view token_hash,
                                    std::string_view expires_at) {
  return write("creating the session", [&](Tx& tx) -> Status {
    exec(tx, "INSERT INTO auth_sessions (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
         std::string(token_hash), account, std::string(expires_at));
    return {};
  });
}

Result<Account> PgStore::auth_session(std::string_view token_hash, std::string_view now) {
  return read("reading the session", [&](Tx& tx) {
    return one_account(
        exec(tx,
             "SELECT a.id, a.name, a.role, a.language FROM auth_sessions s JOIN accounts "
             "a ON a.id = s.account_id WHERE s.token_hash = $1 AND s.expires_at > $2",
             std::string(token_hash), std::string(now)),
        "reading the session", "no such session", "token");
  });
}

Status PgStore::delete_auth_session(std::string_view token_hash) {
  return write("signing out", [&](Tx& tx) -> Status {
    exec(tx, "DELETE FROM auth_sessions WHERE token_hash = $1", std::string(token_hash));
    return {};
  });
}

Status PgStore::delete_auth_sessions(AccountId account, std::string_view keep_token_hash) {
  return write("signing out everywhere", [&](Tx& tx) -> Status {
    exec(tx, "DELETE FROM auth_sessions WHERE account_id = $1 AND token_hash IS DISTINCT FROM $2",
         account, std::string(keep_token_hash));
    return {};
  });
}

Status PgStore::set_password_hash(AccountId account, std::string_view password_hash) {
  return write("changing the password", [&](Tx& tx) {
    return changed_one(exec(tx, "UPDATE accounts SET password_hash = $1 WHERE id = $2",
                            std::string(password_hash), account),
                       "no such account", "id");
  });
}

Result<int> PgStore::purge_expired(std::string_view now) {
  return write("removing expired sessions and invites", [&](Tx& tx) -> Result<int> {
    int removed = 0;
    for (const char* sql : {"DELETE FROM auth_sessions WHERE expires_at <= $1",
                            "DELETE FROM invites WHERE expires_at <= $1"}) {
      removed += static_cast<int>(exec(tx, sql, std::string(now)).affected_rows());
    }
    return removed;
  });
}

Result<Account> PgStore::account_by_id(AccountId id) {
  return read("finding the account", [&](Tx& tx) {
    return one_account(exec(tx, std::string(kAccountColumns) + "WHERE id = $1", id),
                       "finding the account", "no such account", "id");
  });
}

Result<std::vector<Account>> PgStore::list_accounts() {
  return read("listing accounts", [&](Tx& tx) -> Result<std::vector<Account>> {
    std::vector<Account> out;
    for (const auto& row : exec(tx, std::string(kAccountColumns) + "ORDER BY id")) {
      const Cells c(row);
      out.push_back(account_of(c));
      if (!c.damaged().empty()) {
        return damaged_row("listing accounts", c.damaged());
      }
    }
    return out;
  });
}

Status PgStore::set_role(AccountId account, core::AccountRole role) {
  return write("changing the role", [&](Tx& tx) {
    return changed_one(exec(tx, "UPDATE accounts SET role = $1 WHERE id = $2",
                            std::string(core::to_string(role)), account),
                       "no such account", "id");
  });
}

Status PgStore::set_language(AccountId account, std::optional<core::Language> language) {
  const std::optional<std::string> stored =
      language ? std::optional(std::string(core::to_string(*language))) : std::nullopt;
  return write("changing the language", [&](Tx& tx) {
    return changed_one(exec(tx, "UPDATE accounts SET language = $1 WHERE id = $2", stored, account),
                       "no such account", "id");
  });
}

Status PgStore::delete_account(AccountId account) {
  // Foreign keys cascade from accounts to everything of the account. Plans reference profiles
  // without a cascade, so they go first, in the same transaction.
  return write("deleting the account", [&](Tx& tx) {
    exec(tx, "DELETE FROM plans WHERE account_id = $1", account);
    exec(tx, "DELETE FROM studies WHERE researcher_id = $1", account);
    return changed_one(exec(tx, "DELETE FROM accounts WHERE id = $1", account), "no such account",
                       "id");
  });
}

// --- sharing ----------------------------------------------------------------------------------

Status PgStore::create_invite(AccountId person, std::string_view code_hash,
                              std::string_view expires_at) {
  return write("creating the invite", [&](Tx& tx) -> Status {
    exec(tx, "INSERT INTO invites (code_hash, person_id, expires_at) VALUES ($1, $2, $3)",
         std::string(code_hash), person, std::string(expires_at));
    return {};
  });
}

Result<CareLink> PgStore::redeem_invite(std::string_view code_hash, AccountId clinician,
                                        std::string_view now) {
  // The invite is taken with FOR UPDATE: of two clinicians redeeming one code at once through
  // two instances, one links and the other finds it used.
  MSFIT_ASSIGN_OR_RETURN(
      const AccountId person, write("linking the clinician", [&](Tx& tx) -> Result<AccountId> {
        const auto r = exec(
            tx, "SELECT person_id FROM invites WHERE code_hash = $1 AND expires_at > $2 FOR UPDATE",
            std::string(code_hash), std::string(now));
        if (r.empty()) {
          return fail(ErrorCode::NotFound, "the code is unknown, used or expired", "code");
        }
        const AccountId found = r[0][0].as<AccountId>();
        if (found == clinician) {
          return fail(ErrorCode::InvalidInput, "this is your own invite code", "code");
        }
        exec(tx, "DELETE FROM invites WHERE code_hash = $1", std::string(code_hash));
        exec(tx,
             "INSERT INTO care_links (person_id, clinician_id) VALUES ($1, $2) "
             "ON CONFLICT DO NOTHING",
             found, clinician);
        return found;
      }));
  MSFIT_ASSIGN_OR_RETURN(auto links, care_links(clinician));
  for (auto& link : links) {
    if (link.person.id == person) {
      return std::move(link);
    }
  }
  return fail(ErrorCode::StorageFailure, "the link was not stored");
}

Result<bool> PgStore::has_care_link(AccountId person, AccountId clinician) {
  return read("reading links", [&](Tx& tx) -> Result<bool> {
    return !exec(tx, "SELECT 1 FROM care_links WHERE person_id = $1 AND clinician_id = $2", person,
                 clinician)
                .empty();
  });
}

Result<std::vector<CareLink>> PgStore::care_links(AccountId account) {
  return read("reading links", [&](Tx& tx) -> Result<std::vector<CareLink>> {
    std::vector<CareLink> out;
    for (const auto& row :
         exec(tx,
              "SELECT p.id, p.name, p.role, c.id, c.name, c.role, l.granted_at FROM care_links l "
              "JOIN accounts p ON p.id = l.person_id JOIN accounts c ON c.id = l.clinician_id "
              "WHERE l.person_id = $1 OR l.clinician_id = $1 "
              "ORDER BY p.name COLLATE \"C\", c.name COLLATE \"C\"",
              account)) {
      const Cells c(row);
      out.push_back(CareLink{Account{c.int64(0), c.text(1), c.role(2)},
                             Account{c.int64(3), c.text(4), c.role(5)}, c.text(6)});
      if (!c.damaged().empty()) {
        return damaged_row("reading links", c.damaged());
      }
    }
    return out;
  });
}

Status PgStore::revoke_care_link(AccountId person, AccountId clinician) {
  return write("revoking access", [&](Tx& tx) {
    return changed_one(exec(tx, "DELETE FROM care_links WHERE person_id = $1 AND clinician_id = $2",
                            person, clinician),
                       "that clinician has no access", "clinician");
  });
}

Status PgStore::add_adjustment(AccountId person, const Adjustment& a) {
  return write("recording the adjustment", [&](Tx& tx) -> Status {
    exec(tx,
         "INSERT INTO plan_adjustments (account_id, by_id, by_name, by_role, kind, summary, "
         "client_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
         person, a.by, a.by_name, a.by_role, a.kind, a.summary,
         a.client_id.empty() ? std::nullopt : std::optional(a.client_id));
    return {};
  });
}

Result<std::vector<Adjustment>> PgStore::adjustments(AccountId person) {
  return read("reading adjustments", [&](Tx& tx) -> Result<std::vector<Adjustment>> {
    std::vector<Adjustment> out;
    for (const auto& row :
         exec(tx,
              "SELECT id, by_id, by_name, by_role, kind, summary, created_at, client_id FROM "
              "plan_adjustments WHERE account_id = $1 ORDER BY id DESC",
              person)) {
      const Cells c(row);
      out.push_back(Adjustment{c.int64(0), c.is_null(1) ? std::nullopt : std::optional(c.int64(1)),
                               c.text(2), c.text(3), c.text(4), c.text(5), c.text(6), c.text(7)});
    }
    return out;
  });
}

// --- studies ----------------------------------------------------------------------------------

Result<Study> PgStore::create_study(AccountId researcher, std::string_view title,
                                    std::string_view join_code_hash) {
  MSFIT_ASSIGN_OR_RETURN(
      const std::int64_t id, write("creating the study", [&](Tx& tx) -> Result<std::int64_t> {
        return exec(
                   tx,
                   "INSERT INTO studies (researcher_id, title, join_code_hash) VALUES ($1, $2, $3) "
                   "RETURNING id",
                   researcher, std::string(title), std::string(join_code_hash))[0][0]
            .as<std::int64_t>();
      }));
  return study(researcher, id);
}

Result<std::vector<Study>> PgStore::studies_of(AccountId researcher) {
  return read("reading studies", [&](Tx& tx) -> Result<std::vector<Study>> {
    std::vector<Study> out;
    for (const auto& row :
         exec(tx, std::string(kStudyColumns) + "WHERE s.researcher_id = $1 ORDER BY s.id",
              researcher)) {
      out.push_back(study_of(Cells(row)));
    }
    return out;
  });
}

Result<Study> PgStore::study(AccountId researcher, std::int64_t study_id) {
  return read("reading the study", [&](Tx& tx) -> Result<Study> {
    const auto r = exec(tx, std::string(kStudyColumns) + "WHERE s.id = $1 AND s.researcher_id = $2",
                        study_id, researcher);
    if (r.empty()) {
      return fail(ErrorCode::NotFound, "no such study", "id");
    }
    return study_of(Cells(r[0]));
  });
}

Result<StudyMember> PgStore::join_study(std::string_view join_code_hash, AccountId person,
                                        std::string_view pseudonym, Date joined_on) {
  return write("joining the study", [&](Tx& tx) -> Result<StudyMember> {
    const auto r =
        exec(tx, "SELECT id FROM studies WHERE join_code_hash = $1", std::string(join_code_hash));
    if (r.empty()) {
      return fail(ErrorCode::NotFound, "no study has that code", "code");
    }
    const auto study_id = r[0][0].as<std::int64_t>();
    if (exec(tx,
             "INSERT INTO study_members (study_id, person_id, pseudonym, joined_on) "
             "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING study_id",
             study_id, person, std::string(pseudonym), iso(joined_on))
            .empty()) {
      return fail(ErrorCode::Conflict, "you are already in this study", "code");
    }
    return StudyMember{study_id, person, std::string(pseudonym), joined_on};
  });
}

Result<std::vector<StudyMember>> PgStore::study_members(std::int64_t study_id) {
  return read("reading study members", [&](Tx& tx) -> Result<std::vector<StudyMember>> {
    std::vector<StudyMember> out;
    for (const auto& row :
         exec(tx,
              "SELECT study_id, person_id, pseudonym, joined_on FROM study_members "
              "WHERE study_id = $1 ORDER BY pseudonym COLLATE \"C\"",
              study_id)) {
      const Cells c(row);
      out.push_back(StudyMember{c.int64(0), c.int64(1), c.text(2), c.date(3)});
      if (!c.damaged().empty()) {
        return damaged_row("reading study members", c.damaged());
      }
    }
    return out;
  });
}

Result<std::vector<std::pair<Study, StudyMember>>> PgStore::memberships(AccountId person) {
  using Out = std::vector<std::pair<Study, StudyMember>>;
  return read("reading studies", [&](Tx& tx) -> Result<Out> {
    Out out;
    for (const auto& row :
         exec(tx,
              "SELECT s.id, s.researcher_id, s.title, s.created_at, (SELECT count(*) FROM "
              "study_members x WHERE x.study_id = s.id), m.pseudonym, m.joined_on FROM studies s "
              "JOIN study_members m ON m.study_id = s.id WHERE m.person_id = $1 ORDER BY s.id",
              person)) {
      const Cells c(row);
      out.emplace_back(study_of(c), StudyMember{c.int64(0), person, c.text(5), c.date(6)});
      if (!c.damaged().empty()) {
        return damaged_row("reading studies", c.damaged());
      }
    }
    return out;
  });
}

Status PgStore::leave_study(std::int64_t study_id, AccountId person) {
  return write("leaving the study", [&](Tx& tx) {
    return changed_one(exec(tx, "DELETE FROM study_members WHERE study_id = $1 AND person_id = $2",
                            study_id, person),
                       "you are not in that study", "id");
  });
}

// --- audit ------------------------------------------------------------------------------------

void insert_audit(pqxx::transaction_base& tx, const AuditEntry& e) {
  exec(tx,
       "INSERT INTO audit_log (actor_id, actor_name, actor_role, subject_id, action, resource, "
       "detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
       e.actor, e.actor_name, e.actor_role, e.subject, std::string(to_string(e.action)), e.resource,
       e.detail);
}

Status PgStore::audit(const AuditEntry& e) {
  return write("writing the audit log", [&](Tx& tx) -> Status {
    insert_audit(tx, e);
    return {};
  });
}

Status PgStore::audit_all(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) {
    return {};
  }
  return write("writing the audit log", [&](Tx& tx) -> Status {
    for (const AuditEntry& e : entries) {
      insert_audit(tx, e);
    }
    return {};
  });
}

Result<std::vector<AuditEntry>> PgStore::audit_log(std::optional<AccountId> subject, int limit) {
  return read("reading the audit log", [&](Tx& tx) -> Result<std::vector<AuditEntry>> {
    std::vector<AuditEntry> out;
    for (const auto& row :
         exec(tx,
              "SELECT id, at, actor_id, actor_name, actor_role, subject_id, action, resource, "
              "detail FROM audit_log WHERE $1::bigint IS NULL OR subject_id = $1 "
              "ORDER BY id DESC LIMIT $2",
              subject, limit)) {
      const Cells c(row);
      AuditEntry e;
      e.id = c.int64(0);
      e.at = c.text(1);
      e.actor = c.is_null(2) ? std::nullopt : std::optional(c.int64(2));
      e.actor_name = c.text(3);
      e.actor_role = c.text(4);
      e.subject = c.is_null(5) ? std::nullopt : std::optional(c.int64(5));
      const std::string action = c.text(6);
      for (auto a : {AuditAction::Read, AuditAction::Change, AuditAction::Grant,
                     AuditAction::Revoke, AuditAction::Delete}) {
        if (to_string(a) == action) {
          e.action = a;
        }
      }
      e.resource = c.text(7);
      e.detail = c.text(8);
      out.push_back(std::move(e));
    }
    return out;
  });
}

// --- the sign-in throttle ---------------------------------------------------------------------

namespace {

// A PgStore's transactions behind a mutex: one thread at a time, on the process's pool.
class PgThrottles final : public ThrottleStore {
 public:
  PgThrottles(std::shared_ptr<Pool> pool, const PostgresOptions& options)
      : store_(std::move(pool), options) {}

  Status update_throttles(std::span<const std::string> keys,
                          const std::function<void(std::span<ThrottleState>)>& update) override {
    std::lock_guard lock(mutex_);
    return store_.write("throttling sign-ins", [&](PgStore::Tx& tx) -> Status {
      // Rows are locked in key order, so two instances never wait for each other in a circle.
      std::vector<std::string> sorted(keys.begin(), keys.end());
      std::sort(sorted.begin(), sorted.end());
      for (const std::string& key : sorted) {
        exec(tx,
             "INSERT INTO sign_in_throttles (key, failures, in_flight, next_allowed_ms, "
             "last_seen_ms) VALUES ($1, 0, 0, 0, 0) ON CONFLICT (key) DO NOTHING",
             key);
      }
      std::vector<ThrottleState> states(keys.size());
      for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto r =
            exec(tx,
                 "SELECT failures, in_flight, next_allowed_ms, last_seen_ms FROM sign_in_throttles "
                 "WHERE key = $1 FOR UPDATE",
                 keys[i]);
        if (!r.empty()) {
          const Cells c(r[0]);
          states[i] = ThrottleState{c.integer(0), c.integer(1), c.int64(2), c.int64(3)};
        }
      }
      update(states);
      for (std::size_t i = 0; i < keys.size(); ++i) {
        exec(tx,
             "UPDATE sign_in_throttles SET failures = $2, in_flight = $3, next_allowed_ms = $4, "
             "last_seen_ms = $5 WHERE key = $1",
             keys[i], states[i].failures, states[i].in_flight, states[i].next_allowed_ms,
             states[i].last_seen_ms);
      }
      return {};
    });
  }

  Result<int> forget_throttles(std::int64_t before_ms) override {
    std::lock_guard lock(mutex_);
    return store_.write("forgetting quiet sign-in counts", [&](PgStore::Tx& tx) -> Result<int> {
      return static_cast<int>(exec(tx,
                                   "DELETE FROM sign_in_throttles WHERE last_seen_ms < $1 AND "
                                   "next_allowed_ms < $1",
                                   before_ms)
                                  .affected_rows());
    });
  }

 private:
  std::mutex mutex_;
  PgStore store_;
};

}  // namespace

}  // namespace msfit::storage::postgres

namespace msfit::storage {

std::unique_ptr<ThrottleStore> open_postgres_throttles(const std::string& url,
                                                       const PostgresOptions& options) {
  return std::make_unique<postgres::PgThrottles>(postgres::pool_for(url, options.pool_size),
                                                 options);
}

}  // namespace msfit::storage

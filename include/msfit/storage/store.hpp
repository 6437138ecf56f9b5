#pragma once

// Persistence for MSFit: accounts, versioned profiles, stored plans and the training log.
// Store is the interface the app layer uses; open_sqlite_store() gives the embedded SQLite
// implementation. No database headers leak from here.
//
// Durability: a call that returns success has been committed durably (WAL with synchronous
// FULL in SQLite): it survives a kill -9 or a power loss. Writes carry a client-generated id;
// a retried write with the same id is stored once and reported as AlreadyStored.
//
// Threads: one Store object may be used from one thread at a time; several Store objects
// (threads or processes) may use the same database, and their writes are serialised by it.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/history.hpp"
#include "msfit/core/measures.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/training_log.hpp"

namespace msfit::storage {

// The domain types live in core; these names keep the storage spelling working.
using AccountId = core::AccountId;
using Account = core::Account;
using Note = core::Note;
using History = core::History;

struct Credentials {
  Account account;
  std::string password_hash;  // Empty when the account has no password (CLI-only accounts).
};

struct ProfileVersion {
  std::int64_t id = 0;
  int version = 0;
  std::string body;  // The profile JSON as given.
  std::string created_at;
};

struct NewPlan {
  std::int64_t profile_id = 0;
  std::string engine_version;
  core::Date start_date{};
  int weeks = 0;
  std::string body;  // The plan JSON.
  struct Session {
    core::Date date{};
    int week = 0;
    std::string kind;
    int minutes = 0;
  };
  std::vector<Session> sessions;
};

struct StoredPlan {
  std::int64_t id = 0;
  std::int64_t profile_id = 0;
  int profile_version = 0;
  std::string engine_version;
  core::Date start_date{};
  int weeks = 0;
  std::string body;
  std::string created_at;
};

// A value and the id its client gave it, for idempotent writes.
template <typename T>
struct Logged {
  std::string client_id;
  T value;
};

enum class WriteResult { Stored, AlreadyStored };

struct Swap {
  std::string exercise;
  std::string replacement;
  core::Date since{};
};

// What the adaptation rules need to know about the days around "today".
struct TrainingState {
  std::optional<core::Date> last_training;  // Latest logged day before today.
  std::optional<core::CheckIn> check_in;    // The latest check-in on today.
  // Check-ins of the last 400 days up to today with any symptom or a relapse, oldest first,
  // and every clearance up to today: core::open_holds() decides what still holds.
  std::vector<core::CheckIn> flagged;
  std::vector<core::Clearance> clearances;
  std::vector<Swap> swaps;
};

// Sharing: clinicians a person has let in, studies, plan adjustments and the audit trail.
struct CareLink {
  Account person;
  Account clinician;
  std::string granted_at;
};

struct Study {
  std::int64_t id = 0;
  AccountId researcher = 0;
  std::string title;
  std::string created_at;
  int members = 0;
};

struct StudyMember {
  std::int64_t study_id = 0;
  AccountId person = 0;  // Never shown to the researcher.
  std::string pseudonym;
  core::Date joined_on{};
};

struct Adjustment {
  std::int64_t id = 0;
  std::optional<AccountId> by;  // Empty once the author's account is deleted.
  std::string by_name;
  std::string by_role;
  std::string kind;  // "swap", "days", "session_minutes", ...
  std::string summary;
  std::string created_at;
};

enum class AuditAction { Read, Change, Grant, Revoke, Delete };

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::optional<AccountId> actor;
  std::string actor_name;
  std::string actor_role;
  std::optional<AccountId> subject;
  AuditAction action = AuditAction::Read;
  std::string resource;  // The route, e.g. "GET /api/v1/people/{id}/history".
};

[[nodiscard]] std::string_view to_string(AuditAction action);

class Store {
 public:
  virtual ~Store() = default;

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
  [[nodiscard]] virtual Result<std::vector<Account>> list_accounts() = 0;
  // NotFound when there is no such account.
  [[nodiscard]] virtual Status set_role(AccountId account, core::AccountRole role) = 0;
  // Removes the account and everything of it: profiles, plans, the log, measures, sessions,
  // links, study memberships and the audit entries about it. NotFound when there is none.
  [[nodiscard]] virtual Status delete_account(AccountId account) = 0;

  // Invites: a one-time code (stored as its hash) a person gives their clinician.
  [[nodiscard]] virtual Status create_invite(AccountId person, std::string_view code_hash,
                                             std::string_view expires_at) = 0;
  // Links the clinician to the person who made the unexpired invite and uses it up. NotFound
  // for an unknown, used or expired code; InvalidInput when it is the clinician's own.
  [[nodiscard]] virtual Result<CareLink> redeem_invite(std::string_view code_hash,
                                                       AccountId clinician,
                                                       std::string_view now) = 0;
  [[nodiscard]] virtual Result<bool> has_care_link(AccountId person, AccountId clinician) = 0;
  // The links where the account is the person or the clinician.
  [[nodiscard]] virtual Result<std::vector<CareLink>> care_links(AccountId account) = 0;
  // NotFound when there was no such link.
  [[nodiscard]] virtual Status revoke_care_link(AccountId person, AccountId clinician) = 0;

  [[nodiscard]] virtual Result<Study> create_study(AccountId researcher, std::string_view title,
                                                   std::string_view join_code_hash) = 0;
  [[nodiscard]] virtual Result<std::vector<Study>> studies_of(AccountId researcher) = 0;
  // NotFound unless the study exists and belongs to the researcher.
  [[nodiscard]] virtual Result<Study> study(AccountId researcher, std::int64_t study_id) = 0;
  // NotFound for an unknown code; Conflict when the person already joined.
  [[nodiscard]] virtual Result<StudyMember> join_study(std::string_view join_code_hash,
                                                       AccountId person, std::string_view pseudonym,
                                                       core::Date joined_on) = 0;
  [[nodiscard]] virtual Result<std::vector<StudyMember>> study_members(std::int64_t study_id) = 0;
  // The studies the person joined (study id, title, their pseudonym).
  [[nodiscard]] virtual Result<std::vector<std::pair<Study, StudyMember>>> memberships(
      AccountId person) = 0;
  // NotFound when the person is not in the study.
  [[nodiscard]] virtual Status leave_study(std::int64_t study_id, AccountId person) = 0;

  [[nodiscard]] virtual Status add_adjustment(AccountId person, const Adjustment& adjustment) = 0;
  // Newest first.
  [[nodiscard]] virtual Result<std::vector<Adjustment>> adjustments(AccountId person) = 0;

  [[nodiscard]] virtual Status audit(const AuditEntry& entry) = 0;
  // Several entries in one transaction (one commit): all or none.
  [[nodiscard]] virtual Status audit_all(const std::vector<AuditEntry>& entries) = 0;
  // Newest first, at most `limit`; every subject when `subject` is empty.
  [[nodiscard]] virtual Result<std::vector<AuditEntry>> audit_log(std::optional<AccountId> subject,
                                                                  int limit) = 0;

  // Stores the profile as the next version.
  [[nodiscard]] virtual Result<ProfileVersion> save_profile(AccountId account,
                                                            std::string_view body) = 0;
  [[nodiscard]] virtual Result<std::optional<ProfileVersion>> latest_profile(AccountId account) = 0;
  // NotFound unless the profile exists and belongs to the account.
  [[nodiscard]] virtual Result<ProfileVersion> profile_by_id(AccountId account,
                                                             std::int64_t profile_id) = 0;

  [[nodiscard]] virtual Result<StoredPlan> save_plan(AccountId account, const NewPlan& plan) = 0;
  [[nodiscard]] virtual Result<std::optional<StoredPlan>> latest_plan(AccountId account) = 0;
  // The same without the body (empty): what today's session needs, read on every request.
  [[nodiscard]] virtual Result<std::optional<StoredPlan>> latest_plan_summary(
      AccountId account) = 0;

  // Stores all sets in one transaction (all or none). AlreadyStored when every set's client id
  // was stored before; sets already stored are skipped.
  [[nodiscard]] virtual Result<WriteResult> log_sets(
      AccountId account, std::span<const Logged<core::SetLog>> sets) = 0;
  [[nodiscard]] virtual Result<WriteResult> log_cardio(AccountId account,
                                                       const Logged<core::CardioLog>& bout) = 0;
  [[nodiscard]] virtual Result<WriteResult> log_check_in(AccountId account,
                                                         const Logged<core::CheckIn>& check_in) = 0;
  [[nodiscard]] virtual Result<WriteResult> add_note(AccountId account,
                                                     const Logged<Note>& note) = 0;
  // A clearance after a relapse ("resume") or a red flag ("medical").
  [[nodiscard]] virtual Result<WriteResult> record_clearance(
      AccountId account, const Logged<core::Clearance>& clearance) = 0;
  // Exercises done without a load (balance, stretches), with the person's rating; all or none.
  [[nodiscard]] virtual Result<WriteResult> log_items(
      AccountId account, std::span<const Logged<core::ItemLog>> items) = 0;
  // Between the dates (inclusive), oldest first.
  [[nodiscard]] virtual Result<std::vector<core::ItemLog>> item_logs(AccountId account,
                                                                     core::Date from,
                                                                     core::Date to) = 0;
  [[nodiscard]] virtual Result<WriteResult> add_measure(
      AccountId account, const Logged<core::MeasureRecord>& record) = 0;
  // Results between the dates (inclusive), oldest first; all measures when `measure` is empty.
  [[nodiscard]] virtual Result<std::vector<core::MeasureRecord>> measures(AccountId account,
                                                                          std::string_view measure,
                                                                          core::Date from,
                                                                          core::Date to) = 0;
  // Replaces any earlier swap of the same exercise.
  [[nodiscard]] virtual Status save_swap(AccountId account, const Swap& swap) = 0;

  // The most recent `max_days` days on or before `until` on which the exercise was logged,
  // every set of those days, most recent day first (set number ascending within a day).
  [[nodiscard]] virtual Result<std::vector<core::SetLog>> recent_sets(AccountId account,
                                                                      std::string_view exercise,
                                                                      core::Date until,
                                                                      int max_days) = 0;
  [[nodiscard]] virtual Result<TrainingState> training_state(AccountId account,
                                                             core::Date today) = 0;
  [[nodiscard]] virtual Result<History> history(AccountId account, core::Date from,
                                                core::Date to) = 0;
  [[nodiscard]] virtual Result<std::set<core::Date>> logged_days(AccountId account, core::Date from,
                                                                 core::Date to) = 0;

  // An online, consistent copy of the whole database at `path` (overwritten).
  [[nodiscard]] virtual Status backup_to(const std::string& path) = 0;

  // While a Snapshot lives, this Store's reads see one state of the database: the reads of
  // one request agree with each other, and cost one read lock instead of one per statement.
  // Snapshots nest (the outermost one counts). A write inside one ends it: the write and
  // the reads after it see the database as it is then.
  class Snapshot {
   public:
    explicit Snapshot(Store& store) : store_(&store) { store_->begin_snapshot(); }
    ~Snapshot() {
      if (store_ != nullptr) {
        store_->end_snapshot();
      }
    }
    Snapshot(Snapshot&& other) noexcept : store_(std::exchange(other.store_, nullptr)) {}
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    Snapshot& operator=(Snapshot&&) = delete;

   private:
    Store* store_;
  };

 private:
  // Best effort: a snapshot that cannot be taken leaves each read on its own.
  virtual void begin_snapshot() = 0;
  virtual void end_snapshot() = 0;
};

// Opens (creating if needed) the SQLite database at `path`, or ":memory:", and brings its
// schema up to date. Fails with Conflict when the database comes from a newer MSFit, and with
// StorageFailure when it cannot be opened or is not an MSFit database.
[[nodiscard]] Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

// Opens the database and applies migrations up to `version` only (for upgrade tests).
[[nodiscard]] Result<std::unique_ptr<Store>> open_sqlite_store_at_version(const std::string& path,
                                                                          int version);

// The schema version this build writes.
[[nodiscard]] int sqlite_schema_version();

// Replaces the database at `path` with the backup at `backup_path`, after checking that the
// backup is an intact MSFit database no newer than this build. Not while a server uses it.
[[nodiscard]] Status restore_sqlite_backup(const std::string& backup_path, const std::string& path);

}  // namespace msfit::storage

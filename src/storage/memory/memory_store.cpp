#include "msfit/storage/memory_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace msfit::storage {

namespace {

using core::Date;

// The time as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ', 'now') writes it.
std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms.count() % 1000);
}

// What SQLite reports when a row refers to an account (or other row) that does not exist.
tl::unexpected<Error> missing_reference(std::string_view what) {
  return fail(ErrorCode::StorageFailure,
              fmt::format("database error while {}: FOREIGN KEY constraint failed", what));
}

tl::unexpected<Error> no_such_set(std::string_view client_id) {
  return tl::unexpected(Error{
      ErrorCode::NotFound, fmt::format("there is no set with client_id '{}'", client_id),
      "client_id", core::Message("error.set.not_found", {{"client_id", std::string(client_id)}})});
}

tl::unexpected<Error> constraint(std::string_view what) {
  return fail(ErrorCode::StorageFailure,
              fmt::format("database error while {}: UNIQUE constraint failed", what));
}

// A logged record and what its table keeps beside it. Ids grow with each insert, so the
// order of a vector of rows is the order of their ids.
template <typename T>
struct Row {
  std::int64_t id = 0;
  std::string client_id;
  T value;
  std::string created_at;
};

template <typename T>
bool has_client_id(const std::vector<Row<T>>& rows, const std::string& client_id) {
  return std::any_of(rows.begin(), rows.end(),
                     [&](const Row<T>& r) { return r.client_id == client_id; });
}

// Rows between the dates (inclusive), by date and then id.
template <typename T>
std::vector<T> between(const std::vector<Row<T>>& rows, Date from, Date to) {
  std::vector<const Row<T>*> found;
  for (const auto& r : rows) {
    if (r.value.date >= from && r.value.date <= to) {
      found.push_back(&r);
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Row<T>* a, const Row<T>* b) { return a->value.date < b->value.date; });
  std::vector<T> out;
  out.reserve(found.size());
  for (const Row<T>* r : found) {
    out.push_back(r->value);
  }
  return out;
}

// Everything logged by one account.
struct Log {
  std::set<Date> days;  // Days with a set or a cardio bout (performed_sessions).
  std::vector<Row<core::SetLog>> sets;
  std::set<std::string> deleted_sets;  // Client ids of the sets deleted (deleted_sets).
  std::vector<Row<core::CardioLog>> cardio;
  std::vector<Row<core::CheckIn>> check_ins;
  std::vector<Row<Note>> notes;
  std::vector<Row<core::Clearance>> clearances;
  std::vector<Row<core::ItemLog>> items;
  std::vector<Row<core::MeasureRecord>> measures;
  std::vector<Row<core::cognitive::Record>> cognitive_blocks;
  std::vector<Row<core::cognitive::FatigueRating>> cognitive_ratings;
  std::map<std::pair<std::string, bool>, Swap> swaps;  // By exercise and one-day or not.
};

struct AccountRow {
  Account account;
  std::optional<std::string> password_hash;
};

struct Expiring {
  AccountId account = 0;
  std::string expires_at;
};

struct StudyRow {
  AccountId researcher = 0;
  std::string title;
  std::string join_code_hash;
  std::string created_at;
};

struct Member {
  std::string pseudonym;
  Date joined_on{};
};

struct AdjustmentRow {
  AccountId account = 0;
  Adjustment adjustment;
};

struct ProfileRow {
  AccountId account = 0;
  ProfileVersion profile;
};

struct PlanRow {
  AccountId account = 0;
  StoredPlan plan;  // profile_version is read from the profile, as the SQL join does.
  std::vector<NewPlan::Session> sessions;
};

class MemoryStore final : public Store {
 public:
  Result<Account> ensure_account(std::string_view name) override {
    const std::lock_guard lock(mutex_);
    if (const AccountRow* row = by_name(name)) {
      return row->account;
    }
    return insert_account(name, core::AccountRole::Person, std::nullopt);
  }

  Result<Account> find_account(std::string_view name) override {
    const std::lock_guard lock(mutex_);
    if (const AccountRow* row = by_name(name)) {
      return row->account;
    }
    return fail(ErrorCode::NotFound, fmt::format("no account named '{}'", name), "account");
  }

  Result<Account> create_account(std::string_view name, core::AccountRole role,
                                 std::string_view password_hash) override {
    const std::lock_guard lock(mutex_);
    if (by_name(name) != nullptr) {
      return fail(ErrorCode::Conflict, "that name is taken", "name");
    }
    return insert_account(name, role, std::string(password_hash));
  }

  Result<Credentials> credentials(std::string_view name) override {
    const std::lock_guard lock(mutex_);
    const AccountRow* row = by_name(name);
    if (row == nullptr) {
      return fail(ErrorCode::NotFound, "no such account", "name");
    }
    return Credentials{row->account, row->password_hash.value_or("")};
  }

  Status create_auth_session(AccountId account, std::string_view token_hash,
                             std::string_view expires_at) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("creating the session");
    }
    if (!d_.sessions_.emplace(std::string(token_hash), Expiring{account, std::string(expires_at)})
             .second) {
      return constraint("creating the session");
    }
    return {};
  }

  Result<Account> auth_session(std::string_view token_hash, std::string_view now) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.sessions_.find(std::string(token_hash));
    if (it == d_.sessions_.end() || !(it->second.expires_at > now)) {
      return fail(ErrorCode::NotFound, "no such session", "token");
    }
    return d_.accounts_.at(it->second.account).account;
  }

  Status delete_auth_session(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    d_.sessions_.erase(std::string(token_hash));
    return {};
  }

  Status delete_auth_sessions(AccountId account, std::string_view keep_token_hash) override {
    const std::lock_guard lock(mutex_);
    std::erase_if(d_.sessions_, [&](const auto& entry) {
      return entry.second.account == account && entry.first != keep_token_hash;
    });
    return {};
  }

  Status set_password_hash(AccountId account, std::string_view password_hash) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.accounts_.find(account);
    if (it == d_.accounts_.end()) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    it->second.password_hash = std::string(password_hash);
    return {};
  }

  Result<int> purge_expired(std::string_view now) override {
    const std::lock_guard lock(mutex_);
    const auto expired = [&](const auto& entry) { return entry.second.expires_at <= now; };
    return static_cast<int>(std::erase_if(d_.sessions_, expired) +
                            std::erase_if(d_.invites_, expired));
  }

  Result<Account> account_by_id(AccountId id) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.accounts_.find(id);
    if (it == d_.accounts_.end()) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    return it->second.account;
  }

  Result<std::vector<Account>> list_accounts() override {
    const std::lock_guard lock(mutex_);
    std::vector<Account> out;
    for (const auto& [id, row] : d_.accounts_) {
      out.push_back(row.account);
    }
    return out;
  }

  Status set_role(AccountId account, core::AccountRole role) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.accounts_.find(account);
    if (it == d_.accounts_.end()) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    it->second.account.role = role;
    return {};
  }

  Status set_language(AccountId account, std::optional<core::Language> language) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.accounts_.find(account);
    if (it == d_.accounts_.end()) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    it->second.account.language = language;
    return {};
  }

  Status delete_account(AccountId account) override {
    const std::lock_guard lock(mutex_);
    if (d_.accounts_.erase(account) == 0) {
      return fail(ErrorCode::NotFound, "no such account", "id");
    }
    // What the foreign keys of the SQLite schema cascade to, or set to NULL.
    std::erase_if(d_.plans_, [&](const auto& e) { return e.second.account == account; });
    std::erase_if(d_.profiles_, [&](const auto& e) { return e.second.account == account; });
    std::erase_if(d_.sessions_, [&](const auto& e) { return e.second.account == account; });
    std::erase_if(d_.invites_, [&](const auto& e) { return e.second.account == account; });
    std::erase_if(d_.links_, [&](const auto& e) {
      return e.first.first == account || e.first.second == account;
    });
    std::set<std::int64_t> gone;
    std::erase_if(d_.studies_, [&](const auto& e) {
      if (e.second.researcher != account) {
        return false;
      }
      gone.insert(e.first);
      return true;
    });
    std::erase_if(d_.members_, [&](const auto& e) {
      return gone.contains(e.first.first) || e.first.second == account;
    });
    std::erase_if(d_.adjustments_, [&](const AdjustmentRow& a) { return a.account == account; });
    for (AdjustmentRow& a : d_.adjustments_) {
      if (a.adjustment.by == account) {
        a.adjustment.by.reset();
      }
    }
    std::erase_if(d_.audit_, [&](const AuditEntry& e) { return e.subject == account; });
    for (AuditEntry& e : d_.audit_) {
      if (e.actor == account) {
        e.actor.reset();
      }
    }
    d_.logs_.erase(account);
    return {};
  }

  Status create_invite(AccountId person, std::string_view code_hash,
                       std::string_view expires_at) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(person)) {
      return missing_reference("creating the invite");
    }
    if (!d_.invites_.emplace(std::string(code_hash), Expiring{person, std::string(expires_at)})
             .second) {
      return constraint("creating the invite");
    }
    return {};
  }

  Result<CareLink> redeem_invite(std::string_view code_hash, AccountId clinician,
                                 std::string_view now) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.invites_.find(std::string(code_hash));
    if (it == d_.invites_.end() || !(it->second.expires_at > now)) {
      return fail(ErrorCode::NotFound, "the code is unknown, used or expired", "code");
    }
    const AccountId person = it->second.account;
    if (person == clinician) {
      return fail(ErrorCode::InvalidInput, "this is your own invite code", "code");
    }
    if (!d_.accounts_.contains(clinician)) {
      return missing_reference("linking the clinician");
    }
    d_.invites_.erase(it);
    const auto link = d_.links_.try_emplace({person, clinician}, now_utc()).first;
    return CareLink{d_.accounts_.at(person).account, d_.accounts_.at(clinician).account,
                    link->second};
  }

  Result<bool> has_care_link(AccountId person, AccountId clinician) override {
    const std::lock_guard lock(mutex_);
    return d_.links_.contains({person, clinician});
  }

  Result<std::vector<CareLink>> care_links(AccountId account) override {
    const std::lock_guard lock(mutex_);
    std::vector<CareLink> out;
    for (const auto& [ids, granted_at] : d_.links_) {
      if (ids.first == account || ids.second == account) {
        out.push_back(CareLink{d_.accounts_.at(ids.first).account,
                               d_.accounts_.at(ids.second).account, granted_at});
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const CareLink& a, const CareLink& b) {
      return std::tie(a.person.name, a.clinician.name) < std::tie(b.person.name, b.clinician.name);
    });
    return out;
  }

  Status revoke_care_link(AccountId person, AccountId clinician) override {
    const std::lock_guard lock(mutex_);
    if (d_.links_.erase({person, clinician}) == 0) {
      return fail(ErrorCode::NotFound, "that clinician has no access", "clinician");
    }
    return {};
  }

  Status add_adjustment(AccountId person, const Adjustment& adjustment) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(person) ||
        (adjustment.by && !d_.accounts_.contains(*adjustment.by))) {
      return missing_reference("recording the adjustment");
    }
    if (!adjustment.client_id.empty() &&
        std::any_of(d_.adjustments_.begin(), d_.adjustments_.end(), [&](const auto& r) {
          return r.account == person && r.adjustment.client_id == adjustment.client_id;
        })) {
      return constraint("recording the adjustment");
    }
    Adjustment stored = adjustment;
    stored.id = ++d_.last_adjustment_;
    stored.created_at = now_utc();
    d_.adjustments_.push_back(AdjustmentRow{person, std::move(stored)});
    return {};
  }

  Result<std::vector<Adjustment>> adjustments(AccountId person) override {
    const std::lock_guard lock(mutex_);
    std::vector<Adjustment> out;
    for (auto it = d_.adjustments_.rbegin(); it != d_.adjustments_.rend(); ++it) {
      if (it->account == person) {
        out.push_back(it->adjustment);
      }
    }
    return out;
  }

  Result<Study> create_study(AccountId researcher, std::string_view title,
                             std::string_view join_code_hash) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(researcher)) {
      return missing_reference("creating the study");
    }
    for (const auto& [id, row] : d_.studies_) {
      if (row.join_code_hash == join_code_hash) {
        return constraint("creating the study");
      }
    }
    const std::int64_t id = ++d_.last_study_;
    d_.studies_.emplace(
        id, StudyRow{researcher, std::string(title), std::string(join_code_hash), now_utc()});
    return study_row(id);
  }

  Result<std::vector<Study>> studies_of(AccountId researcher) override {
    const std::lock_guard lock(mutex_);
    std::vector<Study> out;
    for (const auto& [id, row] : d_.studies_) {
      if (row.researcher == researcher) {
        out.push_back(study_row(id));
      }
    }
    return out;
  }

  Result<Study> study(AccountId researcher, std::int64_t study_id) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.studies_.find(study_id);
    if (it == d_.studies_.end() || it->second.researcher != researcher) {
      return fail(ErrorCode::NotFound, "no such study", "id");
    }
    return study_row(study_id);
  }

  Result<StudyMember> join_study(std::string_view join_code_hash, AccountId person,
                                 std::string_view pseudonym, Date joined_on) override {
    const std::lock_guard lock(mutex_);
    const auto it = std::find_if(d_.studies_.begin(), d_.studies_.end(), [&](const auto& e) {
      return e.second.join_code_hash == join_code_hash;
    });
    if (it == d_.studies_.end()) {
      return fail(ErrorCode::NotFound, "no study has that code", "code");
    }
    const std::int64_t study_id = it->first;
    // Any constraint (already a member, the pseudonym taken, no such person) is a Conflict
    // in the SQLite store too.
    const bool pseudonym_taken =
        std::any_of(d_.members_.begin(), d_.members_.end(), [&](const auto& e) {
          return e.first.first == study_id && e.second.pseudonym == pseudonym;
        });
    if (!d_.accounts_.contains(person) || pseudonym_taken ||
        !d_.members_.try_emplace({study_id, person}, Member{std::string(pseudonym), joined_on})
             .second) {
      return fail(ErrorCode::Conflict, "you are already in this study", "code");
    }
    return StudyMember{study_id, person, std::string(pseudonym), joined_on};
  }

  Result<std::vector<StudyMember>> study_members(std::int64_t study_id) override {
    const std::lock_guard lock(mutex_);
    std::vector<StudyMember> out;
    for (const auto& [ids, member] : d_.members_) {
      if (ids.first == study_id) {
        out.push_back(StudyMember{study_id, ids.second, member.pseudonym, member.joined_on});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const StudyMember& a, const StudyMember& b) { return a.pseudonym < b.pseudonym; });
    return out;
  }

  Result<std::vector<std::pair<Study, StudyMember>>> memberships(AccountId person) override {
    const std::lock_guard lock(mutex_);
    std::vector<std::pair<Study, StudyMember>> out;
    for (const auto& [ids, member] : d_.members_) {
      if (ids.second == person) {
        out.emplace_back(study_row(ids.first),
                         StudyMember{ids.first, person, member.pseudonym, member.joined_on});
      }
    }
    return out;  // d_.members_ is ordered by study id.
  }

  Status leave_study(std::int64_t study_id, AccountId person) override {
    const std::lock_guard lock(mutex_);
    if (d_.members_.erase({study_id, person}) == 0) {
      return fail(ErrorCode::NotFound, "you are not in that study", "id");
    }
    return {};
  }

  Status audit(const AuditEntry& entry) override { return audit_all({entry}); }

  Status audit_all(const std::vector<AuditEntry>& entries) override {
    const std::lock_guard lock(mutex_);
    for (const AuditEntry& e : entries) {
      if ((e.actor && !d_.accounts_.contains(*e.actor)) ||
          (e.subject && !d_.accounts_.contains(*e.subject))) {
        return missing_reference("writing the audit log");
      }
    }
    for (AuditEntry e : entries) {
      e.id = ++d_.last_audit_;
      e.at = now_utc();
      d_.audit_.push_back(std::move(e));
    }
    return {};
  }

  Result<std::vector<AuditEntry>> audit_log(std::optional<AccountId> subject, int limit) override {
    const std::lock_guard lock(mutex_);
    std::vector<AuditEntry> out;
    // A negative LIMIT is no limit in SQLite.
    for (auto it = d_.audit_.rbegin();
         it != d_.audit_.rend() && (limit < 0 || out.size() < static_cast<std::size_t>(limit));
         ++it) {
      if (!subject || it->subject == subject) {
        out.push_back(*it);
      }
    }
    return out;
  }

  Result<ProfileVersion> save_profile(AccountId account, std::string_view body) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the profile");
    }
    int version = 0;
    for (const auto& [id, row] : d_.profiles_) {
      if (row.account == account) {
        version = std::max(version, row.profile.version);
      }
    }
    const std::int64_t id = ++d_.last_profile_;
    ProfileVersion saved{id, version + 1, std::string(body), now_utc()};
    d_.profiles_.emplace(id, ProfileRow{account, saved});
    return saved;
  }

  Result<std::optional<ProfileVersion>> latest_profile(AccountId account) override {
    const std::lock_guard lock(mutex_);
    std::optional<ProfileVersion> latest;
    for (const auto& [id, row] : d_.profiles_) {
      if (row.account == account && (!latest || row.profile.version > latest->version)) {
        latest = row.profile;
      }
    }
    return latest;
  }

  Result<ProfileVersion> profile_by_id(AccountId account, std::int64_t profile_id) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.profiles_.find(profile_id);
    if (it == d_.profiles_.end() || it->second.account != account) {
      return fail(ErrorCode::NotFound, "no such profile", "profile");
    }
    return it->second.profile;
  }

  Result<StoredPlan> save_plan(AccountId account, const NewPlan& plan) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account) || !d_.profiles_.contains(plan.profile_id)) {
      return missing_reference("saving the plan");
    }
    const std::int64_t id = ++d_.last_plan_;
    StoredPlan stored{id,         plan.profile_id, 0,        plan.engine_version, plan.start_date,
                      plan.weeks, plan.body,       now_utc()};
    d_.plans_.emplace(id, PlanRow{account, stored, plan.sessions});
    return with_version(stored);
  }

  Result<std::optional<StoredPlan>> latest_plan(AccountId account) override {
    return read_plan(account, /*with_body=*/true);
  }

  Result<std::optional<StoredPlan>> latest_plan_summary(AccountId account) override {
    return read_plan(account, /*with_body=*/false);
  }

  Result<WriteResult> log_sets(AccountId account,
                               std::span<const Logged<core::SetLog>> sets) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("logging sets");
    }
    Log& log = d_.logs_[account];
    int stored = 0;
    for (const auto& logged : sets) {
      if (log.deleted_sets.contains(logged.client_id)) {
        continue;  // Deleted since: a resent log does not bring it back.
      }
      // The day counts as trained even when the set itself was stored before.
      log.days.insert(logged.value.date);
      stored += insert(log.sets, logged) ? 1 : 0;
    }
    return stored == 0 && !sets.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<core::SetLog> logged_set(AccountId account, std::string_view client_id) override {
    const std::lock_guard lock(mutex_);
    for (const auto& r : log_of(account).sets) {
      if (r.client_id == client_id) {
        return r.value;
      }
    }
    return no_such_set(client_id);
  }

  Status correct_set(AccountId account, std::string_view client_id,
                     const core::SetLog& corrected) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.logs_.find(account);
    if (it != d_.logs_.end()) {
      for (auto& r : it->second.sets) {
        if (r.client_id == client_id) {
          r.value.reps = corrected.reps;
          r.value.load_kg = corrected.load_kg;
          r.value.rir = corrected.rir;
          r.value.completed = corrected.completed;
          return {};
        }
      }
    }
    return no_such_set(client_id);
  }

  Result<WriteResult> delete_set(AccountId account, std::string_view client_id) override {
    const std::lock_guard lock(mutex_);
    const auto it = d_.logs_.find(account);
    if (it == d_.logs_.end()) {
      return no_such_set(client_id);
    }
    Log& log = it->second;
    const auto row = std::find_if(log.sets.begin(), log.sets.end(),
                                  [&](const auto& r) { return r.client_id == client_id; });
    if (row == log.sets.end()) {
      if (log.deleted_sets.contains(std::string(client_id))) {
        return WriteResult::AlreadyStored;
      }
      return no_such_set(client_id);
    }
    const Date day = row->value.date;
    log.sets.erase(row);
    log.deleted_sets.emplace(client_id);
    // The day stops counting as trained when nothing else was logged on it.
    const auto on_day = [day](const auto& r) { return r.value.date == day; };
    if (std::none_of(log.sets.begin(), log.sets.end(), on_day) &&
        std::none_of(log.cardio.begin(), log.cardio.end(), on_day)) {
      log.days.erase(day);
    }
    return WriteResult::Stored;
  }

  Result<WriteResult> log_cardio(AccountId account, const Logged<core::CardioLog>& bout) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("recording the session");
    }
    Log& log = d_.logs_[account];
    log.days.insert(bout.value.date);
    return written(insert(log.cardio, bout));
  }

  Result<WriteResult> log_check_in(AccountId account,
                                   const Logged<core::CheckIn>& check_in) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the check-in");
    }
    Logged<core::CheckIn> kept = check_in;
    kept.value.recorded_at.clear();  // Not a column: read back from created_at.
    return written(insert(d_.logs_[account].check_ins, kept));
  }

  Result<WriteResult> add_note(AccountId account, const Logged<Note>& note) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the note");
    }
    return written(insert(d_.logs_[account].notes, note));
  }

  Result<WriteResult> record_clearance(AccountId account,
                                       const Logged<core::Clearance>& clearance) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("recording the clearance");
    }
    Logged<core::Clearance> kept = clearance;
    kept.value.recorded_at.clear();  // Not a column: read back from created_at.
    return written(insert(d_.logs_[account].clearances, kept));
  }

  Result<WriteResult> log_items(AccountId account,
                                std::span<const Logged<core::ItemLog>> items) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("logging exercises");
    }
    Log& log = d_.logs_[account];
    int stored = 0;
    for (const auto& logged : items) {
      stored += insert(log.items, logged) ? 1 : 0;
    }
    return stored == 0 && !items.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
  }

  Result<std::vector<core::ItemLog>> item_logs(AccountId account, Date from, Date to) override {
    const std::lock_guard lock(mutex_);
    return between(log_of(account).items, from, to);
  }

  Result<WriteResult> add_measure(AccountId account,
                                  const Logged<core::MeasureRecord>& record) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the measure");
    }
    return written(insert(d_.logs_[account].measures, record));
  }

  Result<std::vector<core::MeasureRecord>> measures(AccountId account, std::string_view measure,
                                                    Date from, Date to) override {
    const std::lock_guard lock(mutex_);
    std::vector<core::MeasureRecord> out;
    for (auto& r : between(log_of(account).measures, from, to)) {
      if (measure.empty() || r.measure == measure) {
        out.push_back(std::move(r));
      }
    }
    return out;
  }

  Result<WriteResult> add_cognitive_block(AccountId account,
                                          const Logged<core::cognitive::Record>& block) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the cognitive block");
    }
    return written(insert(d_.logs_[account].cognitive_blocks, block));
  }

  Result<std::vector<Logged<core::cognitive::Record>>> cognitive_blocks(AccountId account,
                                                                        Date from,
                                                                        Date to) override {
    const std::lock_guard lock(mutex_);
    // By date, then id, as between() orders them, with the client ids.
    std::vector<const Row<core::cognitive::Record>*> rows;
    for (const auto& r : log_of(account).cognitive_blocks) {
      if (r.value.date >= from && r.value.date <= to) {
        rows.push_back(&r);
      }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto* a, const auto* b) { return a->value.date < b->value.date; });
    std::vector<Logged<core::cognitive::Record>> out;
    out.reserve(rows.size());
    for (const auto* r : rows) {
      out.push_back(Logged<core::cognitive::Record>{r->client_id, r->value});
    }
    return out;
  }

  Result<std::vector<core::cognitive::Record>> last_cognitive_blocks(AccountId account) override {
    const std::lock_guard lock(mutex_);
    // The newest of each task: by date, then the last stored; in the order of the tasks.
    std::map<core::CognitiveTask, const core::cognitive::Record*> last;
    for (const auto& r : log_of(account).cognitive_blocks) {
      const auto*& kept = last[r.value.task];
      if (kept == nullptr || r.value.date >= kept->date) {
        kept = &r.value;
      }
    }
    std::vector<core::cognitive::Record> out;
    out.reserve(last.size());
    for (const auto& [task, record] : last) {
      out.push_back(*record);
    }
    return out;
  }

  Result<WriteResult> add_cognitive_rating(
      AccountId account, const Logged<core::cognitive::FatigueRating>& rating) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the rating");
    }
    return written(insert(d_.logs_[account].cognitive_ratings, rating));
  }

  Result<std::vector<core::cognitive::FatigueRating>> cognitive_ratings(AccountId account,
                                                                        Date from,
                                                                        Date to) override {
    const std::lock_guard lock(mutex_);
    return between(log_of(account).cognitive_ratings, from, to);
  }

  Status save_swap(AccountId account, const Swap& swap) override {
    const std::lock_guard lock(mutex_);
    if (!d_.accounts_.contains(account)) {
      return missing_reference("saving the swap");
    }
    d_.logs_[account].swaps[{swap.exercise, swap.until.has_value()}] = swap;
    return {};
  }

  Result<std::vector<core::SetLog>> recent_sets(AccountId account, std::string_view exercise,
                                                Date until, int max_days) override {
    const std::lock_guard lock(mutex_);
    // The most recent `max_days` days on which the exercise was logged.
    std::set<Date, std::greater<>> days;
    for (const auto& r : log_of(account).sets) {
      if (r.value.exercise == exercise && r.value.date <= until) {
        days.insert(r.value.date);
      }
    }
    while (!days.empty() && static_cast<int>(days.size()) > std::max(max_days, 0)) {
      days.erase(std::prev(days.end()));
    }
    std::vector<const Row<core::SetLog>*> rows;
    for (const auto& r : log_of(account).sets) {
      if (r.value.exercise == exercise && days.contains(r.value.date)) {
        rows.push_back(&r);
      }
    }
    std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
      if (a->value.date != b->value.date) {
        return a->value.date > b->value.date;
      }
      return std::pair(a->value.set_number, a->id) < std::pair(b->value.set_number, b->id);
    });
    std::vector<core::SetLog> out;
    out.reserve(rows.size());
    for (const auto* r : rows) {
      out.push_back(r->value);
    }
    return out;
  }

  Result<TrainingState> training_state(AccountId account, Date today) override {
    // How far back the adaptation looks, as in the SQLite store.
    constexpr int kFlaggedDays = 400;
    const std::lock_guard lock(mutex_);
    const Log& log = log_of(account);
    TrainingState state;
    if (auto it = log.days.lower_bound(today); it != log.days.begin()) {
      state.last_training = *std::prev(it);
    }
    for (auto it = log.check_ins.rbegin(); it != log.check_ins.rend(); ++it) {
      if (it->value.date == today) {
        state.check_in = it->value;
        break;
      }
    }
    std::vector<Row<core::CheckIn>> flagged;
    for (const auto& r : log.check_ins) {
      if ((r.value.relapse || !r.value.symptoms.empty()) &&
          r.value.date >= today - Date::duration{kFlaggedDays} && r.value.date <= today) {
        flagged.push_back(r);
        flagged.back().value.recorded_at = r.created_at;
      }
    }
    state.flagged = between(flagged, Date::min(), today);
    std::vector<Row<core::Clearance>> clearances;
    for (const auto& r : log.clearances) {
      clearances.push_back(r);
      clearances.back().value.recorded_at = r.created_at;
    }
    state.clearances = between(clearances, Date::min(), today);
    // By exercise, the standing swap first: a one-day swap takes its place on its day.
    for (const auto& [key, swap] : log.swaps) {
      if (swap.since > today || (swap.until && *swap.until < today)) {
        continue;
      }
      if (!state.swaps.empty() && state.swaps.back().exercise == swap.exercise) {
        state.swaps.back() = swap;
      } else {
        state.swaps.push_back(swap);
      }
    }
    return state;
  }

  Result<History> history(AccountId account, Date from, Date to) override {
    const std::lock_guard lock(mutex_);
    const Log& log = log_of(account);
    History h{between(log.sets, from, to),      {},
              between(log.cardio, from, to),    between(log.check_ins, from, to),
              between(log.notes, from, to),     between(log.items, from, to),
              between(log.clearances, from, to)};
    // The client ids in the order between() gives the sets: by date, then id.
    std::vector<const Row<core::SetLog>*> sets;
    for (const auto& r : log.sets) {
      if (r.value.date >= from && r.value.date <= to) {
        sets.push_back(&r);
      }
    }
    std::stable_sort(sets.begin(), sets.end(),
                     [](const auto* a, const auto* b) { return a->value.date < b->value.date; });
    for (const auto* r : sets) {
      h.set_client_ids.push_back(r->client_id);
    }
    return h;
  }

  Result<std::set<Date>> logged_days(AccountId account, Date from, Date to) override {
    const std::lock_guard lock(mutex_);
    const Log& log = log_of(account);
    return std::set<Date>(log.days.lower_bound(from), log.days.upper_bound(to));
  }

  Status backup_to(const std::string&) override {
    return fail(ErrorCode::Internal, "an in-memory store cannot be backed up");
  }

  // For tests: writes of other threads during `writes` would be undone with them on failure.
  Status write_together(const std::function<Status()>& writes) override {
    Data before;
    {
      const std::lock_guard lock(mutex_);
      before = d_;
    }
    Status done = writes();
    if (!done) {
      const std::lock_guard lock(mutex_);
      d_ = std::move(before);
    }
    return done;
  }

 private:
  // Every call sees and leaves a whole state under the mutex, so a snapshot needs nothing.
  void begin_snapshot() override {}
  void end_snapshot() override {}

  const AccountRow* by_name(std::string_view name) const {
    for (const auto& [id, row] : d_.accounts_) {
      if (row.account.name == name) {
        return &row;
      }
    }
    return nullptr;
  }

  Account insert_account(std::string_view name, core::AccountRole role,
                         std::optional<std::string> password_hash) {
    const AccountId id = ++d_.last_account_;
    Account account{id, std::string(name), role};
    d_.accounts_.emplace(id, AccountRow{account, std::move(password_hash)});
    return account;
  }

  Study study_row(std::int64_t id) const {
    const StudyRow& row = d_.studies_.at(id);
    const auto members = std::count_if(d_.members_.begin(), d_.members_.end(),
                                       [&](const auto& e) { return e.first.first == id; });
    return Study{id, row.researcher, row.title, row.created_at, static_cast<int>(members)};
  }

  StoredPlan with_version(StoredPlan plan) const {
    plan.profile_version = d_.profiles_.at(plan.profile_id).profile.version;
    return plan;
  }

  Result<std::optional<StoredPlan>> read_plan(AccountId account, bool with_body) {
    const std::lock_guard lock(mutex_);
    for (auto it = d_.plans_.rbegin(); it != d_.plans_.rend(); ++it) {
      if (it->second.account == account) {
        StoredPlan plan = with_version(it->second.plan);
        if (!with_body) {
          plan.body.clear();
        }
        return std::optional<StoredPlan>(std::move(plan));
      }
    }
    return std::optional<StoredPlan>();
  }

  // Stores the value unless its client id was stored before; whether it was stored.
  template <typename T>
  bool insert(std::vector<Row<T>>& rows, const Logged<T>& logged) {
    if (has_client_id(rows, logged.client_id)) {
      return false;
    }
    rows.push_back(Row<T>{++d_.last_row_, logged.client_id, logged.value, now_utc()});
    return true;
  }

  static WriteResult written(bool stored) {
    return stored ? WriteResult::Stored : WriteResult::AlreadyStored;
  }

  const Log& log_of(AccountId account) const {
    static const Log kEmpty;
    const auto it = d_.logs_.find(account);
    return it == d_.logs_.end() ? kEmpty : it->second;
  }

  std::mutex mutex_;
  // Everything the store holds, in one value so that write_together can put it back.
  struct Data {
    // The last id given out in each table, as SQLite's rowids count from 1. The logs share one:
    // only their order shows.
    AccountId last_account_ = 0;
    std::int64_t last_study_ = 0;
    std::int64_t last_adjustment_ = 0;
    std::int64_t last_audit_ = 0;
    std::int64_t last_profile_ = 0;
    std::int64_t last_plan_ = 0;
    std::int64_t last_row_ = 0;
    std::map<AccountId, AccountRow> accounts_;
    std::map<std::string, Expiring> sessions_;                      // By token hash.
    std::map<std::string, Expiring> invites_;                       // By code hash.
    std::map<std::pair<AccountId, AccountId>, std::string> links_;  // (person, clinician).
    std::map<std::int64_t, StudyRow> studies_;
    std::map<std::pair<std::int64_t, AccountId>, Member> members_;  // (study, person).
    std::vector<AdjustmentRow> adjustments_;
    std::vector<AuditEntry> audit_;
    std::map<std::int64_t, ProfileRow> profiles_;
    std::map<std::int64_t, PlanRow> plans_;
    std::map<AccountId, Log> logs_;
  };
  Data d_;
};

}  // namespace

std::unique_ptr<Store> open_memory_store() {
  return std::make_unique<MemoryStore>();
}

}  // namespace msfit::storage

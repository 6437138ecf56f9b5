// Profiles, plans, the training log and measures on PostgreSQL: the queries of
// sqlite_profiles.cpp, sqlite_training_log.cpp and sqlite_measures.cpp, with the same results
// and errors.
//
// SQLite has one writer at a time; here writes of several instances interleave, so the writes
// that read before they write lock what they read: a new profile version locks its account,
// a set's log and its deletion lock the set's client id (an advisory lock), and a deletion
// locks its day's session before it asks whether the day is still trained.

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "pg_store.hpp"
#include "storage/stored_rows.hpp"

namespace msfit::storage::postgres {

namespace {

using namespace rows;

// An insert with ON CONFLICT DO NOTHING RETURNING id: whether it stored its row.
WriteResult written(const pqxx::result& r) {
  return r.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
}

// The account's session of the day, made when there is none. Its row stays locked until the
// transaction ends.
std::int64_t performed_session(PgStore::Tx& tx, AccountId account, Date date) {
  return exec1(tx,
               "INSERT INTO performed_sessions (account_id, date) VALUES ($1, $2) ON CONFLICT "
               "(account_id, date) DO UPDATE SET date = EXCLUDED.date RETURNING id",
               account, iso(date))[0]
      .as<std::int64_t>();
}

// Holds off, until the transaction ends, every other log or deletion of the account's set with
// `client_id`: otherwise a log that found the set not deleted could store it again just after
// a deletion commits.
void lock_set(PgStore::Tx& tx, AccountId account, const std::string& client_id) {
  exec(tx, "SELECT pg_advisory_xact_lock(hashtextextended($2, $1))", account, client_id);
}

// The newest plan matching `where` (with $1 for `key`).
Result<std::optional<StoredPlan>> read_plan(PgStore::Tx& tx, std::string_view where,
                                            std::int64_t key, bool with_body) {
  const auto r = exec(
      tx,
      fmt::format("SELECT p.id, p.profile_id, pr.version, p.engine_version, p.start_date, "
                  "p.weeks, {}, p.created_at FROM plans p JOIN profiles pr ON pr.id = p.profile_id "
                  "{} WHERE {} ORDER BY p.id DESC LIMIT 1",
                  with_body ? "b.body" : "''",
                  with_body ? "JOIN plan_bodies b ON b.plan_id = p.id" : "", where),
      key);
  if (r.empty()) {
    return std::optional<StoredPlan>();
  }
  const pqxx::row row = r[0];
  const Cells c(row);
  StoredPlan plan{c.int64(0), c.int64(1),   c.integer(2), c.text(3),
                  c.date(4),  c.integer(5), c.text(6),    c.text(7)};
  if (!c.damaged().empty()) {
    return damaged_row("reading the plan", c.damaged());
  }
  return std::optional<StoredPlan>(std::move(plan));
}

ProfileVersion read_profile(const pqxx::row& row) {
  const Cells c(row);
  return ProfileVersion{c.int64(0), c.integer(1), c.text(2), c.text(3)};
}

}  // namespace

// --- profiles and plans -----------------------------------------------------------------------

Result<ProfileVersion> PgStore::save_profile(AccountId account, std::string_view body) {
  return write("saving the profile", [&](Tx& tx) -> Result<ProfileVersion> {
    // The account's row lock orders concurrent saves, so that each reads the version the one
    // before it stored. NO KEY UPDATE: the account's other writes (their foreign-key checks)
    // do not wait for it.
    exec(tx, "SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE", account);
    return read_profile(
        exec1(tx,
              "INSERT INTO profiles (account_id, version, body) VALUES ($1, (SELECT "
              "COALESCE(MAX(version), 0) + 1 FROM profiles WHERE account_id = $1), $2) "
              "RETURNING id, version, body, created_at",
              account, std::string(body)));
  });
}

Result<std::optional<ProfileVersion>> PgStore::latest_profile(AccountId account) {
  return read("reading the profile", [&](Tx& tx) -> Result<std::optional<ProfileVersion>> {
    const auto r = exec(tx,
                        "SELECT id, version, body, created_at FROM profiles WHERE account_id = $1 "
                        "ORDER BY version DESC LIMIT 1",
                        account);
    if (r.empty()) {
      return std::optional<ProfileVersion>();
    }
    return std::optional<ProfileVersion>(read_profile(r[0]));
  });
}

Result<ProfileVersion> PgStore::profile_by_id(AccountId account, std::int64_t profile_id) {
  return read("reading the profile", [&](Tx& tx) -> Result<ProfileVersion> {
    const auto r = exec(
        tx, "SELECT id, version, body, created_at FROM profiles WHERE account_id = $1 AND id = $2",
        account, profile_id);
    if (r.empty()) {
      return fail(ErrorCode::NotFound, "no such profile", "profile");
    }
    return read_profile(r[0]);
  });
}

Result<StoredPlan> PgStore::save_plan(AccountId account, const NewPlan& plan) {
  return write("saving the plan", [&](Tx& tx) -> Result<StoredPlan> {
    const auto plan_id =
        exec1(tx,
              "INSERT INTO plans (account_id, profile_id, engine_version, start_date, weeks) "
              "VALUES ($1, $2, $3, $4, $5) RETURNING id",
              account, plan.profile_id, plan.engine_version, iso(plan.start_date), plan.weeks)[0]
            .as<std::int64_t>();
    exec(tx, "INSERT INTO plan_bodies (plan_id, body) VALUES ($1, $2)", plan_id, plan.body);
    for (const auto& s : plan.sessions) {
      exec(tx,
           "INSERT INTO planned_sessions (plan_id, date, week, kind, minutes) "
           "VALUES ($1, $2, $3, $4, $5)",
           plan_id, iso(s.date), s.week, s.kind, s.minutes);
    }
    MSFIT_ASSIGN_OR_RETURN(auto saved, read_plan(tx, "p.id = $1", plan_id, /*with_body=*/true));
    if (!saved) {
      return fail(ErrorCode::Internal, "the saved plan could not be read back");
    }
    return std::move(*saved);
  });
}

Result<std::optional<StoredPlan>> PgStore::latest_plan(AccountId account) {
  return read("reading the plan", [&](Tx& tx) {
    return read_plan(tx, "p.account_id = $1", account, /*with_body=*/true);
  });
}

Result<std::optional<StoredPlan>> PgStore::latest_plan_summary(AccountId account) {
  return read("reading the plan", [&](Tx& tx) {
    return read_plan(tx, "p.account_id = $1", account, /*with_body=*/false);
  });
}

// --- the training log -------------------------------------------------------------------------

Result<WriteResult> PgStore::log_sets(AccountId account,
                                      std::span<const Logged<core::SetLog>> sets) {
  return write("logging sets", [&](Tx& tx) -> Result<WriteResult> {
    // Client ids and then sessions are locked in one order, so that two logs cannot deadlock.
    std::vector<std::string> ids;
    for (const auto& logged : sets) {
      ids.push_back(logged.client_id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (const auto& id : ids) {
      lock_set(tx, account, id);
    }
    // A set deleted since is not stored again by a resent log of it.
    std::vector<const Logged<core::SetLog>*> kept;
    std::map<Date, std::int64_t> sessions;
    for (const auto& logged : sets) {
      if (exec(tx, "SELECT 1 FROM deleted_sets WHERE account_id = $1 AND client_id = $2", account,
               logged.client_id)
              .empty()) {
        kept.push_back(&logged);
        sessions.emplace(logged.value.date, 0);
      }
    }
    for (auto& [date, session] : sessions) {
      session = performed_session(tx, account, date);
    }
    int stored = 0;
    for (const auto* logged : kept) {
      const auto& set = logged->value;
      stored += static_cast<int>(
          exec(tx,
               "INSERT INTO strength_sets (account_id, session_id, client_id, date, "
               "exercise, set_number, reps, load_kg, rir, completed) VALUES ($1, $2, "
               "$3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (account_id, client_id) "
               "DO NOTHING RETURNING id",
               account, sessions.at(set.date), logged->client_id, iso(set.date), set.exercise,
               set.set_number, set.reps, set.load_kg, set.rir, set.completed ? 1 : 0)
              .size());
    }
    return stored == 0 && !sets.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
  });
}

Result<core::SetLog> PgStore::logged_set(AccountId account, std::string_view client_id) {
  return read("reading the set", [&](Tx& tx) -> Result<core::SetLog> {
    const auto r =
        exec(tx,
             "SELECT date, exercise, set_number, reps, load_kg, rir, completed FROM strength_sets "
             "WHERE account_id = $1 AND client_id = $2",
             account, std::string(client_id));
    if (r.empty()) {
      return no_such_set(client_id);
    }
    const pqxx::row row = r[0];
    const Cells c(row);
    core::SetLog set = read_set(c);
    if (!c.damaged().empty()) {
      return damaged_row("reading the set", c.damaged());
    }
    return set;
  });
}

Status PgStore::correct_set(AccountId account, std::string_view client_id,
                            const core::SetLog& corrected) {
  return write("correcting the set", [&](Tx& tx) -> Status {
    if (exec(tx,
             "UPDATE strength_sets SET reps = $1, load_kg = $2, rir = $3, "
             "completed = $4 WHERE account_id = $5 AND client_id = $6",
             corrected.reps, corrected.load_kg, corrected.rir, corrected.completed ? 1 : 0, account,
             std::string(client_id))
            .affected_rows() == 0) {
      return no_such_set(client_id);
    }
    return {};
  });
}

Result<WriteResult> PgStore::delete_set(AccountId account, std::string_view client_id) {
  const std::string id(client_id);
  return write("deleting the set", [&](Tx& tx) -> Result<WriteResult> {
    lock_set(tx, account, id);
    // The day's session is locked with the set: a set or bout logged on the day meanwhile
    // through another instance is then seen below, and keeps the day.
    const auto found =
        exec(tx,
             "SELECT s.session_id, s.date FROM strength_sets s JOIN performed_sessions p ON p.id = "
             "s.session_id WHERE s.account_id = $1 AND s.client_id = $2 FOR UPDATE",
             account, id);
    if (found.empty()) {
      if (!exec(tx, "SELECT 1 FROM deleted_sets WHERE account_id = $1 AND client_id = $2", account,
                id)
               .empty()) {
        return WriteResult::AlreadyStored;
      }
      return no_such_set(client_id);
    }
    const pqxx::row row = found[0];
    const Cells c(row);
    const std::int64_t session = c.int64(0);
    const std::string date = c.text(1);
    exec(tx, "DELETE FROM strength_sets WHERE account_id = $1 AND client_id = $2", account, id);
    exec(tx, "INSERT INTO deleted_sets (account_id, client_id) VALUES ($1, $2)", account, id);
    // The day stops counting as trained when nothing else was logged on it.
    exec(tx,
         "DELETE FROM performed_sessions WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM "
         "strength_sets WHERE account_id = $2 AND date = $3) AND NOT EXISTS (SELECT 1 FROM "
         "aerobic_bouts WHERE account_id = $2 AND date = $3)",
         session, account, date);
    return WriteResult::Stored;
  });
}

Result<WriteResult> PgStore::log_cardio(AccountId account, const Logged<core::CardioLog>& bout) {
  return write("logging cardio", [&](Tx& tx) -> Result<WriteResult> {
    const auto& b = bout.value;
    const std::int64_t session = performed_session(tx, account, b.date);
    return written(exec(
        tx,
        "INSERT INTO aerobic_bouts (account_id, session_id, client_id, date, exercise, minutes, "
        "mean_hr, watts, rpe) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        "ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
        account, session, bout.client_id, iso(b.date), b.exercise, b.minutes, b.mean_hr, b.watts,
        b.rpe));
  });
}

Result<WriteResult> PgStore::log_check_in(AccountId account,
                                          const Logged<core::CheckIn>& check_in) {
  return write("saving the check-in", [&](Tx& tx) -> Result<WriteResult> {
    const auto& c = check_in.value;
    return written(exec(
        tx,
        "INSERT INTO checkins (account_id, client_id, date, fatigue, sleep_quality, feels_hot, "
        "ambient_temp_c, symptoms, relapse) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        "ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
        account, check_in.client_id, iso(c.date), c.fatigue, c.sleep_quality, c.feels_hot ? 1 : 0,
        c.ambient_temp_c, join_symptoms(c.symptoms), c.relapse ? 1 : 0));
  });
}

Result<WriteResult> PgStore::add_note(AccountId account, const Logged<Note>& note) {
  return write("saving the note", [&](Tx& tx) -> Result<WriteResult> {
    return written(
        exec(tx,
             "INSERT INTO notes (account_id, client_id, date, body) VALUES ($1, $2, $3, $4) "
             "ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
             account, note.client_id, iso(note.value.date), note.value.body));
  });
}

Result<WriteResult> PgStore::record_clearance(AccountId account,
                                              const Logged<core::Clearance>& clearance) {
  return write("recording the clearance", [&](Tx& tx) -> Result<WriteResult> {
    const auto& c = clearance.value;
    return written(exec(
        tx,
        "INSERT INTO plan_events (account_id, client_id, date, kind, by_role) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
        account, clearance.client_id, iso(c.date),
        std::string(c.kind == core::ClearanceKind::Relapse ? "resume" : "medical_clearance"),
        std::string(core::to_string(c.by))));
  });
}

Result<WriteResult> PgStore::log_items(AccountId account,
                                       std::span<const Logged<core::ItemLog>> items) {
  return write("logging exercises", [&](Tx& tx) -> Result<WriteResult> {
    int stored = 0;
    for (const auto& logged : items) {
      const auto& item = logged.value;
      std::optional<std::string> rating;
      if (item.rating) {
        rating = std::string(core::to_string(*item.rating));
      }
      stored +=
          static_cast<int>(exec(tx,
                                "INSERT INTO item_logs (account_id, client_id, date, exercise, "
                                "completed, rating) VALUES ($1, $2, $3, $4, $5, $6) "
                                "ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
                                account, logged.client_id, iso(item.date), item.exercise,
                                item.completed ? 1 : 0, rating)
                               .size());
    }
    return stored == 0 && !items.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
  });
}

Result<std::vector<core::ItemLog>> PgStore::item_logs(AccountId account, Date from, Date to) {
  return read("reading logged exercises", [&](Tx& tx) -> Result<std::vector<core::ItemLog>> {
    std::vector<core::ItemLog> out;
    for (const auto& row : exec(tx,
                                "SELECT date, exercise, completed, rating FROM item_logs WHERE "
                                "account_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, id",
                                account, iso(from), iso(to))) {
      const Cells c(row);
      out.push_back(read_item(c));
      if (!c.damaged().empty()) {
        return damaged_row("reading logged exercises", c.damaged());
      }
    }
    return out;
  });
}

Status PgStore::save_swap(AccountId account, const Swap& swap) {
  return write("saving the swap", [&](Tx& tx) -> Status {
    exec(tx,
         "INSERT INTO exercise_swaps (account_id, exercise, one_day, replacement, since, until) "
         "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, exercise, one_day) DO UPDATE "
         "SET replacement = EXCLUDED.replacement, since = EXCLUDED.since, until = EXCLUDED.until",
         account, swap.exercise, swap.until ? 1 : 0, swap.replacement, iso(swap.since),
         swap.until ? std::optional(iso(*swap.until)) : std::nullopt);
    return {};
  });
}

Result<std::vector<core::SetLog>> PgStore::recent_sets(AccountId account, std::string_view exercise,
                                                       Date until, int max_days) {
  return read("reading sets", [&](Tx& tx) -> Result<std::vector<core::SetLog>> {
    std::vector<core::SetLog> out;
    for (const auto& row :
         exec(tx,
              "SELECT date, exercise, set_number, reps, load_kg, rir, completed FROM "
              "strength_sets WHERE account_id = $1 AND exercise = $2 AND date IN (SELECT DISTINCT "
              "date FROM strength_sets WHERE account_id = $1 AND exercise = $2 AND date <= $3 "
              "ORDER BY date DESC LIMIT $4) ORDER BY date DESC, set_number, id",
              account, std::string(exercise), iso(until), std::max(max_days, 0))) {
      const Cells c(row);
      out.push_back(read_set(c));
      if (!c.damaged().empty()) {
        return damaged_row("reading sets", c.damaged());
      }
    }
    return out;
  });
}

Result<TrainingState> PgStore::training_state(AccountId account, Date today) {
  return read("reading the training state", [&](Tx& tx) -> Result<TrainingState> {
    TrainingState state;
    {
      const pqxx::row row =
          exec1(tx, "SELECT MAX(date) FROM performed_sessions WHERE account_id = $1 AND date < $2",
                account, iso(today));
      const Cells c(row);
      if (!c.is_null(0)) {
        state.last_training = c.date(0);
        if (!c.damaged().empty()) {
          return damaged_row("reading the last session", c.damaged());
        }
      }
    }
    for (const auto& row :
         exec(tx,
              "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse "
              "FROM checkins WHERE account_id = $1 AND date = $2 ORDER BY id DESC LIMIT 1",
              account, iso(today))) {
      state.check_in = read_check_in(Cells(row));
    }
    // Check-ins with symptoms or a relapse, up to today (core decides which are red flags).
    for (const auto& row :
         exec(tx,
              "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse, "
              "created_at FROM checkins WHERE account_id = $1 AND date BETWEEN $2 AND $3 "
              "AND (relapse = 1 OR symptoms <> '') ORDER BY date, id",
              account, iso(today - Date::duration{kFlaggedDays}), iso(today))) {
      const Cells c(row);
      state.flagged.push_back(read_check_in(c));
      state.flagged.back().recorded_at = c.text(7);
      if (!c.damaged().empty()) {
        return damaged_row("reading check-ins", c.damaged());
      }
    }
    for (const auto& row :
         exec(tx,
              "SELECT date, kind, by_role, created_at FROM plan_events WHERE account_id = $1 "
              "AND date <= $2 ORDER BY date, id",
              account, iso(today))) {
      const Cells c(row);
      state.clearances.push_back(read_clearance(c));
      state.clearances.back().recorded_at = c.text(3);
      if (!c.damaged().empty()) {
        return damaged_row("reading clearances", c.damaged());
      }
    }
    // The swaps of today: a one-day swap (one_day 1, after the standing one of its exercise)
    // takes the place of the standing swap on its day.
    for (const auto& row :
         exec(tx,
              "SELECT exercise, replacement, since, until FROM exercise_swaps WHERE account_id = "
              "$1 AND since <= $2 AND (until IS NULL OR until >= $2) "
              "ORDER BY exercise COLLATE \"C\", one_day",
              account, iso(today))) {
      const Cells c(row);
      add_swap(state.swaps, c);
      if (!c.damaged().empty()) {
        return damaged_row("reading swaps", c.damaged());
      }
    }
    return state;
  });
}

Result<History> PgStore::history(AccountId account, Date from, Date to) {
  constexpr std::string_view kWhat = "reading history";
  return read(kWhat, [&](Tx& tx) -> Result<History> {
    History h;
    // Every query has the account and the dates as $1, $2 and $3.
    const auto rows = [&](const char* sql) { return exec(tx, sql, account, iso(from), iso(to)); };
    for (const auto& row :
         rows("SELECT date, exercise, set_number, reps, load_kg, rir, completed, client_id FROM "
              "strength_sets WHERE account_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, id")) {
      const Cells c(row);
      h.sets.push_back(read_set(c));
      h.set_client_ids.push_back(c.text(7));
      if (!c.damaged().empty()) {
        return damaged_row(kWhat, c.damaged());
      }
    }
    for (const auto& row :
         rows("SELECT date, exercise, minutes, mean_hr, watts, rpe FROM aerobic_bouts WHERE "
              "account_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, id")) {
      const Cells c(row);
      h.cardio.push_back(core::CardioLog{c.date(0), c.text(1), c.integer(2), c.opt_int(3),
                                         c.opt_int(4), c.opt_int(5)});
      if (!c.damaged().empty()) {
        return damaged_row(kWhat, c.damaged());
      }
    }
    for (const auto& row :
         rows("SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse "
              "FROM checkins WHERE account_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, id")) {
      const Cells c(row);
      h.check_ins.push_back(read_check_in(c));
      if (!c.damaged().empty()) {
        return damaged_row(kWhat, c.damaged());
      }
    }
    for (const auto& row : rows("SELECT date, body FROM notes WHERE account_id = $1 AND date "
                                "BETWEEN $2 AND $3 ORDER BY date, id")) {
      const Cells c(row);
      h.notes.push_back(Note{c.date(0), c.text(1)});
      if (!c.damaged().empty()) {
        return damaged_row(kWhat, c.damaged());
      }
    }
    for (const auto& row : rows("SELECT date, exercise, completed, rating FROM item_logs WHERE "
                                "account_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, id")) {
      const Cells c(row);
      h.items.push_back(read_item(c));
      if (!c.damaged().empty()) {
        return damaged_row(kWhat, c.damaged());
      }
    }
    for (const auto& row : rows("SELECT date, kind, by_role FROM plan_events WHERE account_id = "
                                "$1 AND date BETWEEN $2 AND $3 ORDER BY date, id")) {
      const Cells c(row);
      h.clearances.push_back(read_clearance(c));
      if (!c.damaged().empty()) {
        return damaged_row(kWhat, c.damaged());
      }
    }
    return h;
  });
}

Result<std::set<Date>> PgStore::logged_days(AccountId account, Date from, Date to) {
  return read("reading logged days", [&](Tx& tx) -> Result<std::set<Date>> {
    std::set<Date> days;
    for (const auto& row : exec(
             tx,
             "SELECT date FROM performed_sessions WHERE account_id = $1 AND date BETWEEN $2 AND $3",
             account, iso(from), iso(to))) {
      const Cells c(row);
      days.insert(c.date(0));
      if (!c.damaged().empty()) {
        return damaged_row("reading logged days", c.damaged());
      }
    }
    return days;
  });
}

// --- measures ---------------------------------------------------------------------------------

Result<WriteResult> PgStore::add_measure(AccountId account,
                                         const Logged<core::MeasureRecord>& record) {
  const auto& r = record.value;
  std::string trials;
  for (double t : r.trials) {
    trials += trials.empty() ? fmt::format("{}", t) : fmt::format(",{}", t);
  }
  std::optional<std::string> side;
  if (r.side) {
    side = std::string(core::to_string(*r.side));
  }
  return write("saving the measure", [&](Tx& tx) -> Result<WriteResult> {
    return written(
        exec(tx,
             "INSERT INTO measures (account_id, client_id, date, measure, side, trials, value, "
             "entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
             "ON CONFLICT (account_id, client_id) DO NOTHING RETURNING id",
             account, record.client_id, iso(r.date), r.measure, side, trials, r.value,
             std::string(r.entered_by == core::Role::Clinician ? "clinician" : "person")));
  });
}

Result<std::vector<core::MeasureRecord>> PgStore::measures(AccountId account,
                                                           std::string_view measure, Date from,
                                                           Date to) {
  return read("reading measures", [&](Tx& tx) -> Result<std::vector<core::MeasureRecord>> {
    std::vector<core::MeasureRecord> out;
    for (const auto& row :
         exec(tx,
              "SELECT date, measure, side, trials, value, entered_by FROM measures "
              "WHERE account_id = $1 AND ($2::text = '' OR measure = $2) "
              "AND date BETWEEN $3 AND $4 ORDER BY date, id",
              account, std::string(measure), iso(from), iso(to))) {
      const Cells c(row);
      core::MeasureRecord r;
      r.date = c.date(0);
      r.measure = c.text(1);
      if (!c.is_null(2)) {
        r.side = core::parse_enum<core::Side>(c.text(2));
      }
      std::stringstream trials(c.text(3));
      std::string item;
      while (std::getline(trials, item, ',')) {
        r.trials.push_back(std::strtod(item.c_str(), nullptr));
      }
      r.value = c.real(4);
      r.entered_by = c.text(5) == "clinician" ? core::Role::Clinician : core::Role::Person;
      if (!c.damaged().empty()) {
        return damaged_row("reading measures", c.damaged());
      }
      out.push_back(std::move(r));
    }
    return out;
  });
}

}  // namespace msfit::storage::postgres

#include <algorithm>

#include "sqlite_store.hpp"
#include "storage/stored_rows.hpp"

namespace msfit::storage::sqlite {

using namespace rows;

Result<std::int64_t> SqliteStore::performed_session(AccountId account, Date date) {
  Stmt insert(*stmts_,
              "INSERT INTO performed_sessions (account_id, date) VALUES (?, ?) "
              "ON CONFLICT (account_id, date) DO NOTHING");
  if (!insert.ok() || insert.bind(1, account).bind(2, date).step() != SQLITE_DONE) {
    return storage_error(db_, "recording the session");
  }
  Stmt select(*stmts_, "SELECT id FROM performed_sessions WHERE account_id = ? AND date = ?");
  if (!select.ok() || select.bind(1, account).bind(2, date).step() != SQLITE_ROW) {
    return storage_error(db_, "recording the session");
  }
  return select.int64(0);
}

Result<WriteResult> SqliteStore::log_sets(AccountId account,
                                          std::span<const Logged<core::SetLog>> sets) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO strength_sets (account_id, session_id, client_id, date, exercise, "
              "set_number, reps, load_kg, rir, completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (account_id, client_id) DO NOTHING");
  // A set deleted since is not stored again by a resent log of it. (Sets are deleted from
  // schema version 9; an older database, opened at its version by the upgrade tests, has none.)
  Stmt deleted(*stmts_, schema_version_ >= 9
                            ? "SELECT 1 FROM deleted_sets WHERE account_id = ? AND client_id = ?"
                            : "SELECT 1 WHERE ? IS NULL AND ? IS NULL");
  if (!insert.ok() || !deleted.ok()) {
    return storage_error(db_, "logging sets");
  }
  std::map<Date, std::int64_t> sessions;
  int stored = 0;
  for (const auto& logged : sets) {
    const auto& set = logged.value;
    deleted.reset();
    if (const int rc = deleted.bind(1, account).bind(2, logged.client_id).step();
        rc == SQLITE_ROW) {
      continue;
    } else if (rc != SQLITE_DONE) {
      return storage_error(db_, "logging sets");
    }
    auto it = sessions.find(set.date);
    if (it == sessions.end()) {
      MSFIT_ASSIGN_OR_RETURN(const std::int64_t id, performed_session(account, set.date));
      it = sessions.emplace(set.date, id).first;
    }
    insert.reset();
    if (insert.bind(1, account)
            .bind(2, it->second)
            .bind(3, logged.client_id)
            .bind(4, set.date)
            .bind(5, set.exercise)
            .bind(6, set.set_number)
            .bind(7, set.reps)
            .bind(8, set.load_kg)
            .bind(9, set.rir)
            .bind(10, set.completed ? 1 : 0)
            .step() != SQLITE_DONE) {
      return storage_error(db_, "logging sets");
    }
    stored += sqlite3_changes(db_);
  }
  MSFIT_TRY(tx.commit());
  return stored == 0 && !sets.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<core::SetLog> SqliteStore::logged_set(AccountId account, std::string_view client_id) {
  Stmt s(*stmts_,
         "SELECT date, exercise, set_number, reps, load_kg, rir, completed FROM strength_sets "
         "WHERE account_id = ? AND client_id = ?");
  if (!s.ok()) {
    return storage_error(db_, "reading the set");
  }
  const int rc = s.bind(1, account).bind(2, client_id).step();
  if (rc == SQLITE_DONE) {
    return no_such_set(client_id);
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "reading the set");
  }
  core::SetLog set = read_set(s);
  if (!s.damaged().empty()) {
    return damaged_row("reading the set", s.damaged());
  }
  return set;
}

Status SqliteStore::correct_set(AccountId account, std::string_view client_id,
                                const core::SetLog& corrected) {
  MSFIT_ASSIGN_OR_RETURN(
      const Written w,
      write_one("UPDATE strength_sets SET reps = ?, load_kg = ?, rir = ?, completed = ? "
                "WHERE account_id = ? AND client_id = ?",
                "correcting the set", [&](Stmt& s) {
                  s.bind(1, corrected.reps)
                      .bind(2, corrected.load_kg)
                      .bind(3, corrected.rir)
                      .bind(4, corrected.completed ? 1 : 0)
                      .bind(5, account)
                      .bind(6, client_id);
                }));
  if (w.changed == 0) {
    return no_such_set(client_id);
  }
  return {};
}

Result<WriteResult> SqliteStore::delete_set(AccountId account, std::string_view client_id) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt find(*stmts_,
            "SELECT session_id, date FROM strength_sets WHERE account_id = ? AND client_id = ?");
  if (!find.ok()) {
    return storage_error(db_, "deleting the set");
  }
  const int rc = find.bind(1, account).bind(2, client_id).step();
  if (rc == SQLITE_DONE) {
    Stmt gone(*stmts_, "SELECT 1 FROM deleted_sets WHERE account_id = ? AND client_id = ?");
    if (!gone.ok()) {
      return storage_error(db_, "deleting the set");
    }
    const int was = gone.bind(1, account).bind(2, client_id).step();
    if (was == SQLITE_ROW) {
      return WriteResult::AlreadyStored;
    }
    if (was != SQLITE_DONE) {
      return storage_error(db_, "deleting the set");
    }
    return no_such_set(client_id);
  }
  if (rc != SQLITE_ROW) {
    return storage_error(db_, "deleting the set");
  }
  const std::int64_t session = find.int64(0);
  const Date date = find.date(1);
  Stmt remove(*stmts_, "DELETE FROM strength_sets WHERE account_id = ? AND client_id = ?");
  Stmt keep(*stmts_, "INSERT INTO deleted_sets (account_id, client_id) VALUES (?, ?)");
  // The day stops counting as trained when nothing else was logged on it.
  Stmt empty_day(*stmts_,
                 "DELETE FROM performed_sessions WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                 "strength_sets WHERE account_id = ?2 AND date = ?3) AND NOT EXISTS (SELECT 1 "
                 "FROM aerobic_bouts WHERE account_id = ?2 AND date = ?3)");
  if (!remove.ok() || !keep.ok() || !empty_day.ok() ||
      remove.bind(1, account).bind(2, client_id).step() != SQLITE_DONE ||
      keep.bind(1, account).bind(2, client_id).step() != SQLITE_DONE ||
      empty_day.bind(1, session).bind(2, account).bind(3, date).step() != SQLITE_DONE) {
    return storage_error(db_, "deleting the set");
  }
  MSFIT_TRY(tx.commit());
  return WriteResult::Stored;
}

Result<WriteResult> SqliteStore::log_cardio(AccountId account,
                                            const Logged<core::CardioLog>& bout) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  MSFIT_ASSIGN_OR_RETURN(const std::int64_t session, performed_session(account, bout.value.date));
  Stmt insert(*stmts_,
              "INSERT INTO aerobic_bouts (account_id, session_id, client_id, date, exercise, "
              "minutes, mean_hr, watts, rpe) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (account_id, client_id) DO NOTHING");
  const auto& b = bout.value;
  if (!insert.ok() || insert.bind(1, account)
                              .bind(2, session)
                              .bind(3, bout.client_id)
                              .bind(4, b.date)
                              .bind(5, b.exercise)
                              .bind(6, b.minutes)
                              .bind(7, b.mean_hr)
                              .bind(8, b.watts)
                              .bind(9, b.rpe)
                              .step() != SQLITE_DONE) {
    return storage_error(db_, "logging cardio");
  }
  const int changed = sqlite3_changes(db_);
  MSFIT_TRY(tx.commit());
  return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<WriteResult> SqliteStore::log_check_in(AccountId account,
                                              const Logged<core::CheckIn>& check_in) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO checkins (account_id, client_id, date, fatigue, sleep_quality, "
              "feels_hot, ambient_temp_c, symptoms, relapse) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (account_id, client_id) DO NOTHING");
  const auto& c = check_in.value;
  if (!insert.ok() || insert.bind(1, account)
                              .bind(2, check_in.client_id)
                              .bind(3, c.date)
                              .bind(4, c.fatigue)
                              .bind(5, c.sleep_quality)
                              .bind(6, c.feels_hot ? 1 : 0)
                              .bind(7, c.ambient_temp_c)
                              .bind(8, join_symptoms(c.symptoms))
                              .bind(9, c.relapse ? 1 : 0)
                              .step() != SQLITE_DONE) {
    return storage_error(db_, "saving the check-in");
  }
  const int changed = sqlite3_changes(db_);
  MSFIT_TRY(tx.commit());
  return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<WriteResult> SqliteStore::add_note(AccountId account, const Logged<Note>& note) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO notes (account_id, client_id, date, body) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (account_id, client_id) DO NOTHING");
  if (!insert.ok() || insert.bind(1, account)
                              .bind(2, note.client_id)
                              .bind(3, note.value.date)
                              .bind(4, note.value.body)
                              .step() != SQLITE_DONE) {
    return storage_error(db_, "saving the note");
  }
  const int changed = sqlite3_changes(db_);
  MSFIT_TRY(tx.commit());
  return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<WriteResult> SqliteStore::record_clearance(AccountId account,
                                                  const Logged<core::Clearance>& clearance) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO plan_events (account_id, client_id, date, kind, by_role) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, client_id) DO NOTHING");
  const auto& c = clearance.value;
  if (!insert.ok() ||
      insert.bind(1, account)
              .bind(2, clearance.client_id)
              .bind(3, c.date)
              .bind(4, c.kind == core::ClearanceKind::Relapse ? "resume" : "medical_clearance")
              .bind(5, core::to_string(c.by))
              .step() != SQLITE_DONE) {
    return storage_error(db_, "recording the clearance");
  }
  const int changed = sqlite3_changes(db_);
  MSFIT_TRY(tx.commit());
  return changed == 0 ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<WriteResult> SqliteStore::log_items(AccountId account,
                                           std::span<const Logged<core::ItemLog>> items) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt insert(*stmts_,
              "INSERT INTO item_logs (account_id, client_id, date, exercise, completed, rating) "
              "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, client_id) DO NOTHING");
  if (!insert.ok()) {
    return storage_error(db_, "logging exercises");
  }
  int stored = 0;
  for (const auto& logged : items) {
    const auto& item = logged.value;
    std::optional<std::string> rating;
    if (item.rating) {
      rating = std::string(core::to_string(*item.rating));
    }
    insert.reset();
    if (insert.bind(1, account)
            .bind(2, logged.client_id)
            .bind(3, item.date)
            .bind(4, item.exercise)
            .bind(5, item.completed ? 1 : 0)
            .bind(6, rating)
            .step() != SQLITE_DONE) {
      return storage_error(db_, "logging exercises");
    }
    stored += sqlite3_changes(db_);
  }
  MSFIT_TRY(tx.commit());
  return stored == 0 && !items.empty() ? WriteResult::AlreadyStored : WriteResult::Stored;
}

Result<std::vector<core::ItemLog>> SqliteStore::item_logs(AccountId account, Date from, Date to) {
  std::vector<core::ItemLog> out;
  MSFIT_TRY(for_each_row(
      "SELECT date, exercise, completed, rating FROM item_logs WHERE account_id = ? AND date "
      "BETWEEN ? AND ? ORDER BY date, id",
      "reading logged exercises", [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); },
      [&](const Stmt& s) { out.push_back(read_item(s)); }));
  return out;
}

Status SqliteStore::save_swap(AccountId account, const Swap& swap) {
  Tx tx(*this);
  MSFIT_TRY(tx.begin());
  Stmt upsert(*stmts_,
              "INSERT INTO exercise_swaps (account_id, exercise, one_day, replacement, since, "
              "until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, exercise, one_day) DO "
              "UPDATE SET replacement = excluded.replacement, since = excluded.since, "
              "until = excluded.until");
  if (!upsert.ok() || upsert.bind(1, account)
                              .bind(2, swap.exercise)
                              .bind(3, swap.until ? 1 : 0)
                              .bind(4, swap.replacement)
                              .bind(5, swap.since)
                              .bind(6, swap.until)
                              .step() != SQLITE_DONE) {
    return storage_error(db_, "saving the swap");
  }
  return tx.commit();
}

Result<std::vector<core::SetLog>> SqliteStore::recent_sets(AccountId account,
                                                           std::string_view exercise, Date until,
                                                           int max_days) {
  // One backward scan of strength_sets_by_exercise, newest day first, stopped after
  // `max_days` days: no temporary b-tree for an IN list or a sort (this runs for every
  // strength exercise of every "today"). Within a day, sets are put in order here.
  Stmt s(*stmts_,
         "SELECT date, exercise, set_number, reps, load_kg, rir, completed, id FROM "
         "strength_sets WHERE account_id = ? AND exercise = ? AND date <= ? ORDER BY date DESC");
  if (!s.ok()) {
    return storage_error(db_, "reading sets");
  }
  s.bind(1, account).bind(2, exercise).bind(3, until);
  std::vector<std::pair<std::int64_t, core::SetLog>> rows;
  int days = 0;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    core::SetLog set = read_set(s);
    if (rows.empty() || rows.back().second.date != set.date) {
      if (++days > max_days) {
        rc = SQLITE_DONE;
        break;
      }
    }
    rows.emplace_back(s.int64(7), std::move(set));
  }
  if (rc != SQLITE_DONE) {
    return storage_error(db_, "reading sets");
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.second.date != b.second.date) {
      return a.second.date > b.second.date;
    }
    return std::pair(a.second.set_number, a.first) < std::pair(b.second.set_number, b.first);
  });
  std::vector<core::SetLog> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    out.push_back(std::move(row.second));
  }
  return out;
}

Result<std::optional<Date>> SqliteStore::single_date(std::string_view sql, AccountId account,
                                                     Date today, std::string_view what) {
  Stmt s(*stmts_, sql);
  if (!s.ok()) {
    return storage_error(db_, what);
  }
  const int rc = s.bind(1, account).bind(2, today).step();
  if (rc != SQLITE_ROW) {
    return rc == SQLITE_DONE ? Result<std::optional<Date>>(std::nullopt) : storage_error(db_, what);
  }
  if (s.is_null(0)) {
    return std::optional<Date>();
  }
  const Date d = s.date(0);
  if (!s.damaged().empty()) {
    return damaged_row(what, s.damaged());
  }
  return std::optional<Date>(d);
}

Result<TrainingState> SqliteStore::training_state(AccountId account, Date today) {
  TrainingState state;
  MSFIT_ASSIGN_OR_RETURN(
      state.last_training,
      single_date("SELECT MAX(date) FROM performed_sessions WHERE account_id = ? AND date < ?",
                  account, today, "reading the last session"));
  Stmt c(*stmts_,
         "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse "
         "FROM checkins WHERE account_id = ? AND date = ? ORDER BY id DESC LIMIT 1");
  if (!c.ok()) {
    return storage_error(db_, "reading the check-in");
  }
  if (const int rc = c.bind(1, account).bind(2, today).step(); rc == SQLITE_ROW) {
    state.check_in = read_check_in(c);
  } else if (rc != SQLITE_DONE) {
    return storage_error(db_, "reading the check-in");
  }
  // Check-ins with symptoms or a relapse, up to today (core decides which are red flags).
  MSFIT_TRY(for_each_row(
      "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse, "
      "created_at FROM checkins WHERE account_id = ? AND date BETWEEN ? AND ? "
      "AND (relapse = 1 OR symptoms <> '') ORDER BY date, id",
      "reading check-ins",
      [&](Stmt& s) {
        s.bind(1, account).bind(2, today - core::Date::duration{kFlaggedDays}).bind(3, today);
      },
      [&](const Stmt& s) {
        state.flagged.push_back(read_check_in(s));
        state.flagged.back().recorded_at = s.text(7);
      }));
  MSFIT_TRY(for_each_row(
      "SELECT date, kind, by_role, created_at FROM plan_events WHERE account_id = ? "
      "AND date <= ? ORDER BY date, id",
      "reading clearances", [&](Stmt& s) { s.bind(1, account).bind(2, today); },
      [&](const Stmt& s) {
        state.clearances.push_back(read_clearance(s));
        state.clearances.back().recorded_at = s.text(3);
      }));
  // The swaps of today: a one-day swap (one_day 1, after the standing one of its exercise)
  // takes the place of the standing swap on its day.
  MSFIT_TRY(for_each_row(
      schema_version_ >= 10
          ? "SELECT exercise, replacement, since, until FROM exercise_swaps WHERE account_id = ?1 "
            "AND since <= ?2 AND (until IS NULL OR until >= ?2) ORDER BY exercise, one_day"
          : "SELECT exercise, replacement, since, NULL FROM exercise_swaps WHERE account_id = ?1 "
            "AND since <= ?2 ORDER BY exercise",
      "reading swaps", [&](Stmt& s) { s.bind(1, account).bind(2, today); },
      [&](const Stmt& s) { add_swap(state.swaps, s); }));
  return state;
}

Result<History> SqliteStore::history(AccountId account, Date from, Date to) {
  History h;
  const auto range = [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); };
  MSFIT_TRY(for_each_row(
      "SELECT date, exercise, set_number, reps, load_kg, rir, completed, client_id FROM "
      "strength_sets WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
      "reading history", range, [&](const Stmt& s) {
        h.sets.push_back(read_set(s));
        h.set_client_ids.push_back(s.text(7));
      }));
  MSFIT_TRY(
      for_each_row("SELECT date, exercise, minutes, mean_hr, watts, rpe FROM aerobic_bouts "
                   "WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
                   "reading history", range, [&](const Stmt& s) {
                     h.cardio.push_back(core::CardioLog{s.date(0), s.text(1), s.integer(2),
                                                        s.opt_int(3), s.opt_int(4), s.opt_int(5)});
                   }));
  MSFIT_TRY(for_each_row(
      "SELECT date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse "
      "FROM checkins WHERE account_id = ? AND date BETWEEN ? AND ? ORDER BY date, id",
      "reading history", range, [&](const Stmt& s) { h.check_ins.push_back(read_check_in(s)); }));
  MSFIT_TRY(
      for_each_row("SELECT date, body FROM notes WHERE account_id = ? AND date BETWEEN ? AND ? "
                   "ORDER BY date, id",
                   "reading history", range, [&](const Stmt& s) {
                     h.notes.push_back(Note{s.date(0), s.text(1)});
                   }));
  MSFIT_TRY(for_each_row(
      "SELECT date, exercise, completed, rating FROM item_logs WHERE account_id = ? AND date "
      "BETWEEN ? AND ? ORDER BY date, id",
      "reading history", range, [&](const Stmt& s) { h.items.push_back(read_item(s)); }));
  MSFIT_TRY(for_each_row(
      "SELECT date, kind, by_role FROM plan_events WHERE account_id = ? AND date BETWEEN ? AND ? "
      "ORDER BY date, id",
      "reading history", range, [&](const Stmt& s) { h.clearances.push_back(read_clearance(s)); }));
  return h;
}

Result<std::set<Date>> SqliteStore::logged_days(AccountId account, Date from, Date to) {
  std::set<Date> days;
  MSFIT_TRY(for_each_row(
      "SELECT date FROM performed_sessions WHERE account_id = ? AND date BETWEEN ? AND ?",
      "reading logged days", [&](Stmt& s) { s.bind(1, account).bind(2, from).bind(3, to); },
      [&](const Stmt& s) { days.insert(s.date(0)); }));
  return days;
}

}  // namespace msfit::storage::sqlite

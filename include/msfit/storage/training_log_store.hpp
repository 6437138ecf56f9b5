#pragma once

// The training log: sets, cardio, check-ins, notes, clearances, exercises without a load and
// swaps, and what the adaptation rules and the history views read back. The contract of every
// storage interface (durability, idempotency, threads) is in store.hpp.

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/account.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/history.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/training_log.hpp"
#include "msfit/storage/logged.hpp"

namespace msfit::storage {

using Note = core::Note;
using History = core::History;

struct Swap {
  std::string exercise;
  std::string replacement;
  core::Date since{};
  // The last day a swap of one day only applies (then `since` too); empty for a swap from
  // `since` on.
  std::optional<core::Date> until;
};

// What the adaptation rules need to know about the days around "today".
struct TrainingState {
  std::optional<core::Date> last_training;  // Latest logged day before today.
  std::optional<core::CheckIn> check_in;    // The latest check-in on today.
  // Check-ins of the last 400 days up to today with any symptom or a relapse, oldest first,
  // and every clearance up to today: core::open_holds() decides what still holds.
  std::vector<core::CheckIn> flagged;
  std::vector<core::Clearance> clearances;
  // The swaps that apply today, one per exercise (a swap of one day only before the standing
  // one), by exercise.
  std::vector<Swap> swaps;
};

class TrainingLogStore {
 public:
  virtual ~TrainingLogStore() = default;

  // Stores all sets in one transaction (all or none). AlreadyStored when every set's client id
  // was stored before; sets already stored are skipped.
  [[nodiscard]] virtual Result<WriteResult> log_sets(
      core::AccountId account, std::span<const Logged<core::SetLog>> sets) = 0;
  [[nodiscard]] virtual Result<WriteResult> log_cardio(core::AccountId account,
                                                       const Logged<core::CardioLog>& bout) = 0;
  [[nodiscard]] virtual Result<WriteResult> log_check_in(core::AccountId account,
                                                         const Logged<core::CheckIn>& check_in) = 0;
  [[nodiscard]] virtual Result<WriteResult> add_note(core::AccountId account,
                                                     const Logged<Note>& note) = 0;
  // A clearance after a relapse ("resume") or a red flag ("medical").
  [[nodiscard]] virtual Result<WriteResult> record_clearance(
      core::AccountId account, const Logged<core::Clearance>& clearance) = 0;
  // The set logged with `client_id`. NotFound (field "client_id") when the account has no such
  // set, also when it was deleted.
  [[nodiscard]] virtual Result<core::SetLog> logged_set(core::AccountId account,
                                                        std::string_view client_id) = 0;
  // Stores corrected values of the set logged with `client_id`: reps, load_kg, rir and
  // completed (its date, exercise and set number stay). NotFound as logged_set().
  [[nodiscard]] virtual Status correct_set(core::AccountId account, std::string_view client_id,
                                           const core::SetLog& corrected) = 0;
  // Deletes the set logged with `client_id`: Stored when it is deleted now, AlreadyStored when
  // it was deleted before; NotFound (field "client_id") when the account never logged it. The
  // client id is kept, so a resent log of the set is not stored again (AlreadyStored); the day
  // no longer counts as trained when nothing else was logged on it.
  [[nodiscard]] virtual Result<WriteResult> delete_set(core::AccountId account,
                                                       std::string_view client_id) = 0;
  // Exercises done without a load (balance, stretches), with the person's rating; all or none.
  [[nodiscard]] virtual Result<WriteResult> log_items(
      core::AccountId account, std::span<const Logged<core::ItemLog>> items) = 0;
  // Between the dates (inclusive), oldest first.
  [[nodiscard]] virtual Result<std::vector<core::ItemLog>> item_logs(core::AccountId account,
                                                                     core::Date from,
                                                                     core::Date to) = 0;
  // Replaces any earlier swap of the same exercise and scope: a swap of one day only replaces
  // the last one-day swap, a standing swap the last standing one (the standing swap applies
  // again after a one-day swap's day).
  [[nodiscard]] virtual Status save_swap(core::AccountId account, const Swap& swap) = 0;

  // The most recent `max_days` days on or before `until` on which the exercise was logged,
  // every set of those days, most recent day first (set number ascending within a day).
  [[nodiscard]] virtual Result<std::vector<core::SetLog>> recent_sets(core::AccountId account,
                                                                      std::string_view exercise,
                                                                      core::Date until,
                                                                      int max_days) = 0;
  [[nodiscard]] virtual Result<TrainingState> training_state(core::AccountId account,
                                                             core::Date today) = 0;
  // Every kind of record between the dates (inclusive), each oldest first.
  [[nodiscard]] virtual Result<History> history(core::AccountId account, core::Date from,
                                                core::Date to) = 0;
  // The days between the dates (inclusive) with a set or a cardio bout logged.
  [[nodiscard]] virtual Result<std::set<core::Date>> logged_days(core::AccountId account,
                                                                 core::Date from,
                                                                 core::Date to) = 0;
};

}  // namespace msfit::storage

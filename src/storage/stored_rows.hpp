#pragma once

// What the SQLite and PostgreSQL stores share in reading and writing rows: the columns of a set,
// a clearance, an item log and a check-in read from a row (any row type with date(), text(),
// integer(), real(), opt_int(), opt_real() and is_null() by column), symptoms as stored, and
// the values that note a damaged cell instead of reading it as a default. Internal to
// src/storage.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "msfit/core/account.hpp"
#include "msfit/core/cognitive.hpp"
#include "msfit/core/date.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/training_log.hpp"
#include "msfit/storage/training_log_store.hpp"

namespace msfit::storage::rows {

// How far back the adaptation looks for red flags and relapses still waiting for a clearance.
constexpr int kFlaggedDays = 400;

// Symptoms as stored: their names, comma-separated; a name this build does not know is skipped.
[[nodiscard]] std::string join_symptoms(const std::vector<core::Symptom>& symptoms);
[[nodiscard]] std::vector<core::Symptom> split_symptoms(const std::string& text);

// NotFound for a set the account never logged (or deleted), field "client_id".
[[nodiscard]] tl::unexpected<Error> no_such_set(std::string_view client_id);

// A stored value, or a default with `damaged` set (when empty) to what was wrong.
[[nodiscard]] core::Date date_or_note(const std::string& stored, std::string& damaged);
[[nodiscard]] core::AccountRole role_or_note(const std::string& stored, std::string& damaged);
[[nodiscard]] std::optional<core::Language> language_or_note(const std::string& stored,
                                                             std::string& damaged);
[[nodiscard]] core::CognitiveTask cognitive_task_or_note(const std::string& stored,
                                                         std::string& damaged);

// Columns: date, exercise, set_number, reps, load_kg, rir, completed.
template <typename Row>
core::SetLog read_set(const Row& r) {
  core::SetLog set;
  set.date = r.date(0);
  set.exercise = r.text(1);
  set.set_number = r.integer(2);
  set.reps = r.integer(3);
  set.load_kg = r.real(4);
  set.rir = r.opt_int(5);
  set.completed = r.integer(6) != 0;
  return set;
}

// Columns: date, kind, by_role.
template <typename Row>
core::Clearance read_clearance(const Row& r) {
  return core::Clearance{
      r.date(0),
      r.text(1) == "resume" ? core::ClearanceKind::Relapse : core::ClearanceKind::Medical,
      r.text(2) == "clinician" ? core::Role::Clinician : core::Role::Person,
      {}};
}

// Columns: date, exercise, completed, rating.
template <typename Row>
core::ItemLog read_item(const Row& r) {
  core::ItemLog item;
  item.date = r.date(0);
  item.exercise = r.text(1);
  item.completed = r.integer(2) != 0;
  if (!r.is_null(3)) {
    item.rating = core::parse_enum<core::ItemRating>(r.text(3));
  }
  return item;
}

// Columns: date, fatigue, sleep_quality, feels_hot, ambient_temp_c, symptoms, relapse.
template <typename Row>
core::CheckIn read_check_in(const Row& r) {
  core::CheckIn c;
  c.date = r.date(0);
  c.fatigue = r.integer(1);
  c.sleep_quality = r.opt_int(2);
  c.feels_hot = r.integer(3) != 0;
  c.ambient_temp_c = r.opt_real(4);
  c.symptoms = split_symptoms(r.text(5));
  c.relapse = r.integer(6) != 0;
  return c;
}

// Columns: date, task, untimed, minutes, start_level, end_level, highest_level, answers,
// right_answers, reversals, median_right_ms.
template <typename Row>
core::cognitive::Record read_cognitive_block(const Row& r) {
  core::cognitive::Record b;
  b.date = r.date(0);
  b.task = r.cognitive_task(1);
  b.untimed = r.integer(2) != 0;
  b.minutes = r.integer(3);
  b.start_level = r.integer(4);
  b.end_level = r.integer(5);
  b.highest_level = r.integer(6);
  b.answers = r.integer(7);
  b.right = r.integer(8);
  b.reversals = r.integer(9);
  b.median_right_ms = r.opt_int(10);
  return b;
}

// Columns: exercise, replacement, since, until. Rows come ordered so that of one exercise's
// swaps the one that applies comes last (a one-day swap after the standing one): it replaces
// the one before it in `swaps`.
template <typename Row>
void add_swap(std::vector<Swap>& swaps, const Row& r) {
  Swap swap{r.text(0), r.text(1), r.date(2),
            r.is_null(3) ? std::nullopt : std::optional(r.date(3))};
  if (!swaps.empty() && swaps.back().exercise == swap.exercise) {
    swaps.back() = std::move(swap);
  } else {
    swaps.push_back(std::move(swap));
  }
}

}  // namespace msfit::storage::rows

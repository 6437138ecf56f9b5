#include "msfit/app/training.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <span>

#include <fmt/format.h>

#include "msfit/core/suggest.hpp"

namespace msfit::app {

namespace {

using core::Date;

// Sessions of history per exercise that progression looks at.
constexpr int kHistorySessions = 4;
// How far back balance ratings are read (levels are rebuilt from them).
constexpr int kBalanceLogDays = 400;

// A reason given with a change to the plan, kept to this many bytes.
constexpr std::size_t kMaxReasonBytes = 500;

// An exercise as a change's summary names it: "Leg press machine (leg_press_machine)".
std::string exercise_name(const core::ReferenceData& data, std::string_view id) {
  const auto* e = data.find_exercise(id);
  return e != nullptr ? fmt::format("{} ({})", e->names.in(core::Language::En), id)
                      : std::string(id);
}

std::string day_names(const std::vector<std::string>& days) {
  std::string out;
  for (const auto& d : days) {
    out += (out.empty() ? "" : ", ") + d;
  }
  return out.empty() ? std::string("none") : out;
}

const core::Session* session_on(const core::Plan& plan, Date date) {
  const auto it = std::lower_bound(plan.sessions.begin(), plan.sessions.end(), date,
                                   [](const core::Session& s, Date d) { return s.date < d; });
  return it != plan.sessions.end() && it->date == date ? &*it : nullptr;
}

}  // namespace

Training::Training(storage::Store& store, const core::ReferenceData& data, Codec codec, Clock clock)
    : store_(store), data_(data), codec_(std::move(codec)), clock_(clock) {}

Status Training::check_not_future(core::Date date, const char* field) const {
  // One day of slack: "today" here is UTC, and the person may be a time zone ahead.
  const core::Date latest = clock_.today_utc() + core::Date::duration{1};
  if (date > latest) {
    return invalid(field, fmt::format("{} is in the future; record what has happened, up to "
                                      "today",
                                      core::format_iso_date(date)));
  }
  return {};
}

Result<core::Profile> Training::profile_of(const storage::ProfileVersion& version) const {
  auto profile = codec_.parse_profile(version.body);
  if (!profile) {
    // A stored profile that no longer parses means the rules changed under it.
    return fail(ErrorCode::Conflict,
                fmt::format("stored profile version {} is no longer valid ({}: {}); set the "
                            "profile again",
                            version.version, profile.error().field, profile.error().message),
                "profile");
  }
  return profile;
}

Result<storage::ProfileVersion> Training::set_profile(storage::AccountId account,
                                                      const core::Profile& profile, core::Role by) {
  MSFIT_TRY(core::validate_profile(profile, data_));
  if (by == core::Role::Clinician) {
    return store_.save_profile(account, codec_.profile_to_text(profile));
  }
  core::ClinicianClearance stored;
  MSFIT_ASSIGN_OR_RETURN(auto latest, store_.latest_profile(account));
  if (latest) {
    if (auto previous = codec_.parse_profile(latest->body); previous) {
      stored = previous->clearance;
    }
  }
  const auto widens = [](bool wanted, bool kept) { return wanted && !kept; };
  if (widens(profile.clearance.standing_balance, stored.standing_balance)) {
    return invalid("clinician_clearance.standing_balance",
                   "only a linked clinician can clear standing balance work");
  }
  if (widens(profile.clearance.vigorous_aerobic, stored.vigorous_aerobic)) {
    return invalid("clinician_clearance.vigorous_aerobic",
                   "only a linked clinician can clear moderate-to-vigorous aerobic work");
  }
  core::Profile kept = profile;
  kept.clearance = stored;
  return store_.save_profile(account, codec_.profile_to_text(kept));
}

Result<PlanOutcome> Training::make_plan(storage::AccountId account) {
  MSFIT_ASSIGN_OR_RETURN(auto version, store_.latest_profile(account));
  if (!version) {
    return fail(ErrorCode::NotFound, "no profile yet: set one with 'msfit profile set FILE'",
                "profile");
  }
  MSFIT_ASSIGN_OR_RETURN(core::Profile profile, profile_of(*version));
  MSFIT_ASSIGN_OR_RETURN(core::Plan plan, core::generate_plan(profile, data_));
  storage::NewPlan row;
  row.profile_id = version->id;
  row.engine_version = std::string(plan.engine_version);
  row.start_date = plan.start_date;
  row.weeks = plan.weeks;
  row.body = codec_.plan_to_text(plan);
  row.sessions.reserve(plan.sessions.size());
  for (const auto& s : plan.sessions) {
    row.sessions.push_back(
        {s.date, s.week, std::string(core::to_string(s.kind)), s.total_minutes()});
  }
  MSFIT_ASSIGN_OR_RETURN(storage::StoredPlan stored, store_.save_plan(account, row));
  return PlanOutcome{std::move(plan), std::move(profile), std::move(stored)};
}

Result<std::optional<storage::ProfileVersion>> Training::stored_profile(
    storage::AccountId account) {
  return store_.latest_profile(account);
}

Result<std::optional<storage::StoredPlan>> Training::stored_plan(storage::AccountId account) {
  return store_.latest_plan(account);
}

Result<storage::Adjustment> Training::change_profile(storage::AccountId account,
                                                     const ProfileChange& change,
                                                     const core::Account& by,
                                                     std::string_view reason) {
  MSFIT_ASSIGN_OR_RETURN(const auto version, store_.latest_profile(account));
  if (!version) {
    return fail(ErrorCode::NotFound, "the person has no profile yet", "profile");
  }
  MSFIT_ASSIGN_OR_RETURN(core::Profile profile, profile_of(*version));
  storage::Adjustment a;
  switch (change.kind) {
    case ProfileChange::Kind::Days: {
      a.kind = "days";
      std::vector<std::string> before;
      for (const auto d : profile.days.values()) {
        before.emplace_back(core::to_string(d));
      }
      core::EnumSet<core::Weekday> days;
      for (std::size_t i = 0; i < change.days.size(); ++i) {
        const std::string field = fmt::format("days[{}]", i);
        const auto day = core::parse_enum<core::Weekday>(change.days[i]);
        if (!day) {
          std::string allowed;
          for (const auto name : core::EnumNames<core::Weekday>::names) {
            allowed += fmt::format("{}{}", allowed.empty() ? "" : ", ", name);
          }
          return invalid(field, fmt::format("'{}' is not one of: {}", change.days[i], allowed));
        }
        if (days.contains(*day)) {
          return invalid(field, fmt::format("'{}' is listed twice", core::to_string(*day)));
        }
        days.insert(*day);
      }
      a.summary = fmt::format("training days changed from {} to {}", day_names(before),
                              day_names(change.days));
      profile.days = days;
      break;
    }
    case ProfileChange::Kind::SessionMinutes:
      a.kind = "session_minutes";
      a.summary = fmt::format("session length changed from {} to {} min", profile.session_minutes,
                              change.session_minutes);
      profile.session_minutes = change.session_minutes;
      break;
    case ProfileChange::Kind::Clearance: {
      // What the clinician clears beyond the conservative defaults; only they may.
      a.kind = "clearance";
      const auto describe = [&a](std::optional<bool> cleared, bool& kept, std::string_view what) {
        if (cleared) {
          kept = *cleared;
          a.summary += fmt::format("{}{} {}", a.summary.empty() ? "" : ", ", what,
                                   *cleared ? "cleared" : "no longer cleared");
        }
      };
      describe(change.standing_balance, profile.clearance.standing_balance,
               "standing balance work");
      describe(change.vigorous_aerobic, profile.clearance.vigorous_aerobic,
               "moderate-to-vigorous aerobic work");
      if (a.summary.empty()) {
        return invalid("standing_balance", "give standing_balance or vigorous_aerobic");
      }
      break;
    }
  }
  // The new profile version, the plan made from it and the record of the change: all three
  // or none, so a failure half-way never leaves a changed profile with the old plan or a
  // change nobody can see.
  std::optional<storage::Adjustment> recorded;
  const Status together = store_.write_together([&]() -> Status {
    MSFIT_TRY(set_profile(account, profile, core::Role::Clinician));
    MSFIT_ASSIGN_OR_RETURN(const auto planned, store_.latest_plan_summary(account));
    if (planned) {
      MSFIT_TRY(make_plan(account));
      a.summary += "; the plan was made again";
    }
    MSFIT_ASSIGN_OR_RETURN(recorded, record_adjustment(account, std::move(a), by, reason));
    return {};
  });
  MSFIT_TRY(together);
  return std::move(*recorded);
}

Result<storage::Adjustment> Training::record_adjustment(storage::AccountId account,
                                                        storage::Adjustment change,
                                                        const core::Account& by,
                                                        std::string_view reason) {
  change.by = by.id;
  change.by_name = by.name;
  change.by_role = std::string(core::to_string(by.role));
  if (!reason.empty()) {
    change.summary += fmt::format(" (reason: {})", reason.substr(0, kMaxReasonBytes));
  }
  MSFIT_TRY(store_.add_adjustment(account, change));
  MSFIT_ASSIGN_OR_RETURN(auto all, store_.adjustments(account));
  if (all.empty()) {
    return tl::unexpected(Error{ErrorCode::StorageFailure, "the change was not recorded", "",
                                core::Message{"error.http.not_recorded"}});
  }
  return std::move(all.front());
}

Result<std::pair<storage::StoredPlan, std::shared_ptr<const Training::Regenerated>>>
Training::regenerated(storage::AccountId account) {
  constexpr std::size_t kMaxCachedPlans = 256;
  MSFIT_ASSIGN_OR_RETURN(auto stored, store_.latest_plan_summary(account));
  if (!stored) {
    return fail(ErrorCode::NotFound, "no plan yet: run 'msfit plan' first", "plan");
  }
  if (stored->engine_version != core::kEngineVersion) {
    return fail(ErrorCode::Conflict,
                fmt::format("the stored plan was written by plan engine {} and this is {}; run "
                            "'msfit plan' to write it again",
                            stored->engine_version, core::kEngineVersion),
                "plan");
  }
  if (const auto hit = plans_.find(stored->id); hit != plans_.end()) {
    return std::pair{std::move(*stored), hit->second};
  }
  MSFIT_ASSIGN_OR_RETURN(auto version, store_.profile_by_id(account, stored->profile_id));
  MSFIT_ASSIGN_OR_RETURN(core::Profile profile, profile_of(version));
  // The engine is deterministic, so the plan regenerated from the same profile version and
  // engine is the stored plan.
  MSFIT_ASSIGN_OR_RETURN(core::Plan plan, core::generate_plan(profile, data_));
  if (plans_.size() >= kMaxCachedPlans) {
    plans_.clear();
  }
  auto entry =
      std::make_shared<const Regenerated>(Regenerated{std::move(plan), std::move(profile)});
  plans_.emplace(stored->id, entry);
  return std::pair{std::move(*stored), std::move(entry)};
}

Result<PlanOutcome> Training::current_plan(storage::AccountId account) {
  MSFIT_ASSIGN_OR_RETURN(auto current, regenerated(account));
  MSFIT_ASSIGN_OR_RETURN(auto stored, store_.latest_plan(account));
  if (stored && stored->id == current.first.id) {
    current.first.body = std::move(stored->body);
  }
  return PlanOutcome{current.second->plan, current.second->profile, std::move(current.first)};
}

namespace {

// What a clinician's change to the plan says to the person.
core::Message plan_change_message(const storage::Adjustment& a) {
  if (a.kind == "swap" || a.kind == "days" || a.kind == "session_minutes") {
    return core::Message(a.kind == "swap"   ? "today.plan_change.swap"
                         : a.kind == "days" ? "today.plan_change.days"
                                            : "today.plan_change.session_minutes");
  }
  if (a.kind == "clearance") {
    // A clearance after a red flag or relapse ("Relapse clearance recorded for ..."), or a
    // change of what the profile clears ("standing balance work cleared, ...").
    if (a.summary.find("clearance recorded") != std::string::npos) {
      return core::Message("today.plan_change.clearance_recorded");
    }
    if (a.summary.find("no longer cleared") != std::string::npos) {
      return core::Message("today.plan_change.clearance_narrowed");
    }
    return core::Message("today.plan_change.clearance_widened");
  }
  return core::Message("today.plan_change.other");
}

}  // namespace

Result<std::vector<PlanChange>> Training::plan_changes(storage::AccountId account, Date today) {
  constexpr int kPlanChangeDays = 14;
  MSFIT_ASSIGN_OR_RETURN(const auto all, store_.adjustments(account));
  std::vector<PlanChange> out;
  for (const auto& a : all) {
    const auto made = core::parse_iso_date(std::string_view(a.created_at).substr(0, 10));
    if (a.by_role != core::to_string(core::AccountRole::Clinician) || !made || *made > today ||
        *made <= today - core::Date::duration{kPlanChangeDays}) {
      continue;
    }
    out.push_back(PlanChange{*made, a.kind, plan_change_message(a)});
  }
  return out;
}

Result<TodayView> Training::today(storage::AccountId account, Date today) {
  const storage::Store::Snapshot snapshot(store_);  // Plan, state and history agree.
  MSFIT_ASSIGN_OR_RETURN(const auto current, regenerated(account));
  MSFIT_ASSIGN_OR_RETURN(storage::TrainingState state, store_.training_state(account, today));
  const core::Plan& plan = current.second->plan;
  const core::Session* planned = session_on(plan, today);

  core::AdaptationInput in;
  in.today = today;
  in.check_in = state.check_in;
  in.flagged = std::move(state.flagged);
  in.clearances = std::move(state.clearances);
  in.last_training = state.last_training;
  // Balance levels come from the person's own ratings, up to yesterday: what they rate today
  // moves the level at the next session, not in the middle of this one.
  MSFIT_ASSIGN_OR_RETURN(in.balance_log,
                         store_.item_logs(account, today - core::Date::duration{kBalanceLogDays},
                                          today - core::Date::duration{1}));
  for (const auto& swap : state.swaps) {
    in.swaps.emplace(swap.exercise, swap.replacement);
  }
  if (planned != nullptr) {
    for (const auto& item : planned->items) {
      if (item.exercise->modality != core::Modality::Strength) {
        continue;
      }
      std::string id = item.exercise->id;
      if (const auto swap = in.swaps.find(id); swap != in.swaps.end()) {
        id = swap->second;
      }
      MSFIT_ASSIGN_OR_RETURN(
          auto sets,
          store_.recent_sets(account, id, today - core::Date::duration{1}, kHistorySessions));
      std::vector<core::ExercisePerformance> performances;
      for (auto& set : sets) {
        if (performances.empty() || performances.back().date != set.date) {
          core::ExercisePerformance p;
          p.date = set.date;
          // The rep range the plan asked for that day, for the double-progression gate.
          if (const core::Session* then = session_on(plan, set.date)) {
            for (const auto& past : then->items) {
              if (past.exercise->id == item.exercise->id && past.reps[1] > 0) {
                p.prescribed_reps = past.reps;
              }
            }
          }
          performances.push_back(std::move(p));
        }
        performances.back().sets.push_back(std::move(set));
      }
      in.history.emplace(id, std::move(performances));
    }
  }

  TodayView view;
  view.session = core::adapt_session(planned, plan, current.second->profile, data_, in);
  for (const auto& item : view.session.items) {
    view.alternatives.push_back(
        core::suitable_alternatives(*item.item.exercise, current.second->profile, data_));
  }
  MSFIT_ASSIGN_OR_RETURN(view.plan_changes, plan_changes(account, today));
  MSFIT_ASSIGN_OR_RETURN(view.cognitive, cognitive_today(account, plan, current.second->profile,
                                                         view.session, in.check_in, today));
  view.plan_start = plan.start_date;
  if (today >= plan.start_date) {
    view.week = static_cast<int>((today - plan.start_date).count() / 7) + 1;
    const Date week_start = plan.start_date + std::chrono::days{7 * (view.week - 1)};
    MSFIT_ASSIGN_OR_RETURN(auto days, store_.logged_days(account, week_start, today));
    const auto weeks = core::weekly_adherence(plan, days, today);
    if (!weeks.empty() && weeks.back().week == view.week) {
      view.this_week = weeks.back();
    }
  }
  return view;
}

Status Training::check_exercise(std::string_view id,
                                std::initializer_list<core::Modality> allowed) const {
  const core::Exercise* ex = data_.find_exercise(id);
  if (ex == nullptr) {
    const auto near = data_.suggest_exercises(id);
    return invalid("exercise",
                   near.empty() ? fmt::format("'{}' is not an exercise in the catalogue", id)
                                : fmt::format("'{}' is not an exercise in the catalogue; did you "
                                              "mean {}?",
                                              id, core::quoted_choices(near)));
  }
  if (std::find(allowed.begin(), allowed.end(), ex->modality) == allowed.end()) {
    const std::string_view kind = core::to_string(ex->modality);
    const bool vowel = !kind.empty() && std::string_view("aeiou").find(kind[0]) != kind.npos;
    std::string wanted;
    for (const auto m : allowed) {
      wanted += fmt::format("{}{}", wanted.empty() ? "" : " or ", core::to_string(m));
    }
    return invalid("exercise", fmt::format("'{}' is {} {} exercise; this log takes {} exercises",
                                           id, vowel ? "an" : "a", kind, wanted));
  }
  return {};
}

Result<storage::WriteResult> Training::log_set(storage::AccountId account,
                                               const storage::Logged<core::SetLog>& set) {
  return log_sets(account, std::span(&set, 1));
}

Result<storage::WriteResult> Training::log_sets(
    storage::AccountId account, std::span<const storage::Logged<core::SetLog>> sets) {
  for (const auto& s : sets) {
    if (s.client_id.empty()) {
      return invalid("client_id", "is required");
    }
    MSFIT_TRY(check_exercise(s.value.exercise, {core::Modality::Strength, core::Modality::Core}));
    MSFIT_TRY(core::validate_set_log(s.value));
    MSFIT_TRY(check_not_future(s.value.date, "date"));
  }
  return store_.log_sets(account, sets);
}

namespace {

std::string rir_text(const std::optional<int>& rir) {
  return rir ? std::to_string(*rir) : std::string("none");
}

// The set as the audit log names it: "s1 (2026-03-02, leg_press_machine, set 1)".
std::string set_name(std::string_view client_id, const core::SetLog& set) {
  return fmt::format("{} ({}, {}, set {})", client_id, core::format_iso_date(set.date),
                     set.exercise, set.set_number);
}

}  // namespace

Result<core::SetLog> Training::correct_set(storage::AccountId account, std::string_view client_id,
                                           const SetCorrection& change, const Actor& by) {
  core::SetLog corrected;
  const Status together = store_.write_together([&]() -> Status {
    MSFIT_ASSIGN_OR_RETURN(const core::SetLog before, store_.logged_set(account, client_id));
    corrected = before;
    corrected.reps = change.reps.value_or(before.reps);
    corrected.load_kg = change.load_kg.value_or(before.load_kg);
    corrected.rir = change.rir.value_or(before.rir);
    corrected.completed = change.completed.value_or(before.completed);
    MSFIT_TRY(core::validate_set_log(corrected));
    std::string changed;
    const auto note = [&changed](std::string_view field, const std::string& from,
                                 const std::string& to) {
      if (from != to) {
        changed += fmt::format("{}{} {} \u2192 {}", changed.empty() ? "" : ", ", field, from, to);
      }
    };
    note("reps", std::to_string(before.reps), std::to_string(corrected.reps));
    note("load_kg", fmt::format("{}", before.load_kg), fmt::format("{}", corrected.load_kg));
    note("rir", rir_text(before.rir), rir_text(corrected.rir));
    note("completed", before.completed ? "true" : "false", corrected.completed ? "true" : "false");
    if (changed.empty()) {
      return {};  // Nothing to correct: a resent correction.
    }
    MSFIT_TRY(store_.correct_set(account, client_id, corrected));
    storage::AuditEntry entry = audit_entry(by, storage::AuditAction::Change, account);
    entry.detail = fmt::format("set {}: {}", set_name(client_id, before), changed);
    return store_.audit(entry);
  });
  MSFIT_TRY(together);
  return corrected;
}

Result<storage::WriteResult> Training::delete_set(storage::AccountId account,
                                                  std::string_view client_id, const Actor& by) {
  storage::WriteResult result = storage::WriteResult::AlreadyStored;
  const Status together = store_.write_together([&]() -> Status {
    auto before = store_.logged_set(account, client_id);
    MSFIT_ASSIGN_OR_RETURN(result, store_.delete_set(account, client_id));
    if (result == storage::WriteResult::AlreadyStored || !before) {
      return {};
    }
    storage::AuditEntry entry = audit_entry(by, storage::AuditAction::Delete, account);
    entry.detail = fmt::format("set {} deleted: reps {}, load_kg {}, rir {}, completed {}",
                               set_name(client_id, *before), before->reps, before->load_kg,
                               rir_text(before->rir), before->completed);
    return store_.audit(entry);
  });
  MSFIT_TRY(together);
  return result;
}

Result<storage::WriteResult> Training::log_cardio(storage::AccountId account,
                                                  const storage::Logged<core::CardioLog>& bout) {
  if (bout.client_id.empty()) {
    return invalid("client_id", "is required");
  }
  MSFIT_TRY(check_exercise(bout.value.exercise, {core::Modality::Aerobic}));
  MSFIT_TRY(core::validate_cardio_log(bout.value));
  MSFIT_TRY(check_not_future(bout.value.date, "date"));
  return store_.log_cardio(account, bout);
}

Result<storage::WriteResult> Training::check_in(storage::AccountId account,
                                                const storage::Logged<core::CheckIn>& check_in) {
  if (check_in.client_id.empty()) {
    return invalid("client_id", "is required");
  }
  MSFIT_TRY(core::validate_check_in(check_in.value));
  MSFIT_TRY(check_not_future(check_in.value.date, "date"));
  return store_.log_check_in(account, check_in);
}

Result<storage::WriteResult> Training::note(storage::AccountId account,
                                            const storage::Logged<storage::Note>& note) {
  if (note.value.body.empty() || note.value.body.size() > 4000) {
    return invalid("text", "must be 1-4000 characters");
  }
  MSFIT_TRY(check_not_future(note.value.date, "date"));
  return store_.add_note(account, note);
}

Result<storage::WriteResult> Training::record_clearance(
    storage::AccountId account, const storage::Logged<core::Clearance>& clearance, bool confirmed) {
  if (clearance.client_id.empty()) {
    return invalid("client_id", "is required");
  }
  MSFIT_TRY(check_not_future(clearance.value.date, "date"));
  if (!confirmed && clearance.value.by == core::Role::Person) {
    return invalid("confirm", clearance.value.kind == core::ClearanceKind::Relapse
                                  ? "confirm that your MS team agrees you can train again"
                                  : "confirm that a doctor has cleared you to train again");
  }
  MSFIT_ASSIGN_OR_RETURN(storage::TrainingState state,
                         store_.training_state(account, clearance.value.date));
  // Only what is open can be cleared: the holds as core sees them on that day.
  std::optional<core::Profile> profile;
  std::optional<core::Plan> plan;
  if (auto current = regenerated(account); current) {
    profile = current->second->profile;
    plan = current->second->plan;
  }
  static const core::Plan kNoPlan;
  static const core::Profile kNoProfile;
  const auto holds = core::open_holds(profile ? *profile : kNoProfile, plan ? *plan : kNoPlan,
                                      state.flagged, state.clearances, clearance.value.date);
  const core::HoldKind wanted = clearance.value.kind == core::ClearanceKind::Relapse
                                    ? core::HoldKind::RelapsePause
                                    : core::HoldKind::MedicalClearance;
  if (std::none_of(holds.begin(), holds.end(),
                   [&](const core::Hold& h) { return h.kind == wanted; })) {
    // A retry of a clearance stored that day changes nothing.
    if (std::any_of(state.clearances.begin(), state.clearances.end(), [&](const auto& c) {
          return c.kind == clearance.value.kind && c.date == clearance.value.date;
        })) {
      return storage::WriteResult::AlreadyStored;
    }
    return fail(ErrorCode::Conflict,
                clearance.value.kind == core::ClearanceKind::Relapse
                    ? "there is no relapse pause to resume from"
                    : "there is no warning symptom waiting for a medical clearance",
                "kind");
  }
  return store_.record_clearance(account, clearance);
}

Result<storage::WriteResult> Training::record_clearance_by(
    storage::AccountId account, const storage::Logged<core::Clearance>& clearance,
    const core::Account& clinician) {
  MSFIT_ASSIGN_OR_RETURN(const auto stored,
                         record_clearance(account, clearance, /*confirmed=*/true));
  if (stored == storage::WriteResult::Stored) {
    // The person sees who cleared them, beside the plan changes their clinicians made.
    storage::Adjustment a;
    a.kind = "clearance";
    a.summary =
        fmt::format("{} clearance recorded for {}",
                    clearance.value.kind == core::ClearanceKind::Relapse ? "Relapse" : "Medical",
                    core::format_iso_date(clearance.value.date));
    MSFIT_TRY(record_adjustment(account, std::move(a), clinician, {}));
  }
  return stored;
}

Result<storage::WriteResult> Training::resume(storage::AccountId account,
                                              const storage::Logged<core::Date>& date) {
  return record_clearance(
      account,
      {date.client_id,
       core::Clearance{date.value, core::ClearanceKind::Relapse, core::Role::Person, {}}},
      /*confirmed=*/true);
}

Result<storage::WriteResult> Training::log_items(
    storage::AccountId account, std::span<const storage::Logged<core::ItemLog>> items) {
  for (const auto& i : items) {
    if (i.client_id.empty()) {
      return invalid("client_id", "is required");
    }
    MSFIT_TRY(check_exercise(
        i.value.exercise,
        {core::Modality::Balance, core::Modality::Flexibility, core::Modality::Cognitive,
         core::Modality::Core, core::Modality::Strength}));
    MSFIT_TRY(core::validate_item_log(i.value));
    MSFIT_TRY(check_not_future(i.value.date, "date"));
  }
  return store_.log_items(account, items);
}

Status Training::swap(storage::AccountId account, std::string_view exercise,
                      std::string_view replacement, core::Date since,
                      std::optional<core::Date> until) {
  const core::Exercise* from = data_.find_exercise(exercise);
  if (from == nullptr) {
    return invalid("exercise", fmt::format("'{}' is not an exercise in the catalogue", exercise));
  }
  const core::Exercise* to = data_.find_exercise(replacement);
  if (to == nullptr || std::find(from->alternatives.begin(), from->alternatives.end(),
                                 replacement) == from->alternatives.end()) {
    std::string options;
    for (const auto& alt : from->alternatives) {
      options += options.empty() ? alt : ", " + alt;
    }
    return invalid("to", fmt::format("'{}' is not an alternative to '{}'; choose one of: {}",
                                     replacement, exercise, options));
  }
  MSFIT_ASSIGN_OR_RETURN(auto version, store_.latest_profile(account));
  if (version) {
    MSFIT_ASSIGN_OR_RETURN(core::Profile profile, profile_of(*version));
    switch (core::swap_fit(profile, *to)) {
      case core::SwapFit::NeedsEquipment:
        return invalid(
            "to", fmt::format("'{}' needs equipment that is not in your profile", replacement));
      case core::SwapFit::NotForMobility:
        return invalid("to", fmt::format("'{}' does not suit your mobility", replacement));
      case core::SwapFit::NotForProfile:
        return invalid("to", fmt::format("'{}' is not one the plan would choose for you (for "
                                         "example, balance work without support when training "
                                         "alone with a walking aid)",
                                         replacement));
      case core::SwapFit::Suits:
        break;
    }
  }
  return store_.save_swap(
      account, storage::Swap{std::string(exercise), std::string(replacement), since, until});
}

Result<storage::Adjustment> Training::swap_by(storage::AccountId account, std::string_view exercise,
                                              std::string_view replacement, core::Date since,
                                              const core::Account& by, std::string_view reason) {
  return swap_by(account,
                 SwapRequest{std::string(exercise), std::string(replacement), since, false, {}}, by,
                 reason);
}

Result<storage::Adjustment> Training::swap_by(storage::AccountId account,
                                              const SwapRequest& request, const core::Account& by,
                                              std::string_view reason) {
  std::optional<storage::Adjustment> recorded;
  // The look for an earlier request, the swap and its record: one transaction, so a resend
  // racing the first request finds it or waits for it.
  const Status together = store_.write_together([&]() -> Status {
    if (!request.client_id.empty()) {
      MSFIT_ASSIGN_OR_RETURN(auto all, store_.adjustments(account));
      for (auto& a : all) {
        if (a.client_id == request.client_id) {
          recorded = std::move(a);
          return {};
        }
      }
    }
    const std::optional<core::Date> until =
        request.today_only ? std::optional(request.date) : std::nullopt;
    MSFIT_TRY(swap(account, request.exercise, request.replacement, request.date, until));
    storage::Adjustment a;
    a.kind = "swap";
    a.summary =
        fmt::format("{} replaced by {} {} {}", exercise_name(data_, request.exercise),
                    exercise_name(data_, request.replacement), request.today_only ? "on" : "from",
                    core::format_iso_date(request.date));
    if (request.today_only) {
      a.summary += " only";
    }
    a.client_id = request.client_id;
    MSFIT_ASSIGN_OR_RETURN(recorded, record_adjustment(account, std::move(a), by, reason));
    return {};
  });
  MSFIT_TRY(together);
  return std::move(*recorded);
}

Result<std::vector<storage::Adjustment>> Training::adjustments(storage::AccountId account) {
  return store_.adjustments(account);
}

Result<std::pair<core::Date, core::Date>> Training::period(storage::AccountId account,
                                                           const PeriodQuery& asked) {
  const core::Date to = asked.to;
  core::Date from = to - std::chrono::days{7 * 12 - 1};
  if (asked.from) {
    from = *asked.from;
  } else {
    MSFIT_ASSIGN_OR_RETURN(const auto plan, store_.latest_plan_summary(account));
    if (plan) {
      from = std::min(plan->start_date, to);
    }
  }
  if (from > to) {
    return invalid("from", "must not be after 'to'");
  }
  if (to - from > std::chrono::days{366 * 5}) {
    return invalid("from", "the period can be at most five years");
  }
  return std::pair{from, to};
}

Result<HistoryView> Training::history(storage::AccountId account, const PeriodQuery& asked) {
  MSFIT_ASSIGN_OR_RETURN(const auto dates, period(account, asked));
  return history(account, dates.first, dates.second);
}

Result<std::vector<core::MeasureRecord>> Training::measures(storage::AccountId account,
                                                            std::string_view measure,
                                                            core::Date from, core::Date to) {
  if (!measure.empty() && data_.find_measure(measure) == nullptr) {
    return invalid("id", fmt::format("'{}' is not a known measure", measure));
  }
  return store_.measures(account, measure, from, to);
}

Result<HistoryView> Training::history(storage::AccountId account, core::Date from, core::Date to) {
  if (to < from) {
    return invalid("to", "must not be before from");
  }
  HistoryView view;
  view.from = from;
  view.to = to;
  MSFIT_ASSIGN_OR_RETURN(view.log, store_.history(account, from, to));
  MSFIT_ASSIGN_OR_RETURN(view.cognitive_blocks, store_.cognitive_blocks(account, from, to));
  MSFIT_ASSIGN_OR_RETURN(view.cognitive_ratings, store_.cognitive_ratings(account, from, to));
  auto plan = regenerated(account);
  if (plan) {
    const core::Plan& p = plan->second->plan;
    MSFIT_ASSIGN_OR_RETURN(auto days, store_.logged_days(account, p.start_date, to));
    for (const auto& week : core::weekly_adherence(p, days, to)) {
      if (week.start + std::chrono::days{6} >= from) {
        view.adherence.push_back(week);
      }
    }
  } else if (plan.error().code != ErrorCode::NotFound && plan.error().code != ErrorCode::Conflict) {
    // Without a current plan the log is still shown, only without adherence.
    return tl::unexpected(plan.error());
  }
  return view;
}

Result<storage::WriteResult> Training::add_measure(storage::AccountId account,
                                                   const NewMeasure& m) {
  if (m.client_id.empty()) {
    return invalid("client_id", "is required");
  }
  const core::MeasureDefinition* def = data_.find_measure(m.measure);
  if (def == nullptr) {
    std::string ids;
    for (const auto& d : data_.measures()) {
      ids += ids.empty() ? d.id : ", " + d.id;
    }
    return invalid("id", fmt::format("'{}' is not a measure; choose one of: {}", m.measure, ids));
  }
  if (def->kind == core::MeasureKind::Derived) {
    return invalid("id",
                   fmt::format("'{}' is computed from the training log, not entered", m.measure));
  }
  MSFIT_TRY(check_not_future(m.date, "date"));
  MSFIT_ASSIGN_OR_RETURN(core::MeasureRecord record,
                         core::make_measure_record(*def, m.date, m.trials, m.side, m.entered_by));
  return store_.add_measure(account, {m.client_id, std::move(record)});
}

Result<ProgressView> Training::progress(storage::AccountId account, core::Date from,
                                        core::Date to) {
  if (to < from) {
    return invalid("to", "must not be before from");
  }
  ProgressView view;
  view.from = from;
  view.to = to;
  // Outcome measures from the very first result: the baseline is usually taken before the
  // plan starts.
  MSFIT_ASSIGN_OR_RETURN(auto records,
                         store_.measures(account, "", core::Date{std::chrono::days{0}}, to));
  MSFIT_ASSIGN_OR_RETURN(HistoryView history, this->history(account, from, to));
  view.training = core::summarize_training(data_, from, to, history.log.sets, history.log.cardio,
                                           history.log.check_ins);
  view.measures = core::summarize_measures(data_.measures(), records);
  view.records = std::move(records);
  view.adherence = std::move(history.adherence);
  view.log = std::move(history.log);
  MSFIT_ASSIGN_OR_RETURN(view.cognitive, cognitive(account, from, to));
  if (auto current = regenerated(account); current) {
    const core::Plan& plan = current->second->plan;
    view.profile = current->second->profile;
    for (const auto& phase : plan.phases) {
      const int week = static_cast<int>((to - plan.start_date).count() / 7) + 1;
      if (to >= plan.start_date && week >= phase.start_week &&
          week < phase.start_week + phase.weeks) {
        view.phase = phase;
      }
    }
  }
  return view;
}

Result<core::cognitive::Today> Training::cognitive_today(
    storage::AccountId account, const core::Plan& plan, const core::Profile& profile,
    const core::AdaptedSession& session, const std::optional<core::CheckIn>& check_in, Date today) {
  namespace cg = core::cognitive;
  cg::TodayInput in;
  in.today = today;
  in.stopped = session.status == core::DayStatus::Stopped;
  in.paused = session.status == core::DayStatus::Paused;
  if (plan.cognitive.empty()) {
    return cg::adapt_today(plan, profile, in);
  }
  const Date yesterday = today - core::Date::duration{1};
  bool planned_today = false;
  bool planned_yesterday = false;
  for (const auto& s : plan.cognitive) {
    planned_today = planned_today || s.date == today;
    planned_yesterday = planned_yesterday || s.date == yesterday;
  }
  if (!planned_today && !planned_yesterday) {
    return cg::adapt_today(plan, profile, in);  // Rest: only the next date is needed.
  }
  in.check_in = check_in;
  if (!planned_today) {
    // Yesterday's session may have moved here: yesterday's latest check-in and blocks decide.
    MSFIT_ASSIGN_OR_RETURN(const auto before, store_.history(account, yesterday, yesterday));
    if (!before.check_ins.empty()) {
      in.yesterday_check_in = before.check_ins.back();
    }
    MSFIT_ASSIGN_OR_RETURN(const auto blocks,
                           store_.cognitive_blocks(account, yesterday, yesterday));
    in.logged_yesterday = !blocks.empty();
  }
  MSFIT_ASSIGN_OR_RETURN(
      const auto ratings,
      store_.cognitive_ratings(account, today - core::Date::duration{7}, yesterday));
  if (!ratings.empty()) {
    in.last_rating = ratings.back();
  }
  MSFIT_ASSIGN_OR_RETURN(const auto last, store_.last_cognitive_blocks(account));
  for (const auto& block : last) {
    if (block.date < today) {
      in.last_blocks.insert_or_assign(block.task, block);
    }
  }
  // A task already done today keeps the start it had today: its first block today started
  // there, one level above where that start came from.
  MSFIT_ASSIGN_OR_RETURN(const auto done_today, store_.cognitive_blocks(account, today, today));
  std::set<core::CognitiveTask> seen_today;
  for (const auto& block : done_today) {
    if (seen_today.insert(block.value.task).second) {
      core::cognitive::Record before = block.value;
      before.end_level = block.value.start_level + 1;
      in.last_blocks.insert_or_assign(block.value.task, before);
    }
  }
  return cg::adapt_today(plan, profile, in);
}

Result<storage::WriteResult> Training::add_cognitive_block(
    storage::AccountId account, const storage::Logged<core::cognitive::Record>& block) {
  if (block.client_id.empty()) {
    return invalid("client_id", "is required");
  }
  MSFIT_TRY(check_not_future(block.value.date, "date"));
  return store_.add_cognitive_block(account, block);
}

Result<storage::WriteResult> Training::add_cognitive_rating(
    storage::AccountId account, const storage::Logged<core::cognitive::FatigueRating>& rating) {
  if (rating.client_id.empty()) {
    return invalid("client_id", "is required");
  }
  if (rating.value.rating < 0 || rating.value.rating > 10) {
    return invalid("rating", "must be a whole number from 0 to 10");
  }
  MSFIT_TRY(check_not_future(rating.value.date, "date"));
  return store_.add_cognitive_rating(account, rating);
}

Result<CognitiveView> Training::cognitive(storage::AccountId account, core::Date from,
                                          core::Date to) {
  if (to < from) {
    return invalid("to", "must not be before from");
  }
  CognitiveView view;
  view.from = from;
  view.to = to;
  MSFIT_ASSIGN_OR_RETURN(view.ratings, store_.cognitive_ratings(account, from, to));
  // The plan weeks that overlap the period, planned against done; none without a plan, or with
  // one written by another engine version until the next plan (as the history shows the log
  // without adherence).
  std::map<int, CognitiveWeek> weeks;
  auto current = regenerated(account);
  if (!current && current.error().code != ErrorCode::NotFound &&
      current.error().code != ErrorCode::Conflict) {
    return tl::unexpected(current.error());
  }
  const core::Plan* plan = current ? &current->second->plan : nullptr;
  for (const auto& s :
       plan != nullptr ? std::span(plan->cognitive) : std::span<const core::CognitiveSession>()) {
    const Date start = plan->start_date + std::chrono::days{7 * (s.week - 1)};
    if (start + std::chrono::days{6} < from || start > to) {
      continue;
    }
    CognitiveWeek& w = weeks[s.week];
    w.week = s.week;
    w.start = start;
    ++w.planned_sessions;
    w.planned_minutes += s.minutes;
  }
  // One read of the blocks, over the period widened to whole weeks: a week counts the minutes
  // done on all its days, also those outside the period.
  const Date first = weeks.empty() ? from : std::min(from, weeks.begin()->second.start);
  const Date last =
      weeks.empty() ? to : std::max(to, weeks.rbegin()->second.start + std::chrono::days{6});
  MSFIT_ASSIGN_OR_RETURN(auto blocks, store_.cognitive_blocks(account, first, last));
  for (auto& block : blocks) {
    if (plan != nullptr && block.value.date >= plan->start_date) {
      const int week = static_cast<int>((block.value.date - plan->start_date).count() / 7) + 1;
      if (const auto it = weeks.find(week); it != weeks.end()) {
        it->second.done_minutes += block.value.minutes;
      }
    }
    if (block.value.date >= from && block.value.date <= to) {
      view.blocks.push_back(std::move(block));
    }
  }
  for (auto& [week, w] : weeks) {
    view.weeks.push_back(w);
  }
  return view;
}

Result<CognitiveView> Training::cognitive(storage::AccountId account, const PeriodQuery& asked) {
  MSFIT_ASSIGN_OR_RETURN(const auto dates, period(account, asked));
  return cognitive(account, dates.first, dates.second);
}

Result<ProgressView> Training::progress(storage::AccountId account, const PeriodQuery& asked) {
  MSFIT_ASSIGN_OR_RETURN(const auto dates, period(account, asked));
  return progress(account, dates.first, dates.second);
}

Result<ReportView> Training::report(storage::AccountId account, const PeriodQuery& asked) {
  MSFIT_ASSIGN_OR_RETURN(ProgressView progress, this->progress(account, asked));
  MSFIT_ASSIGN_OR_RETURN(const storage::Account who, store_.account_by_id(account));
  return ReportView{std::move(progress), who.name};
}

Result<PersonExport> Training::export_all(storage::AccountId account) {
  const storage::Store::Snapshot snapshot(store_);  // Every part from one state.
  const core::Date first{std::chrono::days{0}};
  const core::Date last{std::chrono::days{2932896}};  // 9999-12-31
  constexpr int kEveryAuditEntry = 100000;
  PersonExport out;
  MSFIT_ASSIGN_OR_RETURN(out.profile, store_.latest_profile(account));
  MSFIT_ASSIGN_OR_RETURN(out.plan, store_.latest_plan(account));
  MSFIT_ASSIGN_OR_RETURN(out.log, store_.history(account, first, last));
  MSFIT_ASSIGN_OR_RETURN(out.measures, store_.measures(account, "", first, last));
  MSFIT_ASSIGN_OR_RETURN(out.adjustments, store_.adjustments(account));
  MSFIT_ASSIGN_OR_RETURN(out.clinicians, store_.care_links(account));
  MSFIT_ASSIGN_OR_RETURN(out.studies, store_.memberships(account));
  MSFIT_ASSIGN_OR_RETURN(out.access_log, store_.audit_log(account, kEveryAuditEntry));
  MSFIT_ASSIGN_OR_RETURN(out.cognitive_blocks, store_.cognitive_blocks(account, first, last));
  MSFIT_ASSIGN_OR_RETURN(out.cognitive_ratings, store_.cognitive_ratings(account, first, last));
  return out;
}

}  // namespace msfit::app

#pragma once

// Adapting a planned session to what was logged and how the person is today. Pure functions:
// the caller gathers the history and passes "today" in. Each change carries the id of the rule
// that made it (data/rules.json) and a message for the person.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "msfit/core/message.hpp"
#include "msfit/core/plan.hpp"
#include "msfit/core/training_log.hpp"

namespace msfit::core {

// One earlier session of one exercise.
struct ExercisePerformance {
  Date date{};
  std::vector<SetLog> sets;
  std::optional<Range> prescribed_reps;  // What the plan asked for that day, where known.
};

struct AdaptationInput {
  Date today{};
  std::optional<CheckIn> check_in;  // Today's latest check-in, if any.
  // Check-ins up to today with a red flag or a reported relapse, and every clearance recorded;
  // open_holds() reads them.
  std::vector<CheckIn> flagged;
  std::vector<Clearance> clearances;
  std::optional<Date> last_training;  // The latest day before today with anything logged.
  // Logs of balance exercises up to yesterday, oldest first: the level reached on each ladder.
  std::vector<ItemLog> balance_log;
  std::map<std::string, std::string, std::less<>> swaps;  // Exercise id -> replacement id.
  // Per exercise id, most recent first (a few sessions are enough).
  std::map<std::string, std::vector<ExercisePerformance>, std::less<>> history;
};

enum class DayStatus {
  Train,     // As planned, with loads from the log.
  Reduced,   // Lower volume and intensity (fatigue, heat, re-entry, a gap).
  Recovery,  // A bad day: rest, or seated mobility, stretching and breathing only.
  Stopped,   // A red flag today, or one still waiting for a medical clearance.
  Paused,    // A relapse: the plan waits for a relapse clearance ("resume").
  Rest,      // No session planned today.
};

// What keeps a person from training until a clearance is recorded.
enum class HoldKind {
  RelapsePause,      // A relapse (reported, in the profile, or new neurological symptoms).
  MedicalClearance,  // A cardiac or urgent red flag.
};

struct Hold {
  HoldKind kind = HoldKind::RelapsePause;
  Date since{};
  std::vector<Symptom> symptoms;  // The red flags behind it, if any.
  bool from_profile = false;      // The profile's last relapse, within 30 days of the start.
};

// The holds still open on `today`: each red flag or relapse on or before today that no later
// (or same-day) clearance of its kind has ended. A relapse in the profile within 30 days of the
// plan's start holds like a reported one ('pr_recent_relapse').
[[nodiscard]] std::vector<Hold> open_holds(const Profile& profile, const Plan& plan,
                                           const std::vector<CheckIn>& flagged,
                                           const std::vector<Clearance>& clearances, Date today);

// The rung reached on a balance ladder, replaying the logs oldest first from `start`: two
// ratings in a row of "safe and easy" at the current rung move up one; "too hard or unsteady"
// (or not done) moves down one; "manageable" resets the count ('pr_balance_progression').
[[nodiscard]] int balance_level(const std::vector<const Exercise*>& ladder, int start,
                                const std::vector<ItemLog>& logs);

struct Reason {
  std::string_view rule;
  Message message;  // Put into words by the edges (msfit/i18n/catalog.hpp).
};

struct LoadDecision {
  double load_kg = 0;
  std::optional<double> working_max_kg;  // The 1RM the load was taken from, if any.
  std::optional<double> last_load_kg;
  std::string_view rule;
  Message message;
};

struct AdaptedItem {
  PlanItem item;  // The planned item with today's dose.
  std::optional<LoadDecision> load;
  std::vector<Reason> notes;
};

struct AdaptedSession {
  DayStatus status = DayStatus::Rest;
  Date date{};
  std::optional<Date> next_session;  // When status is Rest.
  int warmup_minutes = 0;
  std::vector<AdaptedItem> items;
  std::vector<Reason> reasons;  // Why the day differs from the plan.
  std::vector<Hold> holds;      // What needs a clearance before training resumes.
};

// Whether `to` suits the person as a replacement for one of their exercises: the equipment it
// needs is in the profile, it suits their mobility (aids, wheelchair), and it passes every rule
// the plan itself chooses exercises by (NotForProfile otherwise: no unsupported standing
// balance work for someone alone with a walking aid unless a clinician cleared it, nothing that
// needs a helper for someone who trains alone, and the rest of the selection rules). Product
// rule: a swap never offers what the plan would not have chosen for the person. The one test
// that a swap is accepted by and today's alternatives are offered by.
enum class SwapFit { Suits, NeedsEquipment, NotForMobility, NotForProfile };
[[nodiscard]] SwapFit swap_fit(const Profile& profile, const Exercise& to);

// The catalogue alternatives of `from` that suit the person (swap_fit), in catalogue order.
[[nodiscard]] std::vector<const Exercise*> suitable_alternatives(const Exercise& from,
                                                                 const Profile& profile,
                                                                 const ReferenceData& data);

// Estimated 1RM from one set by Epley, only for completed sets of 1-10 reps with a load
// [EPLEY-SEC]; nullopt otherwise.
[[nodiscard]] std::optional<double> estimate_one_rm(const SetLog& set);

// The 1RM loads are taken from: the profile's value if given, raised by estimates from logged
// sets but by at most 5 % per logged session (one mistyped set cannot cause a jump), never
// lowered by estimates (bad days are handled by the miss rules). History is most recent first.
[[nodiscard]] std::optional<double> working_max(std::optional<double> profile_one_rm,
                                                const std::vector<ExercisePerformance>& history);

// Today's load for a weighted exercise: the plan's % of the working max, then gated by the
// last sessions (double progression): all sets at the top of the range with reps in reserve ->
// at least one increment up; a missed target -> repeat; two misses in a row -> 10 % down.
// Never above 85 % of the working max nor more than 20 % above the last load.
[[nodiscard]] std::optional<LoadDecision> decide_load(
    const PlanItem& planned, std::optional<double> profile_one_rm,
    const std::vector<ExercisePerformance>& history, double increment_kg);

// Adapts the planned session for `input.today` (nullptr when none is planned that day).
[[nodiscard]] AdaptedSession adapt_session(const Session* planned, const Plan& plan,
                                           const Profile& profile, const ReferenceData& data,
                                           const AdaptationInput& input);

struct WeekAdherence {
  int week = 0;
  Date start{};
  int planned = 0;  // Planned sessions before today, and today's once something is logged.
  int done = 0;     // Of those, days with anything logged.
  int extra = 0;    // Logged days that were not planned.
};

// Planned against done, per plan week, up to and including `today`. A session planned today
// counts only once something is logged, so an unfinished day is never a missed one.
[[nodiscard]] std::vector<WeekAdherence> weekly_adherence(const Plan& plan,
                                                          const std::set<Date>& logged_days,
                                                          Date today);

template <>
struct EnumNames<HoldKind> {
  static constexpr auto names =
      std::to_array<std::string_view>({"relapse_pause", "medical_clearance"});
};
template <>
struct EnumNames<DayStatus> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"train", "reduced", "recovery", "stopped", "paused", "rest"});
};

}  // namespace msfit::core

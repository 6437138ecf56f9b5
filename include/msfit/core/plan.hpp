#pragma once

// A personalised, periodised training plan and the engine that writes it. generate_plan() is
// pure and deterministic: the same profile and reference data give the same plan, always.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/date.hpp"
#include "msfit/core/message.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"

namespace msfit::core {

// Bumped whenever a rule change can change a plan for the same profile.
inline constexpr std::string_view kEngineVersion = "2.1.0";

enum class PhaseKind { Reentry, Preparation, ProgressiveResistance, Deload, Periodised, Supported };

// How much of the studied protocol a person gets, from their disability and mobility.
enum class Tier {
  Standard,    // Walks without an aid, EDSS below 5: the studied protocols in full.
  Supported,   // Uses an aid or EDSS 5-6.5: loads capped at 70 % 1RM, stable set-ups first.
  Specialist,  // Wheelchair or EDSS 7+: seated work by effort, no gym loads, assistant advised.
};

enum class SessionKind { StrengthAerobic, Strength, Aerobic, BalanceMobility };

struct Phase {
  Message name;
  PhaseKind kind = PhaseKind::Preparation;
  int start_week = 1;  // 1-based.
  int weeks = 0;
  std::string_view rule;
};

using Range = std::array<int, 2>;  // Inclusive [low, high].

// The talk test for aerobic effort [LC2013]: moderate is "you can talk but not sing";
// moderate-to-vigorous is "you can say a few words at a time".
enum class TalkTest { TalkNotSing, FewWords };

struct Intensity {
  std::optional<int> pct_1rm;    // Strength, only where the person's 1RM is known.
  std::optional<Range> hrr_pct;  // Aerobic, % of heart-rate reserve, where HR is usable.
  std::optional<Range> hr_bpm;   // Aerobic, the same range in beats per minute.
  std::optional<Range> rpe;      // Rating of perceived exertion on a 0-10 scale (always for
                                 // aerobic work, beside any heart rate).
  std::optional<Range> rir;      // Strength: repetitions to keep in reserve at the end of a set.
  std::optional<TalkTest> talk_test;  // Aerobic.
};

struct PlanItem {
  const Exercise* exercise = nullptr;
  std::string_view rule;  // Id of the rule that put the item here.
  int minutes = 0;        // Time the item takes, rests included.
  int sets = 0;
  Range reps{};          // Strength and core.
  int rest_seconds = 0;  // Between sets.
  int hold_seconds = 0;  // Static balance holds and stretches.
  int work_minutes = 0;  // Aerobic: minutes of work, rests between bouts excluded.
  int bouts = 0;         // Aerobic: the work split into this many bouts (heat sensitivity),
  int bout_minutes = 0;  // each this long except a shorter last one.
  Intensity intensity;
  std::optional<double> load_kg;              // Only where the 1RM is known, rounded down.
  const Exercise* substituted_for = nullptr;  // The exercise a safety rule replaced.
  std::string_view substitution_rule;
  // Strength with a load but no known 1RM: the share of the maximum the dose aims at. Not shown
  // as a percentage (there is no maximum to take it of); once logged sets give an estimate,
  // today's session turns it into kg.
  int reference_pct = 0;
  int lower_seconds = 0;  // Body weight and bands: lower over this many seconds (tempo).
  // Balance: the ladder the item is on (0 static, 1 dynamic, 2 dual task), its rung (0 is the
  // easiest) and the number of rungs. The plan shows where each ladder starts; today's session
  // moves up a rung when the person has shown the current one is safe and easy.
  int balance_slot = -1;
  int balance_level = 0;
  int balance_levels = 0;
};

struct Adjustment {
  std::string_view rule;
  Message message;
};

struct Session {
  Date date{};
  int week = 1;
  SessionKind kind = SessionKind::BalanceMobility;
  int warmup_minutes = 0;
  const Exercise* warmup_exercise = nullptr;
  std::vector<PlanItem> items;
  std::vector<Adjustment> adjustments;  // What moved or shrank to fit the time, and why.

  [[nodiscard]] int total_minutes() const;
};

// The cognitive exercises of the web app, each training one domain with original stimuli:
// processing speed (pattern matching), selective attention (visual search), working memory (a
// number span), planning (the fewest steps through a grid) and the memory strategy module
// (imagery and context with short stories). See cognitive.hpp.
enum class CognitiveTask { Speed, Search, Span, Route, Story };

// A cognitive training session: on its own day or at another time of day than the exercise
// session, for `minutes` split over `tasks` ('cognitive.schedule').
struct CognitiveSession {
  Date date{};
  int week = 1;
  int minutes = 0;
  std::vector<CognitiveTask> tasks;
  // An optional seated dual-task exercise from the catalogue to pair with the session, where it
  // suits the person ('cognitive.pairing').
  const Exercise* paired = nullptr;
  std::string_view rule;
};

struct Warning {
  std::string code;
  Message message;  // The catalogue's "warning.<code>".
  std::vector<std::string> evidence;
};

struct Plan {
  std::string_view engine_version = kEngineVersion;
  Tier tier = Tier::Standard;
  Date start_date{};
  int weeks = 0;
  std::vector<Phase> phases;
  std::vector<Session> sessions;
  std::vector<CognitiveSession> cognitive;  // Empty when the person has opted out.
  std::vector<Warning> warnings;
};

// Writes the plan for a profile. Fails with InvalidInput (naming the field) when the profile
// does not pass validate_profile(). `data` must have passed validate_reference_data() and must
// outlive the plan, whose items point into it.
[[nodiscard]] Result<Plan> generate_plan(const Profile& profile, const ReferenceData& data);

// The evidence ids an item cites: its rule's and its exercise's, sorted, without repeats.
// The views point into `data`.
[[nodiscard]] std::vector<std::string_view> item_evidence(const PlanItem& item,
                                                          const ReferenceData& data);

// Every evidence id the plan cites anywhere, sorted.
[[nodiscard]] std::vector<std::string> plan_evidence(const Plan& plan, const ReferenceData& data);

// The ids of every rule the engine can cite; each must exist in the rule book.
[[nodiscard]] std::span<const std::string_view> engine_rule_ids();

}  // namespace msfit::core

namespace msfit::core {
template <>
struct EnumNames<PhaseKind> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"reentry", "preparation", "progressive_resistance", "deload", "periodised", "supported"});
};
template <>
struct EnumNames<Tier> {
  static constexpr auto names =
      std::to_array<std::string_view>({"standard", "supported", "specialist"});
};
template <>
struct EnumNames<TalkTest> {
  static constexpr auto names = std::to_array<std::string_view>({"talk_not_sing", "few_words"});
};
template <>
struct EnumNames<CognitiveTask> {
  static constexpr auto names =
      std::to_array<std::string_view>({"speed", "search", "span", "route", "story"});
};
template <>
struct EnumNames<SessionKind> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"strength_aerobic", "strength", "aerobic", "balance_mobility"});
};
}  // namespace msfit::core

#pragma once

// What a person did and how they felt: the training log's domain types. Plain data; the
// storage layer persists them and the adaptation rules (adaptation.hpp) read them.

#include <optional>
#include <string>
#include <vector>

#include "msfit/core/date.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/vocabulary.hpp"

namespace msfit::core {

struct SetLog {
  Date date{};
  std::string exercise;  // Catalogue id.
  int set_number = 1;
  int reps = 0;
  double load_kg = 0;      // 0 for body weight or bands.
  std::optional<int> rir;  // Reps in reserve, 0-10.
  bool completed = true;   // False when the set was abandoned.
};

struct CardioLog {
  Date date{};
  std::string exercise;
  int minutes = 0;
  std::optional<int> mean_hr;
  std::optional<int> watts;
  std::optional<int> rpe;  // 0-10.
};

// Symptoms a person can report at a check-in. The first group are red flags (CLINICAL.md 5.5,
// product rule 'red_flags'): they stop training for the day.
enum class Symptom {
  ChestPain,
  SevereBreathlessness,
  Fainting,
  Palpitations,
  SuddenSevereHeadache,
  VisionLoss,
  NewWeakness,
  NewNumbness,
  SpeechOrSwallowing,
  FallWithInjury,
  HeadStrike,
  // Not red flags: recorded, shown to the clinician, and some change the dose.
  HeatWorsening,
  Spasticity,
  Pain,
  Dizziness,
  PoorSleep,
  LowMood,
  BladderUrgency,
};

[[nodiscard]] bool is_red_flag(Symptom symptom);

// What a red flag asks for (CLINICAL.md 5.5, product rules 'pr_red_flags',
// 'pr_medical_clearance', 'pr_new_neurological'):
enum class RedFlagKind {
  None,
  // Chest pain, fainting, severe breathlessness, palpitations: cardiac; no further session
  // until a medical clearance is recorded.
  Cardiac,
  // Sudden new focal neurological symptoms (vision loss, new weakness or numbness, speech or
  // swallowing): emergency advice, and the relapse pause starts.
  NewNeurological,
  // A sudden severe headache, a fall with injury, a blow to the head: medical advice the same
  // day, and a medical clearance before the next session.
  Urgent,
};
[[nodiscard]] RedFlagKind red_flag_kind(Symptom symptom);

struct CheckIn {
  Date date{};
  int fatigue = 0;                       // 0 (none) - 10 (worst).
  std::optional<int> sleep_quality;      // 0 (worst) - 10 (best).
  bool feels_hot = false;                // A hot day, a hot room, or feeling overheated.
  std::optional<double> ambient_temp_c;  // Recorded only: no cut-off is sourced.
  std::vector<Symptom> symptoms;
  bool relapse = false;     // A suspected relapse.
  std::string recorded_at;  // When it was stored (ISO-8601 UTC), where known: orders a day.
};

// A clearance recorded after a red flag or a relapse: the person (having confirmed that their
// MS team or doctor agrees) or a linked clinician records it. A relapse clearance ends the
// relapse pause ("resume"); a medical clearance ends the wait after a cardiac or urgent red
// flag. Each clears what happened on or before its date.
enum class ClearanceKind { Relapse, Medical };

struct Clearance {
  Date date{};
  ClearanceKind kind = ClearanceKind::Relapse;
  Role by = Role::Person;
  std::string recorded_at;  // When it was stored (ISO-8601 UTC), where known.
};

// How a balance (or any non-loaded) exercise went, for progression by ability: whether it was
// done and the person's rating of the level.
enum class ItemRating {
  Easy,  // Safe and easy: ready for the next level.
  Ok,    // Manageable: stay at this level.
  Hard,  // Too hard or unsteady: go back a level.
};

struct ItemLog {
  Date date{};
  std::string exercise;
  bool completed = true;
  std::optional<ItemRating> rating;
};

// Range checks with field names, for input from any adapter. A field is named as the member
// it checks (load_kg, mean_hr, sleep_quality, ambient_temp_c), as in the API and the CSV.
[[nodiscard]] Status validate_set_log(const SetLog& log);
[[nodiscard]] Status validate_cardio_log(const CardioLog& log);
[[nodiscard]] Status validate_check_in(const CheckIn& check_in);
[[nodiscard]] Status validate_item_log(const ItemLog& log);

template <>
struct EnumNames<ClearanceKind> {
  static constexpr auto names = std::to_array<std::string_view>({"relapse", "medical"});
};
template <>
struct EnumNames<ItemRating> {
  static constexpr auto names = std::to_array<std::string_view>({"easy", "ok", "hard"});
};
template <>
struct EnumNames<Symptom> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"chest_pain", "severe_breathlessness", "fainting", "palpitations", "sudden_severe_headache",
       "vision_loss", "new_weakness", "new_numbness", "speech_or_swallowing", "fall_with_injury",
       "head_strike", "heat_worsening", "spasticity", "pain", "dizziness", "poor_sleep", "low_mood",
       "bladder_urgency"});
};

}  // namespace msfit::core

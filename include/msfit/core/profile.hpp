#pragma once

// The person a plan is written for. A Profile is plain data; validate_profile() decides whether
// it describes a possible person and a plannable situation.

#include <map>
#include <optional>
#include <string>

#include "msfit/core/date.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/vocabulary.hpp"

namespace msfit::core {

// What a clinician has cleared beyond MSFit's conservative defaults. Only a linked clinician
// changes these (the app layer refuses a person's own change); each widens one rule.
struct ClinicianClearance {
  // Unsupported standing balance and standing dual-task work for a person who trains alone
  // with a walking aid (otherwise supported or seated only; product rule 'pr_solo_balance').
  bool standing_balance = false;
  // Moderate-to-vigorous aerobic work for a person with a risk factor (age 65 or over,
  // beta-blockers, a heart condition, a walking aid or EDSS 5.0 or higher, progressive MS).
  bool vigorous_aerobic = false;
  bool operator==(const ClinicianClearance&) const = default;
};

struct Profile {
  int age = 0;
  Sex sex = Sex::Other;
  double body_mass_kg = 0;
  MsType ms_type = MsType::Rrms;
  std::optional<double> edss;  // 0-9.5 in steps of 0.5, clinician-rated.
  Mobility mobility = Mobility::Independent;
  Experience experience = Experience::Novice;
  Location location = Location::Gym;
  EnumSet<Equipment> equipment;
  bool trains_alone = false;
  EnumSet<Weekday> days;
  int session_minutes = 60;
  std::map<std::string, double, std::less<>> one_rm_kg;  // Exercise id -> kg.
  std::optional<int> resting_hr;
  std::optional<int> max_hr;
  bool beta_blockers = false;
  bool heart_condition = false;  // Any known heart condition (screening for vigorous work).
  bool heat_sensitive = false;
  std::optional<Date> last_relapse;
  Date start_date{};
  int weeks = 24;
  ClinicianClearance clearance;
  bool cognitive_training = true;  // Cognitive sessions in the plan; a person may opt out.
};

// Limits of a valid profile. Each is a plausibility bound, not a clinical threshold.
inline constexpr int kMinAge = 18;  // The guidelines MSFit follows are for adults [LC2013].
inline constexpr int kMaxAge = 100;
inline constexpr double kMinBodyMassKg = 25;
inline constexpr double kMaxBodyMassKg = 350;
// EDSS 9.5 and 10 are not planned for: at 9.5 a person is confined to bed and totally
// dependent, which is care, not an exercise programme.
inline constexpr double kMaxEdss = 9.0;
inline constexpr int kMinSessionMinutes = 20;
inline constexpr int kMaxSessionMinutes = 120;
inline constexpr int kMinWeeks = 1;
inline constexpr int kMaxWeeks = 52;
inline constexpr double kMaxOneRmKg = 500;
inline constexpr int kMinRestingHr = 30;
inline constexpr int kMaxRestingHr = 130;
inline constexpr int kMinMaxHr = 80;
inline constexpr int kMaxMaxHr = 230;
inline constexpr int kMinHeartRateReserve = 20;

// The EDSS steps (0, 1.0, 1.5, ... 10; there is no 0.5) [KURTZKE1983].
[[nodiscard]] bool is_edss_step(double value);

// Checks ranges and combinations: EDSS step, mobility that contradicts the EDSS, maxima for
// unknown or unloadable exercises, a maximum heart rate not above the resting one, a relapse
// dated after the start. The error names the field ("edss", "one_rm_kg.leg_press", ...).
[[nodiscard]] Status validate_profile(const Profile& profile, const ReferenceData& data);

}  // namespace msfit::core

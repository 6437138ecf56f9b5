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
  bool heat_sensitive = false;
  std::optional<Date> last_relapse;
  Date start_date{};
  int weeks = 24;
};

// Limits of a valid profile. Each is a plausibility bound, not a clinical threshold.
inline constexpr int kMinAge = 18;  // The guidelines MSFit follows are for adults [LC2013].
inline constexpr int kMaxAge = 100;
inline constexpr double kMinBodyMassKg = 25;
inline constexpr double kMaxBodyMassKg = 350;
inline constexpr double kMaxEdss = 9.5;
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

// Checks ranges and combinations: EDSS step, mobility that contradicts the EDSS, maxima for
// unknown or unloadable exercises, a maximum heart rate not above the resting one, a relapse
// dated after the start. The error names the field ("edss", "one_rm_kg.leg_press", ...).
[[nodiscard]] Status validate_profile(const Profile& profile, const ReferenceData& data);

}  // namespace msfit::core

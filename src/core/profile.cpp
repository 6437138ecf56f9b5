#include "msfit/core/profile.hpp"

#include <cmath>

#include <fmt/format.h>

namespace msfit::core {

namespace {

// "must be between {min} and {max} {unit}"; unit is kg, minutes, bpm or none.
Message between(double min, double max, const char* unit) {
  return Message{"error.profile.between",
                 {{"min", num(min)}, {"max", num(max)}, {"unit", text(unit)}}};
}

// EDSS steps (Kurtzke 1983, as summarised in [PARDO2021]): up to 4.5 a person walks without
// an aid; 6.0 needs one aid and 6.5 two aids to walk; 7.0 and above is essentially restricted
// to a wheelchair. Ratings can be months old and aids are also used for safety or fatigue, so
// only combinations that cannot both be true are rejected (product rule 'profile.plausibility').
Status check_edss_against_mobility(double edss, Mobility mobility) {
  if (mobility == Mobility::Independent && edss >= 6.0) {
    return invalid("mobility", Message{"error.profile.independent_edss", {{"edss", num(edss)}}},
                   fmt::format("'independent' does not fit edss {:.1f}: EDSS 6.0 means walking "
                               "with one aid and 6.5 with two, and from 7.0 a person cannot walk "
                               "5 m even with an aid; correct mobility or edss",
                               edss));
  }
  if (mobility != Mobility::Independent && edss < 2.0) {
    return invalid(
        "mobility",
        Message{"error.profile.mobility_low_edss",
                {{"mobility", text(std::string(to_string(mobility)))}, {"edss", num(edss)}}},
        fmt::format("'{}' contradicts EDSS {:.1f}: below 2.0 there is at most minimal "
                    "disability and no walking aid",
                    to_string(mobility), edss));
  }
  if (mobility == Mobility::Wheelchair && edss < 4.0) {
    return invalid("mobility", Message{"error.profile.wheelchair_low_edss", {{"edss", num(edss)}}},
                   fmt::format("'wheelchair' contradicts EDSS {:.1f}: below 4.0 a person is fully "
                               "ambulatory",
                               edss));
  }
  return {};
}

}  // namespace

bool is_edss_step(double value) {
  if (!(value >= 0 && value <= 10) || std::fmod(value * 2, 1.0) != 0) {
    return false;
  }
  return value != 0.5;
}

Status validate_profile(const Profile& p, const ReferenceData& data) {
  if (p.age < kMinAge || p.age > kMaxAge) {
    return invalid(
        "age",
        Message{"error.profile.age_range", {{"min", whole(kMinAge)}, {"max", whole(kMaxAge)}}},
        fmt::format("must be between {} and {} years (MSFit plans follow "
                    "guidelines for adults)",
                    kMinAge, kMaxAge));
  }
  if (!(p.body_mass_kg >= kMinBodyMassKg && p.body_mass_kg <= kMaxBodyMassKg)) {
    return invalid("body_mass_kg", between(kMinBodyMassKg, kMaxBodyMassKg, "kg"),
                   fmt::format("must be between {} and {} kg", kMinBodyMassKg, kMaxBodyMassKg));
  }
  if (p.edss) {
    const double e = *p.edss;
    if (!is_edss_step(e)) {
      return invalid("edss", Message{"error.profile.edss_step"},
                     "must be an EDSS step: 0, 1.0, 1.5, 2.0 ... 9.0 (there is no 0.5)");
    }
    if (e > kMaxEdss) {
      return invalid("edss", Message{"error.profile.edss_too_high", {{"edss", num(e)}}},
                     fmt::format("MSFit does not write an exercise programme at EDSS "
                                 "{:.1f}; this needs the person's care team",
                                 e));
    }
    MSFIT_TRY(check_edss_against_mobility(e, p.mobility));
  }
  if (p.days.empty()) {
    return invalid("days", Message{"error.profile.no_days"}, "choose at least one training day");
  }
  if (p.session_minutes < kMinSessionMinutes || p.session_minutes > kMaxSessionMinutes) {
    return invalid(
        "session_minutes", between(kMinSessionMinutes, kMaxSessionMinutes, "minutes"),
        fmt::format("must be between {} and {} minutes", kMinSessionMinutes, kMaxSessionMinutes));
  }
  if (p.weeks < kMinWeeks || p.weeks > kMaxWeeks) {
    return invalid("weeks", between(kMinWeeks, kMaxWeeks, "none"),
                   fmt::format("must be between {} and {}", kMinWeeks, kMaxWeeks));
  }
  for (const auto& [id, kg] : p.one_rm_kg) {
    const std::string field = "one_rm_kg." + id;
    const Exercise* ex = data.find_exercise(id);
    if (ex == nullptr) {
      return invalid(field, Message{"error.profile.unknown_exercise", {{"exercise", text(id)}}},
                     fmt::format("'{}' is not an exercise in the catalogue", id));
    }
    if (ex->modality != Modality::Strength || !data.load_increment_kg(*ex)) {
      return invalid(field, Message{"error.profile.not_weighted", {{"exercise", text(id)}}},
                     fmt::format("'{}' is not a weighted strength exercise, so it has no "
                                 "one-repetition maximum in kg",
                                 id));
    }
    if (!(kg > 0 && kg <= kMaxOneRmKg)) {
      return invalid(field, Message{"error.profile.one_rm_range", {{"max", num(kMaxOneRmKg)}}},
                     fmt::format("must be above 0 and at most {} kg", kMaxOneRmKg));
    }
  }
  if (p.resting_hr && (*p.resting_hr < kMinRestingHr || *p.resting_hr > kMaxRestingHr)) {
    return invalid(
        "resting_hr", between(kMinRestingHr, kMaxRestingHr, "bpm"),
        fmt::format("must be between {} and {} beats/min", kMinRestingHr, kMaxRestingHr));
  }
  if (p.max_hr && (*p.max_hr < kMinMaxHr || *p.max_hr > kMaxMaxHr)) {
    return invalid("max_hr", between(kMinMaxHr, kMaxMaxHr, "bpm"),
                   fmt::format("must be between {} and {} beats/min", kMinMaxHr, kMaxMaxHr));
  }
  if (p.resting_hr && p.max_hr && *p.max_hr - *p.resting_hr < kMinHeartRateReserve) {
    return invalid(
        "max_hr",
        Message{"error.profile.heart_rate_reserve", {{"bpm", whole(kMinHeartRateReserve)}}},
        fmt::format("must be at least {} beats/min above resting_hr", kMinHeartRateReserve));
  }
  if (p.last_relapse && *p.last_relapse > p.start_date) {
    return invalid("last_relapse", Message{"error.profile.relapse_after_start"},
                   "cannot be after start_date");
  }
  return {};
}

}  // namespace msfit::core

#include "msfit/core/training_log.hpp"

#include <fmt/format.h>

namespace msfit::core {

bool is_red_flag(Symptom symptom) {
  return static_cast<int>(symptom) <= static_cast<int>(Symptom::HeadStrike);
}

RedFlagKind red_flag_kind(Symptom symptom) {
  switch (symptom) {
    case Symptom::ChestPain:
    case Symptom::SevereBreathlessness:
    case Symptom::Fainting:
    case Symptom::Palpitations:
      return RedFlagKind::Cardiac;
    case Symptom::VisionLoss:
    case Symptom::NewWeakness:
    case Symptom::NewNumbness:
    case Symptom::SpeechOrSwallowing:
      return RedFlagKind::NewNeurological;
    case Symptom::SuddenSevereHeadache:
    case Symptom::FallWithInjury:
    case Symptom::HeadStrike:
      return RedFlagKind::Urgent;
    default:
      return RedFlagKind::None;
  }
}

Status validate_set_log(const SetLog& log) {
  if (log.set_number < 1 || log.set_number > 20) {
    return invalid("set", "must be between 1 and 20");
  }
  if (log.reps < 0 || log.reps > 100) {
    return invalid("reps", "must be between 0 and 100");
  }
  if (log.reps == 0 && log.completed) {
    return invalid("reps", "a completed set has at least 1 repetition (0 only for a set given up)");
  }
  if (!(log.load_kg >= 0 && log.load_kg <= 500)) {
    return invalid("load_kg", "must be between 0 and 500");
  }
  if (log.rir && (*log.rir < 0 || *log.rir > 10)) {
    return invalid("rir", "must be between 0 and 10");
  }
  return {};
}

Status validate_cardio_log(const CardioLog& log) {
  if (log.minutes < 1 || log.minutes > 300) {
    return invalid("minutes", "must be between 1 and 300");
  }
  if (log.mean_hr && (*log.mean_hr < 30 || *log.mean_hr > 230)) {
    return invalid("mean_hr", "must be between 30 and 230 beats/min");
  }
  if (log.watts && (*log.watts < 0 || *log.watts > 2000)) {
    return invalid("watts", "must be between 0 and 2000");
  }
  if (log.rpe && (*log.rpe < 0 || *log.rpe > 10)) {
    return invalid("rpe", "must be between 0 and 10");
  }
  return {};
}

Status validate_check_in(const CheckIn& c) {
  if (c.fatigue < 0 || c.fatigue > 10) {
    return invalid("fatigue", "must be between 0 and 10");
  }
  if (c.sleep_quality && (*c.sleep_quality < 0 || *c.sleep_quality > 10)) {
    return invalid("sleep_quality", "must be between 0 and 10");
  }
  if (c.ambient_temp_c && !(*c.ambient_temp_c >= -40 && *c.ambient_temp_c <= 60)) {
    return invalid("ambient_temp_c", "must be between -40 and 60 degrees C");
  }
  return {};
}

Status validate_item_log(const ItemLog& log) {
  if (log.rating && !log.completed) {
    return invalid("rating",
                   "a rating is for a level that was done; leave it out when the "
                   "exercise was not done");
  }
  return {};
}

}  // namespace msfit::core

#include "msfit/core/adaptation.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "msfit/core/format.hpp"
#include "msfit/core/strength_math.hpp"

#include "plan_rules.hpp"

namespace msfit::core {

namespace {

namespace r = rules;

// Product rule 'working_max': estimates raise the working max by at most 5 % a session.
constexpr double kMaxWorkingMaxGain = 0.05;
// Product rule 'max_step': no load more than 20 % above the last one (the ramp's largest step,
// 50 -> 60 % 1RM, is +20 %).
constexpr double kMaxLoadStep = 0.20;
// A miss twice in a row takes 10 % off [CLINICAL.md 7.2: reduce 5-10 %].
constexpr double kMissReduction = 0.10;
// Reps in reserve that count as "to spare" (target RIR 2-3 on the last set, CLINICAL.md 7.2).
constexpr int kSpareRir = 2;
constexpr int kEasyRir = 4;  // RIR 4+ on every set twice running also earns an increment.
// Readiness (product rule 'readiness'): fatigue 7-10 -> recovery, 5-6 -> reduced.
constexpr int kRecoveryFatigue = 7;
constexpr int kReducedFatigue = 5;
constexpr int kReducedPctDrop = 10;
// Back after 14 or more days without training: one set, 20 points of % 1RM less.
constexpr int kGapDays = 14;
constexpr int kGapPctDrop = 20;
constexpr int kMinPct = 40;
// Re-entry after a relapse lasts two weeks from the resume [pr_relapse_reentry].
constexpr int kReentryDays = 14;

double last_load(const ExercisePerformance& p) {
  double load = 0;
  for (const auto& s : p.sets) {
    load = std::max(load, s.load_kg);
  }
  return load;
}

// A session "hit the top": every set completed at or above the top of the range, with reps in
// reserve to spare where recorded (double progression gated on all sets, wger #2480).
bool hit_top(const ExercisePerformance& p, Range reps) {
  if (p.sets.empty()) {
    return false;
  }
  return std::all_of(p.sets.begin(), p.sets.end(), [&](const SetLog& s) {
    return s.completed && s.reps >= reps[1] && (!s.rir || *s.rir >= kSpareRir);
  });
}

bool all_easy(const ExercisePerformance& p, Range reps) {
  return !p.sets.empty() && std::all_of(p.sets.begin(), p.sets.end(), [&](const SetLog& s) {
    return s.completed && s.reps >= reps[0] && s.rir && *s.rir >= kEasyRir;
  });
}

// A missed target: an abandoned set, fewer reps than the bottom of the range, or a set taken
// to failure (RIR 0).
bool missed(const ExercisePerformance& p, Range reps) {
  return std::any_of(p.sets.begin(), p.sets.end(), [&](const SetLog& s) {
    return !s.completed || s.reps < reps[0] || (s.rir && *s.rir == 0);
  });
}

Range reps_for(const ExercisePerformance& p, Range fallback) {
  return p.prescribed_reps.value_or(fallback);
}

}  // namespace

std::optional<double> estimate_one_rm(const SetLog& set) {
  if (!set.completed || set.reps < 1 || set.reps > kMaxRepsForOneRmEstimate || set.load_kg <= 0) {
    return std::nullopt;
  }
  return epley_one_rm(set.load_kg, set.reps);
}

std::optional<double> working_max(std::optional<double> profile_one_rm,
                                  const std::vector<ExercisePerformance>& history) {
  std::optional<double> wm = profile_one_rm;
  for (auto it = history.rbegin(); it != history.rend(); ++it) {  // Oldest first.
    std::optional<double> best;
    for (const auto& set : it->sets) {
      if (const auto e = estimate_one_rm(set); e && (!best || *e > *best)) {
        best = e;
      }
    }
    if (!best) {
      continue;
    }
    wm = wm ? std::max(*wm, std::min(*best, *wm * (1 + kMaxWorkingMaxGain))) : *best;
  }
  return wm;
}

std::optional<LoadDecision> decide_load(const PlanItem& planned,
                                        std::optional<double> profile_one_rm,
                                        const std::vector<ExercisePerformance>& history,
                                        double increment_kg) {
  if (!planned.intensity.pct_1rm) {
    return std::nullopt;
  }
  const int pct = *planned.intensity.pct_1rm;
  LoadDecision d;
  d.working_max_kg = working_max(profile_one_rm, history);
  const ExercisePerformance* last = nullptr;
  for (const auto& p : history) {
    if (last_load(p) > 0) {
      last = &p;
      break;
    }
  }
  if (last != nullptr) {
    d.last_load_kg = last_load(*last);
  }
  if (!d.working_max_kg && !d.last_load_kg) {
    return std::nullopt;  // Nothing to take a load from: the person picks a light weight.
  }
  std::optional<double> from_plan;
  if (d.working_max_kg) {
    from_plan = round_down_to_increment(*d.working_max_kg * pct / 100.0, increment_kg);
  }
  d.rule = r::kAdaptProgression;
  if (!last) {
    d.load_kg = *from_plan;
    d.message = fmt::format("{} % of {} kg.", pct, format_kg(*d.working_max_kg));
  } else {
    const double previous = *d.last_load_kg;
    const Range reps = reps_for(*last, planned.reps);
    const bool two_misses = history.size() >= 2 && &history[0] == last &&
                            missed(history[0], reps_for(history[0], reps)) &&
                            missed(history[1], reps_for(history[1], reps)) &&
                            last_load(history[1]) > 0;
    if (two_misses) {
      const double reduced = round_down_to_increment(previous * (1 - kMissReduction), increment_kg);
      d.load_kg = from_plan ? std::min(*from_plan, reduced) : reduced;
      d.message =
          fmt::format("Target missed twice: {} kg, 10 % below last time.", format_kg(d.load_kg));
    } else if (missed(*last, reps)) {
      d.load_kg = from_plan ? std::min(*from_plan, previous) : previous;
      d.message =
          d.load_kg < previous
              ? fmt::format("Target missed last time: {} kg, the plan's {} % of {} kg.",
                            format_kg(d.load_kg), pct, format_kg(*d.working_max_kg))
              : fmt::format("Target missed last time: stay at {} kg.", format_kg(d.load_kg));
    } else if (hit_top(*last, reps) || (history.size() >= 2 && all_easy(history[0], reps) &&
                                        all_easy(history[1], reps_for(history[1], reps)))) {
      const double up = previous + increment_kg;
      d.load_kg = from_plan ? std::max(*from_plan, up) : up;
      d.message =
          fmt::format("All sets done with reps to spare: up to {} kg.", format_kg(d.load_kg));
    } else {
      d.load_kg = from_plan ? *from_plan : previous;
      d.message = from_plan ? fmt::format("{} % of {} kg.", pct, format_kg(*d.working_max_kg))
                            : fmt::format("Same load as last time: {} kg.", format_kg(previous));
    }
    // Never more than 20 % above the last load [pr_max_step].
    const double ceiling =
        std::max(previous + increment_kg,
                 round_down_to_increment(previous * (1 + kMaxLoadStep), increment_kg));
    if (d.load_kg > ceiling) {
      d.load_kg = ceiling;
      d.rule = r::kAdaptMaxStep;
      d.message = fmt::format("Capped at {} kg: at most 20 % above last time.", format_kg(ceiling));
    }
  }
  // Never above 85 % of the working max.
  if (d.working_max_kg) {
    const double cap =
        round_down_to_increment(*d.working_max_kg * r::kMaxPct1Rm / 100.0, increment_kg);
    d.load_kg = std::min(d.load_kg, cap);
  }
  d.load_kg = std::max(d.load_kg, 0.0);
  return d;
}

namespace {

bool has_red_flag(const CheckIn& c) {
  return std::any_of(c.symptoms.begin(), c.symptoms.end(), is_red_flag);
}

bool has(const CheckIn& c, Symptom s) {
  return std::find(c.symptoms.begin(), c.symptoms.end(), s) != c.symptoms.end();
}

// Lower the dose of an item for a reduced day: one set less, fewer % 1RM points, a shorter and
// moderate aerobic bout.
void reduce(PlanItem& item, int pct_drop, bool one_set) {
  if (item.sets > 1) {
    item.sets = one_set ? 1 : item.sets - 1;
  }
  if (item.intensity.pct_1rm) {
    item.intensity.pct_1rm = std::max(kMinPct, *item.intensity.pct_1rm - pct_drop);
    // Reps follow the lighter load but stay within the guideline's range.
    item.reps = {std::max(item.reps[0], 8), std::max(item.reps[1], 12)};
  }
  if (item.work_minutes > 0) {
    const int minutes =
        std::max(r::kAerobicMinMinutes,
                 static_cast<int>(std::lround(item.work_minutes * 2.0 / 3.0 / 5.0)) * 5);
    item.work_minutes = std::min(item.work_minutes, minutes);
  }
}

void moderate_aerobic(PlanItem& item, const Profile& profile) {
  if (item.intensity.hrr_pct) {
    item.intensity.hrr_pct = r::kHrrModerate;
    item.intensity.hr_bpm = karvonen_bpm(*profile.resting_hr, *profile.max_hr, r::kHrrModerate);
  }
  if (item.intensity.rpe && item.exercise->modality == Modality::Aerobic) {
    item.intensity.rpe = r::kRpeModerate;
  }
}

void split_bouts(PlanItem& item, bool heat) {
  if (item.work_minutes <= 0) {
    return;
  }
  item.bouts = heat ? (item.work_minutes + r::kHeatBoutMinutes - 1) / r::kHeatBoutMinutes : 1;
  item.bout_minutes = item.bouts > 1 ? r::kHeatBoutMinutes : item.work_minutes;
  item.minutes = item.work_minutes + (item.bouts - 1) * r::kHeatBoutRestMinutes;
}

}  // namespace

AdaptedSession adapt_session(const Session* planned, const Plan& plan, const Profile& profile,
                             const ReferenceData& data, const AdaptationInput& in) {
  AdaptedSession out;
  out.date = in.today;
  const auto reason = [&](std::string_view rule, std::string message) {
    out.reasons.push_back({rule, std::move(message)});
  };

  // A red flag stops the day, whatever was planned.
  if (in.check_in && has_red_flag(*in.check_in)) {
    out.status = DayStatus::Stopped;
    reason(r::kAdaptRedFlag,
           "No training today. You reported a warning symptom: contact your clinician now, or "
           "emergency services for chest pain, fainting or a head injury.");
    return out;
  }
  // A relapse pauses the plan until the person resumes it.
  const bool relapse_today = in.check_in && in.check_in->relapse;
  if (relapse_today || in.relapse_open) {
    out.status = DayStatus::Paused;
    reason(r::kAdaptRelapsePause,
           fmt::format("The plan is paused after the relapse reported on {}. Contact your MS "
                       "team; when they agree, resume with 'msfit resume' and the plan restarts "
                       "gently.",
                       format_iso_date(relapse_today ? in.today : *in.relapse_open)));
    return out;
  }
  if (planned == nullptr) {
    out.status = DayStatus::Rest;
    for (const auto& s : plan.sessions) {
      if (s.date > in.today) {
        out.next_session = s.date;
        break;
      }
    }
    return out;
  }

  out.status = DayStatus::Train;
  out.warmup_minutes = planned->warmup_minutes;
  const CheckIn* c = in.check_in ? &*in.check_in : nullptr;
  const bool recovery = c && (c->fatigue >= kRecoveryFatigue || has(*c, Symptom::HeatWorsening));
  const bool tired = c && !recovery && c->fatigue >= kReducedFatigue;
  const bool hot = c && c->feels_hot;
  const bool reentry = in.resumed_on && in.today >= *in.resumed_on &&
                       (in.today - *in.resumed_on).count() < kReentryDays;
  const bool back_after_gap =
      in.last_training && (in.today - *in.last_training).count() >= kGapDays;
  if (recovery) {
    out.status = DayStatus::Recovery;
    reason(r::kAdaptReadiness,
           c->fatigue >= kRecoveryFatigue
               ? fmt::format("Fatigue {} of 10: a recovery session today, balance and stretching "
                             "only. Rest is part of training.",
                             c->fatigue)
               : "Symptoms worse with heat: cool down first; today is balance and stretching "
                 "only. Heat-related worsening passes as you cool and is not a relapse.");
  } else if (tired || reentry || back_after_gap) {
    out.status = DayStatus::Reduced;
  }
  if (tired) {
    reason(r::kAdaptReadiness,
           fmt::format("Fatigue {} of 10: one set less, lighter loads and a shorter, moderate "
                       "aerobic bout today.",
                       c->fatigue));
  }
  if (reentry) {
    reason(r::kReentry, fmt::format("Re-entry after your relapse (resumed {}): one set at light "
                                    "loads and 10 minutes of aerobic work.",
                                    format_iso_date(*in.resumed_on)));
  }
  if (back_after_gap) {
    reason(r::kAdaptGap, fmt::format("Welcome back: {} days since your last session, so today "
                                     "starts lighter (one set, lower loads, shorter aerobic work).",
                                     (in.today - *in.last_training).count()));
  }
  if (hot && !recovery) {
    reason(r::kAdaptHeat,
           profile.heat_sensitive
               ? "A hot day: aerobic work is moderate and shorter, in bouts of up to 10 minutes "
                 "with rests. Pre-cool, use a fan and cold water."
               : "A hot day: aerobic work stays moderate, in bouts of up to 10 minutes. Drink "
                 "cold water and use a fan.");
  }

  // A recovery day is balance and stretching. If today's plan has no balance work, borrow the
  // balance block of the nearest session that has one.
  std::vector<PlanItem> items = planned->items;
  const auto is_balance = [](const PlanItem& i) {
    return i.exercise->modality == Modality::Balance ||
           (i.exercise->modality == Modality::Cognitive && i.rule == r::kDualTask);
  };
  if (recovery && std::none_of(items.begin(), items.end(), is_balance)) {
    const Session* nearest = nullptr;
    for (const auto& s : plan.sessions) {
      if (std::any_of(s.items.begin(), s.items.end(), is_balance) &&
          (nearest == nullptr ||
           std::abs((s.date - in.today).count()) < std::abs((nearest->date - in.today).count()))) {
        nearest = &s;
      }
    }
    if (nearest != nullptr) {
      std::vector<PlanItem> balance;
      std::copy_if(nearest->items.begin(), nearest->items.end(), std::back_inserter(balance),
                   is_balance);
      items.insert(items.begin(), balance.begin(), balance.end());
    }
  }

  for (const auto& planned_item : items) {
    const Exercise& ex = *planned_item.exercise;
    if (recovery && ex.modality != Modality::Balance && ex.modality != Modality::Flexibility &&
        !(ex.modality == Modality::Cognitive)) {
      continue;
    }
    AdaptedItem a;
    a.item = planned_item;
    // A swap the person made earlier: the replacement takes the same dose.
    if (const auto swap = in.swaps.find(ex.id); swap != in.swaps.end()) {
      if (const Exercise* replacement = data.find_exercise(swap->second)) {
        a.item.exercise = replacement;
        a.notes.push_back({r::kAdaptSwap, fmt::format("{} instead of {}, as you chose.",
                                                      replacement->names.in(Language::En),
                                                      ex.names.in(Language::En))});
      }
    }
    PlanItem& item = a.item;
    if (reentry) {
      if (item.intensity.pct_1rm) {
        item.intensity.pct_1rm = std::min(*item.intensity.pct_1rm, r::kReentryPct);
        item.reps = r::kPrepReps;
      }
      item.sets = std::min(item.sets, 1);
      if (item.work_minutes > 0) {
        item.work_minutes = r::kAerobicMinMinutes;
      }
      moderate_aerobic(item, profile);
    }
    if (back_after_gap) {
      reduce(item, kGapPctDrop, /*one_set=*/true);
      moderate_aerobic(item, profile);
    }
    if (tired) {
      reduce(item, kReducedPctDrop, /*one_set=*/false);
      moderate_aerobic(item, profile);
    }
    if (hot && item.work_minutes > 0) {
      moderate_aerobic(item, profile);
      if (profile.heat_sensitive) {
        item.work_minutes = std::max(
            r::kAerobicMinMinutes,
            std::min(item.work_minutes,
                     static_cast<int>(std::lround(item.work_minutes * 2.0 / 3.0 / 5.0)) * 5));
      }
    }
    split_bouts(item, profile.heat_sensitive || hot);
    if (item.sets > 0 && item.exercise->modality == Modality::Strength) {
      item.minutes =
          static_cast<int>(std::ceil(item.sets * (0.75 + r::kRestBetweenSetsSeconds / 60.0) + 0.5));
    }
    // Loads follow the log.
    item.load_kg.reset();
    if (const auto increment = data.load_increment_kg(*item.exercise)) {
      std::optional<double> profile_max;
      if (const auto it = profile.one_rm_kg.find(item.exercise->id);
          it != profile.one_rm_kg.end()) {
        profile_max = it->second;
      }
      static const std::vector<ExercisePerformance> kNone;
      const auto h = in.history.find(item.exercise->id);
      a.load =
          decide_load(item, profile_max, h == in.history.end() ? kNone : h->second, *increment);
      if (a.load && a.load->load_kg > 0) {
        item.load_kg = a.load->load_kg;
      }
    }
    out.items.push_back(std::move(a));
  }
  return out;
}

std::vector<WeekAdherence> weekly_adherence(const Plan& plan, const std::set<Date>& logged_days,
                                            Date today) {
  std::vector<WeekAdherence> weeks;
  std::vector<Date> planned_days;  // Sorted: this runs on every "today".
  planned_days.reserve(plan.sessions.size());
  for (const auto& s : plan.sessions) {
    planned_days.push_back(s.date);
  }
  std::sort(planned_days.begin(), planned_days.end());
  for (int w = 1; w <= plan.weeks; ++w) {
    const Date start = plan.start_date + std::chrono::days{7 * (w - 1)};
    if (start > today) {
      break;
    }
    WeekAdherence a;
    a.week = w;
    a.start = start;
    for (int d = 0; d < 7; ++d) {
      const Date day = start + std::chrono::days{d};
      if (day > today) {
        break;
      }
      const bool is_planned = std::binary_search(planned_days.begin(), planned_days.end(), day);
      const bool is_logged = logged_days.count(day) != 0;
      a.planned += is_planned ? 1 : 0;
      a.done += is_planned && is_logged ? 1 : 0;
      a.extra += !is_planned && is_logged ? 1 : 0;
    }
    weeks.push_back(a);
  }
  return weeks;
}

}  // namespace msfit::core

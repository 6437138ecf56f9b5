#include "msfit/core/adaptation.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "msfit/core/format.hpp"
#include "msfit/core/strength_math.hpp"

#include "plan_rules.hpp"
#include "selection.hpp"

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
  if (!planned.intensity.pct_1rm && planned.reference_pct <= 0) {
    return std::nullopt;
  }
  const int pct = planned.intensity.pct_1rm.value_or(planned.reference_pct);
  LoadDecision d;
  d.working_max_kg = working_max(profile_one_rm, history);
  // Without a profile 1RM the maximum is an estimate from logged sets.
  const std::string estimated = profile_one_rm ? "no" : "yes";
  // "{pct} % of [your estimated maximum, ]{max} kg."
  const auto of_max = [&] {
    return Message{
        "load.percent_of_max",
        {{"pct", whole(pct)}, {"estimated", estimated}, {"max", num(*d.working_max_kg)}}};
  };
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
    d.message = of_max();
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
      d.message = {"load.missed_twice", {{"kg", num(d.load_kg)}}};
    } else if (missed(*last, reps)) {
      d.load_kg = from_plan ? std::min(*from_plan, previous) : previous;
      d.message = d.load_kg < previous ? Message{"load.missed_plan",
                                                 {{"kg", num(d.load_kg)},
                                                  {"pct", whole(pct)},
                                                  {"estimated", estimated},
                                                  {"max", num(*d.working_max_kg)}}}
                                       : Message{"load.missed_stay", {{"kg", num(d.load_kg)}}};
    } else if (hit_top(*last, reps) || (history.size() >= 2 && all_easy(history[0], reps) &&
                                        all_easy(history[1], reps_for(history[1], reps)))) {
      const double up = previous + increment_kg;
      d.load_kg = from_plan ? std::max(*from_plan, up) : up;
      d.message = {"load.up", {{"kg", num(d.load_kg)}}};
    } else {
      d.load_kg = from_plan ? *from_plan : previous;
      d.message = from_plan ? of_max() : Message{"load.same", {{"kg", num(previous)}}};
    }
    // Never more than 20 % above the last load [pr_max_step].
    const double ceiling =
        std::max(previous + increment_kg,
                 round_down_to_increment(previous * (1 + kMaxLoadStep), increment_kg));
    if (d.load_kg > ceiling) {
      d.load_kg = ceiling;
      d.rule = r::kAdaptMaxStep;
      d.message = {"load.capped", {{"kg", num(ceiling)}}};
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

bool has(const CheckIn& c, Symptom s) {
  return std::find(c.symptoms.begin(), c.symptoms.end(), s) != c.symptoms.end();
}

bool has_kind(const CheckIn& c, RedFlagKind kind) {
  return std::any_of(c.symptoms.begin(), c.symptoms.end(),
                     [kind](Symptom s) { return red_flag_kind(s) == kind; });
}

bool has_red_flag(const CheckIn& c) {
  return std::any_of(c.symptoms.begin(), c.symptoms.end(), is_red_flag);
}

// Lower the dose of an item for a reduced day: one set less, fewer % 1RM points, a shorter and
// moderate aerobic bout.
void reduce(PlanItem& item, int pct_drop, bool one_set) {
  if (item.sets > 1) {
    item.sets = one_set ? 1 : item.sets - 1;
  }
  const auto lighter = [&](int pct) { return std::max(kMinPct, pct - pct_drop); };
  if (item.intensity.pct_1rm) {
    item.intensity.pct_1rm = lighter(*item.intensity.pct_1rm);
  }
  if (item.reference_pct > 0) {
    item.reference_pct = lighter(item.reference_pct);
  }
  if (item.intensity.pct_1rm || item.reference_pct > 0) {
    // Reps follow the lighter load but stay within the guideline's range, with more in
    // reserve.
    item.reps = {std::max(item.reps[0], 8), std::max(item.reps[1], 12)};
    item.intensity.rir = r::kLightRir;
  }
  if (item.work_minutes > 0) {
    const int minutes =
        std::max(r::kAerobicMinMinutes,
                 static_cast<int>(std::lround(item.work_minutes * 2.0 / 3.0 / 5.0)) * 5);
    item.work_minutes = std::min(item.work_minutes, minutes);
  }
}

void moderate_aerobic(PlanItem& item, const Profile& profile) {
  if (item.exercise->modality != Modality::Aerobic) {
    return;
  }
  if (item.intensity.hrr_pct) {
    item.intensity.hrr_pct = r::kHrrModerate;
    item.intensity.hr_bpm = karvonen_bpm(*profile.resting_hr, *profile.max_hr, r::kHrrModerate);
  }
  item.intensity.rpe = r::kRpeModerate;
  item.intensity.talk_test = TalkTest::TalkNotSing;
}

// Bands and body weight on a lighter day: one set, fewer reps, easy effort, no slow tempo.
void lighter_bodyweight(PlanItem& item) {
  if (item.intensity.pct_1rm || item.reference_pct > 0 || item.work_minutes > 0 ||
      item.balance_slot >= 0 || item.exercise->modality == Modality::Flexibility) {
    return;
  }
  item.sets = std::min(item.sets, 1);
  if (item.reps[1] > 0) {
    item.reps = {std::min(item.reps[0], 8), std::min(item.reps[1], 10)};
  }
  item.lower_seconds = 0;
  item.intensity.rpe = Range{3, 4};
}

void split_bouts(PlanItem& item, bool heat) {
  if (item.work_minutes <= 0) {
    return;
  }
  item.bouts = heat ? (item.work_minutes + r::kHeatBoutMinutes - 1) / r::kHeatBoutMinutes : 1;
  item.bout_minutes = item.bouts > 1 ? r::kHeatBoutMinutes : item.work_minutes;
  item.minutes = item.work_minutes + (item.bouts - 1) * r::kHeatBoutRestMinutes;
}

// The red flags among `symptoms`, as catalogue codes ("symptom.chest_pain").
Codes symptom_list(const std::vector<Symptom>& symptoms) {
  Codes out;
  for (const auto s : symptoms) {
    if (is_red_flag(s)) {
      out.codes.push_back("symptom." + std::string(to_string(s)));
    }
  }
  return out;
}

std::optional<Date> latest_clearance(const std::vector<Clearance>& clearances, ClearanceKind kind) {
  std::optional<Date> latest;
  for (const auto& c : clearances) {
    if (c.kind == kind && (!latest || c.date > *latest)) {
      latest = c.date;
    }
  }
  return latest;
}

// Seated recovery items: stretches held, mobility and breathing for a few minutes.
PlanItem recovery_item(const Exercise* ex) {
  PlanItem item;
  item.exercise = ex;
  item.rule = r::kAdaptRecoverySeated;
  if (ex->pattern == Pattern::Breathing || ex->pattern == Pattern::AnkleMobility) {
    item.minutes = 3;
  } else {
    item.sets = 2;
    item.hold_seconds = r::kStretchHoldSeconds;
    item.minutes = 2;
  }
  return item;
}

}  // namespace

std::vector<Hold> open_holds(const Profile& profile, const Plan& plan,
                             const std::vector<CheckIn>& flagged,
                             const std::vector<Clearance>& clearances, Date today) {
  // A clearance ends what happened before it: on an earlier day, or earlier the same day (a
  // red flag reported after a clearance that day is not cleared by it). Without times, a
  // clearance on the same day counts as after.
  const auto cleared_since = [&](ClearanceKind kind, Date since, const std::string& at) {
    return std::any_of(clearances.begin(), clearances.end(), [&](const Clearance& c) {
      return c.kind == kind && c.date <= today &&
             (c.date > since ||
              (c.date == since && (at.empty() || c.recorded_at.empty() || c.recorded_at > at)));
    });
  };
  std::vector<Hold> holds;
  std::optional<Hold> relapse;
  std::optional<Hold> medical;
  const auto keep_latest = [](std::optional<Hold>& slot, Hold h) {
    if (!slot || h.since >= slot->since) {
      slot = std::move(h);
    }
  };
  // A relapse in the profile within 30 days before the plan's start.
  if (profile.last_relapse && *profile.last_relapse <= today &&
      (plan.start_date - *profile.last_relapse).count() <= r::kRecentRelapseDays &&
      !cleared_since(ClearanceKind::Relapse, *profile.last_relapse, {})) {
    keep_latest(relapse, Hold{HoldKind::RelapsePause, *profile.last_relapse, {}, true});
  }
  for (const auto& c : flagged) {
    if (c.date > today) {
      continue;
    }
    // Each hold names only the symptoms it is about: neurological ones for the relapse pause,
    // cardiac and urgent ones for the medical clearance.
    const auto flags_of = [&c](std::initializer_list<RedFlagKind> kinds) {
      std::vector<Symptom> flags;
      std::copy_if(c.symptoms.begin(), c.symptoms.end(), std::back_inserter(flags), [&](Symptom s) {
        return is_red_flag(s) &&
               std::find(kinds.begin(), kinds.end(), red_flag_kind(s)) != kinds.end();
      });
      return flags;
    };
    if ((c.relapse || has_kind(c, RedFlagKind::NewNeurological)) &&
        !cleared_since(ClearanceKind::Relapse, c.date, c.recorded_at)) {
      keep_latest(relapse, Hold{HoldKind::RelapsePause, c.date,
                                flags_of({RedFlagKind::NewNeurological}), false});
    }
    if ((has_kind(c, RedFlagKind::Cardiac) || has_kind(c, RedFlagKind::Urgent)) &&
        !cleared_since(ClearanceKind::Medical, c.date, c.recorded_at)) {
      keep_latest(medical, Hold{HoldKind::MedicalClearance, c.date,
                                flags_of({RedFlagKind::Cardiac, RedFlagKind::Urgent}), false});
    }
  }
  if (relapse) {
    holds.push_back(*relapse);
  }
  if (medical) {
    holds.push_back(*medical);
  }
  return holds;
}

int balance_level(const std::vector<const Exercise*>& ladder, int start,
                  const std::vector<ItemLog>& logs) {
  if (ladder.empty()) {
    return 0;
  }
  const int top = static_cast<int>(ladder.size()) - 1;
  int level = std::clamp(start, 0, top);
  int easy_in_a_row = 0;
  for (const auto& log : logs) {
    if (log.exercise != ladder[static_cast<std::size_t>(level)]->id) {
      continue;
    }
    if (!log.completed || log.rating == ItemRating::Hard) {
      level = std::max(0, level - 1);
      easy_in_a_row = 0;
    } else if (log.rating == ItemRating::Easy) {
      if (++easy_in_a_row >= 2) {
        level = std::min(top, level + 1);
        easy_in_a_row = 0;
      }
    } else {
      easy_in_a_row = 0;
    }
  }
  return level;
}

AdaptedSession adapt_session(const Session* planned, const Plan& plan, const Profile& profile,
                             const ReferenceData& data, const AdaptationInput& in) {
  AdaptedSession out;
  out.date = in.today;
  const auto reason = [&](std::string_view rule, Message message) {
    out.reasons.push_back({rule, std::move(message)});
  };
  const CheckIn* c = in.check_in ? &*in.check_in : nullptr;

  // A red flag today stops the day, whatever was planned; what comes next depends on the kind.
  out.holds = open_holds(profile, plan, in.flagged, in.clearances, in.today);
  // Whether today's report of that kind was cleared later today: a clearance dated today and
  // no hold of that kind left open.
  const auto held = [&](HoldKind kind) {
    const ClearanceKind clears =
        kind == HoldKind::RelapsePause ? ClearanceKind::Relapse : ClearanceKind::Medical;
    const bool cleared_today =
        std::any_of(in.clearances.begin(), in.clearances.end(),
                    [&](const Clearance& k) { return k.kind == clears && k.date == in.today; });
    return !cleared_today || std::any_of(out.holds.begin(), out.holds.end(),
                                         [kind](const Hold& h) { return h.kind == kind; });
  };
  if (c && has_red_flag(*c)) {
    out.status = DayStatus::Stopped;
    const std::vector<MessageArg> flags = {{"flags", symptom_list(c->symptoms)}};
    // Each kind has its message, and another when today's report was cleared later the same
    // day: today is still not a training day.
    if (has_kind(*c, RedFlagKind::Cardiac)) {
      reason(r::kAdaptRedFlag,
             {held(HoldKind::MedicalClearance) ? "adapt.cardiac" : "adapt.cardiac_cleared_today",
              flags});
    }
    if (has_kind(*c, RedFlagKind::NewNeurological)) {
      reason(r::kAdaptNewNeurological,
             {held(HoldKind::RelapsePause) ? "adapt.new_neurological"
                                           : "adapt.new_neurological_cleared_today",
              flags});
    }
    if (has_kind(*c, RedFlagKind::Urgent)) {
      reason(r::kAdaptRedFlag,
             {held(HoldKind::MedicalClearance) ? "adapt.urgent" : "adapt.urgent_cleared_today",
              flags});
    }
    return out;
  }
  // A relapse, or new neurological symptoms, pause the plan until a relapse clearance.
  const bool relapse_today = c && c->relapse;
  for (const auto& hold : out.holds) {
    if (hold.kind == HoldKind::RelapsePause) {
      out.status = DayStatus::Paused;
      reason(hold.from_profile ? r::kAdaptRecentRelapse : r::kAdaptRelapsePause,
             hold.from_profile
                 ? Message{"adapt.recent_relapse", {{"since", day(hold.since)}}}
                 : Message{"adapt.relapse_pause",
                           {{"cause", text(hold.symptoms.empty() ? "relapse" : "symptoms")},
                            {"since", day(hold.since)}}});
    }
  }
  if (relapse_today && out.status != DayStatus::Paused) {
    out.status = DayStatus::Paused;  // A clearance dated today cannot lift today's report.
    reason(
        r::kAdaptRelapsePause,
        held(HoldKind::RelapsePause)
            ? Message{"adapt.relapse_pause", {{"cause", text("relapse")}, {"since", day(in.today)}}}
            : Message{"adapt.relapse_cleared_today"});
  }
  for (const auto& hold : out.holds) {
    if (hold.kind == HoldKind::MedicalClearance) {
      if (out.status != DayStatus::Paused) {
        out.status = DayStatus::Stopped;
      }
      reason(r::kAdaptMedicalClearance,
             {"adapt.medical_clearance",
              {{"since", day(hold.since)}, {"flags", symptom_list(hold.symptoms)}}});
    }
  }
  if (out.status == DayStatus::Paused || out.status == DayStatus::Stopped) {
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
  const bool very_tired = c && c->fatigue >= kRecoveryFatigue;
  const bool heat_worse = c && has(*c, Symptom::HeatWorsening);
  const bool dizzy = c && has(*c, Symptom::Dizziness);
  const bool recovery = very_tired || heat_worse || dizzy;
  const bool tired = c && !recovery && c->fatigue >= kReducedFatigue;
  const bool hot = c && c->feels_hot;
  const auto resumed_on = latest_clearance(in.clearances, ClearanceKind::Relapse);
  const bool reentry =
      resumed_on && in.today >= *resumed_on && (in.today - *resumed_on).count() < kReentryDays;
  const bool back_after_gap =
      in.last_training && (in.today - *in.last_training).count() >= kGapDays;

  if (recovery) {
    // A bad day: rest, or seated work only; never standing balance, walking or dual-task
    // walking ('pr_recovery_seated').
    out.status = DayStatus::Recovery;
    out.warmup_minutes = 0;
    if (heat_worse) {
      reason(r::kAdaptRecoverySeated, {"adapt.heat_worsening"});
    }
    if (dizzy) {
      reason(r::kAdaptRecoverySeated, {"adapt.dizziness"});
    }
    if (very_tired) {
      reason(r::kAdaptRecoverySeated, {"adapt.fatigue_seated", {{"fatigue", whole(c->fatigue)}}});
    }
    for (const Exercise* ex : selection::seated_recovery(profile, plan.tier, data)) {
      AdaptedItem a;
      a.item = recovery_item(ex);
      out.items.push_back(std::move(a));
    }
    return out;
  }
  if (tired || reentry || back_after_gap) {
    out.status = DayStatus::Reduced;
  }
  if (tired) {
    reason(r::kAdaptReadiness, {"adapt.fatigue_reduced", {{"fatigue", whole(c->fatigue)}}});
  }
  if (reentry) {
    reason(r::kReentry, {"adapt.reentry", {{"since", day(*resumed_on)}}});
  }
  if (back_after_gap) {
    reason(r::kAdaptGap, {"adapt.gap", {{"days", whole((in.today - *in.last_training).count())}}});
  }
  if (hot) {
    reason(r::kAdaptHeat, {profile.heat_sensitive ? "adapt.hot_heat_sensitive" : "adapt.hot"});
  }

  // Balance by ability: each ladder's rung from the person's own logs.
  const auto ladders = selection::balance_ladders(profile, plan.tier, data);
  for (const auto& planned_item : planned->items) {
    AdaptedItem a;
    a.item = planned_item;
    PlanItem& item = a.item;
    if (item.balance_slot >= 0 && static_cast<std::size_t>(item.balance_slot) < ladders.size()) {
      const auto& ladder = ladders[static_cast<std::size_t>(item.balance_slot)];
      const int level = balance_level(ladder, item.balance_level, in.balance_log);
      if (!ladder.empty() && level != item.balance_level) {
        const Exercise* next = ladder[static_cast<std::size_t>(level)];
        a.notes.push_back({r::kAdaptBalanceLevel,
                           {level > item.balance_level ? "adapt.balance_up" : "adapt.balance_back",
                            {{"exercise", names(next->names)}}}});
        item.exercise = next;
        item.rule = next->pattern == Pattern::DualTask ? r::kDualTask : r::kBalance;
        item.sets = next->pattern == Pattern::StaticStance ? 3 : 0;
        item.hold_seconds = next->pattern == Pattern::StaticStance ? r::kBalanceHoldSeconds : 0;
      }
      item.balance_level = level;
      item.balance_levels = static_cast<int>(ladder.size());
    }
    // A swap the person made earlier: the replacement takes the same dose.
    if (const auto swap = in.swaps.find(item.exercise->id); swap != in.swaps.end()) {
      if (const Exercise* replacement = data.find_exercise(swap->second)) {
        a.notes.push_back({r::kAdaptSwap,
                           {"adapt.swap",
                            {{"replacement", names(replacement->names)},
                             {"exercise", names(item.exercise->names)}}}});
        item.exercise = replacement;
      }
    }
    if (reentry) {
      if (item.intensity.pct_1rm) {
        item.intensity.pct_1rm = std::min(*item.intensity.pct_1rm, r::kReentryPct);
        item.reps = r::kPrepReps;
        item.intensity.rir = r::kLightRir;
      }
      if (item.reference_pct > 0) {
        item.reference_pct = std::min(item.reference_pct, r::kReentryPct);
        item.reps = r::kPrepReps;
        item.intensity.rir = r::kLightRir;
      }
      item.sets = std::min(item.sets, 1);
      if (item.work_minutes > 0) {
        item.work_minutes = r::kAerobicMinMinutes;
      }
      lighter_bodyweight(item);
      moderate_aerobic(item, profile);
    }
    if (back_after_gap) {
      reduce(item, kGapPctDrop, /*one_set=*/true);
      lighter_bodyweight(item);
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
    if (item.sets > 0 && (item.exercise->modality == Modality::Strength ||
                          item.exercise->modality == Modality::Core)) {
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
      const bool is_logged = logged_days.count(day) != 0;
      // Today counts as planned only once something is logged: an unfinished day is not missed.
      const bool is_planned = std::binary_search(planned_days.begin(), planned_days.end(), day) &&
                              (day < today || is_logged);
      a.planned += is_planned ? 1 : 0;
      a.done += is_planned && is_logged ? 1 : 0;
      a.extra += !is_planned && is_logged ? 1 : 0;
    }
    weeks.push_back(a);
  }
  return weeks;
}

SwapFit swap_fit(const Profile& profile, const Exercise& to) {
  if (!profile.equipment.includes(to.equipment)) {
    return SwapFit::NeedsEquipment;
  }
  if (static_cast<int>(profile.mobility) > static_cast<int>(to.lowest_mobility)) {
    return SwapFit::NotForMobility;
  }
  if (!selection::suits(profile, selection::tier_of(profile), to)) {
    return SwapFit::NotForProfile;
  }
  return SwapFit::Suits;
}

std::vector<const Exercise*> suitable_alternatives(const Exercise& from, const Profile& profile,
                                                   const ReferenceData& data) {
  std::vector<const Exercise*> out;
  for (const auto& id : from.alternatives) {
    const Exercise* alt = data.find_exercise(id);
    if (alt != nullptr && swap_fit(profile, *alt) == SwapFit::Suits) {
      out.push_back(alt);
    }
  }
  return out;
}

}  // namespace msfit::core

#include "plan_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "msfit/core/adaptation.hpp"

namespace msfit::testing {

namespace {

using core::Equipment;
using core::Mobility;
using core::Modality;
using core::PhaseKind;

constexpr std::array<int, 8> kRampPct = {50, 60, 70, 70, 80, 80, 80, 80};

bool is_strength_work(const core::Exercise& ex) {
  return ex.modality == Modality::Strength || ex.modality == Modality::Core;
}

const core::Phase* phase_of(const core::Plan& plan, int week) {
  for (const auto& phase : plan.phases) {
    if (week >= phase.start_week && week < phase.start_week + phase.weeks) {
      return &phase;
    }
  }
  return nullptr;
}

bool is_light(PhaseKind kind) {
  return kind == PhaseKind::Reentry || kind == PhaseKind::Preparation || kind == PhaseKind::Deload;
}

}  // namespace

bool has_warning(const core::Plan& plan, std::string_view code) {
  return std::any_of(plan.warnings.begin(), plan.warnings.end(),
                     [&](const core::Warning& w) { return w.code == code; });
}

std::vector<std::string> check_plan(const core::Plan& plan, const core::Profile& p,
                                    const core::ReferenceData& data) {
  std::vector<std::string> v;
  const auto fail = [&](std::string message) { v.push_back(std::move(message)); };
  const auto end_date = p.start_date + std::chrono::days{7 * p.weeks};
  const double edss = p.edss.value_or(0);
  const bool specialist = p.mobility == Mobility::Wheelchair || edss >= 7.0;
  const bool supported = !specialist && (p.mobility != Mobility::Independent || edss >= 5.0);
  const int pct_cap = supported ? 70 : 85;
  const bool progressive = p.ms_type == core::MsType::Spms || p.ms_type == core::MsType::Ppms;
  // Vigorous aerobic work only at low risk, or cleared by a clinician (not for specialist).
  const bool low_risk = !specialist && !supported && !progressive && p.age < 65 &&
                        !p.beta_blockers && !p.heart_condition;
  const bool vigorous_ok = low_risk || (!specialist && p.clearance.vigorous_aerobic);
  // No continuous walking as aerobic work from EDSS 4.0 or with an aid.
  const bool walking_limited = p.mobility != Mobility::Independent || edss >= 4.0;
  const bool solo_aid =
      p.trains_alone && p.mobility != Mobility::Independent && !p.clearance.standing_balance;
  const bool solo_risk =
      p.trains_alone && (p.mobility != Mobility::Independent || edss >= 4.0 || p.age >= 65);
  // Body-weight progression: per exercise, the latest (sets, top reps, lowering seconds) in a
  // week that is not lighter, to check it never falls.
  std::map<std::string, std::tuple<int, int, int>> bodyweight_last;
  // Balance: the exercise of each ladder, which must not change with the calendar.
  std::map<int, std::string> balance_by_slot;

  // Phases tile the weeks exactly.
  int next_week = 1;
  for (const auto& phase : plan.phases) {
    if (phase.start_week != next_week || phase.weeks < 1) {
      fail(fmt::format("phase '{}' starts at week {} (expected {})", phase.name.code,
                       phase.start_week, next_week));
    }
    next_week = phase.start_week + phase.weeks;
    if (data.find_rule(phase.rule) == nullptr) {
      fail(fmt::format("phase rule '{}' is not in the rule book", phase.rule));
    }
  }
  if (next_week != p.weeks + 1) {
    fail(fmt::format("phases cover {} weeks, profile asks for {}", next_week - 1, p.weeks));
  }

  // Rule 2 (deload): no more than 8 heavy weeks in a row.
  int heavy_run = 0;
  for (int w = 1; w <= p.weeks; ++w) {
    const auto* phase = phase_of(plan, w);
    heavy_run = phase != nullptr && !is_light(phase->kind) ? heavy_run + 1 : 0;
    if (heavy_run > 8) {
      fail(fmt::format("week {}: more than 8 weeks without a lighter week", w));
    }
  }

  // Rule 3: novices (and returns after relapse) begin with 4-8 weeks of preparation.
  const bool relapse_recent = p.last_relapse && (p.start_date - *p.last_relapse).count() <= 30;
  if (!plan.phases.empty()) {
    std::size_t first = 0;
    if (relapse_recent) {
      if (plan.phases[0].kind != PhaseKind::Reentry) {
        fail("recent relapse: the plan must start with re-entry");
      }
      first = 1;
    }
    if (p.experience == core::Experience::Novice && first < plan.phases.size()) {
      const auto& prep = plan.phases[first];
      const int remaining = p.weeks - prep.start_week + 1;
      if (prep.kind != PhaseKind::Preparation) {
        fail("novice: the plan must start with a preparation phase");
      } else if (prep.weeks < std::min(4, remaining) || prep.weeks > 8) {
        fail(fmt::format("novice: preparation lasts {} weeks, not 4-8", prep.weeks));
      }
    }
  }

  // Sessions: dates, order and per-session rules.
  std::map<long, const core::Session*> by_day;
  core::Date previous{};
  bool first_session = true;
  std::map<int, std::vector<const core::Session*>> by_week;
  const auto& pct_lookup = data;  // For readability below.
  (void)pct_lookup;
  for (const auto& s : plan.sessions) {
    const auto date_s = core::format_iso_date(s.date);
    // Rule 1.
    if (!p.days.contains(static_cast<core::Weekday>(core::weekday_index(s.date)))) {
      fail(fmt::format("{}: not one of the profile's days", date_s));
    }
    if (s.date < p.start_date || s.date >= end_date) {
      fail(fmt::format("{}: outside the plan's weeks", date_s));
    }
    if (s.week != (s.date - p.start_date).count() / 7 + 1) {
      fail(fmt::format("{}: week number {} is wrong", date_s, s.week));
    }
    if (!first_session && s.date <= previous) {
      fail(fmt::format("{}: sessions out of order or on the same day", date_s));
    }
    first_session = false;
    previous = s.date;
    by_day[s.date.time_since_epoch().count()] = &s;
    by_week[s.week].push_back(&s);

    // Rule 7.
    if (s.total_minutes() > p.session_minutes) {
      fail(fmt::format("{}: {} min exceeds session_minutes {}", date_s, s.total_minutes(),
                       p.session_minutes));
    }
    if (!s.adjustments.empty() && !has_warning(plan, "session_time_limited")) {
      fail(fmt::format("{}: adjusted without the plan saying so", date_s));
    }

    const auto* phase = phase_of(plan, s.week);
    bool seen_accessory = false;
    for (const auto& item : s.items) {
      const core::Exercise& ex = *item.exercise;
      const std::string at = fmt::format("{} {}", date_s, ex.id);
      // Every item cites a rule that exists and at least one published source.
      if (data.find_rule(item.rule) == nullptr) {
        fail(fmt::format("{}: rule '{}' is not in the rule book", at, item.rule));
      }
      bool published = false;
      for (const auto& id : core::item_evidence(item, data)) {
        const auto* src = data.find_evidence(id);
        published = published || (src != nullptr && src->is_published());
      }
      if (!published) {
        fail(fmt::format("{}: cites no published source", at));
      }
      // Rule 8.
      if (!p.equipment.includes(ex.equipment)) {
        fail(fmt::format("{}: needs equipment the person does not have", at));
      }
      // Rule 9.
      if (static_cast<int>(p.mobility) > static_cast<int>(ex.lowest_mobility)) {
        fail(fmt::format("{}: does not suit mobility '{}'", at, core::to_string(p.mobility)));
      }
      const bool in_frame = ex.equipment.contains(Equipment::StandingFrame);
      if (p.mobility == Mobility::Wheelchair &&
          ((ex.position == core::Position::Standing && !in_frame) ||
           ex.tags.contains(core::Tag::Walking) || ex.pattern == core::Pattern::Walking ||
           ex.equipment.contains(Equipment::Treadmill))) {
        fail(fmt::format("{}: standing or walking item for a wheelchair user", at));
      }
      if (p.mobility == Mobility::TwoAids && ex.position == core::Position::Standing &&
          ex.balance_demand != core::BalanceDemand::None && ex.support != core::Support::Held) {
        fail(fmt::format("{}: unsupported standing balance work with two aids", at));
      }
      if (ex.tags.contains(core::Tag::Vestibular)) {
        fail(fmt::format("{}: vestibular work needs a physiotherapist-set plan", at));
      }
      // Rule 10: no spotter-dependent lift when training alone; no free-standing barbell lift
      // alone at higher risk; nothing that needs a helper when alone.
      if (p.trains_alone && ex.needs_spotter_when_heavy) {
        fail(fmt::format("{}: needs a spotter but the person trains alone", at));
      }
      if (solo_risk && ex.equipment.contains(Equipment::Barbell) &&
          ex.position == core::Position::Standing) {
        fail(fmt::format("{}: a free-standing barbell lift alone at higher risk", at));
      }
      if (p.trains_alone && ex.tags.contains(core::Tag::NeedsHelper)) {
        fail(fmt::format("{}: needs a helper but the person trains alone", at));
      }
      // Balance: supported or seated when alone with an aid; dual tasks seated; the same
      // exercise on each ladder in every week (progress comes from the person, not the week).
      const bool balance_work =
          ex.modality == Modality::Balance ||
          (ex.modality == Modality::Cognitive && ex.pattern == core::Pattern::DualTask);
      if (balance_work) {
        if (solo_aid &&
            (ex.pattern == core::Pattern::DualTask
                 ? ex.position != core::Position::Seated
                 : ex.position == core::Position::Standing && ex.support != core::Support::Held)) {
          fail(
              fmt::format("{}: unsupported standing balance or standing dual task for someone "
                          "alone with a walking aid",
                          at));
        }
        if (item.balance_slot < 0 || item.balance_level < 0 ||
            item.balance_level >= item.balance_levels) {
          fail(fmt::format("{}: balance item without its ladder and level", at));
        }
        auto [it, inserted] = balance_by_slot.emplace(item.balance_slot, ex.id);
        if (!inserted && it->second != ex.id) {
          fail(fmt::format("{}: balance changes by week ({} earlier)", at, it->second));
        }
      }
      if (ex.modality == Modality::Strength) {
        // Rule 2: percentages, caps, compound first.
        const auto pct = item.intensity.pct_1rm;
        if (specialist) {
          if (pct || item.load_kg) {
            fail(fmt::format("{}: specialist tier must not prescribe % 1RM loads", at));
          }
          if (!item.intensity.rpe) {
            fail(fmt::format("{}: specialist tier strength needs an effort range", at));
          }
        } else if (!data.load_increment_kg(ex)) {
          // Bands and body weight have no 1RM: the dose is given as effort instead, and it
          // progresses by reps, sets and tempo, never falling outside lighter weeks.
          if (pct || item.load_kg || !item.intensity.rpe) {
            fail(fmt::format("{}: an unloaded exercise needs effort, not % 1RM", at));
          }
          const bool lighter = phase == nullptr || phase->kind == PhaseKind::Deload ||
                               phase->kind == PhaseKind::Reentry;
          if (!lighter && s.adjustments.empty()) {
            const std::tuple<int, int, int> now{item.sets, item.reps[1], item.lower_seconds};
            auto [it, inserted] = bodyweight_last.emplace(ex.id, now);
            if (!inserted && now < it->second) {
              fail(fmt::format("{}: body-weight work got easier ({} x {}, lowering {} s)", at,
                               item.sets, item.reps[1], item.lower_seconds));
            }
            it->second = std::max(it->second, now);
          }
        } else if (!pct && !(p.one_rm_kg.count(ex.id) == 0 && item.reference_pct > 0)) {
          fail(
              fmt::format("{}: a loaded strength item needs % 1RM, or effort and reps in "
                          "reserve when the 1RM is unknown",
                          at));
        } else if (!pct) {
          // No maximum: effort and reps in reserve, never a percentage of nothing.
          if (!item.intensity.rpe || !item.intensity.rir || item.load_kg) {
            fail(fmt::format("{}: without a 1RM the dose is effort and reps in reserve", at));
          }
        } else {
          if (*pct > 85 || *pct > pct_cap) {
            fail(fmt::format("{}: {} % 1RM is above the cap of {}", at, *pct, pct_cap));
          }
          if (phase != nullptr && phase->kind == PhaseKind::ProgressiveResistance) {
            const int week_in = s.week - phase->start_week;
            const int expected = std::min(kRampPct[static_cast<std::size_t>(week_in)], pct_cap);
            if (*pct != expected) {
              fail(fmt::format("{}: ramp week {} is at {} %, expected {} %", at, week_in + 1, *pct,
                               expected));
            }
            if (item.sets != 1 && s.adjustments.empty()) {
              fail(fmt::format("{}: the studied ramp uses one set", at));
            }
          }
          if (phase != nullptr && phase->kind == PhaseKind::Preparation &&
              (*pct > 50 || item.reps[0] < 12)) {
            fail(fmt::format("{}: preparation must be light (<= 50 %) with high reps", at));
          }
        }
        // Loaded work: reps stop two short of what the load allows (80 % -> 8 possible, so at
        // most 6), and the target reps in reserve is shown, at least 2.
        const int dose_pct = pct.value_or(item.reference_pct);
        if (data.load_increment_kg(ex) && dose_pct > 0 && !specialist) {
          const double f = dose_pct / 100.0;
          const int possible = static_cast<int>(
              std::floor(std::max(30.0 * (1.0 / f - 1.0), 37.0 - 36.0 * f) + 1e-9));
          if (item.reps[1] > possible - 2 || item.reps[0] > item.reps[1] || item.reps[0] < 1) {
            fail(fmt::format("{}: reps {}-{} leave fewer than 2 in reserve at {} % 1RM", at,
                             item.reps[0], item.reps[1], dose_pct));
          }
          if (!item.intensity.rir || (*item.intensity.rir)[0] < 2) {
            fail(fmt::format("{}: loaded work without a target of 2+ reps in reserve", at));
          }
        }
        // load_kg only where the 1RM is known, never above the percentage, within one step.
        const auto known = p.one_rm_kg.find(ex.id);
        if (item.load_kg) {
          const auto step = data.load_increment_kg(ex);
          if (known == p.one_rm_kg.end() || !pct || !step) {
            fail(fmt::format("{}: load_kg without a known 1RM", at));
          } else {
            const double exact = known->second * *pct / 100.0;
            if (*item.load_kg > exact + 1e-6 || *item.load_kg <= exact - *step - 1e-6 ||
                std::fabs(std::round(*item.load_kg / *step) * *step - *item.load_kg) > 1e-6) {
              fail(fmt::format("{}: load {} kg is not {} % of {} rounded down to {} kg", at,
                               *item.load_kg, *pct, known->second, *step));
            }
          }
        }
        if (ex.compound && seen_accessory) {
          fail(fmt::format("{}: compound movement after an isolation exercise", at));
        }
        seen_accessory = seen_accessory || !ex.compound;
      }
      if (ex.modality == Modality::Aerobic) {
        // Rule 5: effort and the talk test always; % HRR beside them when heart rate is usable.
        const bool hr_usable = p.resting_hr && p.max_hr && !p.beta_blockers;
        if (hr_usable != item.intensity.hrr_pct.has_value() || !item.intensity.rpe ||
            !item.intensity.talk_test) {
          fail(
              fmt::format("{}: aerobic intensity needs effort and the talk test, and % HRR "
                          "exactly when heart rate is usable",
                          at));
        }
        const bool vigorous = (item.intensity.rpe && (*item.intensity.rpe)[1] > 6) ||
                              (item.intensity.hrr_pct && (*item.intensity.hrr_pct)[1] > 59) ||
                              item.intensity.talk_test == core::TalkTest::FewWords;
        if (vigorous && !vigorous_ok) {
          fail(fmt::format("{}: vigorous aerobic work without low risk or a clearance", at));
        }
        if (walking_limited &&
            (ex.pattern == core::Pattern::Walking || ex.pattern == core::Pattern::Stepping ||
             ex.pattern == core::Pattern::Elliptical || ex.tags.contains(core::Tag::Walking))) {
          fail(fmt::format("{}: continuous walking as aerobic work beyond the walking range", at));
        }
        if (item.intensity.hrr_pct && item.intensity.hr_bpm) {
          const int reserve = *p.max_hr - *p.resting_hr;
          for (std::size_t i = 0; i < 2; ++i) {
            const int expected =
                *p.resting_hr +
                static_cast<int>(std::lround(reserve * (*item.intensity.hrr_pct)[i] / 100.0));
            if ((*item.intensity.hr_bpm)[i] != expected) {
              fail(fmt::format("{}: heart-rate target does not follow Karvonen", at));
            }
          }
        }
        if (item.work_minutes < 10 || item.work_minutes > 30) {
          fail(fmt::format("{}: aerobic work of {} min is outside 10-30 min", at,
                           item.work_minutes));
        }
        const int expected_bouts = p.heat_sensitive ? (item.work_minutes + 9) / 10 : 1;
        if (item.bouts != expected_bouts ||
            (item.bouts - 1) * item.bout_minutes >= item.work_minutes ||
            item.bouts * item.bout_minutes < item.work_minutes) {
          fail(fmt::format("{}: {} min of work in {} bouts of {} min", at, item.work_minutes,
                           item.bouts, item.bout_minutes));
        }
        // Stationary cycling whenever a steady cycling exercise suits the person.
        bool can_cycle = false;
        for (const auto& other : data.exercises()) {
          can_cycle = can_cycle ||
                      (other.pattern == core::Pattern::Cycling &&
                       !other.tags.contains(core::Tag::Intervals) &&
                       p.equipment.includes(other.equipment) &&
                       static_cast<int>(p.mobility) <= static_cast<int>(other.lowest_mobility));
        }
        if (can_cycle && !specialist && ex.pattern != core::Pattern::Cycling) {
          fail(fmt::format("{}: stationary cycling is available but not used", at));
        }
      }
    }
  }

  // Rule 4: no primary muscle trained by strength work on two consecutive days.
  for (const auto& [day, session] : by_day) {
    const auto next = by_day.find(day + 1);
    if (next == by_day.end()) {
      continue;
    }
    core::EnumSet<core::Muscle> today;
    core::EnumSet<core::Muscle> tomorrow;
    for (const auto& item : session->items) {
      if (is_strength_work(*item.exercise)) {
        today = today | item.exercise->primary_set;
      }
    }
    for (const auto& item : next->second->items) {
      if (is_strength_work(*item.exercise)) {
        tomorrow = tomorrow | item.exercise->primary_set;
      }
    }
    if (today.intersects(tomorrow)) {
      fail(fmt::format("{}: a primary muscle is trained again the next day",
                       core::format_iso_date(session->date)));
    }
  }

  // Rules 5 and 6, per full week (every chosen day falls inside the plan).
  const int days_per_week = p.days.size();
  for (const auto& [week, week_sessions] : by_week) {
    const auto& sessions = week_sessions;
    if (static_cast<int>(sessions.size()) != days_per_week) {
      fail(fmt::format("week {}: {} sessions for {} training days", week, sessions.size(),
                       days_per_week));
      continue;
    }
    int aerobic = 0;
    int balance = 0;
    std::map<core::Pattern, int> stretches;
    for (const auto* s : sessions) {
      bool has_balance = false;
      for (const auto& item : s->items) {
        const auto& ex = *item.exercise;
        aerobic += ex.modality == Modality::Aerobic ? 1 : 0;
        has_balance = has_balance || ex.modality == Modality::Balance ||
                      (ex.modality == Modality::Cognitive && ex.pattern == core::Pattern::DualTask);
        if (ex.modality == Modality::Flexibility) {
          ++stretches[ex.pattern];
        }
      }
      balance += has_balance ? 1 : 0;
    }
    const int wanted_aerobic = std::min(3, days_per_week);
    if (aerobic != wanted_aerobic && !has_warning(plan, "session_time_limited") &&
        !has_warning(plan, "no_aerobic_option")) {
      fail(fmt::format("week {}: {} aerobic sessions, expected {}", week, aerobic, wanted_aerobic));
    }
    if (days_per_week >= 2) {
      if (balance < 2 && !has_warning(plan, "balance_below_minimum")) {
        fail(fmt::format("week {}: balance work only {} time(s)", week, balance));
      }
      for (auto pattern : {core::Pattern::HamstringStretch, core::Pattern::CalfStretch,
                           core::Pattern::HipFlexorStretch}) {
        if (stretches[pattern] < 2 && !has_warning(plan, "stretch_unavailable")) {
          fail(fmt::format("week {}: {} stretched {} time(s)", week, core::to_string(pattern),
                           stretches[pattern]));
        }
      }
    }
  }

  // Rule 10 and honesty: the warnings every plan or situation requires.
  if (!has_warning(plan, "clinician_review")) {
    fail("missing the advice to agree the plan with a clinician");
  }
  if (!has_warning(plan, "red_flags")) {
    fail("missing the red-flag advice");
  }
  if (p.heat_sensitive && !has_warning(plan, "heat_sensitivity")) {
    fail("heat sensitive without the cooling warning");
  }
  if (relapse_recent && !has_warning(plan, "recent_relapse")) {
    fail("recent relapse without its warning");
  }
  if (specialist && !has_warning(plan, "specialist_plan_required")) {
    fail("specialist tier without the specialist warning");
  }
  if (solo_aid && !has_warning(plan, "solo_balance_supported")) {
    fail("alone with a walking aid without the supported-balance advice");
  }
  if (p.mobility == Mobility::Wheelchair && has_warning(plan, "stretch_unavailable")) {
    fail("a wheelchair user left without one of the three cool-down stretches");
  }
  for (const auto& w : plan.warnings) {
    bool published = false;
    for (const auto& id : w.evidence) {
      const auto* src = data.find_evidence(id);
      published = published || (src != nullptr && src->is_published());
    }
    if (!published) {
      fail(fmt::format("warning '{}' cites no published source", w.code));
    }
  }
  for (auto& problem : check_cognitive(plan, p, data)) {
    fail(std::move(problem));
  }
  return v;
}

std::vector<std::string> check_cognitive(const core::Plan& plan, const core::Profile& p,
                                         const core::ReferenceData& data) {
  using core::CognitiveTask;
  std::vector<std::string> v;
  const auto fail = [&](std::string message) { v.push_back(std::move(message)); };
  if (!p.cognitive_training) {
    if (!plan.cognitive.empty()) {
      fail("cognitive sessions for a person who opted out");
    }
    return v;
  }
  const bool progressive = p.ms_type == core::MsType::Spms || p.ms_type == core::MsType::Ppms;
  const bool relapse = p.last_relapse && (p.start_date - *p.last_relapse).count() <= 30;
  std::set<core::Date> physical_days;
  for (const auto& s : plan.sessions) {
    physical_days.insert(s.date);
  }
  std::set<core::Date> seen;
  std::map<int, std::vector<const core::CognitiveSession*>> by_week;
  for (const auto& s : plan.cognitive) {
    const auto offset = (s.date - p.start_date).count();
    if (offset < 0 || offset >= 7 * p.weeks) {
      fail(fmt::format("cognitive session on {} outside the plan", core::format_iso_date(s.date)));
    }
    if (offset / 7 + 1 != s.week) {
      fail(fmt::format("cognitive session on {} in the wrong week", core::format_iso_date(s.date)));
    }
    if (!seen.insert(s.date).second) {
      fail(fmt::format("two cognitive sessions on {}", core::format_iso_date(s.date)));
    }
    by_week[s.week].push_back(&s);
    const int tasks = static_cast<int>(s.tasks.size());
    if (tasks < 1 || tasks > 3 || tasks > s.minutes / 5) {
      fail(fmt::format("{} tasks in {} minutes", tasks, s.minutes));
    }
    if (std::set<CognitiveTask>(s.tasks.begin(), s.tasks.end()).size() != s.tasks.size()) {
      fail("a task twice in one cognitive session");
    }
    const bool story =
        std::find(s.tasks.begin(), s.tasks.end(), CognitiveTask::Story) != s.tasks.end();
    if (story != (s.rule == "cognitive.memory_strategy")) {
      fail("the memory strategy module without its rule, or the rule without the module");
    }
    if (story && s.week > 5) {
      fail("the memory strategy module after week 5");
    }
    if (s.paired != nullptr) {
      if (physical_days.count(s.date) != 0) {
        fail("a paired dual-task exercise on a day with an exercise session");
      }
      if (s.paired->position != core::Position::Seated ||
          !s.paired->tags.contains(core::Tag::DualTask) ||
          core::swap_fit(p, *s.paired) != core::SwapFit::Suits) {
        fail(fmt::format("paired exercise '{}' is not a seated dual task that suits the person",
                         s.paired->id));
      }
    }
    if (data.find_rule(s.rule) == nullptr) {
      fail(fmt::format("cognitive rule '{}' is not in the rule book", s.rule));
    }
  }
  for (int week = 1; week <= p.weeks; ++week) {
    const auto& sessions = by_week[week];
    const int count = static_cast<int>(sessions.size());
    int expected_count = week <= 2 ? 3 : week <= 4 ? 4 : 5;
    int expected_minutes = week <= 2 ? 15 : week <= 4 ? 20 : 30;
    if ((relapse || progressive) && expected_minutes > 20) {
      expected_count = 4;
      expected_minutes = 20;
    }
    if (relapse && week <= 2) {
      expected_count = 2;
      expected_minutes = 10;
    }
    if (count != expected_count) {
      fail(fmt::format("week {}: {} cognitive sessions, the dose is {}", week, count,
                       expected_count));
    }
    int free_days = 0;
    int story = 0;
    std::set<CognitiveTask> tasks;
    for (int d = 0; d < 7; ++d) {
      free_days += physical_days.count(p.start_date + std::chrono::days{7 * (week - 1) + d}) == 0;
    }
    int on_physical = 0;
    for (const auto* s : sessions) {
      if (s->minutes != expected_minutes) {
        fail(fmt::format("week {}: a {}-minute cognitive session, the dose is {}", week, s->minutes,
                         expected_minutes));
      }
      on_physical += physical_days.count(s->date) != 0;
      story += std::count(s->tasks.begin(), s->tasks.end(), CognitiveTask::Story) > 0;
      tasks.insert(s->tasks.begin(), s->tasks.end());
    }
    // Days with an exercise session only once the free days are used up.
    if (on_physical > 0 && on_physical > count - free_days) {
      fail(fmt::format("week {}: {} cognitive sessions on exercise days with free days left", week,
                       on_physical));
    }
    if (week <= 5 && story != std::min(2, count)) {
      fail(fmt::format("week {}: the memory strategy module {} times, not twice", week, story));
    }
    // Every trained domain comes round each week once the week has room for it.
    int rotating_slots = 0;
    for (const auto* s : sessions) {
      rotating_slots += static_cast<int>(s->tasks.size());
    }
    rotating_slots -= story;
    const int distinct = static_cast<int>(tasks.size()) - (story > 0 ? 1 : 0);
    if (distinct < std::min(4, rotating_slots)) {
      fail(fmt::format("week {}: only {} of the four trained domains", week, distinct));
    }
  }
  return v;
}

}  // namespace msfit::testing

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "msfit/core/cognitive.hpp"
#include "msfit/core/plan.hpp"
#include "msfit/core/strength_math.hpp"

#include "plan_rules.hpp"
#include "selection.hpp"

namespace msfit::core {

namespace {

namespace r = rules;

// ---------------------------------------------------------------------------------------------
// Strength slots: what a session needs, in order. The first `essential` slots of a template are
// the compound movements; the rest are accessories that rotate through the week when time is
// short.

enum class Slot {
  KneeDominant,
  HorizontalPush,
  HipDominant,
  HorizontalPull,
  Ankle,
  HipAbduction,
  Core,
  KneeFlexion,
  KneeExtension,
  VerticalPull,
  VerticalPush,
  ElbowFlexion,
  HipAdduction,
};

struct SlotSpec {
  Modality modality;
  std::array<Pattern, 3> patterns;
  int pattern_count;
};

SlotSpec slot_spec(Slot slot) {
  switch (slot) {
    case Slot::KneeDominant:
      return {Modality::Strength, {Pattern::Squat, Pattern::StepUp, Pattern::Lunge}, 3};
    case Slot::HorizontalPush:
      return {Modality::Strength, {Pattern::HorizontalPush}, 1};
    case Slot::HipDominant:
      return {Modality::Strength, {Pattern::Hinge, Pattern::HipExtension}, 2};
    case Slot::HorizontalPull:
      return {Modality::Strength, {Pattern::HorizontalPull}, 1};
    case Slot::Ankle:
      return {Modality::Strength, {Pattern::AnkleDorsiflexion, Pattern::CalfRaise}, 2};
    case Slot::HipAbduction:
      return {Modality::Strength, {Pattern::HipAbduction}, 1};
    case Slot::Core:
      return {Modality::Core,
              {Pattern::AntiExtension, Pattern::AntiRotation, Pattern::TrunkFlexion},
              3};
    case Slot::KneeFlexion:
      return {Modality::Strength, {Pattern::KneeFlexion}, 1};
    case Slot::KneeExtension:
      return {Modality::Strength, {Pattern::KneeExtension}, 1};
    case Slot::VerticalPull:
      return {Modality::Strength, {Pattern::VerticalPull}, 1};
    case Slot::VerticalPush:
      return {Modality::Strength, {Pattern::VerticalPush}, 1};
    case Slot::ElbowFlexion:
      return {Modality::Strength, {Pattern::ElbowFlexion}, 1};
    case Slot::HipAdduction:
      return {Modality::Strength, {Pattern::HipAdduction}, 1};
  }
  return {Modality::Strength, {Pattern::Squat}, 1};
}

enum class Template { Full, Lower, Upper };

struct TemplateSpec {
  std::vector<Slot> slots;
  int essential;
};

TemplateSpec template_spec(Template t) {
  switch (t) {
    case Template::Full:
      return {{Slot::KneeDominant, Slot::HorizontalPush, Slot::HipDominant, Slot::HorizontalPull,
               Slot::Ankle, Slot::HipAbduction, Slot::Core, Slot::KneeFlexion, Slot::KneeExtension,
               Slot::VerticalPull},
              4};
    case Template::Lower:
      return {{Slot::KneeDominant, Slot::HipDominant, Slot::Ankle, Slot::HipAbduction, Slot::Core,
               Slot::KneeFlexion, Slot::KneeExtension, Slot::HipAdduction},
              2};
    case Template::Upper:
      return {{Slot::HorizontalPush, Slot::HorizontalPull, Slot::VerticalPull, Slot::VerticalPush,
               Slot::ElbowFlexion},
              2};
  }
  return {{}, 0};
}

// Muscle groups every week of strength work should reach [LC2013: major muscle groups]; the
// lower-limb groups matter most for walking in MS (product rule 'priority_muscles').
struct MuscleGroup {
  std::string_view name;
  EnumSet<Muscle> any_of;
};
const std::array<MuscleGroup, 8> kPriorityGroups = {{
    {"quadriceps", {Muscle::Quadriceps}},
    {"glute_max", {Muscle::GluteMax}},
    {"hamstrings", {Muscle::Hamstrings}},
    {"glute_med", {Muscle::GluteMed}},
    {"ankle", {Muscle::Calves, Muscle::TibialisAnterior}},
    {"chest", {Muscle::Chest}},
    {"upper_back", {Muscle::UpperBack, Muscle::Lats}},
    {"trunk", {Muscle::Abdominals, Muscle::Obliques}},
}};

// ---------------------------------------------------------------------------------------------
// Weekly dose.

struct StrengthDose {
  std::string_view rule;
  int sessions = 0;
  int sets = 1;
  Range reps{};
  std::optional<int> pct;
  std::optional<Range> rpe;
  // Body weight and bands: their own progression by reps, sets and tempo.
  int bodyweight_sets = 1;
  Range bodyweight_reps{};
  int lower_seconds = 0;
};

struct AerobicDose {
  int minutes = 0;
  bool moderate_to_vigorous = false;
};

struct WeekDose {
  const Phase* phase = nullptr;
  int week_in_phase = 0;  // 0-based.
  StrengthDose strength;
  AerobicDose aerobic;
};

// Effort (0-10) for a band or body-weight exercise given the week's % 1RM: light weeks feel
// easy, the heaviest weeks hard but with reps to spare (product rule 'rpe_scale').
Range effort_for_percent(int pct) {
  if (pct <= 50) {
    return {3, 4};
  }
  if (pct <= 60) {
    return {4, 5};
  }
  if (pct <= 70) {
    return {5, 6};
  }
  return {6, 7};
}

int round_to_5(double value) {
  return static_cast<int>(std::lround(value / 5.0)) * 5;
}

// Reps never reach what the load allows (CLINICAL.md 2.2 app rule): the top of the range keeps
// two repetitions in reserve below the predicted maximum at that %1RM ('pr_rir_target'), and the
// range keeps a width of two reps. 80 % -> 4-6, 75 % -> 6-8, 70 % -> 8-10.
Range cap_reps(Range reps, int pct) {
  const int cap = max_reps_at_percent(pct) - rules::kWorkingRir[0];
  const int high = std::min(reps[1], cap);
  const int low = std::min(reps[0], high - 2);
  return {std::max(low, 1), high};
}

// ---------------------------------------------------------------------------------------------
// Day layout helpers. Days are weekday indices (Mon = 0); a plan week repeats, so Sunday and
// the next Monday are consecutive.

bool adjacent(int a, int b) {
  return (a - b + 7) % 7 == 1 || (b - a + 7) % 7 == 1;
}

int circular_gap(int a, int b) {
  const int d = std::abs(a - b);
  return std::min(d, 7 - d);
}

// Among subsets of `days` of size k, picks the one with most `preferred` days, then the widest
// minimum spacing, then the earliest days. Deterministic.
std::vector<int> pick_spread(const std::vector<int>& days, int k, EnumSet<Weekday> preferred,
                             bool forbid_adjacent) {
  const int n = static_cast<int>(days.size());
  k = std::min(k, n);
  std::vector<int> best;
  std::tuple<int, int, int> best_key{-1, -1, 0};
  for (unsigned mask = 0; mask < (1U << n); ++mask) {
    if (__builtin_popcount(mask) != k) {
      continue;
    }
    std::vector<int> chosen;
    for (int i = 0; i < n; ++i) {
      if ((mask >> i) & 1U) {
        chosen.push_back(days[static_cast<std::size_t>(i)]);
      }
    }
    int min_gap = 7;
    bool ok = true;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      for (std::size_t j = i + 1; j < chosen.size(); ++j) {
        min_gap = std::min(min_gap, circular_gap(chosen[i], chosen[j]));
        ok = ok && !(forbid_adjacent && adjacent(chosen[i], chosen[j]));
      }
    }
    if (!ok) {
      continue;
    }
    int pref = 0;
    for (int d : chosen) {
      pref += preferred.contains(static_cast<Weekday>(d)) ? 1 : 0;
    }
    // Earlier days win ties: a smaller mask means earlier days, so negate it.
    const std::tuple<int, int, int> key{pref, min_gap, -static_cast<int>(mask)};
    if (best.empty() || key > best_key) {
      best = chosen;
      best_key = key;
    }
  }
  return best;
}

struct StrengthLayout {
  bool split = false;
  std::vector<int> full_days;  // Non-adjacent days for full-body sessions (at most 3).
  int lower_day = -1;
  int upper_day = -1;
};

StrengthLayout layout_strength(const std::vector<int>& days) {
  StrengthLayout layout;
  for (int k = std::min<int>(r::kStrengthSessionsFull, static_cast<int>(days.size())); k >= 1;
       --k) {
    auto chosen = pick_spread(days, k, {}, /*forbid_adjacent=*/true);
    if (!chosen.empty()) {
      layout.full_days = std::move(chosen);
      break;
    }
  }
  if (layout.full_days.size() == 1 && days.size() == 2) {
    // Two consecutive days only: split lower and upper body so no muscle works two days running.
    layout.split = true;
    const bool wraps = days[0] == 0 && days[1] == 6;
    layout.lower_day = wraps ? days[1] : days[0];
    layout.upper_day = wraps ? days[0] : days[1];
    layout.full_days.clear();
  }
  return layout;
}

// ---------------------------------------------------------------------------------------------

struct Choice {
  const Exercise* exercise = nullptr;
  const Exercise* substituted_for = nullptr;
};

struct SessionConfig {
  int warmup = 0;
  int balance_items = 0;
  int strength_items = 0;
  int strength_sets = 0;
  int aerobic_minutes = 0;
  int stretch_each = 0;
};

struct Draft {
  Date date{};
  int weekday = 0;
  bool strength = false;
  Template tmpl = Template::Full;
  bool aerobic = false;
  bool balance = false;
  bool aerobic_moved_in = false;
  bool balance_moved_in = false;
  int min_strength_items = 0;
  SessionConfig wanted;
  SessionConfig config;
  std::vector<Adjustment> adjustments;
};

class Generator {
 public:
  Generator(const Profile& profile, const ReferenceData& data) : p_(profile), d_(data) {}

  Plan run();

 private:
  // --- classification
  void classify();
  // --- selection
  [[nodiscard]] bool suits(const Exercise& ex) const { return selection::suits(p_, tier_, ex); }
  // Training alone at higher risk: no free-standing barbell lifts (rule 10, 'pr_solo_spotter').
  [[nodiscard]] bool solo_barred(const Exercise& ex) const {
    return selection::solo_higher_risk(p_) && ex.equipment.contains(Equipment::Barbell) &&
           ex.position == Position::Standing;
  }
  Choice choose_strength(Slot slot, const std::set<std::string_view>& used,
                         EnumSet<Muscle> avoid) const;
  std::vector<Choice> build_template(Template t, EnumSet<Muscle> avoid) const;
  void select_exercises();
  const Exercise* choose_aerobic() const;
  const Exercise* choose_warmup() const;
  // --- periodisation
  void build_phases();
  WeekDose dose_for_week(int week) const;
  // --- sessions
  void build_week(int week);
  void fit_week(std::vector<Draft>& drafts);
  [[nodiscard]] int minutes_of(const SessionConfig& c) const;
  int strength_exercise_minutes(int sets) const;
  int aerobic_total_minutes(int minutes) const;
  int bouts_for(int minutes) const;
  Session materialise(const Draft& draft, const WeekDose& dose, int week);
  // A warning whose message is the catalogue's `code` (the plan JSON's code without
  // "warning.").
  void add_warning(std::string_view code, std::string_view rule, std::vector<MessageArg> args = {});
  void add_profile_warnings();
  void add_outcome_warnings();

  const Profile& p_;
  const ReferenceData& d_;
  Plan plan_;
  Tier tier_ = Tier::Standard;
  bool progressive_ = false;
  bool relapse_recent_ = false;
  bool hr_usable_ = false;
  std::vector<int> days_;
  StrengthLayout layout_;
  std::array<std::vector<Choice>, 3> templates_;  // Indexed by Template.
  const Exercise* aerobic_ = nullptr;
  std::array<selection::Ladder, 3> ladders_;  // Balance, by slot.
  std::array<int, 3> ladder_start_{};
  std::vector<int> balance_slots_;  // Slots with a ladder, in session order.
  bool vigorous_allowed_ = false;
  std::array<const Exercise*, 3> stretches_{};  // Hamstrings, calves, hip flexors.
  const Exercise* warmup_ = nullptr;
  std::array<int, 3> accessory_cursor_{};  // By Template; reset every week.
  bool any_substitution_ = false;
  int sessions_adjusted_ = 0;
  int weeks_balance_short_ = 0;
  std::set<std::string> uncovered_groups_;
};

// ---------------------------------------------------------------------------------------------

void Generator::classify() {
  tier_ = selection::tier_of(p_);
  vigorous_allowed_ = selection::vigorous_allowed(p_, tier_);
  progressive_ = p_.ms_type == MsType::Spms || p_.ms_type == MsType::Ppms;
  if (p_.last_relapse) {
    const auto days_since = (p_.start_date - *p_.last_relapse).count();
    relapse_recent_ = days_since >= 0 && days_since <= r::kRecentRelapseDays;
  }
  hr_usable_ = p_.resting_hr && p_.max_hr && !p_.beta_blockers;
  for (int i = 0; i < 7; ++i) {
    if (p_.days.contains(static_cast<Weekday>(i))) {
      days_.push_back(i);
    }
  }
}

namespace {

int equipment_rank(const Exercise& ex, bool prefer_free_weights) {
  // Lower is preferred. Machines first for novices and the supported tier: a guided path and
  // no balance demand (product rule); free weights first for trained people.
  static constexpr std::array<Equipment, 6> kNovice = {Equipment::Machines,   Equipment::Dumbbells,
                                                       Equipment::Cables,     Equipment::Barbell,
                                                       Equipment::Kettlebell, Equipment::Bands};
  static constexpr std::array<Equipment, 6> kTrained = {Equipment::Barbell,    Equipment::Dumbbells,
                                                        Equipment::Machines,   Equipment::Cables,
                                                        Equipment::Kettlebell, Equipment::Bands};
  const auto& order = prefer_free_weights ? kTrained : kNovice;
  int best = static_cast<int>(order.size());  // Body weight last.
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (ex.equipment.contains(order[i])) {
      best = std::min(best, static_cast<int>(i));
    }
  }
  return best;
}

bool cites(const Exercise& ex, std::string_view evidence_id) {
  return std::find(ex.evidence.begin(), ex.evidence.end(), evidence_id) != ex.evidence.end();
}

}  // namespace

Choice Generator::choose_strength(Slot slot, const std::set<std::string_view>& used,
                                  EnumSet<Muscle> avoid) const {
  const SlotSpec spec = slot_spec(slot);
  const bool free_weights_first = p_.experience == Experience::Trained && tier_ == Tier::Standard;
  using Key = std::tuple<int, int, int, int, int, int, int, std::string_view>;
  const Exercise* best = nullptr;
  Key best_key{};
  const Exercise* best_safe = nullptr;
  Key best_safe_key{};
  for (const auto& ex : d_.exercises()) {
    if (ex.modality != spec.modality || used.count(ex.id) != 0 ||
        ex.primary_set.intersects(avoid) || !suits(ex) || solo_barred(ex)) {
      continue;
    }
    const auto* pattern_it =
        std::find(spec.patterns.begin(), spec.patterns.begin() + spec.pattern_count, ex.pattern);
    if (pattern_it == spec.patterns.begin() + spec.pattern_count) {
      continue;
    }
    const Key key{static_cast<int>(pattern_it - spec.patterns.begin()),
                  p_.one_rm_kg.count(ex.id) != 0 ? 0 : 1,
                  cites(ex, "moradi2015") ? 0 : 1,
                  tier_ == Tier::Standard ? 0 : static_cast<int>(ex.balance_demand),
                  equipment_rank(ex, free_weights_first),
                  ex.unilateral ? 1 : 0,
                  ex.position == Position::Standing && tier_ != Tier::Standard ? 1 : 0,
                  ex.id};
    if (best == nullptr || key < best_key) {
      best = &ex;
      best_key = key;
    }
    if (!ex.needs_spotter_when_heavy && (best_safe == nullptr || key < best_safe_key)) {
      best_safe = &ex;
      best_safe_key = key;
    }
  }
  if (best == nullptr || !best->needs_spotter_when_heavy || !p_.trains_alone) {
    return {best, nullptr};
  }
  // Rule 10: training alone, a lift that needs a spotter gives way to its first suitable
  // alternative from the catalogue, or else to the best lift that needs none.
  for (const auto& alt_id : best->alternatives) {
    const Exercise* alt = d_.find_exercise(alt_id);
    if (alt != nullptr && !alt->needs_spotter_when_heavy && used.count(alt->id) == 0 &&
        !alt->primary_set.intersects(avoid) && suits(*alt) && !solo_barred(*alt)) {
      return {alt, best};
    }
  }
  return {best_safe, best_safe != nullptr ? best : nullptr};
}

std::vector<Choice> Generator::build_template(Template t, EnumSet<Muscle> avoid) const {
  std::vector<Choice> out;
  std::set<std::string_view> used;
  for (Slot slot : template_spec(t).slots) {
    const Choice c = choose_strength(slot, used, avoid);
    if (c.exercise != nullptr) {
      used.insert(c.exercise->id);
      out.push_back(c);
    }
  }
  return out;
}

const Exercise* Generator::choose_aerobic() const {
  // Stationary cycling where available [WOOL2023]; recumbent first with walking aids (a seat
  // with a back), arm ergometry or seated work for wheelchair users [KALB2020].
  std::vector<Pattern> order;
  if (tier_ == Tier::Specialist) {
    order = {Pattern::ArmCycling, Pattern::SeatedAerobic, Pattern::Cycling};
  } else {
    order = {Pattern::Cycling, Pattern::ArmCycling, Pattern::Rowing,        Pattern::Walking,
             Pattern::Aquatic, Pattern::Stepping,   Pattern::SeatedAerobic, Pattern::Elliptical};
  }
  const bool recumbent_first = p_.mobility != Mobility::Independent;
  const Exercise* best = nullptr;
  std::tuple<std::size_t, int, int, std::string_view> best_key{};
  for (const auto& ex : d_.exercises()) {
    if (ex.modality != Modality::Aerobic || !suits(ex)) {
      continue;
    }
    const auto it = std::find(order.begin(), order.end(), ex.pattern);
    if (it == order.end()) {
      continue;
    }
    int bike = 2;
    if (ex.equipment.contains(Equipment::StationaryBike)) {
      bike = recumbent_first ? 1 : 0;
    } else if (ex.equipment.contains(Equipment::RecumbentBike)) {
      bike = recumbent_first ? 0 : 1;
    }
    const std::tuple<std::size_t, int, int, std::string_view> key{
        static_cast<std::size_t>(it - order.begin()), bike, ex.tags.contains(Tag::Assisted) ? 1 : 0,
        ex.id};
    if (best == nullptr || key < best_key) {
      best = &ex;
      best_key = key;
    }
  }
  return best;
}

const Exercise* Generator::choose_warmup() const {
  // A 5-10 min bike warm-up as in the studied protocol [MORADI2015] where there is a bike;
  // otherwise the person's aerobic mode at an easy pace.
  for (Equipment bike : {Equipment::StationaryBike, Equipment::RecumbentBike}) {
    if (aerobic_ != nullptr && aerobic_->equipment.contains(bike)) {
      return aerobic_;
    }
  }
  const Exercise* best = nullptr;
  for (const auto& ex : d_.exercises()) {
    if (ex.modality == Modality::Aerobic && ex.tags.contains(Tag::WarmupSuitable) && suits(ex) &&
        (best == nullptr || ex.id < best->id)) {
      best = &ex;
    }
  }
  return best != nullptr ? best : aerobic_;
}

void Generator::select_exercises() {
  if (layout_.split) {
    templates_[static_cast<std::size_t>(Template::Lower)] = build_template(Template::Lower, {});
    EnumSet<Muscle> lower_muscles;
    for (const auto& c : templates_[static_cast<std::size_t>(Template::Lower)]) {
      lower_muscles = lower_muscles | c.exercise->primary_set;
    }
    // Rule 4: the upper-body day follows or precedes the lower-body day, so it may not share a
    // primary muscle with it.
    templates_[static_cast<std::size_t>(Template::Upper)] =
        build_template(Template::Upper, lower_muscles);
  } else {
    templates_[static_cast<std::size_t>(Template::Full)] = build_template(Template::Full, {});
  }
  for (const auto& t : templates_) {
    for (const auto& c : t) {
      any_substitution_ = any_substitution_ || c.substituted_for != nullptr;
    }
  }
  aerobic_ = choose_aerobic();
  ladders_ = selection::balance_ladders(p_, tier_, d_);
  // A session's balance block: the dynamic task and the dual task carry the CoDuSe programme's
  // sensory and dual-task elements, so the static hold is listed first and gives way first.
  for (std::size_t slot = 0; slot < ladders_.size(); ++slot) {
    ladder_start_[slot] = selection::balance_start_level(p_, ladders_[slot]);
    if (!ladders_[slot].empty()) {
      balance_slots_.push_back(static_cast<int>(slot));
    }
  }
  stretches_ = {selection::stretch_for(p_, tier_, d_, Pattern::HamstringStretch),
                selection::stretch_for(p_, tier_, d_, Pattern::CalfStretch),
                selection::stretch_for(p_, tier_, d_, Pattern::HipFlexorStretch)};
  warmup_ = choose_warmup();
}

// ---------------------------------------------------------------------------------------------

void Generator::build_phases() {
  std::vector<Phase> phases;
  int week = 1;
  const auto add = [&](Message name, PhaseKind kind, int weeks, std::string_view rule) {
    const int remaining = p_.weeks - week + 1;
    const int n = std::min(weeks, remaining);
    if (n > 0) {
      phases.push_back(Phase{std::move(name), kind, week, n, rule});
      week += n;
    }
  };
  if (relapse_recent_) {
    add({"phase.reentry"}, PhaseKind::Reentry, r::kReentryWeeks, r::kReentry);
  }
  if (p_.experience == Experience::Novice || relapse_recent_ || tier_ == Tier::Specialist) {
    int prep = r::kPrepBaseWeeks;
    prep += progressive_ ? 2 : 0;
    prep += tier_ != Tier::Standard ? 2 : 0;
    add({"phase.preparation"}, PhaseKind::Preparation, std::min(prep, r::kPrepMaxWeeks),
        r::kPreparation);
  }
  if (tier_ == Tier::Specialist) {
    int block = 1;
    while (week <= p_.weeks) {
      add({"phase.seated_block", {{"block", whole(block++)}}}, PhaseKind::Supported,
          r::kSpecialistBlockWeeks, r::kSpecialistStrength);
      add({"phase.lighter_week"}, PhaseKind::Deload, 1, r::kDeload);
    }
  } else {
    add({"phase.progressive_resistance"}, PhaseKind::ProgressiveResistance, r::kPrtWeeks,
        r::kPrtRamp);
    add({"phase.lighter_week"}, PhaseKind::Deload, 1, r::kDeload);
    int block = 1;
    while (week <= p_.weeks) {
      add({"phase.periodised_block", {{"block", whole(block++)}}}, PhaseKind::Periodised,
          r::kPeriodisedBlockWeeks, r::kPeriodised);
      add({"phase.lighter_week"}, PhaseKind::Deload, 1, r::kDeload);
    }
  }
  plan_.phases = std::move(phases);
}

WeekDose Generator::dose_for_week(int week) const {
  WeekDose dose;
  for (const auto& phase : plan_.phases) {
    if (week >= phase.start_week && week < phase.start_week + phase.weeks) {
      dose.phase = &phase;
      dose.week_in_phase = week - phase.start_week;
    }
  }
  assert(dose.phase != nullptr);
  const Phase& phase = *dose.phase;
  const int i = dose.week_in_phase;
  const bool supported = tier_ == Tier::Supported;
  StrengthDose& s = dose.strength;
  s.rule = phase.rule;
  switch (phase.kind) {
    case PhaseKind::Reentry:
      s.sessions = r::kStrengthSessionsLight;
      s.sets = 1;
      s.reps = r::kPrepReps;
      s.pct = r::kReentryPct;
      break;
    case PhaseKind::Preparation: {
      const int span = std::max(phase.weeks - 1, 1);
      s.sessions = r::kStrengthSessionsLight;
      s.sets = i < (phase.weeks + 1) / 2 ? 1 : 2;
      s.reps = r::kPrepReps;
      s.pct = r::kPrepStartPct +
              round_to_5(static_cast<double>(r::kPrepEndPct - r::kPrepStartPct) * i / span);
      break;
    }
    case PhaseKind::ProgressiveResistance: {
      const int pct = r::kPrtPct[static_cast<std::size_t>(i)];
      s.sessions = r::kStrengthSessionsFull;
      s.sets = r::kPrtSets;
      s.pct = supported ? std::min(pct, r::kSupportedMaxPct1Rm) : pct;
      s.reps = cap_reps(r::kPrtReps[static_cast<std::size_t>(i)], *s.pct);
      if (supported && pct > r::kSupportedMaxPct1Rm) {
        s.rule = r::kSupportedTier;
      }
      break;
    }
    case PhaseKind::Deload:
      s.sessions = r::kStrengthSessionsLight;
      s.sets = 1;
      s.reps = tier_ == Tier::Specialist ? r::kSpecialistReps : r::kDeloadReps;
      if (tier_ == Tier::Specialist) {
        s.rpe = Range{r::kSpecialistRpe[0], r::kSpecialistRpe[0] + 1};
      } else {
        s.pct = supported ? r::kSupportedDeloadPct : r::kDeloadPct;
      }
      break;
    case PhaseKind::Periodised: {
      const auto& wave = supported ? r::kSupportedWavePct : r::kWavePct;
      s.sessions = r::kStrengthSessionsFull;
      s.sets = r::kPeriodisedSets;
      s.pct = wave[static_cast<std::size_t>(i) % wave.size()];
      s.reps = cap_reps({10, 15}, *s.pct);
      if (supported) {
        s.rule = r::kSupportedTier;
      }
      break;
    }
    case PhaseKind::Supported:
      s.sessions = r::kStrengthSessionsLight;
      s.sets = i < 4 ? 1 : 2;
      s.reps = r::kSpecialistReps;
      s.rpe = r::kSpecialistRpe;
      break;
  }
  if (tier_ == Tier::Specialist && phase.kind != PhaseKind::Supported &&
      phase.kind != PhaseKind::Deload) {
    // No %1RM loads for the specialist tier [KALB2020]: effort-based from the start.
    s.pct.reset();
    s.rpe = Range{r::kSpecialistRpe[0], r::kSpecialistRpe[0] + 1};
    s.reps = r::kSpecialistReps;
  }
  assert(!s.pct || *s.pct <= r::kMaxPct1Rm);

  // Body weight and bands have no % 1RM: they progress by repetitions, then sets, then a
  // slower lowering, and only lighter weeks and re-entry take anything away
  // ('pr_bodyweight_progression').
  switch (phase.kind) {
    case PhaseKind::Reentry:
      s.bodyweight_sets = 1;
      s.bodyweight_reps = {8, 10};
      break;
    case PhaseKind::Preparation:
      s.bodyweight_sets = s.sets;
      s.bodyweight_reps = r::kBodyweightEntryReps;
      break;
    case PhaseKind::ProgressiveResistance:
      s.bodyweight_sets = 2;
      s.bodyweight_reps = i < r::kPrtWeeks / 2 ? r::kBodyweightMidReps : r::kBodyweightTopReps;
      break;
    case PhaseKind::Deload:
      s.bodyweight_sets = 1;
      s.bodyweight_reps = r::kBodyweightEntryReps;
      break;
    case PhaseKind::Periodised:
      s.bodyweight_sets = 2;
      s.bodyweight_reps = r::kBodyweightTopReps;
      s.lower_seconds = r::kBodyweightLowerSeconds;
      break;
    case PhaseKind::Supported:
      s.bodyweight_sets = s.sets;
      s.bodyweight_reps = s.reps;
      break;
  }
  if (tier_ == Tier::Specialist && phase.kind != PhaseKind::Reentry) {
    s.bodyweight_sets = s.sets;
    s.bodyweight_reps = s.reps;
    s.lower_seconds = 0;
  }

  // Aerobic: duration first, intensity last [KIM2019]. Re-entry weeks hold the shortest bout;
  // the ramp starts after them.
  AerobicDose& a = dose.aerobic;
  const int reentry_weeks = relapse_recent_ ? std::min(r::kReentryWeeks, p_.weeks) : 0;
  const bool gradual = progressive_ || tier_ != Tier::Standard || relapse_recent_;
  std::span<const int> ramp = p_.experience == Experience::Trained
                                  ? std::span<const int>(r::kAerobicRampTrained)
                                  : std::span<const int>(r::kAerobicRampNovice);
  if (gradual) {
    ramp = r::kAerobicRampGradual;
  }
  if (phase.kind == PhaseKind::Reentry) {
    a.minutes = r::kAerobicMinMinutes;
  } else {
    const auto step = static_cast<std::size_t>(week - 1 - reentry_weeks);
    a.minutes = ramp[std::min(step, ramp.size() - 1)];
    // Moderate-to-vigorous only for people at low risk or cleared by a clinician
    // ('pr_vigorous_screening'), once the full duration has been held for a week, outside
    // lighter weeks [WOOL2023][KIM2019]. Moderate is the default [LC2013].
    a.moderate_to_vigorous = vigorous_allowed_ && step >= ramp.size() &&
                             phase.kind != PhaseKind::Deload &&
                             phase.kind != PhaseKind::Preparation;
    if (phase.kind == PhaseKind::Deload) {
      a.minutes = std::max(r::kAerobicMinMinutes, round_to_5(a.minutes * 2.0 / 3.0));
    }
  }
  return dose;
}

// ---------------------------------------------------------------------------------------------

int Generator::strength_exercise_minutes(int sets) const {
  // About 45 s of work and 90 s rest a set [LC2013], plus half a minute to set up.
  return static_cast<int>(std::ceil(sets * (0.75 + r::kRestBetweenSetsSeconds / 60.0) + 0.5));
}

int Generator::bouts_for(int minutes) const {
  if (!p_.heat_sensitive || minutes <= 0) {
    return 1;
  }
  // Bouts of at most 10 min, the last one shorter when needed: 25 -> 10 + 10 + 5.
  return (minutes + r::kHeatBoutMinutes - 1) / r::kHeatBoutMinutes;
}

int Generator::aerobic_total_minutes(int minutes) const {
  if (minutes <= 0) {
    return 0;
  }
  return minutes + (bouts_for(minutes) - 1) * r::kHeatBoutRestMinutes;
}

int Generator::minutes_of(const SessionConfig& c) const {
  return c.warmup + c.balance_items * r::kBalanceItemMinutes +
         c.strength_items * strength_exercise_minutes(c.strength_sets) +
         aerobic_total_minutes(c.aerobic_minutes) + c.stretch_each * 3;
}

void Generator::build_week(int week) {
  const WeekDose dose = dose_for_week(week);
  const Date week_start = p_.start_date + std::chrono::days{7 * (week - 1)};

  // Which days get which components this week.
  EnumSet<Weekday> strength_days;
  std::vector<std::pair<int, Template>> strength_plan;
  if (layout_.split) {
    strength_plan = {{layout_.lower_day, Template::Lower}, {layout_.upper_day, Template::Upper}};
  } else {
    for (int day : pick_spread(layout_.full_days, dose.strength.sessions, {}, true)) {
      strength_plan.emplace_back(day, Template::Full);
    }
  }
  for (const auto& [day, t] : strength_plan) {
    strength_days.insert(static_cast<Weekday>(day));
  }
  EnumSet<Weekday> non_strength;
  for (int d : days_) {
    if (!strength_days.contains(static_cast<Weekday>(d))) {
      non_strength.insert(static_cast<Weekday>(d));
    }
  }
  EnumSet<Weekday> aerobic_days;
  if (aerobic_ != nullptr) {
    for (int d : pick_spread(days_, r::kAerobicSessions, non_strength, false)) {
      aerobic_days.insert(static_cast<Weekday>(d));
    }
  }
  EnumSet<Weekday> free_days;
  for (int d : days_) {
    const auto wd = static_cast<Weekday>(d);
    if (!strength_days.contains(wd) && !aerobic_days.contains(wd)) {
      free_days.insert(wd);
    }
  }
  EnumSet<Weekday> balance_days;
  if (!balance_slots_.empty()) {
    // Balance prefers days without aerobic or strength work, then days without strength.
    EnumSet<Weekday> preferred = free_days.empty() ? non_strength : free_days;
    for (int d : pick_spread(days_, r::kBalanceSessions, preferred, false)) {
      balance_days.insert(static_cast<Weekday>(d));
    }
  }

  std::vector<Draft> drafts;
  for (int offset = 0; offset < 7; ++offset) {
    const Date date = week_start + std::chrono::days{offset};
    const int wd = weekday_index(date);
    if (!p_.days.contains(static_cast<Weekday>(wd))) {
      continue;  // Rule 1: sessions only on the person's days.
    }
    Draft draft;
    draft.date = date;
    draft.weekday = wd;
    for (const auto& [day, t] : strength_plan) {
      if (day == wd && !templates_[static_cast<std::size_t>(t)].empty()) {
        draft.strength = true;
        draft.tmpl = t;
      }
    }
    draft.aerobic = aerobic_days.contains(static_cast<Weekday>(wd));
    draft.balance = balance_days.contains(static_cast<Weekday>(wd));
    SessionConfig& c = draft.wanted;
    c.warmup = r::kWarmupMinutes;
    c.balance_items = draft.balance ? static_cast<int>(balance_slots_.size()) : 0;
    if (draft.strength) {
      const auto& tmpl = templates_[static_cast<std::size_t>(draft.tmpl)];
      const int essential = template_spec(draft.tmpl).essential;
      // Enough accessories that the priority ones rotate through the week's strength sessions.
      const int sessions_like_this =
          draft.tmpl == Template::Full ? static_cast<int>(strength_plan.size()) : 1;
      const int per_session =
          (r::kPriorityAccessories + sessions_like_this - 1) / sessions_like_this;
      c.strength_items = static_cast<int>(tmpl.size());
      draft.min_strength_items =
          std::min(c.strength_items, std::max(r::kMinStrengthExercises, essential + per_session));
    }
    c.strength_sets = dose.strength.sets;
    c.aerobic_minutes = draft.aerobic ? dose.aerobic.minutes : 0;
    c.stretch_each = r::kStretchMinutes;
    draft.config = c;
    drafts.push_back(std::move(draft));
  }

  fit_week(drafts);
  accessory_cursor_ = {};

  int balance_sessions = 0;
  EnumSet<Muscle> trained;
  bool any_strength = false;
  for (const auto& draft : drafts) {
    Session session = materialise(draft, dose, week);
    for (const auto& item : session.items) {
      if (item.exercise->modality == Modality::Balance ||
          (item.exercise->modality == Modality::Cognitive && item.rule == r::kDualTask)) {
        ++balance_sessions;
        break;
      }
    }
    for (const auto& item : session.items) {
      if (item.exercise->modality == Modality::Strength ||
          item.exercise->modality == Modality::Core) {
        trained = trained | item.exercise->primary_set;
        any_strength = true;
      }
    }
    sessions_adjusted_ += session.adjustments.empty() ? 0 : 1;
    plan_.sessions.push_back(std::move(session));
  }
  if (balance_sessions < r::kBalanceSessions) {
    ++weeks_balance_short_;
  }
  if (any_strength) {
    for (const auto& group : kPriorityGroups) {
      if (!trained.intersects(group.any_of)) {
        uncovered_groups_.insert(std::string(group.name));
      }
    }
  }
}

void Generator::fit_week(std::vector<Draft>& drafts) {
  const int cap = p_.session_minutes;
  const auto try_move = [&](std::size_t from, bool balance) {
    const Draft& src = drafts[from];
    for (std::size_t j = 0; j < drafts.size(); ++j) {
      Draft& dst = drafts[j];
      if (j == from || (balance ? dst.balance : dst.aerobic)) {
        continue;
      }
      SessionConfig next = dst.config;
      if (balance) {
        next.balance_items = src.config.balance_items;
      } else {
        next.aerobic_minutes = src.config.aerobic_minutes;
      }
      if (minutes_of(next) <= cap) {
        dst.config = next;
        (balance ? dst.balance_moved_in : dst.aerobic_moved_in) = true;
        (balance ? dst.balance : dst.aerobic) = true;
        return static_cast<int>(j);
      }
    }
    return -1;
  };

  for (std::size_t i = 0; i < drafts.size(); ++i) {
    Draft& d = drafts[i];
    SessionConfig& c = d.config;
    const SessionConfig standard = d.wanted;  // What the rules ask for, before fitting.
    const auto fits = [&] { return minutes_of(c) <= cap; };
    const auto moved = [&](bool balance, int to) {
      const Draft& dst = drafts[static_cast<std::size_t>(to)];
      d.adjustments.push_back({r::kFitTime,
                               {"fit.moved",
                                {{"what", text(balance ? "balance" : "aerobic")},
                                 {"date", day(dst.date)},
                                 {"minutes", whole(cap)}}}});
    };
    // First the session is sized within the rules' own ranges, which is not a compromise:
    // accessory exercises down to the minimum (the others rotate through the week), warm-up
    // 10 -> 5 min, balance 3 -> 2 exercises, stretches 2 -> 1 round.
    while (!fits() && c.strength_items > d.min_strength_items) {
      --c.strength_items;
    }
    if (!fits()) {
      c.warmup = r::kShortWarmupMinutes;
    }
    if (!fits() && c.balance_items > r::kMinBalanceItems) {
      c.balance_items = r::kMinBalanceItems;
    }
    if (!fits()) {
      c.stretch_each = 1;
    }
    // Then, in a fixed order (product rule 'fit_time'), what falls short of the rules and is
    // reported: balance moves to another day, the aerobic bout shortens to 20 min, one set,
    // aerobic down to 10 min, fewer strength exercises, aerobic moves, then whole components.
    // The studied aerobic dose and compound strength work go last [KIM2019].
    if (!fits() && c.balance_items > 0 && !d.balance_moved_in) {
      if (const int to = try_move(i, true); to >= 0) {
        c.balance_items = 0;
        d.balance = false;
        moved(true, to);
      }
    }
    while (!fits() && c.aerobic_minutes > r::kAerobicShortenFloor) {
      c.aerobic_minutes = std::max(r::kAerobicShortenFloor, c.aerobic_minutes - 5);
    }
    if (!fits() && c.strength_sets > 1) {
      c.strength_sets = 1;
    }
    while (!fits() && c.aerobic_minutes > r::kAerobicMinMinutes) {
      c.aerobic_minutes = std::max(r::kAerobicMinMinutes, c.aerobic_minutes - 5);
    }
    while (!fits() && c.strength_items > 3) {
      --c.strength_items;
    }
    if (!fits() && c.aerobic_minutes > 0 && !d.aerobic_moved_in) {
      if (const int to = try_move(i, false); to >= 0) {
        c.aerobic_minutes = 0;
        d.aerobic = false;
        moved(false, to);
      }
    }
    if (!fits() && c.balance_items > 0) {
      c.balance_items = 0;
    }
    while (!fits() && c.strength_items > 1) {
      --c.strength_items;
    }
    if (!fits()) {
      c.aerobic_minutes = 0;
    }
    if (!fits()) {
      c.strength_items = 0;
    }
    assert(fits());

    const auto note = [&](Message message) {
      d.adjustments.push_back({r::kFitTime, std::move(message)});
    };
    const int min_items = std::min(standard.strength_items, d.min_strength_items);
    if (c.strength_items < min_items) {
      note(c.strength_items == 0 ? Message{"fit.strength_left_out", {{"minutes", whole(cap)}}}
                                 : Message{"fit.fewer_strength",
                                           {{"items", whole(c.strength_items)},
                                            {"min_items", whole(min_items)},
                                            {"minutes", whole(cap)}}});
    }
    if (c.strength_sets < standard.strength_sets && c.strength_items > 0) {
      note({"fit.one_set", {{"sets", whole(standard.strength_sets)}, {"minutes", whole(cap)}}});
    }
    if (d.aerobic && c.aerobic_minutes < standard.aerobic_minutes) {
      note(c.aerobic_minutes == 0 ? Message{"fit.aerobic_left_out", {{"minutes", whole(cap)}}}
                                  : Message{"fit.aerobic_shortened",
                                            {{"from", whole(standard.aerobic_minutes)},
                                             {"to", whole(c.aerobic_minutes)},
                                             {"minutes", whole(cap)}}});
    }
    if (d.balance && standard.balance_items > 0 && c.balance_items == 0) {
      note({"fit.balance_left_out", {{"minutes", whole(cap)}}});
    }
  }
}

Session Generator::materialise(const Draft& draft, const WeekDose& dose, int week) {
  Session s;
  s.date = draft.date;
  s.week = week;
  s.warmup_minutes = draft.config.warmup;
  s.warmup_exercise = warmup_;
  s.adjustments = draft.adjustments;
  const SessionConfig& c = draft.config;

  // Balance before fatiguing work (product rule: balance tasks fresh, to limit falls). Each
  // item is where its ladder starts; today's session moves it up by what the person shows
  // ('balance.progression'). When only two fit, the static hold gives way: the dynamic and dual
  // tasks carry the CoDuSe programme's sensory and dual-task elements [CODUSE].
  const int available = static_cast<int>(balance_slots_.size());
  const int first = std::max(0, available - c.balance_items);
  for (int i = first; i < available; ++i) {
    const auto slot = static_cast<std::size_t>(balance_slots_[static_cast<std::size_t>(i)]);
    const int level = ladder_start_[slot];
    const Exercise* ex = ladders_[slot][static_cast<std::size_t>(level)];
    PlanItem item;
    item.exercise = ex;
    item.rule = ex->pattern == Pattern::DualTask ? r::kDualTask : r::kBalance;
    item.minutes = r::kBalanceItemMinutes;
    if (ex->pattern == Pattern::StaticStance) {
      item.sets = 3;
      item.hold_seconds = r::kBalanceHoldSeconds;
    }
    item.balance_slot = static_cast<int>(slot);
    item.balance_level = level;
    item.balance_levels = static_cast<int>(ladders_[slot].size());
    s.items.push_back(item);
  }

  // Strength: compound movements first (template order), accessories rotating by session.
  if (c.strength_items > 0) {
    const auto& tmpl = templates_[static_cast<std::size_t>(draft.tmpl)];
    const int essential =
        std::min<int>(template_spec(draft.tmpl).essential, static_cast<int>(tmpl.size()));
    std::vector<Choice> chosen(tmpl.begin(), tmpl.begin() + std::min(essential, c.strength_items));
    const int accessories = static_cast<int>(tmpl.size()) - essential;
    const int take = c.strength_items - static_cast<int>(chosen.size());
    if (accessories > 0 && take > 0) {
      // Accessories rotate through the week: each session starts where the last one stopped,
      // so the priority accessories are all reached before any repeats.
      int& cursor = accessory_cursor_[static_cast<std::size_t>(draft.tmpl)];
      const int offset = cursor % accessories;
      cursor += take;
      std::vector<int> picked;
      for (int k = 0; k < take; ++k) {
        picked.push_back(essential + (offset + k) % accessories);
      }
      std::sort(picked.begin(), picked.end());
      for (int idx : picked) {
        chosen.push_back(tmpl[static_cast<std::size_t>(idx)]);
      }
    }
    // Compound first, then the template's order.
    std::stable_sort(chosen.begin(), chosen.end(), [](const Choice& a, const Choice& b) {
      return a.exercise->compound && !b.exercise->compound;
    });
    const StrengthDose& sd = dose.strength;
    for (const Choice& choice : chosen) {
      const Exercise* ex = choice.exercise;
      PlanItem item;
      item.exercise = ex;
      item.sets = c.strength_sets;
      item.rest_seconds = r::kRestBetweenSetsSeconds;
      item.minutes = strength_exercise_minutes(c.strength_sets);
      item.substituted_for = choice.substituted_for;
      item.substitution_rule = choice.substituted_for != nullptr ? r::kSoloHeavy : "";
      if (ex->modality == Modality::Core) {
        item.rule = r::kCore;
        item.reps = r::kCoreReps;
      } else if (!d_.load_increment_kg(*ex)) {
        // Bands and body weight: their own progression by reps, sets and tempo, and effort
        // for the week's dose (product rules 'pr_bodyweight_progression', 'pr_rpe_scale').
        item.rule = r::kBodyweightProgression;
        // One set when the session was cut to one set to fit its time.
        item.sets = c.strength_sets < draft.wanted.strength_sets ? 1 : sd.bodyweight_sets;
        item.reps = sd.bodyweight_reps;
        // A slower lowering only where the movement lowers a load (not heel walking or carries).
        const bool lowers = !ex->tags.contains(Tag::Walking) &&
                            ex->pattern != Pattern::AnkleDorsiflexion &&
                            ex->pattern != Pattern::AnkleInversion &&
                            ex->pattern != Pattern::Carry && ex->pattern != Pattern::Grip;
        item.lower_seconds = lowers ? sd.lower_seconds : 0;
        item.minutes = strength_exercise_minutes(item.sets);
        if (sd.pct) {
          item.intensity.rpe = effort_for_percent(*sd.pct);
        } else if (sd.rpe) {
          item.intensity.rpe = sd.rpe;
        }
      } else {
        item.rule = sd.rule;
        item.reps = sd.reps;
        if (sd.pct) {
          const auto known = p_.one_rm_kg.find(ex->id);
          const bool light = *sd.pct < r::kWorkingRirFromPct;
          item.intensity.rir = light ? r::kLightRir : r::kWorkingRir;
          if (known != p_.one_rm_kg.end()) {
            item.intensity.pct_1rm = sd.pct;
            const double load = round_down_to_increment(known->second * *sd.pct / 100.0,
                                                        *d_.load_increment_kg(*ex));
            if (load > 0) {
              item.load_kg = load;
            }
          } else {
            // No maximum to take a percentage of: a load the person can lift for the reps with
            // the reserve shown, by effort; once sets are logged the load is estimated
            // ('strength.reps_in_reserve').
            item.reference_pct = *sd.pct;
            item.intensity.rpe = effort_for_percent(*sd.pct);
          }
        }
        if (sd.rpe) {
          item.intensity.rpe = sd.rpe;
        }
      }
      s.items.push_back(item);
    }
  }

  if (c.aerobic_minutes > 0 && aerobic_ != nullptr) {
    PlanItem item;
    item.exercise = aerobic_;
    item.rule = tier_ == Tier::Specialist ? r::kAerobicSeated : r::kAerobic;
    item.minutes = aerobic_total_minutes(c.aerobic_minutes);
    item.work_minutes = c.aerobic_minutes;
    item.bouts = bouts_for(c.aerobic_minutes);
    item.bout_minutes = item.bouts > 1 ? r::kHeatBoutMinutes : c.aerobic_minutes;
    const bool mv = dose.aerobic.moderate_to_vigorous;
    // Effort and the talk test always; heart rate beside them where it can be used (beta-
    // blockers, autonomic dysfunction and heat distort it) [LC2013]['pr_beta_blockers'].
    item.intensity.rpe = mv ? r::kRpeModerateVigorous : r::kRpeModerate;
    item.intensity.talk_test = mv ? TalkTest::FewWords : TalkTest::TalkNotSing;
    if (hr_usable_) {
      item.intensity.hrr_pct = mv ? r::kHrrModerateVigorous : r::kHrrModerate;
      item.intensity.hr_bpm = karvonen_bpm(*p_.resting_hr, *p_.max_hr, *item.intensity.hrr_pct);
    }
    s.items.push_back(item);
  }

  // Cool-down stretches for hamstrings, calves and hip flexors.
  for (const Exercise* ex : stretches_) {
    if (ex == nullptr) {
      continue;
    }
    PlanItem item;
    item.exercise = ex;
    item.rule = r::kStretch;
    item.sets = c.stretch_each;
    item.hold_seconds = r::kStretchHoldSeconds;
    item.minutes = c.stretch_each;
    s.items.push_back(item);
  }

  // Body-weight work may have more sets than the loaded work of the week (it progresses by
  // volume); where that does not fit the session's time, it keeps the week's sets.
  if (s.total_minutes() > p_.session_minutes) {
    bool trimmed = false;
    for (auto& item : s.items) {
      if (item.rule == r::kBodyweightProgression && item.sets > c.strength_sets) {
        item.sets = c.strength_sets;
        item.minutes = strength_exercise_minutes(item.sets);
        trimmed = true;
      }
    }
    if (trimmed) {
      s.adjustments.push_back(
          {r::kFitTime,
           {"fit.bodyweight_sets",
            {{"sets", whole(c.strength_sets)}, {"minutes", whole(p_.session_minutes)}}}});
    }
  }
  assert(s.total_minutes() <= p_.session_minutes);

  bool strength = false;
  bool aerobic = false;
  for (const auto& item : s.items) {
    strength = strength || item.exercise->modality == Modality::Strength ||
               item.exercise->modality == Modality::Core;
    aerobic = aerobic || item.exercise->modality == Modality::Aerobic;
  }
  s.kind = strength && aerobic ? SessionKind::StrengthAerobic
           : strength          ? SessionKind::Strength
           : aerobic           ? SessionKind::Aerobic
                               : SessionKind::BalanceMobility;
  return s;
}

// ---------------------------------------------------------------------------------------------

void Generator::add_warning(std::string_view code, std::string_view rule,
                            std::vector<MessageArg> args) {
  Warning w;
  w.code = std::string(code.substr(code.find('.') + 1));
  w.message = Message{code, std::move(args)};
  if (const Rule* found = d_.find_rule(rule); found != nullptr) {
    w.evidence = found->evidence;
  }
  plan_.warnings.push_back(std::move(w));
}

void Generator::add_profile_warnings() {
  add_warning("warning.clinician_review", r::kClinician);
  add_warning("warning.red_flags", r::kRedFlags);
  if (tier_ == Tier::Specialist) {
    add_warning("warning.specialist_plan_required", r::kSpecialist);
  } else if (tier_ == Tier::Supported) {
    add_warning("warning.supported_programme", r::kSupportedTier);
  }
  if (p_.heat_sensitive) {
    add_warning("warning.heat_sensitivity", r::kHeat);
  }
  if (relapse_recent_) {
    add_warning("warning.recent_relapse", r::kRelapse,
                {{"days", whole(r::kRecentRelapseDays)}, {"weeks", whole(r::kReentryWeeks)}});
  }
  if (progressive_) {
    add_warning("warning.progressive_ms", r::kProgressive);
  }
  if (p_.beta_blockers) {
    add_warning("warning.heart_rate_zones_off", r::kHrBetaBlockers);
  }
  if (p_.age > r::kGuidelineMaxAge) {
    add_warning("warning.age_outside_guideline", r::kAge);
  }
  if (p_.days.size() < 2) {
    add_warning("warning.below_guideline_frequency", r::kFrequency);
  } else if (p_.days.size() < r::kAerobicSessions && aerobic_ != nullptr) {
    add_warning("warning.aerobic_below_protocol", r::kAerobic);
  }
  if (layout_.split) {
    add_warning("warning.strength_split", r::kRest48h);
  }
  if (any_substitution_) {
    add_warning("warning.no_spotter_substitution", r::kSoloHeavy,
                {{"risk", text(selection::solo_higher_risk(p_) ? "higher" : "other")}});
  }
  if (!p_.trains_alone) {
    for (const auto& t : templates_) {
      if (std::any_of(t.begin(), t.end(),
                      [](const Choice& c) { return c.exercise->needs_spotter_when_heavy; })) {
        add_warning("warning.spotter_needed", r::kSoloHeavy);
        break;
      }
    }
  }
  if (selection::solo_with_aid(p_) && !p_.clearance.standing_balance) {
    add_warning("warning.solo_balance_supported", r::kSoloBalance);
  }
  if (selection::walking_limited(p_) && tier_ != Tier::Specialist) {
    add_warning("warning.aerobic_not_walking", r::kAmbulation);
  }
  if (!vigorous_allowed_ && tier_ == Tier::Standard && !progressive_) {
    add_warning("warning.aerobic_moderate_only", r::kVigorousScreening);
  }
  if (aerobic_ == nullptr) {
    add_warning("warning.no_aerobic_option", r::kEquipment);
  }
  const std::array<std::string_view, 3> stretch_names = {"hamstrings", "calves", "hip_flexors"};
  for (std::size_t i = 0; i < stretches_.size(); ++i) {
    if (stretches_[i] != nullptr && stretches_[i]->tags.contains(Tag::NeedsHelper)) {
      add_warning("warning.stretch_needs_helper", r::kStretch,
                  {{"muscles", text(std::string(stretch_names[i]))},
                   {"exercise", names(stretches_[i]->names)}});
    }
    if (stretches_[i] == nullptr) {
      add_warning("warning.stretch_unavailable", r::kStretch,
                  {{"muscles", text(std::string(stretch_names[i]))}});
    }
  }
}

void Generator::add_outcome_warnings() {
  if (sessions_adjusted_ > 0) {
    add_warning("warning.session_time_limited", r::kFitTime,
                {{"adjusted", whole(sessions_adjusted_)},
                 {"sessions", whole(static_cast<std::int64_t>(plan_.sessions.size()))},
                 {"minutes", whole(p_.session_minutes)}});
  }
  if (weeks_balance_short_ > 0 && p_.days.size() >= 2) {
    add_warning("warning.balance_below_minimum", r::kBalance,
                {{"weeks", whole(weeks_balance_short_)}});
  }
  if (!uncovered_groups_.empty()) {
    Codes groups;
    for (const auto& g : uncovered_groups_) {
      groups.codes.push_back("muscle." + g);
    }
    add_warning("warning.priority_muscles_uncovered", r::kPriorityMuscles,
                {{"groups", std::move(groups)}});
  }
}

Plan Generator::run() {
  classify();
  plan_.tier = tier_;
  plan_.start_date = p_.start_date;
  plan_.weeks = p_.weeks;
  layout_ = layout_strength(days_);
  select_exercises();
  build_phases();
  plan_.sessions.reserve(static_cast<std::size_t>(p_.weeks) * days_.size());
  for (int week = 1; week <= p_.weeks; ++week) {
    build_week(week);
  }
  add_profile_warnings();
  add_outcome_warnings();
  plan_.cognitive = cognitive::schedule(p_, plan_.sessions, d_);
  return std::move(plan_);
}

}  // namespace

int Session::total_minutes() const {
  int total = warmup_minutes;
  for (const auto& item : items) {
    total += item.minutes;
  }
  return total;
}

Result<Plan> generate_plan(const Profile& profile, const ReferenceData& data) {
  MSFIT_TRY(validate_profile(profile, data));
  return Generator(profile, data).run();
}

std::vector<std::string_view> item_evidence(const PlanItem& item, const ReferenceData& data) {
  std::vector<std::string_view> ids;
  if (const Rule* rule = data.find_rule(item.rule); rule != nullptr) {
    ids.assign(rule->evidence.begin(), rule->evidence.end());
  }
  ids.insert(ids.end(), item.exercise->evidence.begin(), item.exercise->evidence.end());
  if (!item.substitution_rule.empty()) {
    if (const Rule* rule = data.find_rule(item.substitution_rule); rule != nullptr) {
      ids.insert(ids.end(), rule->evidence.begin(), rule->evidence.end());
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<std::string> plan_evidence(const Plan& plan, const ReferenceData& data) {
  std::set<std::string> ids;
  std::set<std::pair<std::string_view, const Exercise*>> seen;
  for (const auto& session : plan.sessions) {
    for (const auto& item : session.items) {
      if (seen.emplace(item.rule, item.exercise).second || !item.substitution_rule.empty()) {
        for (const auto id : item_evidence(item, data)) {
          ids.emplace(id);
        }
      }
    }
  }
  for (const auto& phase : plan.phases) {
    if (const Rule* rule = data.find_rule(phase.rule); rule != nullptr) {
      ids.insert(rule->evidence.begin(), rule->evidence.end());
    }
  }
  for (const auto& warning : plan.warnings) {
    ids.insert(warning.evidence.begin(), warning.evidence.end());
  }
  std::set<std::string_view> cognitive_rules;
  for (const auto& session : plan.cognitive) {
    cognitive_rules.insert(session.rule);
    if (session.paired != nullptr) {
      cognitive_rules.insert(rules::kCognitivePairing);
      ids.insert(session.paired->evidence.begin(), session.paired->evidence.end());
    }
  }
  if (!plan.cognitive.empty()) {
    cognitive_rules.insert(rules::kCognitiveStaircase);
  }
  for (const auto rule_id : cognitive_rules) {
    if (const Rule* rule = data.find_rule(rule_id); rule != nullptr) {
      ids.insert(rule->evidence.begin(), rule->evidence.end());
    }
  }
  return {ids.begin(), ids.end()};
}

std::span<const std::string_view> engine_rule_ids() {
  return rules::kAllRuleIds;
}

}  // namespace msfit::core

#pragma once

// The fixed vocabularies of MSFit: every enum that appears in a profile, the catalogue or a
// plan, with its stable snake_case spelling. Spellings are part of the data and API contract.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace msfit::core {

// EnumNames<E>::names lists the spelling of each enumerator, in declaration order.
template <typename E>
struct EnumNames;

template <typename E>
inline constexpr std::size_t kEnumCount = EnumNames<E>::names.size();

template <typename E>
[[nodiscard]] constexpr std::string_view to_string(E value) {
  return EnumNames<E>::names[static_cast<std::size_t>(value)];
}

template <typename E>
[[nodiscard]] constexpr std::optional<E> parse_enum(std::string_view text) {
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

// A small set of enumerators (at most 64), ordered by declaration order when iterated.
template <typename E>
class EnumSet {
 public:
  constexpr EnumSet() = default;
  constexpr EnumSet(std::initializer_list<E> values) {
    for (E v : values) {
      insert(v);
    }
  }
  constexpr void insert(E v) { bits_ |= bit(v); }
  constexpr void erase(E v) { bits_ &= ~bit(v); }
  [[nodiscard]] constexpr bool contains(E v) const { return (bits_ & bit(v)) != 0; }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  [[nodiscard]] constexpr bool includes(EnumSet other) const { return (other.bits_ & ~bits_) == 0; }
  [[nodiscard]] constexpr bool intersects(EnumSet other) const {
    return (other.bits_ & bits_) != 0;
  }
  [[nodiscard]] constexpr EnumSet operator|(EnumSet other) const {
    EnumSet out;
    out.bits_ = bits_ | other.bits_;
    return out;
  }
  [[nodiscard]] constexpr EnumSet operator&(EnumSet other) const {
    EnumSet out;
    out.bits_ = bits_ & other.bits_;
    return out;
  }
  [[nodiscard]] int size() const { return __builtin_popcountll(bits_); }
  [[nodiscard]] std::vector<E> values() const {
    std::vector<E> out;
    for (std::size_t i = 0; i < kEnumCount<E>; ++i) {
      if ((bits_ >> i) & 1U) {
        out.push_back(static_cast<E>(i));
      }
    }
    return out;
  }
  [[nodiscard]] constexpr std::uint64_t bits() const { return bits_; }
  constexpr bool operator==(const EnumSet&) const = default;

 private:
  static constexpr std::uint64_t bit(E v) {
    return std::uint64_t{1} << static_cast<std::uint64_t>(v);
  }
  std::uint64_t bits_ = 0;
};

#define MSFIT_ENUM_NAMES(E, ...)                                                  \
  template <>                                                                     \
  struct EnumNames<E> {                                                           \
    static constexpr auto names = std::to_array<std::string_view>({__VA_ARGS__}); \
  }

enum class Sex { Female, Male, Other };
MSFIT_ENUM_NAMES(Sex, "female", "male", "other");

enum class MsType { Rrms, Spms, Ppms, Cis };
MSFIT_ENUM_NAMES(MsType, "RRMS", "SPMS", "PPMS", "CIS");

// Ordered from least to most limited; comparisons rely on this order.
enum class Mobility { Independent, OneAid, TwoAids, Wheelchair };
MSFIT_ENUM_NAMES(Mobility, "independent", "one_aid", "two_aids", "wheelchair");

enum class Experience { Novice, Trained };
MSFIT_ENUM_NAMES(Experience, "novice", "trained");

enum class Location { Gym, Home };
MSFIT_ENUM_NAMES(Location, "gym", "home");

enum class Equipment {
  Barbell,
  Dumbbells,
  Machines,
  Cables,
  Bands,
  Kettlebell,
  Bench,
  StationaryBike,
  RecumbentBike,
  ArmErgometer,
  Treadmill,
  Rower,
  Pool,
  BalancePad,
  ParallelBars,
  StandingFrame
};
MSFIT_ENUM_NAMES(Equipment, "barbell", "dumbbells", "machines", "cables", "bands", "kettlebell",
                 "bench", "stationary_bike", "recumbent_bike", "arm_ergometer", "treadmill",
                 "rower", "pool", "balance_pad", "parallel_bars", "standing_frame");

enum class Weekday { Mon, Tue, Wed, Thu, Fri, Sat, Sun };
MSFIT_ENUM_NAMES(Weekday, "mon", "tue", "wed", "thu", "fri", "sat", "sun");

enum class Modality { Strength, Aerobic, Balance, Flexibility, Core, Cognitive };
MSFIT_ENUM_NAMES(Modality, "strength", "aerobic", "balance", "flexibility", "core", "cognitive");

enum class Pattern {
  // strength
  Squat,
  Hinge,
  Lunge,
  StepUp,
  KneeExtension,
  KneeFlexion,
  HipAbduction,
  HipAdduction,
  HipExtension,
  HipFlexion,
  CalfRaise,
  AnkleDorsiflexion,
  AnkleInversion,
  HorizontalPush,
  VerticalPush,
  HorizontalPull,
  VerticalPull,
  ElbowFlexion,
  ElbowExtension,
  ShoulderRaise,
  RearDelt,
  Grip,
  Carry,
  // core
  AntiExtension,
  AntiRotation,
  TrunkFlexion,
  TrunkRotation,
  BackExtension,
  LateralFlexion,
  // aerobic
  Cycling,
  ArmCycling,
  Walking,
  Rowing,
  Aquatic,
  Stepping,
  SeatedAerobic,
  Elliptical,
  // balance
  StaticStance,
  WeightShift,
  DynamicGait,
  Reactive,
  DualTask,
  Vestibular,
  MindBody,
  // flexibility
  HamstringStretch,
  CalfStretch,
  HipFlexorStretch,
  QuadricepsStretch,
  AdductorStretch,
  GluteStretch,
  ChestStretch,
  ShoulderStretch,
  TrunkStretch,
  NeckStretch,
  AnkleMobility,
  Breathing,
  // cognitive
  ProcessingSpeed,
  WorkingMemory
};
MSFIT_ENUM_NAMES(Pattern, "squat", "hinge", "lunge", "step_up", "knee_extension", "knee_flexion",
                 "hip_abduction", "hip_adduction", "hip_extension", "hip_flexion", "calf_raise",
                 "ankle_dorsiflexion", "ankle_inversion", "horizontal_push", "vertical_push",
                 "horizontal_pull", "vertical_pull", "elbow_flexion", "elbow_extension",
                 "shoulder_raise", "rear_delt", "grip", "carry", "anti_extension", "anti_rotation",
                 "trunk_flexion", "trunk_rotation", "back_extension", "lateral_flexion", "cycling",
                 "arm_cycling", "walking", "rowing", "aquatic", "stepping", "seated_aerobic",
                 "elliptical", "static_stance", "weight_shift", "dynamic_gait", "reactive",
                 "dual_task", "vestibular", "mind_body", "hamstring_stretch", "calf_stretch",
                 "hip_flexor_stretch", "quadriceps_stretch", "adductor_stretch", "glute_stretch",
                 "chest_stretch", "shoulder_stretch", "trunk_stretch", "neck_stretch",
                 "ankle_mobility", "breathing", "processing_speed", "working_memory");

// Which patterns belong to which modality (DualTask serves balance and cognitive).
[[nodiscard]] bool pattern_fits_modality(Pattern pattern, Modality modality);

enum class Muscle {
  Quadriceps,
  Hamstrings,
  GluteMax,
  GluteMed,
  Adductors,
  HipFlexors,
  Calves,
  TibialisAnterior,
  TibialisPosterior,
  Chest,
  Lats,
  UpperBack,
  Traps,
  FrontDeltoid,
  SideDeltoid,
  RearDeltoid,
  Biceps,
  Triceps,
  Forearms,
  Abdominals,
  Obliques,
  LowerBack
};
MSFIT_ENUM_NAMES(Muscle, "quadriceps", "hamstrings", "glute_max", "glute_med", "adductors",
                 "hip_flexors", "calves", "tibialis_anterior", "tibialis_posterior", "chest",
                 "lats", "upper_back", "traps", "front_deltoid", "side_deltoid", "rear_deltoid",
                 "biceps", "triceps", "forearms", "abdominals", "obliques", "lower_back");

enum class Joint { Hip, Knee, Ankle, Shoulder, Elbow, Wrist, Spine, Neck };
MSFIT_ENUM_NAMES(Joint, "hip", "knee", "ankle", "shoulder", "elbow", "wrist", "spine", "neck");

enum class Position { Standing, Seated, Lying, Kneeling };
MSFIT_ENUM_NAMES(Position, "standing", "seated", "lying", "kneeling");

// Ordered from none to high.
enum class BalanceDemand { None, Low, Moderate, High };
MSFIT_ENUM_NAMES(BalanceDemand, "none", "low", "moderate", "high");

enum class Support { None, Nearby, Held };
MSFIT_ENUM_NAMES(Support, "none", "nearby", "held");

enum class Tag {
  Walking,
  DualTask,
  Vestibular,
  Aquatic,
  MindBody,
  Assisted,
  WarmupSuitable,
  HomeFriendly,
  Intervals,
  NeedsHelper,    // Done with another person present (a helper within reach, a partner).
  AfterTransfer,  // On a bed or the floor: a transfer out of the wheelchair first.
  InWheelchair,   // Done sitting in one's own wheelchair: for wheelchair users only.
};
MSFIT_ENUM_NAMES(Tag, "walking", "dual_task", "vestibular", "aquatic", "mind_body", "assisted",
                 "warmup_suitable", "home_friendly", "intervals", "needs_helper", "after_transfer",
                 "in_wheelchair");

// Who entered or recorded something: the person with MS or their clinician (EDSS, for one, is
// clinician entry only).
enum class Role { Person, Clinician };
MSFIT_ENUM_NAMES(Role, "person", "clinician");

enum class Language { En, Sv, Pl };
MSFIT_ENUM_NAMES(Language, "en", "sv", "pl");

enum class EvidenceKind {
  Guideline,
  Rct,
  SystematicReview,
  TrialProtocol,
  TrialRegistry,
  PilotStudy,
  Validation,
  ConferenceReport,
  Secondary,
  ProductRule,
  Method  // A methods paper (e.g. the staircase procedure the exercises adapt by).
};
MSFIT_ENUM_NAMES(EvidenceKind, "guideline", "rct", "systematic_review", "trial_protocol",
                 "trial_registry", "pilot_study", "validation", "conference_report", "secondary",
                 "product_rule", "method");

#undef MSFIT_ENUM_NAMES

}  // namespace msfit::core

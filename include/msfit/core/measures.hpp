#pragma once

// Standard MS outcome measures (data/measures.json) and what counts as a real change in them.
// Only totals and timed results are recorded: never the item text of a questionnaire.

#include <optional>
#include <string>
#include <vector>

#include "msfit/core/date.hpp"
#include "msfit/core/localized.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/vocabulary.hpp"

namespace msfit::core {

enum class MeasureKind { Performance, Questionnaire, ClinicianScale, Body, Derived };
enum class Administration { TrainedRater, Clinician, Self, Device, Derived };
enum class Combine { Mean, Single };
enum class ChangeKind { Percent, Points, None };
enum class Side { Left, Right };

struct MeaningfulChange {
  ChangeKind kind = ChangeKind::None;
  std::optional<double> improve;  // Magnitude (always positive) of a meaningful improvement.
  std::optional<double> worsen;   // Magnitude of a meaningful worsening.
  std::vector<std::string> evidence;
  bool verified = false;
};

struct MeasureDefinition {
  std::string id;
  Localized names;
  MeasureKind kind = MeasureKind::Performance;
  std::string unit;
  double min = 0;
  double max = 0;
  double step = 1;
  bool higher_is_better = true;
  Administration administered_by = Administration::Self;
  bool clinician_only = false;
  int trials = 1;
  Combine combine = Combine::Single;
  bool per_side = false;
  MeaningfulChange meaningful_change;
  std::string licence;
  std::vector<std::string> evidence;
  std::string notes;
};

struct MeasureRecord {
  Date date{};
  std::string measure;
  std::optional<Side> side;    // Per-side measures (Nine-Hole Peg Test: each hand).
  std::vector<double> trials;  // As entered.
  double value = 0;            // The trials combined (mean, or the single value).
  Role entered_by = Role::Person;
};

// Checks a result against its definition and combines the trials: the right number of
// trials (one or all of them for a two-trial test), each within range and on the step, a side
// exactly when the test is per side, clinician entry where required. Fields: "id", "trial",
// "side", "role".
[[nodiscard]] Result<MeasureRecord> make_measure_record(const MeasureDefinition& def, Date date,
                                                        std::vector<double> trials,
                                                        std::optional<Side> side, Role role);

enum class Direction { Improved, Worsened, Unchanged };

struct ChangeAssessment {
  double change = 0;                 // latest - baseline, in the measure's unit.
  std::optional<double> change_pct;  // Relative to the baseline, where it is not 0.
  Direction direction = Direction::Unchanged;
  bool meaningful = false;          // Beyond the sourced threshold in that direction.
  std::optional<double> threshold;  // The threshold that applied (percent or points).
};

// Compares the latest value with the baseline by the measure's meaningful-change rule. A
// measure without a sourced rule is never called meaningful [pr_mcid_unverified].
[[nodiscard]] ChangeAssessment assess_change(const MeasureDefinition& def, double baseline,
                                             double latest);

template <>
struct EnumNames<MeasureKind> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"performance", "questionnaire", "clinician_scale", "body", "derived"});
};
template <>
struct EnumNames<Administration> {
  static constexpr auto names =
      std::to_array<std::string_view>({"trained_rater", "clinician", "self", "device", "derived"});
};
template <>
struct EnumNames<Combine> {
  static constexpr auto names = std::to_array<std::string_view>({"mean", "single"});
};
template <>
struct EnumNames<ChangeKind> {
  static constexpr auto names = std::to_array<std::string_view>({"percent", "points", "none"});
};
template <>
struct EnumNames<Side> {
  static constexpr auto names = std::to_array<std::string_view>({"left", "right"});
};
template <>
struct EnumNames<Direction> {
  static constexpr auto names =
      std::to_array<std::string_view>({"improved", "worsened", "unchanged"});
};

}  // namespace msfit::core

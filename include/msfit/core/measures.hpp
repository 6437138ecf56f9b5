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
// Percent and Points compare the latest result with the baseline; EdssSteps uses the
// confirmed-worsening convention of EDSS (ordinal: never a percentage).
enum class ChangeKind { Percent, Points, EdssSteps, None };
// What a threshold is: a minimal important change (anchor-based: a change people notice and
// value), a smallest detectable change (beyond measurement error only), or a group-level
// important change that one person's result can cross by chance.
enum class ThresholdKind { MinimalImportant, SmallestDetectable, GroupImportant };
enum class Side { Left, Right };

struct MeaningfulChange {
  ChangeKind kind = ChangeKind::None;
  std::optional<double> improve;  // Magnitude (always positive) of a meaningful improvement.
  std::optional<double> worsen;   // Magnitude of a meaningful worsening.
  ThresholdKind threshold = ThresholdKind::MinimalImportant;
  // For a group-level threshold: the change one person needs for a reliable change (SDMT: 8).
  std::optional<double> individual;
  bool practice_effect = false;  // Scores rise with repeated testing (SDMT).
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
  bool ordinal = false;  // An ordinal scale (EDSS, PDDS): no percentages.
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

// What a change means, for the adapters to put into words.
enum class Verdict {
  Unchanged,           // No change.
  NoThreshold,         // No sourced threshold in this direction: the change is shown only.
  WithinThreshold,     // Smaller than the threshold.
  Meaningful,          // Beyond a minimal important change.
  Detectable,          // Beyond the smallest detectable change (measurement error).
  GroupLevel,          // Beyond a group-level important change, not an individual's reliable one.
  Reliable,            // Beyond an individual's reliable change.
  Worsening,           // EDSS: a worsening by the convention's step, not (yet) confirmed.
  ConfirmedWorsening,  // EDSS: and still there at least 12 weeks later.
};

struct ChangeAssessment {
  double change = 0;                 // latest - baseline, in the measure's unit.
  std::optional<double> change_pct;  // Relative to the baseline; never for ordinal scales.
  Direction direction = Direction::Unchanged;
  // Worth a clinician's look: a meaningful, detectable, reliable or EDSS worsening change.
  bool meaningful = false;
  std::optional<double> threshold;  // The threshold that applied (percent, points or steps).
  Verdict verdict = Verdict::Unchanged;
};

// The EDSS worsening step by the usual trial convention: 1.5 from a baseline of 0, 1.0 from
// 1.0-5.5, 0.5 from 6.0 and above [KALINCIK2015, as commonly used; details unverified].
[[nodiscard]] double edss_worsening_step(double baseline);

// Weeks between two EDSS worsenings for the later to confirm the earlier (12 weeks).
inline constexpr int kEdssConfirmationDays = 84;

// Compares the latest value with the baseline by the measure's meaningful-change rule. A
// measure without a sourced rule is never called meaningful [pr_mcid_unverified]. An EDSS
// worsening is `Worsening` here; summarize_measures() confirms it from the series.
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
  static constexpr auto names =
      std::to_array<std::string_view>({"percent", "points", "edss_steps", "none"});
};
template <>
struct EnumNames<ThresholdKind> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"minimal_important", "smallest_detectable", "group_important"});
};
template <>
struct EnumNames<Verdict> {
  static constexpr auto names = std::to_array<std::string_view>(
      {"unchanged", "no_threshold", "within_threshold", "meaningful", "detectable", "group_level",
       "reliable", "worsening", "confirmed_worsening"});
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

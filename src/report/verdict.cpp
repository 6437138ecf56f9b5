#include "msfit/report/verdict.hpp"

#include <fmt/format.h>

#include "msfit/core/format.hpp"

namespace msfit::report {

namespace {

std::string threshold_text(const core::MeasureDefinition& def, double value) {
  switch (def.meaningful_change.kind) {
    case core::ChangeKind::Percent:
      return fmt::format("{} %", core::format_number(value));
    case core::ChangeKind::Points:
      return fmt::format("{} {}", core::format_number(value), def.unit);
    case core::ChangeKind::EdssSteps:
      return fmt::format("{} step{}", core::format_number(value), value == 1.0 ? "" : "s");
    case core::ChangeKind::None:
      break;
  }
  return core::format_number(value);
}

}  // namespace

std::string setting_label(core::Role setting) {
  return setting == core::Role::Clinician ? "clinic" : "home self-test";
}

std::string change_verdict(const core::MeasureSummary& m, const core::MeasureDefinition& def) {
  if (m.count < 2) {
    return "one result so far";
  }
  const auto& a = m.change;
  const auto& rule = def.meaningful_change;
  const bool better = a.direction == core::Direction::Improved;
  const std::string way = better ? "better" : "worse";
  const std::string limit = a.threshold ? threshold_text(def, *a.threshold) : std::string();
  const std::string practice =
      rule.practice_effect && better ? "; scores also rise with practice on repeat testing" : "";
  switch (a.verdict) {
    case core::Verdict::Unchanged:
      return "no change";
    case core::Verdict::NoThreshold:
      return def.ordinal && better
                 ? "lower (improvement on this ordinal scale is not assessed)"
                 : way + ", with no sourced threshold for a meaningful change in this direction";
    case core::Verdict::WithinThreshold:
      switch (rule.kind == core::ChangeKind::EdssSteps ? core::ThresholdKind::MinimalImportant
                                                       : rule.threshold) {
        case core::ThresholdKind::SmallestDetectable:
          return fmt::format("{}, within measurement error (smallest detectable change {})", way,
                             limit);
        case core::ThresholdKind::GroupImportant:
          return fmt::format("{}, below the group-level important change ({}){}", way, limit,
                             practice);
        case core::ThresholdKind::MinimalImportant:
          break;
      }
      return rule.kind == core::ChangeKind::EdssSteps
                 ? fmt::format("higher, but below the worsening step ({} from a baseline of {})",
                               limit, core::format_number(m.baseline.value))
                 : fmt::format("{}, within the minimal important change ({})", way, limit);
    case core::Verdict::Meaningful:
      return fmt::format("{} beyond the minimal important change ({}){}",
                         better ? "MEANINGFUL IMPROVEMENT:" : "MEANINGFUL WORSENING:", limit,
                         better ? "" : "; discuss with your clinician");
    case core::Verdict::Detectable:
      return fmt::format(
          "{}, beyond measurement error (smallest detectable change {}); that is "
          "not the same as a change that matters to you{}",
          way, limit, better ? "" : "; discuss with your clinician");
    case core::Verdict::GroupLevel:
      return fmt::format(
          "{}, beyond the group-level important change ({}) but within one "
          "person's test-retest variation (a reliable change needs about {}){}",
          way, limit, threshold_text(def, rule.individual.value_or(0)), practice);
    case core::Verdict::Reliable:
      return fmt::format("{}: a reliable change for one person (about {} or more){}",
                         better ? "RELIABLE IMPROVEMENT" : "RELIABLE DECLINE",
                         threshold_text(def, rule.individual.value_or(0)),
                         better ? practice : "; discuss with your clinician");
    case core::Verdict::Worsening:
      return fmt::format(
          "EDSS WORSENING by the usual trial convention ({} from a baseline of "
          "{}), not yet confirmed at least 12 weeks later",
          limit, core::format_number(m.baseline.value));
    case core::Verdict::ConfirmedWorsening:
      return fmt::format(
          "CONFIRMED EDSS WORSENING ({} from a baseline of {}, still present at "
          "least 12 weeks later); discuss with the neurologist",
          limit, core::format_number(m.baseline.value));
  }
  return way;
}

}  // namespace msfit::report

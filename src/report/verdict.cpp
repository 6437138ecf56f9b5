#include "msfit/report/verdict.hpp"

#include "msfit/i18n/catalog.hpp"

#include "tenths.hpp"

namespace msfit::report {

namespace {

using core::Message;

std::string threshold_text(const core::MeasureDefinition& def, double value, core::Language lang) {
  const char* kind = "other";
  switch (def.meaningful_change.kind) {
    case core::ChangeKind::Percent:
      kind = "percent";
      break;
    case core::ChangeKind::Points:
      kind = "points";
      break;
    case core::ChangeKind::EdssSteps:
      kind = "steps";
      break;
    case core::ChangeKind::None:
      break;
  }
  return i18n::say(Message{"report.threshold",
                           {{"kind", core::text(kind)},
                            {"value", core::num(tenths(value))},
                            {"unit", core::text(unit_label(def.unit, lang))}}},
                   lang);
}

}  // namespace

std::string unit_label(const std::string& unit, core::Language lang) {
  return i18n::say(Message{"report.unit", {{"unit", core::text(unit)}}}, lang);
}

std::string setting_label(core::Role setting, core::Language lang) {
  return i18n::say(
      Message{"report.setting",
              {{"setting", core::text(setting == core::Role::Clinician ? "clinic" : "home")}}},
      lang);
}

std::string change_verdict(const core::MeasureSummary& m, const core::MeasureDefinition& def,
                           core::Language lang) {
  if (m.count < 2) {
    return i18n::say(Message{"report.verdict.one_result"}, lang);
  }
  const auto& a = m.change;
  const auto& rule = def.meaningful_change;
  const bool better = a.direction == core::Direction::Improved;
  const core::MessageArg way{"way", core::text(better ? "better" : "worse")};
  const core::MessageArg limit{
      "limit", core::text(a.threshold ? threshold_text(def, *a.threshold, lang) : std::string())};
  const core::MessageArg practice{"practice",
                                  core::text(rule.practice_effect && better ? "yes" : "no")};
  const core::MessageArg baseline{"baseline", core::num(tenths(m.baseline.value))};
  const auto individual = [&] {
    return core::MessageArg{"individual",
                            core::text(threshold_text(def, rule.individual.value_or(0), lang))};
  };
  const auto say = [&](std::string_view code, std::vector<core::MessageArg> args = {}) {
    return i18n::say(Message{code, std::move(args)}, lang);
  };
  switch (a.verdict) {
    case core::Verdict::Unchanged:
      return say("report.verdict.no_change");
    case core::Verdict::NoThreshold:
      return def.ordinal && better ? say("report.verdict.ordinal_lower")
                                   : say("report.verdict.no_threshold", {way});
    case core::Verdict::WithinThreshold:
      switch (rule.kind == core::ChangeKind::EdssSteps ? core::ThresholdKind::MinimalImportant
                                                       : rule.threshold) {
        case core::ThresholdKind::SmallestDetectable:
          return say("report.verdict.within_error", {way, limit});
        case core::ThresholdKind::GroupImportant:
          return say("report.verdict.below_group", {way, limit, practice});
        case core::ThresholdKind::MinimalImportant:
          break;
      }
      return rule.kind == core::ChangeKind::EdssSteps
                 ? say("report.verdict.edss_below_step", {limit, baseline})
                 : say("report.verdict.within_minimal", {way, limit});
    case core::Verdict::Meaningful:
      return say("report.verdict.meaningful", {way, limit});
    case core::Verdict::Detectable:
      return say("report.verdict.detectable", {way, limit});
    case core::Verdict::GroupLevel:
      return say("report.verdict.group_level", {way, limit, individual(), practice});
    case core::Verdict::Reliable:
      return say("report.verdict.reliable", {way, individual(), practice});
    case core::Verdict::Worsening:
      return say("report.verdict.edss_worsening", {limit, baseline});
    case core::Verdict::ConfirmedWorsening:
      return say("report.verdict.edss_confirmed", {limit, baseline});
  }
  return say("report.way", {way});
}

}  // namespace msfit::report

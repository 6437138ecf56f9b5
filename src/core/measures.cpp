#include "msfit/core/measures.hpp"

#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "msfit/core/profile.hpp"

namespace msfit::core {

namespace {

bool on_step(double value, double step) {
  const double steps = value / step;
  return std::fabs(steps - std::round(steps)) < 1e-6;
}

}  // namespace

Result<MeasureRecord> make_measure_record(const MeasureDefinition& def, Date date,
                                          std::vector<double> trials, std::optional<Side> side,
                                          Role role) {
  if (def.clinician_only && role != Role::Clinician) {
    return invalid("role", Message{"error.measure.clinician_only", {{"measure", names(def.names)}}},
                   fmt::format("{} is entered by a clinician only; it is never "
                               "self-assessed",
                               def.names.in(Language::En)));
  }
  if (def.per_side && !side) {
    return invalid("side", Message{"error.measure.needs_side", {{"measure", text(def.id)}}},
                   fmt::format("{} is recorded per side: give left or right", def.id));
  }
  if (!def.per_side && side) {
    return invalid("side", Message{"error.measure.no_side", {{"measure", text(def.id)}}},
                   fmt::format("{} has no side", def.id));
  }
  if (trials.empty() || static_cast<int>(trials.size()) > def.trials) {
    return invalid(
        "trial",
        Message{"error.measure.trials", {{"measure", text(def.id)}, {"trials", whole(def.trials)}}},
        def.trials == 1 ? fmt::format("{} takes one value", def.id)
                        : fmt::format("{} takes 1 to {} trials", def.id, def.trials));
  }
  for (std::size_t i = 0; i < trials.size(); ++i) {
    const double v = trials[i];
    if (def.kind == MeasureKind::ClinicianScale && def.id == "edss" && !is_edss_step(v)) {
      return invalid(fmt::format("trial[{}]", i), Message{"error.measure.edss_step"},
                     "must be an EDSS step: 0, 1.0, 1.5, 2.0 ... 10 (there is no 0.5)");
    }
    if (!(v >= def.min && v <= def.max)) {
      return invalid(
          fmt::format("trial[{}]", i),
          Message{"error.measure.between",
                  {{"min", num(def.min)}, {"max", num(def.max)}, {"unit", text(def.unit)}}},
          fmt::format("must be between {} and {} {}", def.min, def.max, def.unit));
    }
    if (!on_step(v, def.step)) {
      return invalid(fmt::format("trial[{}]", i),
                     Message{"error.measure.step", {{"step", num(def.step)}}},
                     fmt::format("must be in steps of {}", def.step));
    }
  }
  MeasureRecord r;
  r.date = date;
  r.measure = def.id;
  r.side = side;
  r.entered_by = role;
  // Trials are averaged where the protocol has several [pr_measure_trials].
  r.value = std::accumulate(trials.begin(), trials.end(), 0.0) / static_cast<double>(trials.size());
  r.trials = std::move(trials);
  return r;
}

double edss_worsening_step(double baseline) {
  if (baseline < 0.5) {
    return 1.5;
  }
  return baseline <= 5.5 ? 1.0 : 0.5;
}

ChangeAssessment assess_change(const MeasureDefinition& def, double baseline, double latest) {
  ChangeAssessment a;
  a.change = latest - baseline;
  if (baseline != 0 && !def.ordinal) {
    a.change_pct = 100.0 * a.change / std::fabs(baseline);
  }
  if (std::fabs(a.change) < 1e-9) {
    return a;
  }
  const bool better = def.higher_is_better ? a.change > 0 : a.change < 0;
  a.direction = better ? Direction::Improved : Direction::Worsened;
  const auto& rule = def.meaningful_change;
  if (rule.kind == ChangeKind::EdssSteps) {
    if (better) {
      a.verdict = Verdict::NoThreshold;  // Improvement is not assessed on the EDSS here.
      return a;
    }
    a.threshold = edss_worsening_step(baseline);
    const bool step = std::fabs(a.change) >= *a.threshold - 1e-9;
    a.verdict = step ? Verdict::Worsening : Verdict::WithinThreshold;
    a.meaningful = step;
    return a;
  }
  a.threshold = better ? rule.improve : rule.worsen;
  if (!a.threshold || rule.kind == ChangeKind::None) {
    a.threshold.reset();
    a.verdict = Verdict::NoThreshold;
    return a;
  }
  const double size =
      rule.kind == ChangeKind::Percent ? std::fabs(a.change_pct.value_or(0)) : std::fabs(a.change);
  if (size < *a.threshold - 1e-9) {
    a.verdict = Verdict::WithinThreshold;
    return a;
  }
  a.meaningful = true;
  switch (rule.threshold) {
    case ThresholdKind::MinimalImportant:
      a.verdict = Verdict::Meaningful;
      break;
    case ThresholdKind::SmallestDetectable:
      a.verdict = Verdict::Detectable;
      break;
    case ThresholdKind::GroupImportant:
      // One person's change counts only beyond their test-retest variation.
      a.verdict = rule.individual && std::fabs(a.change) >= *rule.individual - 1e-9
                      ? Verdict::Reliable
                      : Verdict::GroupLevel;
      a.meaningful = a.verdict == Verdict::Reliable;
      break;
  }
  return a;
}

}  // namespace msfit::core

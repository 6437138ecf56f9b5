#pragma once

// Progress reports a neurologist or physiotherapist can read: a summary page (adherence, dose
// against the guideline, meaningful changes) and charts (outcome trends with their meaningful-
// change band, strength, weekly volume, fatigue). One drawing code, with cairo and pango, gives
// PDF, PNG and SVG; HTML wraps the SVG with the same figures as accessible text and tables.

#include <string>
#include <vector>

#include "msfit/app/training.hpp"
#include "msfit/core/analytics.hpp"
#include "msfit/core/cognitive.hpp"
#include "msfit/core/plan.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"

namespace msfit::report {

enum class Format { Pdf, Png, Svg, Html };

struct ReportData {
  std::string subject;  // Whose report: the person's name (or account name) or a pseudonym.
  core::Date from{};
  core::Date to{};
  std::vector<core::MeasureRecord> records;  // Every result up to `to`, for the charts.
  std::vector<core::MeasureSummary> measures;
  core::TrainingSummary training;
  std::vector<core::WeekAdherence> adherence;
  core::Language language = core::Language::En;  // Of measure and exercise names.
  // The clinical context: the profile behind the plan (MS type, EDSS, mobility, heat
  // sensitivity, beta-blockers) and the plan phase on `to`, where there is a plan.
  std::optional<core::Profile> profile;
  std::optional<core::Phase> phase;
  // What happened in the period: check-ins (red flags, relapses, heat, fatigue), clearances
  // and the person's notes.
  std::vector<core::CheckIn> check_ins;
  std::vector<core::Clearance> clearances;
  std::vector<std::pair<core::Date, std::string>> notes;
  // Cognitive training in the period, oldest first, and the minutes its plan weeks asked for:
  // shown as training progress, with the note that it is not an outcome measure.
  std::vector<core::cognitive::Record> cognitive_blocks;
  std::vector<core::cognitive::FatigueRating> cognitive_ratings;
  int cognitive_planned_minutes = 0;
  int cognitive_done_minutes = 0;
};

// The report of a period's progress (app::Training::progress), for `subject`, in `lang`.
[[nodiscard]] ReportData report_data(app::ProgressView view, std::string subject,
                                     core::Language lang);

// Renders the report. PDF has A4 pages; PNG and SVG are one tall A4-wide page (PNG at 2x for
// sharp print). Fails with Internal only if cairo cannot draw. Thread-safe.
[[nodiscard]] Result<std::string> render(const ReportData& data, const core::ReferenceData& ref,
                                         Format format);

}  // namespace msfit::report

namespace msfit::core {
template <>
struct EnumNames<report::Format> {
  static constexpr auto names = std::to_array<std::string_view>({"pdf", "png", "svg", "html"});
};
}  // namespace msfit::core

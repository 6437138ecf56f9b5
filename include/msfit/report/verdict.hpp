#pragma once

// A measure's change in words, the same in the report and on the command line: what the
// threshold is (minimal important, smallest detectable, group-level, EDSS convention), and
// whether the result is a home self-test or a clinic result.

#include <string>

#include "msfit/core/analytics.hpp"
#include "msfit/core/measures.hpp"

namespace msfit::report {

// E.g. "better, beyond the minimal important change (20 m)", "worse, beyond measurement error
// only (smallest detectable change 31 %)", "a confirmed EDSS worsening". Empty summaries with
// one result say so. In `lang` (the catalogue's report.verdict.* messages).
[[nodiscard]] std::string change_verdict(const core::MeasureSummary& m,
                                         const core::MeasureDefinition& def,
                                         core::Language lang = core::Language::En);

// "home self-test" or "clinic", in `lang`.
[[nodiscard]] std::string setting_label(core::Role setting,
                                        core::Language lang = core::Language::En);

// A measure's unit ("s", "points") in `lang`.
[[nodiscard]] std::string unit_label(const std::string& unit,
                                     core::Language lang = core::Language::En);

}  // namespace msfit::report

#pragma once

// Terminal renderings of today's session, the history, measures and progress.

#include <string>

#include "msfit/app/training.hpp"

namespace msfit::cli {

// In `lang`: the messages, exercise names and the words around them (cli.today.*).
[[nodiscard]] std::string today_to_text(const app::TodayView& view,
                                        core::Language lang = core::Language::En);
// History, measures and progress in `lang` (cli.history.*, cli.measures.*, cli.progress.*);
// exercise ids in the history as logged. The measure catalogue listing is English.
[[nodiscard]] std::string history_to_text(const app::HistoryView& view,
                                          core::Language lang = core::Language::En);

[[nodiscard]] std::string measures_to_text(const std::vector<core::MeasureRecord>& records,
                                           const core::ReferenceData& data,
                                           core::Language lang = core::Language::En);
[[nodiscard]] std::string measure_catalogue_to_text(const core::ReferenceData& data);
[[nodiscard]] std::string progress_to_text(const app::ProgressView& view,
                                           const core::ReferenceData& data,
                                           core::Language lang = core::Language::En);

}  // namespace msfit::cli

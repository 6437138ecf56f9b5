#pragma once

// Terminal renderings of today's session and of the history, and the CSV export.

#include <string>

#include "msfit/app/training.hpp"

namespace msfit::cli {

[[nodiscard]] std::string today_to_text(const app::TodayView& view);
[[nodiscard]] std::string history_to_text(const app::HistoryView& view);

[[nodiscard]] std::string measures_to_text(const std::vector<core::MeasureRecord>& records,
                                           const core::ReferenceData& data);
[[nodiscard]] std::string measure_catalogue_to_text(const core::ReferenceData& data);
[[nodiscard]] std::string progress_to_text(const app::ProgressView& view,
                                           const core::ReferenceData& data);

// One row per logged record, columns as documented in docs/LOG.md (RFC 4180 quoting).
[[nodiscard]] std::string history_to_csv(const storage::History& log);

}  // namespace msfit::cli

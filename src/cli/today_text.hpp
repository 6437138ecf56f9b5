#pragma once

// Terminal renderings of today's session and of the history, and the CSV export.

#include <string>

#include "msfit/app/training.hpp"

namespace msfit::cli {

[[nodiscard]] std::string today_to_text(const app::TodayView& view);
[[nodiscard]] std::string history_to_text(const app::HistoryView& view);

// One row per logged record, columns as documented in docs/LOG.md (RFC 4180 quoting).
[[nodiscard]] std::string history_to_csv(const storage::History& log);

}  // namespace msfit::cli

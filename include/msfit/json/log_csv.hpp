#pragma once

// The training log as CSV: one row per logged record, columns as documented in docs/LOG.md,
// quoted by RFC 4180, with cells that a spreadsheet would run as a formula defused.

#include <string>

#include "msfit/core/history.hpp"

namespace msfit::json {

[[nodiscard]] std::string history_to_csv(const core::History& log);

// One CSV cell: quoted when needed; a leading = + - or @ is prefixed with ' so that a
// spreadsheet shows it as text.
[[nodiscard]] std::string csv_field(const std::string& text);

}  // namespace msfit::json

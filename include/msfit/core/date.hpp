#pragma once

// Calendar dates for plans: ISO-8601 text in, ISO-8601 text out. Pure: "today" is always
// passed in by the caller, never read from a clock here.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace msfit::core {

using Date = std::chrono::sys_days;

// Parses "YYYY-MM-DD" (exactly that form, a real calendar day); nullopt otherwise.
[[nodiscard]] std::optional<Date> parse_iso_date(std::string_view text);

// Formats as "YYYY-MM-DD".
[[nodiscard]] std::string format_iso_date(Date date);

// Monday = 0 ... Sunday = 6.
[[nodiscard]] int weekday_index(Date date);

}  // namespace msfit::core

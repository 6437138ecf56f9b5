#pragma once

// Numbers as people read them in messages, tables and reports.

#include <string>

namespace msfit::core {

// Up to two decimals without trailing zeros: 47.5 -> "47.5", 50 -> "50", 31.25 -> "31.25".
[[nodiscard]] std::string format_kg(double kg);

// One decimal without a trailing ".0": 6.25 -> "6.2", 8 -> "8".
[[nodiscard]] std::string format_number(double value);

}  // namespace msfit::core

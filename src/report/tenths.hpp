#pragma once

// A value rounded to tenths the way the rest of MSFit rounds it (core::format_number: the
// double's exact value, ties to even), for the catalogue to write with `::.#` in the reader's
// language. ICU would round the shortest decimal instead (8.05 to 8, not 8.1), so a figure
// could differ by a tenth between the report and the command line.

#include <charconv>
#include <string>

#include "msfit/core/format.hpp"

namespace msfit::report {

[[nodiscard]] inline double tenths(double value) {
  const std::string s = core::format_number(value);
  double out = value;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

}  // namespace msfit::report

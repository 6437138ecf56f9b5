#pragma once

// Reading the reference data (data/*.json) into core::ReferenceData.

#include <string_view>

#include "msfit/core/reference_data.hpp"
#include "msfit/core/result.hpp"

namespace msfit::json {

struct ReferenceDataText {
  std::string_view exercises;
  std::string_view evidence;
  std::string_view rules;
  std::string_view equipment;
  std::string_view measures;
};

// Parses the four documents strictly (unknown keys and vocabulary values are errors) and runs
// core::validate_reference_data(). The error's field names the file and entry at fault.
[[nodiscard]] Result<core::ReferenceData> parse_reference_data(const ReferenceDataText& text);

// The reference data compiled into the binary (msfit/data/embedded.hpp), parsed and validated.
[[nodiscard]] Result<core::ReferenceData> load_embedded_reference_data();

}  // namespace msfit::json

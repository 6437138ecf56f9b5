#pragma once

// Reading a profile from JSON. Field names and rules are documented in docs/PROFILE.md.

#include <string>
#include <string_view>

#include "msfit/core/profile.hpp"
#include "msfit/core/result.hpp"

namespace msfit::json {

// Parses one profile document and validates it (core::validate_profile). Unknown keys, wrong
// types, out-of-range values and impossible combinations fail with InvalidInput and the field.
[[nodiscard]] Result<core::Profile> parse_profile(std::string_view text,
                                                  const core::ReferenceData& data);

// Writes a profile in the same form parse_profile() reads (compact, one line).
[[nodiscard]] std::string profile_to_json(const core::Profile& profile);

}  // namespace msfit::json

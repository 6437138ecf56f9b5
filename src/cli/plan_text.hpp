#pragma once

// Human-readable renderings for the terminal: a weekly table of the plan and the catalogue.

#include <string>

#include "msfit/core/plan.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"

namespace msfit::cli {

// In `lang`: exercise names, messages and the table's words (cli.plan.*, cli.weekday); the
// sources are cited as published.
[[nodiscard]] std::string plan_to_text(const core::Plan& plan, const core::Profile& profile,
                                       const core::ReferenceData& data, core::Language lang);

[[nodiscard]] std::string rules_to_text(const core::ReferenceData& data);

[[nodiscard]] std::string catalogue_to_text(const core::ReferenceData& data, core::Language lang);

}  // namespace msfit::cli

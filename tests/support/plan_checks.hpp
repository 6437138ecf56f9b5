#pragma once

// An independent checker of the plan rules (docs/PLAN-RULES.md, rules 1-11 of the plan engine
// issue). It re-derives each rule from the profile and the plan, using the numbers written in
// the rules rather than the engine's constants, and returns one line per violation.

#include <string>
#include <vector>

#include "msfit/core/plan.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"

namespace msfit::testing {

std::vector<std::string> check_plan(const core::Plan& plan, const core::Profile& profile,
                                    const core::ReferenceData& data);

bool has_warning(const core::Plan& plan, std::string_view code);

// The cognitive schedule's rules (cognitive.schedule, cognitive.memory_strategy,
// cognitive.pairing); check_plan() includes them.
std::vector<std::string> check_cognitive(const core::Plan& plan, const core::Profile& profile,
                                         const core::ReferenceData& data);

}  // namespace msfit::testing

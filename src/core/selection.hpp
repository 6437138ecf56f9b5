#pragma once

// Which catalogue exercises suit a person, shared by the plan engine and the daily adaptation:
// the safety filters, the balance ladders that progress by ability, the seated session of a bad
// day and the cool-down stretches. Pure.

#include <array>
#include <optional>
#include <vector>

#include "msfit/core/plan.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"

namespace msfit::core::selection {

[[nodiscard]] Tier tier_of(const Profile& p);

// Walking is limited: EDSS 4.0 or higher (from 4.0 the walking range without rest is about
// 500 m and falls with each step [KURTZKE1983]) or a walking aid. Aerobic work is then not
// continuous walking (product rule 'pr_ambulation').
[[nodiscard]] bool walking_limited(const Profile& p);

// A person who trains alone and uses a walking aid gets supported (held) or seated balance work
// and seated dual-task work only, unless a clinician cleared more ('pr_solo_balance').
[[nodiscard]] bool solo_with_aid(const Profile& p);

// Higher risk when lifting heavy free weights alone: EDSS 4.0 or higher, a walking aid, or age
// 65 or over ('pr_solo_spotter').
[[nodiscard]] bool solo_higher_risk(const Profile& p);

// Moderate-to-vigorous aerobic work is allowed: the standard tier, no progressive MS, age
// under 65, no beta-blockers and no heart condition, or a clinician's clearance
// ('pr_vigorous_screening').
[[nodiscard]] bool vigorous_allowed(const Profile& p, Tier tier);

// Equipment, mobility, position, helper and solo-balance rules for one exercise.
[[nodiscard]] bool suits(const Profile& p, Tier tier, const Exercise& ex);

// The balance ladders: 0 static holds, 1 weight shifts, gait and reactive steps, 2 dual tasks;
// each from easiest to hardest among the exercises that suit the person (no exercise in two
// ladders). Balance progresses along a ladder by what the person shows, not by week.
using Ladder = std::vector<const Exercise*>;
[[nodiscard]] std::array<Ladder, 3> balance_ladders(const Profile& p, Tier tier,
                                                    const ReferenceData& data);

// Where a ladder starts: its first rung, or for a person who walks without an aid, has EDSS
// below 4.0, is under 65 and does not train alone, the first one not done holding on.
[[nodiscard]] int balance_start_level(const Profile& p, const Ladder& ladder);

// The cool-down stretch for one of hamstrings, calves and hip flexors that suits the person;
// nullptr when none does.
[[nodiscard]] const Exercise* stretch_for(const Profile& p, Tier tier, const ReferenceData& data,
                                          Pattern pattern);

// A bad day's session: seated mobility, seated stretches and slow breathing, nothing standing
// ('pr_recovery_seated'). In the order to do them.
[[nodiscard]] std::vector<const Exercise*> seated_recovery(const Profile& p, Tier tier,
                                                           const ReferenceData& data);

}  // namespace msfit::core::selection

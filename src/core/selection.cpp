#include "selection.hpp"

#include <algorithm>
#include <tuple>

#include "plan_rules.hpp"

namespace msfit::core::selection {

namespace {

namespace r = rules;

bool is_balance_work(const Exercise& ex) {
  return ex.modality == Modality::Balance ||
         (ex.modality == Modality::Cognitive && ex.pattern == Pattern::DualTask);
}

// Stretches a wheelchair user can do out of the chair: on a bed or the floor after a transfer,
// or in a standing frame.
bool out_of_chair_stretch(const Exercise& ex) {
  return ex.modality == Modality::Flexibility &&
         (ex.tags.contains(Tag::AfterTransfer) || ex.equipment.contains(Equipment::StandingFrame));
}

bool walking_based(const Exercise& ex) {
  return ex.pattern == Pattern::Walking || ex.pattern == Pattern::Stepping ||
         ex.pattern == Pattern::Elliptical || ex.tags.contains(Tag::Walking);
}

}  // namespace

Tier tier_of(const Profile& p) {
  const double edss = p.edss.value_or(0.0);
  if (p.mobility == Mobility::Wheelchair || edss >= r::kSpecialistEdss) {
    return Tier::Specialist;
  }
  if (p.mobility != Mobility::Independent || edss >= r::kSupportedEdss) {
    return Tier::Supported;
  }
  return Tier::Standard;
}

bool walking_limited(const Profile& p) {
  return p.mobility != Mobility::Independent || p.edss.value_or(0.0) >= r::kWalkingLimitedEdss;
}

bool solo_with_aid(const Profile& p) {
  return p.trains_alone && p.mobility != Mobility::Independent;
}

bool solo_higher_risk(const Profile& p) {
  return p.trains_alone && (p.mobility != Mobility::Independent ||
                            p.edss.value_or(0.0) >= r::kSoloRiskEdss || p.age >= r::kOlderAdultAge);
}

bool vigorous_allowed(const Profile& p, Tier tier) {
  if (p.clearance.vigorous_aerobic) {
    return tier != Tier::Specialist;
  }
  const bool progressive = p.ms_type == MsType::Spms || p.ms_type == MsType::Ppms;
  return tier == Tier::Standard && !progressive && p.age < r::kOlderAdultAge && !p.beta_blockers &&
         !p.heart_condition;
}

bool suits(const Profile& p, Tier tier, const Exercise& ex) {
  // Vestibular rehabilitation needs a physiotherapist-set plan (CLINICAL.md 4); intervals are
  // not part of the studied protocols.
  if (ex.tags.contains(Tag::Vestibular) || ex.tags.contains(Tag::Intervals)) {
    return false;
  }
  // Rule 8: only equipment the person has; body weight always.
  if (!p.equipment.includes(ex.equipment)) {
    return false;
  }
  // Done in one's own wheelchair: for wheelchair users only.
  if (ex.tags.contains(Tag::InWheelchair) && p.mobility != Mobility::Wheelchair) {
    return false;
  }
  // Exercises that need another person present are not for people who train alone.
  if (p.trains_alone && ex.tags.contains(Tag::NeedsHelper)) {
    return false;
  }
  // Rule 9: the exercise must suit the person's mobility.
  if (static_cast<int>(p.mobility) > static_cast<int>(ex.lowest_mobility)) {
    return false;
  }
  if (p.mobility == Mobility::Wheelchair &&
      (ex.tags.contains(Tag::Walking) || ex.pattern == Pattern::Walking)) {
    return false;
  }
  // A weight machine means a transfer out of the wheelchair: not for someone alone.
  if (p.mobility == Mobility::Wheelchair && p.trains_alone &&
      ex.equipment.contains(Equipment::Machines)) {
    return false;
  }
  if ((p.mobility == Mobility::Wheelchair || tier == Tier::Specialist) &&
      ex.position != Position::Seated && !out_of_chair_stretch(ex)) {
    return false;
  }
  const bool standing = ex.position == Position::Standing;
  if (p.mobility == Mobility::TwoAids && standing && ex.balance_demand != BalanceDemand::None &&
      ex.support != Support::Held) {
    return false;  // No unsupported standing balance work with two aids.
  }
  if (p.mobility == Mobility::OneAid && standing && ex.balance_demand >= BalanceDemand::Moderate &&
      ex.support == Support::None) {
    return false;
  }
  if (is_balance_work(ex) && solo_with_aid(p) && !p.clearance.standing_balance) {
    // Alone with a walking aid: balance work holding on, and dual tasks seated.
    if (ex.pattern == Pattern::DualTask ? ex.position != Position::Seated
                                        : standing && ex.support != Support::Held) {
      return false;
    }
  }
  if (ex.modality == Modality::Aerobic && walking_limited(p) && walking_based(ex)) {
    return false;
  }
  return true;
}

std::array<Ladder, 3> balance_ladders(const Profile& p, Tier tier, const ReferenceData& data) {
  std::array<Ladder, 3> ladders;
  for (const auto& ex : data.exercises()) {
    if (!is_balance_work(ex) || ex.pattern == Pattern::MindBody || !suits(p, tier, ex)) {
      continue;
    }
    std::size_t slot = 1;
    if (ex.pattern == Pattern::DualTask) {
      slot = 2;
    } else if (ex.pattern == Pattern::StaticStance ||
               (ex.pattern == Pattern::WeightShift && ex.position == Position::Seated)) {
      slot = 0;
    }
    ladders[slot].push_back(&ex);
  }
  for (auto& ladder : ladders) {
    // Easiest first: less balance demand, seated before standing, more support, then the id.
    std::sort(ladder.begin(), ladder.end(), [](const Exercise* a, const Exercise* b) {
      const auto key = [](const Exercise* e) {
        return std::tuple(static_cast<int>(e->balance_demand),
                          e->position == Position::Seated ? 0 : 1, 2 - static_cast<int>(e->support),
                          std::string_view(e->id));
      };
      return key(a) < key(b);
    });
  }
  if (ladders[1].empty() && ladders[0].size() >= 2) {
    // Seated only (a wheelchair): the postural rungs are shared out so there are still two
    // balance exercises a session, as in the CoDuSe programme's parts [CODUSE].
    Ladder even;
    Ladder odd;
    for (std::size_t i = 0; i < ladders[0].size(); ++i) {
      (i % 2 == 0 ? even : odd).push_back(ladders[0][i]);
    }
    ladders[0] = std::move(even);
    ladders[1] = std::move(odd);
  }
  return ladders;
}

int balance_start_level(const Profile& p, const Ladder& ladder) {
  // Only someone who walks without an aid, below EDSS 4.0, under 65 and not alone skips the
  // held rungs; everyone else starts at the easiest and moves up by what they show.
  if (p.mobility != Mobility::Independent || p.edss.value_or(0.0) >= r::kWalkingLimitedEdss ||
      p.trains_alone || p.age >= r::kOlderAdultAge) {
    return 0;
  }
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    if (ladder[i]->support != Support::Held) {
      return static_cast<int>(i);
    }
  }
  return 0;
}

const Exercise* stretch_for(const Profile& p, Tier tier, const ReferenceData& data,
                            Pattern pattern) {
  const Exercise* best = nullptr;
  std::tuple<int, int, int, int, std::string_view> best_key{};
  for (const auto& ex : data.exercises()) {
    if (ex.modality != Modality::Flexibility || ex.pattern != pattern || !suits(p, tier, ex)) {
      continue;
    }
    // Standing stretches first for people who walk without an aid (no floor or bed needed),
    // seated ones first for everyone else; no equipment first.
    static constexpr std::array<int, 4> kIndependent = {0, 1, 3, 2};  // By Position.
    static constexpr std::array<int, 4> kWithAid = {2, 0, 1, 3};
    const auto& order = p.mobility == Mobility::Independent ? kIndependent : kWithAid;
    const int position = order[static_cast<std::size_t>(ex.position)];
    // A wheelchair user who has a standing frame stands in it (hip flexors, calves and
    // hamstrings at once); otherwise what needs no helper, the most accessible set-up, the id.
    const bool frame =
        p.mobility == Mobility::Wheelchair && ex.equipment.contains(Equipment::StandingFrame);
    const std::tuple<int, int, int, int, std::string_view> key{
        frame ? -1 : position, ex.tags.contains(Tag::NeedsHelper) ? 1 : 0,
        ex.equipment.empty() ? 0 : 1, -static_cast<int>(ex.lowest_mobility), ex.id};
    if (best == nullptr || key < best_key) {
      best = &ex;
      best_key = key;
    }
  }
  return best;
}

std::vector<const Exercise*> seated_recovery(const Profile& p, Tier tier,
                                             const ReferenceData& data) {
  static constexpr std::array<Pattern, 6> kWanted = {
      Pattern::AnkleMobility, Pattern::TrunkStretch,     Pattern::HamstringStretch,
      Pattern::CalfStretch,   Pattern::HipFlexorStretch, Pattern::Breathing};
  std::vector<const Exercise*> out;
  for (const Pattern pattern : kWanted) {
    const Exercise* best = nullptr;
    std::tuple<int, int, std::string_view> best_key{};
    for (const auto& ex : data.exercises()) {
      // Seated in a chair with no balance demand at all: on a dizzy day nothing else is safe.
      if (ex.modality != Modality::Flexibility || ex.pattern != pattern ||
          ex.position != Position::Seated || ex.balance_demand != BalanceDemand::None ||
          ex.tags.contains(Tag::NeedsHelper) || !suits(p, tier, ex)) {
        continue;
      }
      // No equipment first, then what suits the most limited mobility (a chair rather than a
      // bed or the floor), then the id.
      const std::tuple<int, int, std::string_view> key{
          ex.equipment.empty() ? 0 : 1, -static_cast<int>(ex.lowest_mobility), ex.id};
      if (best == nullptr || key < best_key) {
        best = &ex;
        best_key = key;
      }
    }
    if (best != nullptr) {
      out.push_back(best);
    }
  }
  return out;
}

}  // namespace msfit::core::selection

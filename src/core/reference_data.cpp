#include "msfit/core/reference_data.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "msfit/core/suggest.hpp"

namespace msfit::core {

namespace {

bool is_snake_case(std::string_view id) {
  if (id.empty() || id.front() < 'a' || id.front() > 'z' || id.back() == '_') {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

template <typename T>
std::map<std::string, std::size_t, std::less<>> index_by_id(const std::vector<T>& items) {
  std::map<std::string, std::size_t, std::less<>> index;
  for (std::size_t i = 0; i < items.size(); ++i) {
    index.emplace(items[i].id, i);  // Duplicates are reported by validate_reference_data().
  }
  return index;
}

template <typename T>
const T* find_in(const std::vector<T>& items,
                 const std::map<std::string, std::size_t, std::less<>>& index,
                 std::string_view id) {
  const auto it = index.find(id);
  return it == index.end() ? nullptr : &items[it->second];
}

Status check_evidence_list(const ReferenceData& data, const std::vector<std::string>& ids,
                           const std::string& field) {
  if (ids.empty()) {
    return invalid(field, "must cite at least one source");
  }
  bool published = false;
  for (const auto& id : ids) {
    const EvidenceSource* source = data.find_evidence(id);
    if (source == nullptr) {
      return invalid(field, fmt::format("unknown evidence id '{}'", id));
    }
    published = published || source->is_published();
  }
  if (!published) {
    return invalid(field, "must cite at least one published source (PMID, DOI or PMC id)");
  }
  return {};
}

Status validate_exercise(const ReferenceData& data, const Exercise& ex) {
  const std::string at = "exercises." + ex.id;
  if (!is_snake_case(ex.id)) {
    return invalid(at, "id must be snake_case");
  }
  for (std::size_t lang = 0; lang < kEnumCount<Language>; ++lang) {
    const auto language = static_cast<Language>(lang);
    if (ex.names.in(language).empty()) {
      return invalid(at + ".names", fmt::format("missing name in '{}'", to_string(language)));
    }
    if (ex.cues.in(language).empty()) {
      return invalid(at + ".cues", fmt::format("missing cues in '{}'", to_string(language)));
    }
  }
  if (!pattern_fits_modality(ex.pattern, ex.modality)) {
    return invalid(at + ".pattern", fmt::format("pattern '{}' does not belong to modality '{}'",
                                                to_string(ex.pattern), to_string(ex.modality)));
  }
  if ((ex.modality == Modality::Strength || ex.modality == Modality::Core) &&
      ex.primary_muscles.empty()) {
    return invalid(at + ".primary_muscles", "strength and core exercises need a primary muscle");
  }
  for (Muscle m : ex.secondary_muscles) {
    if (ex.primary_set.contains(m)) {
      return invalid(at + ".secondary_muscles",
                     fmt::format("'{}' is listed as both primary and secondary", to_string(m)));
    }
  }
  // Out of the chair, a wheelchair user can stretch on a bed or the floor after a transfer, or
  // in a standing frame.
  const bool out_of_chair_stretch =
      ex.modality == Modality::Flexibility &&
      (ex.tags.contains(Tag::AfterTransfer) || ex.equipment.contains(Equipment::StandingFrame));
  if (ex.lowest_mobility == Mobility::Wheelchair &&
      ((ex.position != Position::Seated && !out_of_chair_stretch) ||
       ex.tags.contains(Tag::Walking))) {
    return invalid(at + ".lowest_mobility",
                   "only seated exercises without walking, or stretches after a transfer or in "
                   "a standing frame, can suit wheelchair users");
  }
  if (ex.alternatives.empty() && ex.needs_spotter_when_heavy) {
    return invalid(at + ".alternatives", "a lift that needs a spotter must name alternatives");
  }
  bool has_safe_alternative = false;
  for (const auto& alt_id : ex.alternatives) {
    const Exercise* alt = data.find_exercise(alt_id);
    if (alt == nullptr) {
      return invalid(at + ".alternatives", fmt::format("unknown exercise id '{}'", alt_id));
    }
    if (alt->id == ex.id) {
      return invalid(at + ".alternatives", "an exercise cannot be its own alternative");
    }
    has_safe_alternative = has_safe_alternative || !alt->needs_spotter_when_heavy;
  }
  if (ex.needs_spotter_when_heavy && !has_safe_alternative) {
    return invalid(at + ".alternatives",
                   "a lift that needs a spotter must have an alternative that does not");
  }
  return check_evidence_list(data, ex.evidence, at + ".evidence");
}

}  // namespace

ReferenceData::ReferenceData(std::vector<Exercise> exercises, std::vector<EvidenceSource> evidence,
                             std::vector<Rule> rules, std::vector<EquipmentInfo> equipment,
                             std::vector<MeasureDefinition> measures)
    : exercises_(std::move(exercises)),
      evidence_(std::move(evidence)),
      rules_(std::move(rules)),
      equipment_(std::move(equipment)),
      measures_(std::move(measures)),
      exercise_index_(index_by_id(exercises_)),
      evidence_index_(index_by_id(evidence_)),
      rule_index_(index_by_id(rules_)) {
  equipment_index_.fill(equipment_.size());
  for (std::size_t i = 0; i < equipment_.size(); ++i) {
    equipment_index_[static_cast<std::size_t>(equipment_[i].equipment)] = i;
  }
}

const Exercise* ReferenceData::find_exercise_by_id_or_name(std::string_view text) const {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return nullptr;
  }
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  if (const Exercise* ex = find_exercise(text)) {
    return ex;
  }
  for (const auto& ex : exercises_) {
    for (const auto& name : ex.names.text) {
      if (!name.empty() && edit_distance(name, text) == 0) {
        return &ex;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> ReferenceData::suggest_exercises(std::string_view typed) const {
  std::vector<std::string_view> candidates;
  std::vector<const Exercise*> owner;
  for (const auto& ex : exercises_) {
    candidates.push_back(ex.id);
    owner.push_back(&ex);
    for (const auto& name : ex.names.text) {
      candidates.push_back(name);
      owner.push_back(&ex);
    }
  }
  std::vector<std::string> ids;
  for (const auto& found : nearest(typed, candidates, 12)) {
    const auto at = std::find(candidates.begin(), candidates.end(), found) - candidates.begin();
    const std::string& id = owner[static_cast<std::size_t>(at)]->id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(id);
    }
    if (ids.size() == 3) {
      break;
    }
  }
  return ids;
}

const Exercise* ReferenceData::find_exercise(std::string_view id) const {
  return find_in(exercises_, exercise_index_, id);
}

const EvidenceSource* ReferenceData::find_evidence(std::string_view id) const {
  return find_in(evidence_, evidence_index_, id);
}

const Rule* ReferenceData::find_rule(std::string_view id) const {
  return find_in(rules_, rule_index_, id);
}

const MeasureDefinition* ReferenceData::find_measure(std::string_view id) const {
  const auto it = std::find_if(measures_.begin(), measures_.end(),
                               [&](const MeasureDefinition& m) { return m.id == id; });
  return it == measures_.end() ? nullptr : &*it;
}

const EquipmentInfo& ReferenceData::equipment_info(Equipment e) const {
  return equipment_.at(equipment_index_[static_cast<std::size_t>(e)]);
}

std::optional<double> ReferenceData::load_increment_kg(const Exercise& exercise) const {
  // The coarsest step among the loadable equipment decides: a machine stack in 5 kg steps
  // used with a bench still moves in 5 kg steps.
  std::optional<double> step;
  for (Equipment e : exercise.equipment.values()) {
    const auto& info = equipment_info(e);
    if (info.load_increment_kg && (!step || *info.load_increment_kg > *step)) {
      step = info.load_increment_kg;
    }
  }
  return step;
}

Status validate_reference_data(const ReferenceData& data) {
  std::set<std::string, std::less<>> seen;
  for (const auto& source : data.evidence()) {
    const std::string at = "evidence." + source.id;
    if (!is_snake_case(source.id) || !seen.insert(source.id).second) {
      return invalid(at, "evidence ids must be unique and snake_case");
    }
    if (source.citation.empty()) {
      return invalid(at + ".citation", "is required");
    }
    if (source.kind == EvidenceKind::ProductRule && source.reasoning.empty()) {
      return invalid(at + ".reasoning", "a product rule must give its reasoning");
    }
  }
  seen.clear();
  for (const auto& ex : data.exercises()) {
    if (!seen.insert(ex.id).second) {
      return invalid("exercises." + ex.id, "duplicate exercise id");
    }
  }
  for (const auto& ex : data.exercises()) {
    MSFIT_TRY(validate_exercise(data, ex));
  }
  seen.clear();
  for (const auto& rule : data.rules()) {
    const std::string at = "rules." + rule.id;
    if (rule.id.empty() || !seen.insert(rule.id).second) {
      return invalid(at, "rule ids must be unique and non-empty");
    }
    if (rule.title.empty() || rule.description.empty()) {
      return invalid(at, "a rule needs a title and a description");
    }
    MSFIT_TRY(check_evidence_list(data, rule.evidence, at + ".evidence"));
  }
  seen.clear();
  for (const auto& m : data.measures()) {
    const std::string at = "measures." + m.id;
    if (!is_snake_case(m.id) || !seen.insert(m.id).second) {
      return invalid(at, "measure ids must be unique and snake_case");
    }
    if (!(m.min < m.max) || !(m.step > 0) || m.trials < 1) {
      return invalid(at, "needs min < max, a positive step and at least one trial");
    }
    MSFIT_TRY(check_evidence_list(data, m.evidence, at + ".evidence"));
    for (const auto& id : m.meaningful_change.evidence) {
      if (data.find_evidence(id) == nullptr) {
        return invalid(at + ".meaningful_change.evidence",
                       fmt::format("unknown evidence id '{}'", id));
      }
    }
    if (m.meaningful_change.kind != ChangeKind::None && !m.meaningful_change.improve &&
        !m.meaningful_change.worsen) {
      return invalid(at + ".meaningful_change", "a change rule needs a threshold");
    }
  }
  std::array<int, kEnumCount<Equipment>> described{};
  for (const auto& info : data.equipment()) {
    ++described[static_cast<std::size_t>(info.equipment)];
  }
  for (std::size_t i = 0; i < described.size(); ++i) {
    if (described[i] != 1) {
      return invalid(fmt::format("equipment.{}", to_string(static_cast<Equipment>(i))),
                     "each equipment kind must be described exactly once");
    }
  }
  return {};
}

}  // namespace msfit::core

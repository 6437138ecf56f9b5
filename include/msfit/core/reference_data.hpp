#pragma once

// The reference data every plan is built from: the exercise catalogue, the evidence registry,
// the rule book and the equipment table. It is loaded once (see
// msfit/json/reference_data_json.hpp), validated by validate_reference_data(), and then only read,
// so sharing it between threads is safe.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "msfit/core/localized.hpp"
#include "msfit/core/measures.hpp"
#include "msfit/core/result.hpp"
#include "msfit/core/vocabulary.hpp"

namespace msfit::core {

struct Exercise {
  std::string id;
  Localized names;
  Modality modality = Modality::Strength;
  Pattern pattern = Pattern::Squat;
  bool compound = false;
  std::vector<Muscle> primary_muscles;
  std::vector<Muscle> secondary_muscles;
  EnumSet<Muscle> primary_set;  // Derived from primary_muscles.
  std::vector<Joint> joints;
  EnumSet<Equipment> equipment;  // Everything needed; empty means body weight only.
  Position position = Position::Standing;
  Mobility lowest_mobility = Mobility::Independent;  // Most limited mobility it suits.
  BalanceDemand balance_demand = BalanceDemand::None;
  Support support = Support::None;
  bool needs_spotter_when_heavy = false;
  bool unilateral = false;
  EnumSet<Tag> tags;
  LocalizedList cues;
  std::vector<std::string> alternatives;  // Exercise ids.
  std::vector<std::string> evidence;      // Evidence ids.
};

struct EvidenceSource {
  std::string id;
  std::string citation;
  EvidenceKind kind = EvidenceKind::Guideline;
  std::optional<std::string> pmid;
  std::optional<std::string> doi;
  std::optional<std::string> pmcid;
  std::string summary;    // What MSFit takes from it, in a sentence or two.
  std::string reasoning;  // For product rules: why the rule is conservative and sensible.
  bool verified = true;   // False where CLINICAL.md marks the bibliographic details unverified.

  // A published source: not a product rule and identifiable by PMID, DOI or PMC id.
  [[nodiscard]] bool is_published() const {
    return kind != EvidenceKind::ProductRule && (pmid || doi || pmcid);
  }
};

struct Rule {
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> evidence;
};

struct EquipmentInfo {
  Equipment equipment = Equipment::Barbell;
  Localized names;
  std::optional<double> load_increment_kg;  // Smallest load step; nullopt if not loadable.
};

class ReferenceData {
 public:
  ReferenceData(std::vector<Exercise> exercises, std::vector<EvidenceSource> evidence,
                std::vector<Rule> rules, std::vector<EquipmentInfo> equipment,
                std::vector<MeasureDefinition> measures = {});

  [[nodiscard]] const std::vector<Exercise>& exercises() const { return exercises_; }
  [[nodiscard]] const std::vector<EvidenceSource>& evidence() const { return evidence_; }
  [[nodiscard]] const std::vector<Rule>& rules() const { return rules_; }
  [[nodiscard]] const std::vector<EquipmentInfo>& equipment() const { return equipment_; }
  [[nodiscard]] const std::vector<MeasureDefinition>& measures() const { return measures_; }

  // Lookups return nullptr when the id is unknown.
  [[nodiscard]] const Exercise* find_exercise(std::string_view id) const;
  [[nodiscard]] const EvidenceSource* find_evidence(std::string_view id) const;
  [[nodiscard]] const Rule* find_rule(std::string_view id) const;
  [[nodiscard]] const MeasureDefinition* find_measure(std::string_view id) const;
  [[nodiscard]] const EquipmentInfo& equipment_info(Equipment e) const;

  // An exercise by what a person typed: its id, or its name in any language, ignoring ASCII
  // case and surrounding spaces ("Leg press (machine)" finds leg_press_machine).
  [[nodiscard]] const Exercise* find_exercise_by_id_or_name(std::string_view text) const;

  // Up to three exercise ids closest to what was typed (by id or by name), for "did you mean".
  [[nodiscard]] std::vector<std::string> suggest_exercises(std::string_view typed) const;

  // The smallest load step for an exercise: that of its loadable equipment, or nullopt when
  // it is done with bands or body weight only.
  [[nodiscard]] std::optional<double> load_increment_kg(const Exercise& exercise) const;

 private:
  std::vector<Exercise> exercises_;
  std::vector<EvidenceSource> evidence_;
  std::vector<Rule> rules_;
  std::vector<EquipmentInfo> equipment_;
  std::vector<MeasureDefinition> measures_;
  std::map<std::string, std::size_t, std::less<>> exercise_index_;
  std::map<std::string, std::size_t, std::less<>> evidence_index_;
  std::map<std::string, std::size_t, std::less<>> rule_index_;
  std::array<std::size_t, kEnumCount<Equipment>> equipment_index_{};
};

// Checks every invariant the plan engine relies on: unique snake_case ids, every alternative
// and evidence id resolves, each modality's patterns and muscles are consistent, every rule
// and exercise cites a published source, heavy lifts needing a spotter have a safe alternative,
// and each equipment kind is described once. Returns the first problem found, naming it.
[[nodiscard]] Status validate_reference_data(const ReferenceData& data);

}  // namespace msfit::core

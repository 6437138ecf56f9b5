#include "msfit/core/reference_data.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "msfit/core/plan.hpp"

#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::reference_data;

TEST(ReferenceData, EmbeddedDataLoadsAndValidates) {
  EXPECT_TRUE(validate_reference_data(reference_data()));
}

TEST(ReferenceData, CatalogueHasAtLeast150ExercisesAcrossEveryModality) {
  const auto& exercises = reference_data().exercises();
  EXPECT_GE(exercises.size(), 150U);
  std::map<Modality, int> count;
  for (const auto& ex : exercises) {
    ++count[ex.modality];
  }
  EXPECT_GE(count[Modality::Strength], 60);
  EXPECT_GE(count[Modality::Aerobic], 10);
  EXPECT_GE(count[Modality::Balance], 15);
  EXPECT_GE(count[Modality::Flexibility], 12);
  EXPECT_GE(count[Modality::Core], 8);
  EXPECT_GE(count[Modality::Cognitive], 3);
}

TEST(ReferenceData, EveryCrossReferenceResolves) {
  const auto& data = reference_data();
  for (const auto& ex : data.exercises()) {
    for (const auto& alt : ex.alternatives) {
      const Exercise* other = data.find_exercise(alt);
      ASSERT_NE(other, nullptr) << ex.id << " -> " << alt;
      EXPECT_NE(other->id, ex.id);
    }
    for (const auto& id : ex.evidence) {
      EXPECT_NE(data.find_evidence(id), nullptr) << ex.id << " cites " << id;
    }
  }
  for (const auto& rule : data.rules()) {
    for (const auto& id : rule.evidence) {
      EXPECT_NE(data.find_evidence(id), nullptr) << rule.id << " cites " << id;
    }
  }
  for (auto id : engine_rule_ids()) {
    EXPECT_NE(data.find_rule(id), nullptr) << "engine rule " << id << " missing from rules.json";
  }
}

TEST(ReferenceData, EveryMuscleIsPrimaryInAtLeastTwoStrengthExercises) {
  std::map<Muscle, int> count;
  for (const auto& ex : reference_data().exercises()) {
    if (ex.modality == Modality::Strength) {
      for (Muscle m : ex.primary_muscles) {
        ++count[m];
      }
    }
  }
  for (std::size_t i = 0; i < kEnumCount<Muscle>; ++i) {
    const auto m = static_cast<Muscle>(i);
    EXPECT_GE(count[m], 2) << to_string(m);
  }
}

TEST(ReferenceData, WheelchairSuitableExercisesAreSeated) {
  int wheelchair_strength = 0;
  int wheelchair_aerobic = 0;
  for (const auto& ex : reference_data().exercises()) {
    if (ex.lowest_mobility == Mobility::Wheelchair) {
      // Seated, or a stretch out of the chair: after a transfer, or in a standing frame.
      const bool out_of_chair =
          ex.modality == Modality::Flexibility &&
          (ex.tags.contains(Tag::AfterTransfer) || ex.equipment.contains(Equipment::StandingFrame));
      EXPECT_TRUE(ex.position == Position::Seated || out_of_chair) << ex.id;
      EXPECT_FALSE(ex.tags.contains(Tag::Walking)) << ex.id;
      wheelchair_strength += ex.modality == Modality::Strength ? 1 : 0;
      wheelchair_aerobic += ex.modality == Modality::Aerobic ? 1 : 0;
    }
  }
  EXPECT_GE(wheelchair_strength, 8);
  EXPECT_GE(wheelchair_aerobic, 2);
}

TEST(ReferenceData, SpotterLiftsHaveASafeDumbbellOrMachineAlternative) {
  const auto& data = reference_data();
  int spotter_lifts = 0;
  for (const auto& ex : data.exercises()) {
    if (!ex.needs_spotter_when_heavy) {
      continue;
    }
    ++spotter_lifts;
    const bool safe = std::any_of(ex.alternatives.begin(), ex.alternatives.end(), [&](auto& id) {
      const Exercise* alt = data.find_exercise(id);
      return !alt->needs_spotter_when_heavy && (alt->equipment.contains(Equipment::Dumbbells) ||
                                                alt->equipment.contains(Equipment::Machines));
    });
    EXPECT_TRUE(safe) << ex.id;
  }
  EXPECT_GE(spotter_lifts, 2);
}

TEST(ReferenceData, EveryExerciseHasNamesAndCuesInEveryLanguage) {
  for (const auto& ex : reference_data().exercises()) {
    for (std::size_t i = 0; i < kEnumCount<Language>; ++i) {
      const auto lang = static_cast<Language>(i);
      EXPECT_FALSE(ex.names.in(lang).empty()) << ex.id;
      EXPECT_GE(ex.cues.in(lang).size(), 1U) << ex.id;
    }
  }
}

TEST(ReferenceData, ProductRulesAreNeverPresentedAsResearch) {
  for (const auto& source : reference_data().evidence()) {
    if (source.kind == EvidenceKind::ProductRule) {
      EXPECT_FALSE(source.reasoning.empty()) << source.id;
      EXPECT_FALSE(source.is_published()) << source.id;
      EXPECT_FALSE(source.verified) << source.id;
    }
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

TEST(ReferenceData, UserFacingTextMakesNoUnsupportedClaims) {
  // Claims the clinical reference lists as unsupported (CLINICAL.md section 8) must never
  // appear in what a person reads: rule texts and exercise cues.
  const std::vector<std::string> banned = {" cure",
                                           "cures",
                                           "1.5 on average",
                                           "3 to 1.5",
                                           "reverses",
                                           "reverse ms",
                                           "reverse disability",
                                           "repairs myelin",
                                           "remyelinat",
                                           "bemer",
                                           "testosterone",
                                           "antidepressant",
                                           "rejuvenat",
                                           "life and death",
                                           "reduces spasticity",
                                           "30 % less fatigue",
                                           "reduce fatigue by"};
  std::vector<std::string> texts;
  for (const auto& rule : reference_data().rules()) {
    texts.push_back(rule.title + " " + rule.description);
  }
  for (const auto& ex : reference_data().exercises()) {
    for (const auto& cue : ex.cues.in(Language::En)) {
      texts.push_back(cue);
    }
  }
  for (const auto& text : texts) {
    for (const auto& word : banned) {
      EXPECT_EQ((" " + lower(text)).find(word), std::string::npos)
          << "'" << word << "' in: " << text;
    }
  }
}

}  // namespace
}  // namespace msfit::core

#include "msfit/json/plan_json.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "msfit/json/profile_json.hpp"

#include "json_diff.hpp"
#include "reference.hpp"

namespace msfit::json {
namespace {

using nlohmann::json;
using testing::plan_for;
using testing::ProfileBuilder;
using testing::reference_data;

TEST(PlanJson, HasTheDocumentedShape) {
  const auto plan = plan_for(ProfileBuilder().one_rm("leg_press_machine", 120).build());
  const json j = json::parse(plan_to_json(plan, reference_data(), Layout::Compact));
  for (const char* key : {"engine_version", "tier", "start_date", "weeks", "phases", "sessions",
                          "warnings", "evidence"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  ASSERT_FALSE(j["phases"].empty());
  for (const auto& phase : j["phases"]) {
    for (const char* key : {"name", "kind", "start_week", "weeks"}) {
      EXPECT_TRUE(phase.contains(key)) << key;
    }
  }
  ASSERT_FALSE(j["sessions"].empty());
  bool saw_strength = false;
  bool saw_aerobic = false;
  for (const auto& session : j["sessions"]) {
    for (const char* key : {"date", "week", "kind", "warmup_minutes", "items"}) {
      ASSERT_TRUE(session.contains(key)) << key;
    }
    for (const auto& item : session["items"]) {
      for (const char* key : {"exercise", "modality", "muscles", "position", "equipment", "minutes",
                              "rule", "evidence"}) {
        ASSERT_TRUE(item.contains(key)) << key;
      }
      EXPECT_FALSE(item["evidence"].empty());
      for (const auto& id : item["evidence"]) {
        EXPECT_TRUE(j["evidence"].contains(id.get<std::string>())) << id;
      }
      if (item["modality"] == "strength") {
        saw_strength = true;
        EXPECT_TRUE(item.contains("sets"));
        EXPECT_EQ(item["reps"].size(), 2U);
        const auto* ex = reference_data().find_exercise(item["exercise"].get<std::string>());
        // A percentage only where the 1RM is known (the leg press here); other loaded work is
        // prescribed by effort and reps in reserve.
        const bool loaded = reference_data().load_increment_kg(*ex).has_value();
        EXPECT_EQ(item["intensity"].contains("pct_1rm"), item["exercise"] == "leg_press_machine");
        EXPECT_EQ(item["intensity"].contains("rir"), loaded);
        EXPECT_TRUE(item["intensity"].contains("rpe") || item["intensity"].contains("pct_1rm"));
        EXPECT_EQ(item.contains("load_kg"), item["exercise"] == "leg_press_machine");
      }
      if (item["modality"] == "aerobic") {
        saw_aerobic = true;
        EXPECT_TRUE(item["intensity"].contains("rpe"));  // Always, beside any heart rate.
        EXPECT_TRUE(item["intensity"].contains("talk_test"));
      }
    }
  }
  EXPECT_TRUE(saw_strength);
  EXPECT_TRUE(saw_aerobic);
  for (const auto& w : j["warnings"]) {
    EXPECT_TRUE(w.contains("code") && w.contains("message") && w.contains("evidence"));
  }
  for (const auto& [id, source] : j["evidence"].items()) {
    EXPECT_TRUE(source.contains("citation")) << id;
    EXPECT_TRUE(source.contains("kind")) << id;
    if (source["kind"] != "product_rule") {
      // Published sources carry an identifier unless the registry marks them otherwise.
      const bool has_id =
          source.contains("pmid") || source.contains("doi") || source.contains("pmcid");
      if (!has_id) {
        EXPECT_FALSE(reference_data().find_evidence(id)->is_published());
      }
    }
  }
}

TEST(PlanJson, SameProfileGivesTheSameBytes) {
  const auto profile = ProfileBuilder().heat_sensitive(true).build();
  EXPECT_EQ(plan_to_json(plan_for(profile), reference_data(), Layout::Pretty),
            plan_to_json(plan_for(profile), reference_data(), Layout::Pretty));
}

TEST(PlanJson, MatchesTheGoldenPlansInTestData) {
  // tests/data/golden/NAME.profile.json -> NAME.plan.json (regenerate with scripts/update-golden
  // after an intended rule change, and review the diff).
  const std::string dir = std::string(MSFIT_TEST_SOURCE_DIR) + "/tests/data/golden/";
  for (const char* name : {"novice_gym_heat", "wheelchair_home", "two_consecutive_days"}) {
    std::ifstream in(dir + name + ".profile.json");
    ASSERT_TRUE(in) << name;
    std::stringstream profile_text;
    profile_text << in.rdbuf();
    const auto profile = parse_profile(profile_text.str(), reference_data());
    ASSERT_TRUE(profile) << profile.error().message;
    std::ifstream expected_in(dir + name + ".plan.json");
    ASSERT_TRUE(expected_in) << name;
    std::stringstream expected;
    expected << expected_in.rdbuf();
    const std::string actual = plan_to_json(plan_for(*profile), reference_data(), Layout::Pretty);
    // First what changed, path by path; then, if nothing did, the bytes (layout, key order).
    const auto differences =
        testing::json_diff(nlohmann::json::parse(expected.str()), nlohmann::json::parse(actual));
    std::string report;
    for (const auto& d : differences) {
      report += "\n  " + d;
    }
    EXPECT_TRUE(differences.empty())
        << name << " differs from its golden plan (first " << differences.size()
        << " differences):" << report
        << "\nIf the change is intended, run scripts/update-golden and review the diff.";
    if (differences.empty()) {
      EXPECT_EQ(actual + "\n", expected.str())
          << name << ": the same values written differently (layout or key order)";
    }
  }
}

TEST(PlanJson, AGoldenMismatchIsReportedAsPathsAndValues) {
  const json expected = json::parse(R"({"weeks": 24, "sessions": [{"minutes": 60}], "a": 1})");
  const json actual = json::parse(R"({"weeks": 24, "sessions": [{"minutes": 45}], "b": 2})");
  EXPECT_EQ(testing::json_diff(expected, actual),
            (std::vector<std::string>{"/a: missing (expected 1)",
                                      "/sessions/0/minutes: expected 60, got 45",
                                      "/b: not expected (got 2)"}));
  EXPECT_TRUE(testing::json_diff(expected, expected).empty());
  EXPECT_EQ(testing::json_diff(json::array({1, 2}), json::array({1})),
            (std::vector<std::string>{": expected 2 elements, got 1"}));
}

TEST(PlanJson, CatalogueListsEveryFieldAndLanguage) {
  const json j = json::parse(catalogue_to_json(reference_data(), Layout::Compact));
  EXPECT_EQ(j["count"], reference_data().exercises().size());
  for (const auto& ex : j["exercises"]) {
    for (const char* key :
         {"id", "names", "modality", "pattern", "compound", "primary_muscles", "secondary_muscles",
          "joints", "equipment", "position", "lowest_mobility", "balance_demand", "support",
          "needs_spotter_when_heavy", "unilateral", "tags", "cues", "alternatives", "evidence"}) {
      ASSERT_TRUE(ex.contains(key)) << key;
    }
    for (const char* lang : {"en", "sv", "pl"}) {
      EXPECT_FALSE(ex["names"][lang].get<std::string>().empty());
    }
  }
}

TEST(PlanJson, ErrorsCarryCodeMessageAndField) {
  const json j = json::parse(
      error_to_json(Error{ErrorCode::InvalidInput, "must be between 18 and 100", "age"}, 7));
  EXPECT_EQ(j["line"], 7);
  EXPECT_EQ(j["error"]["code"], "invalid_input");
  EXPECT_EQ(j["error"]["field"], "age");
}

}  // namespace
}  // namespace msfit::json

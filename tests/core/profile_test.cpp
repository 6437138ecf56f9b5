#include "msfit/core/profile.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "reference.hpp"

namespace msfit::core {
namespace {

using testing::ProfileBuilder;
using testing::reference_data;

TEST(Profile, AcceptsTheDefaultProfile) {
  EXPECT_TRUE(validate_profile(ProfileBuilder().build(), reference_data()));
}

TEST(Profile, RejectsOutOfRangeValuesNamingTheField) {
  const struct {
    const char* field;
    std::function<void(Profile&)> change;
  } cases[] = {
      {"age", [](Profile& p) { p.age = 17; }},
      {"age", [](Profile& p) { p.age = 101; }},
      {"body_mass_kg", [](Profile& p) { p.body_mass_kg = 0; }},
      {"edss", [](Profile& p) { p.edss = 3.3; }},
      {"edss", [](Profile& p) { p.edss = 10.0; }},
      {"edss", [](Profile& p) { p.edss = -0.5; }},
      {"days", [](Profile& p) { p.days = {}; }},
      {"session_minutes", [](Profile& p) { p.session_minutes = 19; }},
      {"session_minutes", [](Profile& p) { p.session_minutes = 121; }},
      {"weeks", [](Profile& p) { p.weeks = 0; }},
      {"weeks", [](Profile& p) { p.weeks = 53; }},
      {"resting_hr", [](Profile& p) { p.resting_hr = 20; }},
      {"max_hr", [](Profile& p) { p.max_hr = 250; }},
      {"max_hr",
       [](Profile& p) {
         p.resting_hr = 80;
         p.max_hr = 90;
       }},
      {"one_rm_kg.no_such_exercise", [](Profile& p) { p.one_rm_kg["no_such_exercise"] = 50; }},
      {"one_rm_kg.leg_press_machine", [](Profile& p) { p.one_rm_kg["leg_press_machine"] = -5; }},
      {"last_relapse", [](Profile& p) { p.last_relapse = p.start_date + std::chrono::days{1}; }},
  };
  for (const auto& c : cases) {
    Profile p = ProfileBuilder().build();
    c.change(p);
    const auto status = validate_profile(p, reference_data());
    ASSERT_FALSE(status) << c.field;
    EXPECT_EQ(status.error().field, c.field);
    EXPECT_EQ(status.error().code, ErrorCode::InvalidInput);
    EXPECT_FALSE(status.error().message.empty());
    // Said as a catalogue message too, for the edges to put into the reader's language.
    EXPECT_EQ(status.error().text.code.rfind("error.profile.", 0), 0U) << c.field;
  }
}

TEST(Profile, ARangeErrorCarriesItsLimitsAsParameters) {
  Profile p = ProfileBuilder().build();
  p.session_minutes = 10;
  const auto status = validate_profile(p, reference_data());
  ASSERT_FALSE(status);
  const Message& text = status.error().text;
  EXPECT_EQ(text.code, "error.profile.between");
  ASSERT_NE(text.arg("min"), nullptr);
  EXPECT_EQ(std::get<double>(*text.arg("min")), kMinSessionMinutes);
  EXPECT_EQ(std::get<double>(*text.arg("max")), kMaxSessionMinutes);
  EXPECT_EQ(std::get<std::string>(*text.arg("unit")), "minutes");
  EXPECT_EQ(status.error().message, "must be between 20 and 120 minutes");
}

TEST(Profile, RejectsAMaximumForAnExerciseWithoutLoad) {
  // Body-weight and band exercises have no 1RM in kg.
  const Exercise* unloaded = nullptr;
  for (const auto& ex : reference_data().exercises()) {
    if (ex.modality == Modality::Strength && !reference_data().load_increment_kg(ex)) {
      unloaded = &ex;
      break;
    }
  }
  ASSERT_NE(unloaded, nullptr);
  const auto status =
      validate_profile(ProfileBuilder().one_rm(unloaded->id, 40).build(), reference_data());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "one_rm_kg." + unloaded->id);
}

TEST(Profile, RejectsMobilityThatContradictsTheEdss) {
  EXPECT_FALSE(validate_profile(ProfileBuilder().edss(7.5).mobility(Mobility::Independent).build(),
                                reference_data()));
  EXPECT_FALSE(validate_profile(ProfileBuilder().edss(1.0).mobility(Mobility::OneAid).build(),
                                reference_data()));
  EXPECT_FALSE(validate_profile(ProfileBuilder().edss(3.0).mobility(Mobility::Wheelchair).build(),
                                reference_data()));
  EXPECT_TRUE(validate_profile(ProfileBuilder().edss(6.0).mobility(Mobility::OneAid).build(),
                               reference_data()));
  EXPECT_TRUE(
      validate_profile(ProfileBuilder().edss(std::nullopt).mobility(Mobility::Wheelchair).build(),
                       reference_data()));
}

TEST(Profile, AcceptsARelapseOnTheStartDate) {
  const auto p = ProfileBuilder().build();
  EXPECT_TRUE(
      validate_profile(ProfileBuilder().last_relapse(p.start_date).build(), reference_data()));
}

}  // namespace
}  // namespace msfit::core

#include "msfit/core/suggest.hpp"

#include <gtest/gtest.h>

#include "reference.hpp"

namespace msfit::core {
namespace {

TEST(Suggest, CountsInsertionsDeletionsSubstitutionsAndSwapsAsOneEdit) {
  struct Case {
    const char* a;
    const char* b;
    std::size_t distance;
  };
  const Case cases[] = {
      {"today", "today", 0},    {"tody", "today", 1},  {"today", "todya", 1},
      {"fatige", "fatigue", 1}, {"TODAY", "today", 0}, {"", "abc", 3},
      {"kitten", "sitting", 3}, {"ca", "abc", 3},      {"history", "hsitory", 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(edit_distance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(Suggest, OffersWhatContainsTheWordFirstThenCloseSpellings) {
  const std::vector<std::string_view> commands = {"plan", "today", "log", "checkin", "history"};
  EXPECT_EQ(nearest("tody", commands), std::vector<std::string>{"today"});
  EXPECT_EQ(nearest("chekin", commands), std::vector<std::string>{"checkin"});
  EXPECT_TRUE(nearest("zzzzzz", commands).empty());
  const std::vector<std::string_view> options = {"fatigue", "date", "sleep", "hot"};
  // One edit in four characters: "date" is three edits from "fatige" and is not offered.
  EXPECT_EQ(nearest("fatige", options), std::vector<std::string>{"fatigue"});
  const std::vector<std::string_view> ids = {"leg_curl", "leg_press_machine",
                                             "leg_press_calf_raise", "press_up"};
  EXPECT_EQ(nearest("leg_press", ids),
            (std::vector<std::string>{"leg_press_machine", "leg_press_calf_raise"}));
  EXPECT_EQ(nearest("leg_press", ids, 1), std::vector<std::string>{"leg_press_machine"});
}

TEST(Suggest, QuotesChoicesForAMessage) {
  EXPECT_EQ(quoted_choices({}), "");
  EXPECT_EQ(quoted_choices({"a"}), "'a'");
  EXPECT_EQ(quoted_choices({"a", "b"}), "'a' or 'b'");
  EXPECT_EQ(quoted_choices({"a", "b", "c"}), "'a', 'b' or 'c'");
}

TEST(Suggest, FindsExercisesByIdOrByNameInAnyLanguage) {
  const ReferenceData& data = testing::reference_data();
  ASSERT_NE(data.find_exercise_by_id_or_name("leg_press_machine"), nullptr);
  EXPECT_EQ(data.find_exercise_by_id_or_name("  Leg Press Machine ")->id, "leg_press_machine");
  EXPECT_EQ(data.find_exercise_by_id_or_name("Benpress i maskin")->id, "leg_press_machine");
  EXPECT_EQ(data.find_exercise_by_id_or_name("leg press"), nullptr);
  EXPECT_EQ(data.find_exercise_by_id_or_name(""), nullptr);
  const auto near = data.suggest_exercises("leg_press");
  ASSERT_FALSE(near.empty());
  EXPECT_EQ(near.front(), "leg_press_machine");
  EXPECT_LE(near.size(), 3U);
}

}  // namespace
}  // namespace msfit::core

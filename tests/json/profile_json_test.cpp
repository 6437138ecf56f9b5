#include "msfit/json/profile_json.hpp"

#include <gtest/gtest.h>

#include "reference.hpp"

namespace msfit::json {
namespace {

using testing::reference_data;

const char* kValid = R"({
  "age": 50, "sex": "male", "body_mass_kg": 80, "ms_type": "PPMS", "edss": 4.5,
  "mobility": "one_aid", "experience": "trained", "location": "home",
  "equipment": ["dumbbells", "bands"], "trains_alone": true, "days": ["tue", "thu", "sat"],
  "session_minutes": 45, "resting_hr": 70, "max_hr": 165, "beta_blockers": false,
  "heat_sensitive": true, "last_relapse": null, "start_date": "2026-03-02"
})";

std::string with(const std::string& key, const std::string& value) {
  // Replaces or adds one key of the valid document.
  std::string doc = kValid;
  const std::string needle = "\"" + key + "\":";
  const auto pos = doc.find(needle);
  if (pos == std::string::npos) {
    return doc.substr(0, doc.rfind('}')) + ", \"" + key + "\": " + value + "}";
  }
  const auto start = pos + needle.size();
  auto end = doc.find_first_of(",}", start);
  if (doc[doc.find_first_not_of(' ', start)] == '[') {
    end = doc.find(']', start) + 1;
  }
  return doc.substr(0, start) + " " + value + doc.substr(end);
}

std::string without(const std::string& key) {
  std::string doc = kValid;
  const auto pos = doc.find("\"" + key + "\":");
  const auto end = doc.find_first_of(",", doc.find(':', pos));
  return doc.substr(0, pos) + doc.substr(end + 1);
}

TEST(ProfileJson, ParsesAValidProfileWithDefaults) {
  const auto p = parse_profile(kValid, reference_data());
  ASSERT_TRUE(p) << p.error().field << ": " << p.error().message;
  EXPECT_EQ(p->age, 50);
  EXPECT_EQ(p->ms_type, core::MsType::Ppms);
  EXPECT_EQ(p->mobility, core::Mobility::OneAid);
  EXPECT_TRUE(p->equipment.contains(core::Equipment::Bands));
  EXPECT_EQ(p->days.size(), 3);
  EXPECT_EQ(p->weeks, 24);
  EXPECT_FALSE(p->last_relapse);
  EXPECT_EQ(core::format_iso_date(p->start_date), "2026-03-02");
}

TEST(ProfileJson, NamesTheFieldOfEveryError) {
  const struct {
    std::string doc;
    std::string field;
  } cases[] = {
      {"not json", "(document)"},
      {"[1, 2]", "(document)"},
      {with("colour", "\"blue\""), "colour"},
      {with("age", "\"fifty\""), "age"},
      {with("age", "50.5"), "age"},
      {with("sex", "\"unknown\""), "sex"},
      {with("ms_type", "\"rrms\""), "ms_type"},
      {with("edss", "4.2"), "edss"},
      {with("mobility", "\"crutches\""), "mobility"},
      {with("equipment", "[\"bands\", \"rocket\"]"), "equipment[1]"},
      {with("equipment", "[\"bands\", \"bands\"]"), "equipment[1]"},
      {with("equipment", "\"bands\""), "equipment"},
      {with("days", "[\"tue\", \"funday\"]"), "days[1]"},
      {with("days", "[]"), "days"},
      {with("days", "[\"mon\", \"mon\"]"), "days[1]"},
      {with("trains_alone", "1"), "trains_alone"},
      {with("session_minutes", "15"), "session_minutes"},
      {with("one_rm_kg", "{\"no_such_lift\": 50}"), "one_rm_kg.no_such_lift"},
      {with("one_rm_kg", "{\"x\": \"heavy\"}"), "one_rm_kg.x"},
      {with("max_hr", "60"), "max_hr"},
      {with("last_relapse", "\"2026-03-05\""), "last_relapse"},
      {with("last_relapse", "\"yesterday\""), "last_relapse"},
      {with("start_date", "\"2026-02-30\""), "start_date"},
      {with("weeks", "60"), "weeks"},
      {with("weeks", "0"), "weeks"},
      {without("age"), "age"},
      {without("last_relapse"), "last_relapse"},
      {without("heat_sensitive"), "heat_sensitive"},
  };
  for (const auto& c : cases) {
    const auto p = parse_profile(c.doc, reference_data());
    ASSERT_FALSE(p) << c.doc;
    EXPECT_EQ(p.error().field, c.field) << c.doc << "\n" << p.error().message;
    EXPECT_EQ(p.error().code, ErrorCode::InvalidInput);
  }
}

TEST(ProfileJson, RoundTripsThroughProfileToJson) {
  const auto p = parse_profile(kValid, reference_data());
  ASSERT_TRUE(p);
  const std::string text = profile_to_json(*p);
  const auto again = parse_profile(text, reference_data());
  ASSERT_TRUE(again) << again.error().field << ": " << again.error().message;
  EXPECT_EQ(profile_to_json(*again), text);
}

TEST(ProfileJson, NeverThrowsOnHostileInput) {
  for (const char* doc : {"", "{", "{\"age\": 1e999}", "{\"age\": -99999999999999999999}", "null",
                          "\"\\ud800\"", "{\"age\": [[[[[[]]]]]]}", "{}"}) {
    EXPECT_FALSE(parse_profile(doc, reference_data())) << doc;
  }
}

}  // namespace
}  // namespace msfit::json

// The streaming writer must produce what nlohmann_json's dump() produces for the same values.

#include "json/json_writer.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using msfit::json::detail::JsonWriter;

std::string written(const std::string& text) {
  JsonWriter w(false);
  w.value(text);
  return w.take();
}

TEST(JsonWriter, EscapesStringsAsNlohmannDoes) {
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) {
    every_control += static_cast<char>(c);
  }
  for (const std::string& text :
       {std::string(), std::string("plain"), std::string("quote \" and backslash \\ end"),
        std::string("\"\\\""), every_control, std::string("a\nb\tc\rd\be\ff"),
        std::string("Kn\xC3\xA4\xC3\xB6 \xE2\x80\x94 \xF0\x9F\x8F\x8B"), std::string("\x7f"),
        std::string(1, '\0') + "tail", std::string("lead\x01")}) {
    EXPECT_EQ(written(text), nlohmann::json(text).dump()) << "for " << nlohmann::json(text);
  }
}

TEST(JsonWriter, WritesNestedStructuresAsNlohmannDoes) {
  for (const bool pretty : {false, true}) {
    JsonWriter w(pretty);
    w.begin_object();
    w.field("name", "goblet \"squat\"");
    w.field("sets", 3);
    w.field("kg", 12.5);
    w.field("whole", 20.0);
    w.field("done", false);
    w.key("empty");
    w.begin_array();
    w.end_array();
    w.key("muscles");
    w.begin_array();
    w.value("quadriceps");
    w.value("glutes");
    w.end_array();
    w.end_object();
    const nlohmann::json expected = {{"name", "goblet \"squat\""},
                                     {"sets", 3},
                                     {"kg", 12.5},
                                     {"whole", 20.0},
                                     {"done", false},
                                     {"empty", nlohmann::json::array()},
                                     {"muscles", {"quadriceps", "glutes"}}};
    // nlohmann sorts keys; the writer keeps them in order, so compare parsed values and, for
    // the layout, the dump of the parsed output.
    const std::string out = w.take();
    const auto parsed = nlohmann::json::parse(out);
    EXPECT_EQ(parsed, expected);
    nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(out);
    EXPECT_EQ(out, pretty ? ordered.dump(2) : ordered.dump());
  }
}

}  // namespace

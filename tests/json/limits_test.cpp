// Nesting depth is measured before anything is parsed, outside strings only.

#include "msfit/json/limits.hpp"

#include <gtest/gtest.h>

#include "msfit/json/profile_json.hpp"

#include "reference.hpp"

namespace msfit::json {
namespace {

TEST(JsonLimits, CountsTheDeepestNestingOutsideStrings) {
  EXPECT_EQ(nesting_depth(""), 0U);
  EXPECT_EQ(nesting_depth("12"), 0U);
  EXPECT_EQ(nesting_depth("{}"), 1U);
  EXPECT_EQ(nesting_depth(R"({"a":[1,{"b":[]}],"c":{}})"), 4U);
  EXPECT_EQ(nesting_depth(R"({"a":"[[[[{{{{"})"), 1U);
  EXPECT_EQ(nesting_depth(R"({"a":"\"[[[["})"), 1U);
  EXPECT_EQ(nesting_depth(R"({"a":"\\",  "b":[[]]})"), 3U);
  EXPECT_EQ(nesting_depth(std::string(1000000, '[')), 1000000U);  // Unbalanced: still counted.
  EXPECT_EQ(nesting_depth("]]]][["), 2U);
}

TEST(JsonLimits, AProfileNestedTooDeepIsRefusedBeforeParsing) {
  const std::string deep = "{\"days\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto r = parse_profile(deep, testing::reference_data());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "(document)");
  EXPECT_NE(r.error().message.find("32 levels"), std::string::npos);
}

}  // namespace
}  // namespace msfit::json

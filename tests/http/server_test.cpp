// The transport's pieces that the API, the static files and the fuzz target share: the error
// body, the percent-decoder and the checks of a request's header.

#include "msfit/http/server.hpp"

#include <gtest/gtest.h>

namespace msfit::http {
namespace {

TEST(ErrorJson, WritesCodeMessageAndTheFieldOnlyWhenThereIsOne) {
  EXPECT_EQ(error_json("not_found", "no such resource"),
            R"({"error":{"code":"not_found","message":"no such resource"}})");
  EXPECT_EQ(error_json("invalid_input", "is required", "name"),
            R"({"error":{"code":"invalid_input","field":"name","message":"is required"}})");
  // Quotes, control characters and text that is not UTF-8 never break the JSON.
  EXPECT_EQ(error_json("x", "say \"hi\"\n", "a\xff"),
            "{\"error\":{\"code\":\"x\",\"field\":\"a\xEF\xBF\xBD\",\"message\":\"say "
            "\\\"hi\\\"\\n\"}}");
  const Response r = error_response(418, "teapot", "short and stout");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, error_json("teapot", "short and stout"));
}

TEST(PercentDecode, DecodesEscapesAndReportsMalformedOnes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", Plus::Space), "a b+");
  EXPECT_EQ(percent_decode("%00"), std::string(1, '\0'));
  for (const char* bad : {"%", "%2", "%zz", "a%g1", "%%41"}) {
    EXPECT_FALSE(percent_decode(bad)) << bad;
  }
}

TEST(CheckRequestHeader, RefusesSeveralAuthorizationsOtherCodingsAndBigBodies) {
  EXPECT_FALSE(check_request_header({}, 100));
  EXPECT_FALSE(check_request_header({1, "Chunked", 100}, 100));
  EXPECT_EQ(check_request_header({2, std::nullopt, std::nullopt}, 100)->status, 400);
  EXPECT_EQ(check_request_header({0, "gzip", std::nullopt}, 100)->status, 501);
  const auto big = check_request_header({0, std::nullopt, 101}, 100);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->body, error_json("payload_too_large", "the request body is too large"));
}

}  // namespace
}  // namespace msfit::http

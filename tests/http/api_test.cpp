// End-to-end tests of the HTTP server: the real server on a free loopback port, a real HTTP
// client (Beast), the real SQLite database.

#include "msfit/http/api.hpp"

#include <fstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "msfit/http/server.hpp"

#include "api_server.hpp"

namespace msfit::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using Json = nlohmann::json;

using msfit::testing::Reply;

class ServerTest : public ::testing::Test {
 protected:
  Reply call(bhttp::verb verb, const std::string& target, const std::string& body = "",
             const std::string& token = "", const std::string& type = "application/json") {
    return server_.call(std::string(bhttp::to_string(verb)), target, body, token, {}, type);
  }
  std::string sign_up_and_in(const std::string& name) { return server_.sign_up(name); }

  msfit::testing::ApiServer server_;
};

TEST_F(ServerTest, AnswersHealthAndUnknownRoutesWithJson) {
  Reply r = call(bhttp::verb::get, "/api/v1/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
  r = call(bhttp::verb::get, "/api/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  r = call(bhttp::verb::get, "/elsewhere");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["error"]["code"], "not_found");
  r = call(bhttp::verb::delete_, "/api/v1/health");
  EXPECT_EQ(r.status, 405);
}

TEST_F(ServerTest, RegistersSignsInAndPlansWithABearerToken) {
  const std::string token = sign_up_and_in("ana");
  ASSERT_EQ(token.size(), 64U);  // 256 random bits.
  std::ifstream in(std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json");
  const std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reply r = call(bhttp::verb::put, "/api/v1/profile", profile, token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["version"], 1);
  r = call(bhttp::verb::post, "/api/v1/plan", "", token);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["weeks"], 24);
  r = call(bhttp::verb::get, "/api/v1/sessions/today?date=2026-12-07", "", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "train");
  // A set log, retried with the same client id, is stored once.
  const Json set = {{"client_id", "c-1"}, {"exercise", "leg_press_machine"},
                    {"reps", 12},         {"kg", 40},
                    {"rir", 3},           {"date", "2026-12-07"}};
  EXPECT_EQ(call(bhttp::verb::post, "/api/v1/sets", set.dump(), token).status, 201);
  r = call(bhttp::verb::post, "/api/v1/sets", set.dump(), token);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["stored"], false);
  // Signing out ends the token.
  EXPECT_EQ(call(bhttp::verb::delete_, "/api/v1/auth/sessions", "", token).status, 204);
  EXPECT_EQ(call(bhttp::verb::get, "/api/v1/plan", "", token).status, 401);
}

TEST_F(ServerTest, RejectsBadInputWithClearErrors) {
  Reply r = call(bhttp::verb::post, "/api/v1/accounts", R"({"name":"bo","password":"short"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "password");
  const std::string token = sign_up_and_in("bo");
  r = call(bhttp::verb::post, "/api/v1/accounts", R"({"name":"bo","password":"another long one"})");
  EXPECT_EQ(r.status, 409);
  r = call(bhttp::verb::put, "/api/v1/profile", "{not json", token);
  EXPECT_EQ(r.status, 400);
  r = call(bhttp::verb::put, "/api/v1/profile", R"({"age": 5})", token, "text/plain");
  EXPECT_EQ(r.status, 415);
  r = call(bhttp::verb::put, "/api/v1/profile", R"({"age": "old"})", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "age");
  r = call(bhttp::verb::post, "/api/v1/sets", R"({"client_id":"x","exercise":"nope","reps":3})",
           token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "exercise");
  r = call(bhttp::verb::post, "/api/v1/sets", R"({"reps":"three"})", token);
  EXPECT_EQ(r.status, 422);
  r = call(bhttp::verb::get, "/api/v1/plan", "", "not-a-token");
  EXPECT_EQ(r.status, 401);
  r = call(bhttp::verb::post, "/api/v1/profile", std::string(100 * 1024, ' '), token);
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, LogsCardioCheckInsAndMeasuresOnce) {
  const std::string token = sign_up_and_in("di");
  Reply r = call(bhttp::verb::post, "/api/v1/cardio",
                 R"({"client_id":"k1","exercise":"upright_stationary_bike","minutes":25,"hr":120})",
                 token);
  EXPECT_EQ(r.status, 201) << r.body;
  r = call(bhttp::verb::post, "/api/v1/checkins",
           R"({"client_id":"k2","fatigue":4,"hot":true,"symptoms":["spasticity"]})", token);
  EXPECT_EQ(r.status, 201) << r.body;
  r = call(bhttp::verb::post, "/api/v1/checkins",
           R"({"client_id":"k2","fatigue":4,"hot":true,"symptoms":["spasticity"]})", token);
  EXPECT_EQ(r.status, 200);
  r = call(bhttp::verb::post, "/api/v1/checkins",
           R"({"client_id":"k3","fatigue":4,"symptoms":["itchy"]})", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "symptoms[0]");
  r = call(bhttp::verb::post, "/api/v1/measures",
           R"({"client_id":"k4","id":"t25fw","trials":[6.2,6.4]})", token);
  EXPECT_EQ(r.status, 201) << r.body;
  r = call(bhttp::verb::post, "/api/v1/measures", R"({"client_id":"k5","id":"edss","trials":[3]})",
           token);
  EXPECT_EQ(r.status, 422);  // Clinician entry only.
  EXPECT_EQ(r.json()["error"]["field"], "role");
}

TEST_F(ServerTest, LocksAnAccountAfterRepeatedFailedSignIns) {
  sign_up_and_in("cy");
  const std::string wrong = R"({"name":"cy","password":"not the password"})";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(call(bhttp::verb::post, "/api/v1/auth/sessions", wrong).status, 401);
  }
  const Reply r = call(bhttp::verb::post, "/api/v1/auth/sessions",
                       R"({"name":"cy","password":"correct horse battery"})");
  EXPECT_EQ(r.status, 429);  // Locked even with the right password, for a while.
  // An unknown name gets the same answer as a wrong password.
  EXPECT_EQ(call(bhttp::verb::post, "/api/v1/auth/sessions",
                 R"({"name":"nobody","password":"whatever it is"})")
                .status,
            401);
}

}  // namespace
}  // namespace msfit::http

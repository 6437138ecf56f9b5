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
                    {"reps", 12},         {"load_kg", 40},
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
  Reply r =
      call(bhttp::verb::post, "/api/v1/cardio",
           R"({"client_id":"k1","exercise":"upright_stationary_bike","minutes":25,"mean_hr":120})",
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
  EXPECT_EQ(r.status, 403);  // Clinician entry only.
  EXPECT_EQ(r.json()["error"]["field"], "id");
}

TEST_F(ServerTest, HoldsBackANameAfterRepeatedFailedSignIns) {
  sign_up_and_in("cy");
  const std::string wrong = R"({"name":"cy","password":"not the password"})";
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(call(bhttp::verb::post, "/api/v1/auth/sessions", wrong).status, 401);
  }
  const Reply r = call(bhttp::verb::post, "/api/v1/auth/sessions",
                       R"({"name":"cy","password":"correct horse battery"})");
  EXPECT_EQ(r.status, 429);  // Held back even with the right password, for a while.
  EXPECT_EQ(r.headers.at("retry-after"), "1");
  // Another name from the same address is still checked: an unknown one gets the answer of a
  // wrong password.
  EXPECT_EQ(call(bhttp::verb::post, "/api/v1/auth/sessions",
                 R"({"name":"nobody","password":"whatever it is"})")
                .status,
            401);
}

TEST_F(ServerTest, AnAccountsLanguageComesAfterLangAndBeforeAcceptLanguage) {
  const std::string token = sign_up_and_in("lena");
  Reply r = call(bhttp::verb::get, "/api/v1/me", "", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["language"].is_null());
  for (const char* bad : {R"({"language":"de"})", R"({"language":5})", R"({})"}) {
    r = call(bhttp::verb::patch, "/api/v1/me", bad, token);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.json()["error"]["field"], "language") << bad;
  }

  std::ifstream in(std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json");
  const std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(call(bhttp::verb::put, "/api/v1/profile", profile, token).status, 200);
  ASSERT_EQ(call(bhttp::verb::post, "/api/v1/plan", "", token).status, 201);
  const std::map<std::string, std::string> english = {{"Accept-Language", "en"}};
  const std::string in_english = server_.call("GET", "/api/v1/plan", "", token, english).body;
  const std::string in_swedish = call(bhttp::verb::get, "/api/v1/plan?lang=sv", "", token).body;
  ASSERT_NE(in_english, in_swedish);

  r = call(bhttp::verb::patch, "/api/v1/me", R"({"language":"sv"})", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["language"], "sv");
  EXPECT_EQ(r.json()["name"], "lena");
  EXPECT_EQ(call(bhttp::verb::get, "/api/v1/me", "", token).json()["language"], "sv");
  // The setting wins over Accept-Language; ?lang= wins over the setting.
  EXPECT_EQ(server_.call("GET", "/api/v1/plan", "", token, english).body, in_swedish);
  EXPECT_EQ(server_.call("GET", "/api/v1/plan?lang=en", "", token, english).body, in_english);

  // Errors with a catalogue message are said in the same language.
  Json odd = Json::parse(profile);
  odd["edss"] = 0.3;
  r = call(bhttp::verb::put, "/api/v1/profile", odd.dump(), token);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "edss");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("EDSS-steg"), std::string::npos)
      << r.body;
  r = call(bhttp::verb::put, "/api/v1/profile?lang=en", odd.dump(), token);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["message"].get<std::string>().find("EDSS-steg"), std::string::npos)
      << r.body;
}

TEST_F(ServerTest, WrongTypesNameTheirFieldAsTheRequestSpellsIt) {
  const auto field_of = [](const Reply& r) { return r.json()["error"].value("field", ""); };
  Reply r = call(bhttp::verb::post, "/api/v1/accounts",
                 R"({"name":"dee","password":"correct horse battery","role":5})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "role");
  const std::string token = sign_up_and_in("dee2");
  r = call(bhttp::verb::delete_, "/api/v1/me", "", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "password");
  r = call(bhttp::verb::post, "/api/v1/checkins",
           R"({"client_id":"t1","fatigue":3,"ambient_temp_c":99})", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "ambient_temp_c");
  r = call(bhttp::verb::post, "/api/v1/checkins", R"({"client_id":"t2","fatigue":2.5})", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "fatigue");
  r = call(bhttp::verb::post, "/api/v1/sets",
           R"({"client_id":"s1","exercise":"leg_press_machine","reps":1e12})", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "reps");
  r = call(bhttp::verb::post, "/api/v1/sets",
           R"({"client_id":"s2","exercise":"leg_press_machine","reps":8,"completed":"yes"})",
           token);
  EXPECT_EQ(field_of(r), "completed");
  r = call(bhttp::verb::post, "/api/v1/measures",
           R"({"client_id":"m1","id":"t25fw","trials":[6.1,"six"]})", token);
  EXPECT_EQ(field_of(r), "trials[1]");
  r = call(bhttp::verb::get, "/api/v1/me/audit?limit=lots", "", token);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "limit");
  // Query values are percent-decoded.
  r = call(bhttp::verb::get, "/api/v1/history?from=2026%2D01%2D01&to=2026-02-01", "", token);
  EXPECT_EQ(r.status, 200) << r.body;
  // A bad body from someone not signed in is a 401 first.
  r = call(bhttp::verb::post, "/api/v1/sets", "{not json");
  EXPECT_EQ(r.status, 401);
}

TEST_F(ServerTest, SpellsTheLogsFieldsOneWayInRequestsAnswersErrorsAndTheCsv) {
  // load_kg, mean_hr, sleep_quality and ambient_temp_c, as in core, the CSV and the glossary.
  const std::string token = sign_up_and_in("sol");
  const auto post = [&](const std::string& path, const Json& body) {
    return call(bhttp::verb::post, "/api/v1/" + path, body.dump(), token);
  };
  const Json set = {{"client_id", "s1"},
                    {"exercise", "leg_press_machine"},
                    {"reps", 10},
                    {"load_kg", 42.5},
                    {"date", "2027-02-01"}};
  EXPECT_EQ(post("sets", set).status, 201);
  const Json bout = {{"client_id", "c1"},
                     {"exercise", "upright_stationary_bike"},
                     {"minutes", 20},
                     {"mean_hr", 118},
                     {"date", "2027-02-01"}};
  EXPECT_EQ(post("cardio", bout).status, 201);
  const Json check_in = {{"client_id", "k1"}, {"fatigue", 3},           {"sleep_quality", 7},
                         {"hot", true},       {"ambient_temp_c", 27.5}, {"date", "2027-02-01"}};
  EXPECT_EQ(post("checkins", check_in).status, 201);

  const Reply history =
      call(bhttp::verb::get, "/api/v1/history?from=2027-02-01&to=2027-02-01", "", token);
  ASSERT_EQ(history.status, 200) << history.body;
  const Json h = history.json();
  ASSERT_EQ(h["sets"].size(), 1U);
  EXPECT_EQ(h["sets"][0]["load_kg"], 42.5);
  EXPECT_FALSE(h["sets"][0].contains("kg"));
  ASSERT_EQ(h["cardio"].size(), 1U);
  EXPECT_EQ(h["cardio"][0]["mean_hr"], 118);
  EXPECT_FALSE(h["cardio"][0].contains("hr"));
  ASSERT_EQ(h["checkins"].size(), 1U);
  EXPECT_EQ(h["checkins"][0]["sleep_quality"], 7);
  EXPECT_EQ(h["checkins"][0]["ambient_temp_c"], 27.5);
  EXPECT_FALSE(h["checkins"][0].contains("sleep"));
  EXPECT_FALSE(h["checkins"][0].contains("temp_c"));

  const Reply csv =
      call(bhttp::verb::get, "/api/v1/history.csv?from=2027-02-01&to=2027-02-01", "", token);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, csv.body.find('\n')),
            "record,date,exercise,set,reps,load_kg,rir,completed,minutes,mean_hr,watts,rpe,"
            "fatigue,sleep_quality,feels_hot,ambient_temp_c,symptoms,relapse,note,rating,"
            "clearance,by");

  // Out of range: the error names the field as the request spells it.
  const auto field_of = [](const Reply& r) { return r.json()["error"].value("field", ""); };
  Json bad = set;
  bad["client_id"] = "s2";
  bad["load_kg"] = 900;
  Reply r = post("sets", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "load_kg");
  bad = bout;
  bad["client_id"] = "c2";
  bad["mean_hr"] = 300;
  r = post("cardio", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "mean_hr");
  bad = check_in;
  bad["client_id"] = "k2";
  bad["sleep_quality"] = 11;
  r = post("checkins", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "sleep_quality");
  bad["sleep_quality"] = "good";
  r = post("checkins", bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "sleep_quality");

  // An old client's names are refused, naming the field, never stored as nothing (a set at
  // 0 kg); nothing was written.
  const auto renamed = [&](const std::string& path, Json body, const char* old_name,
                           const char* new_name) {
    body["client_id"] = std::string("renamed-") + old_name;
    body[old_name] = body[new_name];
    body.erase(new_name);
    const Reply answer = post(path, body);
    EXPECT_EQ(answer.status, 422) << old_name;
    EXPECT_EQ(field_of(answer), old_name);
    EXPECT_NE(answer.body.find(new_name), std::string::npos) << answer.body;
  };
  renamed("sets", set, "kg", "load_kg");
  renamed("cardio", bout, "hr", "mean_hr");
  renamed("checkins", check_in, "sleep", "sleep_quality");
  renamed("checkins", check_in, "temp_c", "ambient_temp_c");
  const Json after =
      call(bhttp::verb::get, "/api/v1/history?from=2027-02-01&to=2027-02-01", "", token).json();
  EXPECT_EQ(after["sets"].size(), 1U);
  EXPECT_EQ(after["cardio"].size(), 1U);
  EXPECT_EQ(after["checkins"].size(), 1U);
}

TEST_F(ServerTest, HostileInputOnEveryRouteNeverGivesA500) {
  // Every route, called by a role allowed on it, with bodies and queries that are malformed,
  // of the wrong shape, out of range or huge: always a 4xx (or a success), never a 500.
  const std::map<Access, std::string> tokens = {
      {Access::Public, ""},
      {Access::SignedIn, server_.sign_up("p1")},
      {Access::Person, server_.sign_up("p2")},
      {Access::Patient, server_.sign_up("c1", "clinician")},
      {Access::Clinician, server_.sign_up("c2", "clinician")},
      {Access::Researcher, server_.sign_up("r1", "researcher")},
      {Access::Admin, server_.sign_up("a1", "admin")}};
  const std::vector<std::string> bodies = {
      "",
      "null",
      "[]",
      "123",
      "\"text\"",
      "{",
      R"({"client_id":5,"exercise":[],"reps":{},"load_kg":"heavy","date":17})",
      R"({"client_id":"x","exercise":"leg_press_machine","reps":1e400,"load_kg":-1e308})",
      R"({"client_id":"x","exercise":"leg_press_machine","reps":-2147483649,"load_kg":1})",
      R"({"client_id":"x","id":"t25fw","trials":[1e999,-0.0,null]})",
      R"({"client_id":"x","fatigue":99,"symptoms":[1,2,3]})",
      R"({"name":"\u0000\ud800","password":"\udfff\udfff\udfff\udfff\udfff"})",
      R"({"kind":"days","days":"mon"})",
      R"({"kind":"session_minutes","minutes":-5})",
      R"({"role":null,"code":["A"],"title":{"t":1},"text":false})",
      std::string("{\"name\":\"\xff\xfe\xfd\",\"password\":\"\xc3\x28\xa0\xa1 long enough\"}"),
      std::string(20000, '[') + std::string(20000, ']'),
      "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}",
  };
  const std::vector<std::string> queries = {
      "", "?date=9999-99-99&from=x&to=&id=%00&format=exe&lang=xx&limit=-1",
      "?from=2030-01-01&to=2020-01-01", "?from=0001-01-01&to=9999-12-31", "?limit=99999999999"};
  int calls = 0;
  for (const auto& route : Api::routes()) {
    std::string path = route.path;
    if (const auto at = path.find("{id}"); at != std::string::npos) {
      path.replace(at, 4, "1");
    }
    for (const auto& query : queries) {
      for (const auto& body : route.method == "GET" ? std::vector<std::string>{""} : bodies) {
        const auto r = server_.call(route.method, path + query, body, tokens.at(route.access));
        EXPECT_LT(r.status, 500) << route.method << " " << path << query << " body "
                                 << body.substr(0, 80) << " -> " << r.body;
        ++calls;
      }
    }
  }
  EXPECT_GT(calls, 1000);
  // Still serving.
  EXPECT_EQ(call(bhttp::verb::get, "/api/v1/health").status, 200);
}

}  // namespace
}  // namespace msfit::http

// Who sees what, end to end through the real server: the access matrix over every route in
// the route table (each role, and no one, against another user's resources: 401/403/404 and
// never data), consent by invite code and its revocation, pseudonymised study data, plan
// adjustments shown to the person with their author, the audit trail, cookie sign-in with its
// CSRF check, administration, and account deletion.

#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "msfit/core/date.hpp"
#include "msfit/http/api.hpp"
#include "msfit/storage/store.hpp"

#include "api_server.hpp"

namespace msfit::http {
namespace {

using Json = nlohmann::json;
using msfit::testing::ApiServer;
using msfit::testing::Reply;

using msfit::testing::example_profile;

std::string with_id(std::string path, std::int64_t id) {
  const auto at = path.find("{id}");
  if (at != std::string::npos) {
    path.replace(at, 4, std::to_string(id));
  }
  return path;
}

// A small world: two people with data, a clinician each person did or did not let in, a
// researcher with a study one person joined, and an administrator.
class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_ = s_.sign_up("alice");
    bob_ = s_.sign_up("bob");
    carol_ = s_.sign_up("carol", "clinician");
    dave_ = s_.sign_up("dave", "clinician");
    rita_ = s_.sign_up("rita", "researcher");
    rob_ = s_.sign_up("rob", "researcher");
    adam_ = s_.sign_up("adam", "admin");
    alice_id_ = s_.id_of(alice_);
    bob_id_ = s_.id_of(bob_);
    carol_id_ = s_.id_of(carol_);

    for (const auto& token : {alice_, bob_}) {
      ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), token).status, 200);
      ASSERT_EQ(s_.call("POST", "/api/v1/plan", "", token).status, 201);
    }
    const Json set = {{"client_id", "a1"},
                      {"exercise", "leg_press_machine"},
                      {"reps", 10},
                      {"load_kg", 40},
                      {"date", "2026-12-07"}};
    ASSERT_EQ(s_.call("POST", "/api/v1/sets", set.dump(), alice_).status, 201);
    const Json note = {{"client_id", "n1"}, {"date", "2026-12-07"}, {"text", "alice-secret-note"}};
    ASSERT_EQ(s_.call("POST", "/api/v1/notes", note.dump(), alice_).status, 201);

    // Alice lets Carol in.
    const Reply invite = s_.call("POST", "/api/v1/invites", "", alice_);
    ASSERT_EQ(invite.status, 201) << invite.body;
    const Json code = {{"code", invite.json()["code"]}};
    ASSERT_EQ(s_.call("POST", "/api/v1/patients", code.dump(), carol_).status, 201);

    // Rita's study, which Alice joins.
    const Reply study =
        s_.call("POST", "/api/v1/studies", R"({"title":"Cycling 24 weeks"})", rita_);
    ASSERT_EQ(study.status, 201) << study.body;
    study_id_ = study.json()["id"].get<std::int64_t>();
    const Json join = {{"code", study.json()["join_code"]}};
    ASSERT_EQ(s_.call("POST", "/api/v1/studies/join", join.dump(), alice_).status, 201);
  }

  // A request that must be refused: one of `allowed` statuses, an error body, and nothing of
  // anyone's data in it.
  void expect_refused(const RouteInfo& route, const std::string& token, std::int64_t id,
                      std::initializer_list<int> allowed, const std::string& who) {
    const std::string target = with_id(route.path, id);
    const std::string body = route.method == "GET" ? "" : "{}";
    const Reply r = s_.call(route.method, target, body, token);
    EXPECT_TRUE(std::find(allowed.begin(), allowed.end(), r.status) != allowed.end())
        << who << " " << route.method << " " << target << " -> " << r.status << " " << r.body;
    EXPECT_TRUE(r.json().contains("error")) << who << " " << target << ": " << r.body;
    EXPECT_EQ(r.body.find("alice-secret-note"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("leg_press_machine"), std::string::npos) << target;
  }

  ApiServer s_;
  std::string alice_, bob_, carol_, dave_, rita_, rob_, adam_;
  std::int64_t alice_id_ = 0, bob_id_ = 0, carol_id_ = 0, study_id_ = 0;
};

TEST_F(AccessTest, NoOneSignedInGets401OnEveryRouteButThePublicOnes) {
  for (const auto& route : Api::routes()) {
    if (route.access == Access::Public) {
      continue;
    }
    expect_refused(route, "", alice_id_, {401}, "anonymous");
    expect_refused(route, "0000", alice_id_, {401}, "forged token");
  }
}

TEST_F(AccessTest, EachRoleIsRefusedOnTheRoutesOfTheOtherRoles) {
  const std::vector<std::pair<std::string, std::string>> callers = {
      {"person", bob_}, {"clinician", dave_}, {"researcher", rob_}, {"admin", adam_}};
  int checked = 0;
  for (const auto& route : Api::routes()) {
    for (const auto& [role, token] : callers) {
      const bool allowed =
          route.access == Access::Public || route.access == Access::SignedIn ||
          (route.access == Access::Person && role == "person") ||
          ((route.access == Access::Patient || route.access == Access::Clinician) &&
           role == "clinician") ||
          (route.access == Access::Researcher && role == "researcher") ||
          (route.access == Access::Admin && role == "admin");
      if (!allowed) {
        expect_refused(route, token, alice_id_, {403}, role);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

TEST_F(AccessTest, AClinicianWithoutConsentSeesNoPatientAndLearnsNothing) {
  int checked = 0;
  for (const auto& route : Api::routes()) {
    if (route.access != Access::Patient) {
      continue;
    }
    // Dave has no link to Alice; Carol has none to Bob; nobody has id 999999.
    expect_refused(route, dave_, alice_id_, {404}, "unlinked clinician");
    expect_refused(route, carol_, bob_id_, {404}, "clinician of another person");
    const Reply unknown = s_.call(route.method, with_id(route.path, 999999),
                                  route.method == "GET" ? "" : "{}", carol_);
    EXPECT_EQ(unknown.status, 404) << route.path;
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST_F(AccessTest, AClinicianWithConsentReadsAndThePersonSeesItInTheAuditTrail) {
  for (const auto& route : Api::routes()) {
    if (route.access != Access::Patient || route.method != "GET") {
      continue;
    }
    const Reply r = s_.call("GET", with_id(route.path, alice_id_), "", carol_);
    EXPECT_EQ(r.status, 200) << route.path << ": " << r.body;
  }
  const Reply history = s_.call(
      "GET", with_id("/api/v1/patients/{id}/history", alice_id_) + "?from=2026-12-01&to=2026-12-31",
      "", carol_);
  EXPECT_NE(history.body.find("alice-secret-note"), std::string::npos);

  const Reply audit = s_.call("GET", "/api/v1/me/audit", "", alice_);
  ASSERT_EQ(audit.status, 200);
  int reads_by_carol = 0;
  const Json trail = audit.json();
  for (const auto& e : trail["entries"]) {
    if (e["who"]["name"] == "carol" && e["action"] == "read") {
      ++reads_by_carol;
    }
  }
  EXPECT_GE(reads_by_carol, 9);
  // Bob's trail has nothing of Alice's.
  const Reply bob_audit = s_.call("GET", "/api/v1/me/audit", "", bob_);
  EXPECT_EQ(bob_audit.json()["entries"].size(), 1U);  // His own profile change only.
}

TEST_F(AccessTest, TheClinicianSeesAdherenceAndFlagsOfTheirPatientsOnly) {
  const std::string today(msfit::testing::kTestToday);
  const Json check_in = {{"client_id", "f1"},
                         {"date", today},
                         {"fatigue", 6},
                         {"relapse", true},
                         {"symptoms", {"chest_pain"}}};
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins", check_in.dump(), alice_).status, 201);
  const Json list = s_.call("GET", "/api/v1/patients", "", carol_).json()["patients"];
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0]["name"], "alice");
  EXPECT_EQ(list[0]["last_check_in"], today);
  EXPECT_TRUE(list[0]["adherence"].contains("planned"));
  const auto flags = list[0]["flags"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(flags.begin(), flags.end(), "relapse"), flags.end());
  EXPECT_NE(std::find(flags.begin(), flags.end(), "red_flag"), flags.end());
  EXPECT_NE(std::find(flags.begin(), flags.end(), "awaiting_clearance"), flags.end());
  EXPECT_TRUE(s_.call("GET", "/api/v1/patients", "", dave_).json()["patients"].empty());
}

TEST_F(AccessTest, RevokingAccessEndsItAtOnce) {
  const Reply before = s_.call("GET", with_id("/api/v1/patients/{id}/plan", alice_id_), "", carol_);
  EXPECT_EQ(before.status, 200);
  // Bob cannot revoke Alice's clinician.
  EXPECT_EQ(s_.call("DELETE", with_id("/api/v1/clinicians/{id}", carol_id_), "", bob_).status, 404);
  EXPECT_EQ(s_.call("GET", "/api/v1/clinicians", "", alice_).json()["clinicians"].size(), 1U);
  EXPECT_EQ(s_.call("DELETE", with_id("/api/v1/clinicians/{id}", carol_id_), "", alice_).status,
            204);
  const Reply after = s_.call("GET", with_id("/api/v1/patients/{id}/plan", alice_id_), "", carol_);
  EXPECT_EQ(after.status, 404);
  EXPECT_TRUE(s_.call("GET", "/api/v1/patients", "", carol_).json()["patients"].empty());
}

TEST_F(AccessTest, InviteCodesWorkOnceAndNotForTheirMaker) {
  const Reply invite = s_.call("POST", "/api/v1/invites", "", bob_);
  const std::string code = invite.json()["code"].get<std::string>();
  EXPECT_TRUE(std::regex_match(code, std::regex("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-"
                                                "[2-9A-HJKMNP-Z]{4}")))
      << code;
  // Typed in lower case with spaces: still the code.
  std::string typed;
  for (char ch : code) {
    typed += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    typed += ch == '-' ? " " : "";
  }
  Reply r = s_.call("POST", "/api/v1/patients", Json{{"code", typed}}.dump(), dave_);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["name"], "bob");
  r = s_.call("POST", "/api/v1/patients", Json{{"code", code}}.dump(), carol_);
  EXPECT_EQ(r.status, 404);  // Used up.
  EXPECT_EQ(r.json()["error"]["field"], "code");
  r = s_.call("POST", "/api/v1/patients", R"({"code":"AAAA-BBBB-CCCC"})", carol_);
  EXPECT_EQ(r.status, 404);
  r = s_.call("POST", "/api/v1/patients", R"({})", carol_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "code");
}

TEST_F(AccessTest, AClinicianAdjustsThePlanAndThePersonSeesWhatAndWho) {
  const std::string path = with_id("/api/v1/patients/{id}/plan/adjustments", alice_id_);
  Reply r = s_.call("POST", path,
                    R"({"kind":"days","days":["tue","thu","sat"],"reason":"work shifts"})", carol_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["by"]["name"], "carol");
  r = s_.call("POST", path, R"({"kind":"session_minutes","minutes":45})", carol_);
  ASSERT_EQ(r.status, 201) << r.body;
  r = s_.call("POST", path, R"({"kind":"session_minutes","minutes":"long"})", carol_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "minutes");
  r = s_.call("POST", path, R"({"kind":"days","days":["someday"]})", carol_);
  EXPECT_EQ(r.status, 422) << r.body;
  r = s_.call("POST", path, R"({"kind":"paint"})", carol_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "kind");

  const Reply seen = s_.call("GET", "/api/v1/plan/adjustments", "", alice_);
  ASSERT_EQ(seen.status, 200);
  const Json list = seen.json()["adjustments"];
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0]["kind"], "session_minutes");  // Newest first.
  EXPECT_EQ(list[1]["by"]["role"], "clinician");
  EXPECT_NE(list[1]["summary"].get<std::string>().find("work shifts"), std::string::npos);
  // The plan now trains on the new days.
  const Json profile = s_.call("GET", "/api/v1/profile", "", alice_).json();
  EXPECT_EQ(profile["days"], Json::array({"tue", "thu", "sat"}));
  EXPECT_EQ(profile["session_minutes"], 45);
  // Bob's plan is untouched.
  EXPECT_TRUE(s_.call("GET", "/api/v1/plan/adjustments", "", bob_).json()["adjustments"].empty());

  // Today announces both changes in the person's language, with the day they were made.
  const std::string made = list[0]["at"].get<std::string>().substr(0, 10);
  const Json today =
      s_.call("GET", "/api/v1/sessions/today?lang=sv&date=" + made, "", alice_).json();
  ASSERT_EQ(today["plan_changes"].size(), 2U) << today.dump();
  EXPECT_EQ(today["plan_changes"][0],
            Json({{"date", made},
                  {"kind", "session_minutes"},
                  {"message", "Din fysioterapeut har ändrat hur långa dina pass är"}}));
  EXPECT_EQ(today["plan_changes"][1]["message"], "Din fysioterapeut har ändrat dina träningsdagar");
  EXPECT_TRUE(s_.call("GET", "/api/v1/sessions/today?date=" + made, "", bob_)
                  .json()["plan_changes"]
                  .empty());
}

TEST_F(AccessTest, ASwapForTodayOnlyIsOfferedAmongTheAlternativesAndSafeToResend) {
  const Json today = s_.call("GET", "/api/v1/sessions/today?date=2026-12-07", "", alice_).json();
  std::string from;
  std::string to;
  for (const Json& item : today["items"]) {
    ASSERT_TRUE(item.contains("alternatives")) << item.dump();
    if (from.empty() && !item["alternatives"].empty()) {
      from = item["planned"]["exercise"];
      to = item["alternatives"][0]["exercise"];
      EXPECT_FALSE(item["alternatives"][0]["name"].get<std::string>().empty());
    }
  }
  ASSERT_FALSE(from.empty()) << "no item with an alternative";
  const Json swap = {{"exercise", from},
                     {"replacement", to},
                     {"date", "2026-12-07"},
                     {"scope", "today"},
                     {"client_id", "sw-1"}};
  const Reply first = s_.call("POST", "/api/v1/swaps", swap.dump(), alice_);
  ASSERT_EQ(first.status, 201) << first.body;
  const Reply resent = s_.call("POST", "/api/v1/swaps", swap.dump(), alice_);
  EXPECT_EQ(resent.status, 201);
  EXPECT_EQ(resent.json(), first.json());
  EXPECT_EQ(s_.call("GET", "/api/v1/plan/adjustments", "", alice_).json()["adjustments"].size(),
            1U);
  // On the day the replacement stands in; the next planned day the plan is back.
  const auto has = [&](const std::string& date, const std::string& exercise) {
    const Json day = s_.call("GET", "/api/v1/sessions/today?date=" + date, "", alice_).json();
    return std::any_of(day["items"].begin(), day["items"].end(),
                       [&](const Json& item) { return item["planned"]["exercise"] == exercise; });
  };
  EXPECT_TRUE(has("2026-12-07", to));
  EXPECT_FALSE(has("2026-12-07", from));
  EXPECT_TRUE(has("2026-12-09", from));
  // A scope it does not know is refused, naming it.
  Json bad = swap;
  bad["scope"] = "forever";
  bad["client_id"] = "sw-2";
  const Reply refused = s_.call("POST", "/api/v1/swaps", bad.dump(), alice_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json()["error"]["field"], "scope");
}

TEST_F(AccessTest, AClinicianEntersAClinicianOnlyMeasure) {
  const Json edss = {
      {"client_id", "e1"}, {"id", "edss"}, {"trials", {3.5}}, {"date", "2026-11-01"}};
  // A person cannot enter their own EDSS; their clinician can.
  EXPECT_EQ(s_.call("POST", "/api/v1/measures", edss.dump(), alice_).status, 403);
  const std::string path = with_id("/api/v1/patients/{id}/measures", alice_id_);
  EXPECT_EQ(s_.call("POST", path, edss.dump(), carol_).status, 201);
  const Reply mine = s_.call("GET", "/api/v1/measures?id=edss", "", alice_);
  ASSERT_EQ(mine.json()["results"].size(), 1U);
  EXPECT_EQ(mine.json()["results"][0]["entered_by"], "clinician");
}

TEST_F(AccessTest, AResearcherSeesPseudonymsNotPeople) {
  const Reply data = s_.call("GET", with_id("/api/v1/studies/{id}/data", study_id_), "", rita_);
  ASSERT_EQ(data.status, 200) << data.body;
  const Json people = data.json()["people"];
  ASSERT_EQ(people.size(), 1U);
  EXPECT_TRUE(std::regex_match(people[0]["pseudonym"].get<std::string>(),
                               std::regex("P-[2-9A-Z]{4}-[2-9A-Z]{4}")));
  EXPECT_EQ(data.body.find("alice"), std::string::npos);
  EXPECT_EQ(data.body.find("2026-"), std::string::npos);  // Days since joining, not dates.
  EXPECT_FALSE(people[0].contains("id"));
  EXPECT_EQ(people[0]["profile"]["age_band"], "40-49");
  // Another researcher cannot read it; Alice can leave and is gone from it.
  EXPECT_EQ(s_.call("GET", with_id("/api/v1/studies/{id}/data", study_id_), "", rob_).status, 404);
  const Reply joined = s_.call("GET", "/api/v1/me/studies", "", alice_);
  EXPECT_EQ(joined.json()["studies"][0]["pseudonym"], people[0]["pseudonym"]);
  EXPECT_EQ(s_.call("DELETE", with_id("/api/v1/me/studies/{id}", study_id_), "", bob_).status, 404);
  EXPECT_EQ(s_.call("DELETE", with_id("/api/v1/me/studies/{id}", study_id_), "", alice_).status,
            204);
  EXPECT_TRUE(s_.call("GET", with_id("/api/v1/studies/{id}/data", study_id_), "", rita_)
                  .json()["people"]
                  .empty());
}

TEST_F(AccessTest, CookieSessionsNeedTheCsrfHeaderForChanges) {
  const Reply in = s_.call("POST", "/api/v1/auth/sessions",
                           R"({"name":"alice","password":"correct horse battery"})");
  ASSERT_EQ(in.status, 201);
  const std::string cookie = in.headers.at("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // Plain HTTP here.
  const std::string pair = cookie.substr(0, cookie.find(';'));
  const std::string csrf = in.json()["csrf_token"].get<std::string>();

  // Reading with the cookie alone works; the CSRF token is also given back by /me.
  const Reply me = s_.call("GET", "/api/v1/me", "", "", {{"Cookie", "theme=dark; " + pair}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["csrf_token"], csrf);
  const std::string set =
      R"({"client_id":"c1","exercise":"leg_press_machine","reps":8,"load_kg":40})";
  Reply r = s_.call("POST", "/api/v1/sets", set, "", {{"Cookie", pair}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["code"], "csrf");
  r = s_.call("POST", "/api/v1/sets", set, "", {{"Cookie", pair}, {"X-CSRF-Token", "nope"}});
  EXPECT_EQ(r.status, 403);
  r = s_.call("POST", "/api/v1/sets", set, "", {{"Cookie", pair}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(r.status, 201) << r.body;
  // Correcting and deleting a set are changes too.
  EXPECT_EQ(s_.call("PATCH", "/api/v1/sets/c1", R"({"reps":9})", "", {{"Cookie", pair}}).status,
            403);
  EXPECT_EQ(s_.call("DELETE", "/api/v1/sets/c1", "", "", {{"Cookie", pair}}).status, 403);
  EXPECT_EQ(s_.call("PATCH", "/api/v1/sets/c1", R"({"reps":9})", "",
                    {{"Cookie", pair}, {"X-CSRF-Token", csrf}})
                .status,
            200);
  EXPECT_EQ(s_.call("DELETE", "/api/v1/sets/c1", "", "", {{"Cookie", pair}, {"X-CSRF-Token", csrf}})
                .status,
            204);
  // Signing out clears the cookie and ends the session.
  r = s_.call("DELETE", "/api/v1/auth/sessions", "", "",
              {{"Cookie", pair}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(r.status, 204);
  EXPECT_NE(r.headers.at("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", "", {{"Cookie", pair}}).status, 401);
}

TEST_F(AccessTest, APersonCorrectsAndDeletesTheirOwnSetsAndNoOneElses) {
  const std::string period = "?from=2026-12-01&to=2026-12-31";
  const Reply history = s_.call("GET", "/api/v1/history" + period, "", alice_);
  ASSERT_EQ(history.status, 200) << history.body;
  ASSERT_EQ(history.json()["sets"].size(), 1U);
  EXPECT_EQ(history.json()["sets"][0]["client_id"], "a1");

  // Bob cannot tell Alice's set from one that does not exist: 404 both ways, nothing changed.
  for (const char* id : {"a1", "zz"}) {
    const std::string path = std::string("/api/v1/sets/") + id;
    Reply r = s_.call("PATCH", path, R"({"reps":3})", bob_);
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "client_id");
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(id), std::string::npos);
    r = s_.call("DELETE", path, "", bob_);
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "client_id");
  }
  // A clinician has no route to change a patient's sets; Carol's own account has none.
  EXPECT_EQ(s_.call("PATCH", "/api/v1/sets/a1", R"({"reps":3})", carol_).status, 403);

  const Json fix = {{"reps", 8}, {"load_kg", 42.5}};
  Reply r = s_.call("PATCH", "/api/v1/sets/a1", fix.dump(), alice_);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json expected = {{"client_id", "a1"},
                         {"date", "2026-12-07"},
                         {"exercise", "leg_press_machine"},
                         {"set", 1},
                         {"reps", 8},
                         {"load_kg", 42.5},
                         {"rir", nullptr},
                         {"completed", true}};
  EXPECT_EQ(r.json(), expected);
  // Resent by an offline outbox: the same answer, and one audit entry only.
  r = s_.call("PATCH", "/api/v1/sets/a1", fix.dump(), alice_);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json(), expected);
  r = s_.call("PATCH", "/api/v1/sets/a1", R"({"rir":2,"completed":false})", alice_);
  EXPECT_EQ(r.json()["rir"], 2);
  EXPECT_EQ(r.json()["completed"], false);
  r = s_.call("PATCH", "/api/v1/sets/a1", R"({"rir":null})", alice_);
  EXPECT_EQ(r.json()["rir"], nullptr);
  // Only what was measured can be corrected, in the ranges of POST /sets; nothing stored.
  for (const auto& [body, field] :
       std::vector<std::pair<std::string, std::string>>{{R"({"date":"2026-12-08"})", "date"},
                                                        {R"({"exercise":"row"})", "exercise"},
                                                        {R"({"kg":40})", "kg"},
                                                        {R"({})", "(body)"},
                                                        {R"({"reps":101})", "reps"},
                                                        {R"({"load_kg":-1})", "load_kg"},
                                                        {R"({"load_kg":null})", "load_kg"},
                                                        {R"({"rir":11})", "rir"},
                                                        {R"({"completed":"yes"})", "completed"}}) {
    r = s_.call("PATCH", "/api/v1/sets/a1", body, alice_);
    EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], field) << body;
  }
  EXPECT_EQ(s_.call("PATCH", "/api/v1/sets/a1?lang=sv", R"({"date":"2026-12-08"})", alice_)
                .json()["error"]["message"],
            "kan inte rättas: skicka något av reps, load_kg, rir, completed");
  EXPECT_EQ(s_.call("GET", "/api/v1/history" + period, "", alice_).json()["sets"][0]["load_kg"],
            42.5);

  const Reply trail = s_.call("GET", "/api/v1/me/audit", "", alice_);
  ASSERT_EQ(trail.status, 200);
  int corrections = 0;
  const Json entries = trail.json()["entries"];
  for (const Json& e : entries) {
    if (e["what"] == "PATCH /api/v1/sets/{client_id}") {
      ++corrections;
      EXPECT_EQ(e["action"], "change");
      EXPECT_EQ(e["who"]["name"], "alice");
    }
  }
  EXPECT_EQ(corrections, 3);  // The resent correction changed nothing.
  EXPECT_EQ(entries[0]["detail"],
            "set a1 (2026-12-07, leg_press_machine, set 1): rir 2 \u2192 none");

  EXPECT_EQ(s_.call("DELETE", "/api/v1/sets/a1", "", alice_).status, 204);
  EXPECT_EQ(s_.call("DELETE", "/api/v1/sets/a1", "", alice_).status, 204);  // A resend.
  r = s_.call("PATCH", "/api/v1/sets/a1", fix.dump(), alice_);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["error"]["field"], "client_id");
  EXPECT_TRUE(s_.call("GET", "/api/v1/history" + period, "", alice_).json()["sets"].empty());
  const Json deleted = s_.call("GET", "/api/v1/me/audit", "", alice_).json()["entries"][0];
  EXPECT_EQ(deleted["action"], "delete");
  EXPECT_EQ(deleted["what"], "DELETE /api/v1/sets/{client_id}");
  // A resent log of the deleted set does not bring it back.
  const Json again = {{"client_id", "a1"},
                      {"exercise", "leg_press_machine"},
                      {"reps", 10},
                      {"load_kg", 40},
                      {"date", "2026-12-07"}};
  EXPECT_EQ(s_.call("POST", "/api/v1/sets", again.dump(), alice_).status, 200);
  EXPECT_TRUE(s_.call("GET", "/api/v1/history" + period, "", alice_).json()["sets"].empty());
  // A client id is percent-encoded in the path.
  const Json spaced = {{"client_id", "a b/c"},
                       {"exercise", "leg_press_machine"},
                       {"reps", 10},
                       {"load_kg", 40},
                       {"date", "2026-12-07"}};
  ASSERT_EQ(s_.call("POST", "/api/v1/sets", spaced.dump(), alice_).status, 201);
  EXPECT_EQ(s_.call("PATCH", "/api/v1/sets/a%20b%2Fc", R"({"reps":9})", alice_).json()["reps"], 9);
  EXPECT_EQ(s_.call("DELETE", "/api/v1/sets/a%2", "", alice_).json()["error"]["field"],
            "client_id");
}

TEST_F(AccessTest, AnAdministratorManagesAccountsButSeesNoClinicalData) {
  Reply r = s_.call("GET", "/api/v1/admin/accounts", "", adam_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["accounts"].size(), 7U);
  EXPECT_EQ(r.body.find("leg_press_machine"), std::string::npos);
  // Promote Bob to clinician: he then gets the clinician's routes and loses the person's.
  r = s_.call("PATCH", with_id("/api/v1/admin/accounts/{id}", bob_id_), R"({"role":"clinician"})",
              adam_);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(s_.call("GET", "/api/v1/patients", "", bob_).status, 200);
  EXPECT_EQ(s_.call("GET", "/api/v1/profile", "", bob_).status, 403);
  r = s_.call("PATCH", with_id("/api/v1/admin/accounts/{id}", bob_id_), R"({"role":"king"})",
              adam_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "role");
  r = s_.call("PATCH", with_id("/api/v1/admin/accounts/{id}", 999999), R"({"role":"person"})",
              adam_);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(
      s_.call("DELETE", with_id("/api/v1/admin/accounts/{id}", s_.id_of(adam_)), "", adam_).status,
      409);
  // Nobody can sign up as an administrator.
  r = s_.call("POST", "/api/v1/accounts",
              R"({"name":"eve","password":"correct horse battery","role":"admin"})");
  EXPECT_EQ(r.status, 422);
  const Reply audit = s_.call("GET", "/api/v1/admin/audit", "", adam_);
  ASSERT_EQ(audit.status, 200);
  EXPECT_FALSE(audit.json()["entries"].empty());
}

TEST_F(AccessTest, DeletingAnAccountRemovesEverythingOfThatPerson) {
  Reply r = s_.call("DELETE", "/api/v1/me", R"({"password":"wrong password!"})", alice_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["field"], "password");
  r = s_.call("DELETE", "/api/v1/me", R"({"password":"correct horse battery"})", alice_);
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", alice_).status, 401);
  EXPECT_TRUE(s_.call("GET", "/api/v1/patients", "", carol_).json()["patients"].empty());
  EXPECT_TRUE(s_.call("GET", with_id("/api/v1/studies/{id}/data", study_id_), "", rita_)
                  .json()["people"]
                  .empty());

  // Nothing of hers is left in any table.
  auto store = storage::open_store(s_.db_path());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->find_account("alice").error().code, ErrorCode::NotFound);
  auto log = (*store)->history(alice_id_, core::Date{}, core::Date{std::chrono::days{3000000}});
  ASSERT_TRUE(log);
  EXPECT_TRUE(log->sets.empty() && log->notes.empty());
  EXPECT_FALSE(*(*store)->latest_profile(alice_id_));
  EXPECT_FALSE(*(*store)->latest_plan(alice_id_));
  EXPECT_TRUE((*store)->audit_log(alice_id_, 1000)->empty());
  // Bob's data is untouched.
  EXPECT_EQ(s_.call("GET", "/api/v1/plan", "", bob_).status, 200);
}

TEST_F(AccessTest, TheExportHoldsTheWholeAccountAndOnlyIt) {
  const Reply r = s_.call("GET", "/api/v1/me/export", "", alice_);
  ASSERT_EQ(r.status, 200);
  const Json e = r.json();
  EXPECT_EQ(e["format"], "msfit-export/1");
  EXPECT_EQ(e["account"]["name"], "alice");
  EXPECT_EQ(e["log"]["sets"].size(), 1U);
  EXPECT_EQ(e["log"]["notes"][0]["text"], "alice-secret-note");
  EXPECT_EQ(e["clinicians"][0]["clinician"]["name"], "carol");
  EXPECT_EQ(e["studies"].size(), 1U);
  EXPECT_FALSE(e["plan"].is_null());
  EXPECT_EQ(r.body.find("\"bob\""), std::string::npos);
}

}  // namespace

// Safety through the API: a red flag holds training until a clearance, which the person
// records with a confirmation or a linked clinician records for them; a bad day is seated.
TEST_F(AccessTest, RedFlagsHoldTrainingUntilAClearanceByThePersonOrTheirClinician) {
  const auto today = [&](const char* day) {
    return s_.call("GET", std::string("/api/v1/sessions/today?date=") + day, "", alice_).json();
  };
  const Json chest = {
      {"client_id", "rf1"}, {"date", "2026-12-09"}, {"fatigue", 2}, {"symptoms", {"chest_pain"}}};
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins", chest.dump(), alice_).status, 201);
  EXPECT_EQ(today("2026-12-09")["status"], "stopped");
  Json later = today("2026-12-11");
  EXPECT_EQ(later["status"], "stopped");
  ASSERT_EQ(later["holds"].size(), 1U);
  EXPECT_EQ(later["holds"][0]["kind"], "medical_clearance");
  EXPECT_EQ(later["holds"][0]["clearance"], "medical");
  EXPECT_TRUE(later["items"].empty());
  // The person must confirm; then the hold ends.
  Json clear = {{"client_id", "cl1"}, {"kind", "medical"}, {"date", "2026-12-10"}};
  Reply r = s_.call("POST", "/api/v1/clearances", clear.dump(), alice_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "confirm");
  clear["confirm"] = true;
  EXPECT_EQ(s_.call("POST", "/api/v1/clearances", clear.dump(), alice_).status, 201);
  EXPECT_EQ(s_.call("POST", "/api/v1/clearances", clear.dump(), alice_).status, 200);  // Retry.
  EXPECT_EQ(today("2026-12-11")["status"], "train");
  // Nothing left to clear: 409 naming the kind.
  clear["client_id"] = "cl2";
  clear["date"] = "2026-12-12";
  r = s_.call("POST", "/api/v1/clearances", clear.dump(), alice_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["error"]["field"], "kind");

  // New neurological symptoms start the relapse pause; Carol records the clearance.
  const Json vision = {
      {"client_id", "rf2"}, {"date", "2026-12-14"}, {"fatigue", 2}, {"symptoms", {"vision_loss"}}};
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins", vision.dump(), alice_).status, 201);
  EXPECT_EQ(today("2026-12-16")["status"], "paused");
  const Json by_carol = {{"client_id", "cc1"}, {"kind", "relapse"}, {"date", "2026-12-15"}};
  EXPECT_EQ(s_.call("POST", "/api/v1/patients/" + std::to_string(alice_id_) + "/clearances",
                    by_carol.dump(), carol_)
                .status,
            201);
  EXPECT_EQ(today("2026-12-16")["status"], "reduced");  // Re-entry.
  const Json changes = s_.call("GET", "/api/v1/plan/adjustments", "", alice_).json();
  ASSERT_FALSE(changes["adjustments"].empty());
  EXPECT_EQ(changes["adjustments"][0]["kind"], "clearance");
  EXPECT_EQ(changes["adjustments"][0]["by"]["name"], "carol");
  // Dave, not linked, cannot.
  EXPECT_EQ(s_.call("POST", "/api/v1/patients/" + std::to_string(alice_id_) + "/clearances",
                    by_carol.dump(), dave_)
                .status,
            404);
  const Json history =
      s_.call("GET", "/api/v1/history?from=2026-12-01&to=2026-12-31", "", alice_).json();
  ASSERT_EQ(history["clearances"].size(), 2U);
  EXPECT_EQ(history["clearances"][1]["by"], "clinician");

  // Heat-related worsening: rest or seated stretching, mobility and breathing only.
  const Json heat = {{"client_id", "h1"},
                     {"date", "2026-12-18"},
                     {"fatigue", 3},
                     {"hot", true},
                     {"symptoms", {"heat_worsening"}}};
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins", heat.dump(), alice_).status, 201);
  const Json bad_day = today("2026-12-18");
  EXPECT_EQ(bad_day["status"], "recovery");
  ASSERT_FALSE(bad_day["items"].empty());
  for (const auto& item : bad_day["items"]) {
    EXPECT_EQ(item["planned"]["position"], "seated") << item.dump();
    EXPECT_EQ(item["planned"]["modality"], "flexibility") << item.dump();
  }
}

TEST_F(AccessTest, OnlyAClinicianWidensWhatTheProfileClears) {
  Json profile = Json::parse(example_profile());
  profile["clinician_clearance"] = {{"standing_balance", true}};
  Reply r = s_.call("PUT", "/api/v1/profile", profile.dump(), alice_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "clinician_clearance.standing_balance");
  const Json clearance = {
      {"kind", "clearance"}, {"standing_balance", true}, {"reason", "assessed in clinic"}};
  r = s_.call("POST", "/api/v1/patients/" + std::to_string(alice_id_) + "/plan/adjustments",
              clearance.dump(), carol_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_NE(r.json()["summary"].get<std::string>().find("standing balance work cleared"),
            std::string::npos);
  EXPECT_EQ(s_.call("GET", "/api/v1/profile", "", alice_)
                .json()["clinician_clearance"]["standing_balance"],
            true);
  // The person's own edit that leaves the field out keeps it.
  Json edit = Json::parse(example_profile());
  edit.erase("clinician_clearance");
  edit["session_minutes"] = 50;
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", edit.dump(), alice_).status, 200);
  EXPECT_EQ(s_.call("GET", "/api/v1/profile", "", alice_)
                .json()["clinician_clearance"]["standing_balance"],
            true);
}

TEST_F(AccessTest, BalanceRatingsAreLoggedOnceAndShownInTheHistory) {
  const Json item = {{"client_id", "i1"},
                     {"date", "2026-12-07"},
                     {"exercise", "feet_together_stance_supported"},
                     {"rating", "easy"}};
  EXPECT_EQ(s_.call("POST", "/api/v1/items", item.dump(), alice_).status, 201);
  EXPECT_EQ(s_.call("POST", "/api/v1/items", item.dump(), alice_).status, 200);
  Json bad = item;
  bad["client_id"] = "i2";
  bad["rating"] = "wobbly";
  Reply r = s_.call("POST", "/api/v1/items", bad.dump(), alice_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "rating");
  const Json history =
      s_.call("GET", "/api/v1/history?from=2026-12-01&to=2026-12-31", "", alice_).json();
  ASSERT_EQ(history["items"].size(), 1U);
  EXPECT_EQ(history["items"][0]["rating"], "easy");
}

// Messages in the reader's language: ?lang= first, then Accept-Language, else English; the
// codes and values stay the same.
TEST_F(AccessTest, TodayAndThePlanSpeakTheLanguageAskedFor) {
  const Json tired = {{"client_id", "lang1"}, {"date", "2026-12-09"}, {"fatigue", 8}};
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins", tired.dump(), alice_).status, 201);
  const auto reason = [&](const std::string& query, const std::map<std::string, std::string>& h) {
    const Reply r = s_.call("GET", "/api/v1/sessions/today?date=2026-12-09" + query, "", alice_, h);
    EXPECT_EQ(r.status, 200) << r.body;
    const Json j = r.json();
    EXPECT_EQ(j["status"], "recovery");
    return j["reasons"][0]["message"].get<std::string>();
  };
  EXPECT_EQ(reason("", {}).rfind("Fatigue 8 of 10", 0), 0U);
  EXPECT_EQ(reason("&lang=sv", {}).rfind("Trötthet 8 av 10", 0), 0U);
  EXPECT_EQ(
      reason("", {{"Accept-Language", "de-DE,pl;q=0.8,en;q=0.5"}}).rfind("Zmęczenie 8 na 10", 0),
      0U);
  EXPECT_EQ(reason("&lang=en", {{"Accept-Language", "sv"}}).rfind("Fatigue", 0), 0U);
  const Reply bad = s_.call("GET", "/api/v1/sessions/today?lang=de", "", alice_);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.json()["error"]["field"], "lang");
  // The plan: phase names and warnings in Swedish, codes unchanged.
  const Json en = s_.call("GET", "/api/v1/plan", "", alice_).json();
  const Json sv = s_.call("GET", "/api/v1/plan?lang=sv", "", alice_).json();
  ASSERT_FALSE(en["phases"].empty());
  EXPECT_NE(en["phases"][0]["name"], sv["phases"][0]["name"]);
  EXPECT_EQ(en["phases"][0]["kind"], sv["phases"][0]["kind"]);
  ASSERT_EQ(en["warnings"].size(), sv["warnings"].size());
  EXPECT_EQ(en["warnings"][0]["code"], sv["warnings"][0]["code"]);
  EXPECT_NE(en["warnings"][0]["message"], sv["warnings"][0]["message"]);
  EXPECT_EQ(en["sessions"].size(), sv["sessions"].size());
  EXPECT_EQ(s_.call("GET", "/api/v1/plan?lang=xx", "", alice_).status, 422);
}

}  // namespace msfit::http

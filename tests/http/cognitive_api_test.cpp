// Cognitive training through the HTTP API, end to end: blocks scored by the server from the
// answers and stored once, what a block may hold (each refusal naming its field), tiredness
// ratings, the view of a period with its note in the reader's language, today's cognitive
// session, a clinician's access, the export, and bodies too large to take.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "msfit/http/api.hpp"
#include "msfit/http/server.hpp"

#include "api_server.hpp"

namespace msfit::http {
namespace {

using Json = nlohmann::json;
using msfit::testing::ApiServer;
using msfit::testing::Reply;

using msfit::testing::example_profile;

// `right` right answers timed at `ms`, then `wrong` wrong ones.
Json answers(int right, int wrong = 0, int ms = 1000) {
  Json list = Json::array();
  for (int i = 0; i < right; ++i) {
    list.push_back({{"right", true}, {"ms", ms}});
  }
  for (int i = 0; i < wrong; ++i) {
    list.push_back({{"right", false}, {"ms", ms}});
  }
  return list;
}

Json block(const std::string& id, const std::string& task, int start_level, Json list,
           const std::string& date = "2026-12-08") {
  return {{"client_id", id},
          {"date", date},
          {"task", task},
          {"minutes", 5},
          {"start_level", start_level},
          {"answers", std::move(list)}};
}

// A person with the example profile's plan (Mon/Wed/Fri from Monday 2026-12-07, 24 weeks).
class CognitiveApi : public ::testing::Test {
 protected:
  void SetUp() override {
    me_ = s_.sign_up("alice");
    ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), me_).status, 200);
    const Reply made = s_.call("POST", "/api/v1/plan", "", me_);
    ASSERT_EQ(made.status, 201) << made.body;
    const Reply plan = s_.call("GET", "/api/v1/plan", "", me_);
    ASSERT_EQ(plan.status, 200);
    sessions_ = plan.json()["cognitive"];
    ASSERT_TRUE(sessions_.is_array());
    ASSERT_GE(sessions_.size(), 3U);
  }

  Reply post_block(const Json& body, const std::string& token = "") {
    return s_.call("POST", "/api/v1/cognitive/blocks", body.dump(), token.empty() ? me_ : token);
  }

  Json cognitive(const std::string& query, const std::map<std::string, std::string>& headers = {}) {
    const Reply r = s_.call("GET", "/api/v1/cognitive" + query, "", me_, headers);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  Json today(const std::string& date) {
    const Reply r = s_.call("GET", "/api/v1/sessions/today?date=" + date, "", me_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  bool planned_on(const std::string& date) const {
    for (const auto& s : sessions_) {
      if (s["date"] == date) {
        return true;
      }
    }
    return false;
  }

  static std::string next_day(const std::string& date) {
    const auto d = core::parse_iso_date(date);
    return d ? core::format_iso_date(*d + std::chrono::days{1}) : "";
  }

  ApiServer s_;
  std::string me_;
  Json sessions_;
};

TEST_F(CognitiveApi, ABlockIsScoredFromItsAnswersAndStoredOnce) {
  // Span from level 2: three right (up to 3), one wrong (back to 2).
  Json list = answers(0);
  for (const int ms : {900, 1100, 1000}) {
    list.push_back({{"right", true}, {"ms", ms}});
  }
  list.push_back({{"right", false}, {"ms", 2500}});
  const Json body = block("b1", "span", 2, list);
  Reply r = post_block(body);
  ASSERT_EQ(r.status, 201) << r.body;
  Json out = r.json();
  EXPECT_EQ(out["client_id"], "b1");
  EXPECT_EQ(out["stored"], true);
  const Json& score = out["score"];
  EXPECT_EQ(score["answers"], 4);
  EXPECT_EQ(score["right"], 3);
  EXPECT_DOUBLE_EQ(score["accuracy"].get<double>(), 0.75);
  EXPECT_EQ(score["median_right_ms"], 1000);  // Of the right answers only.
  EXPECT_EQ(score["start_level"], 2);
  EXPECT_EQ(score["end_level"], 2);
  EXPECT_EQ(score["highest_level"], 3);
  EXPECT_EQ(score["reversals"], 1);
  EXPECT_EQ(score["next_start"], 1);

  // A resend: not stored again; the score of its answers.
  r = post_block(body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stored"], false);
  EXPECT_EQ(r.json()["score"], score);

  const Json view = cognitive("?from=2026-12-01&to=2026-12-31");
  ASSERT_EQ(view["blocks"].size(), 1U);
  const Json& b = view["blocks"][0];
  EXPECT_EQ(b["client_id"], "b1");
  EXPECT_EQ(b["date"], "2026-12-08");
  EXPECT_EQ(b["task"], "span");
  EXPECT_EQ(b["untimed"], false);
  EXPECT_EQ(b["minutes"], 5);
  EXPECT_EQ(b["start_level"], 2);
  EXPECT_EQ(b["end_level"], 2);
  EXPECT_EQ(b["highest_level"], 3);
  EXPECT_EQ(b["answers"], 4);
  EXPECT_EQ(b["right"], 3);
  EXPECT_EQ(b["median_right_ms"], 1000);
  EXPECT_EQ(b["reversals"], 1);

  // Without time pressure: no times, no median.
  Json untimed =
      block("b2", "route", 1, Json::array({Json{{"right", true}}, Json{{"right", false}}}));
  untimed["untimed"] = true;
  r = post_block(untimed);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["score"]["median_right_ms"].is_null());
  EXPECT_EQ(r.json()["score"]["end_level"], 1);  // Never below the first level.
  EXPECT_EQ(r.json()["score"]["next_start"], 1);

  // Levels a client sends are not taken: the answers decide.
  Json claims = block("b3", "speed", 10, answers(3));
  claims["end_level"] = 20;
  claims["highest_level"] = 20;
  r = post_block(claims);
  if (r.status == 422) {
    EXPECT_NE(r.json()["error"]["field"].get<std::string>().find("level"), std::string::npos);
  } else {
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json()["score"]["end_level"], 11);
    EXPECT_EQ(r.json()["score"]["highest_level"], 11);
    EXPECT_EQ(r.json()["score"]["next_start"], 10);
  }

  // The most answers a block may hold, each at the longest time.
  r = post_block(block("b4", "search", 1, answers(200, 200, 120000)));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["score"]["answers"], 400);
  // Without a date: today (UTC).
  Json undated = block("b5", "story", 6, answers(1));
  undated.erase("date");
  ASSERT_EQ(post_block(undated).status, 201);
  EXPECT_EQ(cognitive("?from=2027-03-01&to=2027-03-01")["blocks"].size(), 1U);
}

TEST_F(CognitiveApi, ABadBlockNamesTheFieldAndStoresNothing) {
  const auto with = [](Json body, const std::string& key, Json value) {
    body[key] = std::move(value);
    return body;
  };
  const Json good = block("x", "span", 2, answers(3, 1));
  Json no_task = good;
  no_task.erase("task");
  Json no_answers = good;
  no_answers.erase("answers");
  Json no_id = good;
  no_id.erase("client_id");
  Json untimed_ms = with(good, "answers", Json::array({{{"right", true}, {"ms", 500}}}));
  untimed_ms["untimed"] = true;
  const struct {
    Json body;
    const char* field;
  } cases[] = {
      {with(good, "task", "chess"), "task"},
      {with(good, "task", 3), "task"},
      {no_task, "task"},
      {with(good, "start_level", 0), "start_level"},
      {with(good, "start_level", 10), "start_level"},  // Span has levels 1-9.
      {with(with(good, "task", "story"), "start_level", 7), "start_level"},
      {with(good, "start_level", "two"), "start_level"},
      {with(good, "minutes", 0), "minutes"},
      {with(good, "minutes", 61), "minutes"},
      {with(good, "answers", Json::array()), "answers"},
      {with(good, "answers", answers(401)), "answers"},
      {with(good, "answers", Json::object()), "answers"},
      {no_answers, "answers"},
      {with(good, "answers", Json::array({true})), "answers[0]"},
      {with(good, "answers", Json::array({{{"ms", 100}}})), "answers[0].right"},
      {with(good, "answers", Json::array({{{"right", "yes"}}})), "answers[0].right"},
      {with(good, "answers", Json::array({{{"right", true}, {"x", 1}}})), "answers[0].x"},
      {untimed_ms, "answers[0].ms"},
      {with(good, "answers", Json::array({{{"right", true}, {"ms", 0}}})), "answers[0].ms"},
      {with(good, "answers", Json::array({{{"right", true}}, {{"right", true}, {"ms", 120001}}})),
       "answers[1].ms"},
      {with(good, "answers", Json::array({{{"right", true}, {"ms", "fast"}}})), "answers[0].ms"},
      {with(good, "date", "2027-03-05"), "date"},  // In the future.
      {with(good, "date", "yesterday"), "date"},
      {no_id, "client_id"},
  };
  for (const auto& c : cases) {
    const Reply r = post_block(c.body);
    EXPECT_EQ(r.status, 422) << c.body.dump() << "\n" << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.body.dump() << "\n" << r.body;
  }
  // Levels 10 and up are levels of speed and search.
  EXPECT_EQ(post_block(with(with(good, "task", "speed"), "start_level", 10)).status, 201);
  const Json view = cognitive("?from=2026-01-01&to=2027-03-01");
  ASSERT_EQ(view["blocks"].size(), 1U);
  EXPECT_EQ(view["blocks"][0]["task"], "speed");
}

TEST_F(CognitiveApi, RatingsAreCheckedAndStoredOnce) {
  const std::string path = "/api/v1/cognitive/ratings";
  const std::string rating = R"({"client_id":"r1","rating":8,"date":"2026-12-08"})";
  Reply r = s_.call("POST", path, rating, me_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["client_id"], "r1");
  EXPECT_EQ(r.json()["stored"], true);
  r = s_.call("POST", path, rating, me_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["stored"], false);
  EXPECT_EQ(s_.call("POST", path, R"({"client_id":"r2","rating":0})", me_).status, 201);
  EXPECT_EQ(s_.call("POST", path, R"({"client_id":"r3","rating":10,"date":null})", me_).status,
            201);
  const struct {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"client_id":"x1","rating":11})", "rating"},
      {R"({"client_id":"x2","rating":-1})", "rating"},
      {R"({"client_id":"x3","rating":"high"})", "rating"},
      {R"({"client_id":"x4","rating":7.5})", "rating"},
      {R"({"client_id":"x5"})", "rating"},
      {R"({"client_id":"x6","rating":3,"date":"2027-03-03"})", "date"},
      {R"({"rating":3})", "client_id"},
  };
  for (const auto& c : cases) {
    r = s_.call("POST", path, c.body, me_);
    EXPECT_EQ(r.status, 422) << c.body << "\n" << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.body << "\n" << r.body;
  }
  const Json view = cognitive("?from=2026-12-01&to=2027-03-01");
  ASSERT_EQ(view["ratings"].size(), 3U);
  EXPECT_EQ(view["ratings"][0], Json({{"date", "2026-12-08"}, {"rating", 8}}));
  EXPECT_EQ(view["ratings"][1]["date"], "2027-03-01");
}

TEST_F(CognitiveApi, TheViewHasBlocksRatingsWeeksAndANoteInTheReadersLanguage) {
  ASSERT_EQ(post_block(block("b1", "speed", 1, answers(3), "2026-12-08")).status, 201);
  Json longer = block("b2", "search", 1, answers(3), "2026-12-10");
  longer["minutes"] = 12;
  ASSERT_EQ(post_block(longer).status, 201);
  ASSERT_EQ(post_block(block("b3", "span", 1, answers(3), "2026-12-15")).status, 201);
  ASSERT_EQ(s_.call("POST", "/api/v1/cognitive/ratings",
                    R"({"client_id":"r1","rating":4,"date":"2026-12-08"})", me_)
                .status,
            201);

  const Json en = cognitive("?from=2026-12-07&to=2026-12-20");
  EXPECT_EQ(en["from"], "2026-12-07");
  EXPECT_EQ(en["to"], "2026-12-20");
  EXPECT_EQ(en["blocks"].size(), 3U);
  EXPECT_EQ(en["ratings"].size(), 1U);
  ASSERT_EQ(en["weeks"].size(), 2U);
  EXPECT_EQ(en["weeks"][0], Json({{"week", 1},
                                  {"start", "2026-12-07"},
                                  {"planned_sessions", 3},
                                  {"planned_minutes", 45},
                                  {"done_minutes", 17}}));
  EXPECT_EQ(en["weeks"][1]["week"], 2);
  EXPECT_EQ(en["weeks"][1]["start"], "2026-12-14");
  EXPECT_EQ(en["weeks"][1]["done_minutes"], 5);
  EXPECT_EQ(en["rule"], "cognitive.training_scores");
  const std::string english = en.value("note", "");
  EXPECT_NE(english.find("SDMT"), std::string::npos) << english;

  const Json sv = cognitive("?from=2026-12-07&to=2026-12-20&lang=sv");
  const std::string swedish = sv.value("note", "");
  EXPECT_FALSE(swedish.empty());
  EXPECT_NE(swedish, english);
  EXPECT_NE(swedish.find("träning"), std::string::npos) << swedish;
  EXPECT_EQ(sv["rule"], "cognitive.training_scores");
  EXPECT_EQ(sv["blocks"], en["blocks"]);
  const Json pl = cognitive("?from=2026-12-07&to=2026-12-20", {{"Accept-Language", "pl"}});
  const std::string polish = pl.value("note", "");
  EXPECT_FALSE(polish.empty());
  EXPECT_NE(polish, english);
  EXPECT_NE(polish, swedish);
  EXPECT_EQ(cognitive("?from=2026-12-07&to=2026-12-20&lang=en", {{"Accept-Language", "sv"}})
                .value("note", ""),
            english);

  // Without dates: from the plan's start to today.
  const Json all = cognitive("");
  EXPECT_EQ(all["from"], "2026-12-07");
  EXPECT_EQ(all["to"], "2027-03-01");
  EXPECT_EQ(all["blocks"].size(), 3U);

  Reply r = s_.call("GET", "/api/v1/cognitive?lang=xx", "", me_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "lang");
  r = s_.call("GET", "/api/v1/cognitive?from=2026-12-20&to=2026-12-07", "", me_);
  EXPECT_EQ(r.status, 422) << r.body;
  r = s_.call("GET", "/api/v1/cognitive?from=soon", "", me_);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "from");
}

TEST_F(CognitiveApi, TodayHasTheCognitiveSessionAdaptedToTiredness) {
  const Json& first = sessions_[0];
  const std::string day = first["date"];
  Json t = today(day)["cognitive"];
  ASSERT_TRUE(t.is_object()) << t.dump();
  EXPECT_EQ(t["status"], "planned");
  EXPECT_EQ(t["date"], day);
  EXPECT_EQ(t["minutes"], first["minutes"]);
  ASSERT_EQ(t["tasks"].size(), first["tasks"].size());
  int minutes = 0;
  for (std::size_t i = 0; i < t["tasks"].size(); ++i) {
    EXPECT_EQ(t["tasks"][i]["task"], first["tasks"][i]);
    EXPECT_EQ(t["tasks"][i]["start_level"], 1);
    minutes += t["tasks"][i]["minutes"].get<int>();
  }
  EXPECT_EQ(minutes, first["minutes"].get<int>());
  EXPECT_TRUE(t["reasons"].empty());
  EXPECT_EQ(t["next"], sessions_[1]["date"]);

  // A day with no session in a plan where cognitive training is: rest, with the next date.
  const Json rest = today("2026-12-07")["cognitive"];
  if (!planned_on("2026-12-07")) {
    EXPECT_EQ(rest["status"], "rest");
    EXPECT_TRUE(rest["tasks"].empty());
    EXPECT_FALSE(rest["next"].is_null());
  }

  // Too tired today: moved to tomorrow, where it is yesterday's session.
  std::string moved_day;
  Json moved_session;
  for (const auto& s : sessions_) {
    if (!planned_on(next_day(s["date"]))) {
      moved_day = s["date"];
      moved_session = s;
      break;
    }
  }
  ASSERT_FALSE(moved_day.empty());
  const Json check_in = {{"client_id", "k1"}, {"fatigue", 8}, {"date", moved_day}};
  ASSERT_EQ(s_.call("POST", "/api/v1/checkins", check_in.dump(), me_).status, 201);
  t = today(moved_day)["cognitive"];
  EXPECT_EQ(t["status"], "moved");
  EXPECT_TRUE(t["tasks"].empty());
  ASSERT_FALSE(t["reasons"].empty());
  EXPECT_EQ(t["reasons"][0]["rule"], "cognitive.fatigue");
  EXPECT_FALSE(t["reasons"][0].value("message", "").empty());
  t = today(next_day(moved_day))["cognitive"];
  EXPECT_EQ(t["status"], "moved_in");
  ASSERT_EQ(t["tasks"].size(), moved_session["tasks"].size());
  for (std::size_t i = 0; i < t["tasks"].size(); ++i) {
    EXPECT_EQ(t["tasks"][i]["task"], moved_session["tasks"][i]);
  }

  // A block of level 5 before the next session: that task starts at 4.
  const Json& later = sessions_[2];
  const std::string task = later["tasks"][0];
  const std::string before = core::format_iso_date(
      *core::parse_iso_date(later["date"].get<std::string>()) - std::chrono::days{1});
  const Reply r = post_block(block("b1", task, 2, answers(9), before));
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.json()["score"]["end_level"], 5);
  ASSERT_EQ(r.json()["score"]["next_start"], 4);
  t = today(later["date"])["cognitive"];
  EXPECT_EQ(t["tasks"][0]["task"], task);
  EXPECT_EQ(t["tasks"][0]["start_level"], 4);
}

TEST_F(CognitiveApi, ALinkedClinicianReadsItAndCannotRecordAsAPerson) {
  const std::string carol = s_.sign_up("carol", "clinician");
  const std::string dave = s_.sign_up("dave", "clinician");
  const std::int64_t alice_id = s_.id_of(me_);
  ASSERT_EQ(post_block(block("b1", "speed", 3, answers(4, 1))).status, 201);
  const std::string path = "/api/v1/patients/" + std::to_string(alice_id) + "/cognitive";
  const std::string period = "?from=2026-12-01&to=2026-12-31";

  // Before the person lets her in, and for a clinician never let in: 404, as for no one.
  EXPECT_EQ(s_.call("GET", path + period, "", carol).status, 404);
  const Reply invite = s_.call("POST", "/api/v1/invites", "", me_);
  ASSERT_EQ(invite.status, 201) << invite.body;
  ASSERT_EQ(s_.call("POST", "/api/v1/patients", Json{{"code", invite.json()["code"]}}.dump(), carol)
                .status,
            201);
  const Reply seen = s_.call("GET", path + period + "&lang=sv", "", carol);
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(seen.json()["blocks"].size(), 1U);
  EXPECT_EQ(seen.json()["blocks"][0]["client_id"], "b1");
  EXPECT_EQ(seen.json()["blocks"][0]["end_level"], 3);  // 3, 4, then a wrong answer.
  EXPECT_EQ(seen.json()["blocks"][0]["highest_level"], 4);
  EXPECT_EQ(seen.json()["weeks"].size(), 4U);  // The weeks from 7, 14, 21 and 28 December.
  EXPECT_EQ(seen.json()["rule"], "cognitive.training_scores");
  EXPECT_FALSE(seen.json().value("note", "").empty());
  const Reply dave_sees = s_.call("GET", path + period, "", dave);
  EXPECT_EQ(dave_sees.status, 404);
  EXPECT_EQ(dave_sees.body.find("b1"), std::string::npos);
  EXPECT_EQ(s_.call("GET", "/api/v1/patients/999999/cognitive", "", carol).status, 404);

  // A clinician has no training of her own to record or read.
  Reply r = post_block(block("c1", "speed", 1, answers(3)), carol);
  EXPECT_EQ(r.status, 403) << r.body;
  r = s_.call("POST", "/api/v1/cognitive/ratings", R"({"client_id":"c2","rating":3})", carol);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(s_.call("GET", "/api/v1/cognitive", "", carol).status, 403);
  // Nobody signed in: 401.
  EXPECT_EQ(s_.call("GET", "/api/v1/cognitive").status, 401);
  EXPECT_EQ(
      s_.call("POST", "/api/v1/cognitive/blocks", block("n", "speed", 1, answers(1)).dump()).status,
      401);
  // A person cannot read another person's training through the clinician route.
  const std::string bob = s_.sign_up("bob");
  EXPECT_EQ(s_.call("GET", path, "", bob).status, 403);
  // What the clinician read is in the person's audit trail.
  const Reply audit = s_.call("GET", "/api/v1/me/audit", "", me_);
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find("/cognitive"), std::string::npos) << audit.body.substr(0, 500);
}

TEST_F(CognitiveApi, TheHistoryHoldsThePeriodsBlocksAndRatings) {
  ASSERT_EQ(post_block(block("b1", "span", 2, answers(3, 1), "2026-12-08")).status, 201);
  ASSERT_EQ(post_block(block("b2", "story", 1, answers(2), "2020-01-01")).status, 201);
  ASSERT_EQ(s_.call("POST", "/api/v1/cognitive/ratings",
                    R"({"client_id":"r1","rating":3,"date":"2026-12-08"})", me_)
                .status,
            201);
  const Reply r = s_.call("GET", "/api/v1/history?from=2026-12-01&to=2026-12-08", "", me_);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json c = r.json()["cognitive"];
  ASSERT_EQ(c["blocks"].size(), 1U);  // Only the period's.
  EXPECT_EQ(c["blocks"][0]["client_id"], "b1");
  EXPECT_EQ(c["blocks"][0]["task"], "span");
  ASSERT_EQ(c["ratings"].size(), 1U);
  EXPECT_EQ(c["ratings"][0]["rating"], 3);
}

TEST_F(CognitiveApi, TheExportHoldsTheBlocksAndRatings) {
  ASSERT_EQ(post_block(block("b1", "route", 2, answers(3, 1), "2026-12-08")).status, 201);
  ASSERT_EQ(post_block(block("b2", "story", 1, answers(2), "2020-01-01")).status, 201);
  ASSERT_EQ(s_.call("POST", "/api/v1/cognitive/ratings",
                    R"({"client_id":"r1","rating":6,"date":"2026-12-08"})", me_)
                .status,
            201);
  const Reply r = s_.call("GET", "/api/v1/me/export", "", me_);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json c = r.json()["cognitive"];
  ASSERT_TRUE(c.is_object()) << r.body.substr(0, 300);
  ASSERT_EQ(c["blocks"].size(), 2U);
  EXPECT_EQ(c["blocks"][0]["client_id"], "b2");  // Oldest first, whatever the dates.
  EXPECT_EQ(c["blocks"][1]["client_id"], "b1");
  EXPECT_EQ(c["blocks"][1]["task"], "route");
  EXPECT_EQ(c["blocks"][1]["end_level"], 2);
  EXPECT_EQ(c["blocks"][1]["highest_level"], 3);
  ASSERT_EQ(c["ratings"].size(), 1U);
  EXPECT_EQ(c["ratings"][0], Json({{"date", "2026-12-08"}, {"rating", 6}}));
}

// A body of a megabyte of answers: refused as too large or as too many answers, never a
// failure of the server.
TEST(CognitiveApiLimits, AMegabyteOfAnswersIsRefusedCleanly) {
  // The server's own body limit (1 MiB), not the tests' smaller one.
  ApiServer s([](ServerOptions& o) { o.body_limit = ServerOptions{}.body_limit; });
  const std::string me = s.sign_up("alice");
  Json body = block("big", "speed", 1, answers(40000));
  std::string text = body.dump();
  ASSERT_GT(text.size(), 900U * 1024U);
  ASSERT_LT(text.size(), ServerOptions{}.body_limit);
  Reply r = s.call("POST", "/api/v1/cognitive/blocks", text, me);
  EXPECT_EQ(r.status, 422) << r.body.substr(0, 300);
  EXPECT_EQ(r.json()["error"]["field"], "answers");

  // Over the limit.
  body["answers"] = answers(50000);
  text = body.dump();
  ASSERT_GT(text.size(), ServerOptions{}.body_limit);
  r = s.call("POST", "/api/v1/cognitive/blocks", text, me);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 300);

  // A megabyte of nesting in an answer.
  text = R"({"client_id":"deep","task":"speed","minutes":5,"start_level":1,"answers":[)" +
         std::string(500000, '[') + std::string(500000, ']') + "]}";
  r = s.call("POST", "/api/v1/cognitive/blocks", text, me);
  EXPECT_TRUE(r.status == 400 || r.status == 413 || r.status == 422) << r.status << r.body;

  // A megabyte of text in an answer's key.
  Json odd =
      block("odd", "speed", 1, Json::array({{{"right", true}, {std::string(1000000, 'x'), 1}}}));
  r = s.call("POST", "/api/v1/cognitive/blocks", odd.dump(), me);
  EXPECT_EQ(r.status, 422) << r.body.substr(0, 300);
  // The answer names the answer, not the megabyte key.
  EXPECT_EQ(r.json()["error"]["field"], "answers[0]");
  EXPECT_LT(r.body.size(), 1000U);

  // The server goes on answering, and nothing was stored.
  r = s.call("GET", "/api/v1/cognitive?from=2026-01-01&to=2027-03-01", "", me);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json()["blocks"].empty());

  // The tests' server, with its smaller limit: 413.
  ApiServer small;
  const std::string other = small.sign_up("bob");
  r = small.call("POST", "/api/v1/cognitive/blocks",
                 block("big", "speed", 1, answers(40000)).dump(), other);
  EXPECT_EQ(r.status, 413);
}

}  // namespace
}  // namespace msfit::http

// Two `msfit serve` processes on one PostgreSQL database (tests/support/pg_cluster.hpp), as
// behind a load balancer: an account made through one signs in through the other, a session of
// one is valid at the other, a set logged through one is in the history read through the
// other, and one set sent 20 times at once with the same client_id, spread over both, is
// stored exactly once (one 201, the others 200 with stored: false).
//
// Skipped without PostgreSQL, unless MSFIT_REQUIRE_POSTGRES=1 (then it fails).

#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "pg_cluster.hpp"
#include "pg_support.hpp"
#include "reliability_support.hpp"
#include "temp_dir.hpp"

namespace msfit::reliability {
namespace {

using testing::PgCluster;

std::string history_target() {
  return fmt::format("/api/v1/history?from={}&to={}", kPgSetDate, kPgSetDate);
}

// The client_id of every set in a history answer.
std::vector<std::string> set_ids(const Reply& history) {
  std::vector<std::string> ids;
  const Json h = history.json();
  if (h.is_object() && h.contains("sets") && h["sets"].is_array()) {
    for (const auto& s : h["sets"]) {
      ids.push_back(s.value("client_id", ""));
    }
  }
  return ids;
}

class PgInstances : public ::testing::Test {
 protected:
  void SetUp() override {
    MSFIT_SKIP_WITHOUT_POSTGRES();
    // fsync=off for speed: nothing here crashes the database server.
    pg_.emplace(PgCluster::Options::no_fsync());
    pg_->create_database("msfit");
    ASSERT_FALSE(dir_.path().empty());
    // One after the other: the first makes the schema.
    a_ = start("a");
    ASSERT_NE(port_a_, 0) << "server a did not start: " << a_->err() << "\n" << pg_->log();
    b_ = start("b");
    ASSERT_NE(port_b_, 0) << "server b did not start: " << b_->err() << "\n" << pg_->log();
    ASSERT_NE(user_tables(*pg_), "0")
        << "msfit serve --db " << pg_->url() << " made no tables in PostgreSQL" << errors();
  }

  void TearDown() override {
    // Each ends cleanly on SIGTERM, with the database still there.
    for (auto* p : {a_.get(), b_.get()}) {
      if (p != nullptr) {
        p->signal(SIGTERM);
        EXPECT_EQ(p->wait(), 0) << p->err();
      }
    }
  }

  std::unique_ptr<Process> start(const std::string& tag) {
    auto p = std::make_unique<Process>(
        std::vector<std::string>{"--db", pg_->url(), "serve", "--port", "0", "--access-log", "off",
                                 "--threads", "2", "--clock-start", kPgClockStart},
        dir_.path(), ProcessOptions{}, tag);
    (tag == "a" ? port_a_ : port_b_) = p->wait_for_port();
    return p;
  }

  // What the servers wrote to stderr, for failure messages.
  std::string errors() const {
    return "\n--- a ---\n" + (a_ ? a_->err() : "") + "\n--- b ---\n" + (b_ ? b_->err() : "");
  }

  std::optional<PgCluster> pg_;  // Declared first: stopped after the servers.
  testing::TempDir dir_{"msfit-pg-instances"};
  std::unique_ptr<Process> a_;
  std::unique_ptr<Process> b_;
  unsigned short port_a_ = 0;
  unsigned short port_b_ = 0;
};

TEST_F(PgInstances, AnAccountMadeThroughOneServerSignsInThroughTheOther) {
  const Json cred = {{"name", "shared"}, {"password", "correct horse battery"}};
  const Reply made = call(port_a_, "POST", "/api/v1/accounts", cred.dump());
  ASSERT_EQ(made.status, 201) << made.body << errors();

  const std::string token_b = sign_in(port_b_, "shared", /*create=*/false);
  ASSERT_FALSE(token_b.empty()) << errors();
  const Reply me_b = call(port_b_, "GET", "/api/v1/me", "", token_b);
  EXPECT_EQ(me_b.status, 200) << me_b.body;
  EXPECT_EQ(me_b.json().value("name", ""), "shared") << me_b.body;

  // A session made at one server is valid at the other.
  const Reply me_a = call(port_a_, "GET", "/api/v1/me", "", token_b);
  EXPECT_EQ(me_a.status, 200) << me_a.body << errors();

  // The name is taken, whichever server is asked.
  const Reply again = call(port_b_, "POST", "/api/v1/accounts", cred.dump());
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_F(PgInstances, ASetLoggedThroughOneServerIsInTheHistoryReadThroughTheOther) {
  const std::string token_a = sign_in(port_a_, "logger", /*create=*/true);
  ASSERT_FALSE(token_a.empty()) << errors();
  const std::string token_b = sign_in(port_b_, "logger", /*create=*/false);
  ASSERT_FALSE(token_b.empty()) << errors();

  const Reply logged = call(port_a_, "POST", "/api/v1/sets", pg_set_body("via-a"), token_a);
  ASSERT_EQ(logged.status, 201) << logged.body << errors();

  const Reply history = call(port_b_, "GET", history_target(), "", token_b);
  ASSERT_EQ(history.status, 200) << history.body << errors();
  EXPECT_EQ(set_ids(history), std::vector<std::string>{"via-a"}) << history.body;

  // And the other way round.
  const Reply back = call(port_b_, "POST", "/api/v1/sets", pg_set_body("via-b"), token_b);
  ASSERT_EQ(back.status, 201) << back.body << errors();
  const Reply both = call(port_a_, "GET", history_target(), "", token_a);
  ASSERT_EQ(both.status, 200) << both.body << errors();
  auto ids = set_ids(both);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"via-a", "via-b"})) << both.body;
}

TEST_F(PgInstances, OneSetSentTwentyTimesAtOnceOverBothServersIsStoredOnce) {
  const std::string token = sign_in(port_a_, "racer", /*create=*/true);
  ASSERT_FALSE(token.empty()) << errors();
  ASSERT_FALSE(sign_in(port_b_, "racer", /*create=*/false).empty()) << errors();

  constexpr int kSenders = 20;
  std::vector<Reply> replies(kSenders);
  std::latch connected(kSenders);
  std::vector<std::thread> senders;
  for (int i = 0; i < kSenders; ++i) {
    senders.emplace_back([&, i] {
      Client client(i % 2 == 0 ? port_a_ : port_b_, std::chrono::seconds{30});
      // Connected first (the health check), so that the sets go out as close together as can
      // be.
      const Reply health = client.request("GET", "/api/v1/health");
      connected.arrive_and_wait();
      replies[static_cast<std::size_t>(i)] =
          health.status == 200 ? client.request("POST", "/api/v1/sets", pg_set_body("once"), token)
                               : health;
    });
  }
  for (auto& t : senders) {
    t.join();
  }

  int stored = 0;
  for (int i = 0; i < kSenders; ++i) {
    const Reply& r = replies[static_cast<std::size_t>(i)];
    SCOPED_TRACE(fmt::format("sender {} (server {})", i, i % 2 == 0 ? "a" : "b"));
    EXPECT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
    if (r.status == 201) {
      ++stored;
    } else if (r.status == 200) {
      EXPECT_EQ(r.json().value("stored", true), false) << r.body;
    }
  }
  EXPECT_EQ(stored, 1) << "answers of 201 (stored) to one client_id" << errors();

  for (const unsigned short port : {port_a_, port_b_}) {
    const Reply history = call(port, "GET", history_target(), "", token);
    ASSERT_EQ(history.status, 200) << history.body << errors();
    EXPECT_EQ(set_ids(history), std::vector<std::string>{"once"}) << history.body;
  }
}

TEST_F(PgInstances, WrongPasswordsSpreadOverBothServersAreThrottledTogether) {
  ASSERT_FALSE(sign_in(port_a_, "target", /*create=*/true).empty()) << errors();
  const std::string wrong = Json{{"name", "target"}, {"password", "not the password"}}.dump();
  // Five free failures in all: three through a, two through b.
  for (int i = 0; i < 5; ++i) {
    const Reply r = call(i % 2 == 0 ? port_a_ : port_b_, "POST", "/api/v1/auth/sessions", wrong);
    ASSERT_EQ(r.status, 401) << i << ": " << r.body << errors();
  }
  // Server b has seen only two of them itself; the counts in the database hold it back.
  const Reply held = call(port_b_, "POST", "/api/v1/auth/sessions", wrong);
  EXPECT_EQ(held.status, 429) << held.body << errors();
  EXPECT_EQ(pg_->psql("select failures from sign_in_throttles where key = 'name:target'", "msfit"),
            "5");
}

TEST_F(PgInstances, SigningOutThroughOneServerEndsTheSessionAtTheOther) {
  const std::string token = sign_in(port_a_, "leaver", /*create=*/true);
  ASSERT_FALSE(token.empty()) << errors();
  ASSERT_EQ(call(port_b_, "GET", "/api/v1/me", "", token).status, 200) << errors();
  const Reply out = call(port_a_, "DELETE", "/api/v1/auth/sessions", "", token);
  ASSERT_LT(out.status, 300) << out.body << errors();
  EXPECT_EQ(call(port_b_, "GET", "/api/v1/me", "", token).status, 401) << errors();
}

}  // namespace
}  // namespace msfit::reliability

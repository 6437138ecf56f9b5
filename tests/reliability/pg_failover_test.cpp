// Failover of the PostgreSQL primary under load (tests/support/pg_cluster.hpp): `msfit serve`
// on a libpq multi-host URL (the primary, then its synchronous standby, target_session_attrs=
// read-write) logs sets from a client, one new client_id each, while the primary is killed with
// SIGKILL and the standby promoted. Meanwhile every answer is a 2xx or a 503 with Retry-After
// (never a 500, never a dropped connection or a hang); within 30 s of the promotion sets are
// stored again; at the end every acknowledged set is in the history exactly once, and the sets
// refused with 503, sent again, are stored once too.
//
// Skipped without PostgreSQL, unless MSFIT_REQUIRE_POSTGRES=1 (then it fails).

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <thread>

#include <fmt/format.h>

#include "pg_cluster.hpp"
#include "pg_support.hpp"
#include "reliability_support.hpp"
#include "temp_dir.hpp"

namespace msfit::reliability {
namespace {

using testing::PgCluster;

bool positive_integer(const std::string& text) {
  return !text.empty() && text.size() < 6 &&
         std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c >= '0' && c <= '9'; }) &&
         std::stoi(text) >= 1;
}

// What the client saw.
struct Outcome {
  std::mutex mutex;
  std::vector<std::string> acknowledged;  // 2xx.
  std::vector<std::string> refused;       // 503 with Retry-After: not stored, or maybe stored.
  std::vector<std::string> wrong;         // Anything else: the test fails.
  std::map<int, int> statuses;
  std::optional<Clock::time_point> last_acknowledged;
};

TEST(PgFailover, AcknowledgedSetsSurviveTheLossOfThePrimary) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  // fsync stays on (the default) on both servers: this test is about what is durable.
  PgCluster primary;
  primary.create_database("msfit");
  PgCluster standby = PgCluster::standby_of(primary, /*synchronous=*/true);
  standby.wait_streaming();

  const std::string url = fmt::format(
      "postgresql://postgres@{},{}/msfit?target_session_attrs=read-write&connect_timeout=2",
      primary.host_port(), standby.host_port());
  testing::TempDir dir{"msfit-pg-failover"};
  ASSERT_FALSE(dir.path().empty());
  Process server({"--db", url, "serve", "--port", "0", "--access-log", "off", "--threads", "2",
                  "--clock-start", kPgClockStart},
                 dir.path());
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.err() << "\n" << primary.log();
  ASSERT_NE(user_tables(primary), "0")
      << "msfit serve --db " << url << " made no tables in PostgreSQL\n"
      << server.err();
  const std::string token = sign_in(port, "failover", /*create=*/true);
  ASSERT_FALSE(token.empty()) << server.err();

  Outcome outcome;
  // A jthread: stopped and joined however the test ends (a PgError thrown by kill9() or
  // promote() included).
  std::jthread client([&](const std::stop_token& stop) {
    Client http(port, std::chrono::seconds{15});
    for (int i = 0; !stop.stop_requested(); ++i) {
      const std::string id = fmt::format("set-{}", i);
      const Reply a = http.request("POST", "/api/v1/sets", pg_set_body(id), token);
      bool pause = false;
      {
        const std::lock_guard lock(outcome.mutex);
        ++outcome.statuses[a.status];
        if (a.status == 200 || a.status == 201) {
          outcome.acknowledged.push_back(id);
          outcome.last_acknowledged = Clock::now();
        } else if (a.status == 503 && positive_integer(a.retry_after)) {
          outcome.refused.push_back(id);
          pause = true;
        } else {
          outcome.wrong.push_back(fmt::format("{}: status {} (Retry-After '{}') {} {}", id,
                                              a.status, a.retry_after, a.body, http.last_error()));
          pause = true;
        }
      }
      if (pause) {
        // Less than Retry-After asks, to see the recovery soon.
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
      }
    }
  });
  auto acknowledged = [&] {
    const std::lock_guard lock(outcome.mutex);
    return outcome.acknowledged.size();
  };
  auto stop_client = [&] {
    client.request_stop();
    if (client.joinable()) {
      client.join();
    }
  };

  // Steady writes first.
  const auto warm_up_until = Clock::now() + std::chrono::seconds{30};
  while (acknowledged() < 30 && Clock::now() < warm_up_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  if (acknowledged() < 30) {
    stop_client();
    FAIL() << "only " << acknowledged() << " sets stored in 30 s before the failover\n"
           << server.err();
  }

  primary.kill9();
  const std::size_t before_kill = acknowledged();
  // A while without a primary: the server must keep answering (503) and not crash.
  std::this_thread::sleep_for(std::chrono::seconds{2});
  EXPECT_TRUE(server.running()) << server.err();
  standby.promote();
  const auto promoted = Clock::now();

  // Writes resume within 30 s of the promotion; then a few more.
  std::optional<double> recovery_seconds;
  std::size_t after_recovery = 0;
  while (Clock::now() < promoted + std::chrono::seconds{60}) {
    {
      const std::lock_guard lock(outcome.mutex);
      if (!recovery_seconds && outcome.last_acknowledged && *outcome.last_acknowledged > promoted) {
        recovery_seconds =
            std::chrono::duration<double>(*outcome.last_acknowledged - promoted).count();
        after_recovery = outcome.acknowledged.size();
      }
      if (recovery_seconds && outcome.acknowledged.size() >= after_recovery + 20) {
        break;
      }
    }
    if (!recovery_seconds && Clock::now() > promoted + std::chrono::seconds{30}) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  stop_client();

  std::string statuses;
  for (const auto& [status, count] : outcome.statuses) {
    statuses += fmt::format(" {}x{}", count, status);
  }
  std::cout << fmt::format(
      "pg failover: {} sets acknowledged ({} before the kill), {} refused with 503, answers:{}; "
      "writes resumed {} after the promotion\n",
      outcome.acknowledged.size(), before_kill, outcome.refused.size(), statuses,
      recovery_seconds ? fmt::format("{:.1f} s", *recovery_seconds) : std::string("never"));
  ASSERT_TRUE(recovery_seconds.has_value()) << "no set stored within 30 s of the promotion\n"
                                            << server.err() << "\n--- standby ---\n"
                                            << standby.log();
  EXPECT_LE(*recovery_seconds, 30.0);
  for (const auto& w : outcome.wrong) {
    ADD_FAILURE() << "neither 2xx nor 503 with Retry-After: " << w;
  }
  ASSERT_TRUE(server.running()) << server.err();

  // The refused sets sent again: each is stored now (201), or was after all (200).
  Client http(port, std::chrono::seconds{15});
  std::set<std::string> expected(outcome.acknowledged.begin(), outcome.acknowledged.end());
  for (const auto& id : outcome.refused) {
    const Reply r = http.request("POST", "/api/v1/sets", pg_set_body(id), token);
    EXPECT_TRUE(r.status == 200 || r.status == 201)
        << id << ": " << r.status << " " << r.body << " " << http.last_error();
    expected.insert(id);
  }

  // Every acknowledged set is in the history, once; nothing else is.
  const Reply history = http.request(
      "GET", fmt::format("/api/v1/history?from={}&to={}", kPgSetDate, kPgSetDate), "", token);
  ASSERT_EQ(history.status, 200) << history.body << server.err();
  std::map<std::string, int> stored;
  const Json h = history.json();
  for (const auto& s : h["sets"]) {
    ++stored[s.value("client_id", "")];
  }
  std::size_t lost = 0;
  for (const auto& id : outcome.acknowledged) {
    if (stored.count(id) == 0 && ++lost <= 5) {
      ADD_FAILURE() << "acknowledged but not stored: " << id;
    }
  }
  EXPECT_EQ(lost, 0U) << "acknowledged sets lost in the failover";
  for (const auto& [id, count] : stored) {
    EXPECT_EQ(count, 1) << id << " stored " << count << " times";
    EXPECT_EQ(expected.count(id), 1U) << "stored but never acknowledged or sent again: " << id;
  }
  EXPECT_EQ(stored.size(), expected.size());

  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.err();
}

// --db-replica: the history (a read that may be slightly stale) comes from a streaming replica,
// and from the primary while the replica is down; writes and today's session never go to it.
TEST(PgReplica, StaleReadsGoToTheReplicaAndToThePrimaryWhenItIsDown) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  PgCluster primary(PgCluster::Options::no_fsync());
  primary.create_database("msfit");
  PgCluster replica =
      PgCluster::standby_of(primary, /*synchronous=*/false, PgCluster::Options::no_fsync());
  replica.wait_streaming();
  testing::TempDir dir{"msfit-pg-replica"};
  ASSERT_FALSE(dir.path().empty());
  // The schema first, through the primary alone: the replica is checked against it.
  {
    Process first({"--db", primary.url(), "serve", "--port", "0", "--access-log", "off"},
                  dir.path());
    ASSERT_NE(first.wait_for_port(), 0) << first.err();
    first.signal(SIGTERM);
    ASSERT_EQ(first.wait(), 0) << first.err();
  }
  ASSERT_TRUE(replica.wait_for("select count(*) from msfit_schema", "1", std::chrono::seconds{30},
                               "msfit"));
  Process server({"--db", primary.url(), "serve", "--db-replica", replica.url(), "--port", "0",
                  "--access-log", "off", "--threads", "2", "--clock-start", kPgClockStart},
                 dir.path());
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.err();
  const std::string token = sign_in(port, "reader", /*create=*/true);
  ASSERT_FALSE(token.empty()) << server.err();
  const Reply logged = call(port, "POST", "/api/v1/sets", pg_set_body("r1"), token);
  ASSERT_EQ(logged.status, 201) << logged.body << server.err();

  const std::string history = fmt::format("/api/v1/history?from={}&to={}", kPgSetDate, kPgSetDate);
  // Replication is asynchronous here: the set shows in the replica's history soon after.
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    const Reply h = call(port, "GET", history, "", token);
    ASSERT_EQ(h.status, 200) << h.body;
    seen = h.body.find("\"r1\"") != std::string::npos;
    if (!seen) {
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
  }
  EXPECT_TRUE(seen);
  // The reads went to the replica: the server's pool keeps its connections there open.
  EXPECT_NE(replica.psql("select count(*) from pg_stat_activity where datname = 'msfit' and "
                         "backend_type = 'client backend' and pid <> pg_backend_pid()"),
            "0");

  // Without the replica, the history comes from the primary, and writes go on.
  replica.kill9();
  const Reply fallback = call(port, "GET", history, "", token);
  EXPECT_EQ(fallback.status, 200) << fallback.body << server.err();
  EXPECT_NE(fallback.body.find("\"r1\""), std::string::npos) << fallback.body;
  EXPECT_EQ(call(port, "POST", "/api/v1/sets", pg_set_body("r2"), token).status, 201);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.err();
}

}  // namespace
}  // namespace msfit::reliability

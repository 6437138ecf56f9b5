// The throwaway PostgreSQL server of the tests (tests/support/pg_cluster.hpp): it starts,
// answers, comes back after SIGKILL with what it had committed, leaves nothing behind, and a
// synchronous standby takes over from a killed primary with every acknowledged row.

#include "pg_cluster.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>

#include "temp_dir.hpp"

namespace msfit::testing {
namespace {

TEST(PgCluster, StartsAnswersAndComesBackAfterSigkill) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  // fsync=off for speed: SIGKILL of the server loses nothing that fsync would have kept.
  PgCluster pg(PgCluster::Options::no_fsync());
  pg.create_database("msfit");
  EXPECT_EQ(pg.psql("select 1", "msfit"), "1");
  EXPECT_EQ(pg.url(), "postgresql://postgres@127.0.0.1:" + std::to_string(pg.port()) + "/msfit");
  EXPECT_EQ(pg.url("other"),
            "postgresql://postgres@127.0.0.1:" + std::to_string(pg.port()) + "/other");
  EXPECT_EQ(pg.psql("show max_connections"), "200");
  EXPECT_EQ(pg.psql("show fsync"), "off");
  EXPECT_EQ(pg.psql("show listen_addresses"), "127.0.0.1");
  EXPECT_EQ(pg.psql("select current_user"), "postgres");

  pg.psql("create table t (id int primary key, v text)", "msfit");
  pg.psql("insert into t values (1, 'one')", "msfit");

  const pid_t pid = pg.postmaster_pid();
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(pg.running());
  const int port = pg.port();
  pg.kill9();
  EXPECT_FALSE(pg.running());
  EXPECT_EQ(pg.postmaster_pid(), -1);
  EXPECT_NE(::kill(pid, 0), 0) << "the killed postmaster is still there";
  EXPECT_THROW(pg.psql("select 1"), PgError);

  pg.start();
  EXPECT_EQ(pg.port(), port);
  EXPECT_NE(pg.postmaster_pid(), pid);
  EXPECT_EQ(pg.psql("select v from t where id = 1", "msfit"), "one");
  EXPECT_NE(pg.log().find("automatic recovery in progress"), std::string::npos) << pg.log();

  // A failing statement: PgError with psql's message.
  try {
    pg.psql("select * from no_such_table", "msfit");
    ADD_FAILURE() << "no error";
  } catch (const PgError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }

  // stop() and start() again.
  pg.stop();
  EXPECT_FALSE(pg.running());
  pg.start();
  EXPECT_EQ(pg.psql("select count(*) from t", "msfit"), "1");
}

TEST(PgCluster, LeavesNoServerAndNoFilesBehind) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  pid_t pid = -1;
  std::filesystem::path data;
  {
    PgCluster pg(PgCluster::Options::no_fsync());
    pid = pg.postmaster_pid();
    data = pg.data_dir();
    ASSERT_TRUE(std::filesystem::exists(data / "PG_VERSION"));
    PgCluster other = std::move(pg);  // Moved: still one server, stopped once.
    EXPECT_EQ(other.postmaster_pid(), pid);
  }
  EXPECT_NE(::kill(pid, 0), 0) << "the server outlived its PgCluster";
  EXPECT_FALSE(std::filesystem::exists(data));
}

TEST(PgCluster, AServerThatDoesNotStartThrowsWithItsLog) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  auto options = PgCluster::Options::no_fsync();
  options.settings = {"no_such_setting=1"};
  try {
    PgCluster pg(options);
    ADD_FAILURE() << "it started";
  } catch (const PgError& e) {
    EXPECT_NE(std::string(e.what()).find("did not start"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("\"no_such_setting\""), std::string::npos) << e.what();
  }
}

// A process that ended: gone, or a zombie that its new parent has not reaped yet.
bool ended(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() || text[close + 2] == 'Z';
}

TEST(PgCluster, TheServerDiesWithATestProcessThatCrashes) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  TempDir note{"msfit-pg-note"};
  const auto file = note.path() / "cluster";
  // The child ends without running any destructor.
  EXPECT_EXIT(
      {
        PgCluster pg(PgCluster::Options::no_fsync());
        std::ofstream(file) << pg.postmaster_pid() << "\n"
                            << pg.data_dir().parent_path().string() << "\n";
        std::_Exit(3);
      },
      ::testing::ExitedWithCode(3), "");
  std::ifstream in(file);
  pid_t pid = -1;
  std::string dir;
  ASSERT_TRUE(in >> pid >> dir);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (!ended(pid) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  EXPECT_TRUE(ended(pid)) << "the server outlived the crashed test process";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

TEST(PgCluster, SynchronousStandbyTakesOverWithEveryAcknowledgedRow) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  // fsync stays on here, as in the failover tests that use this setup.
  PgCluster primary;
  primary.create_database("msfit");
  primary.psql("create table t (id int primary key, v text)", "msfit");
  PgCluster standby = PgCluster::standby_of(primary, /*synchronous=*/true);
  EXPECT_NE(standby.port(), primary.port());
  standby.wait_streaming();
  EXPECT_EQ(primary.psql("show synchronous_standby_names"), "*");
  EXPECT_EQ(standby.psql("show synchronous_standby_names"), "");
  EXPECT_EQ(standby.psql("select pg_is_in_recovery()"), "t");

  // Acknowledged by the primary only once on the standby's disk.
  primary.psql("insert into t values (1, 'one')", "msfit");
  EXPECT_TRUE(
      standby.wait_for("select v from t where id = 1", "one", std::chrono::seconds{30}, "msfit"))
      << standby.log();
  EXPECT_THROW(standby.psql("insert into t values (2, 'two')", "msfit"), PgError);

  primary.kill9();
  standby.promote();
  EXPECT_EQ(standby.psql("select pg_is_in_recovery()"), "f");
  EXPECT_EQ(standby.psql("select v from t where id = 1", "msfit"), "one");
  standby.psql("insert into t values (2, 'two')", "msfit");
  EXPECT_EQ(standby.psql("select string_agg(v, ',' order by id) from t", "msfit"), "one,two");
}

TEST(PgCluster, AsynchronousStandbyStreams) {
  MSFIT_SKIP_WITHOUT_POSTGRES();
  PgCluster primary(PgCluster::Options::no_fsync());
  PgCluster standby =
      PgCluster::standby_of(primary, /*synchronous=*/false, PgCluster::Options::no_fsync());
  standby.wait_streaming();
  EXPECT_EQ(primary.psql("show synchronous_standby_names"), "");
  primary.psql("create table a (x int)");
  primary.psql("insert into a values (42)");
  EXPECT_TRUE(standby.wait_for("select x from a", "42")) << standby.log();
}

}  // namespace
}  // namespace msfit::testing

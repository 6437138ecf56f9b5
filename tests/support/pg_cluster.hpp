#pragma once

// A throwaway PostgreSQL server for tests: its own cluster (initdb) in a temporary directory,
// listening on 127.0.0.1 at a free port, with trust authentication for the user `postgres`;
// stopped and removed with the object. It can get a streaming standby (pg_basebackup),
// synchronous or not, which can be promoted after its primary is killed.
//
// The binaries are those of /usr/lib/postgresql/15/bin, or of the directory in MSFIT_PG_BINDIR.
// initdb refuses to run as root, so when the test runs as root every PostgreSQL program runs as
// the `postgres` system user (what `runuser -u postgres --` does: its uid and gid, no
// supplementary groups), and the cluster's directory belongs to that user.
//
// The server (`postgres`) is a child process of the test, not a daemon started by pg_ctl: it
// is stopped (immediate shutdown) by the destructor, and killed with SIGKILL by the kernel if
// the test process dies first (PR_SET_PDEATHSIG: the signal comes when the *thread* that
// started it ends, so start clusters on the test's own thread, not on a short-lived one).
//
// A test that needs PostgreSQL starts with MSFIT_SKIP_WITHOUT_POSTGRES(): it skips the test
// when the binaries are missing, and fails it instead when MSFIT_REQUIRE_POSTGRES=1 (in CI,
// which installs PostgreSQL, so that a broken installation cannot pass as skipped tests).
//
// Failures (a program that fails, a server that does not start) throw PgError, whose message
// holds the program's output and the end of the server's log.
//
// psql() and wait_for() may run on several threads at once; everything else on one at a time.

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <sys/types.h>

namespace msfit::testing {

class PgError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class PgCluster {
 public:
  struct Options {
    // fsync=off saves time on every commit. A process killed with SIGKILL loses nothing to it
    // (its writes are in the page cache); only a machine's crash would.
    bool fsync = true;
    int max_connections = 200;
    // More server settings, each "name=value" (passed as `-c name=value`).
    std::vector<std::string> settings;

    // The defaults with fsync=off.
    static Options no_fsync() {
      Options o;
      o.fsync = false;
      return o;
    }
  };

  // Where the binaries are looked for: MSFIT_PG_BINDIR, or /usr/lib/postgresql/15/bin.
  [[nodiscard]] static std::filesystem::path bin_dir();
  // initdb, postgres, pg_ctl, pg_basebackup and psql are there (psql may be /usr/bin/psql).
  [[nodiscard]] static bool available();
  // MSFIT_REQUIRE_POSTGRES=1: a test must fail, not skip, when PostgreSQL is not available.
  [[nodiscard]] static bool required();

  // A new primary: initdb (-A trust, -E UTF8, --locale=C, --no-sync), then the server started
  // and accepting connections. Throws PgError.
  PgCluster();
  explicit PgCluster(const Options& options);

  // A new streaming standby of `primary` (pg_basebackup -R -X stream), started with
  // hot_standby=on on its own port and connected to the primary under its own
  // application_name. `synchronous`: the primary is set (ALTER SYSTEM, pg_reload_conf) to wait
  // for a standby at each commit (synchronous_standby_names='*', synchronous_commit=on), so
  // that what it acknowledged is on the standby's disk; the standby itself never waits for one,
  // also once promoted. Call wait_streaming() before relying on it. Throws PgError.
  static PgCluster standby_of(PgCluster& primary, bool synchronous);
  static PgCluster standby_of(PgCluster& primary, bool synchronous, const Options& options);

  // Stops the server (immediate shutdown; SIGKILL if that takes over 10 s) and removes the
  // directory. Never throws.
  ~PgCluster();
  PgCluster(PgCluster&&) noexcept;
  PgCluster& operator=(PgCluster&&) noexcept;
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // The TCP port; the same across kill9() and start().
  [[nodiscard]] int port() const;
  // "127.0.0.1:PORT", e.g. for a multi-host URL.
  [[nodiscard]] std::string host_port() const;
  // postgresql://postgres@127.0.0.1:PORT/DATABASE
  [[nodiscard]] std::string url(std::string_view database = "msfit") const;
  // The name the standby connects to its primary with (pg_stat_replication.application_name);
  // "" for a primary.
  [[nodiscard]] const std::string& application_name() const;
  [[nodiscard]] const std::filesystem::path& data_dir() const;

  // CREATE DATABASE (owned by postgres, template0, UTF8). Throws PgError.
  void create_database(std::string_view name);

  // Runs `sql` with psql -X -A -t -v ON_ERROR_STOP=1 as the user postgres on `database` and
  // returns its standard output with the final newline removed (rows one a line, columns
  // separated by '|'). Throws PgError when psql fails; the message has its standard error.
  std::string psql(std::string_view sql, std::string_view database = "postgres") const;
  // psql(sql) until it returns `expected` (errors count as another answer); false after
  // `limit`.
  [[nodiscard]] bool wait_for(std::string_view sql, std::string_view expected,
                              std::chrono::milliseconds limit = std::chrono::seconds{30},
                              std::string_view database = "postgres") const;

  // The server's log (its standard error) since the cluster was made: for failure messages.
  [[nodiscard]] std::string log() const;

  // The server's process id (first line of DATA/postmaster.pid); -1 when it is not running.
  [[nodiscard]] pid_t postmaster_pid() const;
  [[nodiscard]] bool running() const;

  // A crash: SIGKILL to the server and all its processes at once (as if its machine died),
  // then waits until they are gone and the port refuses connections. Nothing when not running.
  void kill9();
  // Starts the server again on the same data and port (after kill9() or stop(): a start after
  // kill9() runs crash recovery). Throws PgError when it does not come up within 60 s.
  void start();
  // Fast shutdown (SIGINT: sessions ended, a checkpoint written) and waits for it to end.
  void stop();

  // A standby: pg_ctl promote -w, then waits until it accepts writes. Throws PgError.
  void promote();
  // A standby: waits until its primary's pg_stat_replication shows it streaming (and with
  // sync_state 'sync' when made synchronous). Throws PgError after `limit`.
  void wait_streaming(std::chrono::milliseconds limit = std::chrono::seconds{30}) const;

 private:
  struct State;
  explicit PgCluster(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace msfit::testing

// Skips the test when PostgreSQL is not available, fails it when MSFIT_REQUIRE_POSTGRES=1.
#define MSFIT_SKIP_WITHOUT_POSTGRES()                                                          \
  do {                                                                                         \
    if (!::msfit::testing::PgCluster::available()) {                                           \
      if (::msfit::testing::PgCluster::required()) {                                           \
        FAIL() << "MSFIT_REQUIRE_POSTGRES=1 but PostgreSQL is not in "                         \
               << ::msfit::testing::PgCluster::bin_dir() << " (MSFIT_PG_BINDIR)";              \
      }                                                                                        \
      GTEST_SKIP() << "PostgreSQL is not in " << ::msfit::testing::PgCluster::bin_dir()        \
                   << " (set MSFIT_PG_BINDIR; MSFIT_REQUIRE_POSTGRES=1 makes this a failure)"; \
    }                                                                                          \
  } while (false)

#include "msfit/storage/store.hpp"

// Crash safety of the SQLite store: writer processes (crash_writer.cpp) log sets and print the
// client id of each set once log_sets has returned; they are killed with SIGKILL at random
// moments. Every printed (acknowledged) set must then be in the database, the database must be
// intact, and it must still open. One database file serves every round, so later rounds also
// start from a write-ahead log left behind by killed processes.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "temp_dir.hpp"

extern char** environ;

namespace msfit::storage {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kRounds = 24;
constexpr long kCount = 1000000;  // More than a writer can log before it is killed.
constexpr int kMinDelayMs = 20;
constexpr int kMaxDelayMs = 250;

struct Writer {
  std::string prefix;
  pid_t pid = -1;
  int out = -1;  // The read end of the pipe on its stdout (non-blocking).
  bool eof = false;
  int status = 0;
  std::string output;
};

// Starts crash_writer processes; kills and reaps any still running, and closes their pipes,
// when it goes out of scope, so no child outlives a failed assertion.
class Writers {
 public:
  Writers() = default;
  ~Writers() {
    kill_all();
    for (auto& w : writers_) {
      if (w.out >= 0) {
        ::close(w.out);
      }
    }
  }
  Writers(const Writers&) = delete;
  Writers& operator=(const Writers&) = delete;

  // Empty on success, else what went wrong.
  std::string start(const std::string& db, const std::string& prefix, long batch) {
    Writer& w = writers_.emplace_back();
    w.prefix = prefix;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      return "pipe2 failed";
    }
    w.out = fds[0];
    ::fcntl(w.out, F_SETFL, ::fcntl(w.out, F_GETFL) | O_NONBLOCK);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<std::string> args = {MSFIT_CRASH_WRITER, db, prefix, std::to_string(kCount),
                                     std::to_string(batch)};
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, MSFIT_CRASH_WRITER, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      return "posix_spawn of " + std::string(MSFIT_CRASH_WRITER) + " failed: " + std::to_string(rc);
    }
    w.pid = pid;
    return {};
  }

  // Collects their output until `deadline`.
  void read_until(Clock::time_point deadline) {
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        return;
      }
      std::vector<pollfd> fds;
      for (const auto& w : writers_) {
        fds.push_back(pollfd{w.eof ? -1 : w.out, POLLIN, 0});
      }
      if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) {
        return;
      }
      for (auto& w : writers_) {
        read_available(w);
      }
    }
  }

  // SIGKILL to every writer still running, then reaps it.
  void kill_all() {
    for (auto& w : writers_) {
      if (w.pid > 0) {
        ::kill(w.pid, SIGKILL);
        while (::waitpid(w.pid, &w.status, 0) < 0 && errno == EINTR) {
        }
        w.pid = -1;
      }
    }
  }

  // Reads what the (dead) writers left in their pipes.
  void drain() {
    for (auto& w : writers_) {
      while (!w.eof && read_available(w)) {
      }
    }
  }

  std::vector<Writer>& list() { return writers_; }

 private:
  // Appends what can be read now; false once nothing more can come.
  static bool read_available(Writer& w) {
    char buffer[1 << 16];
    while (!w.eof) {
      const ssize_t n = ::read(w.out, buffer, sizeof buffer);
      if (n > 0) {
        w.output.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0) {
        w.eof = true;
      } else if (errno == EAGAIN) {
        return true;
      } else if (errno != EINTR) {
        w.eof = true;
      }
    }
    return false;
  }

  std::vector<Writer> writers_;
};

// The complete lines of `output`; a partial last line was never acknowledged.
std::vector<std::string> acknowledged(const std::string& output) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  for (std::size_t end; (end = output.find('\n', begin)) != std::string::npos; begin = end + 1) {
    lines.push_back(output.substr(begin, end - begin));
  }
  return lines;
}

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db open_raw(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  Db owned(db);
  if (rc != SQLITE_OK) {
    ADD_FAILURE() << "cannot open the database: " << sqlite3_errmsg(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  // Leave the write-ahead log as the killed writers left it for the next round to recover:
  // the last connection to close would otherwise checkpoint it into the database and delete it.
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  return owned;
}

// Every row of a query, its first column as text.
std::vector<std::string> column(sqlite3* db, const char* sql) {
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot prepare '" << sql << "': " << sqlite3_errmsg(db);
    return out;
  }
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    out.emplace_back(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
  }
  if (rc != SQLITE_DONE) {
    ADD_FAILURE() << "cannot run '" << sql << "': " << sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  return out;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) {
    return "exited with " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return "killed by signal " + std::to_string(WTERMSIG(status));
  }
  return "status " + std::to_string(status);
}

TEST(CrashSafety, EveryAcknowledgedWriteSurvivesSigkill) {
  msfit::testing::TempDir dir{"msfit-crash"};
  ASSERT_FALSE(dir.path().empty()) << "cannot make a temp directory";
  const std::string db = (dir.path() / "crash.db").string();
  {
    // Created up front, so that the rounds test crashes, not two processes creating the schema
    // of a new file at the same moment.
    auto store = open_sqlite_store(db);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->ensure_account("crash"));
  }

  std::mt19937 random(20260101);
  std::uniform_int_distribution<int> delay_ms(kMinDelayMs, kMaxDelayMs);
  std::unordered_set<std::string> all_acknowledged;
  std::size_t rows = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int delay = delay_ms(random);
    {
      Writers writers;
      for (int w = 0; w < 2; ++w) {
        const std::string prefix = "r" + std::to_string(round) + "w" + std::to_string(w);
        const std::string error = writers.start(db, prefix, w == 0 ? 1 : 25);
        ASSERT_EQ(error, "");
      }
      writers.read_until(Clock::now() + std::chrono::milliseconds(delay));
      writers.kill_all();
      writers.drain();
      for (const auto& w : writers.list()) {
        // A writer that stopped on its own with an error would make the round prove nothing.
        const bool killed = WIFSIGNALED(w.status) && WTERMSIG(w.status) == SIGKILL;
        const bool finished = WIFEXITED(w.status) && WEXITSTATUS(w.status) == 0;
        EXPECT_TRUE(killed || finished) << w.prefix << " " << describe_status(w.status);
        for (auto& id : acknowledged(w.output)) {
          EXPECT_EQ(id.rfind(w.prefix + "-", 0), 0U) << id;
          all_acknowledged.insert(std::move(id));
        }
      }
    }

    Db raw = open_raw(db);
    ASSERT_TRUE(raw);
    EXPECT_EQ(column(raw.get(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    const auto ids = column(raw.get(), "SELECT client_id FROM strength_sets");
    const std::unordered_set<std::string> stored(ids.begin(), ids.end());
    EXPECT_EQ(column(raw.get(), "SELECT count(*) = count(DISTINCT client_id) FROM strength_sets"),
              std::vector<std::string>{"1"});
    EXPECT_EQ(stored.size(), ids.size()) << "a client id is stored twice";
    std::size_t missing = 0;
    for (const auto& id : all_acknowledged) {
      if (stored.count(id) == 0) {
        if (missing < 5) {
          ADD_FAILURE() << "acknowledged but not stored: " << id;
        }
        ++missing;
      }
    }
    EXPECT_EQ(missing, 0U) << "acknowledged writes lost";
    rows = ids.size();
  }

  std::cout << "crash test: " << kRounds << " rounds, " << all_acknowledged.size()
            << " acknowledged writes, " << rows << " rows\n";
  EXPECT_GE(all_acknowledged.size(), 100U) << "too few acknowledged writes to prove anything";
  EXPECT_GE(rows, all_acknowledged.size());

  // After all that, the store still opens and takes writes.
  auto reopened = open_sqlite_store(db);
  ASSERT_TRUE(reopened) << reopened.error().message;
  Store& store = **reopened;
  auto account = store.ensure_account("crash");
  ASSERT_TRUE(account) << account.error().message;
  const std::vector<Logged<core::SetLog>> last = {
      {"final", core::SetLog{core::Date{std::chrono::year{2026} / 1 / 1}, "leg_press_machine", 1,
                             10, 50, std::nullopt, true}}};
  auto stored = store.log_sets(account->id, last);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(*stored, WriteResult::Stored);
  auto retried = store.log_sets(account->id, last);
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(*retried, WriteResult::AlreadyStored);
  Db raw = open_raw(db);
  ASSERT_TRUE(raw);
  EXPECT_EQ(column(raw.get(), "SELECT count(*) FROM strength_sets"),
            std::vector<std::string>{std::to_string(rows + 1)});
  EXPECT_EQ(column(raw.get(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
}

}  // namespace
}  // namespace msfit::storage

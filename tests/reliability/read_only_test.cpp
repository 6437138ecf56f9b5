// A database MSFit cannot write: the file read-only (0444), its folder read-only (0555, so
// SQLite cannot make PATH-wal and PATH-shm beside it), or both.
//
// What is right: `msfit serve` refuses to start, with a message naming the file or folder. A
// server on a database it cannot write would start, then fail every sign-in (a sign-in is a
// write) and every write, so it could serve no one. Every msfit command refuses the same way
// (exit 1, "msfit: cannot write ..."), reads included: the check is made when the database is
// opened. Nothing is changed: the file keeps its bytes, no -wal or -shm is left behind, and once
// the permissions are right again it opens and works.
//
// The processes run as `nobody` when the test runs as root (permission bits do not bind root).
// The storage-level test uses a read-only tmpfs as root (EROFS binds root too), chmod otherwise.

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "msfit/storage/store.hpp"

#include "reliability_support.hpp"
#include "temp_dir.hpp"

namespace msfit::reliability {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kNobody = 65534;
constexpr gid_t kNogroup = 65534;

struct Case {
  const char* name;
  bool file_read_only;
  bool folder_read_only;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

const Case kCases[] = {{"file", true, false}, {"folder", false, true}, {"both", true, true}};

class ReadOnly : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    // The child runs as nobody when we are root: it must reach the folder.
    fs::permissions(dir_.path(), fs::perms(0755));
    fs::create_directories(data_);
    // A database with an account, a set and a note, closed cleanly (no -wal, no -shm).
    Process init({"--db", db_, "init"}, dir_.path(), {}, "init");
    ASSERT_EQ(init.wait(), 0) << init.err();
    Process set({"--db", db_, "log", "set", "--exercise", "leg_press_machine", "--reps", "10",
                 "--kg", "40", "--date", "2026-01-05"},
                dir_.path(), {}, "set");
    ASSERT_EQ(set.wait(), 0) << set.err();
    ASSERT_FALSE(fs::exists(db_ + "-wal"));
    if (::geteuid() == 0) {
      for (const auto& p : {data_, fs::path(db_)}) {
        ASSERT_EQ(::chown(p.c_str(), kNobody, kNogroup), 0) << std::strerror(errno);
      }
      as_.uid = kNobody;
      as_.gid = kNogroup;
    }
    before_ = slurp(db_);
    const Case c = GetParam();
    if (c.file_read_only) {
      fs::permissions(db_, fs::perms(0444));
    }
    if (c.folder_read_only) {
      fs::permissions(data_, fs::perms(0555));
    }
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(data_, fs::perms(0755), ignored);
    fs::permissions(db_, fs::perms(0644), ignored);
  }

  // What the child says on stderr must name what it cannot write: the file, or the folder.
  void expect_names_it(const std::string& err) const {
    const Case c = GetParam();
    EXPECT_NE(err.find("cannot write"), std::string::npos) << err;
    if (c.file_read_only) {
      EXPECT_NE(err.find("'" + db_ + "'"), std::string::npos) << err;
    } else {
      EXPECT_NE(err.find("'" + data_.string() + "'"), std::string::npos) << err;
    }
  }

  testing::TempDir dir_{"msfit-read-only"};
  fs::path data_ = dir_.path() / "data";
  std::string db_ = (data_ / "msfit.db").string();
  ProcessOptions as_;
  std::string before_;
};

TEST_P(ReadOnly, ServeRefusesToStartAndNamesTheFile) {
  Process server({"--db", db_, "serve", "--port", "0", "--access-log", "off"}, dir_.path(), as_,
                 "serve");
  const unsigned short port = server.wait_for_port(std::chrono::seconds{10});
  if (port != 0) {
    // It started: show what that means before failing.
    const Reply r = call(port, "POST", "/api/v1/auth/sessions",
                         R"({"name":"me","password":"correct horse battery"})");
    ADD_FAILURE() << "serves a database it cannot write to; a sign-in gets " << r.status << " "
                  << r.body;
  }
  const int code = server.wait(std::chrono::seconds{10});
  EXPECT_EQ(code, 1) << server.err();
  expect_names_it(server.err());
  EXPECT_EQ(server.out().find("serving"), std::string::npos);
}

TEST_P(ReadOnly, CommandsExitWithOneAndAMessageAndChangeNothing) {
  const std::vector<std::vector<std::string>> commands = {
      {"history", "--from", "2026-01-01", "--to", "2026-01-31"},
      {"today", "--date", "2026-01-05"},
      {"export", "--format", "csv"},
      {"note", "a note", "--date", "2026-01-05"},
      {"log", "set", "--exercise", "leg_press_machine", "--reps", "9", "--kg", "40", "--date",
       "2026-01-05"},
      {"checkin", "--fatigue", "3", "--date", "2026-01-05"},
      {"init"},
      {"backup", (dir_.path() / "backup.db").string()},
      {"account", "create", "--name", "someone"}};
  for (const auto& args : commands) {
    std::vector<std::string> all = {"--db", db_};
    all.insert(all.end(), args.begin(), args.end());
    ProcessOptions options = as_;
    options.input = "a long enough password\n";
    Process p(all, dir_.path(), options, "command");
    const int code = p.wait(std::chrono::seconds{20});
    SCOPED_TRACE("msfit " + fmt::format("{}", fmt::join(args, " ")));
    EXPECT_EQ(code, 1) << p.out() << p.err();
    EXPECT_EQ(p.err().rfind("msfit: ", 0), 0U) << p.err();
    expect_names_it(p.err());
  }
  EXPECT_EQ(slurp(db_), before_) << "the database file changed";
  EXPECT_FALSE(fs::exists(db_ + "-wal"));
  EXPECT_FALSE(fs::exists(db_ + "-shm"));
}

TEST_P(ReadOnly, WorksAgainOnceItCanWrite) {
  {
    Process refused({"--db", db_, "history"}, dir_.path(), as_, "refused");
    EXPECT_EQ(refused.wait(), 1) << refused.err();
  }
  TearDown();  // Writable again.
  Process note({"--db", db_, "note", "back", "--date", "2026-01-05"}, dir_.path(), as_, "note");
  EXPECT_EQ(note.wait(), 0) << note.err();
  Process history({"--db", db_, "history", "--from", "2026-01-05", "--to", "2026-01-05"},
                  dir_.path(), as_, "history");
  EXPECT_EQ(history.wait(), 0) << history.err();
  EXPECT_NE(history.out().find("back"), std::string::npos) << history.out();
  EXPECT_EQ(integrity(db_), "ok");
}

INSTANTIATE_TEST_SUITE_P(Permissions, ReadOnly, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// The storage layer itself: open_sqlite_store refuses a database on a read-only filesystem (or
// a read-only file, without root) with a message naming it, and leaves nothing behind.
TEST(ReadOnlyStore, OpenRefusesAFileItCannotWriteAndNamesIt) {
  testing::TempDir dir{"msfit-ro-store"};
  ASSERT_FALSE(dir.path().empty());
  const fs::path where = dir.path() / "fs";
  fs::create_directories(where);
  const std::string db = (where / "msfit.db").string();
  bool mounted = false;
  if (::geteuid() == 0) {
    if (::unshare(CLONE_NEWNS) == 0) {
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    }
    mounted = ::mount("tmpfs", where.c_str(), "tmpfs", 0, "size=4m") == 0;
    if (!mounted) {
      GTEST_SKIP() << "running as root, so only a read-only filesystem binds, and a tmpfs "
                      "cannot be mounted here: "
                   << std::strerror(errno);
    }
  }
  {
    auto store = storage::open_sqlite_store(db);
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->ensure_account("me"));
  }
  ASSERT_FALSE(fs::exists(db + "-wal"));
  if (mounted) {
    ASSERT_EQ(::mount(nullptr, where.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0)
        << std::strerror(errno);
  } else {
    fs::permissions(db, fs::perms(0444));
  }
  auto refused = storage::open_sqlite_store(db);
  ASSERT_FALSE(refused) << "opened a database it cannot write";
  EXPECT_EQ(refused.error().code, ErrorCode::StorageFailure);
  EXPECT_NE(refused.error().message.find("cannot write to the database file '" + db + "'"),
            std::string::npos)
      << refused.error().message;
  EXPECT_FALSE(fs::exists(db + "-wal"));
  EXPECT_FALSE(fs::exists(db + "-shm"));
  if (mounted) {
    ::umount2(where.c_str(), MNT_DETACH);
  }
}

}  // namespace
}  // namespace msfit::reliability

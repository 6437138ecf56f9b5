// A full disk under `msfit serve`: writes while no space is left get a 503 JSON error
// (storage_failure), never a crash or a damaged file; reads keep working; every write that
// was acknowledged stays, exactly once; once space returns, writes (and retries of the refused
// ones, with their client ids) work again.
//
// Two ways to run out of space:
// - a small tmpfs holding the database, filled up with another file (needs root, or at least
//   CAP_SYS_ADMIN, to mount; skipped with the reason otherwise);
// - a file-size limit on the server process (RLIMIT_FSIZE, SIGXFSZ ignored), so its writes past
//   the limit fail with EFBIG; needs nothing special. Space "returns" when the server is
//   started again without the limit.

#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "reliability_support.hpp"
#include "temp_dir.hpp"

namespace msfit::reliability {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDate = "2027-02-20";
constexpr int kClients = 4;

std::vector<std::string> serve_args(const std::string& db) {
  return {"--db", db,          "serve", "--port",        "0",         "--access-log",
          "off",  "--threads", "2",     "--clock-start", "2027-03-01"};
}

std::string note_body(const std::string& id) {
  // Long notes: each one needs new pages in the write-ahead log.
  return Json{{"client_id", id}, {"text", id + " " + std::string(2000, 'x')}, {"date", kDate}}
      .dump();
}

std::string set_body(const std::string& id) {
  return Json{{"client_id", id},
              {"exercise", "leg_press_machine"},
              {"reps", 10},
              {"load_kg", 40},
              {"date", kDate}}
      .dump();
}

// The answers to a burst of writes from several clients at once.
struct Burst {
  std::vector<std::string> acknowledged;           // 201
  std::vector<std::string> refused;                // 503 with a storage_failure JSON error
  std::vector<std::pair<std::string, int>> wrong;  // Anything else: id and status.
  std::string example_error;                       // One 503 body.
};

Burst write_notes(unsigned short port, const std::string& token, const std::string& prefix,
                  int per_client) {
  Burst burst;
  std::mutex mutex;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      Client client(port);
      for (int i = 0; i < per_client; ++i) {
        const std::string id = fmt::format("{}c{}-{}", prefix, c, i);
        const Reply r = client.request("POST", "/api/v1/notes", note_body(id), token);
        const std::lock_guard lock(mutex);
        if (r.status == 201) {
          burst.acknowledged.push_back(id);
        } else if (r.status == 503 && r.error_code() == "storage_failure" &&
                   r.content_type.rfind("application/json", 0) == 0) {
          burst.refused.push_back(id);
          if (burst.example_error.empty()) {
            burst.example_error = r.body;
          }
        } else {
          burst.wrong.emplace_back(id + " " + r.body + " " + client.last_error(), r.status);
        }
      }
    });
  }
  for (auto& t : clients) {
    t.join();
  }
  return burst;
}

// Reads that must keep working while no write can.
void expect_reads_work(unsigned short port, const std::string& token) {
  EXPECT_EQ(call(port, "GET", "/api/v1/health").status, 200);
  EXPECT_EQ(call(port, "GET", "/api/v1/me", "", token).status, 200);
  const Reply history =
      call(port, "GET", fmt::format("/api/v1/history?from={}&to={}", kDate, kDate), "", token);
  EXPECT_EQ(history.status, 200) << history.body;
}

// Once there is space again: every refused write, sent again with its client id, is stored
// (201) or was stored after all (200); new writes and reads work. Adds what was stored to
// `acknowledged`; the number stored on the retry.
int recover(unsigned short port, const std::string& token, const std::vector<std::string>& refused,
            std::set<std::string>& acknowledged) {
  Client client(port);
  int stored_on_retry = 0;
  for (const auto& id : refused) {
    const Reply r = client.request("POST", "/api/v1/notes", note_body(id), token);
    EXPECT_TRUE(r.status == 201 || r.status == 200) << id << " " << r.status << " " << r.body;
    stored_on_retry += r.status == 201 ? 1 : 0;
    if (r.status == 201 || r.status == 200) {
      acknowledged.insert(id);
    }
  }
  const Burst after = write_notes(port, token, "after", 5);
  EXPECT_EQ(after.acknowledged.size(), 5U * kClients);
  acknowledged.insert(after.acknowledged.begin(), after.acknowledged.end());
  expect_reads_work(port, token);
  return stored_on_retry;
}

// Every acknowledged note is in the file once; the file is intact.
void expect_stored_once(const std::string& db, const std::set<std::string>& acknowledged) {
  Db raw = open_raw(db, /*keep_wal=*/true);
  ASSERT_TRUE(raw);
  EXPECT_EQ(column(raw.get(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  std::map<std::string, int> stored;
  for (auto& id : column(raw.get(), "SELECT client_id FROM notes")) {
    ++stored[id];
  }
  for (const auto& id : acknowledged) {
    EXPECT_EQ(stored[id], 1) << "acknowledged note " << id;
  }
}

// A tmpfs of its own, unmounted on destruction. The test process first moves into a mount
// namespace of its own when it can, so that the mount is gone with it whatever happens.
class Tmpfs {
 public:
  Tmpfs(const fs::path& where, const std::string& size) : path_(where) {
    fs::create_directories(where);
    if (::unshare(CLONE_NEWNS) == 0) {
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    }
    const std::string options = "size=" + size + ",mode=0755";
    if (::mount("tmpfs", where.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      error_ = std::strerror(errno);
    } else {
      mounted_ = true;
    }
  }
  ~Tmpfs() {
    if (mounted_) {
      ::umount2(path_.c_str(), MNT_DETACH);
    }
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  fs::path path_;
  bool mounted_ = false;
  std::string error_;
};

// Writes `path` until the filesystem has no space left; the bytes written.
std::size_t fill(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return 0;
  }
  std::size_t total = 0;
  const std::string chunk(64 << 10, 'f');
  for (std::size_t size = chunk.size(); size > 0; size /= 2) {
    for (;;) {
      const ssize_t n = ::write(fd, chunk.data(), size);
      if (n <= 0) {
        break;
      }
      total += static_cast<std::size_t>(n);
    }
  }
  ::fsync(fd);
  ::close(fd);
  return total;
}

TEST(FullDisk, TmpfsFullAnswers503KeepsReadsAndRecoversWhenSpaceReturns) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "mounting a tmpfs needs root; the RLIMIT_FSIZE test covers a full disk "
                    "without it";
  }
  testing::TempDir dir{"msfit-full-disk"};
  ASSERT_FALSE(dir.path().empty());
  // Room for the write-ahead log to grow to its checkpoint size (1,000 pages) and more.
  Tmpfs tmpfs(dir.path() / "small", "16m");
  if (!tmpfs.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << tmpfs.error()
                 << "); the RLIMIT_FSIZE test covers a full disk without it";
  }
  const std::string db = (dir.path() / "small" / "msfit.db").string();
  Process server(serve_args(db), dir.path());
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.err();
  const std::string token = sign_in(port, "full", /*create=*/true);
  ASSERT_FALSE(token.empty());
  std::set<std::string> acknowledged;
  const Burst before = write_notes(port, token, "before", 5);
  ASSERT_EQ(before.acknowledged.size(), 5U * kClients);
  acknowledged.insert(before.acknowledged.begin(), before.acknowledged.end());

  const fs::path filler = dir.path() / "small" / "filler";
  const std::size_t filled = fill(filler);
  ASSERT_GT(filled, 0U);

  const Burst full = write_notes(port, token, "full", 25);
  EXPECT_TRUE(full.wrong.empty()) << full.wrong.size() << " wrong answers, e.g. "
                                  << full.wrong.front().second << " " << full.wrong.front().first;
  EXPECT_GT(full.refused.size(), 0U) << "no write was refused: the disk never filled up";
  acknowledged.insert(full.acknowledged.begin(), full.acknowledged.end());
  // A set (another table, another page) and a sign-in (a write too) are refused the same way.
  const Reply set = call(port, "POST", "/api/v1/sets", set_body("full-set"), token);
  EXPECT_TRUE(set.status == 201 || (set.status == 503 && set.error_code() == "storage_failure"))
      << set.status << " " << set.body;
  const Reply again = call(port, "POST", "/api/v1/auth/sessions",
                           R"({"name":"full","password":"correct horse battery"})");
  EXPECT_TRUE(again.status == 201 ||
              (again.status == 503 && again.error_code() == "storage_failure"))
      << again.status << " " << again.body;
  expect_reads_work(port, token);
  ASSERT_TRUE(server.running()) << server.err();
  expect_stored_once(db, acknowledged);

  // Space returns: the refused writes, sent again, are stored once; new ones too.
  fs::remove(filler);
  const int stored_on_retry = recover(port, token, full.refused, acknowledged);

  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.err();
  expect_stored_once(db, acknowledged);
  std::cout << fmt::format(
      "tmpfs of 16 MiB, filled with {} KiB: {} of {} writes acknowledged while full, {} refused "
      "with 503 ({}); {} of them stored on retry once space returned; integrity ok\n",
      filled >> 10, full.acknowledged.size(), full.acknowledged.size() + full.refused.size(),
      full.refused.size(), full.example_error, stored_on_retry);
}

TEST(FullDisk, FileSizeLimitAnswers503KeepsReadsAndRecoversWithoutIt) {
  testing::TempDir dir{"msfit-fsize"};
  ASSERT_FALSE(dir.path().empty());
  const std::string db = (dir.path() / "msfit.db").string();
  std::set<std::string> acknowledged;
  std::string token;
  {
    Process server(serve_args(db), dir.path(), {}, "first");
    const unsigned short port = server.wait_for_port();
    ASSERT_NE(port, 0) << server.err();
    token = sign_in(port, "limited", /*create=*/true);
    ASSERT_FALSE(token.empty());
    const Burst before = write_notes(port, token, "before", 5);
    ASSERT_EQ(before.acknowledged.size(), 5U * kClients);
    acknowledged.insert(before.acknowledged.begin(), before.acknowledged.end());
    server.signal(SIGTERM);
    ASSERT_EQ(server.wait(), 0) << server.err();
  }

  // No file of the server may grow more than 128 KiB past the database's size now: the
  // write-ahead log fills up after a few dozen notes.
  const auto limit = fs::file_size(db) + (128U << 10);
  Burst full;
  {
    ProcessOptions limited;
    limited.file_size_limit = limit;
    Process server(serve_args(db), dir.path(), limited, "limited");
    const unsigned short port = server.wait_for_port();
    ASSERT_NE(port, 0) << server.err();
    full = write_notes(port, token, "full", 40);
    EXPECT_TRUE(full.wrong.empty()) << full.wrong.size() << " wrong answers, e.g. "
                                    << full.wrong.front().second << " " << full.wrong.front().first;
    EXPECT_GT(full.refused.size(), 0U) << "no write was refused: the limit was never reached";
    acknowledged.insert(full.acknowledged.begin(), full.acknowledged.end());
    expect_reads_work(port, token);
    ASSERT_TRUE(server.running()) << server.err();
    expect_stored_once(db, acknowledged);
    server.signal(SIGTERM);
    // It stops cleanly although it cannot fold its log back into the file.
    EXPECT_EQ(server.wait(), 0) << server.err();
  }
  expect_stored_once(db, acknowledged);

  Process server(serve_args(db), dir.path(), {}, "unlimited");
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.err();
  const int stored_on_retry = recover(port, token, full.refused, acknowledged);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.err();
  expect_stored_once(db, acknowledged);
  std::cout << fmt::format(
      "RLIMIT_FSIZE {} KiB: {} of {} writes acknowledged, {} refused with 503 ({}); {} of them "
      "stored on retry without the limit; integrity ok\n",
      limit >> 10, full.acknowledged.size(), full.acknowledged.size() + full.refused.size(),
      full.refused.size(), full.example_error, stored_on_retry);
}

}  // namespace
}  // namespace msfit::reliability

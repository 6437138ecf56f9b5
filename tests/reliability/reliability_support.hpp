#pragma once

// What the reliability tests share: the real `msfit serve` (or another msfit command) as a
// child process, optionally with a file-size limit or as another user; a small blocking HTTP
// client (Beast) with timeouts; raw SQLite queries on the database file; the RSS of a process.
// After tests/cli/serve_test.cpp, which starts the server the same way.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace msfit::reliability {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// A whole number from the environment, or `fallback` when unset or not a number.
inline long env_number(const char* name, long fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') {
    return fallback;
  }
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  return end != nullptr && *end == '\0' ? value : fallback;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ProcessOptions {
  // RLIMIT_FSIZE for the child, in bytes; SIGXFSZ is ignored in it, so a write past the limit
  // fails with EFBIG instead of killing the process.
  std::optional<rlim_t> file_size_limit;
  // Run as this user and group (needs root): permission bits then apply to the child.
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  std::string input;  // Its stdin.
};

// A child process running msfit (MSFIT_TEST_BIN) with its stdout and stderr in files of
// `dir` (named by `tag`). Killed with SIGKILL and reaped when it goes out of scope.
class Process {
 public:
  Process(const std::vector<std::string>& args, const std::filesystem::path& dir,
          const ProcessOptions& options = {}, const std::string& tag = "msfit")
      : out_(dir / (tag + ".stdout")), err_(dir / (tag + ".stderr")) {
    const auto in = dir / (tag + ".stdin");
    std::ofstream(in) << options.input;
    std::vector<std::string> all = {MSFIT_TEST_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    const std::string in_path = in.string();
    const std::string out_path = out_.string();
    const std::string err_path = err_.string();
    // Emptied here, not only in the child: nothing may read the last process's output as this
    // one's before the child has opened them.
    std::ofstream(out_, std::ios::trunc).close();
    std::ofstream(err_, std::ios::trunc).close();
    // Only async-signal-safe calls between fork and exec: the test may have other threads.
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd_in = ::open(in_path.c_str(), O_RDONLY);
      const int fd_out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int fd_err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd_in < 0 || fd_out < 0 || fd_err < 0 || ::dup2(fd_in, 0) < 0 || ::dup2(fd_out, 1) < 0 ||
          ::dup2(fd_err, 2) < 0) {
        ::_exit(126);
      }
      // Nothing else of the test (its client sockets) is inherited.
      ::close_range(3, ~0U, 0);
      if (options.file_size_limit) {
        ::signal(SIGXFSZ, SIG_IGN);  // Stays ignored across exec.
        const rlimit limit{*options.file_size_limit, *options.file_size_limit};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
          ::_exit(125);
        }
      }
      if (options.gid && (::setgroups(0, nullptr) != 0 || ::setgid(*options.gid) != 0)) {
        ::_exit(124);
      }
      if (options.uid && ::setuid(*options.uid) != 0) {
        ::_exit(123);
      }
      // Gone with the test, however it ends (after setuid, which clears this).
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::execve(argv[0], argv.data(), environ);
      ::_exit(127);
    }
  }
  ~Process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  // Exit code (128 + signal when killed by one), or -1 if it did not end within the time.
  int wait(std::chrono::milliseconds limit = std::chrono::seconds{20}) {
    if (exited_) {
      return code_;
    }
    const auto until = Clock::now() + limit;
    for (;;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return code_;
      }
      if (Clock::now() >= until) {
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
  }
  [[nodiscard]] bool running() { return !exited_ && wait(std::chrono::milliseconds{0}) == -1; }
  void signal(int sig) const {
    if (!exited_) {
      ::kill(pid_, sig);
    }
  }
  // SIGKILL, then reaped; the exit code (128 + 9 when the kill did it).
  int kill() {
    signal(SIGKILL);
    return wait();
  }

  [[nodiscard]] std::string out() const { return slurp(out_); }
  [[nodiscard]] std::string err() const { return slurp(err_); }

  // The port from "MSFit is serving ... at http://127.0.0.1:PORT/...", once it is printed;
  // 0 when the process ended first or it took longer than `limit`.
  unsigned short wait_for_port(std::chrono::milliseconds limit = std::chrono::seconds{20}) {
    static const std::regex re(R"(http://127\.0\.0\.1:(\d+)/)");
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
      std::smatch m;
      const std::string text = out();
      if (std::regex_search(text, m, re)) {
        return static_cast<unsigned short>(std::stoi(m[1]));
      }
      if (!running()) {
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{2});
    }
    return 0;
  }

  // Resident set size in KiB (VmRSS of /proc/PID/status), 0 when it cannot be read.
  [[nodiscard]] long rss_kib() const { return status_kib("VmRSS"); }

  // A "Name:   N kB" field of /proc/PID/status (VmRSS, RssAnon, RssFile, ...), 0 when unknown.
  [[nodiscard]] long status_kib(const std::string& name) const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind(name + ":", 0) == 0) {
        return std::strtol(line.c_str() + name.size() + 1, nullptr, 10);
      }
    }
    return 0;
  }

 private:
  std::filesystem::path out_;
  std::filesystem::path err_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int code_ = -1;
};

struct Reply {
  int status = 0;  // 0: no answer (the connection failed or timed out).
  std::string body;
  std::string content_type;
  bool keep_alive = true;
  std::string retry_after;  // The Retry-After header, when there is one.
  [[nodiscard]] Json json() const { return Json::parse(body, nullptr, false); }
  // The error code of a JSON error body ({"error": {"code": ...}}), or "".
  [[nodiscard]] std::string error_code() const {
    const Json j = json();
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
      return j["error"].value("code", "");
    }
    return "";
  }
};

// A kept-alive HTTP/1.1 connection to 127.0.0.1:port. Every step has a deadline (async
// operations run to completion on a private io_context: Beast's timeouts only apply to those),
// so a server that hangs fails the request instead of the test. A request that fails closes
// the connection; the next one connects again.
class Client {
 public:
  explicit Client(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds{10})
      : port_(port), timeout_(timeout) {}

  Reply request(const std::string& method, const std::string& target, const std::string& body = "",
                const std::string& token = "") {
    namespace beast = boost::beast;
    namespace bhttp = beast::http;
    namespace net = boost::asio;
    beast::error_code ec;
    if (!stream_) {
      stream_ = std::make_unique<beast::tcp_stream>(ioc_);
      stream_->expires_after(timeout_);
      stream_->async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_),
                             [&](beast::error_code e) { ec = e; });
      run();
      if (ec) {
        return failed("connect", ec);
      }
    }
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1");
    if (!token.empty()) {
      req.set(bhttp::field::authorization, "Bearer " + token);
    }
    if (!body.empty()) {
      req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    stream_->expires_after(timeout_);
    bhttp::async_write(*stream_, req, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) {
      return failed("write", ec);
    }
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    bhttp::async_read(*stream_, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) {
      return failed("read", ec);
    }
    const auto& res = parser.get();
    Reply reply{static_cast<int>(res.result_int()), res.body(),
                std::string(res[bhttp::field::content_type]), res.keep_alive(),
                std::string(res[bhttp::field::retry_after])};
    if (!reply.keep_alive) {
      close();
    }
    return reply;
  }

  void close() {
    if (stream_) {
      boost::beast::error_code ignored;
      stream_->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
      stream_.reset();
    }
  }
  [[nodiscard]] const std::string& last_error() const { return last_error_; }

 private:
  void run() {
    ioc_.restart();
    ioc_.run();
  }
  Reply failed(const char* step, const boost::beast::error_code& ec) {
    stream_.reset();
    last_error_ = std::string(step) + ": " + ec.message();
    return {};
  }

  unsigned short port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context ioc_;
  std::unique_ptr<boost::beast::tcp_stream> stream_;
  std::string last_error_;
};

// One request on a connection of its own.
inline Reply call(unsigned short port, const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& token = "") {
  Client client(port);
  return client.request(method, target, body, token);
}

// Creates the account (when `create`) and signs in; the bearer token, or "" on failure.
inline std::string sign_in(unsigned short port, const std::string& name, bool create) {
  const Json cred = {{"name", name}, {"password", "correct horse battery"}};
  if (create) {
    const Reply made = call(port, "POST", "/api/v1/accounts", cred.dump());
    EXPECT_EQ(made.status, 201) << made.body;
  }
  const Reply r = call(port, "POST", "/api/v1/auth/sessions", cred.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("token", "");
}

// A raw SQLite connection, for checking the file behind the server's back.
struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

// Opens the file; `keep_wal` leaves a write-ahead log as it is on close (no checkpoint), so
// that the next server start finds it as a crash left it.
inline Db open_raw(const std::string& path, bool keep_wal = true) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  Db owned(db);
  if (rc != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  if (keep_wal) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  }
  return owned;
}

// Every row of a query, its first column as text.
inline std::vector<std::string> column(sqlite3* db, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
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

inline std::string integrity(const std::string& path) {
  Db db = open_raw(path);
  if (!db) {
    return "cannot open";
  }
  std::string all;
  for (const auto& line : column(db.get(), "PRAGMA integrity_check")) {
    all += (all.empty() ? "" : "; ") + line;
  }
  return all;
}

}  // namespace msfit::reliability

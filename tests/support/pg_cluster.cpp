#include "pg_cluster.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "temp_dir.hpp"

extern char** environ;

namespace msfit::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kDefaultBinDir = "/usr/lib/postgresql/15/bin";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The last `n` characters of `text`, for error messages.
std::string tail(const std::string& text, std::size_t n = 6000) {
  if (text.size() <= n) {
    return text;
  }
  return "[...]\n" + text.substr(text.size() - n);
}

std::string join(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) {
    out += (out.empty() ? "" : " ") + a;
  }
  return out;
}

fs::path psql_path() {
  const fs::path own = PgCluster::bin_dir() / "psql";
  return fs::exists(own) ? own : fs::path("/usr/bin/psql");
}

struct Ids {
  uid_t uid = 0;
  gid_t gid = 0;
};

// The `postgres` user when running as root (initdb and postgres refuse root), else nothing.
std::optional<Ids> postgres_ids() {
  if (::geteuid() != 0) {
    return std::nullopt;
  }
  passwd pw{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwnam_r("postgres", &pw, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr) {
    throw PgError("running as root, and there is no user 'postgres' to run PostgreSQL as");
  }
  return Ids{pw.pw_uid, pw.pw_gid};
}

// Makes `dir` belong to the user PostgreSQL runs as, and readable by everyone.
void hand_over(const fs::path& dir) {
  if (::chmod(dir.c_str(), 0755) != 0) {
    throw PgError("cannot chmod " + dir.string() + ": " + std::strerror(errno));
  }
  if (const auto ids = postgres_ids()) {
    if (::chown(dir.c_str(), ids->uid, ids->gid) != 0) {
      throw PgError("cannot chown " + dir.string() + ": " + std::strerror(errno));
    }
  }
}

struct Spawn {
  std::vector<std::string> args;  // args[0] is the program's path.
  fs::path cwd;
  bool as_postgres = false;  // As the user postgres when running as root.
  int out_fd = -1;           // Becomes its stdout.
  int err_fd = -1;           // Becomes its stderr.
};

// Starts a child process: stdin /dev/null, no other descriptor of ours, the environment
// without PG* variables (which would change where libpq programs connect), SIGKILL when the
// starting thread ends. Only async-signal-safe calls between fork and exec: tests have threads.
pid_t spawn(const Spawn& s) {
  std::vector<std::string> args = s.args;
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "PG", 2) != 0) {
      envp.push_back(*e);
    }
  }
  envp.push_back(nullptr);
  const std::optional<Ids> ids = s.as_postgres ? postgres_ids() : std::nullopt;
  const std::string cwd = s.cwd.string();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw PgError("fork failed: " + std::string(std::strerror(errno)));
  }
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(s.out_fd, 1) < 0 ||
        ::dup2(s.err_fd, 2) < 0) {
      ::_exit(126);
    }
    ::close_range(3, ~0U, 0);
    if (::chdir(cwd.c_str()) != 0) {
      ::_exit(125);
    }
    if (ids &&
        (::setgroups(0, nullptr) != 0 || ::setgid(ids->gid) != 0 || ::setuid(ids->uid) != 0)) {
      ::_exit(124);
    }
    // After setuid, which clears it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
      ::_exit(123);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

// Waits for `pid` to end; its exit code (128 + signal), or -1 after `limit`.
int wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto until = Clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (r < 0 && errno != EINTR) {
      return 0;  // Not our child (any more).
    }
    if (Clock::now() >= until) {
      return -1;
    }
    std::this_thread::sleep_for(5ms);
  }
}

struct Ran {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs a program to its end and collects its output; throws PgError when it cannot be started
// or takes longer than `limit` (it is killed then).
Ran run(const std::vector<std::string>& args, const fs::path& cwd, bool as_postgres,
        std::chrono::milliseconds limit) {
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    throw PgError("pipe failed: " + std::string(std::strerror(errno)));
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw PgError("pipe failed: " + std::string(std::strerror(errno)));
  }
  pid_t pid = -1;
  try {
    pid = spawn({args, cwd, as_postgres, out[1], err[1]});
  } catch (...) {
    for (const int fd : {out[0], out[1], err[0], err[1]}) {
      ::close(fd);
    }
    throw;
  }
  ::close(out[1]);
  ::close(err[1]);
  Ran ran;
  const auto until = Clock::now() + limit;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&ran.out, &ran.err};
  int open_fds = 2;
  bool timed_out = false;
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    const int n = ::poll(fds, 2, static_cast<int>(std::min<long>(left, 1000)));
    if (n < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && fds[i].revents != 0) {
        char buffer[8192];
        const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
        if (got > 0) {
          sinks[i]->append(buffer, static_cast<std::size_t>(got));
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
          ::close(fds[i].fd);
          fds[i].fd = -1;
          --open_fds;
        }
      }
    }
  }
  for (const auto& p : fds) {
    if (p.fd >= 0) {
      ::close(p.fd);
    }
  }
  if (timed_out) {
    ::kill(pid, SIGKILL);
  }
  ran.code = wait_exit(pid, timed_out ? 10s : std::max(limit, std::chrono::milliseconds{10000}));
  if (timed_out) {
    throw PgError(join(args) + " took longer than " + std::to_string(limit.count()) +
                  " ms and was killed; its output:\n" + ran.out + ran.err);
  }
  return ran;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw PgError("socket failed: " + std::string(std::strerror(errno)));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw PgError("cannot find a free port: " + std::string(std::strerror(errno)));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Whether something accepts TCP connections at 127.0.0.1:port.
bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// The processes whose parent is `pid` (from /proc/*/stat).
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(),
                                     [](unsigned char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const std::string stat = slurp(entry.path() / "stat");
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses.
    const auto close = stat.rfind(')');
    if (close == std::string::npos) {
      continue;
    }
    std::istringstream rest(stat.substr(close + 1));
    char state = 0;
    long ppid = 0;
    if (rest >> state >> ppid && ppid == pid) {
      out.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return out;
}

// A process that has ended (gone, or a zombie nobody has reaped yet).
bool ended(pid_t pid) {
  const std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  const auto close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] == 'Z' ||
         stat[close + 2] == 'X';
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string psql_at(int port, std::string_view sql, std::string_view database,
                    std::string_view what) {
  const Ran ran = run({psql_path().string(), "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                       "127.0.0.1", "-p", std::to_string(port), "-U", "postgres", "-d",
                       std::string(database), "-c", std::string(sql)},
                      "/", /*as_postgres=*/false, 60s);
  if (ran.code != 0) {
    throw PgError("psql on " + std::string(what) + " (port " + std::to_string(port) + ", " +
                  std::string(database) + ") failed (exit " + std::to_string(ran.code) +
                  ") for: " + std::string(sql) + "\n" + ran.err);
  }
  std::string out = ran.out;
  if (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

std::atomic<int> standby_count{0};

}  // namespace

struct PgCluster::State {
  TempDir dir{"msfit-pg"};
  fs::path data;
  fs::path log_path;
  Options options;
  int port = 0;
  pid_t pid = -1;  // The postmaster, our child; -1 when not running.
  std::string application_name;
  int primary_port = 0;  // A standby's primary.
  bool synchronous = false;

  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { shut_down(); }

  [[nodiscard]] std::string log() const { return slurp(log_path); }

  [[noreturn]] void fail(const std::string& what) const {
    throw PgError(what + "\n--- server log " + log_path.string() + " ---\n" + tail(log()));
  }

  bool running() {
    if (pid > 0 && wait_exit(pid, 0ms) != -1) {
      pid = -1;
    }
    return pid > 0;
  }

  // Runs a PostgreSQL program (as postgres when root); fails with the server log when it exits
  // with an error.
  Ran tool(const std::string& name, std::vector<std::string> args,
           std::chrono::milliseconds limit = 120s) {
    args.insert(args.begin(), (bin_dir() / name).string());
    Ran ran = run(args, dir.path(), /*as_postgres=*/true, limit);
    if (ran.code != 0) {
      fail(join(args) + " failed (exit " + std::to_string(ran.code) + "):\n" + ran.out + ran.err);
    }
    return ran;
  }

  // In postgresql.conf, where initdb put its own value, not on the command line: a reload
  // (pg_reload_conf) would otherwise find the file's value and complain that it cannot change.
  void write_max_connections() const {
    std::ofstream(data / "postgresql.conf", std::ios::app)
        << "max_connections = " << options.max_connections << "  # PgCluster\n";
  }

  std::vector<std::string> server_args() const {
    std::vector<std::string> args = {(bin_dir() / "postgres").string(), "-D", data.string()};
    std::vector<std::string> settings = {
        "listen_addresses=127.0.0.1",
        "port=" + std::to_string(port),
        "unix_socket_directories=" + dir.path().string(),
        std::string("fsync=") + (options.fsync ? "on" : "off"),
        "wal_level=replica",
        "max_wal_senders=5",
        "hot_standby=on",
        // A start after a crash or from a base backup first syncs the data directory: one
        // syncfs() instead of an fsync() per file (seconds on a busy machine).
        "recovery_init_sync_method=syncfs",
        "log_line_prefix=%m [%p] %q%a ",
    };
    settings.insert(settings.end(), options.settings.begin(), options.settings.end());
    for (auto& s : settings) {
      args.emplace_back("-c");
      args.push_back(std::move(s));
    }
    return args;
  }

  // Starts the postmaster and waits until it accepts connections (postmaster.pid says "ready",
  // or "standby" for a standby without hot_standby, as pg_ctl -w checks). With `pick_port`, a
  // port taken meanwhile by someone else is replaced by another free one.
  void start(bool pick_port) {
    if (running()) {
      return;
    }
    for (int attempt = 0;; ++attempt) {
      if (pick_port) {
        port = free_port();
      }
      const auto log_size = fs::exists(log_path) ? fs::file_size(log_path) : 0;
      const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (log_fd < 0) {
        throw PgError("cannot open " + log_path.string() + ": " + std::strerror(errno));
      }
      try {
        pid = spawn({server_args(), dir.path(), /*as_postgres=*/true, log_fd, log_fd});
      } catch (...) {
        ::close(log_fd);
        throw;
      }
      ::close(log_fd);
      if (wait_ready()) {
        return;
      }
      const std::string this_start = log().substr(std::min<std::size_t>(log_size, log().size()));
      const bool port_taken =
          this_start.find("could not bind") != std::string::npos ||
          this_start.find("could not create any TCP/IP sockets") != std::string::npos;
      if (!(pick_port && port_taken && attempt < 5)) {
        fail("the PostgreSQL server in " + data.string() + " (port " + std::to_string(port) +
             ") did not start");
      }
    }
  }

  bool wait_ready() {
    const auto until = Clock::now() + 60s;
    while (Clock::now() < until) {
      if (!running()) {
        return false;
      }
      std::istringstream pid_file(slurp(data / "postmaster.pid"));
      std::vector<std::string> lines;
      for (std::string line; std::getline(pid_file, line);) {
        lines.push_back(line);
      }
      if (lines.size() >= 8 && lines[0] == std::to_string(pid) &&
          (lines[7].rfind("ready", 0) == 0 || lines[7].rfind("standby", 0) == 0)) {
        return true;
      }
      std::this_thread::sleep_for(10ms);
    }
    shut_down();
    return false;
  }

  // Ends the server: `sig` (SIGINT fast, SIGQUIT immediate shutdown), SIGKILL for it and its
  // processes when it takes longer than `limit`.
  void end(int sig, std::chrono::milliseconds limit) {
    if (!running()) {
      return;
    }
    ::kill(pid, sig);
    if (wait_exit(pid, limit) == -1) {
      kill_all();
    }
    pid = -1;
  }

  void shut_down() noexcept {
    try {
      end(SIGQUIT, 10s);
    } catch (...) {
      kill_all();
    }
  }

  // SIGKILL for the postmaster and its processes, stopped first so that it starts no other.
  // Meanwhile this process is their subreaper: orphaned by the postmaster, they become our
  // children and are reaped here, instead of staying zombies under an init that reaps nothing
  // (as in some containers).
  void kill_all() noexcept {
    if (pid <= 0) {
      return;
    }
    int was_subreaper = 0;
    ::prctl(PR_GET_CHILD_SUBREAPER, &was_subreaper);
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    ::kill(pid, SIGSTOP);
    std::vector<pid_t> children;
    try {
      children = children_of(pid);
    } catch (...) {
    }
    ::kill(pid, SIGKILL);
    for (const pid_t child : children) {
      ::kill(child, SIGKILL);
    }
    wait_exit(pid, 10s);
    pid = -1;
    // Until they are gone, their shared memory keeps the next start of the server from running.
    const auto until = Clock::now() + 10s;
    for (const pid_t child : children) {
      wait_exit(child, std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::max(until - Clock::now(), Clock::duration::zero())));
      while (!ended(child) && Clock::now() < until) {
        std::this_thread::sleep_for(5ms);
      }
    }
    if (was_subreaper == 0) {
      ::prctl(PR_SET_CHILD_SUBREAPER, 0);
    }
  }
};

fs::path PgCluster::bin_dir() {
  const char* dir = std::getenv("MSFIT_PG_BINDIR");
  return dir != nullptr && *dir != '\0' ? fs::path(dir) : fs::path(kDefaultBinDir);
}

bool PgCluster::available() {
  const fs::path dir = bin_dir();
  for (const char* name : {"initdb", "postgres", "pg_ctl", "pg_basebackup"}) {
    if (::access((dir / name).c_str(), X_OK) != 0) {
      return false;
    }
  }
  return ::access(psql_path().c_str(), X_OK) == 0;
}

bool PgCluster::required() {
  const char* value = std::getenv("MSFIT_REQUIRE_POSTGRES");
  return value != nullptr && std::string_view(value) == "1";
}

PgCluster::PgCluster(std::unique_ptr<State> state) : state_(std::move(state)) {}

PgCluster::PgCluster() : PgCluster(Options{}) {}

PgCluster::PgCluster(const Options& options) {
  auto state = std::make_unique<State>();
  State& s = *state;
  if (s.dir.path().empty()) {
    throw PgError("cannot make a temporary directory");
  }
  s.options = options;
  s.data = s.dir.path() / "data";
  s.log_path = s.dir.path() / "postgres.log";
  hand_over(s.dir.path());
  s.tool("initdb", {"-D", s.data.string(), "-A", "trust", "-U", "postgres", "--no-sync", "-E",
                    "UTF8", "--locale=C", "--no-instructions"});
  // initdb -A trust lets replication connections from 127.0.0.1 in; make sure of it.
  const fs::path hba = s.data / "pg_hba.conf";
  const std::string rules = slurp(hba);
  std::istringstream lines(rules);
  bool replication = false;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    replication = replication || (w.size() >= 5 && w[0] == "host" && w[1] == "replication" &&
                                  w[3] == "127.0.0.1/32" && w[4] == "trust");
  }
  if (!replication) {
    std::ofstream(hba, std::ios::app) << "host replication all 127.0.0.1/32 trust\n";
  }
  s.write_max_connections();
  s.start(/*pick_port=*/true);
  state_ = std::move(state);
}

PgCluster PgCluster::standby_of(PgCluster& primary, bool synchronous) {
  return standby_of(primary, synchronous, Options{});
}

PgCluster PgCluster::standby_of(PgCluster& primary, bool synchronous, const Options& options) {
  auto state = std::make_unique<State>();
  State& s = *state;
  if (s.dir.path().empty()) {
    throw PgError("cannot make a temporary directory");
  }
  s.options = options;
  s.data = s.dir.path() / "data";
  s.log_path = s.dir.path() / "postgres.log";
  s.application_name = "msfit_standby_" + std::to_string(++standby_count);
  s.primary_port = primary.port();
  s.synchronous = synchronous;
  hand_over(s.dir.path());
  try {
    s.tool("pg_basebackup",
           {"-h", "127.0.0.1", "-p", std::to_string(primary.port()), "-U", "postgres", "-D",
            s.data.string(), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"});
  } catch (const PgError& e) {
    throw PgError(std::string(e.what()) + "\n--- primary's log ---\n" + tail(primary.log()));
  }
  // Later lines win: connect under our own name; never wait for a standby of our own (the
  // primary's synchronous_standby_names may have come with the copy).
  std::ofstream(s.data / "postgresql.auto.conf", std::ios::app)
      << "# PgCluster::standby_of\n"
      << "primary_conninfo = 'host=127.0.0.1 port=" << primary.port()
      << " user=postgres application_name=" << s.application_name << "'\n"
      << "synchronous_standby_names = ''\n";
  s.write_max_connections();
  s.start(/*pick_port=*/true);
  if (synchronous) {
    // One statement a call: ALTER SYSTEM cannot run in a transaction block.
    primary.psql("ALTER SYSTEM SET synchronous_standby_names = '*'");
    primary.psql("ALTER SYSTEM SET synchronous_commit = 'on'");
    primary.psql("SELECT pg_reload_conf()");
  }
  return PgCluster(std::move(state));
}

PgCluster::~PgCluster() = default;
PgCluster::PgCluster(PgCluster&&) noexcept = default;
PgCluster& PgCluster::operator=(PgCluster&&) noexcept = default;

int PgCluster::port() const {
  return state_->port;
}

std::string PgCluster::host_port() const {
  return "127.0.0.1:" + std::to_string(port());
}

std::string PgCluster::url(std::string_view database) const {
  return "postgresql://postgres@" + host_port() + "/" + std::string(database);
}

const std::string& PgCluster::application_name() const {
  return state_->application_name;
}

const fs::path& PgCluster::data_dir() const {
  return state_->data;
}

void PgCluster::create_database(std::string_view name) {
  psql("CREATE DATABASE " + quote_identifier(name) + " TEMPLATE template0 ENCODING 'UTF8'");
}

std::string PgCluster::psql(std::string_view sql, std::string_view database) const {
  try {
    return psql_at(port(), sql, database, "the server in " + state_->data.string());
  } catch (const PgError& e) {
    state_->fail(e.what());
  }
}

bool PgCluster::wait_for(std::string_view sql, std::string_view expected,
                         std::chrono::milliseconds limit, std::string_view database) const {
  const auto until = Clock::now() + limit;
  for (;;) {
    try {
      if (psql_at(port(), sql, database, "") == expected) {
        return true;
      }
    } catch (const PgError&) {
    }
    if (Clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(50ms);
  }
}

std::string PgCluster::log() const {
  return state_->log();
}

pid_t PgCluster::postmaster_pid() const {
  if (!running()) {
    return -1;
  }
  std::istringstream file(slurp(state_->data / "postmaster.pid"));
  std::string first;
  std::getline(file, first);
  try {
    return static_cast<pid_t>(std::stol(first));
  } catch (const std::exception&) {
    return -1;
  }
}

bool PgCluster::running() const {
  return state_->running();
}

void PgCluster::kill9() {
  State& s = *state_;
  if (!s.running()) {
    return;
  }
  s.kill_all();
  const auto until = Clock::now() + 10s;
  while (accepts(s.port)) {
    if (Clock::now() >= until) {
      s.fail("port " + std::to_string(s.port) + " still accepts connections after SIGKILL");
    }
    std::this_thread::sleep_for(10ms);
  }
}

void PgCluster::start() {
  state_->start(/*pick_port=*/false);
}

void PgCluster::stop() {
  state_->end(SIGINT, 60s);
}

void PgCluster::promote() {
  State& s = *state_;
  if (s.primary_port == 0) {
    throw PgError("promote(): " + s.data.string() + " is not a standby");
  }
  s.tool("pg_ctl", {"promote", "-w", "-t", "60", "-D", s.data.string()}, 90s);
  if (!wait_for("SELECT pg_is_in_recovery()", "f", 30s)) {
    s.fail("the promoted standby in " + s.data.string() + " is still in recovery");
  }
}

void PgCluster::wait_streaming(std::chrono::milliseconds limit) const {
  const State& s = *state_;
  if (s.primary_port == 0) {
    throw PgError("wait_streaming(): " + s.data.string() + " is not a standby");
  }
  const std::string sql =
      "SELECT state || '|' || sync_state FROM pg_stat_replication "
      "WHERE application_name = '" +
      s.application_name + "'";
  const auto until = Clock::now() + limit;
  std::string last;
  for (;;) {
    try {
      last = psql_at(s.primary_port, sql, "postgres", "the primary");
      if (last == (s.synchronous ? "streaming|sync" : "streaming|async") ||
          (!s.synchronous && last.rfind("streaming|", 0) == 0)) {
        return;
      }
    } catch (const PgError& e) {
      last = e.what();
    }
    if (Clock::now() >= until) {
      s.fail("the standby " + s.application_name + " is not streaming from port " +
             std::to_string(s.primary_port) + " (pg_stat_replication: '" + last + "')");
    }
    std::this_thread::sleep_for(20ms);
  }
}

}  // namespace msfit::testing

// `msfit serve` as a process: the example account, the access log, bad options, account
// creation from the CLI, and a graceful stop under load (SIGTERM while clients write sets:
// the process exits 0 and every write it acknowledged is in the database).

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msfit/storage/store.hpp"

#include "temp_dir.hpp"

extern char** environ;

namespace msfit {
namespace {

using Json = nlohmann::json;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;

// A child process with its stdout and stderr in files and its stdin from a string.
class Process {
 public:
  Process(const std::vector<std::string>& args, const std::filesystem::path& dir,
          const std::string& input = "")
      : out_(dir / "stdout"), err_(dir / "stderr") {
    const auto in = dir / "stdin";
    std::ofstream(in) << input;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> argv;
    std::vector<std::string> all = {MSFIT_TEST_BIN};
    all.insert(all.end(), args.begin(), args.end());
    for (auto& a : all) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    args_ = std::move(all);
  }
  ~Process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Exit code, or -1 if it did not exit within the time.
  int wait(std::chrono::seconds limit = std::chrono::seconds{20}) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return -1;
  }
  void signal(int sig) const { ::kill(pid_, sig); }

  [[nodiscard]] std::string out() const { return slurp(out_); }
  [[nodiscard]] std::string err() const { return slurp(err_); }

  // The port from "MSFit is serving ... at http://127.0.0.1:PORT/...", once it is printed.
  unsigned short wait_for_port() const {
    const std::regex re(R"(http://127\.0\.0\.1:(\d+)/)");
    for (int i = 0; i < 500; ++i) {
      std::smatch m;
      const std::string text = out();
      if (std::regex_search(text, m, re)) {
        return static_cast<unsigned short>(std::stoi(m[1]));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return 0;
  }

 private:
  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::filesystem::path out_;
  std::filesystem::path err_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

struct Reply {
  int status = 0;
  Json body;
};

// One request on a kept-alive stream; status 0 when the connection failed.
Reply request(beast::tcp_stream& stream, const std::string& method, const std::string& target,
              const std::string& body, const std::string& token) {
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
  beast::error_code ec;
  bhttp::write(stream, req, ec);
  if (ec) {
    return {};
  }
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res, ec);
  if (ec) {
    return {};
  }
  return Reply{static_cast<int>(res.result_int()), Json::parse(res.body(), nullptr, false)};
}

Reply call(unsigned short port, const std::string& method, const std::string& target,
           const std::string& body = "", const std::string& token = "") {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) {
    return {};
  }
  return request(stream, method, target, body, token);
}

std::string sign_in(unsigned short port, const std::string& name, const std::string& password) {
  const Reply r = call(port, "POST", "/api/v1/auth/sessions",
                       Json{{"name", name}, {"password", password}}.dump());
  EXPECT_EQ(r.status, 201);
  return r.body.value("token", "");
}

class Serve : public ::testing::Test {
 protected:
  testing::TempDir dir_{"msfit-serve"};
  std::string db_ = (dir_.path() / "msfit.db").string();
};

TEST_F(Serve, StartsWithTheExampleAccountLogsRoutesOnlyAndStopsCleanly) {
  // A database in a folder that does not exist yet; a Tuesday, which is not one of the
  // example's days (mon, wed, fri).
  const std::string db = (dir_.path() / "var" / "msfit.db").string();
  Process p({"--db", db, "serve", "--port", "0", "--clock-start", "2026-12-08", "--example",
             std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json"},
            dir_.path());
  const unsigned short port = p.wait_for_port();
  ASSERT_NE(port, 0) << p.err();
  EXPECT_NE(p.out().find("Created a new database at " + db), std::string::npos) << p.out();
  EXPECT_NE(p.out().find("Example account: name 'example', password 'example-password'"),
            std::string::npos);
  const std::string token = sign_in(port, "example", "example-password");
  const Reply today = call(port, "GET", "/api/v1/sessions/today", "", token);
  EXPECT_EQ(today.status, 200);
  EXPECT_EQ(today.body["date"], "2026-12-08");
  EXPECT_EQ(today.body["status"], "train") << today.body.dump();  // A session to try today.
  EXPECT_TRUE(today.body.contains("items"));
  const Reply note = call(port, "POST", "/api/v1/notes",
                          R"({"client_id":"n1","text":"dizzy after the bike"})", token);
  EXPECT_EQ(note.status, 201);
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
  EXPECT_NE(p.out().find("Stopped cleanly."), std::string::npos);

  // The access log has method, route template, status and time; never the token, the
  // password or what was logged.
  const std::string log = p.err();
  EXPECT_NE(log.find(R"("method":"GET","route":"/api/v1/sessions/today","status":200)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find(R"("route":"/api/v1/auth/sessions","status":201)"), std::string::npos);
  EXPECT_EQ(log.find(token), std::string::npos);
  EXPECT_EQ(log.find("example-password"), std::string::npos);
  EXPECT_EQ(log.find("dizzy"), std::string::npos);

  // A second start keeps the example account as it is.
  const auto second = dir_.path() / "second";
  std::filesystem::create_directories(second);
  Process again(
      {"--db", db, "serve", "--port", "0", "--access-log", "off", "--clock-start", "2026-12-09",
       "--example", std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json"},
      second);
  const unsigned short port2 = again.wait_for_port();
  ASSERT_NE(port2, 0);
  const std::string token2 = sign_in(port2, "example", "example-password");
  EXPECT_EQ(call(port2, "GET", "/api/v1/history", "", token2).body["notes"].size(), 1U);
  again.signal(SIGINT);
  EXPECT_EQ(again.wait(), 0);
}

TEST_F(Serve, BadOptionsExitWithTwoAndNameTheOption) {
  const auto run = [&](std::vector<std::string> args) {
    Process p(args, dir_.path());
    const int code = p.wait();
    return std::pair{code, p.err()};
  };
  auto [code, err] = run({"--db", db_, "serve", "--port", "0", "--bind", "0.0.0.0", "--example",
                          std::string(MSFIT_TEST_SOURCE_DIR) + "/examples/profile.json"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--example"), std::string::npos) << err;
  std::tie(code, err) = run({"--db", db_, "serve", "--port", "0", "--web", "/no/such/dir"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("web"), std::string::npos) << err;
  std::tie(code, err) = run({"--db", db_, "serve", "--port", "0", "--tls-cert", "/etc/hostname"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("tls-key"), std::string::npos) << err;
  std::tie(code, err) = run({"--db", db_, "serve", "--bind", "not-an-address"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("bind"), std::string::npos) << err;
  std::tie(code, err) = run({"--db", db_, "serve", "--port", "0", "--clock-start", "2026-13-01"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("--clock-start"), std::string::npos) << err;
}

TEST_F(Serve, CreatesAnAdministratorFromTheCommandLine) {
  Process weak({"--db", db_, "account", "create", "--name", "root", "--role", "admin"}, dir_.path(),
               "short\n");
  EXPECT_EQ(weak.wait(), 2);
  EXPECT_NE(weak.err().find("password"), std::string::npos);
  Process create({"--db", db_, "account", "create", "--name", "root", "--role", "admin"},
                 dir_.path(), "a long admin passphrase\n");
  ASSERT_EQ(create.wait(), 0) << create.err();
  Process again({"--db", db_, "account", "create", "--name", "root"}, dir_.path(),
                "a long admin passphrase\n");
  EXPECT_EQ(again.wait(), 2);  // The name is taken.

  Process server({"--db", db_, "serve", "--port", "0"}, dir_.path());
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0);
  const std::string token = sign_in(port, "root", "a long admin passphrase");
  const Reply accounts = call(port, "GET", "/api/v1/admin/accounts", "", token);
  EXPECT_EQ(accounts.status, 200);
  EXPECT_EQ(accounts.body["accounts"][0]["role"], "admin");
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
}

TEST_F(Serve, StopsGracefullyUnderLoadAndKeepsEveryAcknowledgedWrite) {
  Process server(
      {"--db", db_, "serve", "--port", "0", "--access-log", "off", "--clock-start", "2027-03-01"},
      dir_.path());
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.err();
  ASSERT_EQ(
      call(port, "POST", "/api/v1/accounts", R"({"name":"ana","password":"correct horse battery"})")
          .status,
      201);
  const std::string token = sign_in(port, "ana", "correct horse battery");

  // Eight clients write sets as fast as they can on kept-alive connections.
  constexpr int kClients = 8;
  std::atomic<bool> go_on{true};
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      net::io_context ioc;
      beast::tcp_stream stream(ioc);
      beast::error_code ec;
      stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
      for (int i = 0; go_on && !ec; ++i) {
        const Json set = {{"client_id", fmt::format("c{}-{}", c, i)},
                          {"exercise", "leg_press_machine"},
                          {"reps", 10},
                          {"load_kg", 40},
                          {"date", "2026-12-07"}};
        const Reply r = request(stream, "POST", "/api/v1/sets", set.dump(), token);
        if (r.status == 201) {
          ++acknowledged;
        } else {
          break;  // Closed by the stopping server.
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{800});
  server.signal(SIGTERM);
  const int code = server.wait(std::chrono::seconds{15});
  go_on = false;
  for (auto& t : clients) {
    t.join();
  }
  EXPECT_EQ(code, 0) << server.err();
  EXPECT_GT(acknowledged.load(), 0);

  auto store = storage::open_sqlite_store(db_);
  ASSERT_TRUE(store);
  auto ana = (*store)->find_account("ana");
  ASSERT_TRUE(ana);
  auto log = (*store)->history(ana->id, *core::parse_iso_date("2026-12-07"),
                               *core::parse_iso_date("2026-12-07"));
  ASSERT_TRUE(log);
  EXPECT_GE(static_cast<int>(log->sets.size()), acknowledged.load());
  // At most one write per client can be stored without its reply getting out.
  EXPECT_LE(static_cast<int>(log->sets.size()), acknowledged.load() + kClients);
}

}  // namespace
}  // namespace msfit

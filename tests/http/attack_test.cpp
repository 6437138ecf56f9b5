// The server under attack, end to end on loopback: bodies nested far deeper than anything real,
// connections that dribble headers or hold every slot, a process out of descriptors, floods of
// password checks beside training writes, guessing passwords (known and unknown names alike),
// look-alike account names, and the hardening of answers (HEAD, caching, framing, one
// Authorization header, transfer codings, 413 a client can read). Every bound is the server's
// own; the tests only wait for it to act, with generous limits for a busy machine.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "msfit/http/api.hpp"
#include "msfit/http/server.hpp"

#include "api_server.hpp"

namespace msfit::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Json = nlohmann::json;
using msfit::testing::ApiServer;
using msfit::testing::Reply;

using msfit::testing::example_profile;

std::string nested_array(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// A raw TCP connection to the server from a chosen loopback address (127.0.0.2 is another
// client as far as the server can tell).
struct RawClient {
  net::io_context ioc;
  tcp::socket socket{ioc};

  RawClient(unsigned short port, const std::string& from = "127.0.0.1") {
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(net::ip::make_address(from), 0));
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  void send(const std::string& bytes) {
    beast::error_code ec;
    net::write(socket, net::buffer(bytes), ec);
  }

  // Everything the server sends until it closes the connection or `limit` passes.
  std::string read_until_closed(std::chrono::seconds limit = std::chrono::seconds{30}) {
    std::string out;
    const auto end = std::chrono::steady_clock::now() + limit;
    std::array<char, 4096> buf{};
    timeval tv{1, 0};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    while (std::chrono::steady_clock::now() < end) {
      const auto n = ::recv(socket.native_handle(), buf.data(), buf.size(), 0);
      if (n == 0) {
        return out;
      }
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
          continue;
        }
        return out;  // Reset.
      }
      out.append(buf.data(), static_cast<std::size_t>(n));
    }
    return out;
  }

  // True when the server closed the connection (EOF or reset) within `limit`.
  bool closed_within(std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    std::array<char, 256> buf{};
    timeval tv{0, 200000};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    while (std::chrono::steady_clock::now() < end) {
      const auto n = ::recv(socket.native_handle(), buf.data(), buf.size(), 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        return true;
      }
    }
    return false;
  }
};

std::string status_line(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

// --- nesting ------------------------------------------------------------------------------

class AttackTest : public ::testing::Test {
 protected:
  ApiServer s_{[](ServerOptions& o) { o.body_limit = 1 << 20; }};
};

TEST_F(AttackTest, ABodyNestedFarDeeperThanTheLimitIsRefusedOnEveryRouteAndTheServerLives) {
  // The attack that killed the server: a clinician's plan adjustment with "days" nested 100,000
  // deep, 200 KB, under the body limit.
  const std::string person = s_.sign_up("pat");
  const std::string clinician = s_.sign_up("cli", "clinician");
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), person).status, 200);
  const Reply invite = s_.call("POST", "/api/v1/invites", "", person);
  ASSERT_EQ(
      s_.call("POST", "/api/v1/patients", Json{{"code", invite.json()["code"]}}.dump(), clinician)
          .status,
      201);
  const std::string id = std::to_string(s_.id_of(person));
  const std::string attack = R"({"kind":"days","days":)" + nested_array(100000) + "}";
  const Reply r =
      s_.call("POST", "/api/v1/patients/" + id + "/plan/adjustments", attack, clinician);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "(body)");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("32 levels"), std::string::npos);

  // Every route that reads a body, called by a role allowed on it.
  const std::map<Access, std::string> tokens = {{Access::Public, ""},
                                                {Access::SignedIn, person},
                                                {Access::Person, person},
                                                {Access::Patient, clinician},
                                                {Access::Clinician, clinician}};
  const std::string deep = "{\"a\":" + nested_array(200000) + "}";
  for (const auto& route : Api::routes()) {
    if (route.method == "GET" || !tokens.contains(route.access)) {
      continue;
    }
    std::string path = route.path;
    if (const auto at = path.find("{id}"); at != std::string::npos) {
      path.replace(at, 4, id);
    }
    const Reply answer = s_.call(route.method, path, deep, tokens.at(route.access));
    EXPECT_EQ(answer.status, 422) << route.method << " " << path << " " << answer.body;
  }
  // Nested as deep as a real body may be: read as usual (here: a wrong type, named).
  const Reply ok_depth = s_.call("POST", "/api/v1/patients/" + id + "/plan/adjustments",
                                 R"({"kind":"days","days":[["mon"]]})", clinician);
  EXPECT_EQ(ok_depth.status, 422);
  EXPECT_EQ(ok_depth.json()["error"]["field"], "days");
  EXPECT_EQ(s_.call("GET", "/api/v1/health").status, 200);
}

// --- connections --------------------------------------------------------------------------

TEST(AttackConnections, SlowHeadersAreCutOffAndOneAddressCannotHoldEverySlot) {
  ApiServer s([](ServerOptions& o) {
    o.header_timeout = std::chrono::seconds{1};
    o.max_connections_per_address = 8;
  });
  // Eight connections from one address dribbling a header byte now and then.
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<RawClient>(s.server().port()));
    slow.back()->send("G");
  }
  // A ninth from the same address is refused at once (closed without an answer).
  RawClient ninth(s.server().port());
  ninth.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(ninth.read_until_closed(), "");

  // Another address is served meanwhile.
  RawClient other(s.server().port(), "127.0.0.2");
  other.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_line(other.read_until_closed()), "HTTP/1.1 200 OK");

  // The dribblers are cut off once their headers are overdue, however slowly they keep
  // sending, and their address is served again.
  for (auto& c : slow) {
    c->send("E");
  }
  for (auto& c : slow) {
    EXPECT_TRUE(c->closed_within(std::chrono::seconds{30}));
  }
  RawClient again(s.server().port());
  again.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_line(again.read_until_closed()), "HTTP/1.1 200 OK");
}

TEST(AttackConnections, OutOfDescriptorsTheServerKeepsAcceptingOnceSomeAreFree) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "under the sanitizers, UBSan's vptr check needs a descriptor of its own (a "
                  "pipe) and reports every virtual call as invalid while none is free; the ci "
                  "build runs this test";
#endif
  ApiServer s;
  EXPECT_EQ(s.call("GET", "/api/v1/health").status, 200);
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  // Leave this process (server and clients alike) only a few descriptors more than it uses.
  int open_now = 0;
  for (int fd = 0; fd < 4096; ++fd) {
    open_now += fcntl(fd, F_GETFD) != -1 ? 1 : 0;
  }
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(open_now + 12);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &tight), 0);
  // Plain sockets, no exceptions: while descriptors are out, nothing here may need one (the
  // sanitizers' own checks open pipes and would misreport).
  std::vector<int> hogs;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(s.server().port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < 40; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      break;  // The clients ran out too.
    }
    hogs.push_back(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
      break;
    }
  }
  const std::size_t opened = hogs.size();
  // Give the server time to hit EMFILE on accept.
  std::this_thread::sleep_for(std::chrono::milliseconds{300});
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_LT(opened, 40U);  // The process did run out of descriptors.
  for (const int fd : hogs) {
    ::close(fd);
  }
  hogs.clear();
  // Accepting resumes by itself (it retries with back-off): new clients are served.
  Reply r;
  for (int attempt = 0; attempt < 100 && r.status != 200; ++attempt) {
    try {
      r = s.call("GET", "/api/v1/health");
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    }
  }
  EXPECT_EQ(r.status, 200);
}

// --- lanes --------------------------------------------------------------------------------

TEST(AttackLanes, EveryPasswordCheckRunsOnTheHashingLaneAndClinicianReadsOffTheIoThreads) {
  const auto lane = [](std::string method, std::string path) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    return Api::lane(r);
  };
  EXPECT_EQ(lane("POST", "/api/v1/auth/sessions"), Lane::Hashing);
  EXPECT_EQ(lane("POST", "/api/v1/accounts"), Lane::Hashing);
  EXPECT_EQ(lane("DELETE", "/api/v1/me"), Lane::Hashing);
  EXPECT_EQ(lane("PUT", "/api/v1/me/password"), Lane::Hashing);
  EXPECT_EQ(lane("POST", "/api/v1/sets"), Lane::Blocking);
  EXPECT_EQ(lane("DELETE", "/api/v1/auth/sessions"), Lane::Blocking);
  EXPECT_EQ(lane("GET", "/api/v1/patients"), Lane::Blocking);
  EXPECT_EQ(lane("GET", "/api/v1/patients/7/history"), Lane::Blocking);
  EXPECT_EQ(lane("HEAD", "/api/v1/patients/7/report"), Lane::Blocking);
  EXPECT_EQ(lane("GET", "/api/v1/plan"), Lane::Io);
  EXPECT_EQ(lane("GET", "/index.html"), Lane::Io);
}

TEST(AttackLanes, AFullHashingQueueAnswers503AtOnceAndNeverDelaysWrites) {
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> hashing_started{0};
  ServerOptions o;
  o.port = 0;
  o.threads = 2;
  o.hashing_threads = 1;
  o.hashing_queue = 2;
  o.lane = [](const Request& r) { return r.path == "/hash" ? Lane::Hashing : default_lane(r); };
  auto server = Server::create(o, [&](const Request& r) {
    if (r.path == "/hash") {
      ++hashing_started;
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return release; });
    }
    return Response{200, "{}", "application/json", {}};
  });
  ASSERT_TRUE(server) << server.error().message;
  std::thread runner([&] { (*server)->run(false); });
  const auto port = (*server)->port();
  const auto request = [&](const std::string& method, const std::string& path) {
    RawClient c(port);
    c.send(method + " " + path +
           " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return c.read_until_closed(std::chrono::seconds{60});
  };
  // Two password checks fill the queue (one running, one waiting).
  auto first = std::async(std::launch::async, [&] { return request("POST", "/hash"); });
  auto second = std::async(std::launch::async, [&] { return request("POST", "/hash"); });
  for (int i = 0; i < 600 && hashing_started.load() < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  ASSERT_EQ(hashing_started.load(), 1);
  // A third is turned away at once, with Retry-After, while the lane is still blocked.
  std::string busy;
  for (int i = 0; i < 600; ++i) {
    busy = request("POST", "/hash");
    if (status_line(busy) == "HTTP/1.1 503 Service Unavailable") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});  // The second not queued yet.
  }
  EXPECT_EQ(status_line(busy), "HTTP/1.1 503 Service Unavailable");
  EXPECT_NE(busy.find("Retry-After: 2"), std::string::npos);
  // Writes and reads are answered while every password check waits.
  EXPECT_EQ(status_line(request("POST", "/sets")), "HTTP/1.1 200 OK");
  EXPECT_EQ(status_line(request("GET", "/plan")), "HTTP/1.1 200 OK");
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(status_line(first.get()), "HTTP/1.1 200 OK");
  EXPECT_EQ(status_line(second.get()), "HTTP/1.1 200 OK");
  (*server)->stop();
  runner.join();
}

// --- passwords ----------------------------------------------------------------------------

TEST_F(AttackTest, GuessingGetsGrowingDelaysAndKnownAndUnknownNamesLookAlike) {
  (void)s_.sign_up("alice");
  const auto guess = [&](const std::string& name) {
    return s_.call("POST", "/api/v1/auth/sessions",
                   Json{{"name", name}, {"password", "not the password"}}.dump());
  };
  // The first failures are answered 401, the same for a real and a made-up name.
  for (int i = 0; i < 5; ++i) {
    const Reply known = guess("alice");
    const Reply unknown = guess("nobody-at-all");
    EXPECT_EQ(known.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(known.body, unknown.body);
  }
  // Then each name waits, told how long, whether it exists or not.
  const Reply known = guess("alice");
  const Reply unknown = guess("nobody-at-all");
  EXPECT_EQ(known.status, 429);
  EXPECT_EQ(unknown.status, 429);
  EXPECT_EQ(known.json()["error"]["code"], "too_many_attempts");
  EXPECT_EQ(known.json()["error"]["code"], unknown.json()["error"]["code"]);
  EXPECT_FALSE(known.headers.at("retry-after").empty());
  EXPECT_EQ(known.headers.at("retry-after"), unknown.headers.at("retry-after"));
}

TEST_F(AttackTest, ParallelGuessesAreCountedAtomically) {
  (void)s_.sign_up("bob");
  std::vector<std::future<int>> guesses;
  for (int i = 0; i < 40; ++i) {
    guesses.push_back(std::async(std::launch::async, [&] {
      return s_
          .call("POST", "/api/v1/auth/sessions", R"({"name":"bob","password":"a wrong guess"})")
          .status;
    }));
  }
  int checked = 0;
  int held = 0;
  for (auto& g : guesses) {
    const int status = g.get();
    checked += status == 401 ? 1 : 0;
    held += status == 429 ? 1 : 0;
  }
  EXPECT_GE(checked, 1);
  EXPECT_LE(checked, 5);  // The free attempts, however many arrive at once.
  EXPECT_EQ(checked + held, 40);
}

TEST_F(AttackTest, AccountDeletionAndPasswordChangeCountWithSignInFailures) {
  const std::string token = s_.sign_up("carl");
  for (int i = 0; i < 5; ++i) {
    const Reply r = s_.call("DELETE", "/api/v1/me", R"({"password":"guess number one"})", token);
    EXPECT_EQ(r.status, 403);
  }
  EXPECT_EQ(s_.call("DELETE", "/api/v1/me", R"({"password":"guess number six"})", token).status,
            429);
  EXPECT_EQ(
      s_.call("PUT", "/api/v1/me/password",
              R"({"current_password":"guess seven","new_password":"long enough pass"})", token)
          .status,
      429);
  // The account is still there.
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", token).status, 200);
}

TEST_F(AttackTest, APasswordChangeSignsOutOtherSessionsAndSignOutEverywhereEndsThemAll) {
  const std::string first = s_.sign_up("dora");
  const std::string cred = R"({"name":"dora","password":"correct horse battery"})";
  const std::string second = s_.call("POST", "/api/v1/auth/sessions", cred).json()["token"];
  Reply r =
      s_.call("PUT", "/api/v1/me/password",
              R"({"current_password":"wrong one","new_password":"a new long password"})", first);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["error"]["field"], "current_password");
  r = s_.call("PUT", "/api/v1/me/password",
              R"({"current_password":"correct horse battery","new_password":"short"})", first);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["error"]["field"], "new_password");
  r = s_.call(
      "PUT", "/api/v1/me/password",
      R"({"current_password":"correct horse battery","new_password":"a new long password"})",
      first);
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", first).status, 200);         // This session goes on.
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", second).status, 401);        // The other ended.
  EXPECT_EQ(s_.call("POST", "/api/v1/auth/sessions", cred).status, 401);  // Old password.
  const std::string third = s_.call("POST", "/api/v1/auth/sessions",
                                    R"({"name":"dora","password":"a new long password"})")
                                .json()["token"];
  r = s_.call("DELETE", "/api/v1/me/sessions", "", first);
  EXPECT_EQ(r.status, 204);
  EXPECT_NE(r.headers.at("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", first).status, 401);
  EXPECT_EQ(s_.call("GET", "/api/v1/me", "", third).status, 401);
}

TEST_F(AttackTest, AccountNamesAreNormalisedAndLookAlikesRefused) {
  const auto create = [&](const std::string& name) {
    return s_.call("POST", "/api/v1/accounts",
                   Json{{"name", name}, {"password", "correct horse battery"}}.dump());
  };
  Reply r = create(" Alice ");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["name"], "alice");
  EXPECT_EQ(create("ALICE").status, 409);
  for (const std::string& look_alike :
       {std::string("alice\u200b"), std::string("\u202ealice"),
        std::string("ali\x01"
                    "ce"),
        std::string("al\0ice", 6), std::string("<b>alice</b>"), std::string("a"),
        std::string("al ice"), std::string("\u0430lice") /* Cyrillic a */}) {
    r = create(look_alike);
    EXPECT_EQ(r.status, 422) << look_alike;
    EXPECT_EQ(r.json()["error"]["field"], "name");
  }
  // Signing in takes the name as typed, in any case.
  EXPECT_EQ(s_.call("POST", "/api/v1/auth/sessions",
                    R"({"name":"Alice","password":"correct horse battery"})")
                .status,
            201);
}

// --- idempotency --------------------------------------------------------------------------

TEST_F(AttackTest, AClinicianAndTheirPatientNeverShareClientIds) {
  const std::string person = s_.sign_up("pia");
  const std::string clinician = s_.sign_up("cleo", "clinician");
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), person).status, 200);
  const Reply invite = s_.call("POST", "/api/v1/invites", "", person);
  ASSERT_EQ(
      s_.call("POST", "/api/v1/patients", Json{{"code", invite.json()["code"]}}.dump(), clinician)
          .status,
      201);
  const std::string id = std::to_string(s_.id_of(person));
  const std::string measure =
      R"({"client_id":"m1","id":"t25fw","trials":[6.1,6.3],"date":"2027-02-01"})";
  EXPECT_EQ(s_.call("POST", "/api/v1/measures", measure, person).status, 201);
  const Reply theirs = s_.call("POST", "/api/v1/patients/" + id + "/measures", measure, clinician);
  EXPECT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(theirs.json()["stored"], true);
  EXPECT_EQ(theirs.json()["client_id"], "m1");
  // A retry of the clinician's entry is still recognised.
  EXPECT_EQ(s_.call("POST", "/api/v1/patients/" + id + "/measures", measure, clinician).status,
            200);
  const Reply results = s_.call("GET", "/api/v1/measures?id=t25fw", "", person);
  EXPECT_EQ(results.json()["results"].size(), 2U) << results.body;
  // The clinicians' prefix is theirs alone.
  const Reply forged = s_.call(
      "POST", "/api/v1/measures",
      R"({"client_id":"clinician:1:m2","id":"t25fw","trials":[6.1,6.3],"date":"2027-02-01"})",
      person);
  EXPECT_EQ(forged.status, 422);
  EXPECT_EQ(forged.json()["error"]["field"], "client_id");
}

// --- answers ------------------------------------------------------------------------------

TEST_F(AttackTest, HeadAnswersWhereGetDoesWithItsHeadersAndNoBody) {
  const std::string token = s_.sign_up("hal");
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), token).status, 200);
  const Reply get = s_.call("GET", "/api/v1/profile", "", token);
  RawClient c(s_.server().port());
  c.send("HEAD /api/v1/profile HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
         token + "\r\n\r\n");
  const std::string head = c.read_until_closed();
  EXPECT_EQ(status_line(head), "HTTP/1.1 200 OK");
  EXPECT_NE(head.find("Content-Length: " + std::to_string(get.body.size())), std::string::npos);
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "");
  const Reply wrong = s_.call("PUT", "/api/v1/health", "", "");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers.at("allow"), "GET, HEAD");
}

TEST_F(AttackTest, PersonalDataIsNeverCachedAndTheReportCanRunNothing) {
  const std::string token = s_.sign_up("ivy");
  ASSERT_EQ(s_.call("PUT", "/api/v1/profile", example_profile(), token).status, 200);
  for (const char* path : {"/api/v1/me", "/api/v1/profile", "/api/v1/history"}) {
    EXPECT_EQ(s_.call("GET", path, "", token).headers.at("cache-control"), "no-store") << path;
  }
  EXPECT_EQ(s_.call("GET", "/api/v1/nothing-here", "", token).headers.at("cache-control"),
            "no-store");
  EXPECT_FALSE(s_.call("GET", "/api/v1/health").headers.contains("cache-control"));
  const Reply report = s_.call("GET", "/api/v1/report?format=html", "", token);
  ASSERT_EQ(report.status, 200) << report.body;
  const std::string csp = report.headers.at("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("script-src"), std::string::npos);
}

TEST_F(AttackTest, TwoAuthorizationHeadersAndUnknownTransferCodingsAreRefused) {
  const std::string token = s_.sign_up("jo");
  RawClient twice(s_.server().port());
  twice.send("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
             "\r\nAuthorization: Bearer other\r\n\r\n");
  const std::string a = twice.read_until_closed();
  EXPECT_EQ(status_line(a), "HTTP/1.1 400 Bad Request");
  EXPECT_NE(a.find("one Authorization header"), std::string::npos);

  RawClient coded(s_.server().port());
  coded.send(
      "POST /api/v1/sets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n"
      "Content-Type: application/json\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(status_line(coded.read_until_closed()), "HTTP/1.1 501 Not Implemented");
}

TEST_F(AttackTest, ATooLargeBodyGetsA413TheClientCanRead) {
  // The client sends all of a 2 MiB body before it reads: it must get the 413, not a reset.
  RawClient c(s_.server().port());
  const std::size_t size = std::size_t{2} << 20;
  c.send(
      "POST /api/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(size) + "\r\n\r\n");
  c.send(std::string(size, ' '));
  const std::string answer = c.read_until_closed();
  EXPECT_EQ(status_line(answer), "HTTP/1.1 413 Payload Too Large");
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos);
  EXPECT_EQ(s_.call("GET", "/api/v1/health").status, 200);
}

}  // namespace
}  // namespace msfit::http

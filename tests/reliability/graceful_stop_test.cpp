// SIGTERM while clients come and go: `msfit serve` stops within a few seconds and exits 0,
// every time. (A connection that ends on its own while stop() walks the open connections must
// not hang the server: found by the full-disk test, where it hung about one stop in ten.)
//
// MSFIT_STOP_ROUNDS (default 30) sets the rounds.

#include <atomic>

#include <fmt/format.h>

#include "reliability_support.hpp"
#include "temp_dir.hpp"

namespace msfit::reliability {
namespace {

TEST(GracefulStop, SigtermWhileClientsComeAndGoStopsPromptly) {
  const long rounds = env_number("MSFIT_STOP_ROUNDS", 30);
  testing::TempDir dir{"msfit-stop"};
  ASSERT_FALSE(dir.path().empty());
  const std::string db = (dir.path() / "msfit.db").string();
  int hung = 0;
  for (long round = 0; round < rounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Process server({"--db", db, "serve", "--port", "0", "--access-log", "off", "--threads", "2"},
                   dir.path());
    const unsigned short port = server.wait_for_port();
    ASSERT_NE(port, 0) << server.err();
    // Four clients, each opening a connection, asking once and closing it, over and over;
    // twelve more keep their connections open and idle (16 in all: under any per-address cap).
    std::atomic<bool> go_on{true};
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c) {
      clients.emplace_back([&] {
        while (go_on) {
          if (call(port, "GET", "/api/v1/health").status == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds{5});
          }
        }
      });
    }
    std::vector<std::unique_ptr<Client>> idle;
    for (int c = 0; c < 12; ++c) {
      idle.push_back(std::make_unique<Client>(port));
      EXPECT_EQ(idle.back()->request("GET", "/api/v1/health").status, 200);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100 + 10 * (round % 10)});
    server.signal(SIGTERM);
    const int code = server.wait(std::chrono::seconds{10});
    go_on = false;
    for (auto& t : clients) {
      t.join();
    }
    if (code == -1) {
      ++hung;
      ADD_FAILURE() << "the server did not stop within 10 s of SIGTERM";
      continue;  // Killed by ~Process.
    }
    EXPECT_EQ(code, 0) << server.err();
  }
  std::cout << fmt::format("graceful stop: {} rounds, {} hung\n", rounds, hung);
}

}  // namespace
}  // namespace msfit::reliability

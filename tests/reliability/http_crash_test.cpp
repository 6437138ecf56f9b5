// Crash consistency through HTTP: the real `msfit serve` on its own database, written to by
// several clients at once (POST /api/v1/sets, /checkins and /notes with unique client ids), is
// killed with SIGKILL at a random moment, round after round on the same database file (so each
// start also recovers the write-ahead log the last one left). After each round every write the
// server acknowledged (201) is in the file exactly once and the file is intact; at the end the
// writes whose answer was lost are sent again and each is stored at most once.
//
// MSFIT_CRASH_ROUNDS (default 50) sets the rounds, MSFIT_CRASH_SEED the random seed (printed).

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "reliability_support.hpp"
#include "temp_dir.hpp"

namespace msfit::reliability {
namespace {

// Every write is dated here: before the server's clock (--clock-start), so none is refused.
constexpr const char* kDate = "2027-02-20";
constexpr const char* kClockStart = "2027-03-01";
constexpr int kClients = 6;

enum class Kind { Set, CheckIn, Note };

const char* table_of(Kind k) {
  switch (k) {
    case Kind::Set:
      return "strength_sets";
    case Kind::CheckIn:
      return "checkins";
    case Kind::Note:
      return "notes";
  }
  return "";
}

struct Write {
  Kind kind = Kind::Set;
  std::string id;
  [[nodiscard]] std::string target() const {
    switch (kind) {
      case Kind::Set:
        return "/api/v1/sets";
      case Kind::CheckIn:
        return "/api/v1/checkins";
      case Kind::Note:
        return "/api/v1/notes";
    }
    return "";
  }
  [[nodiscard]] std::string body() const {
    switch (kind) {
      case Kind::Set:
        return Json{{"client_id", id},
                    {"exercise", "leg_press_machine"},
                    {"reps", 10},
                    {"load_kg", 40},
                    {"date", kDate}}
            .dump();
      case Kind::CheckIn:
        return Json{{"client_id", id}, {"fatigue", 3}, {"sleep_quality", 4}, {"date", kDate}}
            .dump();
      case Kind::Note:
        return Json{{"client_id", id}, {"text", "note " + id}, {"date", kDate}}.dump();
    }
    return "";
  }
};

// What the clients saw: acknowledged (201), in doubt (no answer: sent, maybe stored), refused
// (an error status), and first writes answered as already stored (must not happen).
struct Outcome {
  std::mutex mutex;
  std::vector<Write> acknowledged;
  std::vector<Write> in_doubt;
  std::vector<std::pair<Write, int>> refused;
  std::vector<Write> already_stored;
};

// The client ids stored in each table, and how many rows carry each.
std::map<std::string, int> stored_ids(sqlite3* db, Kind kind) {
  std::map<std::string, int> out;
  for (auto& id : column(db, fmt::format("SELECT client_id FROM {}", table_of(kind)))) {
    ++out[id];
  }
  return out;
}

std::vector<std::string> serve_args(const std::string& db) {
  return {"--db", db,          "serve", "--port",        "0",        "--access-log",
          "off",  "--threads", "2",     "--clock-start", kClockStart};
}

TEST(HttpCrash, EveryAcknowledgedWriteSurvivesSigkillOfTheServer) {
  const long rounds = env_number("MSFIT_CRASH_ROUNDS", 50);
  const auto seed = static_cast<unsigned>(env_number("MSFIT_CRASH_SEED", std::random_device{}()));
  std::cout << "seed " << seed << " (MSFIT_CRASH_SEED), " << rounds
            << " rounds (MSFIT_CRASH_ROUNDS)\n";
  std::mt19937 random(seed);
  // Most kills land while the clients write; a few right after the start.
  std::uniform_int_distribution<int> delay_ms(0, 450);

  testing::TempDir dir{"msfit-http-crash"};
  ASSERT_FALSE(dir.path().empty());
  const std::string db = (dir.path() / "msfit.db").string();

  // The account and a session, made once: the token is in the database and serves every round
  // (signing in each round would run into the sign-in throttle, and tests nothing more).
  std::string token;
  {
    Process server(serve_args(db), dir.path());
    const unsigned short port = server.wait_for_port();
    ASSERT_NE(port, 0) << server.err();
    token = sign_in(port, "crash", /*create=*/true);
    ASSERT_FALSE(token.empty());
    server.signal(SIGTERM);
    ASSERT_EQ(server.wait(), 0) << server.err();
  }

  Outcome all;
  std::set<std::string> all_acknowledged[3];
  int killed_starting = 0;
  const auto started = Clock::now();
  for (long round = 0; round < rounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Outcome outcome;
    if (round % 10 == 5) {
      // Now and then a kill while the server starts: recovering the log, migrating, purging
      // expired sessions (a write). The next round must start as if nothing happened.
      Process server(serve_args(db), dir.path());
      std::this_thread::sleep_for(std::chrono::milliseconds{delay_ms(random) / 10});
      const int code = server.kill();
      EXPECT_TRUE(code == 128 + SIGKILL) << code << " " << server.err();
      ++killed_starting;
    } else {
      Process server(serve_args(db), dir.path());
      const unsigned short port = server.wait_for_port();
      ASSERT_NE(port, 0) << "the server did not start after round " << round - 1 << ": "
                         << server.err();
      std::atomic<bool> go_on{true};
      std::vector<std::thread> clients;
      for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
          Client client(port, std::chrono::seconds{10});
          for (int i = 0; go_on; ++i) {
            Write w;
            w.kind = i % 4 < 2 ? Kind::Set : (i % 4 == 2 ? Kind::CheckIn : Kind::Note);
            w.id = fmt::format("r{}c{}-{}", round, c, i);
            const Reply r = client.request("POST", w.target(), w.body(), token);
            const std::lock_guard lock(outcome.mutex);
            if (r.status == 201) {
              outcome.acknowledged.push_back(std::move(w));
            } else if (r.status == 0) {
              outcome.in_doubt.push_back(std::move(w));
              break;  // The server is gone.
            } else if (r.status == 200) {
              outcome.already_stored.push_back(std::move(w));
            } else {
              outcome.refused.emplace_back(std::move(w), r.status);
            }
          }
        });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{delay_ms(random)});
      EXPECT_EQ(server.kill(), 128 + SIGKILL) << server.err();  // Not dead of anything else.
      go_on = false;
      for (auto& t : clients) {
        t.join();
      }
    }

    for (const auto& w : outcome.acknowledged) {
      all_acknowledged[static_cast<int>(w.kind)].insert(w.id);
    }
    EXPECT_TRUE(outcome.already_stored.empty())
        << outcome.already_stored.size() << " new writes answered 200 (already stored), e.g. "
        << outcome.already_stored.front().id;
    for (const auto& [w, status] : outcome.refused) {
      ADD_FAILURE() << w.id << " refused with " << status;
    }
    all.acknowledged.insert(all.acknowledged.end(), outcome.acknowledged.begin(),
                            outcome.acknowledged.end());
    all.in_doubt.insert(all.in_doubt.end(), outcome.in_doubt.begin(), outcome.in_doubt.end());
    for (auto& r : outcome.refused) {
      all.in_doubt.push_back(r.first);  // Sent again below like the unanswered ones.
    }

    // The file as the killed server left it (its write-ahead log kept for the next round).
    Db raw = open_raw(db, /*keep_wal=*/true);
    ASSERT_TRUE(raw);
    ASSERT_EQ(column(raw.get(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    for (const Kind kind : {Kind::Set, Kind::CheckIn, Kind::Note}) {
      const auto stored = stored_ids(raw.get(), kind);
      std::size_t lost = 0;
      for (const auto& id : all_acknowledged[static_cast<int>(kind)]) {
        const auto it = stored.find(id);
        if (it == stored.end()) {
          if (++lost <= 5) {
            ADD_FAILURE() << "acknowledged but not stored: " << table_of(kind) << " " << id;
          }
        } else if (it->second != 1) {
          ADD_FAILURE() << id << " stored " << it->second << " times";
        }
      }
      ASSERT_EQ(lost, 0U) << "acknowledged writes lost in " << table_of(kind);
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  // Every write without an answer is sent again, as an app would: each is then stored exactly
  // once (201 when the first attempt never made it, 200 when only its answer was lost). A few
  // acknowledged ones are sent again too: 200, nothing changes.
  Process server(serve_args(db), dir.path());
  const unsigned short port = server.wait_for_port();
  ASSERT_NE(port, 0) << server.err();
  Client client(port);
  int stored_on_retry = 0;
  int already_on_retry = 0;
  for (const auto& w : all.in_doubt) {
    const Reply r = client.request("POST", w.target(), w.body(), token);
    if (r.status == 201) {
      ++stored_on_retry;
      all_acknowledged[static_cast<int>(w.kind)].insert(w.id);
    } else if (r.status == 200) {
      ++already_on_retry;
      EXPECT_EQ(r.json().value("stored", true), false) << r.body;
      all_acknowledged[static_cast<int>(w.kind)].insert(w.id);
    } else {
      ADD_FAILURE() << "retry of " << w.id << ": " << r.status << " " << r.body << " "
                    << client.last_error();
    }
  }
  std::vector<Write> sample = all.acknowledged;
  std::shuffle(sample.begin(), sample.end(), random);
  sample.resize(std::min<std::size_t>(sample.size(), 50));
  for (const auto& w : sample) {
    const Reply r = client.request("POST", w.target(), w.body(), token);
    EXPECT_EQ(r.status, 200) << w.id << " " << r.body;
  }

  // The API agrees with the file: every set and note of the day, each once.
  const Reply history =
      client.request("GET", fmt::format("/api/v1/history?from={}&to={}", kDate, kDate), "", token);
  ASSERT_EQ(history.status, 200) << history.body;
  const Json h = history.json();
  EXPECT_EQ(h["sets"].size(), all_acknowledged[static_cast<int>(Kind::Set)].size());
  std::multiset<std::string> note_texts;
  for (const auto& n : h["notes"]) {
    note_texts.insert(n.value("text", ""));
  }
  for (const auto& id : all_acknowledged[static_cast<int>(Kind::Note)]) {
    EXPECT_EQ(note_texts.count("note " + id), 1U) << id;
  }
  EXPECT_EQ(note_texts.size(), all_acknowledged[static_cast<int>(Kind::Note)].size());
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0) << server.err();

  Db raw = open_raw(db, /*keep_wal=*/false);
  ASSERT_TRUE(raw);
  EXPECT_EQ(column(raw.get(), "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  std::size_t rows = 0;
  std::size_t acknowledged = 0;
  for (const Kind kind : {Kind::Set, Kind::CheckIn, Kind::Note}) {
    const auto stored = stored_ids(raw.get(), kind);
    const auto& expected = all_acknowledged[static_cast<int>(kind)];
    // Exactly the acknowledged writes and the retried ones: nothing lost, nothing twice,
    // nothing that no client sent.
    EXPECT_EQ(stored.size(), expected.size()) << table_of(kind);
    for (const auto& [id, count] : stored) {
      EXPECT_EQ(count, 1) << id;
      EXPECT_EQ(expected.count(id), 1U) << "stored but never acknowledged or retried: " << id;
    }
    rows += stored.size();
    acknowledged += expected.size();
  }
  std::cout << fmt::format(
      "http crash test: {} rounds ({} killed while starting) in {:.1f} s, {} writes "
      "acknowledged before the kills, {} without an answer (or refused) retried: {} stored then, "
      "{} already stored; {} rows, lost 0, duplicated 0, integrity ok\n",
      rounds, killed_starting, seconds, all.acknowledged.size(), all.in_doubt.size(),
      stored_on_retry, already_on_retry, rows);
  EXPECT_EQ(rows, acknowledged);
  EXPECT_GE(all.acknowledged.size(), static_cast<std::size_t>(rounds) * 5)
      << "too few acknowledged writes to prove anything";
}

}  // namespace
}  // namespace msfit::reliability

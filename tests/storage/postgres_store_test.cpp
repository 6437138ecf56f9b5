// What only the PostgreSQL store has, on a throwaway cluster: several Stores and threads writing
// one database at once, the numbered migrations from every version, a database that goes away
// and comes back, and the sign-in throttle's shared counts. The contract every Store keeps is in
// store_contract_test.cpp.

#include <atomic>
#include <barrier>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "msfit/storage/store.hpp"
#include "msfit/storage/throttle_store.hpp"

#include "pg_cluster.hpp"

namespace msfit::storage {
namespace {

using core::Date;

Date day(std::string_view iso) {
  return core::parse_iso_date(iso).value();
}

Logged<core::SetLog> set_log(std::string id, std::string_view date, int set_number = 1) {
  return {std::move(id), core::SetLog{day(date), "squat", set_number, 10, 40, 2, true}};
}

class PostgresStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (testing::PgCluster::available()) {
      cluster_ = std::make_unique<testing::PgCluster>(testing::PgCluster::Options::no_fsync());
    }
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  void SetUp() override {
    if (!cluster_) {
      if (testing::PgCluster::required()) {
        FAIL() << "PostgreSQL is required (MSFIT_REQUIRE_POSTGRES=1) but not installed";
      }
      GTEST_SKIP() << "PostgreSQL is not installed";
    }
    static int next = 0;
    db_ = "pgstore_" + std::to_string(next++);
    cluster_->create_database(db_);
  }

  std::string url() const { return cluster_->url(db_); }
  std::unique_ptr<Store> open() {
    auto store = open_postgres_store(url());
    EXPECT_TRUE(store) << store.error().message << "\n" << cluster_->log();
    return store ? std::move(*store) : nullptr;
  }

  static std::unique_ptr<testing::PgCluster> cluster_;
  std::string db_;
};

std::unique_ptr<testing::PgCluster> PostgresStore::cluster_;

TEST(PostgresUrl, TellsAUrlFromAFileAndHidesItsPassword) {
  EXPECT_TRUE(is_postgres_url("postgresql://u@h/db"));
  EXPECT_TRUE(is_postgres_url("postgres://h/db"));
  EXPECT_FALSE(is_postgres_url("var/msfit.db"));
  EXPECT_FALSE(is_postgres_url(":memory:"));
  EXPECT_EQ(redact_url("postgresql://anna:s3cret@db.example:5432/msfit"),
            "postgresql://anna:***@db.example:5432/msfit");
  EXPECT_EQ(redact_url("postgresql://anna@db.example/msfit"), "postgresql://anna@db.example/msfit");
  EXPECT_EQ(redact_url("postgresql://h1:5432,h2:5433/msfit"), "postgresql://h1:5432,h2:5433/msfit");
}

TEST_F(PostgresStore, ConcurrentDuplicatesOfOneClientIdStoreOnce) {
  const auto person = open()->ensure_account("pat").value().id;
  constexpr int kThreads = 8;
  std::barrier start(kThreads);
  std::atomic<int> stored{0};
  std::atomic<int> again{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto store = open_postgres_store(url());
      if (!store) {
        ++failed;
        return;
      }
      const std::vector sets = {set_log("dup-1", "2026-03-02", 1),
                                set_log("dup-2", "2026-03-02", 2)};
      start.arrive_and_wait();
      auto r = (*store)->log_sets(person, sets);
      if (!r) {
        ++failed;
      } else if (*r == WriteResult::Stored) {
        ++stored;
      } else {
        ++again;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(stored, 1);
  EXPECT_EQ(again, kThreads - 1);
  const auto h = open()->history(person, day("2026-03-01"), day("2026-03-31")).value();
  EXPECT_EQ(h.sets.size(), 2U);
}

TEST_F(PostgresStore, ConcurrentDuplicatesOfACognitiveBlockAndRatingStoreOnce) {
  const auto person = open()->ensure_account("pat").value().id;
  core::cognitive::Record block;
  block.date = day("2026-03-02");
  block.task = core::CognitiveTask::Search;
  block.minutes = 10;
  block.answers = 20;
  block.right = 16;
  block.median_right_ms = 800;
  constexpr int kThreads = 8;
  std::barrier start(kThreads);
  std::atomic<int> stored{0};
  std::atomic<int> again{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto store = open_postgres_store(url());
      if (!store) {
        failed += 2;
        return;
      }
      start.arrive_and_wait();
      for (const auto& r : {(*store)->add_cognitive_block(person, {"dup-b", block}),
                            (*store)->add_cognitive_rating(person, {"dup-r", {block.date, 5}})}) {
        if (!r) {
          ++failed;
        } else if (*r == WriteResult::Stored) {
          ++stored;
        } else {
          ++again;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(stored, 2);
  EXPECT_EQ(again, 2 * kThreads - 2);
  auto store = open();
  EXPECT_EQ(store->cognitive_blocks(person, day("2026-03-01"), day("2026-03-31")).value().size(),
            1U);
  EXPECT_EQ(store->cognitive_ratings(person, day("2026-03-01"), day("2026-03-31")).value().size(),
            1U);
}

// The tables of schema 12 refuse what no block or rating can be, as SQLite's do.
TEST_F(PostgresStore, TheCognitiveTablesRefuseWhatNoBlockOrRatingCanBe) {
  const auto person = std::to_string(open()->ensure_account("pat").value().id);
  const std::string columns =
      "INSERT INTO cognitive_blocks (account_id, client_id, date, task, untimed, minutes, "
      "start_level, end_level, highest_level, answers, right_answers, reversals) VALUES (";
  (void)cluster_->psql(columns + person + ", 'ok', '2026-03-03', 'span', 1, 10, 1, 1, 1, 1, 1, 0)",
                       db_);
  for (const std::string& refused : {
           columns + person + ", 'x1', '2026-03-03', 'chess', 0, 10, 1, 1, 1, 1, 1, 0)",
           columns + person + ", 'x2', '2026-03-03', 'span', 0, 10, 1, 1, 1, 3, 4, 0)",
           columns + person + ", 'x3', '2026-03-03', 'span', 0, 10, 1, 4, 3, 3, 2, 0)",
           columns + person + ", 'ok', '2026-03-04', 'span', 1, 10, 1, 1, 1, 1, 1, 0)",
           "INSERT INTO cognitive_ratings (account_id, client_id, date, rating) VALUES (" + person +
               ", 'x4', '2026-03-03', 11)",
       }) {
    EXPECT_THROW((void)cluster_->psql(refused, db_), testing::PgError) << refused;
  }
  EXPECT_EQ(cluster_->psql("SELECT count(*) FROM cognitive_blocks", db_), "1");
}

TEST_F(PostgresStore, ConcurrentProfileVersionsAreNumberedWithoutAGapOrATwin) {
  const auto person = open()->ensure_account("pat").value().id;
  constexpr int kThreads = 6;
  std::barrier start(kThreads);
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto store = open_postgres_store(url()).value();
      start.arrive_and_wait();
      if (!store->save_profile(person, "{\"n\":" + std::to_string(t) + "}")) {
        ++failed;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(open()->latest_profile(person).value()->version, kThreads);
}

TEST_F(PostgresStore, MigratesFromEveryEarlierVersionKeepingTheData) {
  for (int version = 1; version < postgres_schema_version(); ++version) {
    const std::string name = db_ + "_v" + std::to_string(version);
    cluster_->create_database(name);
    ASSERT_TRUE(open_postgres_store_at_version(cluster_->url(name), version)) << version;
    (void)cluster_->psql("INSERT INTO accounts (name) VALUES ('old')", name);
    auto store = open_postgres_store(cluster_->url(name));
    ASSERT_TRUE(store) << version << ": " << store.error().message;
    EXPECT_EQ(cluster_->psql("SELECT version FROM msfit_schema", name),
              std::to_string(postgres_schema_version()));
    EXPECT_EQ((*store)->find_account("old").value().role, core::AccountRole::Person) << version;
    // The identity sequences go on after rows copied by a migration.
    EXPECT_TRUE((*store)->ensure_account("new")) << version;
    const AccountId old = (*store)->find_account("old").value().id;
    EXPECT_TRUE((*store)->add_cognitive_rating(old, {"r", {day("2026-03-02"), 3}})) << version;
  }
}

TEST_F(PostgresStore, RefusesADatabaseOfANewerMsfit) {
  ASSERT_NE(open(), nullptr);
  const std::string name = db_ + "_newer";
  cluster_->create_database(name);
  ASSERT_TRUE(open_postgres_store(cluster_->url(name)));
  (void)cluster_->psql("UPDATE msfit_schema SET version = 999", name);
  // A new URL spelling, so that this process checks the schema again.
  auto refused = open_postgres_store(cluster_->url(name) + "?application_name=again");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  EXPECT_NE(refused.error().message.find("newer MSFit"), std::string::npos);
}

TEST_F(PostgresStore, ADatabaseThatGoesAwayIsAStorageFailureUntilItComesBack) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  const auto person = store->ensure_account("pat").value().id;
  cluster_->kill9();
  auto lost = store->log_sets(person, std::vector{set_log("s1", "2026-03-02")});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::StorageFailure);
  EXPECT_NE(lost.error().message.find("cannot be reached"), std::string::npos)
      << lost.error().message;
  cluster_->start();
  // The pool waits a growing back-off (at most 5 s) before it connects again.
  Result<WriteResult> again = lost;
  for (int i = 0; i < 100 && !again; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = store->log_sets(person, std::vector{set_log("s1", "2026-03-02")});
  }
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(store->history(person, day("2026-03-01"), day("2026-03-31")).value().sets.size(), 1U);
}

TEST_F(PostgresStore, WriteTogetherKeepsAllOrNone) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  const auto person = store->ensure_account("pat").value().id;
  const Status failed = store->write_together([&]() -> Status {
    MSFIT_TRY(store->log_sets(person, std::vector{set_log("t1", "2026-03-02")}));
    return fail(ErrorCode::Conflict, "changed my mind");
  });
  EXPECT_FALSE(failed);
  EXPECT_TRUE(store->history(person, day("2026-03-01"), day("2026-03-31")).value().sets.empty());
  ASSERT_TRUE(store->write_together([&]() -> Status {
    MSFIT_TRY(store->log_sets(person, std::vector{set_log("t1", "2026-03-02")}));
    // A call that fails inside leaves the transaction usable (a savepoint).
    EXPECT_FALSE(store->create_account("pat", core::AccountRole::Person, "h"));
    return store->log_sets(person, std::vector{set_log("t2", "2026-03-02", 2)}).map([](auto) {});
  }));
  EXPECT_EQ(store->history(person, day("2026-03-01"), day("2026-03-31")).value().sets.size(), 2U);
}

TEST_F(PostgresStore, TheThrottleCountsAreSharedByEveryProcessOnTheDatabase) {
  ASSERT_NE(open(), nullptr);
  auto first = open_postgres_throttles(url());
  auto second = open_postgres_throttles(url());
  const std::string keys[] = {"name:pat", "address:10.0.0.1"};
  ASSERT_TRUE(first->update_throttles(keys, [](std::span<ThrottleState> s) {
    s[0].failures = 3;
    s[1].last_seen_ms = 1000;
  }));
  int seen = -1;
  ASSERT_TRUE(second->update_throttles(keys, [&](std::span<ThrottleState> s) {
    seen = s[0].failures;
    ++s[0].failures;
  }));
  EXPECT_EQ(seen, 3);
  EXPECT_EQ(cluster_->psql("SELECT failures FROM sign_in_throttles WHERE key = 'name:pat'", db_),
            "4");
  EXPECT_EQ(second->forget_throttles(2000).value(), 2);
}

}  // namespace
}  // namespace msfit::storage

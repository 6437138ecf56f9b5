// The password-check throttle: free attempts, then waits that double up to a cap, per name and
// per address; known and unknown names alike; atomic reservation; memory that stays bounded.

#include "msfit/app/sign_in_guard.hpp"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace msfit::app {
namespace {

using namespace std::chrono_literals;
using TimePoint = SignInGuard::TimePoint;

const TimePoint t0 = TimePoint{} + std::chrono::hours{24 * 365 * 57};

// One failed attempt at `now`; the ticket it was allowed with.
SignInGuard::Ticket fail_once(SignInGuard& g, const std::string& name, const std::string& from,
                              TimePoint now) {
  auto t = g.begin(name, from, now);
  g.finish(t, false, now);
  return t;
}

TEST(SignInGuard, AllowsFiveFreeFailuresThenDoublesTheWaitUpToAMinute) {
  SignInGuard g;
  TimePoint now = t0;
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(fail_once(g, "alice", "a" + std::to_string(i), now).allowed) << i;
  }
  std::chrono::seconds expected{1};
  for (int round = 0; round < 10; ++round) {
    auto held = g.begin("alice", "elsewhere", now);
    ASSERT_FALSE(held.allowed) << round;
    EXPECT_EQ(held.retry_after, expected) << round;
    now += held.retry_after;
    EXPECT_TRUE(fail_once(g, "alice", "addr" + std::to_string(round), now).allowed);
    expected = std::min(expected * 2, std::chrono::seconds{60});
  }
  EXPECT_EQ(g.begin("alice", "x", now).retry_after, 60s);  // Capped: nobody is kept out long.
}

TEST(SignInGuard, ASuccessClearsTheNameButAWaitIsNeverSkipped) {
  SignInGuard g;
  for (int i = 0; i < 5; ++i) {
    (void)fail_once(g, "bo", "a" + std::to_string(i), t0);
  }
  EXPECT_FALSE(g.begin("bo", "z", t0).allowed);  // Even the right password waits.
  auto t = g.begin("bo", "z", t0 + 1s);
  ASSERT_TRUE(t.allowed);
  g.finish(t, true, t0 + 1s);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(fail_once(g, "bo", "b" + std::to_string(i), t0 + 2s).allowed) << i;
  }
}

TEST(SignInGuard, OneAddressTryingManyNamesIsHeldBackToo) {
  SignInGuard g;
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(fail_once(g, "name" + std::to_string(i), "10.0.0.1", t0).allowed) << i;
  }
  const auto held = g.begin("fresh-name", "10.0.0.1", t0);
  EXPECT_FALSE(held.allowed);
  EXPECT_EQ(held.retry_after, 1s);
  EXPECT_TRUE(g.begin("fresh-name", "10.0.0.2", t0).allowed);  // Others are not.
  // The address's wait grows to fifteen minutes, no further.
  TimePoint now = t0;
  for (int i = 0; i < 20; ++i) {
    auto t = g.begin("n" + std::to_string(i), "10.0.0.1", now);
    now += t.retry_after;
    (void)fail_once(g, "n" + std::to_string(i), "10.0.0.1", now);
  }
  EXPECT_EQ(g.begin("another", "10.0.0.1", now).retry_after, 900s);
}

TEST(SignInGuard, ParallelAttemptsPastTheFreeOnesGoOneAtATime) {
  SignInGuard g;
  std::vector<SignInGuard::Ticket> in_flight;
  int allowed = 0;
  for (int i = 0; i < 40; ++i) {
    auto t = g.begin("carol", "addr" + std::to_string(i), t0);
    allowed += t.allowed ? 1 : 0;
    in_flight.push_back(t);
  }
  EXPECT_EQ(allowed, 5);  // Reserved before any hash ran: no more than the free attempts.
  for (const auto& t : in_flight) {
    g.finish(t, false, t0);
  }
  EXPECT_FALSE(g.begin("carol", "new", t0).allowed);
}

TEST(SignInGuard, ACancelledAttemptCountsForNothing) {
  SignInGuard g;
  for (int i = 0; i < 20; ++i) {
    auto t = g.begin("dan", "a", t0);
    ASSERT_TRUE(t.allowed) << i;
    g.cancel(t);
  }
}

TEST(SignInGuard, NamesFromAHeldBackAddressCostNoMemoryAndQuietKeysAreForgotten) {
  SignInGuard g;
  for (int i = 0; i < 10; ++i) {
    (void)fail_once(g, "n" + std::to_string(i), "flood", t0);
  }
  // A flood of made-up names from the held-back address: refused without being remembered, so
  // a later legitimate sign-in of such a name is not held back by the flood.
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(g.begin("made-up-" + std::to_string(i), "flood", t0).allowed);
  }
  EXPECT_TRUE(g.begin("made-up-1", "home", t0).allowed);
  // An hour later everything is forgiven.
  EXPECT_TRUE(g.begin("n1", "flood", t0 + 2h).allowed);
}

}  // namespace
}  // namespace msfit::app

// --- counts shared by several instances through a ThrottleStore --------------------------------

namespace msfit::app {
namespace {

// The database's side of a shared throttle, in memory; `down` makes every call fail.
class FakeThrottles final : public storage::ThrottleStore {
 public:
  Status update_throttles(
      std::span<const std::string> keys,
      const std::function<void(std::span<storage::ThrottleState>)>& update) override {
    if (down) {
      return fail(ErrorCode::StorageFailure, "the database cannot be reached");
    }
    std::vector<storage::ThrottleState> states;
    for (const auto& key : keys) {
      states.push_back(rows[key]);
    }
    update(states);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      rows[keys[i]] = states[i];
    }
    return {};
  }
  Result<int> forget_throttles(std::int64_t before_ms) override {
    return static_cast<int>(std::erase_if(rows, [&](const auto& row) {
      return row.second.last_seen_ms < before_ms && row.second.next_allowed_ms < before_ms;
    }));
  }

  std::map<std::string, storage::ThrottleState> rows;
  bool down = false;
};

TEST(SignInGuardShared, TwoInstancesThrottleOneFloodTogether) {
  FakeThrottles db;
  SignInGuard a;
  SignInGuard b;
  a.share_through(&db);
  b.share_through(&db);
  TimePoint now = t0;
  // Five free failures in all, alternating instances: the sixth attempt waits, on either.
  for (int i = 0; i < 5; ++i) {
    SignInGuard& g = i % 2 == 0 ? a : b;
    EXPECT_TRUE(fail_once(g, "alice", "x" + std::to_string(i), now).allowed) << i;
  }
  const auto held_a = a.begin("alice", "y", now);
  const auto held_b = b.begin("alice", "z", now);
  EXPECT_FALSE(held_a.allowed);
  EXPECT_FALSE(held_b.allowed);
  EXPECT_GE(held_b.retry_after, 1s);
  EXPECT_TRUE(db.rows.contains("name:alice"));
}

TEST(SignInGuardShared, AnAttemptInFlightOnOneInstanceHoldsTheOtherPastTheFreeOnes) {
  FakeThrottles db;
  SignInGuard a;
  SignInGuard b;
  a.share_through(&db);
  b.share_through(&db);
  const TimePoint now = t0;
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(fail_once(a, "bob", "x" + std::to_string(i), now).allowed);
  }
  const auto first = a.begin("bob", "p", now);
  ASSERT_TRUE(first.allowed);
  EXPECT_FALSE(b.begin("bob", "q", now).allowed);  // Waits for the first one's outcome.
  a.finish(first, true, now);
  EXPECT_TRUE(b.begin("bob", "q", now).allowed);
}

TEST(SignInGuardShared, AnAttemptLostWithItsInstanceStopsHoldingAfterTwoMinutes) {
  FakeThrottles db;
  SignInGuard a;
  a.share_through(&db);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(fail_once(a, "carol", "x" + std::to_string(i), t0).allowed);
  }
  ASSERT_TRUE(a.begin("carol", "p", t0).allowed);  // Never finished: its instance died.
  SignInGuard b;
  b.share_through(&db);
  EXPECT_FALSE(b.begin("carol", "q", t0 + 30s).allowed);
  EXPECT_TRUE(b.begin("carol", "q", t0 + 3min).allowed);
}

TEST(SignInGuardShared, AHeldBackAddressAddsNoNameToTheStore) {
  FakeThrottles db;
  SignInGuard g;
  g.share_through(&db);
  for (int i = 0; i < 10; ++i) {
    (void)fail_once(g, "name" + std::to_string(i), "attacker", t0);
  }
  const auto before = db.rows.size();
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(g.begin("made-up" + std::to_string(i), "attacker", t0).allowed);
  }
  EXPECT_EQ(db.rows.size(), before);
}

TEST(SignInGuardShared, WhileTheStoreFailsThisProcessCountsOnItsOwn) {
  FakeThrottles db;
  SignInGuard g;
  g.share_through(&db);
  db.down = true;
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(fail_once(g, "dave", "x" + std::to_string(i), t0).allowed) << i;
  }
  EXPECT_FALSE(g.begin("dave", "y", t0).allowed);
  EXPECT_TRUE(db.rows.empty());
}

TEST(SignInGuardShared, QuietKeysAreForgottenFromTheStore) {
  FakeThrottles db;
  SignInGuard g;
  g.share_through(&db);
  (void)fail_once(g, "erin", "x", t0);
  EXPECT_EQ(db.rows.size(), 2U);
  (void)g.begin("frank", "y", t0 + 2h);
  EXPECT_FALSE(db.rows.contains("name:erin"));
}

}  // namespace
}  // namespace msfit::app

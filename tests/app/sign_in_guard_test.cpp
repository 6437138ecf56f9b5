// The password-check throttle: free attempts, then waits that double up to a cap, per name and
// per address; known and unknown names alike; atomic reservation; memory that stays bounded.

#include "msfit/app/sign_in_guard.hpp"

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

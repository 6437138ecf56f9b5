#pragma once

// Throttles password checks (sign-in, account deletion, password change) per account name and
// per client address with growing delays rather than a hard lock an attacker could hold a
// victim in: after a few free failures, each further failure of a key makes the next attempt
// wait twice as long, up to a cap (a minute for a name, so nobody can keep a person out for
// long; fifteen minutes for an address). A success clears the name's count. Known and unknown
// names are treated alike, so the answer tells nobody whether an account exists.
//
// An attempt is reserved (begin) before the password hash runs and settled (finish) after it,
// atomically: parallel guesses cannot all slip through before the first failure is counted.
// Thread-safe. Memory is bounded: keys quiet for an hour are forgotten.
//
// Several server instances on one database share the counts through a storage::ThrottleStore
// (share_through), so that a flood spread over the instances is throttled as one; while the
// store fails, this process's own counts stand in.

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "msfit/storage/throttle_store.hpp"

namespace msfit::app {

class SignInGuard {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  struct Limits {
    int free_name_failures = 5;
    std::chrono::seconds name_cap{60};
    int free_address_failures = 10;
    std::chrono::seconds address_cap{900};
    std::chrono::minutes forget_after{60};
  };

  struct Ticket {
    bool allowed = false;
    std::chrono::seconds retry_after{0};  // When not allowed.
    std::string name;
    std::string address;
    bool shared = false;  // Counted in the ThrottleStore.
  };

  SignInGuard() = default;
  explicit SignInGuard(Limits limits) : limits_(limits) {}

  // May the password of `name` be checked now for a client at `address`?
  [[nodiscard]] Ticket begin(std::string_view name, std::string_view address, TimePoint now);

  // Settles an allowed attempt.
  void finish(const Ticket& ticket, bool success, TimePoint now);

  // Releases an allowed attempt whose password was never checked (the store failed).
  void cancel(const Ticket& ticket);

  // Keeps the counts in `shared` from now on; it must outlive the guard.
  void share_through(storage::ThrottleStore* shared) { shared_ = shared; }

 private:
  struct State {
    int failures = 0;
    int in_flight = 0;
    TimePoint next_allowed{};
    TimePoint last_seen{};
  };
  // Seconds until `s` allows an attempt (0: now), after `free` failures.
  std::chrono::seconds wait(State& s, int free, TimePoint now) const;
  void fail(State& s, int free, std::chrono::seconds cap, TimePoint now) const;
  void forget_quiet(TimePoint now);
  // The shared versions of begin and finish; false when the store failed.
  bool begin_shared(Ticket& t, TimePoint now);
  bool settle_shared(const Ticket& t, bool success, bool cancelled, TimePoint now);

  Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, State> names_;
  std::unordered_map<std::string, State> addresses_;
  TimePoint last_sweep_{};
  storage::ThrottleStore* shared_ = nullptr;
  TimePoint last_shared_sweep_{};
};

}  // namespace msfit::app

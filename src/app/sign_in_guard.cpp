#include "msfit/app/sign_in_guard.hpp"

#include <algorithm>
#include <cstdint>

namespace msfit::app {

namespace {

constexpr std::size_t kMaxKeys = 100000;

}  // namespace

std::chrono::seconds SignInGuard::wait(State& s, int free, TimePoint now) const {
  if (s.in_flight == 0 && now - s.last_seen > limits_.forget_after) {
    s = State{};
  }
  if (now < s.next_allowed) {
    return std::max(std::chrono::seconds{1},
                    std::chrono::ceil<std::chrono::seconds>(s.next_allowed - now));
  }
  // Past the free failures, one attempt at a time: the next waits for this one's outcome.
  if (s.failures + s.in_flight >= free && s.in_flight > 0) {
    return std::chrono::seconds{1};
  }
  return std::chrono::seconds{0};
}

void SignInGuard::fail(State& s, int free, std::chrono::seconds cap, TimePoint now) const {
  ++s.failures;
  if (s.failures >= free) {
    const int doublings = std::min(s.failures - free, 20);
    const auto delay =
        std::min<std::chrono::seconds>(cap, std::chrono::seconds{std::int64_t{1} << doublings});
    s.next_allowed = now + delay;
  }
}

void SignInGuard::forget_quiet(TimePoint now) {
  // At most once a minute, and only when a map has grown large: a sweep is linear.
  if (names_.size() + addresses_.size() < kMaxKeys || now - last_sweep_ < std::chrono::minutes{1}) {
    return;
  }
  last_sweep_ = now;
  for (auto* map : {&names_, &addresses_}) {
    for (auto it = map->begin(); it != map->end();) {
      const bool quiet = it->second.in_flight == 0 && now >= it->second.next_allowed &&
                         now - it->second.last_seen > std::chrono::minutes{1};
      it = quiet ? map->erase(it) : std::next(it);
    }
  }
}

namespace {

using storage::ThrottleState;

std::int64_t to_ms(SignInGuard::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SignInGuard::TimePoint from_ms(std::int64_t ms) {
  return SignInGuard::TimePoint(
      std::chrono::duration_cast<SignInGuard::TimePoint::duration>(std::chrono::milliseconds{ms}));
}

// An attempt still "in flight" after this long was lost with the instance that made it.
constexpr std::chrono::minutes kLostAttempt{2};

}  // namespace

bool SignInGuard::begin_shared(Ticket& t, TimePoint now) {
  const auto load = [&](const ThrottleState& s) {
    State out{s.failures, s.in_flight, from_ms(s.next_allowed_ms), from_ms(s.last_seen_ms)};
    if (now - out.last_seen > kLostAttempt) {
      out.in_flight = 0;
    }
    return out;
  };
  const auto store = [](const State& s) {
    return ThrottleState{s.failures, s.in_flight, to_ms(s.next_allowed), to_ms(s.last_seen)};
  };
  if (now - last_shared_sweep_ > std::chrono::minutes{1}) {
    last_shared_sweep_ = now;
    (void)shared_->forget_throttles(to_ms(now - limits_.forget_after));
  }
  // The address first, alone: a held-back address adds no name to the table.
  const std::string address_key = "address:" + t.address;
  std::chrono::seconds address_wait{0};
  const std::string address_only[] = {address_key};
  if (!shared_->update_throttles(address_only, [&](std::span<ThrottleState> st) {
        State a = load(st[0]);
        a.last_seen = now;
        address_wait = wait(a, limits_.free_address_failures, now);
        st[0] = store(a);
      })) {
    return false;
  }
  if (address_wait.count() > 0) {
    t.retry_after = address_wait;
    t.shared = true;
    return true;
  }
  const std::string keys[] = {address_key, "name:" + t.name};
  return static_cast<bool>(shared_->update_throttles(keys, [&](std::span<ThrottleState> st) {
    State a = load(st[0]);
    State n = load(st[1]);
    t.allowed = false;
    t.shared = true;
    a.last_seen = now;
    n.last_seen = now;
    t.retry_after = wait(a, limits_.free_address_failures, now);
    if (t.retry_after.count() == 0) {
      t.retry_after = wait(n, limits_.free_name_failures, now);
    }
    if (t.retry_after.count() == 0) {
      ++n.in_flight;
      ++a.in_flight;
      t.allowed = true;
    }
    st[0] = store(a);
    st[1] = store(n);
  }));
}

bool SignInGuard::settle_shared(const Ticket& t, bool success, bool cancelled, TimePoint now) {
  const std::string keys[] = {"address:" + t.address, "name:" + t.name};
  return static_cast<bool>(shared_->update_throttles(keys, [&](std::span<ThrottleState> st) {
    State a{st[0].failures, st[0].in_flight, from_ms(st[0].next_allowed_ms),
            from_ms(st[0].last_seen_ms)};
    State n{st[1].failures, st[1].in_flight, from_ms(st[1].next_allowed_ms),
            from_ms(st[1].last_seen_ms)};
    n.in_flight = std::max(0, n.in_flight - 1);
    a.in_flight = std::max(0, a.in_flight - 1);
    if (!cancelled) {
      n.last_seen = now;
      a.last_seen = now;
      if (success) {
        n.failures = 0;
        n.next_allowed = {};
      } else {
        fail(n, limits_.free_name_failures, limits_.name_cap, now);
        fail(a, limits_.free_address_failures, limits_.address_cap, now);
      }
    }
    st[0] = ThrottleState{a.failures, a.in_flight, to_ms(a.next_allowed), to_ms(a.last_seen)};
    st[1] = ThrottleState{n.failures, n.in_flight, to_ms(n.next_allowed), to_ms(n.last_seen)};
  }));
}

SignInGuard::Ticket SignInGuard::begin(std::string_view name, std::string_view address,
                                       TimePoint now) {
  std::lock_guard lock(mutex_);
  Ticket t;
  t.name = std::string(name);
  t.address = std::string(address);
  if (shared_ != nullptr) {
    if (begin_shared(t, now)) {
      return t;
    }
    t = Ticket{false, std::chrono::seconds{0}, std::string(name), std::string(address), false};
  }
  forget_quiet(now);
  State& a = addresses_[t.address];
  a.last_seen = now;
  t.retry_after = wait(a, limits_.free_address_failures, now);
  if (t.retry_after.count() > 0) {
    // A held-back address adds no name: a flood of made-up names costs no memory.
    return t;
  }
  State& n = names_[t.name];
  n.last_seen = now;
  t.retry_after = wait(n, limits_.free_name_failures, now);
  if (t.retry_after.count() > 0) {
    return t;
  }
  ++n.in_flight;
  ++a.in_flight;
  t.allowed = true;
  return t;
}

void SignInGuard::finish(const Ticket& ticket, bool success, TimePoint now) {
  if (!ticket.allowed) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (ticket.shared && shared_ != nullptr) {
    // A count the store fails to take is lost; the attempt's reservation ends by itself.
    (void)settle_shared(ticket, success, false, now);
    return;
  }
  State& n = names_[ticket.name];
  State& a = addresses_[ticket.address];
  n.in_flight = std::max(0, n.in_flight - 1);
  a.in_flight = std::max(0, a.in_flight - 1);
  n.last_seen = now;
  a.last_seen = now;
  if (success) {
    n.failures = 0;
    n.next_allowed = {};
    return;
  }
  fail(n, limits_.free_name_failures, limits_.name_cap, now);
  fail(a, limits_.free_address_failures, limits_.address_cap, now);
}

void SignInGuard::cancel(const Ticket& ticket) {
  if (!ticket.allowed) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (ticket.shared && shared_ != nullptr) {
    (void)settle_shared(ticket, false, true, TimePoint{});
    return;
  }
  State& n = names_[ticket.name];
  State& a = addresses_[ticket.address];
  n.in_flight = std::max(0, n.in_flight - 1);
  a.in_flight = std::max(0, a.in_flight - 1);
}

}  // namespace msfit::app

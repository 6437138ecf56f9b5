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

SignInGuard::Ticket SignInGuard::begin(std::string_view name, std::string_view address,
                                       TimePoint now) {
  std::lock_guard lock(mutex_);
  forget_quiet(now);
  Ticket t;
  t.name = std::string(name);
  t.address = std::string(address);
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
  State& n = names_[ticket.name];
  State& a = addresses_[ticket.address];
  n.in_flight = std::max(0, n.in_flight - 1);
  a.in_flight = std::max(0, a.in_flight - 1);
}

}  // namespace msfit::app

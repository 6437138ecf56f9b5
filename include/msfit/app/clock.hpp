#pragma once

// The wall clock as the adapters see it. Real time by default. A server started for a test or
// a demonstration may start its clock at a chosen instant; it then runs on in real time, so
// sessions, lock-outs and timers behave as they would on that day. Core never reads a clock:
// adapters pass "today" in.

#include <chrono>

#include "msfit/core/date.hpp"

namespace msfit::app {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // The real clock.
  Clock() = default;

  // A clock that reads `start` now and runs on from there.
  [[nodiscard]] static Clock starting_at(TimePoint start) {
    Clock c;
    c.offset_ = start - std::chrono::system_clock::now();
    return c;
  }

  [[nodiscard]] TimePoint now() const { return std::chrono::system_clock::now() + offset_; }

  // Today's date in UTC.
  [[nodiscard]] core::Date today_utc() const {
    return std::chrono::floor<std::chrono::days>(now());
  }

  [[nodiscard]] bool is_real() const { return offset_ == TimePoint::duration::zero(); }

 private:
  TimePoint::duration offset_{};
};

}  // namespace msfit::app

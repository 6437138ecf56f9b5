#pragma once

// Test support: the embedded reference data, loaded once, and a builder for valid profiles.

#include <string>

#include "msfit/core/plan.hpp"
#include "msfit/core/profile.hpp"
#include "msfit/core/reference_data.hpp"

namespace msfit::testing {

// The reference data compiled into the binary. Aborts the test run if it does not load.
const core::ReferenceData& reference_data();

// A valid default profile: 45-year-old woman, RRMS, EDSS 3.0, independent, trained, gym with
// everything, Mon/Wed/Fri, 60 min, starting 2026-01-05 (a Monday), 24 weeks.
class ProfileBuilder {
 public:
  ProfileBuilder();
  ProfileBuilder& age(int v) {
    p_.age = v;
    return *this;
  }
  ProfileBuilder& edss(std::optional<double> v) {
    p_.edss = v;
    return *this;
  }
  ProfileBuilder& ms_type(core::MsType v) {
    p_.ms_type = v;
    return *this;
  }
  ProfileBuilder& mobility(core::Mobility v) {
    p_.mobility = v;
    return *this;
  }
  ProfileBuilder& experience(core::Experience v) {
    p_.experience = v;
    return *this;
  }
  ProfileBuilder& equipment(core::EnumSet<core::Equipment> v) {
    p_.equipment = v;
    return *this;
  }
  ProfileBuilder& days(core::EnumSet<core::Weekday> v) {
    p_.days = v;
    return *this;
  }
  ProfileBuilder& trains_alone(bool v) {
    p_.trains_alone = v;
    return *this;
  }
  ProfileBuilder& session_minutes(int v) {
    p_.session_minutes = v;
    return *this;
  }
  ProfileBuilder& one_rm(const std::string& id, double kg) {
    p_.one_rm_kg[id] = kg;
    return *this;
  }
  ProfileBuilder& heart_rate(std::optional<int> rest, std::optional<int> max) {
    p_.resting_hr = rest;
    p_.max_hr = max;
    return *this;
  }
  ProfileBuilder& beta_blockers(bool v) {
    p_.beta_blockers = v;
    return *this;
  }
  ProfileBuilder& heat_sensitive(bool v) {
    p_.heat_sensitive = v;
    return *this;
  }
  ProfileBuilder& last_relapse(std::optional<core::Date> v) {
    p_.last_relapse = v;
    return *this;
  }
  ProfileBuilder& start(core::Date v) {
    p_.start_date = v;
    return *this;
  }
  ProfileBuilder& weeks(int v) {
    p_.weeks = v;
    return *this;
  }
  [[nodiscard]] core::Profile build() const { return p_; }

 private:
  core::Profile p_;
};

core::Date date(const char* iso);

core::EnumSet<core::Equipment> all_equipment();

// Generates the plan and fails the current test (returning an empty plan) if generation fails.
core::Plan plan_for(const core::Profile& profile);

}  // namespace msfit::testing

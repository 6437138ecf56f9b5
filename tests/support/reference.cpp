#include "reference.hpp"

#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

#include "msfit/json/reference_data_json.hpp"

namespace msfit::testing {

const core::ReferenceData& reference_data() {
  static const core::ReferenceData data = [] {
    auto loaded = json::load_embedded_reference_data();
    if (!loaded) {
      std::fprintf(stderr, "reference data does not load: %s: %s\n", loaded.error().field.c_str(),
                   loaded.error().message.c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return data;
}

core::Date date(const char* iso) {
  const auto d = core::parse_iso_date(iso);
  if (!d) {
    std::abort();
  }
  return *d;
}

core::EnumSet<core::Equipment> all_equipment() {
  core::EnumSet<core::Equipment> all;
  for (std::size_t i = 0; i < core::kEnumCount<core::Equipment>; ++i) {
    all.insert(static_cast<core::Equipment>(i));
  }
  return all;
}

ProfileBuilder::ProfileBuilder() {
  p_.age = 45;
  p_.sex = core::Sex::Female;
  p_.body_mass_kg = 68;
  p_.ms_type = core::MsType::Rrms;
  p_.edss = 3.0;
  p_.mobility = core::Mobility::Independent;
  p_.experience = core::Experience::Trained;
  p_.location = core::Location::Gym;
  p_.equipment = all_equipment();
  p_.trains_alone = false;
  p_.days = {core::Weekday::Mon, core::Weekday::Wed, core::Weekday::Fri};
  p_.session_minutes = 60;
  p_.heat_sensitive = false;
  p_.start_date = date("2026-01-05");
  p_.weeks = 24;
}

core::Plan plan_for(const core::Profile& profile) {
  auto plan = core::generate_plan(profile, reference_data());
  if (!plan) {
    ADD_FAILURE() << "plan failed: " << plan.error().field << ": " << plan.error().message;
    return {};
  }
  return std::move(plan).value();
}

}  // namespace msfit::testing

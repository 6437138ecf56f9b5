#include "msfit/json/profile_json.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "msfit/json/limits.hpp"

#include "strict_reader.hpp"

namespace msfit::json {

namespace {

using detail::fail_field;
using detail::for_each_element;
using detail::ObjectReader;
using nlohmann::json;

int read_int(ObjectReader& o, std::string_view key) {
  const long long v = o.integer(key);
  if (v < INT32_MIN || v > INT32_MAX) {
    fail_field(o.field(key), "is far out of range");
  }
  return static_cast<int>(v);
}

std::optional<int> read_optional_int(ObjectReader& o, std::string_view key) {
  if (o.find(key) == nullptr) {
    return std::nullopt;
  }
  return read_int(o, key);
}

core::Date read_date(const json& v, const std::string& field) {
  const std::string text = ObjectReader::as_string(v, field);
  const auto date = core::parse_iso_date(text);
  if (!date) {
    fail_field(field, fmt::format("'{}' is not a calendar date in the form YYYY-MM-DD", text));
  }
  return *date;
}

core::Profile read_profile(const json& doc) {
  ObjectReader o(doc, "",
                 {"age",
                  "sex",
                  "body_mass_kg",
                  "ms_type",
                  "edss",
                  "mobility",
                  "experience",
                  "location",
                  "equipment",
                  "trains_alone",
                  "days",
                  "session_minutes",
                  "one_rm_kg",
                  "resting_hr",
                  "max_hr",
                  "beta_blockers",
                  "heart_condition",
                  "heat_sensitive",
                  "last_relapse",
                  "start_date",
                  "weeks",
                  "clinician_clearance",
                  "cognitive_training"});
  core::Profile p;
  p.age = read_int(o, "age");
  p.sex = o.enumeration<core::Sex>("sex");
  p.body_mass_kg = o.number("body_mass_kg");
  p.ms_type = o.enumeration<core::MsType>("ms_type");
  p.edss = o.optional_number("edss");
  p.mobility = o.enumeration<core::Mobility>("mobility");
  p.experience = o.enumeration<core::Experience>("experience");
  p.location = o.enumeration<core::Location>("location");
  for_each_element(o.require("equipment"), "equipment", [&](const json& e, const std::string& f) {
    const auto eq = ObjectReader::as_enum<core::Equipment>(e, f);
    if (p.equipment.contains(eq)) {
      fail_field(f, fmt::format("'{}' is listed twice", core::to_string(eq)));
    }
    p.equipment.insert(eq);
  });
  p.trains_alone = o.boolean("trains_alone");
  for_each_element(o.require("days"), "days", [&](const json& e, const std::string& f) {
    const auto day = ObjectReader::as_enum<core::Weekday>(e, f);
    if (p.days.contains(day)) {
      fail_field(f, fmt::format("'{}' is listed twice", core::to_string(day)));
    }
    p.days.insert(day);
  });
  p.session_minutes = read_int(o, "session_minutes");
  if (const json* maxima = o.find("one_rm_kg")) {
    ObjectReader m(*maxima, "one_rm_kg");
    for (const auto& [id, value] : maxima->items()) {
      p.one_rm_kg[id] = m.number(id);
    }
    m.finish();
  }
  p.resting_hr = read_optional_int(o, "resting_hr");
  p.max_hr = read_optional_int(o, "max_hr");
  p.beta_blockers = o.optional_bool("beta_blockers").value_or(false);
  p.heart_condition = o.optional_bool("heart_condition").value_or(false);
  p.heat_sensitive = o.boolean("heat_sensitive");
  // last_relapse is required but may be null ("no relapse known").
  if (o.find("last_relapse", /*null_is_absent=*/false) == nullptr) {
    fail_field("last_relapse", "is required (use null when there has been none)");
  }
  if (const json* relapse = o.find("last_relapse")) {
    p.last_relapse = read_date(*relapse, "last_relapse");
  }
  p.start_date = read_date(o.require("start_date"), "start_date");
  p.weeks = read_optional_int(o, "weeks").value_or(24);
  if (const json* cleared = o.find("clinician_clearance")) {
    ObjectReader c(*cleared, "clinician_clearance", {"standing_balance", "vigorous_aerobic"});
    p.clearance.standing_balance = c.optional_bool("standing_balance").value_or(false);
    p.clearance.vigorous_aerobic = c.optional_bool("vigorous_aerobic").value_or(false);
    c.finish();
  }
  p.cognitive_training = o.optional_bool("cognitive_training").value_or(true);
  o.finish();
  return p;
}

}  // namespace

Result<core::Profile> parse_profile(std::string_view text, const core::ReferenceData& data) {
  core::Profile profile;
  if (nesting_depth(text) > kMaxDepth) {
    return invalid("(document)", fmt::format("is nested more than {} levels deep", kMaxDepth));
  }
  try {
    const json doc = json::parse(text);
    profile = read_profile(doc);
  } catch (const json::parse_error& e) {
    return invalid("(document)", fmt::format("is not valid JSON (at byte {})", e.byte));
  } catch (const json::exception& e) {
    // Numbers too large for a double and similar: still the document's fault.
    return invalid("(document)", "contains a value that cannot be read (a number out of range?)");
  } catch (const detail::FieldError& e) {
    return invalid(e.field, e.message);
  }
  MSFIT_TRY(core::validate_profile(profile, data));
  return profile;
}

std::string profile_to_json(const core::Profile& p) {
  nlohmann::ordered_json j;
  j["age"] = p.age;
  j["sex"] = core::to_string(p.sex);
  j["body_mass_kg"] = p.body_mass_kg;
  j["ms_type"] = core::to_string(p.ms_type);
  if (p.edss) {
    j["edss"] = *p.edss;
  }
  j["mobility"] = core::to_string(p.mobility);
  j["experience"] = core::to_string(p.experience);
  j["location"] = core::to_string(p.location);
  j["equipment"] = nlohmann::ordered_json::array();
  for (auto e : p.equipment.values()) {
    j["equipment"].push_back(core::to_string(e));
  }
  j["trains_alone"] = p.trains_alone;
  j["days"] = nlohmann::ordered_json::array();
  for (auto d : p.days.values()) {
    j["days"].push_back(core::to_string(d));
  }
  j["session_minutes"] = p.session_minutes;
  j["one_rm_kg"] = nlohmann::ordered_json::object();
  for (const auto& [id, kg] : p.one_rm_kg) {
    j["one_rm_kg"][id] = kg;
  }
  if (p.resting_hr) {
    j["resting_hr"] = *p.resting_hr;
  }
  if (p.max_hr) {
    j["max_hr"] = *p.max_hr;
  }
  j["beta_blockers"] = p.beta_blockers;
  j["heart_condition"] = p.heart_condition;
  j["heat_sensitive"] = p.heat_sensitive;
  j["last_relapse"] = p.last_relapse
                          ? nlohmann::ordered_json(core::format_iso_date(*p.last_relapse))
                          : nlohmann::ordered_json(nullptr);
  j["start_date"] = core::format_iso_date(p.start_date);
  j["weeks"] = p.weeks;
  j["clinician_clearance"] = {{"standing_balance", p.clearance.standing_balance},
                              {"vigorous_aerobic", p.clearance.vigorous_aerobic}};
  j["cognitive_training"] = p.cognitive_training;
  return j.dump();
}

}  // namespace msfit::json
